"""The editor of one input: form fields, the outline, preview, save, history, build, archive."""

from __future__ import annotations

import re
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from reportgen.errors import ReportError
from reportgen.web import figure_calls, outline, pipeline, schema_form
from reportgen.web.figure_calls import Call, FigureCall
from reportgen.web.preview import EXACT, QUICK
from reportgen.web.schema_form import Widget
from reportgen.web.sessions import EditSession
from reportgen.web.views import refusal, render, shown, state, trigger
from reportgen.web.workspace import ChangedOnDisk, OutsideWorkspace, digest
from reportgen.web.yamldoc import parse_path

# Which tab shows a top-level field.
TABS = (
    ("basic", "基本信息", ("office", "year", "date", "recipient", "title", "profile", "signature", "header")),
    ("body", "正文", ("opening", "summary", "parts", "plan")),
    ("attachments", "附件与版记", ("attachments", "end_notes")),
    ("cities", "友城名录", ("sister_cities",)),
    ("ledger", "台账", ("catalogue", "ledger_files", "previous")),
)


def session_of(request: Request) -> EditSession:
    session = state(request).sessions.get(request.path_params["sid"])
    if session is None:
        raise HTTPException(404, "这个编辑页已失效（服务器重启过，或打开的文件太多）：请回到工作文件夹重新打开。")
    return session


def tab_of(path: tuple) -> str:
    for name, _, keys in TABS:
        if path and path[0] in keys:
            return name
    return "basic"


def _context(request: Request, session: EditSession) -> dict[str, Any]:
    app = state(request)
    model = pipeline.schema_model()
    fields = {f.key: f for f in schema_form.form_fields(model)}
    latest = app.previewer.latest(session.id)
    if latest is None or latest.figures is None:
        latest = app.previewer.last_good(session.id)  # while the draft has an error
    # The summary's generated section (last year's plan checked) counts among its headings.
    checked = len(latest.figures.plan_check) if latest is not None and latest.figures is not None else 0
    return {
        "session": session, "doc": session.doc, "fields": fields, "tabs": TABS,
        "tree": outline.tree(session.doc, checked), "expanded": app.previewer.expanded(session.id),
        "figures": latest.figures if latest is not None else None,
        "schema_form": schema_form, "outline": outline, "pipeline": pipeline,
    }


def _request_preview(request: Request, session: EditSession) -> None:
    app = state(request)
    app.previewer.request(session.id, session.version, session.doc.dump(),
                          app.workspace.resolve(session.path))


def changed(request: Request, session: EditSession, response: Response, draft: bool = True) -> Response:
    """`response` to an edit (of the draft, or with `draft` False of a file it reads), with the
    preview asked for and the page told the new version and whether anything is unsaved."""
    session.changed(draft)
    _request_preview(request, session)
    return trigger(response, **{"rg-changed": {"version": session.version, "dirty": session.dirty}})


async def editor(request: Request):
    session = session_of(request)
    with session.lock:
        _request_preview(request, session)
        notice, session.notice = session.notice, None
        return render(request, "editor.html", notice=notice, **_context(request, session))


async def set_field(request: Request):
    """One field's new value (text typed, a box ticked, a date chosen)."""
    session = session_of(request)
    form = await request.form()
    try:
        path = parse_path(str(form.get("path", "")))
        field = schema_form.field_at(path)
    except (ValueError, KeyError):
        return refusal("没有这个字段")
    values = form.getlist("value")
    item = isinstance(path[-1], int)
    with session.lock:
        if field.kind == Widget.CHOICES and not item:
            chosen = [str(v) for v in values]
            if chosen:
                session.doc.set(path, chosen)
            else:
                session.doc.delete(path)  # none ticked: the default (standard)
        else:
            raw = str(values[0]) if values else ""
            value = schema_form.convert(field, raw, item=item)
            if field.kind == Widget.GRID and item:
                value = schema_form.as_written(value, session.doc.get(path))
            if field.kind == Widget.LINES and item and path[-2] == "columns" and len(path) > 2 and path[-3] == "table":
                outline.set_column(session.doc, path, value)  # a body table's header, and `numeric`
            elif value == "" and not field.required and not item and field.kind != Widget.BOOL:
                session.doc.delete(path)  # an optional field left empty: as if never written
            elif field.kind == Widget.BOOL and not item and value is False and not field.required \
                    and session.doc.get(path) is None:
                pass  # unticked and never written: leave the file alone
            else:
                session.doc.set(path, value)
        return changed(request, session, Response(status_code=204))


