"""Site template learning: paragraphs a site prints in many different stories leave its bodies."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from newsarchiver.archive import NEW, UNCHANGED, Archive
from newsarchiver.extract import templates
from newsarchiver.items import Article, CrawledPage

from .e2e import newsarchiver

LEAD = "每天三分钟，读懂身边的大事小情，晨风网陪你看见城市的变化。"
TAIL = "想第一时间读到这样的故事？把晨风网设为浏览器首页，明天早上见。"
STORIES = [
    "春天来了，河边的柳树发了新芽，孩子们在草地上放风筝，老人们在长椅上晒太阳聊天。",
    "市图书馆延长了周末的开放时间，读者可以在晚上九点前借还图书，自习室也增加了座位。",
    "新修的自行车道沿着海边延伸十二公里，早晚都有不少市民骑行锻炼，周末更是热闹非凡。",
    "菜市场完成了改造，摊位统一了价签，地面也干净了许多，附近居民买菜更方便了。",
    "社区食堂推出了十元套餐，两荤一素加一碗汤，很受附近上班族和老人的欢迎。",
    "公交公司新开通了三条夜班线路，覆盖火车站、医院和几个大型居民区，方便夜归的人。",
]


def body_of(text: str, *, lead: bool = True) -> str:
    """An article as the site prints it: its lead line, two paragraphs of text, its closing line."""
    return "\n\n".join(([LEAD] if lead else []) + [text, "记者在现场看到，" + text[::-1]] + [TAIL])


def page(url: str, body: str, title: str = "标题") -> CrawledPage:
    article = Article(url=url, title=title, body=body, language="zh")
    return CrawledPage(article=article, url=url, fetched_at="2026-11-26T06:00:00+00:00", status=200)


def bodies(archive: Archive, host: str) -> list[str]:
    return [r[0] for r in archive.db.execute(
        "SELECT c.body FROM copies c JOIN sites s ON s.id = c.site_id WHERE s.host = ? ORDER BY c.id", [host])]


# -- the pure functions -------------------------------------------------------------------------------
def test_keys_ignore_spacing_punctuation_and_case_but_not_digits():
    assert templates.block_key("Thanks for reading, see you Sunday!") == templates.block_key("thanks for  reading see you sunday")
    assert templates.block_key("把晨风网设为首页。") == templates.block_key("把晨风网设为首页")
    assert templates.block_key("I counted 77 houses today") != templates.block_key("I counted 14 houses today")
    assert templates.block_key("（0）") is None and templates.block_key("责任编辑") is None  # too short to judge


def test_a_paragraph_counts_once_per_story():
    # one story reachable at three URLs of the site cannot make its own text template
    same_story = [body_of(STORIES[0])] * 3
    template = templates.learn([same_story, [body_of(STORIES[1])], [body_of(STORIES[2])]], min_stories=3)
    assert LEAD in template and TAIL in template
    assert STORIES[0] not in template


def test_split_removes_template_paragraphs_and_restore_puts_them_back():
    template = templates.learn([body_of(s) for s in STORIES[:4]], min_stories=4)
    body = body_of(STORIES[5])
    kept, removed = template.split(body)
    assert kept == "\n\n".join(body.split("\n\n")[1:3])
    assert removed == [(0, LEAD), (3, TAIL)]
    assert templates.restore(kept, removed) == body
    # a page made of template paragraphs only keeps them: better than an empty body
    assert template.split(LEAD + "\n\n" + TAIL) == (LEAD + "\n\n" + TAIL, [])


@given(st.lists(st.sampled_from([LEAD, TAIL, *STORIES]), min_size=1, max_size=12))
def test_restore_inverts_split(paragraphs):
    template = templates.SiteTemplate(frozenset({templates.block_key(LEAD), templates.block_key(TAIL)}))
    body = "\n\n".join(paragraphs)
    kept, removed = template.split(body)
    assert templates.restore(kept, removed) == body
    assert all(p not in template for p in templates.body_paragraphs(kept)) or not removed


# -- learning in the archive ------------------------------------------------------------------------
def test_the_archive_learns_a_site_template_and_cleans_earlier_copies(tmp_path):
    with Archive(tmp_path / "a.db", template_min_stories=4) as archive:
        with archive.batch():
            for i, text in enumerate(STORIES):
                assert archive.add_page(page(f"http://a.cn/{i}.html", body_of(text), f"标题{i}")) == NEW
                # another site printing the same words once is not enough there
            archive.add_page(page("http://b.cn/1.html", body_of(STORIES[0]), "标题0"))
            assert archive.templates_grown
            cleaned = archive.apply_templates()
        assert cleaned == 4  # the copies filed up to the fourth story, which taught the template
        for text, body in zip(STORIES, bodies(archive, "a.cn")):
            assert LEAD not in body and TAIL not in body and text in body
        assert TAIL in bodies(archive, "b.cn")[0]  # a template belongs to its site
        removed = json.loads(archive.db.execute("SELECT template_removed FROM copies WHERE id = 1").fetchone()[0])
        assert removed == [[0, LEAD], [3, TAIL]]
        blocks = archive.template_blocks("a.cn")
        assert {b["text"] for b in blocks} == {LEAD, TAIL} and all(b["stories"] == 6 for b in blocks)
        # the search index follows the cleaned bodies
        assert not archive.db.execute("SELECT rowid FROM copies_fts WHERE copies_fts MATCH ?",
                                      ['"浏览器首页"']).fetchall()
        # the two sites' copies of STORIES[0] are still one story
        assert archive.db.execute("SELECT count(DISTINCT story_id) FROM copies WHERE title = '标题0'").fetchone()[0] == 1


def test_a_copy_cleaned_of_the_template_keeps_its_story_id(tmp_path):
    """A story id, once shown (a feed record, `newsarchiver story ID`), stays valid while its copy stays alone."""
    with Archive(tmp_path / "a.db", template_min_stories=4) as archive:
        with archive.batch():
            for i, text in enumerate(STORIES):
                archive.add_page(page(f"http://a.cn/{i}.html", body_of(text), f"标题{i}"))
            before = archive.db.execute("SELECT id, story_id FROM copies ORDER BY id").fetchall()
            assert archive.apply_templates() == 4
        assert archive.db.execute("SELECT id, story_id FROM copies ORDER BY id").fetchall() == before
        assert archive.db.execute("SELECT count(*) FROM stories").fetchone()[0] == len(STORIES)


def test_a_learned_template_never_makes_an_unchanged_page_changed(tmp_path):
    with Archive(tmp_path / "a.db", template_min_stories=4) as archive:
        with archive.batch():
            first = page("http://a.cn/0.html", body_of(STORIES[0]))
            archive.add_page(first)
            for i, text in enumerate(STORIES[1:], 1):
                archive.add_page(page(f"http://a.cn/{i}.html", body_of(text), f"标题{i}"))
            archive.apply_templates()
        with archive.batch():
            assert archive.add_page(page("http://a.cn/0.html", body_of(STORIES[0]))) == UNCHANGED
        assert archive.db.execute("SELECT count(*) FROM article_versions").fetchone()[0] == 0


def test_copies_of_one_story_at_several_urls_teach_nothing(tmp_path):
    with Archive(tmp_path / "a.db", template_min_stories=2) as archive:
        with archive.batch():
            for n in range(4):  # one article at four URLs of the site: one story
                archive.add_page(page(f"http://a.cn/0.html?from={n}&print={n}", body_of(STORIES[0])))
        assert not archive.template_blocks("a.cn")
        assert all(LEAD in b for b in bodies(archive, "a.cn"))


def test_rebuild_recounts_and_zero_turns_it_off(tmp_path):
    with Archive(tmp_path / "a.db", template_min_stories=0) as archive:  # learning off while crawling
        with archive.batch():
            for i, text in enumerate(STORIES):
                archive.add_page(page(f"http://a.cn/{i}.html", body_of(text, lead=i % 2 == 0), f"标题{i}"))
        assert all(TAIL in b for b in bodies(archive, "a.cn"))
        archive.template_min_stories = 4
        with archive.batch():
            assert archive.rebuild_templates() == 6
        assert not any(TAIL in b for b in bodies(archive, "a.cn"))
        assert all(LEAD in b for b in bodies(archive, "a.cn")[::2])  # in 3 stories only: below 4
        archive.template_min_stories = 0
        with archive.batch():
            assert archive.rebuild_templates() == 6
        assert [b.count(TAIL) for b in bodies(archive, "a.cn")] == [1] * 6


def test_cli_lists_rebuilds_and_extract_uses_a_template(tmp_path):
    path = tmp_path / "a.db"
    with Archive(path, template_min_stories=4) as archive:
        with archive.batch():
            for i, text in enumerate(STORIES):
                archive.add_page(page(f"http://a.cn/{i}.html", body_of(text), f"标题{i}"))
            archive.apply_templates()
    result = newsarchiver("templates", "--archive", str(path))
    assert result.returncode == 0, result.stderr
    assert f"a.cn\t6\t{LEAD}" in result.stdout and f"a.cn\t6\t{TAIL}" in result.stdout
    assert "2 template paragraphs" in result.stderr

    html = tmp_path / "page.html"
    html.write_text("<html><head><title>新页面</title></head><body><article><h1>新页面</h1>"
                    + "".join(f"<p>{p}</p>" for p in body_of("一条新的街坊新闻：社区活动中心周六开放，欢迎居民带孩子来参观。").split("\n\n"))
                    + "</article></body></html>", encoding="utf-8")
    plain = json.loads(newsarchiver("extract", str(html), "--url", "http://a.cn/new.html").stdout)
    assert TAIL in plain["body"]
    cleaned = newsarchiver("extract", str(html), "--url", "http://a.cn/new.html", "--template-from", str(path))
    assert cleaned.returncode == 0, cleaned.stderr
    body = json.loads(cleaned.stdout)["body"]
    assert TAIL not in body and LEAD not in body and "社区活动中心" in body

    result = newsarchiver("templates", "--archive", str(path), "--rebuild", "--min-stories", "0")
    assert result.returncode == 0, result.stderr
    assert "6 copies changed" in result.stderr and "template learning is off" in result.stderr
