"""The year's activity ledger: records from the input and the files it names,
checked against the catalogue.

A ledger file is a CSV (as exported from a spreadsheet, headers in Chinese or
English) or a YAML file holding `activities:`. Every record keeps where it came
from, so a warning or an error can name its file and line.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from reportgen.catalogue import Catalogue
from reportgen.errors import Problem, ReportError
from reportgen.load import SourceMap, format_path, load_input
from reportgen.schema import Activity, ReportInput
from reportgen.validate import validate_model

# CSV headers a spreadsheet may carry, in Chinese or English, for the base fields.
BASE_COLUMNS = {
    "类型": "type", "活动类型": "type", "type": "type",
    "日期": "date", "date": "date",
    "对方": "counterpart", "团组": "counterpart", "单位": "counterpart", "counterpart": "counterpart",
    "国家或地区": "country", "国家": "country", "国家（地区）": "country", "country": "country",
    "批次": "batches", "批": "batches", "batches": "batches",
    "人数": "persons", "人次": "persons", "persons": "persons",
    "金额": "amount", "金额（万元）": "amount", "金额(万元)": "amount", "amount": "amount",
    "标签": "tags", "tags": "tags",
}
BASE_FIELDS = set(Activity.model_fields)


@dataclass(frozen=True)
class Record:
    type: str
    date: dt.date | None
    counterpart: str | None
    country: str | None
    batches: int
    persons: int
    amount: Decimal
    tags: frozenset[str]
    dims: tuple[tuple[str, str], ...]
    where: str  # "file, 第 N 行", for messages

    def dim(self, key: str) -> str | None:
        return dict(self.dims).get(key)


@dataclass(frozen=True)
class Ledger:
    records: tuple[Record, ...]
    warnings: tuple[Problem, ...]


class _LedgerFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    activities: list[Activity]


def read_ledger(report: ReportInput, source: SourceMap, catalogue: Catalogue, beside: Path) -> Ledger:
    problems: list[Problem] = []
    located: list[tuple[Activity, SourceMap, tuple, int | None]] = []
    for i, activity in enumerate(report.activities):
        located.append((activity, source, ("activities", i), None))
    for i, name in enumerate(report.ledger_files):
        path = beside / name
        if not path.is_file():
            problems.append(source.problem(
                ("ledger_files", i), f"找不到台账文件“{name}”", "台账文件的路径相对于输入文件所在的文件夹。",
            ))
        elif path.suffix.lower() == ".csv":
            located += _read_csv(path, problems)
        else:
            loaded = load_input(path)
            ledger = validate_model(loaded, _LedgerFile)
            located += [(a, loaded.source, ("activities", j), None) for j, a in enumerate(ledger.activities)]

    records, warnings = [], []
    for activity, where_source, path, csv_line in located:
        record = _check(activity, where_source, path, csv_line, catalogue, problems)
        if record is None:
            continue
        if record.date is not None and record.date.year != report.year:
            warnings.append(_at(where_source, path, csv_line,
                                f"台账记录的日期 {record.date.isoformat()} 不在 {report.year} 年内",
                                "请确认这条记录是否属于本年度。"))
        records.append(record)
    if problems:
        raise ReportError(problems)
    return Ledger(tuple(records), tuple(warnings))


def _read_csv(path: Path, problems: list[Problem]):
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem("台账文件不是 UTF-8 编码", file=str(path),
                                hint="请在表格软件中另存为“CSV UTF-8”格式。"))
        return []
    rows = csv.reader(text.splitlines())
    header = next(rows, None)
    if not header:
        problems.append(Problem("台账文件是空的", file=str(path)))
        return []
    headers = [h.strip() for h in header]
    columns = [BASE_COLUMNS.get(h, h) for h in headers]
    shown = dict(zip(columns, headers, strict=True))  # field → the header the user wrote
    found = []
    source = SourceMap(file=str(path), root=None)
    end = rows.line_num
    for row in rows:
        # A quoted cell may span lines: a row starts on the line after the last one ended.
        line, end = end + 1, rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        data = {col: cell.strip() for col, cell in zip(columns, row, strict=False) if cell.strip()}
        try:
            found.append((Activity.model_validate(data), source, (), line))
        except ValidationError as err:
            for error in err.errors():
                column = str(error["loc"][0]) if error["loc"] else ""
                problems.append(Problem(
                    f"台账记录有误：{_describe_error(error)}", file=str(path), line=line,
                    field=shown.get(column, column),
                ))
    return found


def _describe_error(error) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return "缺少“类型”"
    if kind.startswith("int") or kind.startswith("decimal"):
        return f"“{value}”不是数字"
    if kind.startswith("greater_than"):
        return f"“{value}”不能为负数"
    if kind.startswith("date"):
        return f"“{value}”不是有效的日期（应写成 2011-03-15）"
    return error["msg"]


def _at(source: SourceMap, path: tuple, csv_line: int | None, message: str, hint: str | None = None) -> Problem:
    if csv_line is not None:
        return Problem(message, file=source.file, line=csv_line, hint=hint)
    return source.problem(path, message, hint)


def _check(activity: Activity, source: SourceMap, path: tuple, csv_line: int | None,
           catalogue: Catalogue, problems: list[Problem]) -> Record | None:
    kind = catalogue.types.get(activity.type)
    if kind is None:
        close = difflib.get_close_matches(activity.type, list(catalogue.types), n=1, cutoff=0.3)
        hint = f"是不是“{close[0]}”？" if close else ""
        hint += f"目录“{catalogue.name}”中的类型：{'、'.join(catalogue.types)}。"
        problems.append(_at(source, (*path, "type"), csv_line, f"活动类型“{activity.type}”不在目录中", hint))
        return None
    dims = []
    for key, value in (activity.model_extra or {}).items():
        dimension = kind.dimensions.get(key)
        if dimension is None:
            allowed = sorted(BASE_FIELDS - {"type"}) + list(kind.dimensions)
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.5)
            hint = (f"是不是“{close[0]}”？" if close else "") + f"“{activity.type}”可填：{'、'.join(allowed)}。"
            problems.append(_at(source, (*path, key), csv_line, f"“{activity.type}”没有“{key}”这一项", hint))
            continue
        text = str(value).strip()
        if dimension.values is not None and text not in dimension.values:
            problems.append(_at(source, (*path, key), csv_line, f"{key}“{text}”不是可选的值",
                                f"可选：{'、'.join(dimension.values)}。"))
            continue
        dims.append((key, text))
    where = f"{source.file}，第 {csv_line} 行" if csv_line else _where(source, path)
    return Record(
        type=activity.type, date=activity.date, counterpart=activity.counterpart, country=activity.country,
        batches=activity.batches, persons=activity.persons, amount=activity.amount,
        tags=frozenset(activity.tags), dims=tuple(sorted(dims)), where=where,
    )


def _where(source: SourceMap, path: tuple) -> str:
    line, _ = source.position(path)
    return f"{source.file}，第 {line} 行（{format_path(path)}）" if line else source.file