async def list_edit(request: Request):
    """Add, delete or move an item of a list field, or add/remove an optional group."""
    session = session_of(request)
    form = await request.form()
    op = str(form.get("op", ""))
    try:
        path = parse_path(str(form.get("path", "")))
        field = schema_form.field_at(path if not isinstance(path[-1], int) else path[:-1])
    except (ValueError, KeyError, IndexError):
        return refusal("没有这个字段")
    doc = session.doc
    with session.lock:
        if op == "add":
            value = _new_item(field)
            if field.kind == Widget.MODEL:
                doc.set(path, value)
            else:
                current = doc.get(path)
                doc.insert(path, len(current) if isinstance(current, list) else 0, value)
        elif op == "remove-group" and field.kind == Widget.MODEL and not field.required:
            doc.delete(path)
        elif op in ("delete", "up", "down") and isinstance(path[-1], int):
            if op == "delete":
                outline.delete(doc, path)
            else:
                doc.move(path, -1 if op == "up" else 1)
        else:
            return refusal("不支持的操作")
        tab = tab_of(path)
        response = render(request, "tab.html", tab=tab, **_context(request, session))
        return changed(request, session, response)


def _new_item(field: schema_form.FormField) -> Any:
    """A new entry with the required fields present (empty), so the form shows them."""
    from ruamel.yaml.comments import CommentedMap

    if field.kind in (Widget.MODEL, Widget.MODELS) and field.model is not None:
        mapping = CommentedMap()
        for sub in schema_form.form_fields(field.model):
            if sub.required:
                mapping[sub.key] = _new_item(sub) if sub.kind == Widget.MODEL else ""
        return mapping
    if field.kind == Widget.GRID:
        return []
    if field.kind == Widget.PARAGRAPHS:
        return outline.NEW_PARAGRAPH
    return ""


_BAD_OP = "不支持的操作"
_NODE_OPS = {"add-child", "add-after", "delete", "up", "down", "indent", "outdent", "run-in"}
_BLOCK_KINDS = {"add-paragraph": "text", "add-list": "list", "add-table": "table"}


async def outline_edit(request: Request):
    """The outline's edits: the tree's shape, the numbering of a level, the body's paragraphs,
    lists and tables."""
    session = session_of(request)
    form = await request.form()
    op = str(form.get("op", ""))
    try:
        path = parse_path(str(form.get("path", "")))
    except ValueError:
        return refusal("路径有误")
    doc = session.doc
    with session.lock:
        if op == "numbering":
            error = _set_numbering(doc, path, form)
        elif op == "add-part" and path and path[0] in ("summary", "parts", "plan"):
            outline.add_part(doc, path[0])
            error = None
        elif op in _NODE_OPS:
            error = _node_edit(doc, path, op)
        else:
            error = _body_edit(doc, path, op, form)
        if error is not None:
            return refusal(error)
        return changed(request, session, _body_tab(request, session))


def _body_tab(request: Request, session: EditSession) -> Response:
    return render(request, "tab.html", tab="body", **_context(request, session))


def _is_heading(doc, path: tuple) -> bool:
    return bool(path) and path[0] in ("summary", "parts", "plan") and isinstance(doc.get(path), dict) and (
        len(path) <= 2 or path[-2] == "sections")


def _node_edit(doc, path: tuple, op: str) -> str | None:
    if not _is_heading(doc, path):
        return "没有这个标题"
    if op == "add-child":
        outline.add_child(doc, path)
    elif op == "add-after" and isinstance(path[-1], int):
        outline.add_after(doc, path)
    elif op == "delete":
        outline.delete(doc, path)
    elif op in ("up", "down") and isinstance(path[-1], int):
        outline.move(doc, path, -1 if op == "up" else 1)
    elif op == "indent":
        outline.indent(doc, path)
    elif op == "outdent":
        outline.outdent(doc, path)
    elif op == "run-in":
        outline.toggle_run_in(doc, path)
    else:
        return _BAD_OP
    return None


