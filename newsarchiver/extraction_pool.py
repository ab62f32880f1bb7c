"""Worker processes that read pages (``extract.reading.read_page``) off the reactor's thread.

Reading a page (decode, extract, removal, links: ~3–5 ms a demo page) is pure CPU work that needs only the response:
run in a :class:`~concurrent.futures.ProcessPoolExecutor`, it uses the cores the reactor's process
leaves idle, while the reactor goes on downloading and filing. ``NEWSARCHIVER_EXTRACT_WORKERS`` sets
how many (``auto``: :func:`auto_workers`; 0: no pool, pages are read in the reactor's process).

- Processes come from multiprocessing's ``forkserver`` (``spawn`` where there is none): never a fork of
  the crawler, which has threads and a running reactor a child would inherit half-copied. The fork
  server imports the extractor once, then each worker (and a replacement after a crash) is a fork of
  it, ready at once. They are started from a thread (the first waits for the fork server's imports,
  ~0.5 s): the reactor does not wait, and the spider reads the first pages itself meanwhile. As with any use of
  multiprocessing, a worker imports the crawler's ``__main__`` again: a script that runs a crawl must
  guard it with ``if __name__ == "__main__":`` (``scrapy``, ``newsarchiver`` and Scrapyd do).
- Back-pressure is Scrapy's: a response stays in the scraper's slot until its callback is done, and the
  engine stops downloading while the slot holds more than ``SCRAPER_SLOT_MAX_ACTIVE_SIZE`` bytes
  (5 MB), so the pages waiting for a worker are bounded by it; ``max_in_flight`` says how many there were.
- A worker that dies (killed, out of memory, a crash in C code) breaks the pool: the crash is logged and
  counted, a new pool replaces it, and each page that was in the broken one is read again, alone in a
  one-worker pool; a page whose worker dies there too is given up (:class:`WorkerCrashed`, the spider
  records a ``parse_error``). The crawl goes on.
- A crawler killed with SIGKILL cannot shut its pool down, and a pool's worker would wait for work
  forever (it holds its own queue's ends): each worker also holds the read end of a pipe only the
  crawler can write to, sees it end when the crawler is gone, and exits; the fork server follows
  once its last client is gone. No orphans left running.

No Scrapy here: the spider owns a pool, awaits :meth:`ExtractionPool.run` from its ``async`` callback
(asyncio reactor) and closes it when the spider closes.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from typing import Any

from .archive.prepare import prepare
from .extract.reading import FetchedPage, PageReading, ReadingOptions, read_page

logger = logging.getLogger(__name__)

__all__ = ["ExtractionPool", "PoolUnavailable", "WorkerCrashed", "auto_workers", "workers_setting"]

#: a cap on ``auto``: the reactor's process (download, Scrapy, filing) is the bottleneck well before
#: two workers are busy (docs/benchmarks.md), and each worker holds its own extractor (~60 MB)
AUTO_MAX_WORKERS = 2


class PoolUnavailable(RuntimeError):
    """The worker processes could not be started: pages are to be read in the crawler's process."""


class WorkerCrashed(RuntimeError):
    """A page given up: its worker died, and died again when the page was read alone."""


def auto_workers(cores: int | None = None) -> int:
    """Workers for ``auto``: one per core the crawler's process leaves (cores - 1), at most
    :data:`AUTO_MAX_WORKERS`; 0 on one core, where a worker would only add its IPC to the same core."""
    if cores is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(0, min(cores - 1, AUTO_MAX_WORKERS))


def workers_setting(value: Any) -> int:
    """NEWSARCHIVER_EXTRACT_WORKERS as a number: ``auto`` (or empty/None) -> :func:`auto_workers`."""
    if value is None or str(value).strip().lower() in ("", "auto"):
        return auto_workers()
    try:
        workers = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"NEWSARCHIVER_EXTRACT_WORKERS must be a number of processes or 'auto', not {value!r}") from None
    if workers < 0:
        raise ValueError(f"NEWSARCHIVER_EXTRACT_WORKERS must be 0 or more, not {workers}")
    return workers


