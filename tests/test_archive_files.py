"""Which files the CLI opens, and how: read commands open an archive read-only and refuse anything else,
leaving it byte for byte as it was; only writing commands create or upgrade an archive, and say so."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchiver.archive import Archive, ArchiveReader, NotAnArchive, schema
from newsarchiver.archive.files import APPLICATION_ID, inspect, sqlite_uri
from newsarchiver.cli import cli
from newsarchiver.items import Article, CrawledPage

from .e2e import rows

BODY = "国网威海供电公司开展精致电网建设。\n\n党员突击队连续奋战十一天，工程提前完工。"


def page(url: str, body: str = BODY) -> CrawledPage:
    return CrawledPage(Article(url=url, title="精致电网建设纪实", body=body, language="zh"), url,
                       "2026-11-26T06:00:00+00:00", raw=b"<html><body>" + body.encode() + b"</body></html>",
                       headers={"Content-Type": "text/html; charset=utf-8"})


def build(path: Path) -> Path:
    with Archive(path) as archive, archive.batch():
        archive.add_page(page("http://a.cn/1.html"))
        archive.add_page(page("http://b.cn/2.html", BODY + "\n\n（广告）欢迎订阅。"))
    return path


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def fingerprint_of(path: Path) -> tuple[str, list[str]]:
    """The file's bytes (hashed) and the names beside it: -wal/-shm files count as changes too."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(p.name for p in path.parent.iterdir())


@pytest.fixture
def unrelated_sqlite(tmp_path) -> Path:
    path = tmp_path / "notes.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('buy milk')")
    conn.commit()
    conn.close()
    return path


@pytest.fixture
def empty_file(tmp_path) -> Path:
    path = tmp_path / "empty.db"
    path.touch()
    return path


@pytest.fixture
def text_file(tmp_path) -> Path:
    path = tmp_path / "passwd"
    path.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n")
    return path


def commands(path: Path, tmp: Path) -> list[list[str]]:
    """Every command that opens an archive, read and write alike."""
    html = tmp / "page.html"
    html.write_text("<html><head><title>t</title></head><body><p>正文内容很长很长。</p></body></html>")
    return [
        ["stats"], ["search", "电网"], ["show", "1"], ["stories"], ["story", "1"], ["runs"], ["gaps"],
        ["templates"], ["export"], ["export", "--format", "csv", "-o", str(tmp / "out.csv")],
        ["export", "--format", "sqlite", "-o", str(tmp / "snap.db")],
        ["export", "--format", "warc", "-o", str(tmp / "x.warc.gz")],
        ["serve", "--write-metadata", str(tmp / "meta.json")],
        ["extract", str(html), "--template-from", str(path)],
        ["report", "story", "1", "-o", str(tmp / "story.html")],
        # writing commands that never create an archive
        ["reextract"], ["unmerge", "1"], ["templates", "--rebuild"], ["migrate"],
    ]


@pytest.mark.parametrize("kind", ["unrelated_sqlite", "empty_file", "text_file"])
def test_no_command_touches_a_file_that_is_not_an_archive(kind, request, tmp_path):
    path = request.getfixturevalue(kind)
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    for args in commands(path, outputs):
        before = fingerprint_of(path)
        result = run(*args, "--archive", path) if args[0] != "extract" else run(*args)
        assert result.exit_code == 1, (args, result.output)
        message = result.output.strip()
        assert message.startswith("Error: ") and len(message.splitlines()) == 1, (args, message)
        assert "not a newsarchiver archive" in message and str(path) in message, (args, message)
        assert fingerprint_of(path) == before, f"{args} changed {path}"
        assert not list(outputs.glob("*.db")) and not list(outputs.glob("*.json")), args
        assert not (outputs / "story.html").exists(), args


def test_crawl_refuses_a_file_that_is_not_an_archive(unrelated_sqlite):
    before = fingerprint_of(unrelated_sqlite)
    result = run("crawl", "http://127.0.0.1:9/", "--archive", unrelated_sqlite)
    assert result.exit_code == 1 and "not a newsarchiver archive" in result.output
    assert fingerprint_of(unrelated_sqlite) == before


def test_read_commands_open_read_only(tmp_path):
    """A read command leaves an archive's bytes as they were (SQLite may leave the empty -wal/-shm files a
    WAL reader needs: nothing is written to them)."""
    path = build(tmp_path / "a.db")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for args in (["stats"], ["search", "电网"], ["show", "1"], ["stories"], ["runs"], ["gaps"], ["templates"],
                 ["export"]):
        assert run(*args, "--archive", path).exit_code == 0, args
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before, args
        assert {p.name for p in tmp_path.iterdir()} <= {"a.db", "a.db-wal", "a.db-shm"}
        assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0, args
    with ArchiveReader.open(path) as reader:
        with pytest.raises(sqlite3.OperationalError, match="readonly|read-only|query_only"):
            reader.db.execute("DELETE FROM copies")


