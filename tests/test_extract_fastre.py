"""Class/id tests made fast (extract/fastre.py) give the same yes/no answers as the patterns as written."""

from __future__ import annotations

import re

from newsarchiver.extract import dom
from newsarchiver.extract.patterns import NAV_ANY_CLASS_RE
from newsarchiver.extract.fastre import MIN_WORDS, factor_words, required_literals

WORDS = [f"w{c}{d}" for c in "abcde" for d in "xyz"] + ["comment", "comments", "com", "related", "relate", "side-bar"]
SUBJECTS = ["", "w", "wax", "xwaxy", "com", "co", "commentary", "my-comments", "relat", "relates", "side", "side-bar2",
            "nav", "ad", "x-ad", "ad-x", "ads", "sidebar", "related-posts", "wez", "we"]


def test_word_list_as_trie_keeps_every_answer():
    source = "|".join(WORDS) + r"|(?:^|[-_])(?:ad|ads|adv|nav)(?:$|[-_])|dig[gg]"
    assert len(WORDS) >= MIN_WORDS
    plain, fast = re.compile(source), re.compile(factor_words(source))
    assert fast.pattern != plain.pattern  # rewritten ...
    for s in SUBJECTS:
        assert bool(fast.search(s)) == bool(plain.search(s)), s  # ... with the same answers


def test_short_lists_are_left_as_written():
    assert factor_words("comment|related") == "comment|related"


def test_required_literals_are_in_every_match():
    assert required_literals(re.compile(r"abc|d(?:ef)+|x?yz")) == ("abc", "ef", "yz")
    assert required_literals(re.compile(r"a?|b")) is None  # matches the empty string: nothing is required
    assert required_literals(re.compile("abc", re.IGNORECASE)) is None


def test_class_tests_with_prefilter_answer_as_before():
    html = ('<div class="post-navigation"><a class="nav-previous">a</a></div><div class="x Prev"></div>'
            '<div id="sidebar-1" class="widget"></div><div class="col-6"></div>')
    from lxml import html as lxml_html

    root = lxml_html.fromstring(html)
    tokens_pattern = dom._tokens_pattern(NAV_ANY_CLASS_RE)
    for el in root.iter():
        raw = f"{el.get('class') or ''} {el.get('id') or ''}"
        expected = any(tokens_pattern.search(t) for t in dom._role_tokens(raw))
        assert dom.has_class_match(el, NAV_ANY_CLASS_RE) == expected, raw
