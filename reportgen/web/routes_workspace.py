"""The workspace page: offices and years found in the folder; open one, start next year, download outputs."""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from reportgen.errors import ReportError
from reportgen.web import pipeline
from reportgen.web.views import refusal, render, shown, state
from reportgen.web.workspace import OutsideWorkspace


async def home(request: Request):
    app = state(request)
    folders = app.workspace.folders()
    return render(request, "workspace.html", folders=folders, root=str(app.workspace.root),
                  sessions=app.sessions.all())


async def open_input(request: Request):
    app = state(request)
    form = await request.form()
    relative = str(form.get("path", ""))
    try:
        raw = app.workspace.read(relative)
        session = app.sessions.open(relative, raw)
    except OutsideWorkspace as err:
        return render(request, "message.html", status=400, title="不能打开", message=str(err))
    except FileNotFoundError:
        return render(request, "message.html", status=404, title="不能打开", message=f"找不到文件：{relative}")
    except ReportError as err:
        problems = [shown(p, app.workspace, relative) for p in err.problems]
        return render(request, "message.html", status=422, title="这个文件有错误，网页中还不能编辑",
                      message=f"{relative}：请先按下面的提示改正（可以用记事本等编辑器打开）。", problems=problems)
    return RedirectResponse(f"/s/{session.id}", status_code=303)


async def new_year(request: Request):
    app = state(request)
    form = await request.form()
    relative = str(form.get("path", ""))
    try:
        source = app.workspace.resolve(relative)
        created = pipeline.scaffold_next_year(source)
        if not app.workspace.inside(created):
            raise OutsideWorkspace("新文件不在工作文件夹中")
        new_relative = app.workspace.relative(created)
        session = app.sessions.open(new_relative, app.workspace.read(new_relative))
    except OutsideWorkspace as err:
        return render(request, "message.html", status=400, title="不能新建", message=str(err))
    except ReportError as err:
        problems = [shown(p, app.workspace, relative) for p in err.problems]
        return render(request, "message.html", status=422, title="不能新建下一年", message=relative,
                      problems=problems)
    return RedirectResponse(f"/s/{session.id}", status_code=303)


async def download(request: Request):
    """A built file (under output/): DOCX, PDF or the archive's files are all there."""
    app = state(request)
    relative = request.query_params.get("path", "")
    try:
        path = app.workspace.resolve(relative)
    except OutsideWorkspace as err:
        return refusal(str(err))
    allowed = [app.output_dir.resolve(), app.archive_root.resolve()]
    if not any(path.is_relative_to(folder) for folder in allowed) or not path.is_file():
        return refusal("只能下载生成的文件", 404)
    return file_response(path.read_bytes(), path.name)


def file_response(data: bytes, name: str) -> Response:
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Response(data, media_type=kind, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
        "Cache-Control": "no-store",
    })


routes = [
    Route("/", home),
    Route("/open", open_input, methods=["POST"]),
    Route("/new", new_year, methods=["POST"]),
    Route("/download", download),
]
