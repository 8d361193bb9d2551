"""Rebuilding the shipped regions files (``geo/data``) from the official CBS/PDOK downloads.

Input: the four generalised layers of CBS *Gebiedsindelingen* (``gemeente_gegeneraliseerd``,
``provincie_gegeneraliseerd``, ``zorgkantoorregio_gegeneraliseerd``, ``ggdregio_gegeneraliseerd``),
either from the CBS GeoPackage or as GeoJSON from the PDOK WFS (RD New or WGS84). Output: the six
files :func:`participatiehub.geo.services.regions_import` reads. Pure Python plus numpy:

- **Simplification** keeps shared borders shared: every ring is cut into arcs at the points where
  neighbours meet (junctions), each arc is simplified once (Douglas-Peucker, tolerance in metres)
  and used by both neighbours, so borders still match exactly. An arc whose simplification makes a
  ring collapse or cross itself is simplified again with a quarter of the tolerance (three times at
  most, then kept as it was).
- **Representative point**: a point inside each area (the middle of the widest stretch inside the
  largest part on a few horizontal lines), still inside after rounding to 4 decimals.
- **Assignment**: a municipality belongs to the region whose (unsimplified) boundary contains its
  point; when no region or more than one does, to the one that covers most of a grid of points
  inside the municipality (and that case is reported).
"""

from __future__ import annotations

import csv
import io
import json
import math
import sqlite3
import struct
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

import numpy as np

from .constants import MUNICIPALITY, Layer
from .parsers import Problems, RegionDataError, file_error, parse_geojson

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]  # exterior first, then holes

#: The official layer names, per kind of area, and the file each kind is written to.
OFFICIAL_LAYERS: dict[str, str] = {
    MUNICIPALITY: "gemeente_gegeneraliseerd",
    Layer.PROVINCE.value: "provincie_gegeneraliseerd",
    Layer.ZORGKANTOORREGIO.value: "zorgkantoorregio_gegeneraliseerd",
    Layer.GGDREGIO.value: "ggdregio_gegeneraliseerd",
}
OUTPUT_FILES: dict[str, str] = {
    MUNICIPALITY: "municipalities.geojson",
    Layer.PROVINCE.value: "provinces.geojson",
    Layer.ZORGKANTOORREGIO.value: "zorgkantoorregio.geojson",
    Layer.GGDREGIO.value: "ggdregio.geojson",
}
REGION_LAYERS = (Layer.PROVINCE.value, Layer.ZORGKANTOORREGIO.value, Layer.GGDREGIO.value)
#: municipalities.csv columns per region layer, in this order.
REGION_COLUMNS = {
    Layer.PROVINCE.value: ("province_code", "province_name"),
    Layer.ZORGKANTOORREGIO.value: ("zk_code", "zk_name"),
    Layer.GGDREGIO.value: ("ggd_code", "ggd_name"),
}
DECIMALS = 4
DEFAULT_TOLERANCE_M = 150.0
#: Metres per degree around 52° N, to measure distances in lon/lat coordinates.
M_PER_DEG_LON, M_PER_DEG_LAT = 68_300.0, 111_250.0
#: How often an arc's tolerance is divided by 4 before it is kept as it was.
MAX_FINER = 3
#: Points per side of the grid that estimates overlap when a point alone cannot decide.
OVERLAP_GRID = 40


@dataclass
class Shape:
    code: str
    name: str
    polygons: list[Polygon]


@dataclass
class BuildResult:
    #: file name → text
    files: dict[str, str]
    counts: dict[str, int]
    #: what a person should look at (fallback assignments, rings dropped or left crossing)
    notes: list[str] = field(default_factory=list)


# --- reading the official files ----------------------------------------------------------------


def _polygons(geometry: dict[str, Any]) -> list[Polygon]:
    parts = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [[[(float(x), float(y)) for x, y in ring] for ring in polygon] for polygon in parts]


def read_geojson_layer(path: Path, kind: str) -> dict[str, Shape]:
    """A PDOK WFS GeoJSON file (``statcode``/``statnaam``, RD New or WGS84) of one layer."""
    layer = parse_geojson(path.read_bytes(), filename=path.name)
    if layer.kind != kind:
        raise file_error(
            path.name,
            _("holds %(found)s areas, expected %(expected)s.")
            % {"found": OFFICIAL_LAYERS[layer.kind], "expected": OFFICIAL_LAYERS[kind]},
        )
    return {code: Shape(code, f.name, _polygons(f.geometry)) for code, f in layer.features.items()}


