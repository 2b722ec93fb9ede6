"""Fixtures of the web editor's tests: a workspace copied from inputs/, the app under
Starlette's TestClient, and for the browser tests a real server with Debian's chromium."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import warnings
from pathlib import Path

import pytest

# Starlette 1.x would rather TestClient ran on httpx2; httpx does the same job here. The warning
# comes once, at the first import: made here, quietly, before any test module imports it.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    import starlette.testclient  # noqa: F401


ROOT = Path(__file__).resolve().parents[2]
INPUTS = ROOT / "inputs"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def copy_inputs(target: Path) -> Path:
    shutil.copytree(INPUTS, target)
    return target


@pytest.fixture
def workspace(tmp_path) -> Path:
    return copy_inputs(tmp_path / "ws")


@pytest.fixture
def client(workspace):
    from starlette.testclient import TestClient

    from reportgen.web.app import create_app

    with TestClient(create_app(workspace, warm=False), base_url="http://127.0.0.1") as test_client:
        test_client.get("/")  # the CSRF cookie
        yield test_client


def csrf(client) -> dict[str, str]:
    return {"X-CSRF-Token": client.cookies.get("reportgen_csrf")}


def open_session(client, path: str = "nanchang-waiqiao/2011.yaml") -> str:
    response = client.post("/open", data={"path": path}, headers=csrf(client), follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"]


# --- a real server and a real browser ---------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def live_workspace(tmp_path_factory) -> Path:
    return copy_inputs(tmp_path_factory.mktemp("live") / "ws")


@pytest.fixture(scope="session")
def live_server(live_workspace):
    """The editor served by uvicorn on 127.0.0.1, as `reportgen serve` runs it."""
    import uvicorn

    from reportgen.web.app import create_app

    port = _free_port()
    app = create_app(live_workspace, hosts=[f"127.0.0.1:{port}", f"localhost:{port}"])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """One chromium for the whole session (Debian's; Playwright downloads none)."""
    playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the test extra)")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 1440, "height": 1000},
                                  accept_downloads=True, locale="zh-CN")
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.console_errors = errors
    yield tab
    context.close()
    # A script error, a CSP violation or a failed request shows in the console: none is expected.
    # (htmx reports a preview request it dropped for a newer one, hx-sync="this:replace", as an error.)
    unexpected = [e for e in errors if not e.startswith(("htmx:sendAbort", "htmx:afterRequest"))]
    assert not unexpected, unexpected


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
