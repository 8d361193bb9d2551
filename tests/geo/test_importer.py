"""The importer on the real reference files, the CBS/PDOK format, and bad input."""

from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from participatiehub.geo.constants import Layer
from participatiehub.geo.models import Municipality, Region, RegionMembership
from participatiehub.geo.parsers import rd_to_wgs84
from participatiehub.geo.services import RegionDataError, regions_import
from participatiehub.geo.svgmap import wgs84_to_rd

from .helpers import edit_text, feature_collection, read_json, snapshot, square, write_json

pytestmark = pytest.mark.django_db


def region_of(code: str, layer: str, year: int = 2025) -> Region:
    return RegionMembership.objects.get(municipality__code=code, layer=layer, year=year).region


# --- the real files ----------------------------------------------------------------------------


def test_import_of_the_reference_files(imported):
    assert Municipality.objects.count() == 342
    assert Region.objects.filter(layer=Layer.PROVINCE).count() == 12
    assert Region.objects.filter(layer=Layer.ZORGKANTOORREGIO).count() == 31
    assert Region.objects.filter(layer=Layer.GGDREGIO).count() == 25
    for layer in (Layer.PROVINCE, Layer.ZORGKANTOORREGIO, Layer.GGDREGIO):
        assert RegionMembership.objects.filter(layer=layer, year=2025).count() == 342
    assert imported.municipalities.created == 342
    assert imported.regions.created == 68
    assert imported.memberships[Layer.ZORGKANTOORREGIO].created == 342


def test_spot_checks(imported):
    assert region_of("GM0363", Layer.ZORGKANTOORREGIO).code == "ZK02"
    maastricht = region_of("GM0935", Layer.ZORGKANTOORREGIO)
    assert (maastricht.code, maastricht.name) == ("ZK31", "Zuid-Limburg")
    almere = region_of("GM0034", Layer.ZORGKANTOORREGIO)
    assert (almere.code, almere.name) == ("ZK21", "'t Gooi")
    assert region_of("GM0080", Layer.PROVINCE).name == "Fryslân"
    assert region_of("GM0935", Layer.GGDREGIO).name == "GGD Zuid-Limburg"
    amsterdam = Municipality.objects.get(code="GM0363")
    assert amsterdam.name == "Amsterdam"
    assert amsterdam.geometry["type"] in ("Polygon", "MultiPolygon")
    assert amsterdam.svg_path.startswith("M")
    assert str(amsterdam.lat).startswith("52.")
    assert Region.objects.get(code="ZK02").svg_path
    assert not Region.objects.filter(maintained_by_hand=True).exists()


def test_rerun_is_idempotent(imported, regions_dir):
    before = snapshot()
    summary = regions_import(path=regions_dir, year=2025)
    assert snapshot() == before
    assert (summary.municipalities.created, summary.municipalities.updated, summary.municipalities.unchanged) == (
        0,
        0,
        342,
    )
    assert (summary.regions.created, summary.regions.updated) == (0, 0)
    for counts in summary.memberships.values():
        assert (counts.created, counts.changed, counts.removed, counts.unchanged) == (0, 0, 0, 342)


def test_rerun_updates_a_changed_name_in_place(imported, regions_copy):
    pk = Municipality.objects.get(code="GM0034").pk
    edit_text(regions_copy / "municipalities.csv", "GM0034,Almere,", "GM0034,Almere-Stad,")
    edit_text(regions_copy / "municipalities.geojson", '"name":"Almere"', '"name":"Almere-Stad"')
    summary = regions_import(path=regions_copy, year=2025)
    assert Municipality.objects.count() == 342
    almere = Municipality.objects.get(code="GM0034")
    assert (almere.pk, almere.name) == (pk, "Almere-Stad")
    assert (summary.municipalities.created, summary.municipalities.updated) == (0, 1)


def test_rerun_replaces_memberships_of_that_year_exactly(imported, regions_copy):
    (regions_copy / "regions.csv").unlink()  # its counts would no longer match
    edit_text(regions_copy / "municipalities.csv", "ZK21,'t Gooi", "ZK07,Flevoland")
    summary = regions_import(path=regions_copy, year=2025)
    assert region_of("GM0034", Layer.ZORGKANTOORREGIO).code == "ZK07"
    counts = summary.memberships[Layer.ZORGKANTOORREGIO]
    assert (counts.created, counts.changed, counts.removed, counts.unchanged) == (0, 1, 0, 341)
    assert RegionMembership.objects.filter(layer=Layer.ZORGKANTOORREGIO, year=2025).count() == 342


