"""Ledger records from an Excel workbook: .xlsx, .xls (BIFF8), and WPS's .et files,
which hold one or the other; the kind is told from the content, not the name.

python-calamine reads them (no formula engine is needed: a ledger's cells are
values, and calamine reads the cached result of any formula). Every sheet that
is visible and has a header row is read, and the records of all of them are
merged, each keeping its sheet and row: an office that keeps one sheet per
sub-unit (外事科, 侨务科) or per activity type needs no copying. A sheet without
a 类型 column takes its name as the type (the template's sheet per type).
Every error names the file, the sheet, the row and the column (A, B, …).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from pydantic import ValidationError

from reportgen import limits
from reportgen.errors import Problem, ReportError
from reportgen.ledger.columns import BASE_HEADERS, plan_columns
from reportgen.ledger.csv_file import BASE_COLUMNS, describe_error, header_fields
from reportgen.load import SourceMap
from reportgen.readers import zip_entries
from reportgen.schema import Activity

HEADER_SEARCH_ROWS = 5  # a title row or two may stand above the header
# The template's example row carries this tag: it shows how a record is written
# and is never counted, even if nobody deletes it.
EXAMPLE_TAG = "示例"

# First bytes: a ZIP (xlsx, and WPS's xlsx-based .et) or an OLE2 compound file (xls, old .et).
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def is_workbook(path: Path) -> bool:
    """.xlsx, .xls, WPS's .et: told by the content, whatever the name says. A ZIP is one
    only if it holds a workbook (xl/), not a DOCX. A folder or a pipe is refused, not waited on."""
    import zipfile

    with limits.open_file(path, "台账文件", limits.LEDGER_BYTES) as handle:
        head = handle.read(8)
        if head.startswith(OLE_MAGIC):
            return True
        if not head.startswith(ZIP_MAGIC):
            return False
        entries = zip_entries(handle)  # before zipfile reads the whole directory
        if entries is not None:
            limits.WORKBOOK_ENTRIES.check(entries, file=str(path))
        handle.seek(0)
        try:
            with zipfile.ZipFile(handle) as package:
                return any(name.startswith("xl/") for name in package.namelist())
        except zipfile.BadZipFile:
            return False


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_workbook(path: Path, problems: list[Problem], catalogue=None, warnings: list[Problem] | None = None):
    """(Activity, SourceMap, path, row) for every record of every sheet; problems added to `problems`.
    With the `catalogue`, each sheet's header row is planned as a CSV's is (ledger/columns.py)."""
    from python_calamine import CalamineError, CalamineWorkbook

    # The same bounds as a CSV ledger's (reportgen/limits.py): a folder or a pipe is
    # refused, a file over the size limit is not read.
    with limits.open_file(path, "台账文件", limits.LEDGER_BYTES) as handle:
        data = handle.read()
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, OSError, ValueError) as err:
        problems.append(Problem(
            f"无法读取表格文件：{type(err).__name__}: {err}", file=str(path),
            hint="文件可能已损坏或加了密码；请在 Excel 或 WPS 中打开确认，必要时另存为 .xlsx。",
        ))
        return []
    found = []
    read_any = False
    for meta in workbook.sheets_metadata:
        if str(meta.visible).lower().endswith(("hidden", "veryhidden")):
            continue  # the template's list of choices, or a sheet the office hid
        rows = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        records = _read_sheet(path, meta.name, rows, problems, catalogue, warnings)
        if records is not None:
            read_any = True
            found += records
    if not read_any:
        problems.append(Problem(
            "表格中没有找到台账：没有一个工作表有“类型”“日期”“人数”等表头", file=str(path),
            hint=f"表头应在前几行，列名如 {'、'.join(header for _, header in BASE_HEADERS)}。",
        ))
    return found


def _where(path: Path, sheet: str) -> str:
    return f"{path}，工作表“{sheet}”"


def _read_sheet(path: Path, sheet: str, rows: list[list], problems: list[Problem], catalogue=None,
                warnings: list[Problem] | None = None):
    """The sheet's records, or None when it holds no ledger (no header row found)."""
    header_at = None
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = [_header_name(cell) for cell in row]
        if sum(name in BASE_COLUMNS for name in names) >= 2:
            header_at = i
            break
    if header_at is None:
        return None
    if len(rows) > limits.LEDGER_ROWS.value:
        raise limits.LEDGER_ROWS.error(len(rows), file=_where(path, sheet))
    headers = [_header_name(cell) for cell in rows[header_at]]
    try:
        # The CSV reader's checks: duplicate fields, separators inside a header. A
        # sheet named after a type needs no 类型 column.
        header_fields(headers, _where(path, sheet), header_at + 1, require_type=False)
    except ReportError as err:
        problems.extend(err.problems)
        return []
    plan, wrong, kept = plan_columns(headers, catalogue, _where(path, sheet), header_at + 1)
    if wrong:
        problems.extend(wrong)
        return []
    if warnings is not None:
        warnings.extend(kept)
    columns = [field or "" for field in plan.fields]  # "": a notes column or one without a header
    sheet_type = None if "type" in columns else sheet.strip()
    source = SourceMap(file=_where(path, sheet), root=None)
    found = []
    named = [(k, name) for k, name in enumerate(columns) if name]
    for i in range(header_at + 1, len(rows)):
        row = rows[i]
        line = i + 1  # Excel counts rows from 1
        data: dict[str, object] = {}
        for k, name in named:
            cell = row[k] if k < len(row) else None
            if cell is None or cell == "":
                continue
            value = _cell(cell)
            if value is not None:
                data[name] = value
        notes = {plan.notes[k]: str(_cell(row[k])) for k in plan.notes
                 if k < len(row) and _cell(row[k]) is not None}
        if notes:
            data["notes"] = notes
        if not data or str(data.get("tags", "")).strip() == EXAMPLE_TAG:
            continue
        if sheet_type is not None:
            data["type"] = sheet_type
        try:
            found.append((Activity.model_validate(data), source, (), line))
        except ValidationError as err:
            for error in err.errors():
                name = str(error["loc"][0]) if error["loc"] else ""
                k = columns.index(name) if name in columns else None
                column = f"{column_letter(k)} 列“{headers[k]}”" if k is not None else f"“{name}”"
                said = describe_error(error)
                problems.append(Problem(
                    f"台账记录有误：{column}：{said.message}", file=source.file, line=line,
                    column=k + 1 if k is not None else None, field=headers[k] if k is not None else name,
                    hint=said.hint,
                ))
    return found


def _header_name(cell) -> str:
    return str(cell).strip().replace("\n", "") if cell is not None else ""


def _cell(value):
    """A cell as the CSV reader would see it: text, a whole number, a date; blank as None."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, float):
        # 12.0 is the whole number 12; 5.2 keeps its shortest decimal form (not 5.2000000000000002).
        return int(value) if value.is_integer() else repr(value)
    return value
