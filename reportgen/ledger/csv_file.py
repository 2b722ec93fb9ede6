"""Ledger records from a CSV file, as a spreadsheet exports it (headers in Chinese or English).

Each record keeps its file and the line it starts on, for messages.
"""

from __future__ import annotations

import csv
from pathlib import Path

from pydantic import ValidationError

from reportgen.errors import Problem
from reportgen.ledger.columns import FIELD_NAMES, plan_columns
from reportgen.load import SourceMap
from reportgen.messages import translate
from reportgen.schema import Activity

# CSV headers a spreadsheet may carry, in Chinese or English, for the base fields.
BASE_COLUMNS = FIELD_NAMES


def read_csv(path: Path, problems: list[Problem], catalogue=None, warnings: list[Problem] | None = None):
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
    plan, wrong, kept = plan_columns(headers, catalogue, str(path), rows.line_num)
    if wrong:
        problems.extend(wrong)
        return []
    if warnings is not None:
        warnings.extend(kept)
    columns = plan.fields
    shown = {field: header for field, header in zip(columns, headers, strict=True) if field}
    found = []
    source = SourceMap(file=str(path), root=None)
    end = rows.line_num
    for row in rows:
        # A quoted cell may span lines: a row starts on the line after the last one ended.
        line, end = end + 1, rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        data = {col: cell.strip() for col, cell in zip(columns, row, strict=False) if col and cell.strip()}
        notes = {plan.notes[i]: cell.strip() for i, cell in enumerate(row) if i in plan.notes and cell.strip()}
        if notes:
            data["notes"] = notes
        try:
            found.append((Activity.model_validate(data), source, (), line))
        except ValidationError as err:
            for error in err.errors():
                column = str(error["loc"][0]) if error["loc"] else ""
                header = shown.get(column, column)
                said = translate(error, header, header)
                message = f"缺少“{header or '类型'}”" if error["type"] == "missing" else said.message
                problems.append(Problem(f"台账记录有误：{message}", file=str(path), line=line, field=header,
                                        hint=None if error["type"] == "missing" else said.hint))
    return found


def describe_error(error, header: str = "") -> str:
    """A row's error, by the header its user wrote (the one translator, reportgen/messages.py)."""
    if error["type"] == "missing":
        return f"缺少“{header or '类型'}”"
    return translate(error, header).message


