"""Page type: 'article' (one dominant text block and a title), 'listing' (many linked items) or 'other'.

General evidence only, never a rule naming a site: how much prose the text block holds (CJK characters or
Latin words), its link density, and whether link-led items (a title link and an excerpt) carry the text —
many items with a fair share of it, or a few (the last page of a listing) with most of it.
"""

from __future__ import annotations

from .block import find_main
from .dom import Element, is_boilerplate, norm_ws
from .patterns import CJK_RE, LATIN_WORD_RE
from .walk import Paragraph, cached, collect_paragraphs

__all__ = ["classify_page", "ARTICLE_MIN_CJK", "ARTICLE_MIN_WORDS"]


def _repeated_link_items(root: Element, min_members: int = 4) -> tuple[int, int]:
    """(items, chars): the largest group of same-tag/class siblings each linking to a different page."""
    best = (0, 0)
    for node in root.iter():
        if not isinstance(node.tag, str) or len(node) < min_members:
            continue
        groups: dict[tuple[str, str], list[Element]] = {}
        for child in node:
            if isinstance(child.tag, str):
                groups.setdefault((child.tag, child.get("class") or ""), []).append(child)
        for members in groups.values():
            if len(members) < min_members:
                continue
            hrefs: set[str] = set()
            chars = 0
            for item in members:
                link = next((a for a in ([item] if item.tag == "a" else item.iter("a")) if a.get("href") and len(norm_ws(a.text_content())) >= 5), None)
                if link is not None and link.get("href") not in hrefs:
                    hrefs.add(link.get("href"))
                    chars += len(norm_ws(item.text_content()))
            if len(hrefs) > best[0]:
                best = (len(hrefs), chars)
    return best


#: The least prose (non-link text in the main block) an article page has.
ARTICLE_MIN_CJK = 75
ARTICLE_MIN_WORDS = 40


def classify_page(
    tree: Element,
    *,
    paragraphs: list[Paragraph] | None = None,
    main: Element | None = None,
    title: str | None = None,
    main_elements: set[Element] | None = None,
) -> str:
    """'article' (one dominant text block and a title), 'listing' (many linked items) or 'other'."""
    root = tree.body if tree.find(".//body") is not None else tree
    if paragraphs is None:
        paragraphs = collect_paragraphs(root, cached(is_boilerplate))
    if main is None:
        main, _ = find_main(tree, paragraphs)
    if title is None:
        title_el = tree.find(".//title")
        h1 = tree.find(".//h1")
        title = norm_ws((h1 if h1 is not None else title_el).text_content()) if (h1 is not None or title_el is not None) else None
    if main is None:
        items, _ = _repeated_link_items(root)
        return "listing" if items >= 8 else "other"
    inside = main_elements if main_elements is not None else set(main.iter())
    main_paragraphs = [p for p in paragraphs if p.owner in inside]
    prose = "".join(p.text for p in main_paragraphs if p.link_chars < len(p.text) * 0.5)
    total = sum(len(p.text) for p in main_paragraphs) or 1
    density = sum(p.link_chars for p in main_paragraphs) / total
    # only compared with the thresholds below: a prefix usually settles it without scanning the whole text
    cjk = len(CJK_RE.findall(prose[:4000]))
    if cjk < ARTICLE_MIN_CJK and len(prose) > 4000:
        cjk = len(CJK_RE.findall(prose))
    words = len(LATIN_WORD_RE.findall(prose[:4000])) if cjk < ARTICLE_MIN_CJK else 0
    if cjk < ARTICLE_MIN_CJK and words < ARTICLE_MIN_WORDS and len(prose) > 4000:
        words = len(LATIN_WORD_RE.findall(prose))
    # Listing pages: link-led items (title link + excerpt) carry the text. Many items with a fair share
    # of it, or a few (the last page of a listing) with most of it.
    items, item_chars = _repeated_link_items(main, min_members=2)
    if (items >= 5 and item_chars >= 0.4 * total) or (items >= 2 and item_chars >= 0.6 * total):
        return "listing"
    # Short news items ("本报讯" briefs) run to 80-150 characters of prose.
    if (cjk >= ARTICLE_MIN_CJK or words >= ARTICLE_MIN_WORDS) and density < 0.5 and title:
        return "article"
    page_items, _ = _repeated_link_items(root)
    if page_items >= 8:
        return "listing"
    return "other"