class _WkbError(ValueError):
    pass


def _wkb_geometry(data: bytes, pos: int = 0) -> tuple[dict[str, Any], int]:
    """(GeoJSON geometry, next position) of a WKB Polygon or MultiPolygon (2D, Z or M ignored)."""
    if pos + 5 > len(data):
        raise _WkbError
    order = "<" if data[pos] == 1 else ">"
    (kind,) = struct.unpack_from(order + "I", data, pos + 1)
    pos += 5
    dims = 2 + bool(kind & 0x80000000) + bool(kind & 0x40000000)  # EWKB flags
    kind &= 0x0FFFFFFF
    if kind >= 1000:  # ISO: 1000 Z, 2000 M, 3000 ZM
        dims = {1: 3, 2: 3, 3: 4}.get(kind // 1000, 2)
        kind %= 1000
    if kind == 3:
        rings, pos = _wkb_rings(data, pos, order, dims)
        return {"type": "Polygon", "coordinates": rings}, pos
    if kind == 6:
        (count,) = struct.unpack_from(order + "I", data, pos)
        pos += 4
        parts = []
        for _i in range(count):
            part, pos = _wkb_geometry(data, pos)
            if part["type"] != "Polygon":
                raise _WkbError
            parts.append(part["coordinates"])
        return {"type": "MultiPolygon", "coordinates": parts}, pos
    raise _WkbError


def _wkb_rings(data: bytes, pos: int, order: str, dims: int) -> tuple[list[list[list[float]]], int]:
    (count,) = struct.unpack_from(order + "I", data, pos)
    pos += 4
    rings = []
    for _i in range(count):
        (points,) = struct.unpack_from(order + "I", data, pos)
        pos += 4
        values = struct.unpack_from(f"{order}{points * dims}d", data, pos)
        pos += 8 * points * dims
        rings.append([[values[i], values[i + 1]] for i in range(0, len(values), dims)])
    return rings, pos


def gpkg_geometry(blob: bytes) -> dict[str, Any]:
    """The geometry of a GeoPackage geometry blob (header ``GP``, envelope, then WKB)."""
    if len(blob) < 8 or blob[:2] != b"GP":
        raise _WkbError
    envelope = (blob[3] >> 1) & 0b111
    if envelope not in (0, 1, 2, 3, 4):
        raise _WkbError
    geometry, _pos = _wkb_geometry(blob, 8 + (0, 32, 48, 48, 64)[envelope])
    return geometry


def read_gpkg_layer(path: Path, kind: str) -> dict[str, Shape]:
    """One layer of the CBS GeoPackage (``cbsgebiedsindelingen<year>.gpkg``)."""
    wanted = OFFICIAL_LAYERS[kind]
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise file_error(path.name, _("the file cannot be read (%(error)s).") % {"error": exc}) from exc
    try:
        try:
            tables = [row[0] for row in connection.execute("SELECT table_name FROM gpkg_contents")]
        except sqlite3.DatabaseError as exc:
            raise file_error(path.name, _("this is not a GeoPackage.")) from exc
        table = next((t for t in tables if t.lower() == wanted), None) or next(
            (t for t in tables if t.lower().endswith("_" + wanted) or t.lower().startswith(wanted + "_")), None
        )
        if table is None:
            raise file_error(
                path.name,
                _("the layer %(layer)s is missing (it has: %(layers)s).")
                % {"layer": wanted, "layers": ", ".join(sorted(tables)) or "-"},
            )
        column, srs = connection.execute(
            "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?", (table,)
        ).fetchone() or (None, None)
        names = {row[1].lower(): row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')}
        if column is None or "statcode" not in names or "statnaam" not in names:
            raise file_error(
                path.name, _("the layer %(layer)s has no statcode, statnaam and geometry.") % {"layer": table}
            )
        if srs not in (28992, 4326):
            raise file_error(
                path.name,
                _("the layer %(layer)s uses coordinate system %(srs)s (expected 28992 or 4326).")
                % {"layer": table, "srs": srs},
            )
        rows = connection.execute(f'SELECT "{names["statcode"]}", "{names["statnaam"]}", "{column}" FROM "{table}"')
        features = []
        for code, name, blob in rows:
            try:
                geometry: Any = gpkg_geometry(bytes(blob)) if blob is not None else None
            except (_WkbError, struct.error):
                geometry = {"type": "unreadable"}
            features.append(
                {"type": "Feature", "properties": {"statcode": code, "statnaam": name}, "geometry": geometry}
            )
    finally:
        connection.close()
    document: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if srs == 28992:
        document["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
    layer = parse_geojson(json.dumps(document), filename=f"{path.name} ({table})")
    if layer.kind != kind:
        raise file_error(path.name, _("the layer %(layer)s holds other codes.") % {"layer": table})
    return {code: Shape(code, f.name, _polygons(f.geometry)) for code, f in layer.features.items()}


# --- plane geometry ----------------------------------------------------------------------------


def ring_area(ring: Ring) -> float:
    """Signed area (positive: counter-clockwise with y up)."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2


def polygon_area(polygon: Polygon) -> float:
    return abs(ring_area(polygon[0])) - sum(abs(ring_area(hole)) for hole in polygon[1:])


def _edges(rings: Iterable[Ring]) -> np.ndarray:
    """All edges of ``rings`` as rows x1, y1, x2, y2."""
    parts = [np.column_stack([np.asarray(r[:-1]), np.asarray(r[1:])]) for r in rings if len(r) > 1]
    return np.concatenate(parts) if parts else np.zeros((0, 4))


def points_inside(points: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Even-odd test of many points (n × 2) against the edges of a (multi)polygon."""
    inside = np.zeros(len(points), dtype=bool)
    if not len(points) or not len(edges):
        return inside
    x1, y1, x2, y2 = edges[:, 0], edges[:, 1], edges[:, 2], edges[:, 3]
    for start in range(0, len(points), 128):  # bounded memory for long boundaries
        chunk = points[start : start + 128]
        px, py = chunk[:, 0:1], chunk[:, 1:2]
        crosses = (y1 > py) != (y2 > py)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = x1 + (py - y1) * (x2 - x1) / (y2 - y1)
        inside[start : start + 128] = ((crosses & (px < at)).sum(axis=1) % 2) == 1
    return inside


def _rings(polygons: list[Polygon]) -> list[Ring]:
    return [ring for polygon in polygons for ring in polygon]


def representative_point(polygons: list[Polygon]) -> Point | None:
    """A point inside the largest part, rounded to :data:`DECIMALS`, that is still inside after rounding."""
    polygon = max(polygons, key=polygon_area)
    edges = _edges(polygon)
    ys = [y for _x, y in polygon[0]]
    low, high = min(ys), max(ys)
    vertex_ys = {y for ring in polygon for _x, y in ring}
    candidates: list[tuple[float, Point]] = []
    for fraction in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9, 0.45, 0.55, 0.35, 0.65, 0.25, 0.75):
        y = low + (high - low) * fraction
        while y in vertex_ys:  # a line through a vertex would count it twice
            y += 1e-7
        x1, y1, x2, y2 = edges[:, 0], edges[:, 1], edges[:, 2], edges[:, 3]
        crossing = (y1 > y) != (y2 > y)
        xs = np.sort(x1[crossing] + (y - y1[crossing]) * (x2[crossing] - x1[crossing]) / (y2[crossing] - y1[crossing]))
        xs = [float(x) for x in xs]
        for start, end in zip(xs[0::2], xs[1::2], strict=False):
            candidates.append((end - start, (round((start + end) / 2, DECIMALS), round(y, DECIMALS))))
    for _width, point in sorted(candidates, key=lambda c: -c[0]):
        if points_inside(np.array([point]), edges)[0]:
            return point
    return None


def _distance_m(p: Point, a: Point, b: Point) -> float:
    px, py = p[0] * M_PER_DEG_LON, p[1] * M_PER_DEG_LAT
    ax, ay = a[0] * M_PER_DEG_LON, a[1] * M_PER_DEG_LAT
    bx, by = b[0] * M_PER_DEG_LON, b[1] * M_PER_DEG_LAT
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    if length == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(points: tuple[Point, ...], tolerance: float) -> list[Point]:
    """Keep both ends and every point farther than ``tolerance`` metres from the simplified line."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = -1.0, -1
        for i in range(first + 1, last):
            d = _distance_m(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def crossing_points(rings: list[Ring]) -> set[Point]:
    """The ends of edges of these rings that cross another edge (touching at a vertex does not count)."""
    edges = _edges(rings)
    n = len(edges)
    found: set[Point] = set()
    if n < 4:
        return found
    a, b = edges[:, 0:2], edges[:, 2:4]
    d = b - a

    def cross(u, v):
        return u[..., 0] * v[..., 1] - u[..., 1] * v[..., 0]

    for start in range(0, n, 1000):
        rows = slice(start, min(n, start + 1000))
        ai, di, bi = a[rows, None, :], d[rows, None, :], b[rows, None, :]
        proper = (cross(di, a[None] - ai) * cross(di, b[None] - ai) < 0) & (
            cross(d[None], ai - a[None]) * cross(d[None], bi - a[None]) < 0
        )
        for i in np.nonzero(proper.any(axis=1))[0]:
            edge = edges[start + i]
            found |= {(float(edge[0]), float(edge[1])), (float(edge[2]), float(edge[3]))}
    return found


# --- simplification keeping shared borders -----------------------------------------------------


class _Topology:
    """The rings of one layer cut into arcs at the junctions; each arc stored once."""

    def __init__(self, shapes: dict[str, Shape]):
        neighbours: dict[Point, set[Point]] = defaultdict(set)
        for shape in shapes.values():
            for ring in _rings(shape.polygons):
                for p, q in zip(ring, ring[1:], strict=False):
                    if p != q:
                        neighbours[p].add(q)
                        neighbours[q].add(p)
        self.junctions = {p for p, near in neighbours.items() if len(near) > 2}
        self.arcs: list[tuple[Point, ...]] = []
        self._index: dict[tuple[Point, ...], int] = {}
        #: code → polygons → rings → [(arc index, reversed)]
        self.rings: dict[str, list[list[list[tuple[int, bool]]]]] = {
            code: [[self._cut(ring) for ring in polygon] for polygon in shape.polygons]
            for code, shape in shapes.items()
        }

    def _arc(self, points: list[Point]) -> tuple[int, bool]:
        forward, backward = tuple(points), tuple(reversed(points))
        key = min(forward, backward)
        if key not in self._index:
            self._index[key] = len(self.arcs)
            self.arcs.append(key)
        return self._index[key], key != forward

    def _cut(self, ring: Ring) -> list[tuple[int, bool]]:
        points = [p for i, p in enumerate(ring[:-1]) if p != ring[i + 1]]  # open, no repeated points
        cuts = [i for i, p in enumerate(points) if p in self.junctions]
        if not cuts:  # a closed ring nobody else meets at a point of: start at its smallest point
            start = points.index(min(points))
            forward = points[start:] + points[:start]
            backward = [forward[0], *reversed(forward[1:])]
            return [self._arc(min(forward, backward) + [forward[0]])]
        points = points[cuts[0] :] + points[: cuts[0]] + [points[cuts[0]]]
        cuts = [i for i, p in enumerate(points) if p in self.junctions]
        return [self._arc(points[i : j + 1]) for i, j in zip(cuts, cuts[1:], strict=False)]

    def assemble(self, simplified: list[list[Point]], code: str) -> list[list[Ring]]:
        polygons = []
        for polygon in self.rings[code]:
            rings = []
            for arcs in polygon:
                ring: Ring = []
                for index, backwards in arcs:
                    points = simplified[index][::-1] if backwards else simplified[index]
                    ring.extend(points if not ring else points[1:])
                rings.append(ring)
            polygons.append(rings)
        return polygons


def _rounded(ring: Ring) -> Ring:
    out: Ring = []
    for x, y in ring:
        p = (round(x, DECIMALS), round(y, DECIMALS))
        if not out or out[-1] != p:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def _usable(ring: Ring) -> bool:
    return len(ring) >= 4 and len(set(ring)) >= 3 and ring_area(ring) != 0


def simplify_layer(shapes: dict[str, Shape], tolerance: float, notes: list[str]) -> dict[str, list[Polygon]]:
    """Simplified, rounded polygons with shared borders kept identical; exteriors counter-clockwise."""
    topology = _Topology(shapes)
    #: arc index → how often its tolerance was divided by 4 (at MAX_FINER the arc is kept as it was)
    finer: dict[int, int] = {}
    simplified = [douglas_peucker(arc, tolerance) for arc in topology.arcs]
    while True:  # ends: every round divides some arc's tolerance, at most MAX_FINER times each
        result: dict[str, list[Polygon]] = {}
        more: set[int] = set()
        for code in shapes:
            polygons = [[_rounded(ring) for ring in polygon] for polygon in topology.assemble(simplified, code)]
            rings = [ring for polygon in polygons for ring in polygon]
            ring_arcs = [ring for polygon in topology.rings[code] for ring in polygon]
            bad = [i for i, ring in enumerate(rings) if not _usable(ring)]
            if bad:  # a ring collapsed: simplify its arcs less
                more |= {index for i in bad for index, _b in ring_arcs[i]}
            elif crossing := crossing_points(rings):  # simplify the arcs with a crossing edge less
                more |= {
                    index
                    for arcs in ring_arcs
                    for index, _b in arcs
                    if not crossing.isdisjoint(_rounded(simplified[index]))
                }
            result[code] = polygons
        more = {index for index in more if finer.get(index, 0) < MAX_FINER}
        if not more:
            break
        for index in more:
            finer[index] = finer.get(index, 0) + 1
            arc = topology.arcs[index]
            level = finer[index]
            simplified[index] = list(arc) if level == MAX_FINER else douglas_peucker(arc, tolerance / 4**level)
    output: dict[str, list[Polygon]] = {}
    for code, polygons in result.items():
        clean: list[Polygon] = []
        for polygon in polygons:
            if not _usable(polygon[0]):
                notes.append(_("%(code)s: a part too small to draw was left out.") % {"code": code})
                continue
            exterior = polygon[0] if ring_area(polygon[0]) > 0 else polygon[0][::-1]
            holes = [hole if ring_area(hole) < 0 else hole[::-1] for hole in polygon[1:] if _usable(hole)]
            clean.append([exterior, *holes])
        if not clean:
            raise RegionDataError([_("%(code)s: nothing is left of the boundary after rounding.") % {"code": code}])
        if crossing_points([ring for polygon in clean for ring in polygon]):
            notes.append(_("%(code)s: the boundary crosses itself after rounding.") % {"code": code})
        output[code] = clean
    return output


# --- assignment --------------------------------------------------------------------------------


def _grid_inside(polygons: list[Polygon], edges: np.ndarray) -> np.ndarray:
    xs = [x for polygon in polygons for x, _y in polygon[0]]
    ys = [y for polygon in polygons for _x, y in polygon[0]]
    gx, gy = np.meshgrid(
        np.linspace(min(xs), max(xs), OVERLAP_GRID + 2)[1:-1], np.linspace(min(ys), max(ys), OVERLAP_GRID + 2)[1:-1]
    )
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    return grid[points_inside(grid, edges)]


def assign_regions(
    municipalities: dict[str, Shape], points: dict[str, Point], regions: dict[str, Shape], layer: str, notes: list[str]
) -> dict[str, str]:
    """municipality code → region code for one layer; raises when a municipality lies in no region."""
    edges = {code: _edges(_rings(shape.polygons)) for code, shape in regions.items()}
    codes = sorted(municipalities)
    where = np.array([points[code] for code in codes])
    hits = {region: points_inside(where, region_edges) for region, region_edges in edges.items()}
    result: dict[str, str] = {}
    problems = Problems()
    for i, code in enumerate(codes):
        found = [region for region in sorted(regions) if hits[region][i]]
        if len(found) == 1:
            result[code] = found[0]
            continue
        shape = municipalities[code]
        sample = _grid_inside(shape.polygons, _edges(_rings(shape.polygons)))
        candidates = found or sorted(regions)
        shares = {region: int(points_inside(sample, edges[region]).sum()) for region in candidates}
        best = max(candidates, key=lambda region: shares[region])
        if not shares[best]:
            problems.add(
                _("%(code)s %(name)s lies in no %(layer)s.")
                % {"code": code, "name": shape.name, "layer": Layer(layer).label.lower()}
            )
            continue
        result[code] = best
        notes.append(
            _(
                "%(code)s %(name)s: its point lies in %(count)s areas of layer %(layer)s; assigned to %(region)s, which covers most of it."
            )
            % {"code": code, "name": shape.name, "count": len(found), "layer": layer, "region": best}
        )
    problems.raise_if_any()
    return result


# --- writing -----------------------------------------------------------------------------------


def _geojson(shapes: dict[str, Shape], polygons: dict[str, list[Polygon]]) -> str:
    features = []
    for code in sorted(shapes):
        parts = [[[list(p) for p in ring] for ring in polygon] for polygon in polygons[code]]
        geometry = (
            {"type": "Polygon", "coordinates": parts[0]}
            if len(parts) == 1
            else {"type": "MultiPolygon", "coordinates": parts}
        )
        features.append(
            {"type": "Feature", "properties": {"code": code, "name": shapes[code].name}, "geometry": geometry}
        )
    return (
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"))
        + "\n"
    )


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _point_or_error(shape: Shape) -> Point:
    point = representative_point(shape.polygons)
    if point is None:
        raise RegionDataError(
            [_("%(code)s %(name)s: no point inside it could be found.") % {"code": shape.code, "name": shape.name}]
        )
    return point


def build_region_files(layers: dict[str, dict[str, Shape]], *, tolerance: float = DEFAULT_TOLERANCE_M) -> BuildResult:
    """The six files of the regions folder from the four official layers (kind → code → shape)."""
    notes: list[str] = []
    municipalities = layers[MUNICIPALITY]
    points = {code: _point_or_error(shape) for code, shape in municipalities.items()}
    memberships = {
        layer: assign_regions(municipalities, points, layers[layer], layer, notes) for layer in REGION_LAYERS
    }
    header = ["gm_code", "name", *[c for layer in REGION_LAYERS for c in REGION_COLUMNS[layer]], "lat", "lon"]
    rows = []
    for code in sorted(municipalities):
        row: list[Any] = [code, municipalities[code].name]
        for layer in REGION_LAYERS:
            region = memberships[layer][code]
            row += [region, layers[layer][region].name]
        lon, lat = points[code]
        rows.append([*row, f"{lat:.{DECIMALS}f}", f"{lon:.{DECIMALS}f}"])
    files = {"municipalities.csv": _csv(header, rows)}
    region_rows = []
    for layer in REGION_LAYERS:
        members = defaultdict(int)
        for region in memberships[layer].values():
            members[region] += 1
        for code in sorted(layers[layer]):
            lon, lat = _point_or_error(layers[layer][code])
            if not members[code]:
                notes.append(_("%(code)s has no municipalities.") % {"code": code})
            region_rows.append(
                [layer, code, layers[layer][code].name, members[code], f"{lat:.{DECIMALS}f}", f"{lon:.{DECIMALS}f}"]
            )
    files["regions.csv"] = _csv(["layer", "code", "name", "municipality_count", "lat", "lon"], region_rows)
    for kind, filename in OUTPUT_FILES.items():
        files[filename] = _geojson(layers[kind], simplify_layer(layers[kind], tolerance, notes))
    counts = {kind: len(layers[kind]) for kind in OUTPUT_FILES}
    return BuildResult(files=files, counts=counts, notes=notes)


def read_official_layers(
    *, gpkg: Path | None = None, files: dict[str, Path] | None = None
) -> dict[str, dict[str, Shape]]:
    """The four layers from the CBS GeoPackage, or from one GeoJSON file per kind; problems together."""
    layers: dict[str, dict[str, Shape]] = {}
    problems = Problems()
    for kind in OUTPUT_FILES:
        try:
            if gpkg is not None:
                layers[kind] = read_gpkg_layer(gpkg, kind)
            else:
                path = (files or {})[kind]
                if not path.is_file():
                    raise file_error(str(path), _("this file or folder does not exist."))
                layers[kind] = read_geojson_layer(path, kind)
        except RegionDataError as exc:
            for error in exc.errors:
                problems.add(error)
    problems.raise_if_any()
    return layers
