"""How often the writer can use a page's prepared values as they are, recombines them, or computes its own.

The site template (``SiteTemplate.split``) takes a site's learned template paragraphs out of a body before
its fingerprint, signature and tokens are taken, so prepared values of the whole body fit only pages that
lose nothing; the others are recombined from the paragraphs' values (``Prepared.for_kept``), or computed by
the writer when a body's paragraphs cannot be recombined exactly. This crawls the demo sites
(``newsarchiver demo``) into an archive, extracts its stored pages again in the order they were filed,
and files them twice into fresh archives, with and without prepared values (batches of 100): it prints
the writer's counts and checks that both archives hold the same rows.

    .venv/bin/python benchmarks/prepared_reuse.py [--articles 60]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from newsarchiver.archive import Archive
from newsarchiver.archive.prepare import prepare
from newsarchiver.extract import extract_article
from newsarchiver.filing import BatchFiler
from newsarchiver.items import CrawledPage


def crawled_pages(path: Path) -> list[CrawledPage]:
    with Archive(path) as archive:
        out = []
        for stored in archive.raw_pages.stored_responses():
            raw = archive.raw_pages.read(stored.sha256)
            when = datetime.fromisoformat(stored.fetched_at) if stored.fetched_at else None
            article = extract_article(raw, stored.url, fetched_at=when, encoding=stored.encoding)
            if article.page_type == "article":
                out.append(CrawledPage(article, stored.url, stored.fetched_at or "", status=stored.status or 200,
                                       encoding=stored.encoding, raw=raw,
                                       headers=json.loads(stored.headers) if stored.headers else None))
        return out


def file_all(path: Path, pages: list[CrawledPage]) -> tuple[dict, dict]:
    with Archive(path) as archive:
        filer = BatchFiler(archive, None)
        for page in pages:
            filer.file(page)
            if filer.pending >= 100:
                filer.commit()
        filer.commit()
        return dict(filer.counts), dict(archive.filing.prepared_counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from test_prepare import rows

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        subprocess.run([sys.executable, "-m", "newsarchiver.cli", "demo", "--archive", str(tmp / "demo.db"),
                        "--port", "0", "--articles", str(args.articles)], check=True, capture_output=True)
        pages = crawled_pages(tmp / "demo.db")
        plain_counts, _ = file_all(tmp / "plain.db", pages)
        counts, prepared = file_all(tmp / "prepared.db", [prepare(page) for page in pages])
        same = rows(tmp / "plain.db") == rows(tmp / "prepared.db")
    print(f"demo crawl (--articles {args.articles}): {len(pages)} article pages; filed: {counts}")
    print(f"prepared values: {prepared}")
    print(f"same rows with and without prepared values: {same and counts == plain_counts}")


if __name__ == "__main__":
    main()
