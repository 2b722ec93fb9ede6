"""Ledger records from a CSV file, as a spreadsheet exports it (headers in Chinese or English).

Each record keeps its file and the line it starts on, for messages.
"""

from __future__ import annotations

import csv
from pathlib import Path

from pydantic import ValidationError

from reportgen.errors import Problem
from reportgen.load import SourceMap
from reportgen.schema import Activity

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


def read_csv(path: Path, problems: list[Problem]):
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
                    f"台账记录有误：{describe_error(error)}", file=str(path), line=line,
                    field=shown.get(column, column),
                ))
    return found


def describe_error(error) -> str:
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


