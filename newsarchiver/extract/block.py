"""Find the block that holds the article text (readability-style scoring over the paragraph walk).

Every paragraph with real prose (length, punctuation, few links) adds to its block element and that
element's ancestors; the score is damped by link density and boosted by content-ish class names.
Boilerplate subtrees (by tag, by class/id) never take part. The best block then climbs to a parent that
clearly holds more prose (articles split over sibling sections), and a second, relaxed walk gets a chance
when the strict one found little prose.
"""

from __future__ import annotations

from collections.abc import Callable

from .dom import Element, has_class_match, is_boilerplate, is_boilerplate_minimal, is_boilerplate_relaxed, tag_of
from .patterns import CJK_RE, CONTENT_HINT_RE, LIST_TAGS, PUNCT_RE, SKIP_TAGS
from .walk import Paragraph, cached, collect_paragraphs

__all__ = ["find_main", "find_main_relaxed", "lead_siblings", "score_paragraph"]

_MIN_PARAGRAPH = 10


def score_paragraph(p: Paragraph) -> float:
    """Content score of one paragraph; 0 for short or link-heavy text."""
    n = len(p.text)
    if n < _MIN_PARAGRAPH or p.link_chars > n * 0.5:
        return 0.0
    if tag_of(p.owner) == "pre":
        return 0.0  # code: punctuation-rich, but never what picks the article block
    if p.heading and n < 60 and not PUNCT_RE.search(p.text[:-1]):
        return 0.0  # a headline is no prose: it must not pull the block up to the page's wrapper
    if n >= 60 and p.text.count(" ") < n / 25 and not CJK_RE.search(p.text[:200]):
        return 0.0  # a run of identifiers, URLs or a comma list without spaces is not prose
    punct = len(PUNCT_RE.findall(p.text))
    return 1.0 + min(punct, 40) + min(n / 100.0, 3.0)


def find_main(
    root: Element, paragraphs: list[Paragraph] | None = None, anchor: int | None = None
) -> tuple[Element | None, float]:
    """The element holding the article text, and its score (0 when the page has no prose).

    ``anchor``: the index (in ``paragraphs``) of the page's headline. When the best-scored block neither
    holds the headline nor starts just after it (a live feed or a teaser column beside a short article),
    a block that does and scores at least :data:`ANCHORED_SHARE` of the best is the article's.
    """
    if paragraphs is None:
        paragraphs = collect_paragraphs(root, cached(is_boilerplate))
    scores: dict[Element, float] = {}
    text_len: dict[Element, int] = {}
    link_len: dict[Element, int] = {}
    prose: dict[Element, float] = {}  # all prose below an element, however deep
    chains: dict[Element, tuple[Element, ...]] = {}  # element -> itself and its ancestors

    def chain_of(el: Element) -> tuple[Element, ...]:
        # memoised: paragraphs share most of their ancestors, and lxml proxies are slow to walk
        path: list[Element] = []
        node: Element | None = el
        while node is not None and node not in chains:
            path.append(node)
            node = node.getparent()
        tail = chains[node] if node is not None else ()
        for n in reversed(path):
            tail = (n,) + tail
            chains[n] = tail
        return chains[el]

    # sums per owner first, then one bottom-up pass over the union of their ancestor chains
    own_prose: dict[Element, float] = {}
    for p in paragraphs:
        owner = p.owner
        text_len[owner] = text_len.get(owner, 0) + len(p.text)
        link_len[owner] = link_len.get(owner, 0) + p.link_chars
        s = score_paragraph(p)
        if s:
            own_prose[owner] = own_prose.get(owner, 0.0) + s
    for owner in list(text_len):
        chain_of(owner)
    for owner, s in own_prose.items():
        for level, node in enumerate(chains[owner][:3]):
            # owner and parent get the full score, the grandparent half (readability's propagation)
            scores[node] = scores.get(node, 0.0) + s * (1.0, 1.0, 0.5)[level]
    prose.update(own_prose)
    for node in sorted(chains, key=lambda n: len(chains[n]), reverse=True):
        chain = chains[node]
        if len(chain) > 1:  # children before parents: each node hands its subtree totals up once
            parent = chain[1]
            text_len[parent] = text_len.get(parent, 0) + text_len.get(node, 0)
            link_len[parent] = link_len.get(parent, 0) + link_len.get(node, 0)
            if node in prose:
                prose[parent] = prose.get(parent, 0.0) + prose[node]
    best: Element | None = None
    best_key = (0.0, 0)
    keyed: list[tuple[tuple[float, int], Element]] = []
    for el, raw in scores.items():
        total = text_len.get(el, 0) or 1
        density = link_len.get(el, 0) / total
        score = raw * (1.0 - density)
        if has_class_match(el, CONTENT_HINT_RE):
            score *= 1.25
        tag = tag_of(el)
        if tag in ("body", "html"):
            score *= 0.8  # a real container is almost always better than the whole page
        elif tag in LIST_TAGS:
            score *= 0.5  # a list of items (a live feed, comments, teasers) is rarely the article itself
        key = (round(score, 3), len(chains[el]) - 1)
        keyed.append((key, el))
        if key > best_key:
            best, best_key = el, key
    if best is not None and anchor is not None:
        def climbed_len(el: Element) -> int:
            return text_len.get(_climb(el, prose, text_len, link_len), 0)

        best = _near_headline(best, best_key[0], keyed, paragraphs, chains, anchor, climbed_len)
    if best is not None:
        best = _climb(best, prose, text_len, link_len)
    return best, best_key[0]


