"""build_region_files: the shipped regions files rebuilt from the official CBS/PDOK downloads.

The inputs are small synthetic layers in the official shapes (PDOK WFS GeoJSON in RD New with
statcode/statnaam, and the CBS GeoPackage): four square municipalities of 10 × 10 km near Utrecht.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import struct
from pathlib import Path

from django.core.management import CommandError, call_command

import pytest

from participatiehub.geo import build
from participatiehub.geo.constants import Layer
from participatiehub.geo.models import Municipality, RegionMembership
from participatiehub.geo.parsers import rd_to_wgs84
from participatiehub.geo.services import regions_import

X0, Y0, KM = 150_000.0, 450_000.0, 1000.0
#: A 30 m bend in the border between GM0001 and GM0002: gone at 150 m tolerance, kept at 0.
WIGGLE = (X0 + 10 * KM + 30, Y0 + 5 * KM)


def rectangle(x1: float, y1: float, x2: float, y2: float, extra: dict[str, list] | None = None) -> list:
    """A clockwise ring in km from the origin (as CBS stores them), with extra points per side."""
    extra = extra or {}
    ring = [(X0 + x1 * KM, Y0 + y1 * KM), *extra.get("left", [])]
    ring += [(X0 + x1 * KM, Y0 + y2 * KM), *extra.get("top", [])]
    ring += [(X0 + x2 * KM, Y0 + y2 * KM), *extra.get("right", [])]
    ring += [(X0 + x2 * KM, Y0 + y1 * KM), (X0 + x1 * KM, Y0 + y1 * KM)]
    return [[list(p) for p in ring]]


#: The border x = 10 km from the top down (GM0002 walks it that way, GM0001 the other way round).
BORDER_DOWN = [(X0 + 10 * KM, Y0 + 7.5 * KM), WIGGLE, (X0 + 10 * KM, Y0 + 2.5 * KM)]

SHAPES = {
    "gemeente_gegeneraliseerd": {
        ("GM0001", "Eerstedorp"): rectangle(0, 0, 10, 10, {"right": BORDER_DOWN}),
        ("GM0002", "Tweestad"): rectangle(10, 0, 20, 10, {"left": BORDER_DOWN[::-1]}),
        ("GM0003", "Derdeveen"): rectangle(0, 10, 10, 20),
        ("GM0004", "Vierhuizen"): rectangle(10, 10, 20, 20),
    },
    "provincie_gegeneraliseerd": {
        ("PV20", "West"): rectangle(-0.5, -0.5, 10, 20.5),
        ("PV21", "Oost"): rectangle(10, -0.5, 20.5, 20.5),
    },
    "zorgkantoorregio_gegeneraliseerd": {("ZK01", "Alles"): rectangle(-1, -1, 21, 21)},
    "ggdregio_gegeneraliseerd": {
        ("GG0001", "GGD Zuid"): rectangle(-1, -1, 21, 10),
        ("GG0002", "GGD Noord"): rectangle(-1, 10, 21, 21),
    },
}
OPTIONS = {
    "gemeente_gegeneraliseerd": "municipalities",
    "provincie_gegeneraliseerd": "provinces",
    "zorgkantoorregio_gegeneraliseerd": "zorgkantoorregio",
    "ggdregio_gegeneraliseerd": "ggdregio",
}


def pdok_geojson(layer: str, shapes: dict) -> str:
    """What the PDOK WFS answers with outputFormat=application/json (RD New, MultiPolygon)."""
    features = [
        {
            "type": "Feature",
            "id": f"{layer}.{number}",
            "properties": {"id": number, "statcode": code, "jrstatcode": f"2025{code}", "statnaam": name},
            "geometry": {"type": "MultiPolygon", "coordinates": [rings]},
        }
        for number, ((code, name), rings) in enumerate(shapes.items(), start=1)
    ]
    return json.dumps(
        {
            "type": "FeatureCollection",
            "name": layer,
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
            "features": features,
        }
    )


def write_pdok(folder: Path, shapes: dict = SHAPES) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    options = {}
    for layer, layer_shapes in shapes.items():
        path = folder / f"{layer}.json"
        path.write_text(pdok_geojson(layer, layer_shapes), encoding="utf-8")
        options[OPTIONS[layer]] = str(path)
    return options


def gpkg_blob(rings: list) -> bytes:
    """A GeoPackage geometry: header with an xy envelope, then a little-endian WKB MultiPolygon."""
    xs = [x for ring in rings for x, _y in ring]
    ys = [y for ring in rings for _x, y in ring]
    header = (
        b"GP"
        + bytes([0, 0b0000_0011])
        + struct.pack("<i", 28992)
        + struct.pack("<4d", min(xs), max(xs), min(ys), max(ys))
    )
    polygon = struct.pack("<BII", 1, 3, len(rings))
    for ring in rings:
        polygon += struct.pack("<I", len(ring)) + b"".join(struct.pack("<2d", x, y) for x, y in ring)
    return header + struct.pack("<BII", 1, 6, 1) + polygon


def write_gpkg(path: Path) -> Path:
    """The tables of the CBS GeoPackage that the command reads (gpkg_contents, gpkg_geometry_columns, layers)."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT, srs_id INT)")
    db.execute(
        "CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT, srs_id INT)"
    )
    for layer, shapes in SHAPES.items():
        db.execute("INSERT INTO gpkg_contents VALUES (?, 'features', ?, 28992)", (layer, layer))
        db.execute("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'MULTIPOLYGON', 28992)", (layer,))
        db.execute(
            f'CREATE TABLE "{layer}" (fid INTEGER PRIMARY KEY, geom BLOB, statcode TEXT, jrstatcode TEXT, statnaam TEXT)'
        )
        for (code, name), rings in shapes.items():
            db.execute(
                f'INSERT INTO "{layer}" (geom, statcode, jrstatcode, statnaam) VALUES (?, ?, ?, ?)',
                (gpkg_blob(rings), code, f"2025{code}", name),
            )
    db.commit()
    db.close()
    return path


