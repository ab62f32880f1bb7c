"""Prepared values (archive/prepare.py): what filing computes from a page alone, computed away from the writer.

The archive must be the same whether pages come with prepared values or not, whether the site's template
takes paragraphs out of a body or not; values that do not fit the page, or are not ours, are never filed.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.raw_pages import demo_pages
from newsarchiver.archive import Archive, neardup
from newsarchiver.archive.prepare import VERSION, from_json, prepare, prepare_values, PreparedInvalid
from newsarchiver.archive.search import index_text
from newsarchiver.archive.stories import fingerprint
from newsarchiver.distributed.codec import dump_item, load_item
from newsarchiver.extract import extract_article, templates
from newsarchiver.filing import BatchFiler
from newsarchiver.items import CrawledPage

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

# paragraphs mixing what normalising folds: width, case, combining marks, Hangul jamo, a capital sigma
# (lower-cased by its neighbours), a dotted capital I (two characters lower-cased), punctuation, digits
PIECES = ["新闻存档，", "ＡＢＣ全角", "e\u0301te\u0301", "\u1100\u1161\u11a8", "ΟΔΟΣ", "ΣΑΣ", "İstanbul",
          "2024年5月1日", "——", "  ", "Hello, World!", "\u0301", "ﬁne", "㍿", "版权声明：转载请注明出处",
          "a", "中", "x_y", "\u00a0", "\u3000"]
paragraph = st.lists(st.sampled_from(PIECES), min_size=0, max_size=6).map("".join)
bodies = st.lists(paragraph, min_size=0, max_size=8).map(lambda ps: "\n\n".join(ps))


@settings(max_examples=300, deadline=None)
@given(title=st.one_of(st.none(), paragraph), body=bodies, data=st.data())
def test_prepared_values_are_the_writers_own_for_the_whole_body_and_any_paragraphs_kept(title, body, data):
    p = prepare_values(title, body)
    assert (p.fingerprint, p.signature, list(p.band_keys), p.title_tokens, p.body_tokens) == \
        (fingerprint(body), neardup.text_signature(body), neardup.band_keys(p.signature), index_text(title),
         index_text(body))
    texts = templates.body_paragraphs(body)
    if p.paragraphs is None:  # only a body whose paragraphs cannot be recombined exactly goes without pieces
        assert any(ch in neardup.normalise_text(body) for ch in "σς")
        return
    assert p.keys == [templates.block_key(t) for t in texts]
    kept = data.draw(st.lists(st.booleans(), min_size=len(texts), max_size=len(texts)))
    kept = [i for i, keep in enumerate(kept) if keep]
    rest = templates.join_paragraphs(texts[i] for i in kept)
    filed = p.for_kept(kept)
    assert (filed.fingerprint, filed.signature, list(filed.band_keys), filed.body_tokens) == \
        (fingerprint(rest), neardup.text_signature(rest), neardup.band_keys(filed.signature), index_text(rest))


def test_prepared_values_survive_the_wire_as_json_and_a_process_pool_as_pickles():
    p = prepare_values("标题 Title", "第一段新闻内容，足够长。\n\n第二段 second paragraph here.\n\n短")
    data = json.loads(json.dumps(p.to_json()))
    assert from_json(data) == p
    page = CrawledPage(extract_article(b"<html><body><article><p>x</p></article></body></html>", "http://a.example/1"),
                       "http://a.example/1", NOW.isoformat())
    with ProcessPoolExecutor(1) as pool:  # what an extraction worker process will hand the writer
        back = pool.submit(prepare, page).result()
    assert back.prepared == prepare(page).prepared and back.prepared is not None


@pytest.fixture(scope="module")
def pages():
    return demo_pages(160, seed=5)


#: columns written with the clock at filing time, not with the page's fetch time
CLOCK_COLUMNS = {"created", "started", "finished", "started_at", "finished_at", "applied"}


def rows(path, skip: frozenset[str] = frozenset()) -> dict[str, list[tuple]]:
    """Every table's rows (shadow tables of the search index included), clock columns (and ``skip``) left out."""
    conn = sqlite3.connect(path)
    out = {}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")') if r[1] not in CLOCK_COLUMNS | skip]
        if name in ("runs", "crawl_runs") or not cols:
            continue
        out[name] = sorted(conn.execute(f'SELECT {",".join(chr(34) + c + chr(34) for c in cols)} FROM "{name}"'),
                           key=repr)
    conn.close()
    return out


def file_all(path, pages, batch: int = 25) -> BatchFiler:
    with Archive(path) as archive:
        filer = BatchFiler(archive, None)
        for n, page in enumerate(pages):
            filer.file(page)
            if n % batch == batch - 1:
                filer.commit()
        filer.commit()
        filer.prepared = dict(archive.filing.prepared_counts)
    return filer


def test_an_archive_filed_with_prepared_values_is_the_archive_filed_without(tmp_path, pages):
    twice = pages + pages[:20]  # a second visit of some pages: unchanged copies
    plain = file_all(tmp_path / "plain.db", twice)
    # as a distributed crawl files them: prepared by the crawler, through the item codec (JSON) and back
    wired = [load_item(dump_item(prepare(page))) for page in twice]
    assert all(isinstance(page.prepared, dict) for page in wired)
    prepared = file_all(tmp_path / "prepared.db", wired)
    assert plain.counts == prepared.counts and plain.counts["new"] == len(pages)
    assert plain.counts["template_cleaned"] > 0  # the sites' templates were learned and applied
    # most pages were filed without their site's template, from the prepared paragraphs
    assert prepared.prepared["recombined"] > len(pages) // 2, prepared.prepared
    assert prepared.prepared["used"] == len(twice) and not prepared.prepared.get("rejected")
    assert not prepared.prepared.get("wrong") and not prepared.prepared.get("recomputed")
    a, b = rows(tmp_path / "plain.db"), rows(tmp_path / "prepared.db")
    assert a.keys() == b.keys()
    for table in a:
        assert a[table] == b[table], table


