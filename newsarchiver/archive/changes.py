"""What changed from one version of a copy to the next: the one diff that the archive stores with every
version (``article_versions.changes``) and that ``show`` and the article page print.

A change is summarised as the fields that differ (:data:`FIELDS`: title, authors, editors, source, its
URL, the dates, the prev/next links) and the body paragraphs removed and added (difflib over paragraphs,
so a moved or rewritten paragraph shows as one removed and one added). "Quietly rewritten" is then
visible next to "deleted": a version whose title and dates stayed and whose text lost two paragraphs.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

#: The fields compared, in the order a summary names them ("body" is the paragraphs).
FIELDS = ("title", "authors", "editors", "source", "source_url", "published", "updated", "links")

_BLANK_LINE = re.compile(r"\n\s*\n")


def paragraphs(body: str | None) -> list[str]:
    """The body's paragraphs (the archive separates them with blank lines)."""
    return [p.strip() for p in _BLANK_LINE.split(body or "") if p.strip()]


def what_changed(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """``{"fields": [...], "removed": [paragraphs], "added": [paragraphs]}`` from version ``old`` to ``new``.

    Both are mappings with any of :data:`FIELDS` and ``body``; ``authors``/``editors`` are lists or JSON
    arrays, ``links`` is ``{"prev": url, "next": url}``. A field missing from either side (an older
    version stored no links) is not compared."""
    fields = []
    for name in FIELDS:
        if name not in old or name not in new:
            continue
        if _value(name, old[name]) != _value(name, new[name]):
            fields.append(name)
    before, after = paragraphs(old.get("body")), paragraphs(new.get("body"))
    added: list[str] = []
    removed: list[str] = []
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            removed.extend(before[a0:a1])
        if op in ("insert", "replace"):
            added.extend(after[b0:b1])
    return {"fields": fields, "removed": removed, "added": added}


def summary(changes: Mapping[str, Any] | None) -> str:
    """One line: ``title, authors changed; 2 paragraphs added, 1 removed`` (or ``no visible change``)."""
    if not changes:
        return "not recorded"
    parts = []
    if changes.get("fields"):
        parts.append(", ".join(changes["fields"]) + " changed")
    added, removed = len(changes.get("added") or []), len(changes.get("removed") or [])
    if added or removed:
        parts.append(f"{added} paragraph{'s' if added != 1 else ''} added, {removed} removed")
    return "; ".join(parts) or "no visible change"


def names(value: Any) -> list[str]:
    """Authors or editors as a list, from a list or a JSON array (a bare name: a list of one)."""
    if isinstance(value, (list, tuple)):
        return list(value)
    try:
        loaded = json.loads(value) if value else []
    except ValueError:
        return [value]
    return loaded if isinstance(loaded, list) else [loaded]


def _value(name: str, value: Any) -> Any:
    if name in ("authors", "editors"):
        return names(value)
    if name == "links":
        return {k: v for k, v in (value or {}).items() if v}
    return value or None


def backfill_version_changes(db: Database) -> int:
    """Compute ``changes`` for every stored version that has none (migration 010): each version against the
    next one, the last against the copy as it is now. Returns the versions done."""
    done = 0
    copy_ids = [r[0] for r in db.execute("SELECT DISTINCT copy_id FROM article_versions WHERE changes IS NULL")]
    for copy_id in copy_ids:
        versions = [dict(zip(("id", "title", "body", "authors", "editors", "source", "source_url", "published",
                              "updated"), r)) for r in db.execute(
            "SELECT id, title, body, authors, editors, source, source_url, published, updated FROM article_versions "
            "WHERE copy_id = ? ORDER BY version", [copy_id])]
        current = db.execute("SELECT title, body, source, source_url, published, updated FROM copies WHERE id = ?",
                             [copy_id]).fetchone()
        if current is None:
            continue
        now = dict(zip(("title", "body", "source", "source_url", "published", "updated"), current))
        for role in ("author", "editor"):
            now[role + "s"] = [r[0] for r in db.execute(
                "SELECT p.name FROM credits cr JOIN people p ON p.id = cr.person_id WHERE cr.copy_id = ? "
                "AND cr.role = ? ORDER BY cr.position", [copy_id, role])]
        for old, new in zip(versions, versions[1:] + [now]):
            db.execute("UPDATE article_versions SET changes = ? WHERE id = ?",
                       [json.dumps(what_changed(old, new), ensure_ascii=False), old["id"]])
            done += 1
    return done
