"""Sample repost news sites for demos, end-to-end tests and benchmarks.

``build_world()`` generates a deterministic world of Chinese repost sites (a GBK DedeCMS
portal that publishes originals, Justnews-style WordPress content farms that copy them)
and an English blog; every page is rendered on request. ``DemoServer`` (in
:mod:`newsarchiver.demo.server`) serves a world on 127.0.0.1. The :class:`DemoArticle`
records are the ground truth extraction is checked against.
"""

from .model import DemoArticle, RepostStyle
from .themes import render_article_page
from .world import Site, World, build_world

__all__ = ["DemoArticle", "RepostStyle", "Site", "World", "build_world", "render_article_page"]