def built(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.iterdir())}


def features(folder: Path, name: str) -> dict[str, dict]:
    data = json.loads((folder / name).read_text(encoding="utf-8"))
    return {feature["properties"]["code"]: feature["geometry"] for feature in data["features"]}


def edges(geometry: dict) -> set[frozenset]:
    rings = (
        geometry["coordinates"] if geometry["type"] == "Polygon" else [r for p in geometry["coordinates"] for r in p]
    )
    return {frozenset((tuple(a), tuple(b))) for ring in rings for a, b in zip(ring, ring[1:], strict=False)}


def test_pdok_geojson_becomes_the_files_the_importer_reads(tmp_path, db):
    out = tmp_path / "out"
    call_command("build_region_files", output=str(out), stdout=io.StringIO(), **write_pdok(tmp_path / "pdok"))
    assert sorted(built(out)) == [
        "ggdregio.geojson",
        "municipalities.csv",
        "municipalities.geojson",
        "provinces.geojson",
        "regions.csv",
        "zorgkantoorregio.geojson",
    ]
    rows = list(csv.DictReader(io.StringIO(built(out)["municipalities.csv"])))
    assert [(r["gm_code"], r["province_code"], r["zk_code"], r["ggd_code"]) for r in rows] == [
        ("GM0001", "PV20", "ZK01", "GG0001"),
        ("GM0002", "PV21", "ZK01", "GG0001"),
        ("GM0003", "PV20", "ZK01", "GG0002"),
        ("GM0004", "PV21", "ZK01", "GG0002"),
    ]
    assert rows[0]["province_name"] == "West" and rows[3]["ggd_name"] == "GGD Noord"
    regions = list(csv.DictReader(io.StringIO(built(out)["regions.csv"])))
    assert [(r["layer"], r["code"], r["municipality_count"]) for r in regions] == [
        ("province", "PV20", "2"),
        ("province", "PV21", "2"),
        ("zorgkantoorregio", "ZK01", "4"),
        ("ggdregio", "GG0001", "2"),
        ("ggdregio", "GG0002", "2"),
    ]

    summary = regions_import(path=out, year=2025)
    assert summary.municipalities.created == 4 and summary.regions.created == 5
    assert RegionMembership.objects.filter(layer=Layer.GGDREGIO, region__code="GG0002").count() == 2
    # the point of every municipality lies inside its own square
    for code, (x1, y1) in {"GM0001": (0, 0), "GM0002": (10, 0), "GM0003": (0, 10), "GM0004": (10, 10)}.items():
        municipality = Municipality.objects.get(code=code)
        low = rd_to_wgs84(X0 + x1 * KM, Y0 + y1 * KM)
        high = rd_to_wgs84(X0 + (x1 + 10) * KM, Y0 + (y1 + 10) * KM)
        assert low[0] < float(municipality.lon) < high[0] and low[1] < float(municipality.lat) < high[1]
        assert municipality.geometry and municipality.svg_path


