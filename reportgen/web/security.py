"""What keeps the editor a local tool: one ASGI middleware, in front of every route.

- Host check: a page on another site cannot reach the server through a DNS name
  that points at 127.0.0.1 (DNS rebinding): only the addresses it was started on
  are answered.
- Access token: served beyond this machine (`--host`), every request needs the
  token printed at start (once in the address, then in a cookie).
- CSRF: every state-changing request carries the token of the page that sent it
  (header X-CSRF-Token from htmx, or a form field for uploads), checked against
  the cookie set with that page, and comes from the same origin.
- Size limits on request bodies, uploads included.
- Headers: a Content-Security-Policy that allows nothing from elsewhere and no
  inline script or style, no framing, no sniffing, no referrer beyond this site.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

CSRF_COOKIE = "reportgen_csrf"
CSRF_HEADER = b"x-csrf-token"
CSRF_FIELD = "csrf_token"
ACCESS_COOKIE = "reportgen_access"
MAX_BODY_BYTES = 2_000_000  # a form post: the whole report is a few dozen KB
MAX_UPLOAD_BYTES = 25_000_000  # an uploaded DOCX, PDF or Excel ledger
UPLOAD_PATHS = ("/lint", "/upload")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

CSP = "; ".join((
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "font-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
))
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # same-origin, not no-referrer: with no-referrer a form post says "Origin: null".
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _cookies(scope) -> dict[str, str]:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:
                return {}
            return {key: morsel.value for key, morsel in jar.items()}
    return {}


def _header(scope, wanted: bytes) -> str | None:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return value.decode("latin-1")
    return None


class Guard:
    """ASGI middleware: host, access token, CSRF, body size, security headers."""

    def __init__(self, app, hosts: Iterable[str], access_token: str | None):
        self.app = app
        self.hosts = {h.lower() for h in hosts}
        self.access_token = access_token

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = (_header(scope, b"host") or "").lower()
        if self.hosts and host not in self.hosts:
            await _refuse(send, 400, "地址不对：请用启动时显示的地址打开。")
            return
        cookies = _cookies(scope)
        extra_headers: list[tuple[bytes, bytes]] = []
        if self.access_token is not None:
            given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [None])[0]
            if given is not None and hmac.compare_digest(given, self.access_token):
                # Once in the address, then in a cookie; the address is cleaned at once.
                await _redirect(send, scope.get("path", "/"), [
                    (b"set-cookie", _cookie(ACCESS_COOKIE, self.access_token, http_only=True))])
                return
            if not hmac.compare_digest(cookies.get(ACCESS_COOKIE, ""), self.access_token):
                await _refuse(send, 403, "需要访问口令：请用启动时显示的完整地址（含 token=…）打开。")
                return
        csrf = cookies.get(CSRF_COOKIE)
        if not csrf:
            csrf = new_token()
            extra_headers.append((b"set-cookie", _cookie(CSRF_COOKIE, csrf, http_only=False)))
        scope.setdefault("state", {})["csrf_token"] = csrf
        if scope["method"] not in SAFE_METHODS:
            origin = _header(scope, b"origin")
            if origin is not None and urlsplit(origin).netloc.lower() != host:
                await _refuse(send, 403, "请求来自别的网页，已拒绝。")
                return
            limit = MAX_UPLOAD_BYTES if scope["path"].startswith(UPLOAD_PATHS) else MAX_BODY_BYTES
            length = _header(scope, b"content-length")
            if length is not None and (not length.isdigit() or int(length) > limit):
                await _refuse(send, 413, "提交的内容过大。")
                return
            # The body is read here, within the limit, and handed on to the route.
            body = await _read_body(receive, limit)
            if body is None:
                await _refuse(send, 413, "提交的内容过大。")
                return
            receive = _replay(body)
            sent = _header(scope, CSRF_HEADER) or _form_token(scope, body)
            if not sent or not cookies.get(CSRF_COOKIE) or not hmac.compare_digest(sent, cookies[CSRF_COOKIE]):
                await _refuse(send, 403, "页面已过期或请求不是从本页面发出的（CSRF 校验未通过），请刷新页面后重试。")
                return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(n, v) for n, v in HEADERS if n not in present]
                headers += extra_headers
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _read_body(receive, limit: int) -> bytes | None:
    chunks = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def _replay(body: bytes):
    sent = False

    async def receive():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


def _form_token(scope, body: bytes) -> str | None:
    """The CSRF token of a form post (an upload cannot set a header in plain HTML)."""
    kind = (_header(scope, b"content-type") or "").lower()
    if kind.startswith("application/x-www-form-urlencoded"):
        return parse_qs(body.decode("latin-1")).get(CSRF_FIELD, [None])[0]
    if kind.startswith("multipart/form-data"):
        marker = f'name="{CSRF_FIELD}"'.encode()
        at = body.find(marker)
        if at >= 0:
            start = body.find(b"\r\n\r\n", at)
            end = body.find(b"\r\n", start + 4)
            if start >= 0 and end >= 0:
                return body[start + 4:end].decode("latin-1")
    return None


def _cookie(name: str, value: str, http_only: bool) -> bytes:
    text = f"{name}={value}; Path=/; SameSite=Strict"
    if http_only:
        text += "; HttpOnly"
    return text.encode("latin-1")


async def _refuse(send, status: int, message: str) -> None:
    body = message.encode("utf-8")
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        *HEADERS]})
    await send({"type": "http.response.body", "body": body})


async def _redirect(send, location: str, headers: list) -> None:
    await send({"type": "http.response.start", "status": 303, "headers": [
        (b"location", location.encode("utf-8")), (b"content-length", b"0"), *headers, *HEADERS]})
    await send({"type": "http.response.body", "body": b""})