def old_archive(path: Path, monkeypatch) -> Path:
    """An archive lacking migration 009, as the version before it left it. (Built by today's filing code,
    so the later migrations, which that code needs, are applied: only 009 is missing.)"""
    monkeypatch.setattr(schema, "MIGRATIONS", [m for m in schema.MIGRATIONS if m[0] != "009_archive_identity"])
    build(path)
    monkeypatch.undo()
    return path


def test_an_old_archive_is_upgraded_only_by_a_writing_command_which_says_so(tmp_path, monkeypatch):
    path = old_archive(tmp_path / "old.db", monkeypatch)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for args in (["stats"], ["search", "电网"], ["export", "--format", "sqlite", "-o", str(tmp_path / "s.db")]):
        result = run(*args, "--archive", path)
        assert result.exit_code == 1, args
        assert "older newsarchiver" in result.output and "009_archive_identity" in result.output
        assert "newsarchiver migrate" in result.output
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before, args
    result = run("reextract", "--archive", path)
    assert result.exit_code == 0, result.output
    assert "upgraded" in result.stderr and "009_archive_identity" in result.stderr
    assert run("stats", "--archive", path).exit_code == 0
    assert "upgraded" not in run("reextract", "--archive", path).stderr  # once


def test_migrate_upgrades_an_old_archive(tmp_path, monkeypatch):
    path = old_archive(tmp_path / "old.db", monkeypatch)
    result = run("migrate", "--archive", path)
    assert result.exit_code == 0 and "009_archive_identity" in result.stderr
    assert "up to date" in run("migrate", "--archive", path).stderr
    assert rows(path, "PRAGMA application_id") == [(APPLICATION_ID,)]


def test_a_truncated_archive_is_a_clear_error(tmp_path):
    path = build(tmp_path / "a.db")
    with Archive(path) as archive:  # grow it over many pages, then cut it in the middle
        with archive.batch():
            for n in range(60):
                archive.add_page(page(f"http://c.cn/{n}.html", f"第{n}篇。" + "海港的变迁。" * 200 + str(n)))
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cut = tmp_path / "cut.db"
    shutil.copyfile(path, cut)
    with cut.open("r+b") as fh:
        fh.truncate(cut.stat().st_size // 2)
    for args in (["stats"], ["search", "海港"], ["export"]):
        result = run(*args, "--archive", cut)
        assert result.exit_code == 1, (args, result.output)
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1, result.output
        assert "cut.db" in result.output and ("damaged" in result.output or "malformed" in result.output)


def test_inspect_tells_files_apart(tmp_path, unrelated_sqlite, empty_file, text_file):
    assert inspect(tmp_path / "none.db").kind == "missing"
    assert inspect(empty_file).kind == "empty"
    assert inspect(build(tmp_path / "a.db")).kind == "archive"
    for path in (unrelated_sqlite, text_file, tmp_path):
        with pytest.raises(NotAnArchive):
            inspect(path)


@pytest.mark.parametrize("name", ["news#1.db", "what?.db", "100%.db", "a b.db", "新闻.db"])
def test_any_file_name_opens_that_file(tmp_path, name):
    """An SQLite URI built from the raw path opened a stray file `news` for `news#1.db` (issue 13 point 7)."""
    path = build(tmp_path / name)
    assert sqlite_uri(path).startswith("file:///")
    with ArchiveReader.open(path) as reader:
        assert reader.db.execute("SELECT count(*) FROM copies").fetchone()[0] == 2
    out = tmp_path / "snap.db"
    result = run("export", "--archive", path, "--format", "sqlite", "-o", out, "--no-progress")
    assert result.exit_code == 0, result.output
    assert rows(out, "SELECT count(*) FROM copies") == [(2,)]
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(name)) == ["snap.db"]


def test_opening_an_archive_again_keeps_the_locks_of_a_writer_in_the_same_process(tmp_path):
    """Looking at an archive must not drop this process's SQLite locks on it (a Python open()/close() of
    the file does): another process would then take itself for the last user, checkpoint and delete the
    WAL, and the writer's later commits would go to a deleted file, unseen (how a crawl's middleware
    opening the archive hid every commit of its pipeline)."""
    import subprocess
    import sys

    path = build(tmp_path / "a.db")
    count = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
             "print(c.execute('SELECT count(*) FROM copies').fetchone()[0]); c.close()")
    with Archive(path) as writer:
        writer.start_run("test", [])
        with ArchiveReader.open(path) as reader, Archive.open_readonly(path):
            assert reader.visit_plan("http://a.cn/1.html") is not None
            subprocess.run([sys.executable, "-c", count, str(path)], check=True, capture_output=True)
            with writer.batch():
                writer.add_page(page("http://c.cn/3.html", "另一篇：海港的变迁。"))
            assert Path(f"{path}-wal").exists()
            seen = subprocess.run([sys.executable, "-c", count, str(path)], check=True, capture_output=True, text=True)
            assert seen.stdout.strip() == "3"
