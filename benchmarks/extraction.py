"""Extraction quality: newsarchiver vs. trafilatura, GNE, newspaper4k and readability-lxml on ../shared/evaldata.

Each dataset folder under ../shared/evaldata holds ``<id>.html.gz`` (raw page bytes) and ``truth.jsonl``. Every
page is decoded once with newsarchiver's ``decode_html`` (as a crawler would, so no tool is judged on charset
handling), then handed as text to each tool; only the tool's extraction call is timed. Predictions are scored
with the reference scorer ``../shared/evaldata/score.py`` (imported from there, not copied), and the tables are
printed and written to docs/benchmarks.md between ``<!-- extraction:start -->`` and ``<!-- extraction:end -->``.

    .venv/bin/python benchmarks/extraction.py [--datasets zh-news,en-aeb] [--tools newsarchiver,trafilatura]
                                              [--limit N] [--no-write] [--pred-dir DIR] [--misses]

Peers that are not installed (``pip install -e .[bench]``) are skipped with a note. Nothing goes to the
network: sockets are disabled while tools run (a tool that tries is counted in the notes).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import importlib.util
import json
import logging
import re
import signal
import socket
import statistics
import sys
import threading
import time
import warnings
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import peers  # noqa: E402

EVALDATA = ROOT.parent / "shared" / "evaldata"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- extraction:start -->", "<!-- extraction:end -->"
DEFAULT_TOOLS = ["newsarchiver", "trafilatura", "gne", "newspaper4k", "readability"]
# The datasets record no fetch time. Dates later than fetched_at are rejected as impossible (by newsarchiver, and by
# htmldate's max_date), so this must come after the newest page in the sets (en-wcxb reaches 2026-03).
FETCHED_AT = datetime(2026, 6, 1, tzinfo=timezone.utc)
PAGE_TIMEOUT_S = 60
FAIL_KINDS: dict[str, Counter[str]] = defaultdict(Counter)  # tool -> "ExcType: message" -> pages
XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)

# (column, scorer keys (first present wins), prediction field the column judges)
COLS: list[tuple[str, tuple[str, ...], str]] = [
    ("title", ("title_exact", "title_contains"), "title"),
    ("date@day", ("date_day",), "published"),
    ("date@min", ("date_minute",), "published"),
    ("no-date ok", ("date_none_ok",), "published"),
    ("author F1", ("author_f1",), "authors"),
    ("no-author ok", ("author_none_ok",), "authors"),
    ("editor F1", ("editor_f1",), "editors"),
    ("source", ("source_match",), "source"),
    ("body P", ("body_p",), "body"),
    ("body R", ("body_r",), "body"),
    ("body F1", ("body_f1",), "body"),
    ("snip+", ("snip_with",), "body"),
    ("snip-", ("snip_without",), "body"),
]


def load_scorer(evaldata: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("evaldata_score", evaldata / "score.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ------------------------------------------------------------------------------------- sandboxing
class NetworkGuard:
    """Refuse every socket connection / DNS lookup while active; count the attempts per tool."""

    def __init__(self) -> None:
        self.attempts: Counter[str] = Counter()
        self.current = "?"

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        saved = (socket.socket.connect, socket.socket.connect_ex, socket.create_connection, socket.getaddrinfo)
        guard = self

        def refuse(*_a: Any, **_k: Any) -> Any:
            guard.attempts[guard.current] += 1
            raise OSError("network disabled by benchmarks/extraction.py")

        socket.socket.connect = refuse  # type: ignore[method-assign]
        socket.socket.connect_ex = refuse  # type: ignore[method-assign]
        socket.create_connection = refuse  # type: ignore[assignment]
        socket.getaddrinfo = refuse  # type: ignore[assignment]
        try:
            yield
        finally:
            (socket.socket.connect, socket.socket.connect_ex,  # type: ignore[method-assign]
             socket.create_connection, socket.getaddrinfo) = saved  # type: ignore[assignment]


class PageTimeout(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """SIGALRM-based limit (main thread only; elsewhere no limit)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(*_: Any) -> None:
        raise PageTimeout(f"over {seconds}s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# ------------------------------------------------------------------------------------- running
def page_lang(row: dict[str, Any], dataset: str) -> str | None:
    lang = (row.get("lang") or dataset.split("-")[0]).lower()
    if lang.startswith("zh"):
        return "zh"
    if lang.startswith("en"):
        return "en"
    return None


def run_dataset(
    dataset: str, truth: dict[str, dict[str, Any]], tools: dict[str, Any], guard: NetworkGuard, progress: bool,
) -> tuple[dict[str, dict[str, dict[str, Any]]], dict[str, list[float]], Counter[str]]:
    from newsarchiver.extract import decode_html

    preds: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in tools}
    times: dict[str, list[float]] = {t: [] for t in tools}
    fails: Counter[str] = Counter()
    folder = EVALDATA / dataset
    for i, (pid, row) in enumerate(truth.items(), 1):
        raw = gzip.decompress((folder / f"{pid}.html.gz").read_bytes())
        try:
            text, _codec = decode_html(raw, None)
        except Exception:  # noqa: BLE001 - binary/undecodable page: every tool gets nothing
            text = ""
        text = XML_DECL_RE.sub("", text, count=1)  # lxml refuses str input with an encoding declaration
        ctx = peers.Context(url=row.get("url"), placeholder_url=f"https://example.invalid/{dataset}/{pid}.html",
                            lang=page_lang(row, dataset), fetched_at=FETCHED_AT)
        if i == 1:  # warm-up, untimed: lazy imports and dictionaries (jieba, language data) load on first use
            for name, fn in tools.items():
                guard.current = name
                with contextlib.suppress(Exception), time_limit(PAGE_TIMEOUT_S), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    fn(text, ctx)
        for name, fn in tools.items():
            guard.current = name
            t0 = time.perf_counter()
            try:
                with time_limit(PAGE_TIMEOUT_S), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    out = fn(text, ctx) or {}
            except Exception as exc:  # noqa: BLE001 - a peer failing on a page counts as an empty prediction
                out = {}
                fails[name] += 1
                FAIL_KINDS[name][f"{type(exc).__name__}: {str(exc).splitlines()[0][:80] if str(exc) else ''}"] += 1
            times[name].append((time.perf_counter() - t0) * 1000)
            preds[name][pid] = {"id": pid, **{k: out.get(k) for k in peers.ALL_FIELDS}}
        if progress and i % 50 == 0:
            print(f"  {dataset}: {i}/{len(truth)} pages", file=sys.stderr, flush=True)
    return preds, times, fails