def tamper(item: str, change) -> str:
    record = json.loads(item)
    change(record)
    return json.dumps(record, ensure_ascii=False)


def test_prepared_values_that_do_not_fit_are_rejected_and_recomputed(tmp_path, pages, caplog):
    some = pages[:40]
    items = [dump_item(prepare(page)) for page in some]
    sig = neardup.text_signature("something else entirely, another article")
    import base64

    bad = {
        1: lambda r: r["prepared"].update(signature="%%%"),  # not base64
        2: lambda r: r["prepared"].update(version=VERSION + 1),  # another producer
        3: lambda r: r["prepared"].update(scheme="minhash-legacy-perm128"),
        4: lambda r: r["item"]["article"].update(body=r["item"]["article"]["body"] + "\n\n后加的一段文字"),  # text changed
        5: lambda r: r["prepared"].update(band_keys=["1"] * 16),
        6: lambda r: r["prepared"]["paragraphs"].update(keys=r["prepared"]["paragraphs"]["keys"][:-1]),
        7: lambda r: r.update(prepared=["not", "an", "object"]),
        8: lambda r: r["prepared"].update(paragraphs={"keys": "x"}),
    }
    for n, change in bad.items():
        items[n] = tamper(items[n], change)
    # right digest, wrong values: only computing them again finds that; the first page is spot-checked
    items[0] = tamper(items[0], lambda r: r["prepared"].update(signature=base64.b64encode(sig).decode(),
                                                                  fingerprint="0" * 40))
    loaded = [load_item(item) for item in items]
    with caplog.at_level(logging.WARNING, logger="newsarchiver.archive.filing"):
        filer = file_all(tmp_path / "tampered.db", loaded)
    assert filer.prepared["rejected"] == len(bad) and filer.prepared["wrong"] == 1
    assert sum("prepared values of" in r.getMessage() for r in caplog.records) == len(bad) + 1
    # nothing wrong was filed: the archive is the one filed from the same pages without prepared values
    plain_pages = [load_item(tamper(item, lambda r: r.pop("prepared", None))) for item in items]
    file_all(tmp_path / "plain.db", plain_pages)
    a, b = rows(tmp_path / "plain.db"), rows(tmp_path / "tampered.db")
    for table in a:
        assert a[table] == b[table], table


def test_items_without_prepared_values_still_load_and_new_items_stay_readable_by_old_ingests(pages):
    page = pages[0]
    old = dump_item(page)  # what a crawler of before pushed
    assert "prepared" not in json.loads(old) and load_item(old).prepared is None
    new = json.loads(dump_item(prepare(page)))
    # an older ingest builds CrawledPage(**item): the prepared values are beside the item, not in it
    assert "prepared" not in new["item"] and new["prepared"]["version"] == VERSION
    # prepared values slipped inside the item are not taken from there
    inside = json.loads(old)
    inside["item"]["prepared"] = new["prepared"]
    assert load_item(json.dumps(inside)).prepared is None


def test_garbage_never_parses_as_prepared_values():
    for garbage in (None, [], "x", {"version": 1}, {**prepare_values("t", "b").to_json(), "digest": 5}):
        with pytest.raises(PreparedInvalid):
            from_json(garbage)


def test_the_ingest_files_prepared_items_and_says_how_many_values_it_could_not_use(tmp_path, pages):
    """A real `newsarchiver ingest` on a real Redis: crawlers' items with prepared values, one of them
    tampered with (its body changed after the values were computed) and one from a crawler of before."""
    import subprocess

    import redis

    from tests.e2e import BIN, REDIS_SERVER, ROOT, redis_server

    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (.ci/run installs Debian's redis-server)")
    some = pages[:30]
    items = [dump_item(prepare(page)) for page in some]
    items[3] = tamper(items[3], lambda r: r["item"]["article"].update(body=r["item"]["article"]["body"] + "\n\n多了一段"))
    items[4] = dump_item(some[4])  # no prepared values
    archive = tmp_path / "a.db"
    with redis_server(tmp_path) as url:
        redis.Redis.from_url(url).rpush("repost:items", *items)
        done = subprocess.run([str(BIN / "newsarchiver"), "ingest", "--redis", url, "--archive", str(archive),
                               "--exit-when-idle", "1", "--batch-size", "10"], cwd=ROOT, capture_output=True,
                              text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "ingested: 30 new" in done.stderr
    assert "prepared values not used (computed by the ingest instead): 1 rejected, 0 found wrong" in done.stderr
    assert "computed from another title or body" in done.stderr
    # what was filed is what the pages' texts give, the tampered one's included
    plain = [load_item(item) for item in items]
    for page in plain:
        page.prepared = None
    file_all(tmp_path / "plain.db", plain, batch=10)  # the ingest's batches: the search index's segments too
    a, b = rows(tmp_path / "plain.db", frozenset({"run_id"})), rows(archive, frozenset({"run_id"}))
    for table in a:
        assert a[table] == b[table], table
