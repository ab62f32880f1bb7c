"""Datasette plugin: newsarchiver's pages (article, story, site, network, search) on top of the tables.

Thin on purpose: the queries live in ``newsarchiver/archive/webqueries.py``, what a page shows in
``newsarchiver/web/pages.py``, the pictures in ``web/pictures.py``, the templates and stylesheet in
``web/templates`` and ``web/static``. Hooks used:

- ``register_routes``: ``/DB/article/ID``, ``/DB/story/ID``, ``/DB/site/HOST``, ``/DB/network``,
  ``/DB/find?q=`` (our routes come before Datasette's, so they win over a table of the same name; the
  archive has none), and ``/-/newsarchiver/newsarchiver.css``;
- ``prepare_jinja2_environment``: our templates first (``newsarchiver/*.html`` and an ``index.html``
  that adds the pages' links to Datasette's home page);
- ``render_cell``: in every table and query of an archive, ``story_id``, ``copy_id``, ``original_copy_id``
  and ``site``-like columns link to the pages, so SQL users are one click from the pictures;
- ``canned_queries``: ``repost_network`` (the network page's edges as a table);
- ``extra_template_vars``: which databases are archives (for the home page's links);
- ``startup``: finds the archives among the databases once.

Every page is read-only and asks Datasette's permission to view its database first. Datasette loads it
through the ``datasette`` entry point (pyproject.toml), wherever newsarchiver is installed.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from datasette import hookimpl
from datasette.utils import tilde_decode
from datasette.utils.asgi import NotFound, Response, asgi_static
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup, escape

from newsarchiver.archive import webqueries
from newsarchiver.settings import NEWSARCHIVER_TEMPLATE_MIN_STORIES
from newsarchiver.web import SERVED_LAYOUT, STATIC_DIR, TEMPLATES_DIR, add_filters, pages

ARCHIVE_TABLES = {"copies", "stories", "sites"}
_archives: dict[str, bool] = {}  # database name -> is it an archive (checked once per database)


async def _is_archive(datasette: Any, name: str) -> bool:
    if name not in _archives:
        try:
            db = datasette.get_database(name)
        except KeyError:
            return False
        _archives[name] = ARCHIVE_TABLES <= set(await db.table_names())
    return _archives[name]


async def _archive(datasette: Any, request: Any) -> tuple[Any, str]:
    """The archive database the URL names, after Datasette's permission check; 404 for anything else."""
    name = tilde_decode(request.url_vars["database"])  # Datasette writes database names tilde-encoded
    if name not in datasette.databases or not await _is_archive(datasette, name):
        raise NotFound(f"No newsarchiver archive named {name}")
    await datasette.ensure_permissions(request.actor, [("view-database", name), "view-instance"])
    return datasette.get_database(name), name


async def _render(datasette: Any, request: Any, context: dict[str, Any] | None) -> Response:
    if context is None:
        raise NotFound("Not in this archive")
    context.update(layout=SERVED_LAYOUT, na_css_url=datasette.urls.path("/-/newsarchiver/newsarchiver.css"))
    html = await datasette.render_template(f"newsarchiver/{context['page']}.html", context, request=request)
    return Response.html(html)


def _links(datasette: Any, name: str) -> pages.ServedLinks:
    return pages.ServedLinks(datasette.urls.database(name))


async def article_view(datasette: Any, request: Any) -> Response:
    db, name = await _archive(datasette, request)
    copy_id, links = int(request.url_vars["copy_id"]), _links(datasette, name)
    return await _render(datasette, request, await db.execute_fn(lambda conn: pages.article_page(conn, copy_id, links)))


async def story_view(datasette: Any, request: Any) -> Response:
    db, name = await _archive(datasette, request)
    story_id, links = int(request.url_vars["story_id"]), _links(datasette, name)
    option = f" --archive {db.path}" if db.path else ""
    return await _render(datasette, request, await db.execute_fn(
        lambda conn: pages.story_page(conn, story_id, links, archive_option=option)))