# ------------------------------------------------------------------------------------- tables
def cell(res: dict[str, Any], keys: tuple[str, ...]) -> tuple[float | None, str | None, int | None]:
    for k in keys:
        if k in res:
            n = res.get(k + "_n", res.get("body_n"))
            return res[k], k, n
    return None, None, None


def table(title: str, results: dict[str, dict[str, Any]], times: dict[str, list[float]], fails: Counter[str],
          pages: int) -> list[str]:
    tools = list(results)
    cols = []
    for name, keys, fld in COLS:
        found = [cell(results[t], keys) for t in tools]
        hit = next(((k, n) for v, k, n in found if k), None)
        if hit:
            label = f"{name}{'*' if hit[0] == 'title_contains' else ''} ({hit[1]})"
            cols.append((label, keys, fld))
    out = [f"\n### {title} ({pages} pages)\n",
           "| tool | " + " | ".join(c[0] for c in cols) + " | fail | ms/page |",
           "|---|" + "---:|" * (len(cols) + 2)]
    for t in tools:
        cells = []
        for _label, keys, fld in cols:
            v, _k, _n = cell(results[t], keys)
            cells.append("–" if fld not in peers.TOOLS[t].fields or v is None else f"{v:.3f}")
        ms = f"{statistics.median(times[t]):.1f}" if times.get(t) else "–"
        out.append(f"| {t} | " + " | ".join(cells) + f" | {fails.get(t, 0)} | {ms} |")
    return out


def gaps(dataset: str, results: dict[str, dict[str, Any]]) -> list[str]:
    """Columns where newsarchiver scores below the best peer."""
    if "newsarchiver" not in results:
        return []
    ours = results["newsarchiver"]
    lines = []
    for name, keys, fld in COLS:
        v, _k, _n = cell(ours, keys)
        if v is None:
            continue
        best = None
        for t, res in results.items():
            if t == "newsarchiver" or fld not in peers.TOOLS[t].fields:
                continue
            pv, _pk, _pn = cell(res, keys)
            if pv is not None and (best is None or pv > best[1]):
                best = (t, pv)
        if best and best[1] > v:
            lines.append(f"{name}: newsarchiver {v:.3f} < {best[0]} {best[1]:.3f}")
    return [f"- {dataset}: " + ("; ".join(lines) if lines else "at or above every peer on every field")]