def _set_numbering(doc, path: tuple, form) -> str | None:
    """How the headings under the report (path "") or a heading are numbered; a choice
    validation would refuse is refused here with `check`'s words (pipeline.parse_numbering)."""
    if path and not _is_heading(doc, path):
        return "没有这个标题"
    wanted = {"style": str(form.get("style", "")) or None, "start": str(form.get("start", "1")).strip() or "1",
              "continue": form.get("continue") == "true"}
    if not path and "separator" in form:  # offered for the report's parts only
        wanted["separator"] = str(form["separator"])
    numbering, error = pipeline.parse_numbering(wanted)
    if error is not None:
        return error
    separator = numbering.separator
    current = doc.get((*path, "numbering"))
    if path and isinstance(current, dict) and "separator" in current:
        separator = str(current["separator"])  # not offered below the report: kept as written
    style = numbering.style.value if numbering.style is not None else ""
    outline.set_numbering(doc, path, style, numbering.start, numbering.continued, separator)
    return None


def _body_edit(doc, path: tuple, op: str, form) -> str | None:
    """Paragraphs, lists and tables of the body (opening, a part's or section's paragraphs and closing)."""
    if op in _BLOCK_KINDS:
        key = str(form.get("key", "paragraphs"))
        if path == ("opening",):
            path, key = (), "opening"
        elif key not in ("paragraphs", "closing") or not _is_heading(doc, path):
            return _BAD_OP
        outline.add_block(doc, path, key, _BLOCK_KINDS[op])
        return None
    if op == "add-records-table":
        return _add_records_table(doc, path, form)
    try:
        field = schema_form.field_at(path[:-1] if path and isinstance(path[-1], int) else path)
    except KeyError:
        return "没有这个段落"
    value = doc.get(path)
    if value is None:
        return "没有这个段落"
    item = bool(path) and isinstance(path[-1], int)
    deletes = (op == "delete-paragraph" and field.kind == Widget.BLOCKS and (item or path[-1] in outline.BODY_KEYS)) \
        or (op in ("delete-item", "delete-row") and item and field.kind in (Widget.LINES, Widget.GRID))
    if deletes:
        outline.delete(doc, path)
    elif op in ("paragraph-up", "paragraph-down", "item-up", "item-down", "row-up", "row-down") and item \
            and field.kind in (Widget.BLOCKS, Widget.LINES, Widget.GRID):
        outline.move(doc, path, -1 if op.endswith("up") else 1)
    elif op == "add-item" and path[-1] == "list" and isinstance(value, dict):
        outline.add_item(doc, path)
    elif op in ("add-row", "add-column", "delete-column") and path[-1] == "table" and isinstance(value, dict) \
            and isinstance(value.get("columns"), list):
        if op == "add-row":
            outline.add_row(doc, path)
        elif op == "add-column":
            outline.add_column(doc, path)
        else:
            column = str(form.get("column", ""))
            if not column.isdigit():
                return "没有这一列"
            outline.delete_column(doc, path, int(column))
    elif op in ("records-column", "add-records-column", "delete-records-column") and path[-1] == "records" \
            and isinstance(value, dict) and isinstance(value.get("columns"), dict):
        index = str(form.get("index", ""))
        if op != "add-records-column" and not index.isdigit():
            return "没有这一列"
        if op == "records-column":
            outline.set_records_column(doc, path, int(index), str(form.get("header", "")).strip(),
                                       str(form.get("source", "")).strip())
        elif op == "add-records-column":
            outline.add_records_column(doc, path, str(form.get("source", "")).strip())
        else:
            outline.delete_records_column(doc, path, int(index))
    else:
        return _BAD_OP
    return None


def _add_records_table(doc, path: tuple, form) -> str | None:
    """The figure picker's table of ledger records, after the paragraph it was opened from."""
    kind = str(form.get("type", "")).strip()
    columns = [str(c) for c in form.getlist("column") if str(c).strip()]
    where = {str(k)[4:]: str(v) for k, v in form.multi_items() if str(k).startswith("dim:") and str(v).strip()}
    if not kind or not columns:
        return "请选择活动类型和至少一列"
    spec = FigureCall(Call.RECORDS, kind, where, columns=tuple(columns)).records_spec()
    return None if outline.add_records_table(doc, path, spec) is not None else "这里不能插入表格"


async def preview(request: Request):
    session = session_of(request)
    app = state(request)
    stage = EXACT if request.query_params.get("stage") == EXACT else QUICK
    try:
        version = int(request.query_params.get("version", session.version))
    except ValueError:
        version = session.version
    version = min(version, session.version)
    with session.lock:
        _request_preview(request, session)  # nothing if this version is already asked for
    import anyio

    result = await anyio.to_thread.run_sync(lambda: app.previewer.wait(session.id, version, stage, 25.0))
    problems = [shown(p, app.workspace, session.path) for p in (result.problems if result else ())]
    warnings = [shown(p, app.workspace, session.path) for p in (result.warnings if result else ())]
    stale = app.previewer.last_good(session.id) if result is not None and not result.pages else None
    return render(request, "preview.html", session=session, result=result, problems=problems,
                  warnings=warnings, exact=EXACT, stale=stale)


