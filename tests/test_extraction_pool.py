"""Reading pages in worker processes (newsarchiver.extraction_pool): same readings, crashes survived."""

from __future__ import annotations

import asyncio
import os
import pickle
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsarchiver.extract.profiles import parse_profiles
from newsarchiver.extract.reading import FetchedPage, ReadingOptions, read_page
from newsarchiver.extraction_pool import ExtractionPool, WorkerCrashed, auto_workers, workers_setting
from newsarchiver.items import CrawledPage, FetchFailure

SITE = Path(__file__).parent / "sites" / "othercms"
WHEN = datetime(2024, 5, 12, 8, 0, tzinfo=UTC)


def fetched(name: str, url: str | None = None, **kwargs) -> FetchedPage:
    return FetchedPage(url=url or f"http://news.example.com/{name}", body=(SITE / name).read_bytes(), fetched_at=WHEN,
                       headers={"Content-Type": "text/html"}, **kwargs)


PAGES = [fetched("news/n1001.shtml"), fetched("news/n1002.shtml"), fetched("index.html"),
         fetched("news/broken.shtml"), FetchedPage("http://news.example.com/empty", b"  ", WHEN),
         FetchedPage("http://news.example.com/png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, WHEN)]


def run(coro):
    return asyncio.run(coro)


def test_a_reading_pickles_and_a_worker_reads_as_this_process_does():
    options = ReadingOptions(min_body_chars=20)
    here = [read_page(p, options) for p in PAGES]
    assert any(isinstance(r, CrawledPage) for reading in here for r in reading.records)
    assert any(isinstance(r, FetchFailure) for reading in here for r in reading.records)
    assert pickle.loads(pickle.dumps(here)) == here

    async def in_workers():
        pool = ExtractionPool(2, options)
        try:
            return await asyncio.gather(*(pool.read(p) for p in PAGES))
        finally:
            pool.close()

    assert run(in_workers()) == here


def test_profiles_reach_the_workers():
    profiles = parse_profiles('[[site]]\ndomains = ["example.com"]\ntitle = "title"\n')
    options = ReadingOptions(profiles=(profiles,))
    page = fetched("news/n1001.shtml")

    async def in_worker():
        pool = ExtractionPool(1, options)
        try:
            return await pool.read(page)
        finally:
            pool.close()

    reading = run(in_worker())
    assert reading == read_page(page, options)
    article = next(r for r in reading.records if isinstance(r, CrawledPage)).article
    assert article.origins.get("title") == "profile"


def test_a_page_that_kills_its_worker_is_given_up_alone_and_the_pool_goes_on():
    """A worker dying breaks the whole pool: the pages in it are read again one by one, so the page that
    kills its worker is the only one lost; the next pages are read by a new pool."""
    async def crash_among_others():
        pool = ExtractionPool(2, ReadingOptions())
        try:
            slow = pool.run(time.sleep, 0.5)  # in flight when the pool breaks
            killer = pool.run(os._exit, 3)
            results = await asyncio.gather(slow, killer, return_exceptions=True)
            after = await pool.read(PAGES[0])
            return results, after, pool.crashes, pool.given_up
        finally:
            pool.close()

    (slow, killer), after, crashes, given_up = run(crash_among_others())
    assert slow is None  # read again (alone) and done
    assert isinstance(killer, WorkerCrashed)
    assert crashes == 2 and given_up == 1  # the pool, then the one-worker pool it was read alone in
    assert after == read_page(PAGES[0], ReadingOptions())


def test_workers_setting():
    assert workers_setting("0") == 0 and workers_setting(3) == 3
    assert workers_setting("auto") == workers_setting(None) == auto_workers()
    assert [auto_workers(n) for n in (1, 2, 3, 8)] == [0, 1, 2, 2]
    with pytest.raises(ValueError, match="NEWSARCHIVER_EXTRACT_WORKERS"):
        workers_setting("many")
    with pytest.raises(ValueError, match="0 or more"):
        workers_setting(-1)
