"""The demo world: sites, their articles in publication order, and who reposts whom.

One DedeCMS portal publishes originals (GBK, authors + editor + 来源 its own paper); two
Justnews content farms repost about half of them each, with decorations and later repost
times, and add originals of their own; an English blog posts its own articles. Everything
is drawn from one seeded :class:`random.Random` and anchored to ``now``, so a world is a
pure function of ``(articles, seed, now, families)``. Article bodies are generated lazily
(:class:`~newsarchiver.demo.corpus.StoryText`) and pages are rendered per request.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from . import themes
from .corpus import ZH_OUTLETS, EditedText, StoryText, en_name, slugify, zh_name
from .dates import date_precision
from .model import DemoArticle, RepostStyle

SHANGHAI = "Asia/Shanghai"
FAMILIES = ("justnews", "dede", "blog")
_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class SiteSpec:
    """The fixed identity of one demo site (data, not behaviour)."""

    name: str
    family: str
    site_name: str
    encoding: str
    timezone: str
    share: float  # of the world's original articles
    role: str  # "portal" | "farm_a" | "farm_b" | "blog"
    tagline: str
    icp: str
    first_id: int
    copyright_since: int
    outlet: str | None = None  # the newspaper a portal names as 来源
    posters: tuple[str, ...] = ()
    #: the site's own words printed in every article's content block, before / after the article text:
    #: no generic rule can know them; site template learning finds them (extract/templates.py)
    template_lead: str = ""
    template_tail: str = ""


SITE_SPECS = (
    SiteSpec(
        "haibin-portal", "dede", "海滨日报网", "gbk", SHANGHAI, 0.4, "portal",
        "海滨日报社主办的地方新闻门户", "海ICP备00000001号-1", 3100, 2009, outlet="海滨日报",
        template_tail="海滨日报网由海滨日报社主办，刊发的新闻经编辑部核实后发布，欢迎读者通过热线反映身边事。",
    ),
    SiteSpec(
        "kuaibao-farm", "justnews", "今日快报网", "utf-8", SHANGHAI, 0.2, "farm_a",
        "每日热点资讯聚合", "鲁ICP备00000002号-3", 5200, 2016, posters=("小编", "admin"),
        template_lead="每天三分钟，读懂身边的大事小情，今日快报网陪你看见城市的变化。",
        template_tail="想第一时间读到这样的故事？把今日快报网设为浏览器首页，明天早上见。",
    ),
    SiteSpec(
        "dushi-info", "justnews", "都市资讯港", "utf-8", SHANGHAI, 0.2, "farm_b",
        "城市生活，一站看遍", "苏ICP备00000003号-2", 8300, 2018, posters=("资讯小编", "编辑部"),
        template_tail="都市资讯港欢迎读者来信讲述身边的新鲜事，好故事我们会优先刊登在首页。",
    ),
    SiteSpec(
        "quiet-ledger", "blog", "The Quiet Ledger", "utf-8", "America/New_York", 0.2, "blog",
        "Small notes on slow hobbies and a small town", "", 100, 2019,
        template_tail="Thanks for reading The Quiet Ledger. A new note arrives most Sunday mornings, weather permitting.",
    ),
)


#: How a demo site can make an article page disappear between two crawls, as CMSes and their operators do:
#: ``delete`` answers 404 and ``gone`` 410 (the post deleted or trashed), ``notice`` answers 200 with a
#: removal notice in the article template (a "soft 404"), ``shell`` answers 200 with the article
#: template and no title or text, ``redirect`` sends the address to the home page (302). And one way it
#: is not gone at all: ``unavailable`` answers 503 (a server in trouble), still listed everywhere.
WITHDRAWALS = ("delete", "gone", "notice", "shell", "redirect", "unavailable")
DEFAULT_NOTICES = {"zh": "该内容已被删除，请浏览其他文章。", "en": "Sorry, this article has been removed."}


@dataclass
class Withdrawal:
    """An article taken off its site (:meth:`Site.withdraw`): how, and the notice a ``notice`` page shows."""

    article: DemoArticle
    how: str
    notice: str | None = None


@dataclass(eq=False)
class Site:
    """One demo website: identity, articles in publication order, and a page renderer.

    Between two crawls a test can change what the site serves, the way a CMS does: :meth:`withdraw`
    takes an article off (every listing, feed, sitemap and prev/next chain forgets it, and its address
    answers as :data:`WITHDRAWALS` says), :meth:`rewrite` edits one in place, :meth:`restore` puts a
    withdrawn one back."""

    name: str
    family: str
    site_name: str
    encoding: str
    timezone: str
    articles: list[DemoArticle] = field(default_factory=list)
    tagline: str = ""
    icp: str = ""
    copyright_since: int = 2016
    outlet: str | None = None
    template_lead: str = ""  # see SiteSpec
    template_tail: str = ""
    private_article: DemoArticle | None = None  # linked from page 1, disallowed by robots.txt
    withdrawn: dict[str, Withdrawal] = field(default_factory=dict)  # path -> how it was taken off
    _paths: dict[str, int] | None = field(default=None, repr=False)
    _hot: list[DemoArticle] | None = field(default=None, repr=False)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def feed_path(self) -> str:
        return "/rss.xml" if self.family == "dede" else "/feed/"

    def render(self, path: str, base_url: str, now: datetime) -> tuple[int, dict[str, str], bytes]:
        """Serve any path of the site: ``(status, headers, body)``."""
        return themes.render_site_page(self, path, base_url, now)

    def index_of(self, path: str) -> int | None:
        """Position of the article at ``path`` (no query string), or None."""
        if self._paths is None:
            self._paths = {a.path: i for i, a in enumerate(self.articles)}
        return self._paths.get(path)

    def related(self, index: int, count: int = 4) -> list[DemoArticle]:
        """A few other articles for the related box, stable per article, never the neighbours."""
        n = len(self.articles)
        picked: list[DemoArticle] = []
        for step in (3, -4, 7, -9, 12, -15, 21):
            j = (index + step) % n if n else 0
            if n and abs(j - index) > 1 and self.articles[j] not in picked:
                picked.append(self.articles[j])
            if len(picked) == count:
                break
        return picked

    def hot_articles(self, count: int = 5) -> list[DemoArticle]:
        """The sidebar's "hot" list: spread across the archive, fixed per site."""
        if self._hot is None:
            n = len(self.articles)
            spots = sorted({int(n * f) for f in (0.95, 0.7, 0.5, 0.3, 0.1, 0.85)} - {n}, reverse=True)
            self._hot = [self.articles[i] for i in spots][:count] if n else []
        return self._hot

    def page_count(self, page_size: int) -> int:
        """Number of listing pages (at least one, even when empty)."""
        return max(1, math.ceil(len(self.articles) / page_size))

    # ---------------------------------------------------------------- changes between crawls

    def withdraw(self, path: str, how: str = "delete", notice: str | None = None) -> DemoArticle:
        """Take the article at ``path`` off the site; its address then answers as ``how`` says
        (:data:`WITHDRAWALS`). A ``notice`` page shows ``notice`` (default: a deletion notice in the
        site's language)."""
        if how not in WITHDRAWALS:
            raise ValueError(f"unknown withdrawal {how!r}; expected one of {WITHDRAWALS}")
        index = self.index_of(path)
        if index is None:
            raise KeyError(f"no article at {path} on {self.name}")
        article = self.articles[index] if how == "unavailable" else self.articles.pop(index)
        if how == "notice" and notice is None:
            notice = DEFAULT_NOTICES["en" if self.family == "blog" else "zh"]
        self.withdrawn[path] = Withdrawal(article, how, notice)
        self._forget_order()
        return article

    def rewrite(self, path: str, *, title: str | None = None, paragraphs: list[str] | None = None,
                authors: list[str] | None = None) -> DemoArticle:
        """Edit the article at ``path`` in place (a "quiet rewrite"): new title, text or authors."""
        index = self.index_of(path)
        if index is None:
            raise KeyError(f"no article at {path} on {self.name}")
        article = self.articles[index]
        if title is not None:
            article.title = title
        if paragraphs is not None:
            article.paragraphs = list(paragraphs)
        if authors is not None:
            article.authors = list(authors)
        return article

    def restore(self, path: str) -> DemoArticle:
        """Put a withdrawn article back where it was, in listings, feeds and chains too."""
        withdrawal = self.withdrawn.pop(path)
        if withdrawal.article not in self.articles:
            self.articles.append(withdrawal.article)
            self.articles.sort(key=lambda a: (a.published, a.story_key))
        self._forget_order()
        return withdrawal.article

    def _forget_order(self) -> None:
        self._paths = None
        self._hot = None


