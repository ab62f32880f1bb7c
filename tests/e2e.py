"""Helpers for end-to-end tests: serve sites on 127.0.0.1 and run real crawls in subprocesses."""

from __future__ import annotations

import collections
import functools
import http.server
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

#: Settings for crawling our own loopback sites: no politeness delay needed.
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
        "LOG_LEVEL": "INFO"}


def scrapy(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run the `scrapy` command of this virtualenv from the project root, as a user would."""
    return subprocess.run([str(BIN / "scrapy"), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def crawl(urls: list[str], archive: Path, exit_status: tuple[int, ...] = (0, 3),
          **settings: str) -> subprocess.CompletedProcess[str]:
    """`scrapy crawl repost` over ``urls`` into ``archive``; fails the test when the crawl failed (exit status
    1 or 2; 3, "finished with errors" such as a 404, is a crawl that did its work: newsarchiver.outcome), or with another status than ``exit_status``."""
    opts = [x for name, value in {**FAST, **settings}.items() for x in ("-s", f"{name}={value}")]
    result = scrapy("crawl", "repost", "-a", "start_urls=" + ",".join(urls), "-s",
                    f"NEWSARCHIVER_ARCHIVE={archive}", *opts)
    assert result.returncode in exit_status, result.stderr[-4000:]
    return result


def newsarchiver(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "newsarchiver"), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def table_counts(db: Path) -> dict[str, int]:
    tables = [r[0] for r in rows(db, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                     "AND name NOT LIKE 'copies_fts_%' AND name NOT LIKE 'sqlite_%'")]
    return {t: rows(db, f"SELECT count(*) FROM [{t}]")[0][0] for t in tables}


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".shtml": "text/html"}

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass


@contextmanager
def serve_directory(path: Path) -> Iterator[str]:
    """Serve a folder of static files on 127.0.0.1 (a free port); yield its base URL."""
    handler = functools.partial(_StaticHandler, directory=str(path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def robots_obeyed(urls: list[str]) -> list[str]:
    """The URLs, once checked that none is a demo site's robots-disallowed /private/ page.

    Resumed (JOBDIR) and shared (Redis) crawls start with many queued requests; Scrapy's robots.txt
    middleware let all but the first of those waiting on a site's robots.txt through unchecked
    (newsarchiver.robots.RobotsTxtMiddleware closes that), so these tests check it."""
    leaked = [u for u in urls if "/private/" in u]
    assert not leaked, f"robots.txt-disallowed pages were archived: {leaked}"
    return urls


REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A real redis-server on 127.0.0.1 (a free port, kept across restarts), data in ``directory``;
    ``appendonly``: persistence on, as production runs it, so a stop and start keeps what it held."""

    def __init__(self, directory: Path, *args: str, appendonly: bool = False) -> None:
        self.directory = directory
        self.args = [*args, "--appendonly", "yes" if appendonly else "no"]
        self.port = free_port()
        self.password = args[args.index("--requirepass") + 1] if "--requirepass" in args else None
        self.url = f"redis://{':' + self.password + '@' if self.password else ''}127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        """Start it and wait until it answers (RuntimeError after 10 s)."""
        import redis

        self.proc = subprocess.Popen([REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--dir", str(self.directory), *self.args],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = self.client()
        for _ in range(200):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        """SIGTERM: redis-server writes its append-only file out and exits (a restart, as systemd does it)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(30)

    def client(self):
        import redis

        return redis.Redis(port=self.port, password=self.password)


@contextmanager
def redis_server(directory: Path, *args: str) -> Iterator[str]:
    """A real redis-server on 127.0.0.1 (a free port), without persistence; yields its URL."""
    server = RedisServer(directory, *args)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


Route = tuple[int, dict[str, str], bytes]


@contextmanager
def serve_routes(routes: dict[str, Route | callable]) -> Iterator[tuple[str, collections.Counter]]:
    """Serve fixed answers by path on 127.0.0.1 (a free port); yield the base URL and a Counter of the paths
    asked for (every request, robots.txt included). A route may be a function of the base URL."""
    hits: collections.Counter = collections.Counter()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            hits[self.path] += 1
            route = routes.get(self.path.split("?", 1)[0])
            if callable(route):
                route = route(base)
            status, headers, body = route or (404, {"Content-Type": "text/html"}, b"<html>not here</html>")
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base, hits
    finally:
        server.shutdown()
        server.server_close()


def html_page(title: str, body: str) -> Route:
    page = f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>"
    return 200, {"Content-Type": "text/html; charset=utf-8"}, page.encode("utf-8")


def redirect(location: str) -> Route:
    return 302, {"Location": location}, b""


class SlowLink:
    """A TCP proxy on 127.0.0.1 whose answers arrive ``delay`` seconds late (a slow network to a server).

    Requests pass at once: the server acts on a command while the client is still waiting for the reply,
    which is the moment tests/test_distributed.py kills a crawler at."""

    def __init__(self, port: int, delay: float) -> None:
        self.upstream = ("127.0.0.1", port)
        self.delay = delay
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            threading.Thread(target=self._pump, args=(client, server, 0.0), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, self.delay), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket, delay: float) -> None:
        import queue

        chunks: queue.Queue = queue.Queue()

        def send() -> None:
            while (chunk := chunks.get()) is not None:
                wait = chunk[0] + delay - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                try:
                    sink.sendall(chunk[1])
                except OSError:
                    return

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            if not data:
                chunks.put(None)
                sender.join(timeout=delay + 5)
                for s in (source, sink):
                    s.close()
                return
            chunks.put((time.monotonic(), data))

    def close(self) -> None:
        self.listener.close()
