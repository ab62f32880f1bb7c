"""benchmarks/extraction.py: a two-page run over one zh and one en dataset prints the scored tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVALDATA = ROOT.parent / "shared" / "evaldata"


def _dataset(prefix: str) -> str:
    names = sorted(p.parent.name for p in EVALDATA.glob(f"{prefix}-*/truth.jsonl"))
    if not names:
        pytest.skip(f"no {prefix}-* dataset under ../shared/evaldata")
    # prefer the datasets with the richest truth
    for preferred in ("zh-news", "en-wcxb"):
        if preferred in names:
            return preferred
    return names[0]


@pytest.fixture
def bench():
    if not (EVALDATA / "score.py").is_file():
        pytest.skip("../shared/evaldata is absent")
    from benchmarks import extraction

    return extraction


def test_two_pages_print_table(bench, capsys):
    zh, en = _dataset("zh"), _dataset("en")
    docs = ROOT / "docs" / "benchmarks.md"
    before = docs.read_bytes() if docs.exists() else None

    rc = bench.main(["--datasets", f"{zh},{en}", "--tools", "newsarchiver", "--limit", "6", "--no-write"])

    assert rc == 0
    out = capsys.readouterr().out
    for d in (zh, en):
        counts = [int(n) for n in re.findall(rf"^### {re.escape(d)} — (?:tune|check) half \((\d+) pages\)$", out, re.M)]
        assert len(counts) == 2 and sum(counts) == 6, out  # both halves, every page in one of them
    headers = [line for line in out.splitlines() if line.startswith("| tool |")]
    for h in headers:
        assert "fail" in h and "ms/page" in h
    zh_header = next(h for h in headers if "editor F1 (" in h)
    en_header = next(h for h in headers if "body P (" in h)
    for col in ("title (", "date@day (", "editor F1 (", "snip- ("):
        assert col in zh_header, zh_header
    for col in ("title (", "body P (", "body R (", "body F1 ("):
        assert col in en_header, en_header
    rows = [line for line in out.splitlines() if line.startswith("| newsarchiver |")]
    assert len(rows) == len(headers) >= 2
    for row, header in zip(rows, headers):
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert len(cells) == len(header.strip("|").split("|"))
        assert all(re.fullmatch(r"\d+\.\d{3}|–|\d+(\.\d)?", c) for c in cells[1:]), row
    assert "How each tool was run" in out
    # --no-write leaves the docs alone
    assert (docs.read_bytes() if docs.exists() else None) == before


def test_absent_evaldata_is_not_an_error(monkeypatch, capsys, tmp_path):
    from benchmarks import extraction

    monkeypatch.setattr(extraction, "EVALDATA", tmp_path / "missing")
    assert extraction.main(["--no-write"]) == 0
    assert "absent" in capsys.readouterr().out


def test_unknown_tool_rejected(bench):
    with pytest.raises(SystemExit):
        bench.main(["--tools", "nosuchtool", "--no-write"])


def test_missing_peer_is_skipped_with_a_note(bench, monkeypatch, capsys):
    zh = _dataset("zh")
    real = bench.peers.available
    monkeypatch.setattr(bench.peers, "available", lambda name: name != "trafilatura" and real(name))
    rc = bench.main(["--datasets", zh, "--tools", "newsarchiver,trafilatura", "--limit", "1", "--no-write"])
    assert rc == 0
    captured = capsys.readouterr()
    assert "trafilatura is not installed" in captured.err
    assert "| newsarchiver |" in captured.out and "| trafilatura |" not in captured.out


def test_split_is_by_site_and_fixed(bench):
    """Pages of one registered domain share a half; the deal never changes (a fixed salt and hash)."""
    a = {"id": "1", "url": "https://news.example.co.uk/a/1.html"}
    b = {"id": "2", "url": "http://www.example.co.uk/b?x=1"}
    assert bench.split_key(a) == bench.split_key(b) == "site:example.co.uk"
    assert bench.half_of(a) == bench.half_of(b)
    assert bench.split_key({"id": "x7"}) == "id:x7"
    halves = {bench.half_of({"id": str(i), "url": f"https://site{i}.example.com/"}) for i in range(40)}
    assert len(halves) == 1  # example.com is one site: every page in one half
    halves = {bench.half_of({"id": str(i), "url": f"https://site{i}.com/"}) for i in range(40)}
    assert halves == {"tune", "check"}


def test_misses_list_only_the_tune_half(bench, capsys):
    zh = _dataset("zh")
    rc = bench.main(["--datasets", zh, "--tools", "newsarchiver", "--limit", "12", "--no-write", "--misses"])
    assert rc == 0
    out = capsys.readouterr().out
    truth = bench.load_scorer(EVALDATA).load_jsonl(EVALDATA / zh / "truth.jsonl")
    listed = re.findall(rf"^- {re.escape(zh)}/(\S+): ", out, re.M)
    assert all(bench.half_of(truth[pid]) == "tune" for pid in listed), listed