@dataclass(eq=False)
class World:
    """All demo sites plus the clock they are anchored to."""

    sites: list[Site]
    now: datetime
    seed: int
    live_clock: bool = False  # True when ``now`` was taken from the real clock
    base_urls: dict[str, str] = field(default_factory=dict)
    _source_links: list[tuple[DemoArticle, str, str]] = field(default_factory=list, repr=False)

    @property
    def articles(self) -> list[DemoArticle]:
        """Every article copy on every site."""
        return [a for s in self.sites for a in s.articles]

    def site(self, name: str) -> Site:
        for site in self.sites:
            if site.name == name:
                return site
        raise KeyError(name)

    def render_now(self) -> datetime:
        """The "now" pages are rendered against.

        A world built with an explicit ``now`` renders against it (deterministic bytes).
        A world whose ``now`` came from the real clock renders against the real clock, so
        relative dates ("5分钟前") resolve to the true time when a crawler parses them at
        its own fetch time.
        """
        if self.live_clock:
            return datetime.now(self.now.tzinfo)
        return self.now

    def bind(self, base_urls: dict[str, str]) -> None:
        """Point cross-site links (原文链接 of reposts) at where the sites are served.

        ``source_url`` truth of reposts is rewritten to match, so it always equals what
        the pages show. :class:`~newsarchiver.demo.server.DemoServer` calls this on start.
        """
        self.base_urls = dict(base_urls)
        for article, site_name, path in self._source_links:
            article.source_url = self.base_urls[site_name].rstrip("/") + path


