"""Bad input to the CLI is one clear line on stderr and a non-zero exit, never a traceback (issue 13)."""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchiver.archive import Archive
from newsarchiver.cli import cli
from newsarchiver.items import Article, CrawledPage, DateFound

from .e2e import BIN, ROOT, free_port

HUGE = str(10**23)


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("errors") / "a.db"
    with Archive(path) as archive, archive.batch():
        for n, day in enumerate(("2020-01-01", "2020-01-02", "2020-03-01"), 1):
            url = f"http://a.cn/{n}.html"
            article = Article(url=url, title=f"电网建设纪实{n}", body=f"国网威海供电公司开展精致电网建设，第{n}篇。",
                              published=DateFound(f"{day}T10:00:00+08:00", day, "byline"))
            archive.add_page(CrawledPage(article, url, "2026-11-26T06:00:00+00:00"))
    return path


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def one_line_error(result, exit_code: int = 1) -> str:
    assert result.exit_code == exit_code, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.output


def newsarchiver_bytes(*args: bytes | str) -> subprocess.CompletedProcess[bytes]:
    """The real command with raw argv bytes, as a shell passes them."""
    return subprocess.run([str(BIN / "newsarchiver"), *args], cwd=ROOT, capture_output=True, timeout=120)


@pytest.mark.parametrize("args", [
    ["search", "电网", "--site", b"\xff\xfe"],
    ["stories", "--site", b"caf\xe9.example"],
    ["export", "--site", b"\xb9\xfa"],
    ["show", b"http://a.cn/\xff.html"],
    ["unmerge", b"\xff"],
    ["gaps", "--site", b"\xff"],
])
def test_undecodable_bytes_in_a_site_or_reference(archive, args):
    result = newsarchiver_bytes(*args, "--archive", str(archive))
    assert result.returncode == 2, result.stderr
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr and "is not valid UTF-8 text" in stderr


@pytest.mark.parametrize("args", [
    ["search", "电网", "--limit", HUGE], ["stories", "--limit", HUGE], ["runs", "--limit", HUGE],
    ["stories", "--min-copies", HUGE], ["export", "--story", HUGE], ["story", HUGE], ["templates", "--min-stories", HUGE],
    ["search", "电网", "--limit", "0"],
])
def test_numbers_sqlite_cannot_hold_are_refused(archive, args):
    output = one_line_error(run(*args, "--archive", archive), exit_code=2)
    assert "is not in the range" in output


def test_a_huge_reference_is_simply_not_found(archive):
    assert "no article" in one_line_error(run("show", HUGE, "--archive", archive))
    assert "no copy" in one_line_error(run("unmerge", HUGE, "--archive", archive))


def test_a_compact_date_is_read_as_that_date(archive):
    """`--since 20200101` silently exported nothing; now it is 2020-01-01."""
    def titles(*args: str) -> list[str]:
        result = run("export", "--archive", archive, *args)
        assert result.exit_code == 0, result.output
        return [json.loads(line)["title"] for line in result.stdout.splitlines()]

    assert titles("--since", "20200102") == titles("--since", "2020-01-02") == ["电网建设纪实2", "电网建设纪实3"]
    assert titles("--until", "20200102") == ["电网建设纪实1", "电网建设纪实2"]
    assert titles("--since", "20200101T120000+0800") == ["电网建设纪实2", "电网建设纪实3"]


@pytest.mark.parametrize("value", ["2020-13-01", "202001", "yesterday", "2020/01/01"])
def test_a_date_that_is_no_date_is_refused(archive, value):
    output = one_line_error(run("export", "--archive", archive, "--since", value), exit_code=2)
    assert "is not a date" in output


def test_a_start_url_that_is_no_url(tmp_path):
    output = one_line_error(run("crawl", "http://[::1/", "--archive", tmp_path / "a.db"), exit_code=2)
    assert "Invalid IPv6 URL" in output and not (tmp_path / "a.db").exists()
    output = one_line_error(run("crawl", "news.example.com", "--archive", tmp_path / "a.db"), exit_code=2)
    assert "not an http(s) URL" in output


def test_ingest_with_redis_unreachable_creates_no_archive(tmp_path):
    archive = tmp_path / "never.db"
    result = run("ingest", "--redis", f"redis://127.0.0.1:{free_port()}/0", "--archive", archive,
                 "--exit-when-idle", "1")
    assert "cannot reach Redis" in one_line_error(result)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("module", "extra", "args"), [
    ("warcio", "warc", ["export", "--format", "warc", "-o", "{tmp}/x.warc.gz"]),
    ("datasette", "serve", ["serve", "--write-metadata", "{tmp}/m.json"]),
])
def test_a_command_needing_a_missing_extra_says_what_to_install(archive, tmp_path, monkeypatch, module, extra, args):
    monkeypatch.setitem(sys.modules, module, None)  # `import warcio` now raises ImportError, as when not installed
    result = run(*[a.format(tmp=tmp_path) for a in args], "--archive", archive)
    assert f"pip install 'newsarchiver[{extra}]'" in one_line_error(result)
    assert list(tmp_path.iterdir()) == []


# -- extract URL: the crawl's size cap ----------------------------------------------------------------------
class _Big(http.server.BaseHTTPRequestHandler):
    size = 0
    declare = True

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if self.declare:
            self.send_header("Content-Length", str(self.size))
        self.end_headers()
        chunk = ("<p>" + "很长的正文。" * 200 + "</p>").encode()
        sent = 0
        try:
            while sent < self.size:
                part = chunk[: self.size - sent]
                self.wfile.write(part)
                sent += len(part)
        except OSError:  # the client stopped reading: what a size cap does
            pass

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def big_page(size: int, declare: bool) -> Iterator[str]:
    handler = functools.partial(type("H", (_Big,), {"size": size, "declare": declare}))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.protocol_version = "HTTP/1.0"  # without Content-Length the body ends when the connection closes
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/big.html"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("declare", [True, False])
def test_extract_url_reads_no_more_than_a_crawl_would(monkeypatch, declare):
    import newsarchiver.settings

    monkeypatch.setattr(newsarchiver.settings, "DOWNLOAD_MAXSIZE", 50_000)
    with big_page(200_000, declare) as url:
        output = one_line_error(run("extract", url))
    assert "DOWNLOAD_MAXSIZE" in output and "50,000" in output
    with big_page(40_000, declare) as url:
        result = run("extract", url)
    assert result.exit_code == 0 and json.loads(result.stdout)["body"].startswith("很长的正文")


def test_report_replaces_an_existing_file_only_with_force(archive, tmp_path):
    out = tmp_path / "story.html"
    out.write_text("precious")
    assert "--force" in one_line_error(run("report", "story", "1", "-o", out, "--archive", archive))
    assert out.read_text() == "precious"
    assert run("report", "story", "1", "-o", out, "--archive", archive, "--force").exit_code == 0
    assert "<html" in out.read_text(encoding="utf-8") and not list(tmp_path.glob(".*partial"))