async def page_image(request: Request):
    key = request.path_params["key"]
    if not re.fullmatch(r"[0-9a-f]{32}", key):
        return Response(status_code=404)
    data = state(request).previewer.image(key)
    if data is None:
        return Response(status_code=404)
    return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=86400, immutable"})


async def save(request: Request):
    session = session_of(request)
    app = state(request)
    with session.lock:
        data = session.doc.dump()
        try:
            session.base = app.workspace.save(session.path, data, session.base)
        except ChangedOnDisk:
            return render(request, "conflict.html", session=session)
        except OutsideWorkspace as err:
            return render(request, "status.html", session=session, error=str(err))
        except OSError as err:
            return render(request, "status.html", session=session, error=f"没有保存：{err.strerror or err}")
        session.saved_version = session.version
        response = render(request, "status.html", session=session, saved=True)
        return trigger(response, **{"rg-saved": {"version": session.version}})


async def reload(request: Request):
    """Throw the draft away and read the file as it is on disk now."""
    session = session_of(request)
    app = state(request)
    with session.lock:
        try:
            session.load(app.workspace.read(session.path))
        except OSError as err:
            return render(request, "message.html", status=404, title="不能重新载入",
                          message=f"{session.path}：{err.strerror or err}")
        except ReportError as err:
            problems = [shown(p, app.workspace, session.path) for p in err.problems]
            return render(request, "message.html", status=422, title="磁盘上的文件有错误",
                          message=session.path, problems=problems)
        session.notice = "已重新载入磁盘上的文件。"
    return _redirect(f"/s/{session.id}")


async def keep_both(request: Request):
    """The file changed on disk: keep that as it is and write the draft to a new file beside it."""
    session = session_of(request)
    app = state(request)
    with session.lock:
        name = app.workspace.free_name(session.path, "我的修改")
        try:
            session.base = app.workspace.create(name, session.doc.dump())
        except (OSError, ChangedOnDisk) as err:
            return render(request, "status.html", session=session, error=f"没有另存：{err}")
        session.notice = f"磁盘上的“{session.path}”保持原样；您的修改已另存为“{name}”，现在编辑的是它。"
        session.path = name
        session.saved_version = session.version
    return _redirect(f"/s/{session.id}")


async def history(request: Request):
    session = session_of(request)
    versions = state(request).workspace.versions(session.path)
    return render(request, "history.html", session=session, versions=versions)


async def restore(request: Request):
    """An earlier version becomes the draft; the file on disk changes only when it is saved."""
    session = session_of(request)
    app = state(request)
    form = await request.form()
    stamp = str(form.get("stamp", ""))
    with session.lock:
        try:
            raw = app.workspace.read_version(session.path, stamp)
            session.load(raw, base=session.base)
        except OutsideWorkspace as err:
            return refusal(str(err))
        except ReportError as err:
            return refusal(str(err), 422)
        shown_at = next((v.shown for v in app.workspace.versions(session.path) if v.stamp == stamp), stamp)
        session.notice = f"已恢复 {shown_at} 的版本：保存后才写入文件。"
    return _redirect(f"/s/{session.id}")


async def status(request: Request):
    """Whether the file changed on disk since it was opened (polled while the page is open)."""
    session = session_of(request)
    current = state(request).workspace.read_if_exists(session.path)
    return render(request, "status.html", session=session, changed_on_disk=digest(current) != session.base)


