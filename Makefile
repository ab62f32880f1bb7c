# newsarchiver: `make demo` and `make test` are all a fresh machine needs (Python 3.11 and make).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

BENCH_STAMP := $(VENV)/.bench-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: demo test bench-crawl bench-extract bench-stories bench-archive bench-filing bench-ingest bench-search bench-search-page bench-memory bench-startup bench-extract-cli bench-raw bench-templates bench-web bench-cms venv clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,serve,warc,distributed]'
	@rm -f $(VENV)/.installed-*
	@touch $@

venv: $(STAMP)  ## create the virtualenv and install newsarchiver with its test, serve, warc and distributed extras

demo: $(STAMP)  ## serve the demo repost sites on 127.0.0.1, crawl them into exports/newsarchiver.db, summarise
	$(VENV)/bin/newsarchiver demo --archive exports/newsarchiver.db

test: $(STAMP)  ## run the whole test suite (offline; servers on 127.0.0.1 only)
	$(PY) -m pytest

$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,serve,warc,distributed,bench]'
	@rm -f $(VENV)/.bench-*
	@touch $@

bench-crawl: $(STAMP)  ## full pipeline (extraction workers 0 and auto) vs bare Scrapy on a 2,000-article demo site
	$(PY) benchmarks/crawl.py

bench-stories: $(STAMP)  ## story clustering precision/recall on 20,000 generated reposts
	$(PY) benchmarks/stories.py

bench-archive: $(STAMP)  ## cost of one insert at 10k, 100k and 1M archived copies; size per 1,000 pages
	$(PY) benchmarks/archive_scale.py

# BENCH_BEFORE=DIR (an older checkout, e.g. `git worktree add /tmp/before main`): bench-filing,
# bench-ingest and bench-startup run it and this checkout side by side, rounds interleaved
BENCH_BEFORE ?=
BENCH_TREES := $(if $(BENCH_BEFORE),--tree $(BENCH_BEFORE) --tree $(CURDIR),)

# BENCH_BASE=FILE: bench-filing's grown 1M-copy archive, reused when it exists (else built there, ~20 min)
BENCH_BASE ?=

bench-filing: $(STAMP)  ## filing one page at 1M archived copies (batches of 100), cost per component
	$(PY) benchmarks/filing.py $(BENCH_TREES) $(if $(BENCH_BASE),--base $(BENCH_BASE),)

bench-ingest: $(STAMP)  ## newsarchiver ingest items/s from a local Redis (2,000 demo pages)
	$(PY) benchmarks/ingest_rate.py $(BENCH_TREES)

bench-search: $(STAMP)  ## full-text search p50/p95 on a generated 1M-copy archive (2-4 Chinese characters, English words)
	$(PY) benchmarks/search_latency.py $(if $(BENCH_SEARCH_ARCHIVE),--keep $(BENCH_SEARCH_ARCHIVE),)

# BENCH_SEARCH_ARCHIVE=PATH: the 1M-copy archive bench-search writes with --keep PATH (generated when absent)
bench-search-page: $(STAMP)  ## the Datasette search page at 1M copies: GET /DB/find?q= p50/p95 per term band (BENCH_BEFORE: side by side)
	$(PY) benchmarks/search_page.py $(if $(BENCH_SEARCH_ARCHIVE),--keep $(BENCH_SEARCH_ARCHIVE),) $(BENCH_TREES)

bench-memory: $(STAMP)  ## crawler memory growth over a long crawl of a generated site, the seen-set aside
	$(PY) benchmarks/crawl_memory.py

bench-startup: $(BENCH_STAMP)  ## start-up of newsarchiver --help, stats, search next to bare python and import trafilatura
	$(PY) benchmarks/startup.py $(BENCH_TREES)

bench-extract-cli: $(BENCH_STAMP)  ## newsarchiver extract over 257 English pages in one process vs trafilatura's command line, start-up included
	$(PY) benchmarks/extract_cli.py $(BENCH_TREES)

bench-raw: $(STAMP)  ## raw page compression, zlib vs zstd: archive size per 1,000 pages and filing cost
	$(PY) benchmarks/raw_pages.py

bench-templates: $(STAMP)  ## body precision of a demo crawl with and without site template learning
	$(PY) benchmarks/templates.py

bench-web: $(STAMP)  ## page load of a 1,000-copy story and a 500-site network (server + DOM ready in chromium)
	$(PY) benchmarks/web.py
bench-cms: $(STAMP)  ## every field on real WordPress and Z-BlogPHP sites (tests/cms/), held-out themes too, written to docs/benchmarks.md
	$(PY) benchmarks/cms.py --held-out

bench-extract: $(BENCH_STAMP)  ## newsarchiver vs trafilatura, GNE, newspaper4k, readability on ../shared/evaldata
	$(PY) benchmarks/extraction.py

clean:
	rm -rf $(VENV) exports/*.db exports/*.db-wal exports/*.db-shm
