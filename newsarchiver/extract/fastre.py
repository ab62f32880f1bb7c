"""Class/id tests made fast without changing their answers: word lists as tries, literal prefilters.

Long word lists in a regex are rewritten as a trie, so a search tries a few branches per position, not all.

Python's ``re`` tries every alternative of ``comment|related|recommend|…`` at every position of the
subject; class/id tests run such lists (a hundred words) over every class token of a page, and that was
a tenth of an extraction's time. :func:`factor_words` rewrites the top-level list of plain words (and
groups that list only plain words) into a prefix tree (``c(?:o(?:mment|pyright)|…)``). The rewrite keeps
*whether* a pattern matches, not which alternative matches first: it is for patterns used as yes/no tests.
:func:`required_literals` lists strings one of which every match contains: text holding none of them is
answered with a few substring tests instead of a regex search.
"""

from __future__ import annotations

import re

#: Below this many plain words the list is left alone (short lists are as fast, or faster, as written).
MIN_WORDS = 20
_PLAIN = re.compile(r"(?:[a-z0-9_]|\\-|-)+")
_WORD_GROUP = re.compile(r"\(\?:((?:(?:[a-z0-9_]|\\-|-)+\|)+(?:[a-z0-9_]|\\-|-)+)\)")


def factor_words(source: str) -> str:
    """``source`` with its top-level plain words (groups flattened) and its groups of plain words as tries;
    unchanged when it lists fewer than :data:`MIN_WORDS` plain words at the top level."""
    branches: list[str] = []
    _flatten(source, branches)
    words = [b.replace("\\-", "-") for b in branches if _PLAIN.fullmatch(b)]
    if len(words) < MIN_WORDS:
        return source
    rest = [_WORD_GROUP.sub(_group_trie, b) for b in branches if not _PLAIN.fullmatch(b)]
    return "|".join([_trie(words), *rest])


def _group_trie(m: re.Match[str]) -> str:
    return "(?:" + _trie([w.replace("\\-", "-") for w in m.group(1).split("|")]) + ")"


def _trie(words: list[str]) -> str:
    root: dict[str, dict] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root)


def _emit(node: dict[str, dict]) -> str:
    alts = [re.escape(ch) + _emit(sub) for ch, sub in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if "" in node:  # a word ends here and longer ones go on: the rest is optional
        return (body if len(alts) > 1 else "(?:" + body + ")") + "?"
    return body


def _flatten(source: str, out: list[str]) -> None:
    """The top-level alternatives of ``source``, with alternatives that are a whole ``(?:…)`` group opened."""
    for branch in _split(source):
        if branch.startswith("(?:") and branch.endswith(")") and _closes_at_end(branch):
            _flatten(branch[3:-1], out)
        else:
            out.append(branch)


def _scan(source: str):
    """(index, char, depth before it) of every character outside escapes and character classes."""
    depth, in_class, escaped = 0, False, False
    for i, ch in enumerate(source):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        else:
            yield i, ch, depth
            depth += ch == "("
            depth -= ch == ")"


def _split(source: str) -> list[str]:
    out, start = [], 0
    for i, ch, depth in _scan(source):
        if ch == "|" and depth == 0:
            out.append(source[start:i])
            start = i + 1
    out.append(source[start:])
    return out


def _closes_at_end(branch: str) -> bool:
    """The group opened at the start of ``branch`` is closed by its last character."""
    return all(not (ch == ")" and depth == 1) or i == len(branch) - 1 for i, ch, depth in _scan(branch))


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains (``None`` when no such short list is
    known, or the pattern ignores case): a text holding none of them cannot match, and ``in`` finds that
    far faster than the regex engine tries a list of alternatives at every position."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        from re import _parser as sre_parse  # noqa: PLC0415 - CPython's own regex parser
        from re._constants import BRANCH, LITERAL, MAX_REPEAT, MIN_REPEAT, SUBPATTERN
    except ImportError:  # pragma: no cover - another Python: no shortcut, same answers
        return None
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)

    def seq(items) -> frozenset[str] | None:
        best: frozenset[str] | None = None
        run: list[str] = []
        candidates: list[frozenset[str]] = []
        for op, av in list(items) + [(None, None)]:
            if op is LITERAL:
                run.append(chr(av))
                continue
            if run:
                candidates.append(frozenset({"".join(run)}))
                run = []
            sub = None
            if op is SUBPATTERN:
                sub = seq(av[-1])
            elif op is BRANCH:
                alts = [seq(a) for a in av[1]]
                sub = None if any(a is None for a in alts) else frozenset().union(*alts)
            elif op in (MAX_REPEAT, MIN_REPEAT) and av[0] >= 1:
                sub = seq(av[2])
            if sub:
                candidates.append(sub)
        for c in candidates:  # the list whose shortest string is longest, then the shortest list
            if best is None or (min(map(len, c)), -len(c)) > (min(map(len, best)), -len(best)):
                best = c
        return best

    found = seq(parsed)
    if not found:
        return None
    # a string holding another of the list adds nothing: the shorter one is found wherever it is
    return tuple(sorted(s for s in found if not any(t != s and t in s for t in found)))
