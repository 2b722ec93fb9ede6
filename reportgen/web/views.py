"""What routes share: the templates, the app's state, problems as the page shows them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.templating import Jinja2Templates

from reportgen.errors import Problem
from reportgen.web import pipeline
from reportgen.web.workspace import Workspace

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.autoescape = True  # every template, whatever its name: user text is always escaped


@dataclass
class AppState:
    workspace: Workspace
    sessions: Any
    previewer: Any
    renderer: pipeline.Renderer
    archive_root: Path
    output_dir: Path
    fonts_dir: Path | None


def state(request: Request) -> AppState:
    return request.app.state.reportgen


def render(request: Request, template: str, status: int = 200, headers: dict | None = None, **context) -> HTMLResponse:
    context.setdefault("csrf_token", request.scope.get("state", {}).get("csrf_token", ""))
    return templates.TemplateResponse(request, template, context, status_code=status, headers=headers)


def refusal(message: str, status: int = 400) -> Response:
    """A request the page should not have made, or cannot be served: the reason as plain text."""
    return Response(message, status_code=status, media_type="text/plain; charset=utf-8")


def trigger(response: Response, **events: Any) -> Response:
    """htmx events for the page (HX-Trigger), e.g. rg-changed after an edit."""
    response.headers["HX-Trigger"] = json.dumps(events, ensure_ascii=True)
    return response


@dataclass(frozen=True)
class ShownProblem:
    text: str  # as the command line prints it
    message: str
    where: str
    field: str | None  # the form field's path, for the link
    file: str | None  # relative to the workspace
    line: int | None
    hint: str | None


def shown(problem: Problem, workspace: Workspace, input_path: str | None = None) -> ShownProblem:
    file = problem.file
    relative = None
    if file:
        path = Path(file)
        relative = workspace.relative(path) if path.is_absolute() and workspace.inside(path) else file
    display = Problem(problem.message, relative, problem.line, problem.column, problem.field, problem.hint)
    where = relative or ""
    if problem.line is not None:
        where += f"，第 {problem.line} 行"
    field = problem.field if (relative is None or relative == input_path) else None
    return ShownProblem(str(display), problem.message, where, field, relative, problem.line, problem.hint)


def field_id(path: Any) -> str:
    text = path if isinstance(path, str) else pipeline.format_path(tuple(path))
    return f"f-{text}"


def marked_snippet(snippet: str) -> Markup:
    """The archive's snippet marks the match 【…】: shown as <mark>, everything else escaped."""
    out = Markup("")
    rest = snippet
    while "【" in rest and "】" in rest.split("【", 1)[1]:
        before, after = rest.split("【", 1)
        inside, rest = after.split("】", 1)
        out += escape(before) + Markup("<mark>") + escape(inside) + Markup("</mark>")
    return out + escape(rest)


templates.env.globals.update(field_id=field_id, format_path=pipeline.format_path)
templates.env.filters["marked"] = marked_snippet
