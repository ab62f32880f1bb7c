"""Serve a demo world over HTTP on 127.0.0.1: one ThreadingHTTPServer per site, each on its own port.

    with DemoServer(build_world()) as server:
        server.base_urls   # {"haibin-portal": "http://127.0.0.1:PORT/", ...}
        server.url("haibin-portal", "/robots.txt")

``python -m newsarchiver.demo.server --articles 60`` serves until Ctrl-C.
"""

from __future__ import annotations

import argparse
import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from .world import FAMILIES, Site, World, build_world

HOST = "127.0.0.1"


def _handler_for(world: World, site: Site, base_url: str, latency: float = 0.0) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to one site."""

    class SiteHandler(BaseHTTPRequestHandler):
        server_version = "newsarchiver-demo/1.0"

        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            self._respond(send_body=True)

        def do_HEAD(self) -> None:  # noqa: N802 - http.server naming
            self._respond(send_body=False)

        def _respond(self, send_body: bool) -> None:
            if latency:
                time.sleep(latency)  # a remote site's response time, without using the CPU
            status, headers, body = site.render(self.path, base_url, world.render_now())
            if status == 200:
                # Validators, as real CMS caches send them, so conditional revisits can get a 304.
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                headers = {**headers, "ETag": etag}
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
            """Silenced: tests and crawls would otherwise flood stderr."""

    return SiteHandler


class DemoServer:
    """Context manager serving every site of ``world`` on 127.0.0.1, in daemon threads.

    ``port=0`` (the default) takes free ports; ``port=N`` serves the sites on N, N+1, ... so that a
    site keeps its identity (host:port) from one run to the next, as ``newsarchiver demo`` needs.
    """

    def __init__(self, world: World, host: str = HOST, port: int = 0, latency: float = 0.0) -> None:
        self.world = world
        self.host = host
        self.port = port
        self.latency = latency  # seconds added to every response (benchmarks: a remote site's latency)
        self.base_urls: dict[str, str] = {}
        self._servers: list[ThreadingHTTPServer] = []
        self._threads: list[threading.Thread] = []

    def start(self) -> DemoServer:
        """Bind one server per site and start serving; also binds the world's cross-site links."""
        if self._servers:
            return self
        for index, site in enumerate(self.world.sites):
            # Bind first to learn the port, then install the handler that knows its base URL.
            try:
                httpd = ThreadingHTTPServer((self.host, self.port + index if self.port else 0),
                                            BaseHTTPRequestHandler)
            except OSError:
                for bound in self._servers:  # not serving yet: close, do not shutdown() (it would wait)
                    bound.server_close()
                self._servers.clear()
                raise
            httpd.daemon_threads = True
            port = httpd.server_address[1]
            base_url = f"http://{self.host}:{port}/"
            httpd.RequestHandlerClass = _handler_for(self.world, site, base_url, self.latency)
            self.base_urls[site.name] = base_url
            self._servers.append(httpd)
        self.world.bind(self.base_urls)
        for httpd in self._servers:
            thread = threading.Thread(target=httpd.serve_forever, name="demo-site", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        """Stop serving and close the sockets."""
        for httpd in self._servers:
            httpd.shutdown()
            httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()

    def url(self, site_name: str, path: str = "/") -> str:
        """Absolute URL of ``path`` on a served site."""
        return self.base_urls[site_name].rstrip("/") + "/" + path.lstrip("/")

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    """Serve a demo world until interrupted, printing each site's URL."""
    parser = argparse.ArgumentParser(description="Serve the newsarchiver demo sites on 127.0.0.1.")
    parser.add_argument("--articles", type=int, default=60, help="roughly how many original articles")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every response")
    parser.add_argument("--port", type=int, default=0, help="first port (sites use PORT, PORT+1, ...); 0 = free ports")
    parser.add_argument(
        "--families", default=",".join(FAMILIES), help="comma-separated subset of justnews,dede,blog"
    )
    args = parser.parse_args(argv)
    families = tuple(f.strip() for f in args.families.split(",") if f.strip())
    world = build_world(articles=args.articles, seed=args.seed, families=families)
    with DemoServer(world, port=args.port, latency=args.latency) as server:
        for site in world.sites:
            print(f"{site.name:15} {site.family:9} {len(site.articles):6} articles  {server.base_urls[site.name]}", flush=True)
        print("Serving; press Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
