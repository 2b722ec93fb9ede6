"""`reportgen ledger-template`: an empty Excel ledger made from the catalogue (openpyxl).

One sheet with a 类型 column, or one sheet per activity type (named by the
type, which the reader takes as the type of its rows). Drop-down lists offer
the types and each dimension's values; Excel keeps a list typed into the rule
to 255 characters, so a longer one is kept in a hidden sheet and referenced.
Header cells carry comments in Chinese (from the models' descriptions), the
日期 column is formatted as dates, and an example row, tagged 示例, shows
how a record is written (rows tagged 示例 are not counted).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Literal

from reportgen.catalogue import Catalogue
from reportgen.errors import Problem, ReportError
from reportgen.ledger.columns import BASE_HEADERS
from reportgen.ledger.workbook import EXAMPLE_TAG
from reportgen.schema import Activity

LIST_SHEET = "选项"
MAX_LIST_FORMULA = 255  # Excel's limit on a list written into the validation rule
ROWS = 2000  # rows the drop-downs and date format reach
_INVALID_SHEET_CHARS = set("[]:*?/\\")
Layout = Literal["single", "per-type"]


def write_template(catalogue: Catalogue, path: Path, layout: Layout = "single", year: int | None = None) -> Path:
    """Write the workbook to `path`, which must not exist yet."""
    from openpyxl import Workbook

    if path.exists():
        raise ReportError(Problem(f"文件已存在，未覆盖：{path}", hint="请换一个文件名，或先移走原文件。"))
    year = year or dt.date.today().year
    workbook = Workbook()
    lists = _Lists(workbook)
    first = workbook.active
    if layout == "single":
        first.title = "台账"
        dimensions = _all_dimensions(catalogue)
        _fill_sheet(first, catalogue, None, dimensions, lists, year)
    else:
        workbook.remove(first)
        for key in catalogue.types:
            if len(key) > 31 or _INVALID_SHEET_CHARS & set(key):
                raise ReportError(Problem(
                    f"活动类型“{key}”不能用作工作表名（超过 31 字或含 [ ] : * ? / \\）",
                    hint="请改用单个工作表的台账（不加 --per-type）。",
                ))
            sheet = workbook.create_sheet(key)
            _fill_sheet(sheet, catalogue, key, dict(catalogue.types[key].dimensions), lists, year)
    if lists.sheet is not None:  # the hidden list goes after the sheets people fill
        workbook.move_sheet(lists.sheet, offset=len(workbook.sheetnames) - 1 - workbook.index(lists.sheet))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    workbook.save(tmp)
    try:
        os.link(tmp, path)  # unlike a rename, refuses a file that appeared meanwhile
    except FileExistsError:
        raise ReportError(Problem(f"文件已存在，未覆盖：{path}")) from None
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _all_dimensions(catalogue: Catalogue) -> dict:
    """Every dimension of every type, once, in the order they first appear."""
    found: dict = {}
    for kind in catalogue.types.values():
        for name, dimension in kind.dimensions.items():
            if name in found and found[name].values != dimension.values:
                merged = sorted(set(found[name].values or []) | set(dimension.values or []))
                found[name] = type(dimension)(values=merged if found[name].values and dimension.values else None)
            else:
                found.setdefault(name, dimension)
    return found


class _Lists:
    """Drop-down lists: in the rule when short enough, else in a hidden sheet."""

    def __init__(self, workbook):
        self.workbook = workbook
        self.sheet = None
        self.columns = 0

    def formula(self, values: list[str]) -> str:
        inline = '"' + ",".join(values) + '"'
        if len(inline) <= MAX_LIST_FORMULA and not any("," in v or '"' in v for v in values):
            return inline
        from openpyxl.utils import get_column_letter, quote_sheetname

        if self.sheet is None:
            self.sheet = self.workbook.create_sheet(LIST_SHEET)
            self.sheet.sheet_state = "hidden"
        self.columns += 1
        letter = get_column_letter(self.columns)
        for row, value in enumerate(values, 1):
            self.sheet.cell(row=row, column=self.columns, value=value)
        return f"{quote_sheetname(LIST_SHEET)}!${letter}$1:${letter}${len(values)}"


def _fill_sheet(sheet, catalogue: Catalogue, kind: str | None, dimensions: dict, lists: _Lists, year: int) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    base = [(field, header) for field, header in BASE_HEADERS if not (kind and field == "type")]
    headers = [header for _, header in base] + list(dimensions)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for column, header in enumerate(headers, 1):
        cell = sheet.cell(row=1, column=column, value=header)
        cell.font, cell.fill = bold, fill
        comment = Comment(_comment(header, base, dimensions, catalogue, kind), "reportgen")
        comment.width, comment.height = 300, 150
        cell.comment = comment
        sheet.column_dimensions[get_column_letter(column)].width = max(10, 2.2 * len(header) + 2)
    sheet.freeze_panes = "A2"

    def validate(column: int, values: list[str], prompt: str) -> None:
        rule = DataValidation(type="list", formula1=lists.formula(values), allow_blank=True,
                              showErrorMessage=True, errorTitle="不是可选的值",
                              error=f"请从下拉列表中选择：{'、'.join(values)[:200]}",
                              promptTitle=headers[column - 1], prompt=prompt[:250], showInputMessage=True)
        letter = get_column_letter(column)
        rule.add(f"{letter}2:{letter}{ROWS}")
        sheet.add_data_validation(rule)

    if kind is None:
        validate(1, list(catalogue.types), "从目录中选择活动类型")
    for offset, (name, dimension) in enumerate(dimensions.items()):
        if dimension.values:
            validate(len(base) + offset + 1, list(dimension.values), f"{name}：从列表中选择")
    date_column = get_column_letter(headers.index("日期") + 1)
    for row in range(2, ROWS + 1):
        sheet[f"{date_column}{row}"].number_format = "yyyy-mm-dd"
    numbers = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                             showErrorMessage=True, errorTitle="应为数字", error="批次、人数、金额应为不小于 0 的数字")
    for header in ("批次", "人数", "金额（万元）"):
        letter = get_column_letter(headers.index(header) + 1)
        numbers.add(f"{letter}2:{letter}{ROWS}")
    sheet.add_data_validation(numbers)
    _example_row(sheet, catalogue, kind, headers, dimensions, year)


def _comment(header: str, base, dimensions: dict, catalogue: Catalogue, kind: str | None) -> str:
    fields = dict((h, f) for f, h in base)
    if header in fields:
        info = Activity.model_fields[fields[header]]
        text = info.description or ""
        if header == "标签":
            text += f"标签为“{EXAMPLE_TAG}”的行是示例，不计入统计。"
        if header == "类型":
            text += f"可选：{'、'.join(catalogue.types)}。"
        return f"{info.title}：{text}"
    dimension = dimensions[header]
    owners = [k for k, t in catalogue.types.items() if header in t.dimensions]
    text = f"分类“{header}”"
    if kind is None:
        text += f"（仅“{'、'.join(owners)}”填写）"
    text += f"：可选 {'、'.join(dimension.values)}。" if dimension.values else "：可填任意文字。"
    return text


def _example_row(sheet, catalogue: Catalogue, kind: str | None, headers: list[str], dimensions: dict,
                 year: int) -> None:
    from openpyxl.styles import Font

    example_type = kind or next(iter(catalogue.types))
    values: dict[str, object] = {
        "类型": example_type, "日期": dt.date(year, 4, 12), "对方": "（示例）某国贸易投资代表团",
        "国家或地区": "英国", "批次": 1, "人数": 12, "标签": EXAMPLE_TAG,
    }
    own = catalogue.types[example_type].dimensions
    for name in dimensions:
        if name in own and own[name].values:
            values[name] = own[name].values[0]
    grey = Font(italic=True, color="808080")
    for column, header in enumerate(headers, 1):
        if header in values:
            cell = sheet.cell(row=2, column=column, value=values[header])
            cell.font = grey
            if header == "日期":
                cell.number_format = "yyyy-mm-dd"
