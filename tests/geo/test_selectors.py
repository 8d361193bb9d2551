"""Selectors return the right rows in a fixed number of queries."""

from __future__ import annotations

import pytest

from participatiehub.geo import selectors
from participatiehub.geo.constants import Layer
from participatiehub.geo.models import Municipality
from participatiehub.geo.services import geo_version_bump, iza_region_create, region_members_set
from tests.factories import MunicipalityFactory, RegionFactory, RegionMembershipFactory

pytestmark = pytest.mark.django_db


def make_regions(count: int, per_region: int = 3) -> None:
    for _ in range(count):
        region = RegionFactory(layer=Layer.ZORGKANTOORREGIO, svg_path="M0 0l10 0 0 10z")
        for _ in range(per_region):
            municipality = MunicipalityFactory(svg_path="M0 0l1 0 0 1z")
            RegionMembershipFactory(region=region, municipality=municipality, year=2025)


def make_iza(count: int) -> None:
    for n in range(count):
        region = iza_region_create(code=f"IZA-{n}", name=f"IZA {n}")
        municipalities = [MunicipalityFactory(svg_path=f"M{n} 0l1 0 0 1z") for _ in range(2)]
        region_members_set(region=region, year=2025, municipality_codes=[m.code for m in municipalities])


@pytest.mark.parametrize("count", [1, 6])
def test_query_counts_do_not_grow(django_assert_num_queries, count):
    make_regions(count)
    make_iza(count)
    region = selectors.regions_for_layer(layer=Layer.ZORGKANTOORREGIO).first()
    with django_assert_num_queries(1):
        assert len(selectors.municipalities_for_map(year=2025)) == 5 * count
    with django_assert_num_queries(1):
        assert len(list(selectors.regions_for_layer(layer=Layer.ZORGKANTOORREGIO, year=2025))) == count
    with django_assert_num_queries(1):
        assert len(selectors.municipality_region_map(layer=Layer.ZORGKANTOORREGIO, year=2025)) == 3 * count
    with django_assert_num_queries(1):
        assert len(list(selectors.municipalities_in_region(region=region, year=2025))) == 3
    with django_assert_num_queries(1):
        assert len(selectors.region_member_codes(layer=Layer.IZA, year=2025)) == count
    # The municipalities were read above and are kept in memory for this geography version.
    with django_assert_num_queries(1):
        selectors.render_map({}, {}, Layer.ZORGKANTOORREGIO, 2025, "t", "d")
    with django_assert_num_queries(2):
        selectors.render_map({}, {}, Layer.IZA, 2025, "t", "d")


def test_map_areas_are_kept_per_geography_version(django_assert_num_queries):
    """The map's municipalities are read once per geography version; an import (a new version) reads them
    again, so a changed outline shows at once."""
    make_regions(1)
    with django_assert_num_queries(1):
        first = selectors.municipalities_for_map(year=2025)
    with django_assert_num_queries(0):
        assert selectors.municipalities_for_map(year=2025) == first
    changed = first[0]
    Municipality.objects.filter(code=changed.code).update(svg_path="M9 9l1 0 0 1z")
    geo_version_bump()  # what every import does
    with django_assert_num_queries(1):
        again = selectors.municipalities_for_map(year=2025)
    assert next(a for a in again if a.code == changed.code).svg_path == "M9 9l1 0 0 1z"
    svg = selectors.render_map({changed.code: "#123456"}, {changed.code: "<b>"}, None, 2025, "t", "d")
    assert f'data-code="{changed.code}" fill="#123456" d="M9 9l1 0 0 1z"><title>' in svg
    assert ": &lt;b&gt;</title>" in svg and "<b>" not in svg


def test_municipality_region_map_and_lookups(imported):
    mapping = selectors.municipality_region_map(layer=Layer.ZORGKANTOORREGIO, year=2025)
    assert mapping["GM0363"].code == "ZK02"
    assert mapping["GM0034"].name == "'t Gooi"
    amsterdam_region = selectors.regions_for_layer(layer=Layer.ZORGKANTOORREGIO, year=2025).get(code="ZK02")
    assert amsterdam_region.member_count == 2
    names = [m.name for m in selectors.municipalities_in_region(region=amsterdam_region, year=2025)]
    assert "Amsterdam" in names and len(names) == 2
    maastricht = selectors.municipalities_by_code(codes=["GM0935", "GM9999"])
    assert list(maastricht) == ["GM0935"]
    region = selectors.region_for_municipality(municipality=maastricht["GM0935"], layer=Layer.GGDREGIO, year=2025)
    assert region.name == "GGD Zuid-Limburg"
    assert selectors.region_for_municipality(municipality=maastricht["GM0935"], layer=Layer.IZA, year=2025) is None
    assert selectors.membership_years() == [2025]
    assert selectors.regions_for_layer(layer=Layer.PROVINCE, year=2024).count() == 0
    assert selectors.regions_for_layer(layer=Layer.PROVINCE).count() == 12


def test_municipalities_for_map_respects_the_years_they_exist(db):
    MunicipalityFactory(code="GM9001", valid_until_year=2023)
    MunicipalityFactory(code="GM9002", valid_from_year=2024)
    MunicipalityFactory(code="GM9003")
    assert [m.code for m in selectors.municipalities_for_map(year=2023)] == ["GM9001", "GM9003"]
    assert [m.code for m in selectors.municipalities_for_map(year=2025)] == ["GM9002", "GM9003"]
    assert len(selectors.municipalities_for_map()) == 3
