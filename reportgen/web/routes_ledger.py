"""The ledger grid of an open input: edit cells with the catalogue's checks, add and delete rows,
merge an uploaded ledger, save back to the CSV file."""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePosixPath

from starlette.requests import Request
from starlette.routing import Route

from reportgen.errors import ReportError
from reportgen.web import pipeline
from reportgen.web.ledger_grid import LedgerGrid, TooManyRows
from reportgen.web.routes_editor import changed, session_of
from reportgen.web.sessions import EditSession
from reportgen.web.views import refusal, render, shown, state, trigger
from reportgen.web.workspace import ChangedOnDisk, OutsideWorkspace, digest

UPLOAD_SUFFIXES = (".csv", ".xlsx", ".xls")


def ledger_files(request: Request, session: EditSession) -> list[str]:
    """The ledgers the input names, as workspace paths (ones outside the workspace are left out)."""
    names = session.doc.get(("ledger_files",))
    found = []
    if isinstance(names, list):
        for name in names:
            if isinstance(name, str):
                try:
                    found.append(state(request).workspace.beside(session.path, name))
                except OutsideWorkspace:
                    continue
    return found


def _grid(request: Request, session: EditSession, relative: str) -> LedgerGrid:
    if relative not in ledger_files(request, session):
        raise OutsideWorkspace(f"“{relative}”不是这份报告的台账")
    if PurePosixPath(relative).suffix.lower() != ".csv":
        raise OutsideWorkspace("只有 CSV 台账可以在网页中编辑")
    grid = session.ledgers.get(relative)
    if grid is None:
        raw = state(request).workspace.read(relative)
        try:
            grid = LedgerGrid.parse(relative, raw, digest(raw))
        except TooManyRows as err:  # refused like a file that is not a CSV ledger
            raise OutsideWorkspace(str(err)) from None
        session.ledgers[relative] = grid
    return grid


def _checked(request: Request, session: EditSession, grid: LedgerGrid):
    app = state(request)
    catalogue = pipeline.catalogue_for(session.doc.data, app.workspace.resolve(session.path))
    year = session.doc.get(("year",))
    problems, result = grid.check(catalogue, year if isinstance(year, int) else 0)
    cells = {}
    rows = {}
    general = []
    for item in problems:
        view = shown(item.problem, app.workspace)
        if item.row is not None and item.column is not None:
            cells.setdefault((item.row, item.column), []).append((view, item.error))
        elif item.row is not None:
            rows.setdefault(item.row, []).append((view, item.error))
        else:
            general.append(view)
    return catalogue, cells, rows, general, result.totals if result else ()


def _grid_page(request: Request, session: EditSession, grid: LedgerGrid, **extra):
    catalogue, cells, rows, general, totals = _checked(request, session, grid)
    grid.shown_problems = set(cells)
    return render(request, "ledger.html", session=session, grid=grid, catalogue=catalogue, cells=cells,
                  row_problems=rows, general=general, totals=totals, columns=_columns(grid, catalogue),
                  can_merge=True, **extra)


def _columns(grid: LedgerGrid, catalogue) -> list[dict]:
    """Per column: what it holds (the record field or a dimension) and its drop-down choices."""
    fields = pipeline.ledger_column_names()
    columns = []
    for header in grid.header:
        field = fields.get(header, header)
        choices = None
        if field == "type" and catalogue is not None:
            choices = list(catalogue.types)
        elif catalogue is not None:
            values = set()
            known = False
            for kind in catalogue.types.values():
                dimension = kind.dimensions.get(header)
                if dimension is not None:
                    known = True
                    if dimension.values is None:
                        values = None
                        break
                    values.update(dimension.values)
            if known and values is not None:
                choices = sorted(values)
        kind = {"type": "type", "date": "date", "counterpart": "counterpart", "batches": "number",
                "persons": "number", "amount": "number"}.get(field, "text")
        columns.append({"header": header, "field": field, "choices": choices, "kind": kind})
    return columns


async def ledger(request: Request):
    session = session_of(request)
    relative = request.query_params.get("file", "")
    with session.lock:
        try:
            grid = _grid(request, session, relative)
        except (OutsideWorkspace, FileNotFoundError) as err:
            return refusal(str(err) if isinstance(err, OutsideWorkspace) else f"找不到台账文件：{relative}", 404)
        except UnicodeDecodeError:
            return refusal("台账文件不是 UTF-8 编码：请在表格软件中另存为“CSV UTF-8”格式。", 422)
        return _grid_page(request, session, grid)