def misses(scorer: ModuleType, dataset: str, truth: dict[str, dict[str, Any]],
           preds: dict[str, dict[str, Any]]) -> list[str]:
    """newsarchiver's wrong title / published / authors on one dataset, by the scorer's rules."""
    out = []
    for pid, t in truth.items():
        p = preds.get(pid, {})
        wrong = []
        if t.get("title") and scorer.ws_norm(t["title"]) != scorer.ws_norm(p.get("title")):
            wrong.append(f"title {p.get('title')!r} ≠ {t['title']!r}")
        if t.get("title_contains") and scorer.ws_norm(t["title_contains"]) not in scorer.ws_norm(p.get("title")):
            wrong.append(f"title {p.get('title')!r} ∌ {t['title_contains']!r}")
        if "published" in t:
            if t["published"] is None:
                if not scorer.empty(p.get("published")):
                    wrong.append(f"published {p.get('published')!r} ≠ none")
            else:
                tday, ttm = scorer.truth_date(t["published"])
                pday, ptm = scorer.parse_date(p.get("published"))
                if pday != tday or (ttm and ptm != ttm):
                    wrong.append(f"published {p.get('published')!r} ≠ {t['published']!r}")
        if "authors" in t:
            ta, pa = scorer.norm_authors(t["authors"]), scorer.norm_authors(p.get("authors"))
            if scorer.set_f1(ta, pa) < 1.0:
                wrong.append(f"authors {p.get('authors')!r} ≠ {t['authors']!r}")
        if wrong:
            out.append(f"- {dataset}/{pid}: " + "; ".join(wrong))
    return out


def how_note(tools: list[str], skipped: list[str]) -> list[str]:
    lines = [
        "How each tool was run: every page is decoded once with newsarchiver's `decode_html` (raw bytes, no HTTP "
        "charset; several pages declare a charset they do not use) and the same text (XML declaration removed) is "
        "given to every tool, so charset mistakes are not counted against the peers. The page URL from the truth "
        f"is passed where known. `fetched_at` is fixed at {FETCHED_AT:%Y-%m-%d} UTC (the sets record no fetch time; "
        "it must be later than the newest page). Only the extraction call is timed, after one untimed warm-up "
        "call per dataset (median ms/page, one process, tools run one after another on each page). A tool that "
        "raises (or takes over "
        f"{PAGE_TIMEOUT_S} s) on a page scores an empty prediction and counts in `fail`. Network access is "
        "blocked while tools run. Scores come from `../shared/evaldata/score.py`: `title` exact after whitespace "
        "normalisation (`title*` = truth substring contained, zh-tw), dates as wall-clock at day / minute "
        "precision, `no-date ok` / `no-author ok` = nothing returned where the page has none, author/editor set "
        "F1, `source` lenient equality, body P/R/F1 on 4-gram shingles (AEB method, CJK per character), `snip+`/"
        "`snip-` = must-contain snippets found / must-not-contain snippets absent. `–` = the tool has no such "
        "field. The number in each header is how many pages the column is computed over.",
        "",
    ]
    for t in tools:
        lines.append(f"- **{t}**: {peers.TOOLS[t].how}")
    for t in skipped:
        lines.append(f"- **{t}**: not installed, skipped.")
    return lines


def write_doc(block: str) -> None:
    DOC.parent.mkdir(parents=True, exist_ok=True)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    section = f"{START}\n{block.strip()}\n{END}"
    if START in text and END in text and text.index(START) < text.index(END):
        before, rest = text.split(START, 1)
        _, after = rest.split(END, 1)
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n## Extraction\n\n" + section + "\n"
    DOC.write_text(text, encoding="utf-8")