class ExtractionPool:
    """``workers`` processes reading pages with ``options``; :meth:`read` awaits one page's reading."""

    def __init__(self, workers: int, options: ReadingOptions) -> None:
        if workers < 1:
            raise ValueError("an ExtractionPool needs at least one worker")
        self.workers = workers
        self.options = options
        self.crashes = 0  # pools broken by a worker's death
        self.given_up = 0  # pages given up: their worker died twice
        self.in_flight = 0
        self.max_in_flight = 0
        self.cpu_seconds = 0.0  # CPU the workers spent reading pages
        self._context = _context()
        # the crawler holds the only write end: the read end ends (EOF) in every worker when the crawler is gone
        self._alive_r, self._alive_w = self._context.Pipe(duplex=False)
        self._executor: ProcessPoolExecutor | None = None
        self._retry_executor: ProcessPoolExecutor | None = None  # one worker: pages read again after a crash
        self._alone = asyncio.Lock()
        self._ready: asyncio.Future[None] | None = None  # the processes started (started())
        self._closed = False

    def start(self) -> None:
        """Start the worker processes, from a thread (starting the first waits for the fork server to import
        the extractor); :attr:`ready` once they are. Needs a running asyncio loop."""
        if self._ready is None:
            self._ready = asyncio.get_running_loop().run_in_executor(None, self._start_processes)

    @property
    def ready(self) -> bool:
        """The workers are started (False while they start, and if they could not)."""
        return self._ready is not None and self._ready.done() and self._ready.exception() is None

    @property
    def starting(self) -> bool:
        """Started, not ready yet."""
        return self._ready is not None and not self._ready.done()

    async def started(self) -> None:
        """Wait until the worker processes are started (starting them if need be). Raises PoolUnavailable
        if they cannot be."""
        self.start()
        assert self._ready is not None
        try:
            await self._ready
        except Exception as exc:
            raise PoolUnavailable(f"extraction workers could not start: {exc}") from exc

    def _start_processes(self) -> None:
        executor = self._current()
        for _ in range(self.workers):  # a pool starts a process per task while none is idle
            executor.submit(_warm)

    async def read(self, page: FetchedPage) -> PageReading:
        """The reading of ``page`` by a worker. Raises :class:`WorkerCrashed` if its worker died twice."""
        reading, cpu = await self.run(_read_in_worker, page)
        self.cpu_seconds += cpu
        return reading

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` in a worker (``fn`` must be importable by name there); read again, alone, if a
        worker's death broke the pool it ran in."""
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await self.started()
            executor = self._current()
            try:
                return await asyncio.wrap_future(executor.submit(fn, *args))
            except BrokenProcessPool as exc:
                self._replace(executor, exc)
            # Every page of a broken pool failed with it, the one that killed its worker among them: each
            # is read again alone, in a one-worker pool, so that a page that kills its worker every time
            # breaks no other page's second reading and is the only one given up.
            async with self._alone:
                if self._retry_executor is None:
                    self._retry_executor = self._executor_for(1)
                retry = self._retry_executor
                try:
                    return await asyncio.wrap_future(retry.submit(fn, *args))
                except BrokenProcessPool as exc:
                    self.crashes += 1
                    self.given_up += 1
                    logger.error("an extraction worker died reading a page alone (%s): the page is given up", exc)
                    self._retry_executor = None
                    retry.shutdown(wait=False, cancel_futures=True)
                    raise WorkerCrashed("the extraction worker died reading this page (twice)") from exc
        finally:
            self.in_flight -= 1

    def close(self) -> None:
        """Stop the workers (the spider closes the pool when it closes)."""
        self._closed = True
        for executor in (self._executor, self._retry_executor):
            if executor is not None:
                executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._retry_executor = None
        self._alive_r.close()
        self._alive_w.close()

    def _current(self) -> ProcessPoolExecutor:
        if self._closed:
            raise RuntimeError("the extraction pool is closed")
        if self._executor is None:
            self._executor = self._executor_for(self.workers)
        return self._executor

    def _executor_for(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, mp_context=self._context, initializer=_start_worker,
                                   initargs=(self.options, self._alive_r))

    def _replace(self, broken: ProcessPoolExecutor, exc: BaseException) -> None:
        """A worker died: every page in ``broken`` fails at once; the first to notice replaces the pool."""
        if self._executor is not broken:
            return  # already replaced by another page of the same pool
        self.crashes += 1
        logger.error("an extraction worker died (%s): starting a new pool; its pages are read again", exc)
        self._executor = None
        broken.shutdown(wait=False, cancel_futures=True)


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # what the fork server imports before forking workers: the extractor, not the crawler's __main__
    context.set_forkserver_preload([__name__])
    return context


# -- in the worker process -------------------------------------------------------------------------
_options: ReadingOptions | None = None


def _start_worker(options: ReadingOptions, crawler_alive: Connection) -> None:
    global _options
    _options = options
    threading.Thread(target=_exit_with_crawler, args=(crawler_alive,), name="crawler-alive", daemon=True).start()


def _exit_with_crawler(crawler_alive: Connection) -> None:
    """Exit when the crawler is gone: nothing is ever written to this pipe, it ends when the crawler's write
    end closes (at its exit, however it ended)."""
    try:
        crawler_alive.recv_bytes()
    except (EOFError, OSError):
        pass
    os._exit(1)


def _warm() -> None:
    """Nothing: a task that makes the pool start a process."""


def _read_in_worker(page: FetchedPage) -> tuple[PageReading, float]:
    """The page's reading, and the CPU time it took in this worker."""
    assert _options is not None, "worker started without its options"
    started = time.process_time()
    reading = read_page(page, _options)
    # An article's per-page filing values (MinHash signature, band keys, fingerprint, search tokens) are
    # computed here too, on this core, so that the crawler's single writer only checks and writes them.
    reading.records = [prepare(record) for record in reading.records]
    return reading, time.process_time() - started
