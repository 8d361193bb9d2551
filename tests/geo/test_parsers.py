"""Property tests for the parsers: valid tables round-trip, garbage only ever raises RegionDataError."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participatiehub.geo.constants import Layer
from participatiehub.geo.parsers import (
    RegionDataError,
    parse_csv,
    parse_geojson,
    parse_memberships_csv,
    parse_municipalities_csv,
    parse_regions_csv,
)

HEADER = [
    "gm_code",
    "name",
    "province_code",
    "province_name",
    "zk_code",
    "zk_name",
    "ggd_code",
    "ggd_name",
    "lat",
    "lon",
]

names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).map(str.strip).filter(bool)
digits = st.integers(min_value=0, max_value=9999)


def coordinate(low: float, high: float):
    return st.decimals(min_value=Decimal(str(low)), max_value=Decimal(str(high)), places=4)


@st.composite
def municipality_tables(draw):
    provinces = draw(st.dictionaries(st.integers(0, 99).map(lambda n: f"PV{n:02d}"), names, min_size=1, max_size=4))
    zks = draw(st.dictionaries(st.integers(0, 99).map(lambda n: f"ZK{n:02d}"), names, min_size=1, max_size=4))
    ggds = draw(st.dictionaries(digits.map(lambda n: f"GG{n:04d}"), names, min_size=1, max_size=4))
    codes = draw(st.lists(digits.map(lambda n: f"GM{n:04d}"), min_size=0, max_size=25, unique=True))
    rows = []
    for code in codes:
        pv = draw(st.sampled_from(sorted(provinces)))
        zk = draw(st.sampled_from(sorted(zks)))
        gg = draw(st.sampled_from(sorted(ggds)))
        lat = draw(st.none() | coordinate(50.0, 54.5))
        lon = draw(st.none() | coordinate(2.5, 8.0)) if lat is not None else None
        if lat is None:
            lon = None
        rows.append([code, draw(names), pv, provinces[pv], zk, zks[zk], gg, ggds[gg], lat, lon])
    return rows


def to_csv(header, rows, *, line_terminator="\r\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_terminator)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue()


@given(rows=municipality_tables(), terminator=st.sampled_from(["\r\n", "\n"]), as_bytes=st.booleans())
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_valid_municipality_rows_round_trip(rows, terminator, as_bytes):
    text = to_csv(HEADER, rows, line_terminator=terminator)
    table = parse_municipalities_csv(text.encode("utf-8") if as_bytes else text, filename="m.csv")
    assert list(table.municipalities) == [row[0] for row in rows]
    for code, name, pv, pv_name, zk, zk_name, gg, gg_name, lat, lon in rows:
        area = table.municipalities[code]
        assert (area.name, area.lat, area.lon) == (name, lat, lon)
        assert table.memberships[Layer.PROVINCE][code] == pv
        assert table.memberships[Layer.ZORGKANTOORREGIO][code] == zk
        assert table.memberships[Layer.GGDREGIO][code] == gg
        assert table.regions[(Layer.PROVINCE, pv)].name == pv_name
        assert table.regions[(Layer.ZORGKANTOORREGIO, zk)].name == zk_name
        assert table.regions[(Layer.GGDREGIO, gg)].name == gg_name


@given(data=st.binary(max_size=400))
@settings(max_examples=150, deadline=None)
def test_garbage_bytes_only_raise_the_importers_error(data):
    for parse in (parse_csv, parse_municipalities_csv, parse_regions_csv, parse_memberships_csv, parse_geojson):
        try:
            parse(data, filename="x")
        except RegionDataError as error:
            assert error.errors and all(isinstance(message, str) and message for message in error.errors)


cells = st.text(max_size=12) | st.sampled_from(["GM0363", "PV27", "ZK02", "GG3406", "52.1", "5.1", "", "nan", "sNaN"])


@given(
    header=st.lists(st.sampled_from(HEADER + ["layer", "code", "region_code", "municipality_count", "x"]), max_size=12),
    rows=st.lists(st.lists(cells, max_size=12), max_size=8),
)
@settings(max_examples=150, deadline=None)
def test_garbage_tables_only_raise_the_importers_error(header, rows):
    text = to_csv(header, rows)
    for parse in (parse_csv, parse_municipalities_csv, parse_regions_csv, parse_memberships_csv):
        try:
            parse(text, filename="x.csv")
        except RegionDataError:
            pass


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=30,
)


@st.composite
def geojson_like(draw):
    feature = {
        "type": draw(st.sampled_from(["Feature", "Feat", None])),
        "properties": draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "code": st.sampled_from(["GM0363", "PV27", "ZK02", "GG3406", "XX1", ""]) | json_values,
                    "statnaam": names | json_values,
                },
            )
            | json_values
        ),
        "geometry": draw(
            st.fixed_dictionaries(
                {"type": st.sampled_from(["Polygon", "MultiPolygon", "Point"]), "coordinates": json_values}
            )
            | json_values
        ),
    }
    return {"type": "FeatureCollection", "features": draw(st.lists(st.just(feature) | json_values, max_size=4))}


@given(document=geojson_like() | json_values)
@settings(max_examples=150, deadline=None)
def test_garbage_geojson_only_raises_the_importers_error(document):
    try:
        parse_geojson(json.dumps(document), filename="x.geojson")
    except RegionDataError:
        pass


def test_deeply_nested_json_is_a_clean_error():
    try:
        parse_geojson("[" * 100_000 + "]" * 100_000, filename="deep.geojson")
    except RegionDataError as error:
        assert "deep.geojson" in str(error)