#: A block right after the headline is preferred over a better-scored one elsewhere when it scores this share
#: of the best; from the lower share on only when the container it belongs to (see :func:`_climb`) holds at
#: least as much text as the best one's (a long article in sections whose prose scores below a citation list
#: beside it, not a lead printed apart from the body).
ANCHORED_SHARE = 0.45
ANCHORED_SHARE_LONGER = 0.3
#: Of the blocks that qualify, the one starting soonest after the headline among those scoring this share
#: of the top one.
ANCHORED_NEAREST_SHARE = 0.5
#: "Right after the headline": its first paragraph within this many paragraphs of it.
ANCHOR_WINDOW = 12


def _near_headline(
    best: Element, best_score: float, keyed: list[tuple[tuple[float, int], Element]], paragraphs: list[Paragraph],
    chains: dict[Element, tuple[Element, ...]], anchor: int, climbed_len: Callable[[Element], int],
) -> Element:
    headline_chain = chains.get(paragraphs[anchor].owner, ()) if anchor < len(paragraphs) else ()
    following = [chains.get(p.owner, ()) for p in paragraphs[anchor + 1: anchor + 1 + ANCHOR_WINDOW]]

    def start(el: Element) -> int | None:
        # how soon after the headline its text starts (None: it holds neither the headline nor a paragraph
        # right after it)
        found = next((i for i, chain in enumerate(following) if el in chain), None)
        return found if found is not None or el not in headline_chain else len(following)

    if start(best) is not None:
        return best
    fits: list[tuple[float, int, Element]] = []
    for key, el in sorted(keyed, key=lambda k: k[0], reverse=True):
        if key[0] < ANCHORED_SHARE_LONGER * best_score:
            break
        at = start(el)
        if at is not None and tag_of(el) not in ("body", "html") and (
                key[0] >= ANCHORED_SHARE * best_score or climbed_len(el) >= climbed_len(best)):
            fits.append((key[0], at, el))
    if not fits:
        return best
    # the one starting soonest after the headline among those scoring half the top one: a short text
    # right under the headline comes before the list of other stories printed after it
    top = fits[0][0]
    return min((f for f in fits if f[0] >= ANCHORED_NEAREST_SHARE * top), key=lambda f: f[1])[2]


#: A lead block before the article container: some prose, few links, not a second article.
_LEAD_MAX_CHARS = 1500
_LEAD_MIN_SENTENCE = 80


def lead_siblings(main: Element, paragraphs: list[Paragraph]) -> list[Element]:
    """Blocks just before ``main`` holding the article's intro ("article-intro", a standfirst): templates
    print the lead apart from the body container. Stops at the first block that is not lead-like."""
    found: list[Element] = []
    node = main.getprevious()
    for _ in range(4):
        if node is None or not isinstance(node.tag, str) or tag_of(node) in ("body", "html"):
            break
        inside = set(node.iter())
        own = [p for p in paragraphs if p.owner in inside]
        if not own:
            if (node.text_content() or "").strip():
                break  # a skipped block with text (share bar, ad slot ...) ends the lead
            node = node.getprevious()
            continue  # an empty spacer or image
        chars = sum(len(p.text) for p in own)
        links = sum(p.link_chars for p in own)
        if chars > _LEAD_MAX_CHARS or links > 0.2 * chars:
            break
        if not any(not p.heading and len(p.text) >= _LEAD_MIN_SENTENCE and score_paragraph(p) > 0 for p in own):
            break
        found.append(node)
        node = node.getprevious()
    found.reverse()
    return found


