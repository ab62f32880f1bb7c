"""A hostile demo site: every way a page can go wrong, for fault tests (served on 127.0.0.1 only).

Good article pages sit beside malformed and truncated HTML, a wrong and a missing charset (GBK bytes),
binary bytes served as text/html, a 50 MB page, an empty body, 404/500/503 answers, a response slower
than any sane timeout, a redirect loop, an infinite calendar and a page robots.txt forbids. A crawl of it
must finish, report each failure once, and keep what it archived.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from .corpus import StoryText

GOOD_ARTICLES = 5
HUGE_BYTES = 50 * 1024 * 1024
SLOW_SECONDS = 6.0


def _article(title: str, paragraphs: list[str] | tuple[str, ...], charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang=\"zh-CN\"><head>{meta}<title>{title}_险峻资讯</title></head><body>"
            f"<div class=\"nav\"><a href=\"/\">首页</a></div><h1>{title}</h1>"
            f"<div class=\"info\">发布时间：2024-03-0{len(title) % 9 + 1} 09:30</div>"
            f"<div class=\"content\">{body}</div></body></html>")


def _good(n: int) -> tuple[str, tuple[str, ...]]:
    text = StoryText(f"hostile-{n}")
    return text.title, text.paragraphs


#: path -> what a crawler must make of it ("article" archived, else the failure kind recorded)
EXPECTED = {
    **{f"/good/{n}.html": "article" for n in range(GOOD_ARTICLES)},
    "/wrong-charset.html": "article",
    "/no-charset.html": "article",
    "/malformed.html": "article",
    "/binary.html": "not_html",
    "/empty.html": "empty_body",
    "/huge.html": "too_large",
    "/missing.html": "http_404",
    "/error.html": "http_500",
    "/unavailable.html": "http_503",
    "/slow.html": "timeout",
    "/loop/0.html": "redirect_loop",
}


class _Handler(BaseHTTPRequestHandler):
    server_version = "hostile/1.0"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802, C901 - one branch per trap, on purpose
        path = self.path.split("?", 1)[0]
        if path == "/robots.txt":
            return self.send(200, b"User-agent: *\nDisallow: /secret/\n", "text/plain")
        if path == "/":
            links = [*EXPECTED, "/secret/page.html", "/calendar/2024/05/", "/truncated.html"]
            items = "".join(f'<li><a href="{p}">{p}</a></li>' for p in links)
            return self.send(200, f"<html><head><title>险峻资讯</title></head><body><ul>{items}</ul></body></html>"
                             .encode())
        if path.startswith("/good/"):
            n = int(path.split("/")[2].split(".")[0])
            return self.send(200, _article(*_good(n)).encode("utf-8"))
        if path == "/wrong-charset.html":  # GBK bytes, labelled UTF-8 by the server and the page
            title, paragraphs = _good(100)
            return self.send(200, _article(title, paragraphs, "utf-8").encode("gb18030"))
        if path == "/no-charset.html":  # GBK bytes, no charset anywhere
            title, paragraphs = _good(101)
            return self.send(200, _article(title, paragraphs, None).encode("gb18030"), "text/html")
        if path == "/malformed.html":
            title, paragraphs = _good(102)
            soup = _article(title, paragraphs).replace("</p>", "").replace("</div>", "<div><span>") + "<<>><p <b"
            return self.send(200, soup.encode("utf-8"))
        if path == "/truncated.html":
            return self.send(200, _article(*_good(103)).encode("utf-8")[:300])
        if path == "/empty.html":
            return self.send(200, b"")
        if path == "/binary.html":
            return self.send(200, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
        if path == "/huge.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(HUGE_BYTES))
            self.end_headers()
            chunk = b"<p>" + "很长的页面。".encode() * 5000 + b"</p>"
            try:
                sent = 0
                while sent < HUGE_BYTES:
                    self.wfile.write(chunk[: HUGE_BYTES - sent])
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the crawler gave up on it, as it should
            return None
        if path == "/missing.html":
            return self.send(404, b"<html><body>not here</body></html>")
        if path == "/error.html":
            return self.send(500, b"<html><body>server error</body></html>")
        if path == "/unavailable.html":
            return self.send(503, b"<html><body>busy</body></html>")
        if path == "/slow.html":
            time.sleep(SLOW_SECONDS)
            return self.send(200, _article(*_good(104)).encode("utf-8"))
        if path.startswith("/loop/"):  # every answer redirects to a new address: it never ends
            n = int(path.split("/")[2].split(".")[0])
            return self.send(302, b"", headers={"Location": f"/loop/{n + 1}.html"})
        if path.startswith("/calendar/"):  # every month links to the next and the previous: no end
            parts = [p for p in path.split("/") if p]
            year, month = int(parts[1]), int(parts[2])
            nxt = (year + month // 12, month % 12 + 1)
            prv = (year - (month == 1), (month - 2) % 12 + 1)
            body = (f"<html><head><title>{year}年{month}月</title></head><body><h2>{year}年{month}月 归档</h2>"
                    f'<a href="/calendar/{nxt[0]}/{nxt[1]:02d}/">下个月</a> <a href="/calendar/{prv[0]}/{prv[1]:02d}/">'
                    f"上个月</a><p>本月没有文章。</p></body></html>")
            return self.send(200, body.encode("utf-8"))
        if path.startswith("/secret/"):
            return self.send(200, _article(*_good(105)).encode("utf-8"))
        return self.send(404, b"<html><body>not here</body></html>")


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A crawler hanging up on the huge or the slow page is the point, not an error."""


class HostileServer:
    """Serve the hostile site on 127.0.0.1 (a free port): ``with HostileServer() as url: ...``."""

    def __enter__(self) -> str:
        self.httpd = _QuietServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
