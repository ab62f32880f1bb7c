"""Raw pages: one decompression helper for every reader, honouring each row's `compression` (issue 17).

New pages are zstd; pages archived as zlib (older versions) or stored uncompressed stay readable by
`reextract` and the WARC export, which used to assume zlib (reextract) or treat anything else as
uncompressed (WARC)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from newsarchiver.archive import Archive
from newsarchiver.archive.rawpages import CODECS, RawPageError, compress, decompress
from newsarchiver.cli import cli
from newsarchiver.demo import build_world, render_article_page
from newsarchiver.extract import extract_article
from newsarchiver.items import CrawledPage

from .e2e import rows

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize("codec", CODECS)
def test_every_codec_round_trips(codec):
    body = "<html><body><p>国网威海供电公司开展精致电网建设。</p></body></html>".encode("gbk") * 50
    assert decompress(compress(body, codec), codec) == body


def test_an_unknown_codec_or_damaged_bytes_are_clear_errors():
    with pytest.raises(RawPageError, match="unknown compression 'brotli'"):
        decompress(b"x", "brotli")
    with pytest.raises(RawPageError, match="cannot be decompressed"):
        decompress(b"not zstd at all", "zstd")


def test_new_pages_are_zstd(tmp_path):
    path = tmp_path / "a.db"
    page = pages(1)[0]
    with Archive(path) as archive, archive.batch():
        archive.add_page(page)
    assert rows(path, "SELECT compression FROM raw_pages") == [("zstd",)]


def pages(n: int) -> list[CrawledPage]:
    world = build_world(articles=n, seed=4, now=NOW, families=("justnews",))
    site = world.sites[0]
    out = []
    for article in site.articles[:n]:
        raw = render_article_page(site, article, base_url="http://127.0.0.1:8702/", now=NOW, prev=None, next=None,
                                  related=[])
        url = "http://127.0.0.1:8702" + article.path
        out.append(CrawledPage(extract_article(raw, url, fetched_at=NOW), url, NOW.isoformat(), raw=raw,
                               headers={"Content-Type": "text/html; charset=utf-8"}))
    return out


@pytest.fixture
def mixed_archive(tmp_path) -> tuple[Path, dict[str, bytes]]:
    """Pages archived as older versions did (zlib), uncompressed ('none') and as this one does (zstd)."""
    path = tmp_path / "mixed.db"
    sample = pages(6)
    for codec, chunk in zip(CODECS, (sample[:2], sample[2:4], sample[4:])):
        with Archive(path, compression=codec) as archive, archive.batch():
            for page in chunk:
                archive.add_page(page)
    assert sorted(r[0] for r in rows(path, "SELECT DISTINCT compression FROM raw_pages")) == ["none", "zlib", "zstd"]
    return path, {p.url: p.raw for p in sample}


def test_reextract_reads_every_codec(mixed_archive):
    path, _ = mixed_archive
    result = CliRunner().invoke(cli, ["reextract", "--archive", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "6 unchanged"


def test_the_warc_export_writes_the_bytes_as_received_whatever_the_codec(mixed_archive, tmp_path):
    path, originals = mixed_archive
    out = tmp_path / "pages.warc.gz"
    assert CliRunner().invoke(cli, ["export", "--archive", str(path), "--format", "warc", "-o", str(out),
                                    "--no-progress"]).exit_code == 0
    with out.open("rb") as fh:
        payloads = {r.rec_headers.get_header("WARC-Target-URI"): r.content_stream().read()
                    for r in ArchiveIterator(fh) if r.rec_type == "response"}
    assert payloads == originals
    for url, body in payloads.items():
        assert hashlib.sha256(body).hexdigest() in {r[0] for r in rows(path, "SELECT sha256 FROM raw_pages")}