def test_another_year_is_kept_apart(imported, regions_dir):
    regions_import(path=regions_dir, year=2026)
    assert RegionMembership.objects.filter(year=2025).count() == 3 * 342
    assert RegionMembership.objects.filter(year=2026).count() == 3 * 342
    assert Municipality.objects.count() == 342


def test_municipalities_missing_from_a_new_file_lose_that_years_membership(imported, regions_copy):
    (regions_copy / "regions.csv").unlink()
    (regions_copy / "municipalities.geojson").unlink()
    lines = (regions_copy / "municipalities.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (regions_copy / "municipalities.csv").write_text(
        "".join(line for line in lines if not line.startswith("GM0014,")), encoding="utf-8"
    )
    for name in ("provinces", "zorgkantoorregio", "ggdregio"):
        (regions_copy / f"{name}.geojson").unlink()
    summary = regions_import(path=regions_copy, year=2025)
    assert summary.memberships[Layer.PROVINCE].removed == 1
    assert Municipality.objects.filter(code="GM0014").exists()  # kept: hubs may refer to it
    assert not RegionMembership.objects.filter(municipality__code="GM0014", year=2025).exists()


def test_dry_run_saves_nothing(db, regions_dir):
    summary = regions_import(path=regions_dir, year=2025, dry_run=True)
    assert summary.municipalities.created == 342
    assert Municipality.objects.count() == 0


def test_command_prints_a_summary(db, regions_dir):
    out = StringIO()
    call_command("import_regions", str(regions_dir), "--year", "2025", stdout=out)
    text = out.getvalue()
    assert "342" in text and "68" in text
    out = StringIO()
    call_command("import_regions", stdout=out)  # the default path is PH_REGIONS_DIR, the shipped data
    assert "342" in out.getvalue()
    assert Municipality.objects.count() == 342


