"""The archive (search, a revision and its files) and lint of an uploaded DOCX or PDF."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path, PurePosixPath

from starlette.requests import Request
from starlette.routing import Route

from reportgen.errors import ReportError
from reportgen.web import pipeline
from reportgen.web.routes_workspace import file_response
from reportgen.web.views import refusal, render, state

_REVISION = re.compile(r"^([^/\\\x00]+)/(\d{4})/r(\d+)$")
MAX_QUERY_CHARS = 100


async def search(request: Request):
    app = state(request)
    query = request.query_params.get("q", "").strip()[:MAX_QUERY_CHARS]
    result, error = None, None
    if query:
        try:
            result = pipeline.search_archive(app.archive_root, query)
            if result is None:
                error = "还没有归档的报告。"
        except ReportError as err:
            error = err.problems[0].message
    return render(request, "archive.html", query=query, result=result, error=error)


def _revision_path(app, key: str) -> Path | None:
    match = _REVISION.match(key)
    if match is None or match.group(1) in (".", ".."):
        return None
    path = (app.archive_root / key).resolve()
    if not path.is_relative_to(app.archive_root.resolve()) or not path.is_dir():
        return None
    return path


async def revision(request: Request):
    app = state(request)
    key = request.query_params.get("rev", "")
    path = _revision_path(app, key)
    if path is None:
        return render(request, "message.html", status=404, title="找不到", message=f"归档中没有这个版本：{key}")
    try:
        manifest, files = pipeline.revision_files(path)
    except ReportError as err:
        return render(request, "message.html", status=422, title="归档版本有问题", message=err.problems[0].message)
    return render(request, "revision.html", key=key, manifest=manifest, files=files)


async def archive_file(request: Request):
    app = state(request)
    key = request.query_params.get("rev", "")
    name = request.query_params.get("name", "")
    path = _revision_path(app, key)
    if path is None or not name or "\\" in name or any(p in ("", ".", "..") for p in name.split("/")):
        return refusal("找不到", 404)
    target = (path / name).resolve()
    if not target.is_relative_to(path) or not target.is_file():
        return refusal("找不到", 404)
    return file_response(target.read_bytes(), PurePosixPath(name).name)


async def lint_page(request: Request):
    return render(request, "lint.html", profiles=pipeline.lint_profiles(), findings=None, profile="standard")


async def lint_upload(request: Request):
    async with request.form(max_files=1, max_fields=10) as form:
        upload = form.get("upload")
        profile = str(form.get("profile", "standard"))
        if profile not in pipeline.lint_profiles():
            profile = "standard"
        if upload is None or isinstance(upload, str) or not upload.filename:
            return render(request, "lint.html", status=400, profiles=pipeline.lint_profiles(), findings=None,
                          error="请选择要检查的 DOCX 或 PDF 文件。", profile=profile)
        name = PurePosixPath(upload.filename).name
        suffix = PurePosixPath(name).suffix.lower()
        data = await upload.read()
    import anyio

    with tempfile.TemporaryDirectory(prefix="reportgen-lint-") as tmp:
        path = Path(tmp) / f"upload{suffix if suffix in ('.docx', '.pdf') else ''}"
        path.write_bytes(data)
        try:
            findings, severity = await anyio.to_thread.run_sync(lambda: pipeline.lint_document(path, profile))
        except ReportError as err:
            return render(request, "lint.html", status=422, profiles=pipeline.lint_profiles(), findings=None,
                          error=err.problems[0].message, name=name, profile=profile)
    errors = sum(1 for f in findings if f.severity == "error")
    return render(request, "lint.html", profiles=pipeline.lint_profiles(), findings=findings, severity=severity,
                  name=name, profile=profile, errors=errors)


routes = [
    Route("/archive", search),
    Route("/archive/revision", revision),
    Route("/archive/file", archive_file),
    Route("/lint", lint_page),
    Route("/lint", lint_upload, methods=["POST"]),
]
