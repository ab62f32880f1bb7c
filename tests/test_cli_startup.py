"""What a command imports before it does its work: `--help` and the read commands stay light.

Structural, not timed (the start-up times are `make bench-startup`): each case runs the command in a
fresh Python and looks at ``sys.modules`` when it is done. `--help` imports no part of the archive,
the extractor, Scrapy, datasketch, Datasette or Redis; a command that reads an archive imports the
archive and none of the others.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsarchiver.archive import Archive
from newsarchiver.items import Article, CrawledPage, DateFound

CLI_DIR = Path(__file__).resolve().parent.parent / "newsarchiver" / "cli"

#: Imported by no command that only reads: crawling, near-duplicate signatures, the extractor, serving.
NEVER_FOR_READING = ("scrapy", "twisted", "datasketch", "scipy", "newsarchiver.extract.page", "dateparser",
                     "datasette", "redis", "newsarchiver.spiders")
#: Not even the archive: what `--help` must do without.
NEVER_FOR_HELP = (*NEVER_FOR_READING, "newsarchiver.archive", "sqlite_utils", "numpy", "lxml", "jinja2")

RUN = """
import json, sys
from newsarchiver.cli import cli
try:
    cli(sys.argv[1:], prog_name="newsarchiver")
except SystemExit as exc:
    status = exc.code
else:
    status = 0
sys.stderr.write("\\nIMPORTED " + json.dumps({"status": status, "modules": sorted(sys.modules)}) + "\\n")
"""


def imported(*args: str) -> set[str]:
    """The modules imported by ``newsarchiver ARGS`` run in a fresh interpreter (which must succeed)."""
    proc = subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True, timeout=120)
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("IMPORTED ")]
    assert line, proc.stderr
    report = json.loads(line[-1][len("IMPORTED "):])
    assert report["status"] in (0, None), proc.stderr
    return set(report["modules"])


def heavy(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if n in modules)


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("startup") / "a.db"
    with Archive(path) as archive, archive.batch():
        for i, host in enumerate(["a.example", "b.example"]):
            url = f"http://{host}/news/{i}.html"
            article = Article(url=url, title="电网公司发布供电通知", body="电网公司今日发布供电通知。\n\n第二段文字。",
                              published=DateFound("2026-03-02T08:00:00+08:00", "2026-03-02 08:00", "byline"),
                              language="zh")
            archive.add_page(CrawledPage(article=article, url=url, fetched_at="2026-04-20T00:00:00+00:00"))
    return path


@pytest.mark.parametrize("args", [["--help"], ["stats", "--help"], ["search", "--help"], ["crawl", "--help"],
                                  ["export", "--help"], ["serve", "--help"], ["--version"]])
def test_help_imports_nothing_heavy(args):
    assert heavy(imported(*args), NEVER_FOR_HELP) == []


@pytest.mark.parametrize("args", [["stats"], ["search", "电网"], ["show", "1"], ["stories", "--min-copies", "1"],
                                  ["runs"], ["gone"], ["templates"], ["export", "--format", "jsonl"]])
def test_read_commands_import_no_crawler_extractor_or_server(args, archive_path):
    modules = imported(*args, "--archive", str(archive_path))
    assert "newsarchiver.archive" in modules  # it did read the archive
    assert heavy(modules, NEVER_FOR_READING) == []


def test_a_command_imports_what_it_runs(tmp_path):
    # `extract` needs the extractor, and nothing of the crawler or the archive; this also shows the check
    # sees a heavy import when there is one (or the tests above would prove nothing).
    page = tmp_path / "a.html"
    page.write_text("<html><head><title>电网公司发布供电通知</title></head><body><article><p>电网公司今日发布供电通知，"
                    "请各位用户留意。</p></article></body></html>", encoding="utf-8")
    modules = imported("extract", str(page))
    assert "newsarchiver.extract.page" in modules
    assert heavy(modules, ("scrapy", "twisted", "datasketch", "datasette", "redis", "newsarchiver.archive")) == []


def test_no_command_module_imports_the_group_back():
    """Command modules are added to the group by ``cli/__init__.py``; none imports it (no import cycle)."""
    for path in sorted(CLI_DIR.glob("*.py")):
        if path.name in ("__init__.py", "__main__.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert not (node.level == 1 and not node.module), f"{path.name}: `from . import ...`"
                assert node.module != "newsarchiver.cli", f"{path.name} imports newsarchiver.cli"
                assert not (node.level == 2 and node.module == "cli"), f"{path.name} imports ..cli"


def test_values_written_out_for_help_agree_with_the_archive():
    from newsarchiver.archive.records import ARTICLE_KEYS, RECORD_KINDS
    from newsarchiver.cli import EXPORT_KEYS
    from newsarchiver.cli.export import RECORD_KINDS as CLI_RECORD_KINDS

    assert CLI_RECORD_KINDS == RECORD_KINDS
    assert EXPORT_KEYS == ARTICLE_KEYS
