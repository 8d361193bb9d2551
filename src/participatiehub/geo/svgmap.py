"""The national map as a server-rendered SVG.

Boundaries are projected once, when they are imported (:func:`geometry_to_path`), into a fixed
frame around the European Netherlands and stored as compact SVG path data (``svg_path``): RD New
coordinates (approximated), y flipped, scaled to a viewBox :data:`WIDTH` units wide, at one
decimal, each ring as ``M x y`` followed by relative line segments. Drawing a map is then string
assembly: :func:`build_svg` writes about 150 KB for all municipalities. This module reads no
database; :func:`participatiehub.geo.selectors.render_map` fetches the areas (three queries) and
draws them here.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .parsers import LAM0, PHI0, RD_X0, RD_Y0

WIDTH = 600
#: The frame in RD New metres (x_min, y_min, x_max, y_max): the Netherlands with a small margin.
FRAME = (12_000.0, 304_000.0, 280_000.0, 622_000.0)
SCALE = WIDTH / (FRAME[2] - FRAME[0])
HEIGHT = round((FRAME[3] - FRAME[1]) * SCALE)

DEFAULT_FILL = "#e8e8e8"
MUNICIPALITY_STROKE = "#ffffff"
REGION_STROKE = "#1a1a1a"


def wgs84_to_rd(lon: float, lat: float) -> tuple[float, float]:
    """WGS84 degrees → RD New metres: the approximation of Schreutelaar and Strang van Hees, the
    inverse of :func:`parsers.rd_to_wgs84` (written out, as it runs for every point on import)."""
    p = 0.36 * (lat - PHI0)
    q = 0.36 * (lon - LAM0)
    p2, q2 = p * p, q * q
    p3, q3, q4 = p2 * p, q2 * q, q2 * q2
    x = RD_X0 + (
        190094.945 * q
        - 11832.228 * p * q
        - 114.221 * p2 * q
        - 32.391 * q3
        - 0.705 * p
        - 2.340 * p3 * q
        - 0.608 * p * q3
        - 0.008 * q2
        + 0.148 * p2 * q3
    )
    y = RD_Y0 + (
        309056.544 * p
        + 3638.893 * q2
        + 73.077 * p2
        - 157.984 * p * q2
        + 59.788 * p3
        + 0.433 * q
        - 6.439 * p2 * q2
        - 0.032 * p * q
        + 0.092 * q4
        - 0.054 * p * q4
    )
    return x, y


def project(lon: float, lat: float) -> tuple[int, int]:
    """WGS84 → viewBox position in tenths of a unit (integers, so shared borders stay identical)."""
    x, y = wgs84_to_rd(lon, lat)
    return round((x - FRAME[0]) * SCALE * 10), round((FRAME[3] - y) * SCALE * 10)


# --- path data ---------------------------------------------------------------------------------

Ring = list[tuple[int, int]]


def _number(tenths: int) -> str:
    whole, frac = divmod(abs(tenths), 10)
    sign = "-" if tenths < 0 else ""
    if not frac:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{frac}"


def _pairs(points: Iterable[tuple[int, int]]) -> str:
    out: list[str] = []
    for dx, dy in points:
        for value in (dx, dy):
            text = _number(value)
            if out and not text.startswith("-"):
                out.append(" ")
            out.append(text)
    return "".join(out)


def encode_rings(rings: Iterable[Ring]) -> str:
    """Rings of tenths → ``M x y l dx dy … z`` per ring (closed; degenerate rings are left out)."""
    parts: list[str] = []
    for ring in rings:
        points: Ring = []
        for point in ring:
            if not points or points[-1] != point:
                points.append(point)
        if len(points) > 1 and points[0] == points[-1]:
            points.pop()
        if len(points) < 3:
            continue
        steps = [(b[0] - a[0], b[1] - a[1]) for a, b in zip(points, points[1:], strict=False)]
        parts.append(f"M{_pairs([points[0]])}l{_pairs(steps)}z")
    return "".join(parts)


def geometry_to_path(geometry: Mapping[str, Any] | None) -> str:
    """A WGS84 GeoJSON Polygon/MultiPolygon → stored SVG path data ('' without geometry)."""
    if not geometry:
        return ""
    polygons = geometry["coordinates"] if geometry.get("type") == "MultiPolygon" else [geometry["coordinates"]]
    rings = ([project(lon, lat) for lon, lat, *_z in ring] for polygon in polygons for ring in polygon)
    return encode_rings(rings)


_TOKEN = re.compile(r"[MmLlZz]|-?(?:\d+(?:\.\d*)?|\.\d+)")


def decode_path(d: str) -> list[Ring]:
    """Our own path data (absolute ``M``, relative ``l``, ``z``) → closed rings of tenths."""
    rings: list[Ring] = []
    ring: Ring = []
    command = ""
    numbers: list[int] = []
    for token in _TOKEN.findall(d):
        if token in "MmLlZz":
            command = token
            if token in "Zz" and ring:
                rings.append(ring)
                ring = []
            continue
        numbers.append(round(float(token) * 10))
        if len(numbers) < 2:
            continue
        x, y = numbers
        numbers = []
        if command == "M":
            if ring:
                rings.append(ring)
            ring = [(x, y)]
            command = "L"
        elif command == "L":
            ring.append((x, y))
        elif command == "l" and ring:
            ring.append((ring[-1][0] + x, ring[-1][1] + y))
    if ring:
        rings.append(ring)
    return rings


def merge_outline(paths: Iterable[str]) -> str:
    """The outer outline of a group of areas from their path data: borders shared by two members
    cancel out (the reference data has identical shared borders), what is left is chained into
    lines. Where borders do not match exactly, the inner border simply stays visible."""
    edges: Counter[tuple[tuple[int, int], tuple[int, int]]] = Counter()
    for d in paths:
        for ring in decode_path(d):
            for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
                if a != b:
                    edges[(a, b)] += 1
    outgoing: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for (a, b), count in edges.items():
        for _ in range(count - edges.get((b, a), 0)):
            outgoing[a].append(b)
    parts: list[str] = []
    for start in sorted(outgoing):
        while outgoing[start]:
            line = [start]
            current = start
            while outgoing.get(current):
                current = outgoing[current].pop()
                line.append(current)
            closed = line[-1] == line[0] and len(line) > 3
            points = line[:-1] if closed else line
            steps = [(b[0] - a[0], b[1] - a[1]) for a, b in zip(points, points[1:], strict=False)]
            parts.append(f"M{_pairs([points[0]])}l{_pairs(steps)}{'z' if closed else ''}")
    return "".join(parts)


# --- drawing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    svg_path: str


@lru_cache(maxsize=8192)
def _area_parts(area: MapArea) -> tuple[str, str]:
    """A municipality's path without its fill and tooltip label, escaped once (the areas of the map are
    kept in memory per geography version, see ``geo.selectors.municipalities_for_map``)."""
    return (
        f'<path class="ph-mun" data-code="{html.escape(area.code)}" fill="',
        f'" d="{area.svg_path}"><title>{html.escape(area.name)}',
    )


def build_svg(
    *,
    municipalities: Sequence[MapArea],
    regions: Sequence[MapArea] = (),
    fills: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    title: str,
    description: str,
    dom_id: str = "ph-map",
    default_fill: str = DEFAULT_FILL,
) -> SafeString:
    """Assemble the SVG from already projected areas (no database access)."""
    fills = fills or {}
    labels = labels or {}
    ident = escape(dom_id)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="ph-map" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
        f'<g class="ph-muns" stroke="{MUNICIPALITY_STROKE}" stroke-width="0.3" stroke-linejoin="round">',
    ]
    escaped: dict[str, str] = {}  # a few distinct fills and labels, many municipalities

    def esc(text: str) -> str:
        found = escaped.get(text)
        if found is None:
            found = escaped[text] = html.escape(str(text))
        return found

    for area in municipalities:
        if not area.svg_path:
            continue
        head, tail = _area_parts(area)
        label = labels.get(area.code)
        out.append(
            f"{head}{esc(fills.get(area.code, default_fill))}{tail}{': ' + esc(label) if label else ''}</title></path>"
        )
    out.append("</g>")
    if regions:
        out.append(
            f'<g class="ph-regions" fill="none" stroke="{REGION_STROKE}" stroke-width="1" '
            'stroke-linejoin="round" pointer-events="none">'
        )
        for area in regions:
            if area.svg_path:
                out.append(
                    f'<path class="ph-region" data-code="{escape(area.code)}" '
                    f'vector-effect="non-scaling-stroke" d="{area.svg_path}"/>'
                )
        out.append("</g>")
    out.append("</svg>")
    return mark_safe("\n".join(out))  # noqa: S308 - every text and attribute value above is escaped


@dataclass(frozen=True)
class MapGroup:
    """Municipalities drawn as one: the same fill and one tooltip (``label``), e.g. the area of a hub."""

    fill: str
    label: str
    codes: tuple[str, ...]


def grouped_paths(municipalities: Sequence[MapArea], codes: Iterable[str]) -> str:
    """The paths of ``codes`` (in the map's order), without fill or tooltip: a group's body."""
    wanted = set(codes)
    return "".join(
        f'<path class="ph-mun" data-code="{html.escape(a.code)}" d="{a.svg_path}"/>'
        for a in municipalities
        if a.code in wanted and a.svg_path
    )


def build_grouped_svg(
    *,
    groups: Sequence[tuple[MapGroup, str]],
    rest: str,
    title: str,
    description: str,
    dom_id: str = "ph-map",
    default_fill: str = DEFAULT_FILL,
) -> SafeString:
    """The map with its municipalities in groups: ``groups`` are (group, the paths of its municipalities
    from :func:`grouped_paths`), ``rest`` the paths of the municipalities in no group (drawn in
    ``default_fill``). Each group is one ``<g>`` with its fill and its tooltip."""
    ident = html.escape(dom_id)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="ph-map" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{html.escape(str(title))}</title>',
        f'<desc id="{ident}-desc">{html.escape(str(description))}</desc>',
        f'<g class="ph-muns" stroke="{MUNICIPALITY_STROKE}" stroke-width="0.3" stroke-linejoin="round">',
        f'<g class="ph-map-rest" fill="{html.escape(default_fill)}">{rest}</g>',
    ]
    for group, paths in groups:
        out.append(
            f'<g class="ph-map-group" fill="{html.escape(group.fill)}"><title>{html.escape(str(group.label))}</title>'
            f"{paths}</g>"
        )
    out.append("</g></svg>")
    return mark_safe("\n".join(out))  # noqa: S308 - every text and attribute value above is escaped