def test_shared_borders_stay_shared_and_small_bends_go(tmp_path):
    options = write_pdok(tmp_path / "pdok")
    call_command("build_region_files", output=str(tmp_path / "a"), stdout=io.StringIO(), **options)
    call_command("build_region_files", output=str(tmp_path / "b"), tolerance=0, stdout=io.StringIO(), **options)
    simplified, exact = (
        features(tmp_path / "a", "municipalities.geojson"),
        features(tmp_path / "b", "municipalities.geojson"),
    )
    wiggle = [round(c, 4) for c in rd_to_wgs84(*WIGGLE)]
    for geometries, has_wiggle in ((simplified, False), (exact, True)):
        shared = edges(geometries["GM0001"]) & edges(geometries["GM0002"])
        assert shared, "the border of GM0001 and GM0002 is no longer the same line"
        points = {p for edge in shared for p in edge}
        assert (tuple(wiggle) in points) is has_wiggle
        # the border is one line: no edge of one that lies beside the other's
        assert len(points) == len(shared) + 1
    for geometry in simplified.values():
        ring = geometry["coordinates"][0]
        assert build.ring_area([tuple(p) for p in ring]) > 0, "exterior rings are counter-clockwise (RFC 7946)"
        assert ring[0] == ring[-1]


def test_the_geopackage_gives_the_same_files(tmp_path):
    call_command(
        "build_region_files", output=str(tmp_path / "json"), stdout=io.StringIO(), **write_pdok(tmp_path / "pdok")
    )
    gpkg = write_gpkg(tmp_path / "cbsgebiedsindelingen2025.gpkg")
    call_command("build_region_files", gpkg=str(gpkg), output=str(tmp_path / "gpkg"), stdout=io.StringIO())
    assert built(tmp_path / "gpkg") == built(tmp_path / "json")