#: Below this score the strict boilerplate filter may have hidden the article (see :func:`find_main_relaxed`).
_RELAX_BELOW = 40.0
#: A block scoring less than this holds no real paragraph of prose.
_NO_PROSE = 10.0


def find_main_relaxed(
    root: Element, strict_score: float, skipped: list[Element] | None = None,
    anchor_of: Callable[[list[Paragraph]], int | None] | None = None,
) -> tuple[Element | None, list[Paragraph]]:
    """Second chance when the strict walk found little prose: the article may sit in a container whose
    layout class looks like boilerplate ("widget", "left-side") but holds too little text to be rescued.

    Walks again trusting only strong boilerplate words; the relaxed block is taken when it clearly beats
    the strict one. Returns the block and its paragraphs (strict filter, walked from the block), or
    ``(None, [])``. ``anchor_of`` finds the headline among the relaxed walk's paragraphs (see :func:`find_main`).
    """
    if strict_score >= _RELAX_BELOW:
        return None, []
    if skipped is not None and strict_score >= _NO_PROSE and not any(
        tag_of(el) not in SKIP_TAGS and len(el.text_content()) >= 200 and is_boilerplate_relaxed(el) is False
        for el in skipped
    ):
        return None, []  # the strict walk hid no text block the relaxed one would read
    relaxed = collect_paragraphs(root, cached(is_boilerplate_relaxed))
    main, score = find_main(root, relaxed, anchor=anchor_of(relaxed) if anchor_of else None)
    if (main is None or score < _NO_PROSE) and strict_score < _NO_PROSE:
        # still nothing: the article may sit in a block named like a strong boilerplate word
        main, score = find_main(root, collect_paragraphs(root, cached(is_boilerplate_minimal)))
        if main is not None and score >= _NO_PROSE:
            return main, collect_paragraphs(main, cached(is_boilerplate_relaxed))
    if main is None or score < max(2.0 * strict_score, _NO_PROSE):
        return None, []
    paragraphs = collect_paragraphs(main, cached(is_boilerplate))
    return main, paragraphs


#: Climbing from the best-scored block to its parent needs this much more prose in the parent.
_CLIMB_GAIN = 1.25
_CLIMB_MAX_LINK_DENSITY = 0.35
_CLIMB_MAX_LINK_DENSITY_BIG_GAIN = 0.5
#: How many levels up the climb looks for an ancestor with more prose.
_CLIMB_LEVELS = 7


def _climb(best: Element, prose: dict[Element, float], text_len: dict[Element, int], link_len: dict[Element, int]) -> Element:
    """Article text split over sibling blocks (sections, widgets, steps): take the parent that holds them.

    The best-scored element only sees the prose two levels below it; a parent whose subtree holds
    clearly more prose, and whose extra text is not link lists, is the article container.
    """
    node = best
    while True:
        here = prose.get(node, 0.0)
        # the nearest ancestor with clearly more prose; thin wrappers (cards, widget shells) may sit in
        # between, and the further up it is, the more it must add
        child, target, gain = node, node.getparent(), _CLIMB_GAIN
        crossed = False  # left an <article>/<main>: the page outside it must add a lot more
        for _ in range(_CLIMB_LEVELS):
            if target is None or tag_of(target) in ("body", "html"):
                return node
            crossed = crossed or tag_of(child) in ("article", "main")
            if prose.get(target, 0.0) >= here * (max(gain, 3.0) if crossed else gain):
                break
            child, target, gain = target, target.getparent(), min(gain + 0.25, 2.0)
        else:
            return node
        if target is None:
            return node
        extra_text = text_len.get(target, 0) - text_len.get(node, 0)
        extra_links = link_len.get(target, 0) - link_len.get(node, 0)
        # many times the prose (an article split into blocks) may come with its inline links and a list
        limit = _CLIMB_MAX_LINK_DENSITY if prose.get(target, 0.0) < here * 3 else _CLIMB_MAX_LINK_DENSITY_BIG_GAIN
        if extra_text > 0 and extra_links > extra_text * limit:
            return node
        node = target