async def cell(request: Request):
    """One cell typed: the checks run again, and the messages and totals come back to their places."""
    session = session_of(request)
    form = await request.form()
    with session.lock:
        try:
            grid = _grid(request, session, str(form.get("file", "")))
            row, column = int(str(form.get("row"))), int(str(form.get("col")))
            grid.set_cell(row, column, str(form.get("value", "")))
        except (OutsideWorkspace, FileNotFoundError, ValueError, IndexError, TypeError):
            return refusal("没有这个格子")
        _, cells, rows, general, totals = _checked(request, session, grid)
        before, grid.shown_problems = grid.shown_problems, set(cells)
        response = render(request, "ledger_checks.html", session=session, grid=grid, cells=cells,
                          row_problems=rows, general=general, totals=totals,
                          cleared=sorted(before - set(cells)), rows_count=len(grid.rows))
        return trigger(response, **{"rg-ledger-changed": {"dirty": True}})


async def row(request: Request):
    session = session_of(request)
    form = await request.form()
    op = str(form.get("op", ""))
    with session.lock:
        try:
            grid = _grid(request, session, str(form.get("file", "")))
            if op == "add":
                grid.add_row()
            elif op == "delete":
                grid.delete_row(int(str(form.get("row"))))
            else:
                return refusal("不支持的操作")
        except (OutsideWorkspace, FileNotFoundError, ValueError, IndexError):
            return refusal("没有这一行")
        return trigger(_grid_page(request, session, grid), **{"rg-ledger-changed": {"dirty": True}})


async def save(request: Request):
    session = session_of(request)
    app = state(request)
    form = await request.form()
    with session.lock:
        try:
            grid = _grid(request, session, str(form.get("file", "")))
        except (OutsideWorkspace, FileNotFoundError) as err:
            return refusal(str(err))
        try:
            grid.digest = app.workspace.save(grid.path, grid.dump(), grid.digest)
        except ChangedOnDisk:
            return _grid_page(request, session, grid, conflict=True)
        grid.dirty = False
        return changed(request, session, _grid_page(request, session, grid, saved=True), draft=False)


async def reload(request: Request):
    session = session_of(request)
    form = await request.form()
    relative = str(form.get("file", ""))
    with session.lock:
        session.ledgers.pop(relative, None)
        try:
            grid = _grid(request, session, relative)
        except (OutsideWorkspace, FileNotFoundError) as err:
            return refusal(str(err))
        return _grid_page(request, session, grid)


async def upload(request: Request):
    """Rows of an uploaded ledger (CSV or Excel, read as the ledger reader reads them) merged into the grid."""
    session = session_of(request)
    async with request.form(max_files=1, max_fields=10) as form:
        upload = form.get("upload")
        relative = str(form.get("file", ""))
        if upload is None or isinstance(upload, str):
            return refusal("请选择要上传的台账文件")
        suffix = PurePosixPath(upload.filename or "").suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            return refusal("只能上传 CSV 或 Excel（.xlsx、.xls）台账")
        data = await upload.read()
    with session.lock:
        try:
            grid = _grid(request, session, relative)
        except (OutsideWorkspace, FileNotFoundError) as err:
            return refusal(str(err))
        with tempfile.TemporaryDirectory(prefix="reportgen-upload-") as tmp:
            path = Path(tmp) / f"upload{suffix}"
            path.write_bytes(data)
            try:
                added = grid.merge(pipeline.ledger_records_from(path))
            except ReportError as err:
                return _grid_page(request, session, grid, upload_error=err.problems[0].message)
            except UnicodeDecodeError:
                return _grid_page(request, session, grid, upload_error="上传的 CSV 不是 UTF-8 编码")
        return trigger(_grid_page(request, session, grid, merged=added), **{"rg-ledger-changed": {"dirty": True}})


routes = [
    Route("/s/{sid}/ledger", ledger),
    Route("/s/{sid}/ledger/cell", cell, methods=["POST"]),
    Route("/s/{sid}/ledger/row", row, methods=["POST"]),
    Route("/s/{sid}/ledger/save", save, methods=["POST"]),
    Route("/s/{sid}/ledger/reload", reload, methods=["POST"]),
    Route("/upload/ledger/{sid}", upload, methods=["POST"]),
]
