"""The ground-truth records of the demo world: one :class:`DemoArticle` per page copy.

A ``DemoArticle`` says what a correct extractor must find on its page; the
:class:`RepostStyle` says how the page decorates that truth (doubled title, pasted author
line, ad blocks, ...). Tests may build their own ``DemoArticle`` and render it with
:func:`newsarchiver.demo.themes.render_article_page`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

AUTHOR_LINES = ("info", "pasted", "none")


@dataclass(frozen=True)
class RepostStyle:
    """How one page copy is decorated. The defaults describe a plain, clean page."""

    doubled_title: bool = False  # title repeated as the first paragraph of the content
    author_line: str = "info"  # "info" | "pasted" ("(作者:A B)" ending the content) | "none"
    ad_blocks: int = 0  # "(广告)" paragraphs inserted into the content
    disclaimer: bool = False  # a "版权声明" block after the content
    date_style: str = "iso"  # one of dates.DATE_STYLES
    time_datetime_attr: bool = True  # justnews: <time> carries a machine datetime attribute
    source_line: bool = True  # show 来源 / 原文链接 when the truth has them


@dataclass(eq=False)
class DemoArticle:
    """One article page copy and the truth an extractor should recover from it.

    ``paragraphs`` of articles built by :func:`build_world` are generated on first access
    (see :class:`~newsarchiver.demo.corpus.StoryText`); reading the attribute is all it takes.
    """

    id: int
    story_key: str
    site: str
    path: str
    title: str
    paragraphs: list[str]
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    source: str | None = None
    source_url: str | None = None
    published: datetime = field(default_factory=lambda: datetime.now().astimezone())
    published_precision: str = "minute"
    poster: str | None = None
    style: RepostStyle = field(default_factory=RepostStyle)

    def __getattr__(self, name: str) -> Any:
        # Reached only when ``paragraphs`` is not yet materialised on a lazily built article.
        if name == "paragraphs":
            text = self.__dict__.get("_text")
            if text is not None:
                value = list(text.paragraphs)
                self.__dict__["paragraphs"] = value
                return value
        raise AttributeError(f"{type(self).__name__!s} has no attribute {name!r}")

    @property
    def text(self) -> str:
        """The true body as one string, paragraphs separated by newlines."""
        return "\n".join(self.paragraphs)

    @classmethod
    def lazy(cls, text: Any, **fields: Any) -> DemoArticle:
        """An article whose paragraphs come from ``text.paragraphs`` when first read."""
        article = cls(title=text.title, paragraphs=[], **fields)
        del article.__dict__["paragraphs"]
        article.__dict__["_text"] = text
        return article

    def __repr__(self) -> str:
        return f"DemoArticle(site={self.site!r}, id={self.id}, path={self.path!r}, title={self.title!r})"
