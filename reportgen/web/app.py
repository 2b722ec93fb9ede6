"""`reportgen serve`: the Starlette application and the server that runs it.

create_app() wires the routes (routes_*.py), the templates and the vendored
static files behind security.Guard; serve() starts uvicorn on 127.0.0.1 (or
the given host, with an access token) and prints the address to open.
"""

from __future__ import annotations

import contextlib
import socket
import sys
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from reportgen.web import pipeline, routes_archive, routes_editor, routes_ledger, routes_workspace
from reportgen.web.preview import Previewer
from reportgen.web.security import Guard, new_token
from reportgen.web.sessions import Sessions
from reportgen.web.views import HERE, AppState
from reportgen.web.workspace import Workspace

LOOPBACK = "127.0.0.1"


def create_app(root: Path, *, hosts: list[str] | None = None, access_token: str | None = None,
               warm: bool = True) -> Guard:
    """The editor for the workspace `root`. `hosts`: the Host headers answered (None: any, for tests)."""
    workspace = Workspace(root)
    workspace.remove_stale_drafts(pipeline.DRAFT_PREFIX)
    fonts = workspace.root / "fonts"
    renderer = pipeline.Renderer(fonts if fonts.is_dir() else None)
    output = workspace.root / "output"
    archive = pipeline.archive_root(workspace.root)
    previewer = Previewer(renderer, workspace.root, archive)
    state = AppState(workspace, Sessions(on_evict=previewer.forget), previewer, renderer, archive, output,
                     renderer.fonts_dir)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        if warm:
            renderer.warm_up()
        yield
        previewer.stop()

    routes = [
        *routes_workspace.routes, *routes_editor.routes, *routes_ledger.routes, *routes_archive.routes,
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]

    async def not_found(request: Request, exc: HTTPException):
        return PlainTextResponse(exc.detail if isinstance(exc.detail, str) else "找不到", status_code=exc.status_code)

    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={HTTPException: not_found})
    app.state.reportgen = state
    return Guard(app, hosts or [], access_token)


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def serve(root: Path, host: str | None = None, port: int = 8765, open_browser: bool = False) -> int:
    """Run the editor until Ctrl+C. Binds 127.0.0.1 unless `host` is given, and then asks for a token."""
    import uvicorn

    bind = host or LOOPBACK
    token = new_token() if host else None
    for candidate in range(port, port + 20):
        if _port_free(bind, candidate):
            port = candidate
            break
    else:
        print(f"端口 {port}—{port + 19} 都被占用了，请用 --port 指定另一个端口。", file=sys.stderr)
        return 2
    shown = "[" + bind + "]" if ":" in bind else bind
    if host:
        # Any name the machine is reached by: the Host check cannot know them all.
        allowed: list[str] | None = None
        address = f"http://{shown}:{port}/?token={token}"
    else:
        allowed = [f"{LOOPBACK}:{port}", f"localhost:{port}"]
        address = f"http://{LOOPBACK}:{port}/"
    app = create_app(root, hosts=allowed, access_token=token)
    print(f"reportgen 报告编辑器：工作文件夹 {Path(root).resolve()}")
    print(f"请在浏览器中打开：{address}")
    if host:
        print("（已允许其他电脑访问：地址中的 token 是访问口令，请只告诉需要的人。）")
    print("按 Ctrl+C 停止。")
    if open_browser:
        import webbrowser

        webbrowser.open(address)
    uvicorn.run(app, host=bind, port=port, log_level="warning", access_log=False)
    return 0