async def site_view(datasette: Any, request: Any) -> Response:
    db, name = await _archive(datasette, request)
    host, links = urllib.parse.unquote(request.url_vars["host"]), _links(datasette, name)
    return await _render(datasette, request, await db.execute_fn(
        lambda conn: pages.site_page(conn, host, links, template_min_stories=NEWSARCHIVER_TEMPLATE_MIN_STORIES)))


async def network_view(datasette: Any, request: Any) -> Response:
    db, name = await _archive(datasette, request)
    links = _links(datasette, name)
    return await _render(datasette, request, await db.execute_fn(lambda conn: pages.network_page(conn, links)))


async def search_view(datasette: Any, request: Any) -> Response:
    db, name = await _archive(datasette, request)
    links, args = _links(datasette, name), request.args
    q, site, month = args.get("q") or "", args.get("site") or None, args.get("month") or None
    sort = args.get("sort") or None
    try:
        page = int(args.get("page") or 1)
    except ValueError:
        page = 1
    return await _render(datasette, request, await db.execute_fn(
        lambda conn: pages.search_page(conn, q, links, site=site, month=month, page=page, sort=sort)))


@hookimpl
def startup(datasette: Any) -> Any:
    async def inner() -> None:  # render_cell is synchronous: know the archives before the first page
        for name in list(datasette.databases):
            await _is_archive(datasette, name)

    return inner


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    db = r"^/(?P<database>[^/]+)"
    return [
        (db + r"/article/(?P<copy_id>\d+)$", article_view),
        (db + r"/story/(?P<story_id>\d+)$", story_view),
        (db + r"/site/(?P<host>[^/]+)$", site_view),
        (db + r"/network$", network_view),
        (db + r"/find$", search_view),
        (r"^/-/newsarchiver/(?P<path>.*)$", asgi_static(str(STATIC_DIR))),
    ]


@hookimpl
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    env.loader = ChoiceLoader([FileSystemLoader(str(TEMPLATES_DIR)), env.loader])
    add_filters(env)


# -- links from the tables to the pages ---------------------------------------------------------------
_PAGE_OF_COLUMN = {"story_id": "story", "copy_id": "article", "original_copy_id": "article",
                   "story_matched_copy_id": "article", "target_copy_id": "article",
                   "site": "site", "original_site": "site", "copy_site": "site"}


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    if value is None or value == "" or not _archives.get(database):
        return None
    page = _PAGE_OF_COLUMN.get(column)
    if table == "sites" and column == "host":
        page = "site"
    elif table in ("articles", "latest_articles") and column == "id":
        page = "article"
    elif table == "stories" and column == "id":
        return None  # Datasette links the primary key to the row already
    if page is None or (page != "site" and not str(value).isdigit()):
        return None
    links = pages.ServedLinks(datasette.urls.database(database))
    href = getattr(links, page)(value)
    return Markup(f'<a href="{escape(href)}" title="the {page} page">{escape(value)}</a>')


@hookimpl
def canned_queries(datasette: Any, database: str, actor: Any) -> Any:
    async def inner() -> dict[str, Any]:
        if not await _is_archive(datasette, database):
            return {}
        return {"repost_network": {
            "title": "Repost network: which site's originals are reposted where",
            "description": "One row per pair of sites: the site of a story's original, a site holding a copy, "
                           "and how many copies. The network page draws these as arrows.",
            "sql": webqueries.REPOST_NETWORK_QUERY.strip(),
        }}

    return inner


@hookimpl
def extra_template_vars(template: str, database: str | None, datasette: Any) -> Any:
    if template != "index.html":
        return {}

    async def inner() -> dict[str, Any]:
        archives = [name for name in datasette.databases if name != "_internal" and await _is_archive(datasette, name)]
        return {"na_archives": [{"name": name, "links": _links(datasette, name)} for name in archives]}

    return inner