# ------------------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--datasets", help="comma-separated dataset folders (default: all)")
    ap.add_argument("--tools", default=",".join(DEFAULT_TOOLS), help="comma-separated: " + ",".join(DEFAULT_TOOLS))
    ap.add_argument("--limit", type=int, help="first N pages of each dataset (quick runs)")
    ap.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    ap.add_argument("--pred-dir", help="also write predictions as DIR/<tool>/<dataset>.jsonl")
    ap.add_argument("--misses", action="store_true",
                    help="list newsarchiver's wrong title/published/authors on the zh datasets")
    a = ap.parse_args(argv)

    if not (EVALDATA / "score.py").is_file():
        print(f"extraction benchmark: {EVALDATA} is absent (or has no score.py); nothing to do.")
        return 0
    scorer = load_scorer(EVALDATA)

    all_sets = scorer.datasets_under(EVALDATA)
    wanted = [d.strip() for d in a.datasets.split(",") if d.strip()] if a.datasets else all_sets
    unknown = [d for d in wanted if d not in all_sets]
    if unknown:
        ap.error(f"unknown dataset(s) {', '.join(unknown)}; have: {', '.join(all_sets)}")
    names = [t.strip() for t in a.tools.split(",") if t.strip()]
    bad = [t for t in names if t not in peers.TOOLS]
    if bad:
        ap.error(f"unknown tool(s) {', '.join(bad)}; have: {', '.join(peers.TOOLS)}")

    notes: list[str] = []
    tools: dict[str, Any] = {}
    skipped: list[str] = []
    for t in names:
        if not peers.available(t):
            skipped.append(t)
            notes.append(f"note: {t} is not installed; skipped (pip install -e '.[bench]').")
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tools[t] = peers.TOOLS[t].make()
        except Exception as exc:  # noqa: BLE001 - a broken install is a skip, not a crash
            skipped.append(t)
            notes.append(f"note: {t} failed to load ({type(exc).__name__}: {exc}); skipped.")
    for n in notes:
        print(n, file=sys.stderr)
    if not tools:
        print("extraction benchmark: no tool to run.")
        return 0

    FAIL_KINDS.clear()
    guard = NetworkGuard()
    started = time.perf_counter()
    sections: list[str] = []
    gap_lines: list[str] = []
    miss_lines: list[str] = []
    progress = a.limit is None or a.limit > 50
    for d in wanted:
        truth = scorer.load_jsonl(EVALDATA / d / "truth.jsonl")
        if a.limit is not None:
            truth = dict(list(truth.items())[: a.limit])
        with guard.active():
            preds, times, fails = run_dataset(d, truth, tools, guard, progress)
        results = {t: scorer.score_dataset(truth, preds[t]) for t in tools}
        sections += table(d, results, times, fails, len(truth))
        gap_lines += gaps(d, results)
        splits = Counter(r.get("split") for r in truth.values() if r.get("split"))
        if len(splits) > 1:
            for s in sorted(splits):
                ids = [pid for pid, r in truth.items() if r.get("split") == s]
                sub = {pid: truth[pid] for pid in ids}
                sres = {t: scorer.score_dataset(sub, preds[t]) for t in tools}
                stimes = {t: [times[t][i] for i, pid in enumerate(truth) if pid in sub] for t in tools}
                sections += table(f"{d} — split {s}", sres, stimes, Counter(), len(sub))
        elif splits:
            (s, n), = splits.items()
            sections.append(f"\nAll {n} {d} pages here are split `{s}` (the other half is kept back), so the table "
                            f"above is the `{s}` half.")
        if a.pred_dir:
            for t in tools:
                out = Path(a.pred_dir) / t / f"{d}.jsonl"
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds[t].values()),
                               encoding="utf-8")
        if a.misses and "newsarchiver" in preds and d.startswith("zh"):
            miss_lines += misses(scorer, d, truth, preds["newsarchiver"])
    elapsed = time.perf_counter() - started

    net = ", ".join(f"{t}: {n}" for t, n in guard.attempts.items())
    run_line = (f"Run: {len(wanted)} dataset(s), tools {', '.join(tools)}"
                + (f", first {a.limit} pages each" if a.limit is not None else "")
                + f"; {elapsed:.0f} s in all; refused network attempts: {net or 'none'}.")
    kinds = [f"- {t}: " + "; ".join(f"{k} ×{n}" for k, n in c.most_common(3)) for t, c in FAIL_KINDS.items() if c]
    if kinds:
        run_line += "\n\nFailures (most common kinds):\n\n" + "\n".join(kinds)
    block = "\n".join(how_note(list(tools), skipped) + ["", run_line] + sections
                      + ["", "newsarchiver below the best peer:", ""] + gap_lines)
    print(block)
    if miss_lines:
        print("\nnewsarchiver misses (zh: title / published / authors):\n" + "\n".join(miss_lines))
    if not a.no_write:
        write_doc(block)
        print(f"\nwrote {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.ERROR)
    for noisy in ("trafilatura", "htmldate", "newspaper", "readability", "newsarchiver", "gne", "jieba"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    sys.exit(main())
