"""The server-rendered national map."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participatiehub.geo.constants import Layer
from participatiehub.geo.selectors import region_member_codes, render_map
from participatiehub.geo.services import iza_region_create, region_members_set
from participatiehub.geo.svgmap import (
    HEIGHT,
    WIDTH,
    MapArea,
    build_svg,
    decode_path,
    encode_rings,
    geometry_to_path,
    merge_outline,
    project,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def paths(root: ET.Element, css_class: str) -> list[ET.Element]:
    return [element for element in root.iter(f"{SVG}path") if element.get("class") == css_class]


# --- path data ---------------------------------------------------------------------------------


def test_projection_flips_y_and_fits_the_frame():
    north = project(6.0, 53.5)
    south = project(5.7, 50.8)
    west, east = project(3.36, 51.4), project(7.22, 53.2)
    assert north[1] < south[1]
    for x, y in (north, south, west, east):
        assert 0 <= x <= WIDTH * 10 and 0 <= y <= HEIGHT * 10


rings = st.lists(
    st.lists(st.tuples(st.integers(0, 6000), st.integers(0, 7000)), min_size=3, max_size=20, unique=True),
    min_size=1,
    max_size=4,
)


@given(rings=rings)
def test_encoded_rings_decode_to_the_same_points(rings):
    assert decode_path(encode_rings(rings)) == rings


def test_degenerate_rings_are_left_out():
    assert encode_rings([[(0, 0), (0, 0), (5, 5)]]) == ""
    assert encode_rings([[(0, 0), (10, 0), (10, 10), (0, 0)]]) == "M0 0l1 0 0 1z"


def test_numbers_are_short():
    assert encode_rings([[(12, 5), (7, 5), (7, -3)]]) == "M1.2 .5l-.5 0 0-.8z"


def test_geometry_to_path_handles_multipolygons_and_none():
    square = [[[5.0, 52.0], [5.1, 52.0], [5.1, 52.1], [5.0, 52.1], [5.0, 52.0]]]
    assert geometry_to_path(None) == ""
    one = geometry_to_path({"type": "Polygon", "coordinates": square})
    two = geometry_to_path({"type": "MultiPolygon", "coordinates": [square, square]})
    assert one.count("M") == 1 and two.count("M") == 2


def test_merge_outline_cancels_shared_borders():
    left = encode_rings([[(0, 0), (10, 0), (10, 10), (0, 10)]])
    right = encode_rings([[(10, 0), (20, 0), (20, 10), (10, 10)]])
    merged = decode_path(merge_outline([left, right]))
    assert len(merged) == 1
    assert sorted(merged[0]) == sorted([(0, 0), (10, 0), (20, 0), (20, 10), (10, 10), (0, 10)])


# --- drawing -----------------------------------------------------------------------------------


def test_build_svg_escapes_names_and_labels():
    areas = [MapArea(code="GM0001", name='Den "Bosch" & <Co>', svg_path="M0 0l1 0 0 1z")]
    svg = build_svg(
        municipalities=areas,
        fills={"GM0001": '#fff" onload="x'},
        labels={"GM0001": "<script>alert(1)</script>"},
        title="Kaart <1>",
        description="A & B",
        dom_id='m"1',
    )
    root = parse(svg)
    assert "<script>" not in svg
    (path,) = paths(root, "ph-mun")
    assert path.find(f"{SVG}title").text == 'Den "Bosch" & <Co>: <script>alert(1)</script>'
    assert path.get("fill") == '#fff" onload="x'
    assert path.get("onload") is None
    assert root.find(f"{SVG}title").text == "Kaart <1>"


@pytest.mark.django_db
def test_the_national_map(imported):
    fills = {"GM0363": "#d62728", "GM0935": "#1f77b4"}
    labels = {"GM0363": "Hub Amsterdam (actief)"}
    svg = render_map(fills, labels, Layer.ZORGKANTOORREGIO, 2025, "Participatiehubs", "Kaart van Nederland.")
    assert len(svg.encode()) < 250_000
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox") == f"0 0 {WIDTH} {HEIGHT}"
    labelled_by = root.get("aria-labelledby").split()
    ids = {element.get("id"): element for element in root.iter() if element.get("id")}
    assert [ids[i].tag for i in labelled_by] == [f"{SVG}title", f"{SVG}desc"]
    assert ids[labelled_by[0]].text == "Participatiehubs"
    municipalities = paths(root, "ph-mun")
    assert len(municipalities) == 342
    by_code = {path.get("data-code"): path for path in municipalities}
    assert by_code["GM0363"].get("fill") == "#d62728"
    assert by_code["GM0935"].get("fill") == "#1f77b4"
    assert by_code["GM0014"].get("fill") == "#e8e8e8"
    assert by_code["GM0363"].find(f"{SVG}title").text == "Amsterdam: Hub Amsterdam (actief)"
    assert by_code["GM0014"].find(f"{SVG}title").text == "Groningen"
    regions = paths(root, "ph-region")
    assert len(regions) == 31
    assert all(path.get("d") for path in regions)


@pytest.mark.django_db
@pytest.mark.parametrize(("layer", "count"), [(Layer.PROVINCE, 12), (Layer.GGDREGIO, 25), (None, 0)])
def test_other_layers(imported, layer, count):
    root = parse(render_map({}, {}, layer, 2025, "t", "d"))
    assert len(paths(root, "ph-region")) == count


@pytest.mark.django_db
def test_hand_kept_regions_are_outlined_around_their_members(imported):
    members = region_member_codes(layer=Layer.ZORGKANTOORREGIO, year=2025)
    utrecht = iza_region_create(code="IZA-UT", name="Utrecht")
    region_members_set(region=utrecht, year=2025, municipality_codes=members["ZK23"])
    zeeland = iza_region_create(code="IZA-ZE", name="Zeeland")
    region_members_set(region=zeeland, year=2025, municipality_codes=members["ZK27"])
    iza_region_create(code="IZA-EMPTY", name="Leeg")
    root = parse(render_map({}, {}, Layer.IZA, 2025, "t", "d"))
    outlines = {path.get("data-code"): path.get("d") for path in paths(root, "ph-region")}
    assert set(outlines) == {"IZA-UT", "IZA-ZE"}
    municipality_d = {path.get("data-code"): path.get("d") for path in paths(root, "ph-mun")}
    inner = sum(len(ring) for code in members["ZK23"] for ring in decode_path(municipality_d[code]))
    outer = sum(len(ring) for ring in decode_path(outlines["IZA-UT"]))
    assert 0 < outer < inner / 2  # the borders between members are gone
    assert not parse(render_map({}, {}, Layer.IZA, 2024, "t", "d")).findall(f".//{SVG}g[@class='ph-regions']/*")