def default_base_url(site_name: str) -> str:
    """Where a site is assumed to live before a server binds it."""
    return f"http://{site_name}.localhost/"


def default_now() -> datetime:
    """The real current time in Asia/Shanghai, floored to the minute."""
    return datetime.now(ZoneInfo(SHANGHAI)).replace(second=0, microsecond=0)


# --------------------------------------------------------------------------- building


def build_world(
    articles: int = 60,
    seed: int = 7,
    now: datetime | None = None,
    families: tuple[str, ...] = FAMILIES,
) -> World:
    """Generate the demo world (see the module docstring). Cheap: bodies are drawn lazily."""
    unknown = set(families) - set(FAMILIES)
    if unknown:
        raise ValueError(f"unknown families {sorted(unknown)}; expected some of {FAMILIES}")
    if now is not None and now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    builder = _Builder(max(0, articles), seed, now or default_now(), live=now is None)
    return builder.build(_select_specs(families))


def _select_specs(families: tuple[str, ...]) -> list[SiteSpec]:
    """The sites of a world: the second farm exists only when there is a portal to copy."""
    specs = []
    for spec in SITE_SPECS:
        if spec.family not in families:
            continue
        if spec.role == "farm_b" and "dede" not in families:
            continue
        specs.append(spec)
    return specs


