"""Ledger records from a CSV file, as a spreadsheet exports it (headers in Chinese or English).

Each record keeps its file and the line it starts on, for messages. The file
is read as a stream, a record at a time, so a ledger of a million rows does
not sit in memory as text; only the records split at line ends (\\r, \\n):
a form feed or U+2028 inside a cell is an error at its line, not the end of a
record that shifts every later line number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from pydantic import ValidationError

from reportgen import limits
from reportgen.errors import Problem, ReportError
from reportgen.ledger.columns import BASE_HEADERS, FIELD_NAMES, plan_columns
from reportgen.load import SourceMap
from reportgen.messages import Translated, translate
from reportgen.schema import Activity

# CSV headers a spreadsheet may carry, in Chinese or English, for the base fields.
# (schema.LEDGER_NAMES, the one table of them, with the fields' own names.)
BASE_COLUMNS = FIELD_NAMES
LEDGER_HEADER_EXAMPLE = ",".join(header for _, header in BASE_HEADERS)

# Characters that end a line or a page for some programs (str.splitlines splits at
# all of them), but are no line end of a CSV: inside a cell they are a mistake.
_SEPARATORS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_SEPARATOR_NAMES = {
    "\x0b": "垂直制表符", "\x0c": "分页符", "\x1c": "文件分隔符", "\x1d": "组分隔符", "\x1e": "记录分隔符",
    "\x85": "下一行符", "\u2028": "行分隔符", "\u2029": "段落分隔符",
}


def record_separator(text: str) -> str | None:
    """What is wrong with a cell holding a page or line separator, or None."""
    found = _SEPARATORS.search(text)
    if found is None:
        return None
    char = found.group()
    return f"单元格中有{_SEPARATOR_NAMES[char]}（U+{ord(char):04X}），它会把一行记录拆开"


def header_fields(headers: Sequence[str], file: str, line: int = 1,
                  require_type: bool = True) -> list[str | None]:
    """The field each column of a ledger's header row holds (None: a column without a header).

    Raises ReportError when the header cannot be trusted: two columns for one
    field (the last one used to win silently), a separator inside a header,
    or, with `require_type`, no 类型 column at all, which means the file is no
    ledger: said in one line, without quoting it (it may be any file).
    """
    names = [str(header).strip() for header in headers]
    fields: list[str | None] = [BASE_COLUMNS.get(name, name) if name else None for name in names]
    problems = []
    if require_type and "type" not in fields:
        raise ReportError(Problem(
            "这不是台账表格：表头（第一行）中没有“类型”列", file=file, line=line,
            hint=f"台账的第一行应是表头，如 {LEDGER_HEADER_EXAMPLE}；请检查 ledger_files 是否指错了文件。",
        ))
    for number, name in enumerate(names, 1):
        wrong = record_separator(name)
        if wrong is not None:
            problems.append(Problem(f"表头第 {number} 列：{wrong}", file=file, line=line))
    seen: dict[str, int] = {}
    for index, field in enumerate(fields):
        if field is None:
            continue
        if field in seen:
            first = seen[field]
            same = f"“{names[first]}”" if names[first] == names[index] else f"“{names[first]}”和“{names[index]}”"
            problems.append(Problem(
                f"表头中第 {first + 1} 列和第 {index + 1} 列都是{same}，不知道该用哪一列",
                file=file, line=line, field=names[index],
                hint="请删除或合并重复的列，每一项只留一列。",
            ))
        else:
            seen[field] = index
    if problems:
        raise ReportError(problems)
    return fields


def read_csv(path: Path, problems: list[Problem], catalogue=None,
             warnings: list[Problem] | None = None) -> Iterator[tuple[Activity, SourceMap, tuple, int]]:
    """(Activity, SourceMap, (), line) for every record, as the file is read; problems
    added to `problems` on the way (complete once the iterator is exhausted).

    `problems` may be a limits.CappedProblems: once it holds all it will
    show, bad rows are only counted. With the `catalogue`, the header row is
    planned (ledger/columns.py): a misspelt header is one problem at its line,
    other columns are kept as notes, said once in `warnings`.
    """
    name = str(path)
    try:
        with limits.open_file(path, "台账文件", limits.LEDGER_BYTES) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            yield from _read_rows(csv.reader(text), name, problems, catalogue, warnings)
    except UnicodeDecodeError:
        problems.append(Problem("台账文件不是 UTF-8 编码", file=name,
                                hint="请在表格软件中另存为“CSV UTF-8”格式。"))
    except ReportError as err:
        problems.extend(err.problems)


def _read_rows(rows, name: str, problems: list[Problem], catalogue=None, warnings: list[Problem] | None = None):
    try:
        header = next(rows, None)
    except csv.Error as err:
        problems.append(_csv_problem(err, name, 1))
        return
    if not header or not any(cell.strip() for cell in header):
        problems.append(Problem("台账文件是空的", file=name))
        return
    headers = [h.strip() for h in header]
    header_fields(headers, name, line=rows.line_num)
    plan, wrong, kept = plan_columns(headers, catalogue, name, rows.line_num)
    if wrong:
        problems.extend(wrong)
        return
    if warnings is not None:
        warnings.extend(kept)
    columns, notes = list(plan.fields), plan.notes
    shown = {field: header for field, header in zip(columns, headers, strict=True) if field}
    counted = getattr(problems, "full", None) is not None  # a CappedProblems
    unnamed = None in columns
    # Columns whose values repeat from row to row (types, countries, dimensions), not the names of delegations.
    shared = [column for column in columns if column not in (None, "counterpart", "batches", "persons", "amount")]
    values: dict[str, str] = {}
    source = SourceMap(file=name, root=None)
    end = rows.line_num
    records = 0
    while True:
        # A quoted cell may span lines: a row starts on the line after the last one ended.
        line = end + 1
        try:
            row = next(rows, None)
        except csv.Error as err:
            problems.append(_csv_problem(err, name, line))
            break
        if row is None:
            break
        end = rows.line_num
        joined = "\x00".join(row)  # one scan of the whole row in C for the rare cases, cell by cell after
        if not joined.strip("\x00 \t\r\n"):
            continue
        records += 1
        if records > limits.LEDGER_ROWS.value:  # stops here: how many more there are is not read
            raise limits.LEDGER_ROWS.error(file=name, line=line)
        if counted and problems.full:
            problems.omitted += _count_problems(row, columns, notes)
            continue
        if unnamed or len(row) > len(columns) or _SEPARATORS.search(joined):
            data = _checked_cells(row, columns, headers, name, line, problems, notes)
        else:
            data = {column: value for column, cell in zip(columns, row, strict=False) if (value := cell.strip())}
        if notes:
            kept_notes = {notes[i]: row[i].strip() for i in notes if i < len(row) and row[i].strip()}
            if kept_notes:
                data["notes"] = kept_notes
        for column in shared:  # one string object for all the rows' 接待来访, 日本, 友城: 200 MB less a million
            if column in data:
                data[column] = values.setdefault(data[column], data[column])
        try:
            activity = Activity.model_validate(data)
        except ValidationError as err:
            for error in err.errors():
                column = str(error["loc"][0]) if error["loc"] else ""
                header = shown.get(column, column)
                said = describe_error(error, header)
                problems.append(Problem(f"台账记录有误：{said.message}", file=name, line=line, field=header,
                                        hint=said.hint))
        else:
            yield activity, source, (), line


def _checked_cells(row: list[str], columns: list[str | None], headers: list[str], name: str, line: int,
                   problems: list[Problem], notes: dict[int, str] | None = None) -> dict[str, str]:
    """The row's values by field, with a problem for a separator in a cell and a value under no header
    (the notes columns are read apart)."""
    data = {}
    for index, cell in enumerate(row):
        value = cell.strip()
        if not value or (notes and index in notes and not record_separator(value)):
            continue
        column = columns[index] if index < len(columns) else None
        wrong = record_separator(value)
        if wrong is not None:
            problems.append(Problem(f"台账记录有误：{wrong}", file=name, line=line,
                                    field=headers[index] if column else f"第 {index + 1} 列"))
        elif column is None:
            problems.append(Problem(
                f"台账记录有误：第 {index + 1} 列有内容“{_short(value)}”，但这一列没有表头", file=name,
                line=line, hint="请在第一行给这一列写上列名，或删除这一列的内容。",
            ))
        else:
            data[column] = value
    return data


def _count_problems(row: list[str], columns: list[str | None], notes: dict[int, str] | None = None) -> int:
    """How many problems a row has, without building their messages (only counted from now on)."""
    data = {}
    wrong = 0
    for index, cell in enumerate(row):
        value = cell.strip()
        if not value or (notes and index in notes):
            continue
        column = columns[index] if index < len(columns) else None
        if column is None or _SEPARATORS.search(value):
            wrong += 1
        else:
            data[column] = value
    try:
        Activity.model_validate(data)
    except ValidationError as err:
        wrong += err.error_count()
    return wrong


def _csv_problem(err: csv.Error, name: str, line: int) -> Problem:
    text = str(err)
    if "NUL" in text:
        return Problem("台账文件含有二进制内容（NUL 字符），不是 CSV 文本", file=name, line=line,
                       hint="请在表格软件中另存为“CSV UTF-8”格式。")
    if "field larger than field limit" in text:
        return Problem("单元格过长，或某个引号没有闭合", file=name, line=line,
                       hint="请检查从这一行开始的引号是否成对。")
    return Problem("CSV 格式有误（可能是引号不成对）", file=name, line=line,
                   hint="请在表格软件中打开后重新另存为“CSV UTF-8”格式。")


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:19] + "…"


def describe_error(error, header: str = "") -> Translated:
    """A row's error, by the header its user wrote (the one translator, reportgen/messages.py),
    for the CSV and the Excel reader alike."""
    if error["type"] == "missing":
        return Translated(f"缺少“{header or '类型'}”")
    return translate(error, header, header)
