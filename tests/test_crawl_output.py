"""What a person reads during and after a crawl: a dropped page is one log line, and the progress line,
the run's summary and the archive agree on the number of errors.

A static site on 127.0.0.1 with no robots.txt and no sitemap.xml (the spider's guesses at them answer
404, which is normal and no error), one article, one article shorter than the minimum (dropped), and one link
to a missing page (a real error).
"""

from __future__ import annotations

import re
from pathlib import Path

from .e2e import newsarchiver, rows, serve_directory

ARTICLE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title} - 测试站</title></head>
<body><header><a href="/">首页</a></header><article><h1>{title}</h1><p>发布时间：2024-03-05 10:20</p>
{body}</article><footer>版权所有 测试站</footer></body></html>"""


def write_site(root: Path) -> None:
    paragraphs = "".join(f"<p>第{i}段：市交通运输局今天通报了本季度道路养护工程的进展情况，"
                         f"全市共完成道路修补{i * 13}处，新增公交站台{i}个。</p>" for i in range(1, 8))
    (root / "news").mkdir()
    (root / "news" / "a1.html").write_text(ARTICLE.format(title="本季度道路养护工程进展通报", body=paragraphs),
                                           encoding="utf-8")
    # an article with less text than the test's NEWSARCHIVER_MIN_BODY_CHARS: ValidatePipeline drops it
    short = "".join(f"<p>第{i}段：市气象台发布今冬第一场寒潮的预报，请市民注意添衣保暖。</p>" for i in range(1, 4))
    (root / "news" / "a2.html").write_text(ARTICLE.format(title="今冬第一场寒潮预报", body=short), encoding="utf-8")
    links = "".join(f'<li><a href="/news/{name}">{title}</a></li>'
                    for name, title in (("a1.html", "道路养护"), ("a2.html", "短讯"), ("gone.html", "已删除的页面")))
    (root / "index.html").write_text(f"<!doctype html><html><head><meta charset='utf-8'><title>测试站</title></head>"
                                     f"<body><ul>{links}</ul></body></html>", encoding="utf-8")


def test_progress_summary_and_archive_agree_and_a_drop_is_one_line(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    write_site(site)
    archive = tmp_path / "a.db"
    with serve_directory(site) as base:
        result = newsarchiver("crawl", base, "--archive", str(archive), "--log-level", "INFO",
                              "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s",
                              "NEWSARCHIVER_PROGRESS_INTERVAL=0.2",
                              "-s", "NEWSARCHIVER_MIN_BODY_CHARS=250")
    assert result.returncode == 3, result.stderr[-3000:]  # finished with errors: the 404 (newsarchiver.outcome)
    log = result.stderr
    recorded = rows(archive, "SELECT url, kind FROM fetch_errors")
    assert [(re.sub(r"^http://[^/]+", "", u), k) for u, k in recorded] == [("/news/gone.html", "http_404")]

    done = re.search(r"^done \(finished\): .*\| errors (\d+) \|", log, re.M)
    assert done, log[-3000:]
    summary = re.search(r"crawl run \d+ \(finished\): .*, (\d+) errors$", result.stdout, re.M)
    assert summary, result.stdout
    assert int(done.group(1)) == int(summary.group(1)) == len(recorded) == 1
    assert rows(archive, "SELECT errors FROM crawl_runs") == [(1,)]

    dropped = [line for line in log.splitlines() if "Dropped" in line]
    assert len(dropped) == 1 and "short_body" in dropped[0] and "/news/a2.html" in dropped[0], dropped
    i = log.splitlines().index(dropped[0])
    following = log.splitlines()[i + 1] if i + 1 < len(log.splitlines()) else ""
    assert "CrawledPage" not in log and "Article(" not in log, "an item's repr was logged"
    assert following.startswith(("20", "pages ", "done ")) or not following.strip(), following