class _Builder:
    """Draws one world; every random choice goes through ``self.rng`` in a fixed order."""

    def __init__(self, total: int, seed: int, now: datetime, live: bool) -> None:
        self.total = total
        self.seed = seed
        self.now = now
        self.live = live
        self.rng = random.Random(f"newsarchiver.demo/{seed}")
        self.story_count = 0
        self.source_links: list[tuple[DemoArticle, str, str]] = []

    def build(self, specs: list[SiteSpec]) -> World:
        share_sum = sum(s.share for s in specs) or 1.0
        counts = {s.name: max(1, round(self.total * s.share / share_sum)) if self.total else 0 for s in specs}
        sites = {s.name: self._site(s) for s in specs}
        portal = next((s for s in specs if s.role == "portal"), None)
        farms = [s for s in specs if s.role.startswith("farm")]
        drafts: dict[str, list[DemoArticle]] = {s.name: [] for s in specs}

        if portal is not None:
            drafts[portal.name] = self._portal_originals(portal, counts[portal.name])
            self._finish(portal, sites[portal.name], drafts[portal.name])
            self._reposts(sites[portal.name], farms, drafts)
        for farm in farms:
            drafts[farm.name] += self._farm_originals(farm, counts[farm.name])
            self._finish(farm, sites[farm.name], drafts[farm.name])
        for spec in specs:
            if spec.role == "blog":
                drafts[spec.name] = self._blog_posts(spec, counts[spec.name])
                self._finish(spec, sites[spec.name], drafts[spec.name])
        for spec in specs:
            sites[spec.name].private_article = self._private(spec, sites[spec.name])

        world = World(
            sites=[sites[s.name] for s in specs], now=self.now, seed=self.seed, live_clock=self.live
        )
        world._source_links = self.source_links
        world.bind({s.name: default_base_url(s.name) for s in specs})
        return world

    # ---------------------------------------------------------------- pieces

    def _site(self, spec: SiteSpec) -> Site:
        return Site(
            name=spec.name,
            family=spec.family,
            site_name=spec.site_name,
            encoding=spec.encoding,
            timezone=spec.timezone,
            tagline=spec.tagline,
            icp=spec.icp,
            copyright_since=spec.copyright_since,
            outlet=spec.outlet,
            template_lead=spec.template_lead,
            template_tail=spec.template_tail,
        )

    def _story(self, language: str = "zh") -> tuple[str, StoryText]:
        self.story_count += 1
        key = f"s{self.seed}-{self.story_count:05d}"
        return key, StoryText(f"newsarchiver.demo/{self.seed}/{key}", language)

    def _timeline(self, count: int, tz: ZoneInfo) -> list[datetime]:
        """``count`` minute-precision times over the last ~90 days, oldest first.

        A few are forced into the last days so every relative-date form appears:
        minutes ago, hours ago, yesterday/the day before, and "N天前".
        """
        rng = self.rng
        forced = [
            rng.randint(3, 50),
            rng.randint(2 * 60, 20 * 60),
            rng.randint(26 * 60, 46 * 60),
            rng.randint(3 * 1440 + 60, 6 * 1440 - 60),
        ][: min(4, count // 6)]
        rest = [rng.randint(2 * 1440, 90 * 1440) for _ in range(count - len(forced))]
        now = self.now.astimezone(tz)
        return sorted(now - timedelta(minutes=m) for m in forced + rest)

    def _portal_originals(self, spec: SiteSpec, count: int) -> list[DemoArticle]:
        rng = self.rng
        out = []
        for when in self._timeline(count, ZoneInfo(spec.timezone)):
            key, text = self._story()
            authors = [zh_name(rng) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
            source = spec.outlet if rng.random() < 0.85 else rng.choice(ZH_OUTLETS)
            style = RepostStyle(date_style=rng.choice(("iso", "iso", "labelled", "cn")))
            out.append(
                DemoArticle.lazy(
                    text, id=0, story_key=key, site=spec.name, path="", authors=authors,
                    editors=[zh_name(rng)], source=source, published=when, style=style,
                )
            )
        return out

    def _reposts(self, portal: Site, farms: list[SiteSpec], drafts: dict[str, list[DemoArticle]]) -> None:
        """Farm A copies ~the first half of a uniform draw, farm B the middle half: a quarter overlaps."""
        windows = {"farm_a": (0.0, 0.5), "farm_b": (0.25, 0.75)}
        for original in portal.articles:
            r = self.rng.random()
            for farm in farms:
                low, high = windows[farm.role]
                if low <= r < high:
                    drafts[farm.name].append(self._copy(original, portal, farm))

    def _repost_time(self, original: datetime) -> datetime:
        rng = self.rng
        if rng.random() < 0.6:
            delay = timedelta(minutes=rng.randint(10, 180))
        else:
            delay = timedelta(minutes=rng.randint(181, 48 * 60))
        latest = self.now.astimezone(original.tzinfo)
        if original + delay > latest:  # a repost cannot be in the future: land between
            span = max(latest - original, timedelta(0))
            delay = min(span, max(_MINUTE, span * rng.random()))
        stamp = original + delay
        return stamp.replace(second=0, microsecond=0)

    def _copy(self, original: DemoArticle, portal: Site, farm: SiteSpec) -> DemoArticle:
        rng = self.rng
        published = self._repost_time(original.published).astimezone(ZoneInfo(farm.timezone))
        author_line = rng.choices(("info", "pasted", "none"), weights=(3, 4, 3))[0]
        show_source = rng.random() < 0.6
        link_source = show_source and rng.random() < 0.6
        style = RepostStyle(
            doubled_title=rng.random() < 0.35,
            author_line=author_line,
            ad_blocks=rng.choice((0, 0, 1, 1, 2, 3)),
            disclaimer=rng.random() < 0.5,
            date_style=self._farm_date_style(farm, published),
            time_datetime_attr=farm.role == "farm_a" and rng.random() < 0.5,
            source_line=show_source,
        )
        # Most reposts keep the text; some rewrite one sentence (story grouping must still hold).
        text = original._text if rng.random() < 0.6 else EditedText(original._text, rng.randrange(1000))
        copy = DemoArticle.lazy(
            text,
            id=0,
            story_key=original.story_key,
            site=farm.name,
            path="",
            authors=list(original.authors) if author_line != "none" else [],
            editors=list(original.editors) if rng.random() < 0.3 else [],
            source=original.source if show_source else None,
            published=published,
            poster=rng.choice(farm.posters),
            style=style,
        )
        if link_source:
            self.source_links.append((copy, portal.name, original.path))
        return copy

    def _farm_date_style(self, farm: SiteSpec, published: datetime) -> str:
        if farm.role == "farm_a":
            return "cn12"
        # Farm B prints recent items relatively and older ones with a 发布时间 label.
        return "relative" if self.now - published < timedelta(days=7) else "labelled"

    def _farm_originals(self, spec: SiteSpec, count: int) -> list[DemoArticle]:
        rng = self.rng
        out = []
        for when in self._timeline(count, ZoneInfo(spec.timezone)):
            key, text = self._story()
            author_line = rng.choices(("info", "pasted", "none"), weights=(4, 2, 4))[0]
            authors = [] if author_line == "none" else [zh_name(rng) for _ in range(rng.choice((1, 1, 2)))]
            style = RepostStyle(
                doubled_title=rng.random() < 0.2,
                author_line=author_line,
                ad_blocks=rng.choice((0, 0, 0, 1, 2)),
                disclaimer=rng.random() < 0.3,
                date_style=self._farm_date_style(spec, when),
                time_datetime_attr=spec.role == "farm_a" and rng.random() < 0.5,
            )
            out.append(
                DemoArticle.lazy(
                    text, id=0, story_key=key, site=spec.name, path="", authors=authors,
                    published=when, poster=rng.choice(spec.posters), style=style,
                )
            )
        return out

    def _blog_posts(self, spec: SiteSpec, count: int) -> list[DemoArticle]:
        rng = self.rng
        out = []
        for when in self._timeline(count, ZoneInfo(spec.timezone)):
            key, text = self._story("en")
            authors = [en_name(rng) for _ in range(rng.choices((1, 2, 3), weights=(6, 3, 1))[0])]
            out.append(
                DemoArticle.lazy(
                    text, id=0, story_key=key, site=spec.name, path="",
                    authors=list(dict.fromkeys(authors)), published=when,
                )
            )
        return out

    def _finish(self, spec: SiteSpec, site: Site, drafts: list[DemoArticle]) -> None:
        """Order by publication time, then give ids, paths and precision truth."""
        drafts.sort(key=lambda a: (a.published, a.story_key))
        next_id = spec.first_id
        slugs: set[str] = set()
        for article in drafts:
            next_id += self.rng.randint(1, 9)
            article.id = next_id
            article.path = _path_for(spec.family, article, slugs)
            article.published_precision = date_precision(article.published, article.style.date_style, self.now)
        site.articles = drafts
        site._paths = None

    def _private(self, spec: SiteSpec, site: Site) -> DemoArticle:
        """An unlisted draft under /private/: a real article page robots.txt forbids."""
        key, text = self._story("en" if spec.family == "blog" else "zh")
        when = (self.now - timedelta(minutes=90)).astimezone(ZoneInfo(spec.timezone))
        last_id = site.articles[-1].id if site.articles else spec.first_id
        draft = DemoArticle.lazy(
            text, id=last_id + 1000, story_key=key, site=spec.name, path="", published=when,
            poster=spec.posters[0] if spec.posters else None,
        )
        draft.path = "/private" + _path_for(spec.family, draft, set())
        return draft


def _path_for(family: str, article: DemoArticle, slugs: set[str]) -> str:
    """The article URL path each CMS would give it."""
    day = article.published
    if family == "justnews":
        return f"/{day:%Y/%m/%d}/{article.id}.html"
    if family == "dede":
        return f"/a/{day:%Y%m%d}/{article.id}.html"
    slug = slugify(article.title) or f"post-{article.id}"
    if slug in slugs:
        slug = f"{slug}-{article.id}"
    slugs.add(slug)
    return f"/posts/{slug}/"
