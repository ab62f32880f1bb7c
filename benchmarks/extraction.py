"""Extraction quality: newsarchiver vs. trafilatura, GNE, newspaper4k and readability-lxml on ../shared/evaldata.

Each dataset folder under ../shared/evaldata holds ``<id>.html.gz`` (raw page bytes) and ``truth.jsonl``. Every
page is decoded once with newsarchiver's ``decode_html`` (as a crawler would, so no tool is judged on charset
handling), then handed as text to each tool; only the tool's extraction call is timed. Predictions are scored
with the reference scorer ``../shared/evaldata/score.py`` (imported from there, not copied), and the tables are
printed and written to docs/benchmarks.md between ``<!-- extraction:start -->`` and ``<!-- extraction:end -->``.

    .venv/bin/python benchmarks/extraction.py [--datasets zh-news,en-aeb] [--tools newsarchiver,trafilatura]
                                              [--limit N] [--no-write] [--pred-dir DIR] [--misses] [--json-out FILE]

Tune and check halves: every dataset is split in two by *source site*, fixed once for all (see :func:`half_of`):
a page goes to the half picked by the SHA-256 of its URL's registered domain (``example.co.uk`` for
``news.example.co.uk``; the public-suffix list bundled with tldextract, never fetched), so all pages of one site
land in the same half; a page without a URL is placed by the SHA-256 of its id. Rules are written against the
**tune** half only: per-page lists (``--misses``, ``--pred-dir``) cover the tune half alone, while the **check**
half is printed as aggregate scores only and judges whether a rule generalises. A field whose check score is more
than 0.05 below its tune score is reported as overfitted.

Peers that are not installed (``pip install -e .[bench]``) are skipped with a note. Nothing goes to the
network: sockets are disabled while tools run (a tool that tries is counted in the notes).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
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


#: Fixed salt of the tune/check split: changing it re-deals every page, so it never changes.
SPLIT_SALT = "newsarchiver-extraction-split-v1"
HALVES = ("tune", "check")
#: A check score this far below the tune score marks the field as overfitted.
OVERFIT_GAP = 0.05


def _registered_domain(url: str) -> str | None:
    import tldextract

    extract = getattr(_registered_domain, "extract", None)
    if extract is None:
        # the bundled public-suffix snapshot only: no download, no cache directory
        extract = _registered_domain.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # type: ignore[attr-defined]
    parts = extract(url)
    domain = ".".join(p for p in (parts.domain, parts.suffix) if p)
    return domain.lower() or None


def split_key(row: dict[str, Any]) -> str:
    """What decides a page's half: its URL's registered domain, else its id."""
    url = row.get("url")
    domain = _registered_domain(url) if url else None
    return f"site:{domain}" if domain else f"id:{row['id']}"


def half_of(row: dict[str, Any]) -> str:
    """'tune' or 'check': the first byte of SHA-256(salt + split key), even -> tune."""
    digest = hashlib.sha256((SPLIT_SALT + split_key(row)).encode("utf-8")).digest()
    return "tune" if digest[0] % 2 == 0 else "check"


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
) -> tuple[dict[str, dict[str, dict[str, Any]]], dict[str, dict[str, float]], dict[str, set[str]]]:
    """Every tool on every page: predictions, ms per page and the pages a tool failed on, by tool."""
    from newsarchiver.extract import decode_html

    preds: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in tools}
    times: dict[str, dict[str, float]] = {t: {} for t in tools}
    fails: dict[str, set[str]] = {t: set() for t in tools}
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
                fails[name].add(pid)
                FAIL_KINDS[name][f"{type(exc).__name__}: {str(exc).splitlines()[0][:80] if str(exc) else ''}"] += 1
            times[name][pid] = (time.perf_counter() - t0) * 1000
            preds[name][pid] = {"id": pid, **{k: out.get(k) for k in (*peers.ALL_FIELDS, "page_type")}}
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
    """One markdown table: a row per tool, a column per scored field, failures and median ms/page."""
    tools = list(results)
    cols = []
    for name, keys, fld in COLS:
        found = [cell(results[t], keys) for t in tools]
        hit = next(((k, n) for v, k, n in found if k), None)
        if hit:
            label = f"{name}{'*' if hit[0] == 'title_contains' else ''} ({hit[1]})"
            cols.append((label, keys, fld))
    out = [f"\n### {title} ({pages} pages)\n",
           "| tool | " + " | ".join(c[0] for c in cols) + f" | as article ({pages}) | fail | ms/page |",
           "|---|" + "---:|" * (len(cols) + 3)]
    for t in tools:
        cells = []
        for _label, keys, fld in cols:
            v, _k, _n = cell(results[t], keys)
            cells.append("–" if fld not in peers.TOOLS[t].fields or v is None else f"{v:.3f}")
        share = results[t].get("as_article")
        cells.append("–" if share is None else f"{share:.3f}")
        ms = f"{statistics.median(times[t]):.1f}" if times.get(t) else "–"
        out.append(f"| {t} | " + " | ".join(cells) + f" | {fails.get(t, 0)} | {ms} |")
    return out


def article_share(preds: dict[str, dict[str, Any]]) -> float | None:
    """Share of the pages a tool classes as one article (every evaldata page is one): a page classed
    otherwise would not be archived by a crawl. None for tools that do not classify pages."""
    types = [p.get("page_type") for p in preds.values()]
    if not types or all(t is None for t in types):
        return None
    return sum(t == "article" for t in types) / len(types)


def gaps(dataset: str, results: dict[str, dict[str, Any]]) -> list[str]:
    """Columns where newsarchiver scores below the best peer (on the pages ``results`` were scored on)."""
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


def overfit(dataset: str, tune: dict[str, Any], check: dict[str, Any]) -> list[str]:
    """newsarchiver's fields scoring more than OVERFIT_GAP lower on the check half than on the tune half."""
    lines = []
    for name, keys, _fld in COLS:
        tv, _k, _n = cell(tune, keys)
        cv, _k, _n = cell(check, keys)
        if tv is not None and cv is not None and cv < tv - OVERFIT_GAP:
            lines.append(f"{name}: tune {tv:.3f}, check {cv:.3f}")
    return [f"- {dataset}: " + ("; ".join(lines) if lines else "no field more than "
                                f"{OVERFIT_GAP:.2f} below its tune score")]