async def figure(request: Request):
    """The figure picker: what to state, an activity type and filters → the wording the build
    prints and the expression to insert (or, for a records table, the table)."""
    session = session_of(request)
    app = state(request)
    catalogue = pipeline.catalogue_for(session.doc.data, app.workspace.resolve(session.path))
    params = request.query_params
    kind = params.get("type") or (next(iter(catalogue.types)) if catalogue and catalogue.types else "")
    filters = {}
    dimensions = {}
    if catalogue is not None and kind in catalogue.types:
        dimensions = catalogue.types[kind].dimensions
        for name, dimension in dimensions.items():
            value = params.get(f"dim:{name}", "")
            if value and (dimension.values is None or value in dimension.values):
                filters[name] = value
    latest = app.previewer.latest(session.id)
    figures = latest.figures if latest is not None else None
    columns = pipeline.record_columns(figures, kind) if figures is not None else []
    chosen = tuple(c for c in params.getlist("column") if c in columns) if "columns-chosen" in params else \
        tuple(c for c in ("日期", "对方", "国家或地区", "人数") if c in columns)
    call = FigureCall.of(params, chosen, kind, filters)
    wording, warnings, error, table = None, [], None, None
    if catalogue is None:
        error = "读不到活动类型目录（catalogue）。"
    elif kind not in catalogue.types:
        error = "请选择活动类型。"
    elif figures is None:
        error = "报告还有错误，改正后才能计算数字。"
    elif call.is_table:
        if not call.columns:
            error = "请至少选择一列。"
        else:
            table, error = pipeline.records_preview(figures, call.records_spec())
    else:
        office = session.doc.get(("office",))
        wording, warnings, error = pipeline.figure_text(call.expression(), figures,
                                                        office if isinstance(office, str) else "")
    return render(request, "figure.html", session=session, catalogue=catalogue, kind=kind, filters=filters,
                  dimensions=dimensions, call=call, wording=wording, warnings=warnings, error=error,
                  table=table, columns=columns, expression=call.expression(), target=params.get("target", ""),
                  measures=pipeline.measure_labels(), calls=figure_calls)


async def build(request: Request):
    session = session_of(request)
    app = state(request)
    result, refused = await _from_saved(request, session, "生成", lambda path: pipeline.build_report(
        path, app.output_dir, app.fonts_dir, app.workspace.root, app.archive_root))
    if refused is not None:
        return refused
    files = {fmt: app.workspace.relative(path) for fmt, path in result.files.items()}
    sizes = {fmt: path.stat().st_size for fmt, path in result.files.items()}
    warnings = [shown(p, app.workspace, session.path) for p in result.warnings]
    return render(request, "build.html", session=session, files=files, sizes=sizes, warnings=warnings,
                  notes=result.font_notes)


async def archive(request: Request):
    session = session_of(request)
    app = state(request)
    archived, refused = await _from_saved(request, session, "归档", lambda path: pipeline.archive_report(
        path, app.archive_root, app.output_dir, app.fonts_dir, app.workspace.root))
    if refused is not None:
        return refused
    revision = f"{archived.path.parent.parent.name}/{archived.year}/r{archived.revision}"
    return render(request, "build.html", session=session, archived=archived, revision=revision,
                  files={fmt: app.workspace.relative(p) for fmt, p in archived.build.files.items()}
                  if archived.build and all(app.workspace.inside(p) for p in archived.build.files.values())
                  else None, sizes=None)


async def _from_saved(request: Request, session: EditSession, verb: str, work) -> tuple[Any, Response | None]:
    """(what `work` makes of the saved input's path, None), run in a worker thread; or (None, the
    page saying why not: unsaved edits, or the input's problems)."""
    app = state(request)
    if session.dirty:
        return None, render(request, "build.html", session=session, error=f"有未保存的修改：请先保存，再{verb}。")
    import anyio

    path = app.workspace.resolve(session.path)

    def locked():
        with app.renderer.lock:  # WeasyPrint runs one layout at a time in this process, the preview's included.
            return work(path)

    try:
        return await anyio.to_thread.run_sync(locked), None
    except ReportError as err:
        problems = [shown(p, app.workspace, session.path) for p in err.problems]
        return None, render(request, "build.html", session=session, problems=problems)


def _redirect(url: str) -> Response:
    """For htmx (HX-Redirect) and for a plain form post alike."""
    response = HTMLResponse("", status_code=200)
    response.headers["HX-Redirect"] = url
    return response


routes = [
    Route("/s/{sid}", editor),
    Route("/s/{sid}/set", set_field, methods=["POST"]),
    Route("/s/{sid}/list", list_edit, methods=["POST"]),
    Route("/s/{sid}/outline", outline_edit, methods=["POST"]),
    Route("/s/{sid}/preview", preview),
    Route("/page/{key}.png", page_image),
    Route("/s/{sid}/save", save, methods=["POST"]),
    Route("/s/{sid}/reload", reload, methods=["POST"]),
    Route("/s/{sid}/keep-both", keep_both, methods=["POST"]),
    Route("/s/{sid}/history", history),
    Route("/s/{sid}/restore", restore, methods=["POST"]),
    Route("/s/{sid}/status", status),
    Route("/s/{sid}/figure", figure),
    Route("/s/{sid}/build", build, methods=["POST"]),
    Route("/s/{sid}/archive", archive, methods=["POST"]),
]