def test_a_municipality_in_no_region_writes_nothing(tmp_path):
    shapes = dict(SHAPES, zorgkantoorregio_gegeneraliseerd={("ZK01", "Alleen west"): rectangle(-1, -1, 10, 21)})
    out = tmp_path / "out"
    out.mkdir()
    (out / "municipalities.csv").write_text("old", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command(
            "build_region_files", output=str(out), stdout=io.StringIO(), **write_pdok(tmp_path / "pdok", shapes)
        )
    assert "Nothing was written" in str(error.value)
    assert "GM0002 Tweestad lies in no care office region." in str(error.value)
    assert built(out) == {"municipalities.csv": "old"}


def test_bad_arguments_are_refused(tmp_path):
    options = write_pdok(tmp_path / "pdok")
    with pytest.raises(CommandError, match="Give either --gpkg"):
        call_command("build_region_files", municipalities=options["municipalities"])
    with pytest.raises(CommandError, match="holds provincie_gegeneraliseerd areas, expected gemeente_gegeneraliseerd"):
        call_command(
            "build_region_files", **dict(options, municipalities=options["provinces"]), output=str(tmp_path / "out")
        )
    assert not (tmp_path / "out").exists()
    with pytest.raises(CommandError, match="this is not a GeoPackage"):
        call_command("build_region_files", gpkg=options["provinces"], output=str(tmp_path / "out"))


def square(x1: float, y1: float, x2: float, y2: float) -> list[tuple[float, float]]:
    return [(x1, y1), (x2, y1), (x2, y2), (x1, y2), (x1, y1)]


def test_a_point_in_no_region_goes_to_the_region_covering_most(tmp_path):
    """The municipality's point lies in a hole no region covers: the largest overlap decides, and is reported."""
    town = build.Shape("GM0001", "Gatdorp", [[square(5.0, 52.0, 5.1, 52.1)]])
    point = build.representative_point(town.polygons)
    assert point == (5.05, 52.05)
    around = build.Shape("GG0001", "Rondom", [[square(4.9, 51.9, 5.2, 52.2), square(5.04, 52.04, 5.06, 52.06)[::-1]]])
    corner = build.Shape("GG0002", "Hoekje", [[square(5.09, 52.09, 5.3, 52.3)]])
    notes: list[str] = []
    result = build.assign_regions(
        {"GM0001": town}, {"GM0001": point}, {"GG0001": around, "GG0002": corner}, "ggdregio", notes
    )
    assert result == {"GM0001": "GG0001"}
    assert notes and "assigned to GG0001" in notes[0]


def test_douglas_peucker_keeps_the_ends_and_far_points():
    line = ((5.0, 52.0), (5.001, 52.0001), (5.002, 52.0), (5.003, 52.01), (5.004, 52.0))
    assert build.douglas_peucker(line, 150) == [(5.0, 52.0), (5.003, 52.01), (5.004, 52.0)]
    assert build.douglas_peucker(line, 0) == list(line)


@pytest.mark.slow
def test_rebuilding_from_the_shipped_boundaries_gives_the_shipped_assignment(regions_dir, tmp_path):
    """The command run on the real 342 municipalities assigns every one to the regions the shipped table names."""
    files = {
        "municipalities": regions_dir / "municipalities.geojson",
        "provinces": regions_dir / "provinces.geojson",
        "zorgkantoorregio": regions_dir / "zorgkantoorregio.geojson",
        "ggdregio": regions_dir / "ggdregio.geojson",
    }
    call_command(
        "build_region_files",
        output=str(tmp_path),
        tolerance=0,
        stdout=io.StringIO(),
        **{k: str(v) for k, v in files.items()},
    )

    def table(folder: Path, name: str, columns: int) -> list[list[str]]:
        return [row[:columns] for row in csv.reader(io.StringIO((folder / name).read_text(encoding="utf-8")))]

    assert table(tmp_path, "municipalities.csv", 8) == table(regions_dir, "municipalities.csv", 8)
    assert table(tmp_path, "regions.csv", 4) == table(regions_dir, "regions.csv", 4)


def test_import_regions_needs_nothing_outside_the_repository(settings, db, tmp_path):
    """A fresh clone has no ../shared: import_regions without a path reads the shipped files."""
    settings.SHARED_DATA_DIR = tmp_path / "missing"
    out = io.StringIO()
    call_command("import_regions", stdout=out)
    assert Municipality.objects.count() == 342
    assert RegionMembership.objects.filter(layer=Layer.ZORGKANTOORREGIO, year=2025).count() == 342
    assert (Path(settings.PH_REGIONS_DIR) / "README.md").read_text(encoding="utf-8").count("CC BY 4.0") >= 1


def test_problems_are_told_in_dutch(tmp_path):
    from django.utils import translation

    options = write_pdok(tmp_path / "pdok")
    with translation.override("nl"), pytest.raises(CommandError) as error:
        call_command("build_region_files", **dict(options, municipalities=options["provinces"]))
    assert str(error.value).splitlines() == [
        "Er is niets geschreven. Los deze problemen op en probeer het opnieuw:",
        "provincie_gegeneraliseerd.json: bevat gebieden van provincie_gegeneraliseerd, maar gemeente_gegeneraliseerd "
        "was verwacht.",
    ]


def test_an_arc_that_would_cut_through_a_hole_is_simplified_less():
    """A 133 m bump holds a small hole: dropping the bump (tolerance 150 m) would cut the hole, so it stays."""
    bump = (5.01, 52.0212)
    exterior = [
        (5.0, 52.0),
        (5.02, 52.0),
        (5.02, 52.02),
        (5.011, 52.02),
        bump,
        (5.009, 52.02),
        (5.0, 52.02),
        (5.0, 52.0),
    ]
    hole = square(5.0098, 52.0198, 5.0102, 52.0204)[::-1]
    notes: list[str] = []
    alone = build.simplify_layer({"GM0001": build.Shape("GM0001", "Bult", [[exterior]])}, 150, notes)
    assert bump not in alone["GM0001"][0][0], "without the hole the bump is within the tolerance"
    result = build.simplify_layer({"GM0001": build.Shape("GM0001", "Bult", [[exterior, hole]])}, 150, notes)
    ((outer, inner),) = result["GM0001"]
    assert bump in outer and len(set(inner)) == 4
    assert not build.crossing_points([outer, inner]) and notes == []