def speed_ratio(times: dict[str, dict[str, float]], pids: list[str]) -> float | None:
    """newsarchiver's total extraction time over trafilatura's, on the same pages."""
    if "newsarchiver" not in times or "trafilatura" not in times:
        return None
    ours = sum(times["newsarchiver"].get(p, 0.0) for p in pids)
    theirs = sum(times["trafilatura"].get(p, 0.0) for p in pids)
    return ours / theirs if theirs else None


def misses(scorer: ModuleType, dataset: str, truth: dict[str, dict[str, Any]],
           preds: dict[str, dict[str, Any]]) -> list[str]:
    """newsarchiver's wrong fields on the given (tune-half) pages, by the scorer's rules."""
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
        if t.get("editors"):
            te, pe = scorer.norm_authors(t["editors"]), scorer.norm_authors(p.get("editors"))
            if scorer.set_f1(te, pe) < 1.0:
                wrong.append(f"editors {p.get('editors')!r} ≠ {t['editors']!r}")
        if t.get("source") and scorer.lenient(t["source"]) != scorer.lenient(p.get("source")):
            wrong.append(f"source {p.get('source')!r} ≠ {t['source']!r}")
        body = scorer.ws_norm(p.get("body"))
        kept = [x for x in t.get("body_without") or [] if scorer.ws_norm(x) in body]
        if kept:
            wrong.append(f"body keeps {kept!r}")
        lost = [x for x in t.get("body_with") or [] if scorer.ws_norm(x) not in body]
        if lost:
            wrong.append(f"body lacks {lost!r}")
        if t.get("body"):
            tp, fp, fn = scorer.shingle_tp_fp_fn(t["body"], p.get("body") or "")
            if tp + fp + fn and tp / (tp + 0.5 * (fp + fn)) < 0.8:
                wrong.append(f"body F1 {tp / (tp + 0.5 * (fp + fn)):.2f} (P {scorer._prec(tp, fp, fn):.2f}, "
                             f"R {scorer._rec(tp, fp, fn):.2f})")
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
        "`snip-` = must-contain snippets found / must-not-contain snippets absent, `as article` = share of the "
        "pages the tool classes as one article (every page here is one; a crawl archives only pages classed so). "
        "`–` = the tool has no such field. The number in each header is how many pages the column is computed over.",
        "",
        "Tune and check halves: each dataset is split by source site, fixed once (SHA-256 of "
        f"`{SPLIT_SALT}` + the page URL's registered domain, e.g. `example.co.uk`, from tldextract's bundled "
        "public-suffix list; `id:<id>` for a page without a URL; an even first byte goes to **tune**). All pages "
        "of one site are in one half. Extraction rules are written while looking at tune-half pages only; the "
        "**check** half is seen as these aggregate scores alone and tells whether a rule generalises. A "
        f"newsarchiver field more than {OVERFIT_GAP:.2f} below its tune score on the check half is overfitted.",
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
                    help="list newsarchiver's wrong fields on the tune half (never the check half)")
    ap.add_argument("--json-out", help="write the aggregate scores of both halves as JSON to FILE")
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
    overfit_lines: list[str] = []
    speed_lines: list[str] = []
    miss_lines: list[str] = []
    scores: dict[str, dict[str, Any]] = {}
    all_pids: list[str] = []
    all_times: dict[str, dict[str, float]] = {t: {} for t in tools}
    progress = a.limit is None or a.limit > 50
    for d in wanted:
        truth = scorer.load_jsonl(EVALDATA / d / "truth.jsonl")
        if a.limit is not None:
            truth = dict(list(truth.items())[: a.limit])
        with guard.active():
            preds, times, fails = run_dataset(d, truth, tools, guard, progress)
        halves = {h: {pid: row for pid, row in truth.items() if half_of(row) == h} for h in HALVES}
        results: dict[str, dict[str, dict[str, Any]]] = {}
        for h, sub in halves.items():
            sites = len({split_key(row) for row in sub.values()})
            title = f"{d} — {h} half"
            if not sub:
                sections.append(f"\n### {title} (0 pages)\n\nNo page of this run falls in the {h} half.")
                continue
            results[h] = {t: scorer.score_dataset(sub, preds[t]) for t in tools}
            for t in tools:
                share = article_share({pid: preds[t][pid] for pid in sub})
                if share is not None:
                    results[h][t]["as_article"] = round(share, 4)
            htimes = {t: [times[t][pid] for pid in sub if pid in times[t]] for t in tools}
            hfails = Counter({t: len(fails[t] & set(sub)) for t in tools})
            sections += table(title, results[h], htimes, hfails, len(sub))
            sections.append(f"\n{len(sub)} pages from {sites} sites (or id-placed pages without a URL).")
        scores[d] = {h: {t: dict(r) for t, r in res.items()} for h, res in results.items()}
        if "check" in results:
            gap_lines += gaps(d, results["check"])
        if "newsarchiver" in tools and len(results) == 2:
            overfit_lines += overfit(d, results["tune"]["newsarchiver"], results["check"]["newsarchiver"])
        ratio = speed_ratio(times, list(truth))
        if ratio is not None:
            speed_lines.append(f"- {d}: {ratio:.2f}")
        all_pids += [f"{d}/{pid}" for pid in truth]
        for t in tools:
            all_times[t].update({f"{d}/{pid}": ms for pid, ms in times[t].items()})
        tune_preds = {t: {pid: preds[t][pid] for pid in halves["tune"]} for t in tools}
        if a.pred_dir:  # per-page output: the tune half only
            for t in tools:
                out = Path(a.pred_dir) / t / f"{d}.jsonl"
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in tune_preds[t].values()),
                               encoding="utf-8")
        if a.misses and "newsarchiver" in preds:
            miss_lines += misses(scorer, d, halves["tune"], tune_preds["newsarchiver"])
    elapsed = time.perf_counter() - started
    total_ratio = speed_ratio(all_times, all_pids)
    if total_ratio is not None:
        speed_lines.append(f"- all pages: {total_ratio:.2f}")

    net = ", ".join(f"{t}: {n}" for t, n in guard.attempts.items())
    run_line = (f"Run: {len(wanted)} dataset(s), tools {', '.join(tools)}"
                + (f", first {a.limit} pages each" if a.limit is not None else "")
                + f"; {elapsed:.0f} s in all; refused network attempts: {net or 'none'}.")
    kinds = [f"- {t}: " + "; ".join(f"{k} ×{n}" for k, n in c.most_common(3)) for t, c in FAIL_KINDS.items() if c]
    if kinds:
        run_line += "\n\nFailures (most common kinds):\n\n" + "\n".join(kinds)
    tail = ["", "newsarchiver below the best peer on the check half:", ""] + gap_lines
    if overfit_lines:
        tail += ["", f"newsarchiver fields more than {OVERFIT_GAP:.2f} lower on the check half than on the tune half "
                 "(overfitted):", ""] + overfit_lines
    if speed_lines:
        tail += ["", "Time newsarchiver / trafilatura, summed over the same pages (target ≤ 0.33):", ""] + speed_lines
    block = "\n".join(how_note(list(tools), skipped) + ["", run_line] + sections + tail)
    print(block)
    if miss_lines:
        print("\nnewsarchiver misses on the tune half:\n" + "\n".join(miss_lines))
    if a.json_out:
        Path(a.json_out).write_text(json.dumps(scores, indent=1, ensure_ascii=False), encoding="utf-8")
    if not a.no_write:
        write_doc(block)
        print(f"\nwrote {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.ERROR)
    for noisy in ("trafilatura", "htmldate", "newspaper", "readability", "newsarchiver", "gne", "jieba"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    sys.exit(main())
