"""The pages' pictures as SVG, drawn on the server: a story's timeline, the repost network, a site's
articles over time.

Pure functions from records to ``Markup`` (no SQLite, no Datasette): the same SVG goes into a served
page and into a self-contained report. Every copy, site and repost pair is one element carrying its
data in ``data-*`` attributes (what the browser tests count), with a ``<title>`` tooltip; sizes are
chosen so that 1,000 copies or 500 sites stay a few thousand elements.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from markupsafe import Markup, escape

Href = Callable[[Any], str | None]

#: How a copy joined its story → the mark's shape (the legend says the same).
SHAPES = {"exact": "circle", "canonical": "square", "near-duplicate": "diamond"}
REASON_LABELS = {"new": "first copy", "exact": "same text", "canonical": "rel=canonical",
                 "near-duplicate": "near-duplicate", "unmerged": "unmerged"}


# -- dates -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class When:
    """A publication date as the archive holds it: the instant it starts and how long it may span
    (0 for a time of day; a day or a month for ``2019-09-25`` / ``2019-09``, issue 12's honest precision)."""

    start: datetime
    span_hours: float


def parse_when(text: str | None, default_offset: timezone = UTC) -> When | None:
    """``2024-03-05T10:20:00+08:00``, ``2024-03-05`` or ``2024-03``; None when absent or unreadable."""
    if not text:
        return None
    text = text.strip()
    try:
        if len(text) == 7:  # YYYY-MM
            start = datetime(int(text[:4]), int(text[5:7]), 1, tzinfo=default_offset)
            end = datetime(start.year + start.month // 12, start.month % 12 + 1, 1, tzinfo=default_offset)
            return When(start, (end - start).total_seconds() / 3600)
        if len(text) == 10:  # YYYY-MM-DD
            return When(datetime.fromisoformat(text).replace(tzinfo=default_offset), 24.0)
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return When(value if value.tzinfo else value.replace(tzinfo=default_offset), 0.0)


def common_offset(texts: Sequence[str | None]) -> timezone:
    """The UTC offset most of these dates are written with: a date without a time is taken as that
    day in the story's (or site's) own timezone, not in UTC."""
    offsets = Counter()
    for text in texts:
        if text and len(text) > 10:
            try:
                value = datetime.fromisoformat(text)
            except ValueError:
                continue
            if value.utcoffset() is not None:
                offsets[value.utcoffset()] += 1
    return timezone(offsets.most_common(1)[0][0]) if offsets else UTC


def hours_label(hours: float) -> str:
    """``0``, ``45 min``, ``6 h``, ``3 d``, ``2 mo``: an axis tick or a delay, short."""
    if hours <= 0:
        return "0"
    if hours < 1:
        return f"{hours * 60:.0f} min"
    if hours < 48:
        return f"{hours:.0f} h" if hours >= 10 or hours == int(hours) else f"{hours:.1f} h"
    if hours < 24 * 60:
        return f"{hours / 24:.0f} d"
    if hours < 24 * 730:
        return f"{hours / 24 / 30.4:.0f} mo"
    return f"{hours / 24 / 365:.0f} y"


# -- scales ----------------------------------------------------------------------------------------------
_TICKS = (0, 1, 3, 6, 12, 24, 48, 72, 168, 336, 720, 2160, 4380, 8760, 17520, 43800)


class HoursScale:
    """Hours after the first copy → x. Linear up to three days; beyond that a log scale (log1p), so that
    copies hours apart stay apart when the last copy came months later (the axis says so)."""

    def __init__(self, max_hours: float, x0: float, x1: float) -> None:
        self.max_hours = max(max_hours, 1.0)
        self.x0, self.x1 = x0, x1
        self.log = self.max_hours > 72

    def _unit(self, hours: float) -> float:
        hours = min(max(hours, 0.0), self.max_hours)
        if self.log:
            return math.log1p(hours) / math.log1p(self.max_hours)
        return hours / self.max_hours

    def __call__(self, hours: float) -> float:
        return self.x0 + (self.x1 - self.x0) * self._unit(hours)

    def ticks(self) -> list[float]:
        if self.log:
            return [t for t in _TICKS if t <= self.max_hours]
        step = next(s for s in (1, 3, 6, 12, 24) if self.max_hours / s <= 8)
        return [float(h) for h in range(0, int(self.max_hours) + 1, step)]


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _attrs(**attrs: Any) -> Markup:
    """``key="value"`` pairs, escaped; ``data_copy`` becomes ``data-copy``; None values left out."""
    parts = []
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        parts.append(f'{name}="{escape(value if not isinstance(value, float) else round(value, 4))}"')
    return Markup(" ".join(parts))


def _shape(kind: str, x: float, y: float, r: float, **attrs: Any) -> str:
    a = _attrs(**attrs)
    if kind == "square":
        return f'<rect x="{_f(x - r)}" y="{_f(y - r)}" width="{_f(2 * r)}" height="{_f(2 * r)}" {a}/>'
    if kind == "diamond":
        d = r * 1.3
        return (f'<path d="M{_f(x)} {_f(y - d)}L{_f(x + d)} {_f(y)}L{_f(x)} {_f(y + d)}L{_f(x - d)} {_f(y)}Z" '
                f'{a}/>')
    return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" {a}/>'


def _link(href: str | None, inner: str, **attrs: Any) -> str:
    if href:
        return f'<a {_attrs(href=href, **attrs)}>{inner}</a>'
    return f'<g {_attrs(**attrs)}>{inner}</g>' if attrs else inner


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# -- a story's timeline -----------------------------------------------------------------------------------
def timeline_positions(copies: Sequence[dict[str, Any]]) -> tuple[list[When | None], datetime | None]:
    """Each copy's publication date (None when it has none) and the first copy's instant."""
    offset = common_offset([c.get("published") for c in copies])
    whens = [parse_when(c.get("published"), offset) for c in copies]
    starts = [w.start for w in whens if w]
    return whens, (min(starts) if starts else None)


def timeline_svg(copies: Sequence[dict[str, Any]], *, article_href: Href, site_href: Href,
                 width: int = 960) -> Markup:
    """One lane per site (in the order of each site's first copy), one mark per copy at its hours after
    the first copy; the mark's shape says how the copy joined, the original is ringed and labelled,
    a copy dated only to the day or month gets a bar over that span, undated copies sit in their own
    column on the right. ``copies``: ``webqueries.story()['copies_list']``."""
    whens, first = timeline_positions(copies)
    hours = [((w.start - first).total_seconds() / 3600 if w and first else None) for w in whens]
    lanes: list[str] = []
    for c, h in sorted(zip(copies, hours), key=lambda ch: (ch[1] is None, ch[1] or 0, ch[0]["copy_id"])):
        if c["site"] not in lanes:
            lanes.append(c["site"])
    lane_of = {site: i for i, site in enumerate(lanes)}
    n = len(lanes)
    lane_h = 28 if n <= 12 else 20 if n <= 40 else 14 if n <= 120 else 10
    label_w = 180 if n <= 120 else 150
    undated = any(h is None for h in hours)
    top, bottom = 30, 34
    x0, x1 = label_w + 14, width - (70 if undated else 24)
    max_h = max([h for h in hours if h is not None] or [1.0])
    scale = HoursScale(max_h, x0, x1)
    height = top + n * lane_h + bottom
    r = min(6.0, lane_h / 3.2)
    font = 12 if lane_h >= 20 else 10 if lane_h >= 14 else 8
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" '
           f'aria-label="Timeline: {len(copies)} copies on {n} sites" data-copies="{len(copies)}" data-lanes="{n}">']
    # lanes: a band per site with its label (a link to the site page)
    out.append('<g class="lanes">')
    for i, site in enumerate(lanes):
        y = top + i * lane_h
        label = f'<text x="{label_w}" y="{_f(y + lane_h / 2 + font / 3)}" text-anchor="end" font-size="{font}">' \
                f'{escape(_short(site, 26))}</text>'
        out.append(f'<g class="lane" data-site="{escape(site)}">'
                   f'<rect class="lane-band{" odd" if i % 2 else ""}" x="{x0 - 8}" y="{y}" width="{x1 - x0 + 16}" '
                   f'height="{lane_h}"/>{_link(site_href(site), label)}</g>')
    out.append("</g>")
    # axis: ticks in hours after the first copy
    axis_y = top + n * lane_h
    out.append(f'<g class="axis" font-size="11"><line x1="{x0}" y1="{axis_y}" x2="{x1}" y2="{axis_y}"/>')
    last_x = -100.0
    for t in scale.ticks():
        x = scale(t)
        if x - last_x < 34:
            continue
        last_x = x
        out.append(f'<line x1="{_f(x)}" y1="{top}" x2="{_f(x)}" y2="{axis_y + 4}" class="grid"/>'
                   f'<text x="{_f(x)}" y="{axis_y + 16}" text-anchor="middle">{escape(hours_label(t))}</text>')
    caption = "hours after the first copy" + (" (log scale)" if scale.log else "")
    out.append(f'<text x="{x0}" y="{axis_y + 30}" class="caption">{escape(caption)}</text>')
    if undated:
        out.append(f'<text x="{width - 38}" y="{top - 10}" text-anchor="middle">no date</text>')
    out.append("</g>")
    # marks: one per copy; copies that would overlap in a lane step aside vertically (a small beeswarm)
    out.append('<g class="marks">')
    occupied: dict[tuple[int, int], int] = {}
    original_ring = ""
    for c, w, h in zip(copies, whens, hours):
        lane = lane_of[c["site"]]
        cy = top + lane * lane_h + lane_h / 2
        cx = width - 38 if h is None else scale(h)
        slot = (lane, int(cx // (r * 1.6)))
        k = occupied.get(slot, 0)
        occupied[slot] = k + 1
        capacity = max(1, int((lane_h - 2 * r) // (r * 0.9)) + 1)
        step = (k % capacity + 1) // 2 * (1 if k % 2 else -1)
        cy += step * r * 0.9
        reason = c.get("story_reason") or "new"
        classes = ["mark", f"reason-{reason}"]
        if c.get("is_original"):
            classes.append("original")
        if h is None:
            classes.append("undated")
        if w and w.span_hours:
            classes.append("approx")
        if c.get("status"):
            classes.append(f"status-{c['status']}")
        tip = [f"copy {c['copy_id']}", c["site"], (c.get("published") or "no date").replace("T", " ")]
        if h is not None and h > 0:
            tip.append(f"+{hours_label(h)}")
        tip.append("the original" if c.get("is_original") else REASON_LABELS.get(reason, reason)
                   + (f" {c['story_similarity']:.2f}" if reason == "near-duplicate" and c.get("story_similarity")
                      is not None else ""))
        if c.get("status"):
            tip.append(str(c["status"]))
        span = ""
        if w and w.span_hours and h is not None:
            span = (f'<line class="span" x1="{_f(cx)}" y1="{_f(cy)}" x2="{_f(scale(h + w.span_hours))}" '
                    f'y2="{_f(cy)}"/>')
        shape = _shape(SHAPES.get(reason, "circle"), cx, cy, r * (1.35 if c.get("is_original") else 1))
        mark = _link(article_href(c["copy_id"]), f"{span}{shape}<title>{escape(' · '.join(tip))}</title>",
                     class_=" ".join(classes), data_copy=c["copy_id"], data_site=c["site"],
                     data_hours=None if h is None else round(h, 2),
                     data_similarity=c.get("story_similarity") if reason == "near-duplicate" else None)
        out.append(mark)
        if c.get("is_original"):
            original_ring = (f'<circle class="original-ring" cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(r * 2.3)}"/>'
                             f'<text class="original-label" x="{_f(cx + r * 2.6)}" y="{_f(cy - r * 1.4)}" '
                             f'font-size="11">original</text>')
    out.append("</g>")
    # where more copies share one spot of a lane than can step aside, say how many are stacked there
    capacity = max(1, int((lane_h - 2 * r) // (r * 0.9)) + 1)
    stacks = [(slot, n) for slot, n in occupied.items() if n > capacity]
    if stacks:
        out.append('<g class="stacks">')
        for (lane, column), n in stacks:
            x = (column + 1) * r * 1.6 + 1
            y = top + lane * lane_h + lane_h / 2 + font / 3
            out.append(f'<text class="stack" x="{_f(x)}" y="{_f(y)}" font-size="{font}">{n}</text>')
        out.append("</g>")
    out.append(original_ring)
    out.append("</svg>")
    return Markup("".join(out))


# -- the network of sites ---------------------------------------------------------------------------------
def _ring_radii(count: int, inner: float, spacing: float, gap: float) -> list[float]:
    """Radii of the fewest concentric rings from ``inner`` outwards (``gap`` apart) that hold ``count``
    nodes ``spacing`` apart."""
    radii: list[float] = []
    room = 0
    r = inner
    while room < count:
        radii.append(r)
        room += max(1, int(2 * math.pi * r / spacing)) if r > 0 else 1
        r = r + gap if r > 0 else gap
    return radii


def _place_on_rings(ordered: Sequence[dict[str, Any]], radii: list[float], pos: dict[int, tuple[float, float]],
                    turn: float = 0.0) -> dict[int, float]:
    """Node i of ``ordered`` at angle 2πi/n on ring i mod k: neighbours in the order alternate rings, so each
    ring spans the whole circle and the order (by direction) is kept around it. Returns the angles."""
    angles = {}
    n = len(ordered)
    for i, node in enumerate(ordered):
        r = radii[i % len(radii)]
        a = 2 * math.pi * i / max(1, n) - math.pi / 2 + turn
        angles[node["id"]] = a
        pos[node["id"]] = (r * math.cos(a), r * math.sin(a))
    return angles


def network_layout(nodes: Sequence[dict[str, Any]], edges: Sequence[dict[str, Any]],
                   spacing: float = 30.0) -> dict[int, tuple[float, float]]:
    """Positions by role, in rings: sites whose originals others repost in the middle, sites that mostly
    repost around them (each placed in the direction of the sites it copies from), sites with no repost
    on the outside. Deterministic and O(nodes + edges): 500 sites lay out in milliseconds."""
    sources = sorted((n for n in nodes if n["reposts_out"] and n["reposts_out"] >= n["reposts_in"]),
                     key=lambda n: (-n["reposts_out"], n["host"]))
    reposters = [n for n in nodes if n["reposts_in"] > n["reposts_out"]]
    alone = sorted((n for n in nodes if not n["reposts_in"] and not n["reposts_out"]), key=lambda n: n["host"])
    pos: dict[int, tuple[float, float]] = {}
    inner = 0.0 if len(sources) <= 1 else max(70.0, min(len(sources), 40) * spacing / (2 * math.pi))
    source_radii = _ring_radii(len(sources), inner, spacing, 40.0) if sources else [0.0]
    angle = _place_on_rings(sources, source_radii, pos)
    incoming: dict[int, list[tuple[int, int]]] = {}
    for e in edges:
        incoming.setdefault(e["target_id"], []).append((e["source_id"], e["reposts"]))

    def direction(n: dict[str, Any]) -> float:  # the weighted mean direction of the sites it copies from
        x = y = 0.0
        for src, w in incoming.get(n["id"], []):
            if src in pos and pos[src] != (0.0, 0.0):
                x += w * math.cos(angle[src])
                y += w * math.sin(angle[src])
        return math.atan2(y, x) % (2 * math.pi) if (x or y) else 0.0

    reposters.sort(key=lambda n: (direction(n), n["host"]))
    start = max(source_radii[-1] + 130.0, 120.0)
    reposter_radii = _ring_radii(len(reposters), start, spacing, 36.0) if reposters else [source_radii[-1]]
    _place_on_rings(reposters, reposter_radii, pos, turn=math.pi / 2)
    if alone:
        _place_on_rings(alone, _ring_radii(len(alone), reposter_radii[-1] + 90.0, spacing, 36.0), pos,
                        turn=math.pi / 4)
    return pos


def network_svg(nodes: Sequence[dict[str, Any]], edges: Sequence[dict[str, Any]], *, site_href: Href,
                labels: int = 40) -> Markup:
    """Sites as nodes (area by copies; links to the site page), repost pairs as arrows from the site of
    the original to the site of the copy, thicker with more reposts. The ``labels`` largest sites are
    named on the picture; every node and edge has a tooltip."""
    pos = network_layout(nodes, edges)
    if not pos:
        return Markup('<p class="empty">No sites yet.</p>')
    most = max((n["copies"] for n in nodes), default=1) or 1
    big = 14.0 if len(nodes) <= 60 else 9.0  # the largest circle; rings are 30-36 px apart on big networks
    radius = {n["id"]: 3.5 + big * math.sqrt((n["copies"] or 0) / most) for n in nodes}
    pad = 70
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    minx, maxx, miny, maxy = min(xs) - pad - 60, max(xs) + pad + 60, min(ys) - pad, max(ys) + pad
    w, h = maxx - minx, maxy - miny
    max_w = max((e["reposts"] for e in edges), default=1)
    by_id = {n["id"]: n for n in nodes}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="network" viewBox="{_f(minx)} {_f(miny)} {_f(w)} {_f(h)}" '
           f'width="{_f(w)}" height="{_f(h)}" role="img" aria-label="Repost network: {len(nodes)} sites, '
           f'{len(edges)} repost pairs" data-nodes="{len(nodes)}" data-edges="{len(edges)}">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" '
           'markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0L10 5L0 10z" class="arrowhead"/></marker></defs>',
           '<g class="edges">']
    for e in sorted(edges, key=lambda e: e["reposts"]):
        (sx, sy), (tx, ty) = pos[e["source_id"]], pos[e["target_id"]]
        dx, dy = tx - sx, ty - sy
        dist = math.hypot(dx, dy) or 1.0
        # end at the target's rim; bend a little so that A→B and B→A are two arrows
        ex, ey = tx - dx / dist * (radius[e["target_id"]] + 2), ty - dy / dist * (radius[e["target_id"]] + 2)
        cx, cy = (sx + ex) / 2 - dy / dist * dist * 0.12, (sy + ey) / 2 + dx / dist * dist * 0.12
        width = 1 + 5 * math.log1p(e["reposts"]) / math.log1p(max_w)
        src, dst = by_id[e["source_id"]]["host"], by_id[e["target_id"]]["host"]
        out.append(f'<path class="edge" d="M{_f(sx)} {_f(sy)}Q{_f(cx)} {_f(cy)} {_f(ex)} {_f(ey)}" '
                   f'stroke-width="{_f(width)}" marker-end="url(#arrow)" {_attrs(data_from=src, data_to=dst)} '
                   f'data-count="{e["reposts"]}"><title>{escape(src)} → {escape(dst)}: {e["reposts"]} '
                   f'repost{"s" if e["reposts"] != 1 else ""}</title></path>')
    out.append('</g><g class="nodes">')
    named = {n["id"] for n in sorted(nodes, key=lambda n: -(n["copies"] or 0))[:labels]}
    for n in nodes:
        x, y = pos[n["id"]]
        role = "source" if n["reposts_out"] >= n["reposts_in"] and n["reposts_out"] else \
            "reposter" if n["reposts_in"] else "alone"
        tip = (f"{n['host']}{' (' + n['name'] + ')' if n.get('name') else ''}: {n['copies']} copies; "
               f"{n['reposts_in']} reposts of other sites' originals; its originals reposted {n['reposts_out']}×")
        label = ""
        if n["id"] in named:
            label = (f'<text x="{_f(x)}" y="{_f(y + radius[n["id"]] + 13)}" text-anchor="middle" font-size="12">'
                     f'{escape(_short(n.get("name") or n["host"], 18))}</text>')
        inner = f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(radius[n["id"]])}"/>{label}<title>{escape(tip)}</title>'
        out.append(_link(site_href(n["host"]), inner, class_=f"node role-{role}", data_site=n["host"],
                         data_copies=n["copies"]))
    out.append("</g></svg>")
    return Markup("".join(out))


# -- a site's articles over time --------------------------------------------------------------------------
def _bin_start(value: datetime, unit: str) -> datetime:
    if unit == "day":
        return value.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "week":
        day = value.replace(hour=0, minute=0, second=0, microsecond=0)
        return day - timedelta(days=day.weekday())
    return value.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _next_bin(value: datetime, unit: str) -> datetime:
    if unit == "day":
        return value + timedelta(days=1)
    if unit == "week":
        return value + timedelta(days=7)
    return value.replace(year=value.year + value.month // 12, month=value.month % 12 + 1)


def activity_bins(dated: Sequence[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Copies per day, week or month (whichever gives at most ~60 bars), split into originals and reposts.
    ``dated``: ``[{"published": ISO, "repost": bool}]``; dates are binned in the site's own timezone."""
    offset = common_offset([d["published"] for d in dated])
    whens = [(parse_when(d["published"], offset), d["repost"]) for d in dated]
    whens = [(w.start.astimezone(offset), repost) for w, repost in whens if w]
    if not whens:
        return "day", []
    lo, hi = min(w for w, _ in whens), max(w for w, _ in whens)
    days = (hi - lo).days + 1
    unit = "day" if days <= 60 else "week" if days <= 420 else "month"
    counts: dict[datetime, list[int]] = {}
    for w, repost in whens:
        counts.setdefault(_bin_start(w, unit), [0, 0])[1 if repost else 0] += 1
    bins = []
    at, last = _bin_start(lo, unit), _bin_start(hi, unit)
    while at <= last:
        own, reposts = counts.get(at, [0, 0])
        label = at.strftime("%Y-%m") if unit == "month" else at.strftime("%Y-%m-%d")
        bins.append({"start": label, "originals": own, "reposts": reposts})
        at = _next_bin(at, unit)
    return unit, bins


def activity_svg(dated: Sequence[dict[str, Any]], *, width: int = 960, height: int = 180) -> Markup:
    """Bars of copies published per day/week/month, reposts stacked on the site's own articles."""
    unit, bins = activity_bins(dated)
    if not bins:
        return Markup('<p class="empty">No dated articles.</p>')
    left, right, top, bottom = 40, 10, 10, 34
    most = max(b["originals"] + b["reposts"] for b in bins) or 1
    bw = (width - left - right) / len(bins)
    scale = (height - top - bottom) / most
    base = height - bottom
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="activity" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" aria-label="Articles per {unit}" data-unit="{unit}" '
           f'data-bins="{len(bins)}" data-total="{sum(b["originals"] + b["reposts"] for b in bins)}">',
           f'<g class="axis" font-size="11"><line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}"/>',
           f'<text x="{left - 6}" y="{top + 10}" text-anchor="end">{most}</text>',
           f'<text x="{left - 6}" y="{base}" text-anchor="end">0</text></g><g class="bars">']
    label_every = max(1, math.ceil(len(bins) / 8))
    for i, b in enumerate(bins):
        x = left + i * bw
        own_h, rep_h = b["originals"] * scale, b["reposts"] * scale
        tip = f'{b["start"]}: {b["originals"] + b["reposts"]} articles ({b["reposts"]} reposts)'
        out.append(f'<g class="bin" data-start="{b["start"]}" data-count="{b["originals"] + b["reposts"]}">'
                   f'<rect class="own" x="{_f(x + 1)}" y="{_f(base - own_h)}" width="{_f(max(bw - 2, 1))}" '
                   f'height="{_f(own_h)}"/>'
                   f'<rect class="repost" x="{_f(x + 1)}" y="{_f(base - own_h - rep_h)}" '
                   f'width="{_f(max(bw - 2, 1))}" height="{_f(rep_h)}"/><title>{escape(tip)}</title></g>')
        if i % label_every == 0:
            out.append(f'<text x="{_f(x + bw / 2)}" y="{base + 16}" text-anchor="middle" font-size="11">'
                       f'{escape(b["start"])}</text>')
    out.append(f'</g><text x="{left}" y="{height - 3}" font-size="11" class="caption">articles per {unit}</text>'
               "</svg>")
    return Markup("".join(out))
