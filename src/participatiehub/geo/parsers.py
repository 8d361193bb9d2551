"""Reading the reference files without touching the database.

Three CSV tables (recognised by their columns, not their file names) and GeoJSON files, in our
own shape (properties ``code``/``name``) or the official CBS/PDOK shape (``statcode``/``statnaam``,
WGS84 or RD New coordinates). Every parser either returns plain records or raises
:class:`RegionDataError` listing the problems found, each naming the file and the row or object.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from participatiehub.core.csvutil import csv_delimiter

from .constants import CODE_FORMATS, IMPORTED_LAYERS, KIND_BY_PREFIX, MUNICIPALITY, Layer

MAX_ERRORS = 25
MAX_NAME_LENGTH = 200

#: Generous bounds of the European Netherlands in WGS84, to catch swapped or foreign coordinates.
LAT_RANGE = (50.0, 54.5)
LON_RANGE = (2.5, 8.0)

#: CSV columns per layer: (code column, name column) in municipalities.csv.
LAYER_COLUMNS: dict[str, tuple[str, str]] = {
    Layer.PROVINCE.value: ("province_code", "province_name"),
    Layer.ZORGKANTOORREGIO.value: ("zk_code", "zk_name"),
    Layer.GGDREGIO.value: ("ggd_code", "ggd_name"),
}

MUNICIPALITIES_TABLE = "municipalities"
REGIONS_TABLE = "regions"
MEMBERSHIPS_TABLE = "memberships"


class RegionDataError(ValueError):
    """The reference data is wrong; ``errors`` holds one translated message per problem."""

    def __init__(self, errors: list[str]):
        self.errors = [str(error) for error in errors]
        super().__init__("\n".join(self.errors))


class Problems:
    """Collects problems, up to :data:`MAX_ERRORS`, and raises them together."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.more = 0

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, message: str) -> None:
        if len(self.items) < MAX_ERRORS:
            self.items.append(message)
        else:
            self.more += 1

    def in_row(self, filename: str, row: int, problem: str) -> None:
        self.add(_("Row %(row)s in %(file)s: %(problem)s") % {"row": row, "file": filename, "problem": problem})

    def in_object(self, filename: str, number: int, problem: str) -> None:
        self.add(
            _("Object %(number)s in %(file)s: %(problem)s") % {"number": number, "file": filename, "problem": problem}
        )

    def in_file(self, filename: str, problem: str) -> None:
        self.add(_("%(file)s: %(problem)s") % {"file": filename, "problem": problem})

    def raise_if_any(self) -> None:
        if not self.items:
            return
        messages = list(self.items)
        if self.more:
            messages.append(_("… and %(count)s more problems.") % {"count": self.more})
        raise RegionDataError(messages)


def file_error(filename: str, problem: str) -> RegionDataError:
    problems = Problems()
    problems.in_file(filename, problem)
    return RegionDataError(problems.items)


# --- records -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """A municipality (``kind`` "municipality") or a region (``kind`` its layer) as read from a file."""

    kind: str
    code: str
    name: str
    lat: Decimal | None = None
    lon: Decimal | None = None


@dataclass
class MunicipalityTable:
    """``municipalities.csv``: the municipalities, the regions they name, and who belongs where."""

    filename: str
    municipalities: dict[str, Area] = field(default_factory=dict)
    regions: dict[tuple[str, str], Area] = field(default_factory=dict)
    #: layer → {municipality code: region code}
    memberships: dict[str, dict[str, str]] = field(default_factory=dict)
    #: the row each municipality and each region was first seen on, for messages
    rows: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass
class RegionTable:
    """``regions.csv``: ``layer,code,name,municipality_count,lat,lon``."""

    filename: str
    regions: dict[tuple[str, str], Area] = field(default_factory=dict)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    rows: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass
class MembershipTable:
    """``memberships.csv``: ``layer,region_code,gm_code`` (any layer, also ``iza``)."""

    filename: str
    #: layer → {municipality code: region code}
    memberships: dict[str, dict[str, str]] = field(default_factory=dict)
    #: (layer, municipality code) → row
    rows: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass(frozen=True)
class Feature:
    number: int
    code: str
    name: str
    geometry: dict[str, Any]


@dataclass
class GeoJsonLayer:
    """One GeoJSON file: all its objects are of one kind (a layer, or municipalities)."""

    filename: str
    kind: str
    features: dict[str, Feature] = field(default_factory=dict)


# --- small checks ------------------------------------------------------------------------------


def _shorten(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def code_labels() -> dict[str, str]:
    return {
        MUNICIPALITY: _("municipality code"),
        Layer.PROVINCE.value: _("province code"),
        Layer.ZORGKANTOORREGIO.value: _("care office region code"),
        Layer.GGDREGIO.value: _("GGD region code"),
    }


def code_problem(kind: str, code: str) -> str | None:
    """Why ``code`` is not a valid CBS code of ``kind``, or None when it is."""
    prefix, digits = CODE_FORMATS[kind]
    if re.fullmatch(f"{prefix}[0-9]{{{digits}}}", code):
        return None
    return _("%(label)s '%(code)s' is invalid (expected %(prefix)s followed by %(digits)s digits).") % {
        "label": code_labels()[kind],
        "code": _shorten(code),
        "prefix": prefix,
        "digits": digits,
    }


def name_problem(column: str, name: str) -> str | None:
    if not name:
        return _("the field '%(column)s' is empty.") % {"column": column}
    if len(name) > MAX_NAME_LENGTH:
        return _("the field '%(column)s' is longer than %(max)s characters.") % {
            "column": column,
            "max": MAX_NAME_LENGTH,
        }
    return None


def _coordinate(column: str, raw: str, bounds: tuple[float, float]) -> tuple[Decimal | None, str | None]:
    if not raw:
        return None, None
    problem = _("%(column)s '%(value)s' is not a number between %(min)s and %(max)s.") % {
        "column": column,
        "value": _shorten(raw),
        "min": bounds[0],
        "max": bounds[1],
    }
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None, problem
    if not value.is_finite() or not bounds[0] <= value <= bounds[1]:
        return None, problem
    return value.quantize(Decimal("0.0001")), None


def normalise_code(raw: str) -> str:
    return raw.strip().upper()


# --- CSV ---------------------------------------------------------------------------------------


def decode(data: bytes | str, filename: str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise file_error(
            filename, _("the file is not UTF-8 text (byte %(position)s).") % {"position": exc.start}
        ) from exc


def _read_rows(data: bytes | str, filename: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (lower case, stripped) and the non-blank rows with their line numbers."""
    text = decode(data, filename)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            if header is None:
                header = [value.strip().lower() for value in values]
            else:
                rows.append((reader.line_num, [value.strip() for value in values]))
    except csv.Error as exc:
        raise file_error(
            filename,
            _("the file is not valid CSV near row %(row)s (%(error)s).") % {"row": reader.line_num, "error": exc},
        ) from exc
    if header is None:
        raise file_error(filename, _("the file is empty."))
    return header, rows


def table_kind(header: list[str]) -> str | None:
    """Which table a CSV header belongs to, or None."""
    columns = set(header)
    if {"layer", "region_code", "gm_code"} <= columns:
        return MEMBERSHIPS_TABLE
    if {"layer", "code"} <= columns:
        return REGIONS_TABLE
    if "gm_code" in columns:
        return MUNICIPALITIES_TABLE
    return None


def _require(header: list[str], columns: list[str], filename: str) -> dict[str, int]:
    problems = Problems()
    for column in columns:
        if column not in header:
            problems.in_file(filename, _("the column '%(column)s' is missing.") % {"column": column})
    seen: set[str] = set()
    for column in header:
        if column and column in seen:
            problems.in_file(filename, _("the column '%(column)s' appears more than once.") % {"column": column})
        seen.add(column)
    problems.raise_if_any()
    return {column: index for index, column in enumerate(header)}


def _fields(values: list[str], width: int, filename: str, row: int, problems: Problems) -> bool:
    if len(values) != width:
        problems.in_row(
            filename,
            row,
            _("expected %(expected)s fields but found %(found)s.") % {"expected": width, "found": len(values)},
        )
        return False
    return True


def parse_csv(data: bytes | str, *, filename: str) -> MunicipalityTable | RegionTable | MembershipTable:
    """Read any of the three tables, recognised by its header."""
    header, _rows = _read_rows(data, filename)
    kind = table_kind(header)
    if kind == MUNICIPALITIES_TABLE:
        return parse_municipalities_csv(data, filename=filename)
    if kind == REGIONS_TABLE:
        return parse_regions_csv(data, filename=filename)
    if kind == MEMBERSHIPS_TABLE:
        return parse_memberships_csv(data, filename=filename)
    raise file_error(
        filename,
        _("cannot tell what this table holds (expected the column gm_code, or the columns layer and code)."),
    )


def parse_municipalities_csv(data: bytes | str, *, filename: str = "municipalities.csv") -> MunicipalityTable:
    """``gm_code,name[,province_code,province_name,zk_code,zk_name,ggd_code,ggd_name][,lat,lon]``.

    A layer's pair of columns is optional; when it is there, every row must name its region.
    """
    header, rows = _read_rows(data, filename)
    layers = [
        layer for layer, (code_col, name_col) in LAYER_COLUMNS.items() if code_col in header or name_col in header
    ]
    required = ["gm_code", "name"] + [column for layer in layers for column in LAYER_COLUMNS[layer]]
    if "lat" in header or "lon" in header:
        required += ["lat", "lon"]
    index = _require(header, required, filename)
    table = MunicipalityTable(filename=filename, memberships={layer: {} for layer in layers})
    problems = Problems()
    for row, values in rows:
        if not _fields(values, len(header), filename, row, problems):
            continue
        gm_code = normalise_code(values[index["gm_code"]])
        name = values[index["name"]]
        row_problems = [code_problem(MUNICIPALITY, gm_code), name_problem("name", name)]
        lat = lon = None
        if "lat" in index:
            lat, lat_problem = _coordinate("lat", values[index["lat"]], LAT_RANGE)
            lon, lon_problem = _coordinate("lon", values[index["lon"]], LON_RANGE)
            row_problems += [lat_problem, lon_problem]
        regions: dict[str, Area] = {}
        for layer in layers:
            code_col, name_col = LAYER_COLUMNS[layer]
            region_code = normalise_code(values[index[code_col]])
            region_name = values[index[name_col]]
            problem = (
                code_problem(layer, region_code)
                if region_code
                else (_("the field '%(column)s' is empty.") % {"column": code_col})
            )
            row_problems += [problem, name_problem(name_col, region_name)]
            regions[layer] = Area(kind=layer, code=region_code, name=region_name)
        found = [problem for problem in row_problems if problem]
        for problem in found:
            problems.in_row(filename, row, problem)
        if found:
            continue
        if gm_code in table.municipalities:
            problems.in_row(
                filename,
                row,
                _("code %(code)s appears more than once (also on row %(other)s).")
                % {"code": gm_code, "other": table.rows[(MUNICIPALITY, gm_code)]},
            )
            continue
        table.municipalities[gm_code] = Area(kind=MUNICIPALITY, code=gm_code, name=name, lat=lat, lon=lon)
        table.rows[(MUNICIPALITY, gm_code)] = row
        for layer, region in regions.items():
            key = (layer, region.code)
            known = table.regions.get(key)
            if known is None:
                table.regions[key] = region
                table.rows[key] = row
            elif known.name != region.name:
                problems.in_row(
                    filename,
                    row,
                    _("region %(code)s is called '%(name)s' here but '%(other)s' on row %(other_row)s.")
                    % {"code": region.code, "name": region.name, "other": known.name, "other_row": table.rows[key]},
                )
            table.memberships[layer][gm_code] = region.code
    problems.raise_if_any()
    return table


def _layer_problem(raw: str, allowed: tuple[str, ...]) -> str:
    return _("layer '%(layer)s' is unknown (expected one of: %(choices)s).") % {
        "layer": _shorten(raw),
        "choices": ", ".join(allowed),
    }


def parse_regions_csv(data: bytes | str, *, filename: str = "regions.csv") -> RegionTable:
    """``layer,code,name[,municipality_count][,lat,lon]`` for the imported layers."""
    header, rows = _read_rows(data, filename)
    required = ["layer", "code", "name"]
    if "lat" in header or "lon" in header:
        required += ["lat", "lon"]
    index = _require(header, required, filename)
    allowed = tuple(layer.value for layer in IMPORTED_LAYERS)
    table = RegionTable(filename=filename)
    problems = Problems()
    for row, values in rows:
        if not _fields(values, len(header), filename, row, problems):
            continue
        layer = values[index["layer"]].lower()
        code = normalise_code(values[index["code"]])
        name = values[index["name"]]
        row_problems: list[str | None] = [name_problem("name", name)]
        if layer not in allowed:
            row_problems.insert(0, _layer_problem(layer, allowed))
        else:
            row_problems.insert(0, code_problem(layer, code))
        count = None
        if "municipality_count" in index and values[index["municipality_count"]]:
            raw = values[index["municipality_count"]]
            if re.fullmatch("[0-9]{1,4}", raw):
                count = int(raw)
            else:
                row_problems.append(
                    _("municipality_count '%(value)s' is not a whole number.") % {"value": _shorten(raw)}
                )
        lat = lon = None
        if "lat" in index:
            lat, lat_problem = _coordinate("lat", values[index["lat"]], LAT_RANGE)
            lon, lon_problem = _coordinate("lon", values[index["lon"]], LON_RANGE)
            row_problems += [lat_problem, lon_problem]
        found = [problem for problem in row_problems if problem]
        for problem in found:
            problems.in_row(filename, row, problem)
        if found:
            continue
        key = (layer, code)
        if key in table.regions:
            problems.in_row(
                filename,
                row,
                _("code %(code)s appears more than once (also on row %(other)s).")
                % {"code": code, "other": table.rows[key]},
            )
            continue
        table.regions[key] = Area(kind=layer, code=code, name=name, lat=lat, lon=lon)
        table.rows[key] = row
        if count is not None:
            table.counts[key] = count
    problems.raise_if_any()
    return table


def parse_memberships_csv(data: bytes | str, *, filename: str = "memberships.csv") -> MembershipTable:
    """``layer,region_code,gm_code``: who belongs where, for any layer (also hand-kept IZA regions)."""
    header, rows = _read_rows(data, filename)
    index = _require(header, ["layer", "region_code", "gm_code"], filename)
    allowed = tuple(Layer.values)
    table = MembershipTable(filename=filename)
    problems = Problems()
    for row, values in rows:
        if not _fields(values, len(header), filename, row, problems):
            continue
        layer = values[index["layer"]].lower()
        region_code = values[index["region_code"]].strip()
        gm_code = normalise_code(values[index["gm_code"]])
        row_problems = [code_problem(MUNICIPALITY, gm_code)]
        if layer not in allowed:
            row_problems.append(_layer_problem(layer, allowed))
        elif layer in CODE_FORMATS:
            region_code = region_code.upper()
            row_problems.append(code_problem(layer, region_code))
        elif not region_code:
            row_problems.append(_("the field '%(column)s' is empty.") % {"column": "region_code"})
        found = [problem for problem in row_problems if problem]
        for problem in found:
            problems.in_row(filename, row, problem)
        if found:
            continue
        key = (layer, gm_code)
        if key in table.rows:
            problems.in_row(
                filename,
                row,
                _("municipality %(code)s is given twice for layer %(layer)s (also on row %(other)s).")
                % {"code": gm_code, "layer": layer, "other": table.rows[key]},
            )
            continue
        table.memberships.setdefault(layer, {})[gm_code] = region_code
        table.rows[key] = row
    problems.raise_if_any()
    return table


# --- GeoJSON -----------------------------------------------------------------------------------

# RD New (EPSG:28992) ↔ WGS84, the approximation of Schreutelaar and Strang van Hees: better
# than a metre across the Netherlands, which is far finer than the generalised boundaries.
RD_X0, RD_Y0 = 155000.0, 463000.0
PHI0, LAM0 = 52.15517440, 5.38720621
_RD_TO_LAT = ((0, 1, 3235.65389), (2, 0, -32.58297), (0, 2, -0.24750), (2, 1, -0.84978), (0, 3, -0.06550),
              (2, 2, -0.01709), (1, 0, -0.00738), (4, 0, 0.00530), (2, 3, -0.00039), (4, 1, 0.00033),
              (1, 1, -0.00012))  # fmt: skip
_RD_TO_LON = ((1, 0, 5260.52916), (1, 1, 105.94684), (1, 2, 2.45656), (3, 0, -0.81885), (1, 3, 0.05594),
              (3, 1, -0.05607), (0, 1, 0.01199), (3, 2, -0.00256), (1, 4, 0.00128), (0, 2, 0.00022),
              (2, 0, -0.00022), (5, 0, 0.00026))  # fmt: skip


def rd_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """RD New metres → (lon, lat) degrees."""
    dx, dy = (x - RD_X0) * 1e-5, (y - RD_Y0) * 1e-5
    lat = PHI0 + sum(k * dx**p * dy**q for p, q, k in _RD_TO_LAT) / 3600
    lon = LAM0 + sum(k * dx**p * dy**q for p, q, k in _RD_TO_LON) / 3600
    return lon, lat


def _is_rd(document: dict[str, Any], features: list[Any]) -> bool:
    crs = document.get("crs")
    properties = crs.get("properties") if isinstance(crs, dict) else None
    if isinstance(properties, dict) and "28992" in str(properties.get("name", "")):
        return True
    for feature in features:
        try:
            coordinates = feature["geometry"]["coordinates"]
            while isinstance(coordinates, list) and coordinates and isinstance(coordinates[0], list):
                coordinates = coordinates[0]
            return abs(float(coordinates[0])) > 360
        except (KeyError, TypeError, IndexError, ValueError):
            continue
    return False


class _BadGeometry(Exception):
    pass


def _position(value: Any, rd: bool) -> list[float]:
    if not isinstance(value, list) or len(value) < 2:
        raise _BadGeometry
    x, y = value[0], value[1]
    if isinstance(x, bool) or isinstance(y, bool) or not isinstance(x, int | float) or not isinstance(y, int | float):
        raise _BadGeometry
    if not (math.isfinite(x) and math.isfinite(y)):
        raise _BadGeometry
    lon, lat = rd_to_wgs84(float(x), float(y)) if rd else (float(x), float(y))
    return [round(lon, 6), round(lat, 6)]


def _polygon(value: Any, rd: bool) -> list[list[list[float]]]:
    if not isinstance(value, list) or not value:
        raise _BadGeometry
    rings = []
    for ring in value:
        if not isinstance(ring, list) or len(ring) < 4:
            raise _BadGeometry
        rings.append([_position(position, rd) for position in ring])
    return rings


def normalise_geometry(geometry: Any, *, rd: bool = False) -> tuple[dict[str, Any] | None, str | None]:
    """A clean WGS84 Polygon/MultiPolygon (2D, 6 decimals), or the problem with it."""
    if geometry is None:
        return None, _("no geometry.")
    if not isinstance(geometry, dict):
        return None, _("the geometry is not a GeoJSON object.")
    kind = geometry.get("type")
    if kind not in ("Polygon", "MultiPolygon"):
        return None, _("geometry type '%(type)s' is not supported (expected Polygon or MultiPolygon).") % {
            "type": _shorten(str(kind))
        }
    coordinates = geometry.get("coordinates")
    try:
        if kind == "Polygon":
            clean: Any = _polygon(coordinates, rd)
            rings = clean
        else:
            if not isinstance(coordinates, list) or not coordinates:
                raise _BadGeometry
            clean = [_polygon(polygon, rd) for polygon in coordinates]
            rings = [ring for polygon in clean for ring in polygon]
    except _BadGeometry:
        return None, _("the coordinates are not valid (each ring needs at least 4 points of 2 numbers).")
    for ring in rings:
        for lon, lat in ring:
            if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
                return None, _("the coordinates lie outside the Netherlands.")
    return {"type": kind, "coordinates": clean}, None


def _property(properties: dict[str, Any], *names: str) -> str:
    for name in names:
        value = properties.get(name)
        if value is not None and str(value).strip():
            return str(value).strip()
    return ""


def parse_geojson(data: bytes | str, *, filename: str) -> GeoJsonLayer:
    """A FeatureCollection of one kind of area; the kind follows from the codes' prefix."""
    text = decode(data, filename)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise file_error(
            filename,
            _("the file is not valid JSON (line %(line)s, column %(column)s: %(error)s).")
            % {"line": exc.lineno, "column": exc.colno, "error": exc.msg},
        ) from exc
    except (RecursionError, ValueError) as exc:
        raise file_error(filename, _("the file is not valid JSON.")) from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise file_error(filename, _("the file is not a GeoJSON FeatureCollection."))
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise file_error(filename, _("the file has no objects."))
    rd = _is_rd(document, features)
    layer: GeoJsonLayer | None = None
    problems = Problems()
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.in_object(filename, number, _("not a GeoJSON Feature."))
            continue
        properties = feature.get("properties")
        properties = properties if isinstance(properties, dict) else {}
        code = normalise_code(_property(properties, "code", "statcode"))
        name = _property(properties, "name", "statnaam")
        found: list[str] = []
        if not code:
            found.append(_("no code (property 'code' or 'statcode')."))
        else:
            kind = KIND_BY_PREFIX.get(code[:2])
            if kind is None:
                found.append(
                    _("code '%(code)s' is not a known CBS code (GM, PV, ZK or GG followed by digits).")
                    % {"code": _shorten(code)}
                )
            elif layer is not None and kind != layer.kind:
                found.append(
                    _("code %(code)s does not match the other objects in this file (they start with %(prefix)s).")
                    % {"code": code, "prefix": CODE_FORMATS[layer.kind][0]}
                )
            else:
                if layer is None:
                    layer = GeoJsonLayer(filename=filename, kind=kind)
                problem = code_problem(kind, code)
                if problem:
                    found.append(problem)
        name_issue = name_problem("name", name)
        if name_issue:
            found.append(name_issue)
        geometry, geometry_problem = normalise_geometry(feature.get("geometry"), rd=rd)
        if geometry is None:
            found.append(geometry_problem or _("no geometry."))
        for problem in found:
            problems.in_object(filename, number, problem)
        if found or layer is None:
            continue
        if code in layer.features:
            problems.in_object(
                filename,
                number,
                _("code %(code)s appears more than once (also object %(other)s).")
                % {"code": code, "other": layer.features[code].number},
            )
            continue
        layer.features[code] = Feature(number=number, code=code, name=name, geometry=geometry)
    problems.raise_if_any()
    if layer is None:  # pragma: no cover - every object failed, so problems were raised above
        raise file_error(filename, _("the file has no objects."))
    return layer
