"""The year's activity ledger: records from the input and the files it names,
checked against the catalogue.

A ledger file is an Excel workbook (ledger/workbook.py), a CSV (as exported
from a spreadsheet, headers in Chinese or English) or a YAML file holding
`activities:`. Every record keeps where it came
from, so a warning or an error can name its file and line.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from reportgen.catalogue import Catalogue
from reportgen.errors import Problem
from reportgen.ledger.csv_file import read_csv
from reportgen.ledger.workbook import is_workbook, read_workbook
from reportgen.limits import CappedProblems
from reportgen.load import SourceMap, expect_keys, format_path, load_input
from reportgen.messages import choices, suggestion
from reportgen.quantity import Quantity
from reportgen.schema import Activity, ReportInput
from reportgen.validate import validate_model

BASE_FIELDS = set(Activity.model_fields)


# Slots: a ledger may hold a million records, and a __dict__ each is a third of their memory.
@dataclass(frozen=True, slots=True)
class Record:
    type: str
    date: dt.date | None
    counterpart: str | None
    country: str | None
    batches: Quantity
    persons: Quantity | None  # None: the cell was empty, not known (never taken for 0)
    amount: Quantity | None
    tags: frozenset[str]
    dims: tuple[tuple[str, str], ...]
    where: str  # "file, 第 N 行", for messages
    notes: tuple[tuple[str, str], ...] = ()  # columns kept as notes (备注): shown, never counted

    def dim(self, key: str) -> str | None:
        return dict(self.dims).get(key)


@dataclass(frozen=True)
class Ledger:
    records: tuple[Record, ...]
    warnings: tuple[Problem, ...]
    files: tuple[Path, ...] = ()  # the ledger files read, for the archive's copy of the input


class _LedgerFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    activities: list[Activity]


def read_ledger(report: ReportInput, source: SourceMap, catalogue: Catalogue, beside: Path) -> Ledger:
    problems = CappedProblems()  # a million bad rows must not make three million messages
    header_warnings: list[Problem] = []
    located: list[tuple[Activity, SourceMap, tuple, int | None]] = []
    for i, activity in enumerate(report.activities):
        located.append((activity, source, ("activities", i), None))
    streamed = []  # CSV files, read a record at a time as they are checked: a million rows never sit in memory twice
    for i, name in enumerate(report.ledger_files):
        path = beside / name
        if not path.exists():  # a folder or a pipe is said to be one when it is read
            problems.append(source.problem(
                ("ledger_files", i), f"找不到台账文件“{name}”", "台账文件的路径相对于输入文件所在的文件夹。",
            ))
        elif is_workbook(path):  # by its content; calamine is imported only to read one
            located += read_workbook(path, problems, catalogue, header_warnings)
        elif path.suffix.lower() == ".csv":
            streamed.append(read_csv(path, problems, catalogue, header_warnings))
        else:
            loaded = load_input(path, "台账文件")
            expect_keys(loaded, ("activities",), "台账文件")
            ledger = validate_model(loaded, _LedgerFile)
            located += [(a, loaded.source, ("activities", j), None) for j, a in enumerate(ledger.activities)]

    records, warnings = [], []
    for activity, where_source, path, csv_line in itertools.chain(located, *streamed):
        record = _check(activity, where_source, path, csv_line, catalogue, problems, warnings)
        if record is None:
            continue
        if record.date is not None and record.date.year != report.year:
            warnings.append(_at(where_source, path, csv_line,
                                f"台账记录的日期 {record.date.isoformat()} 不在 {report.year} 年内",
                                "请确认这条记录是否属于本年度。"))
        records.append(record)
    if problems:
        raise problems.error()
    files = tuple(beside / name for name in report.ledger_files)
    # The header rows' warnings first: they are known only once each file has been read.
    return Ledger(tuple(records), (*header_warnings, *warnings), files)


def _at(source: SourceMap, path: tuple, csv_line: int | None, message: str, hint: str | None = None) -> Problem:
    if csv_line is not None:
        # The column too, so that an editor can point at the cell.
        return Problem(message, file=source.file, line=csv_line, field=format_path(path) or None, hint=hint)
    return source.problem(path, message, hint)


def _check(activity: Activity, source: SourceMap, path: tuple, csv_line: int | None,
           catalogue: Catalogue, problems: list[Problem], warnings: list[Problem]) -> Record | None:
    kind = catalogue.types.get(activity.type)
    if kind is None:
        hint = suggestion(activity.type, catalogue.types, cutoff=0.3)
        hint += f"目录“{catalogue.name}”中的类型：{'、'.join(catalogue.types)}。"
        problems.append(_at(source, (*path, "type"), csv_line, f"活动类型“{activity.type}”不在目录中", hint))
        return None
    dims = []
    notes = dict(activity.notes or {})
    for key, value in (activity.model_extra or {}).items():
        dimension = kind.dimensions.get(key)
        if dimension is None:
            allowed = sorted(BASE_FIELDS - {"type", "notes"}) + list(kind.dimensions)
            close = suggestion(key, allowed)
            elsewhere = any(key in other.dimensions for other in catalogue.types.values())
            if close or elsewhere or csv_line is not None:
                hint = close + f"“{activity.type}”可填：{'、'.join(allowed)}。"
                problems.append(_at(source, (*path, key), csv_line, f"“{activity.type}”没有“{key}”这一项", hint))
            else:
                # A key of no field nor dimension, far from all of them: kept as a note, as a CSV column would be.
                notes[key] = str(value).strip()
                warnings.append(_at(source, (*path, key), csv_line,
                                    f"“{key}”不是“{activity.type}”的字段或分类，已作为备注保留（不参与统计）"))
            continue
        text = str(value).strip()
        if dimension.values is not None and text not in dimension.values:
            problems.append(_at(source, (*path, key), csv_line, f"{key}“{text}”不是可选的值",
                                f"{suggestion(text, dimension.values)}可选：{choices(dimension.values)}。"))
            continue
        dims.append((key, text))
    where = f"{source.file}，第 {csv_line} 行" if csv_line else _where(source, path)
    return Record(
        type=activity.type, date=activity.date, counterpart=activity.counterpart, country=activity.country,
        batches=activity.batches, persons=activity.persons, amount=activity.amount,
        tags=frozenset(activity.tags), dims=tuple(sorted(dims)), where=where, notes=tuple(notes.items()),
    )


def _where(source: SourceMap, path: tuple) -> str:
    line, _ = source.position(path)
    return f"{source.file}，第 {line} 行（{format_path(path)}）" if line else source.file
