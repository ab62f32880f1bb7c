"""``newsarchiver extract``: the article fields of HTML files or URLs, one JSON object each.

The extractor (lxml, dateparser, the label tables) is imported when the command runs.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from .. import __version__
from .common import TEXT, echo_json, read_archive


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=TEXT)
@click.option("--url", type=TEXT, help="The page's URL (for a file input): resolves relative links and names the site.")
@click.option("--fetched-at", type=TEXT, help="ISO 8601 fetch time that relative dates (3天前, 昨天) resolve against. "
              "Default: the file's modification time, or now for a URL.")
@click.option("--encoding", type=TEXT, help="The charset the server declared (e.g. gbk); detection still checks it.")
@click.option("--timezone", type=TEXT, help="Timezone for dates without one (default: Asia/Shanghai for Chinese pages, "
              "else UTC).")
@click.option("--template-from", "template_archive", type=click.Path(path_type=Path),
              help="An archive whose learned site template (see `templates`) is removed from the body "
                   "when it knows the page's site.")
def extract(inputs: tuple[str, ...], url: str | None, fetched_at: str | None, encoding: str | None,
            timezone: str | None, template_archive: Path | None) -> None:
    """Extract article fields from HTML files or URLs; print one JSON object per input.

    Bytes are decoded like a crawled response (declared charset, BOM, meta charset, detection).
    The keys are exactly: url, canonical_url, title, body, authors, editors, poster, source, source_url,
    published, updated, prev, next, language, site_name. Dates are as precise as the page: the day
    ("2024-05-12") when it shows no time of day, a full timestamp with offset when it does.
    """
    from ..extract import extract_article
    from ..urls import site_of

    archive = read_archive(template_archive) if template_archive else None

    for ref in inputs:
        if ref.startswith(("http://", "https://")):
            body, declared, page_url, when = _fetch(ref)
        else:
            path = Path(ref)
            if not path.is_file():
                raise click.ClickException(f"{ref}: no such file (give an HTML file or an http(s) URL)")
            body, declared, page_url = path.read_bytes(), None, url or path.resolve().as_uri()
            when = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        if fetched_at:
            when = _parse_iso(fetched_at)
        try:
            article = extract_article(body, page_url, fetched_at=when, encoding=encoding or declared,
                                      timezone=timezone)
        except ValueError as exc:
            raise click.ClickException(f"{ref}: {exc}") from exc
        if archive is not None:
            article.body = archive.site_template(site_of(page_url)).split(article.body)[0]
        echo_json(article.to_record())
    if archive is not None:
        archive.close()


def _fetch(url: str) -> tuple[bytes, str | None, str, datetime]:
    """GET a page as a crawl would, read at most the crawl's DOWNLOAD_MAXSIZE bytes of it."""
    import urllib.request

    from ..settings import DOWNLOAD_MAXSIZE
    from ..urls import check_start_url

    try:
        check_start_url(url)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    request = urllib.request.Request(url, headers={"User-Agent": "newsarchiver/" + __version__})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > DOWNLOAD_MAXSIZE:
                raise click.ClickException(_too_big(url, DOWNLOAD_MAXSIZE, f"it declares {int(declared):,} bytes"))
            body = response.read(DOWNLOAD_MAXSIZE + 1)
            if len(body) > DOWNLOAD_MAXSIZE:
                raise click.ClickException(_too_big(url, DOWNLOAD_MAXSIZE, "its body is larger"))
            return body, response.headers.get_content_charset(), response.geturl(), datetime.now(UTC)
    except (OSError, ValueError) as exc:  # ValueError: http.client's own checks (bad header, bad port...)
        raise click.ClickException(f"could not fetch {url}: {exc}") from exc


def _too_big(url: str, cap: int, why: str) -> str:
    return (f"{url} is not read: {why} than the {cap:,} bytes a crawl accepts (DOWNLOAD_MAXSIZE); "
            "save it to a file to extract it anyway")


def _parse_iso(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise click.BadParameter(f"{text!r} is not an ISO 8601 time", param_hint="--fetched-at") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)