def test_command_fails_cleanly_on_bad_input(db, tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("import_regions", str(tmp_path / "missing"), stdout=StringIO())
    assert "missing" in str(error.value)


# --- the CBS/PDOK format -----------------------------------------------------------------------


def test_pdok_provinces_file_with_statcode(db, tmp_path):
    path = write_json(
        tmp_path / "provincie_gegeneraliseerd.geojson",
        feature_collection(
            ({"statcode": "PV27", "statnaam": "Noord-Holland", "id": 1}, square(4.8, 52.5)),
            ({"statcode": "PV28", "statnaam": "Zuid-Holland"}, square(4.5, 52.0)),
        ),
    )
    summary = regions_import(path=path, year=2025)
    assert summary.regions.created == 2
    region = Region.objects.get(code="PV27")
    assert (region.layer, region.name) == (Layer.PROVINCE, "Noord-Holland")
    assert region.geometry["coordinates"][0][0] == [4.8, 52.5]
    assert region.svg_path.startswith("M")
    assert summary.memberships == {}


@pytest.mark.parametrize(
    ("code", "layer"),
    [("ZK02", Layer.ZORGKANTOORREGIO), ("GG3406", Layer.GGDREGIO), ("PV20", Layer.PROVINCE)],
)
def test_pdok_layer_is_inferred_from_the_code(db, tmp_path, code, layer):
    path = write_json(tmp_path / "x.geojson", feature_collection(({"statcode": code, "statnaam": "R"}, square(5, 52))))
    regions_import(path=path, year=2025)
    assert Region.objects.get(code=code).layer == layer


def test_pdok_municipalities_update_existing_records(imported, tmp_path):
    before = RegionMembership.objects.count()
    path = write_json(
        tmp_path / "gemeente_gegeneraliseerd.geojson",
        feature_collection(({"statcode": "GM0363", "statnaam": "Amsterdam"}, square(4.85, 52.33, 0.1))),
    )
    summary = regions_import(path=path, year=2025)
    assert (summary.municipalities.created, summary.municipalities.updated) == (0, 1)
    assert Municipality.objects.count() == 342
    assert Municipality.objects.get(code="GM0363").geometry["coordinates"][0][1] == [4.95, 52.33]
    assert RegionMembership.objects.count() == before


def test_pdok_file_in_rd_new_is_converted_to_wgs84(db, tmp_path):
    ring = [wgs84_to_rd(lon, lat) for lon, lat in square(4.9, 52.35)["coordinates"][0]]
    geometry = {"type": "MultiPolygon", "coordinates": [[[[round(x, 3), round(y, 3)] for x, y in ring]]]}
    path = write_json(
        tmp_path / "gemeente.geojson",
        feature_collection(
            ({"statcode": "GM0363", "statnaam": "Amsterdam"}, geometry), crs="urn:ogc:def:crs:EPSG::28992"
        ),
    )
    regions_import(path=path, year=2025)
    lon, lat = Municipality.objects.get(code="GM0363").geometry["coordinates"][0][0][0]
    assert lon == pytest.approx(4.9, abs=1e-5)
    assert lat == pytest.approx(52.35, abs=1e-5)


def test_rd_formulas_are_each_others_inverse():
    for lon, lat in [(3.4, 51.4), (5.387, 52.155), (7.2, 53.5), (4.9, 52.37)]:
        assert rd_to_wgs84(*wgs84_to_rd(lon, lat)) == pytest.approx((lon, lat), abs=1e-5)
    assert wgs84_to_rd(5.38720621, 52.15517440) == pytest.approx((155000, 463000), abs=0.01)


def test_memberships_csv_for_a_hand_kept_layer(imported, tmp_path):
    region = Region.objects.create(layer=Layer.IZA, code="IZA-01", name="Amsterdam e.o.", maintained_by_hand=True)
    path = tmp_path / "memberships.csv"
    path.write_text("layer,region_code,gm_code\niza,IZA-01,GM0363\niza,IZA-01,GM0362\n", encoding="utf-8")
    summary = regions_import(path=path, year=2025)
    assert summary.memberships[Layer.IZA].created == 2
    assert set(region.memberships.values_list("municipality__code", flat=True)) == {"GM0363", "GM0362"}
    path.write_text("layer,region_code,gm_code\niza,IZA-01,GM0363\n", encoding="utf-8")
    summary = regions_import(path=path, year=2025)
    assert summary.memberships[Layer.IZA].removed == 1
    assert list(region.memberships.values_list("municipality__code", flat=True)) == ["GM0363"]


# --- bad input changes nothing and says where ----------------------------------------------------


def assert_rejected(path, *fragments: str) -> RegionDataError:
    before = snapshot()
    with pytest.raises(RegionDataError) as error:
        regions_import(path=path, year=2025)
    assert snapshot() == before
    message = str(error.value)
    for fragment in fragments:
        assert fragment in message, message
    return error.value


def test_bad_code_is_reported_with_its_row(imported, regions_copy):
    edit_text(regions_copy / "municipalities.csv", "GM0037,Stadskanaal", "GX0037,Stadskanaal")
    # a valid change elsewhere in the same import must not be saved either
    edit_text(regions_copy / "municipalities.csv", "GM0034,Almere,", "GM0034,Almere-Stad,")
    edit_text(regions_copy / "municipalities.geojson", '"name":"Almere"', '"name":"Almere-Stad"')
    error = assert_rejected(regions_copy, "Row 4 in municipalities.csv", "GX0037", "GM")
    assert Municipality.objects.get(code="GM0034").name == "Almere"
    assert len(error.errors) >= 1


def test_bad_code_on_a_fresh_database(db, regions_copy):
    edit_text(regions_copy / "municipalities.csv", "GM0014,Groningen", "GX0363,Groningen")
    assert_rejected(regions_copy, "Row 2 in municipalities.csv", "GX0363")
    assert Municipality.objects.count() == 0


def test_missing_column(imported, regions_copy):
    csv_path = regions_copy / "municipalities.csv"
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    csv_path.write_text(
        "\n".join(["gm_code,province_code,province_name"] + ["GM0014,PV20,Groningen"]), encoding="utf-8"
    )
    assert lines
    assert_rejected(csv_path, "municipalities.csv", "'name'")


def test_feature_without_geometry(imported, regions_copy):
    path = regions_copy / "provinces.geojson"
    document = read_json(path)
    document["features"][4]["geometry"] = None
    write_json(path, document)
    assert_rejected(regions_copy, "Object 5 in provinces.geojson")


def test_unknown_municipality_in_memberships(imported, tmp_path):
    Region.objects.create(layer=Layer.IZA, code="IZA-01", name="Regio", maintained_by_hand=True)
    path = tmp_path / "memberships.csv"
    path.write_text("layer,region_code,gm_code\niza,IZA-01,GM0363\niza,IZA-01,GM9999\n", encoding="utf-8")
    assert_rejected(path, "Row 3 in memberships.csv", "GM9999")


def test_unknown_region_in_memberships(imported, tmp_path):
    path = tmp_path / "memberships.csv"
    path.write_text("layer,region_code,gm_code\niza,NOPE,GM0363\n", encoding="utf-8")
    assert_rejected(path, "Row 2 in memberships.csv", "NOPE")


def test_broken_json(imported, regions_copy):
    path = regions_copy / "zorgkantoorregio.geojson"
    path.write_text(path.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    assert_rejected(regions_copy, "zorgkantoorregio.geojson", "JSON")


def test_region_missing_from_regions_csv(imported, regions_copy):
    edit_text(regions_copy / "regions.csv", "zorgkantoorregio,ZK02,Amsterdam,2,52.3549,4.8832\n", "")
    assert_rejected(regions_copy, "municipalities.csv", "ZK02", "regions.csv")


def test_count_mismatch_between_tables(imported, regions_copy):
    edit_text(regions_copy / "regions.csv", "zorgkantoorregio,ZK02,Amsterdam,2,", "zorgkantoorregio,ZK02,Amsterdam,3,")
    assert_rejected(regions_copy, "regions.csv", "ZK02")


def test_conflicting_names_between_files(imported, regions_copy):
    edit_text(regions_copy / "municipalities.csv", "GM0034,Almere,", "GM0034,Almere-Stad,")
    assert_rejected(regions_copy, "municipalities.geojson", "GM0034", "Almere")


def test_duplicate_code_in_a_table(db, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("gm_code,name\nGM0001,Een\nGM0001,Twee\n", encoding="utf-8")
    assert_rejected(path, "Row 3 in m.csv", "GM0001", "row 2")


def test_mixed_kinds_in_one_geojson(db, tmp_path):
    path = write_json(
        tmp_path / "mixed.geojson",
        feature_collection(
            ({"code": "PV27", "name": "Noord-Holland"}, square(4.8, 52.5)),
            ({"code": "GM0363", "name": "Amsterdam"}, square(4.9, 52.3)),
        ),
    )
    assert_rejected(path, "Object 2 in mixed.geojson", "GM0363")


def test_coordinates_outside_the_netherlands(db, tmp_path):
    path = write_json(tmp_path / "p.geojson", feature_collection(({"code": "PV27", "name": "X"}, square(52.5, 4.8))))
    assert_rejected(path, "Object 1 in p.geojson")


def test_two_files_of_the_same_kind(db, regions_copy):
    write_json(
        regions_copy / "extra.geojson",
        feature_collection(({"code": "PV27", "name": "Noord-Holland"}, square(4.8, 52.5))),
    )
    assert_rejected(regions_copy, "provinces.geojson", "extra.geojson")


def test_not_utf8(db, tmp_path):
    path = tmp_path / "municipalities.csv"
    path.write_bytes("gm_code,name\nGM0001,Súdwest\n".encode("latin-1"))
    assert_rejected(path, "municipalities.csv", "UTF-8")


def test_bad_year(db, regions_dir):
    with pytest.raises(RegionDataError):
        regions_import(path=regions_dir, year=25)


def test_boundary_of_an_unlisted_municipality(imported, regions_copy):
    path = regions_copy / "municipalities.geojson"
    document = read_json(path)
    document["features"][2]["properties"] = {"code": "GM9999", "name": "Nergens"}
    write_json(path, document)
    assert_rejected(regions_copy, "Object 3 in municipalities.geojson", "GM9999", "municipalities.csv")
