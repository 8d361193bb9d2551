import datetime as dt

import pytest

from participatiehub.hubs import selectors
from participatiehub.hubs.constants import HubStatus
from tests.factories import HubFactory, HubMunicipalityFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_national_overview_counts_and_overlaps():
    m1, m2, m3 = MunicipalityFactory(name="Aa"), MunicipalityFactory(name="Bb"), MunicipalityFactory(name="Cc")
    h1 = HubFactory(status=HubStatus.OPERATIONAL)
    h2 = HubFactory(status=HubStatus.PREPARING)
    HubMunicipalityFactory(hub=h1, municipality=m1)
    HubMunicipalityFactory(hub=h2, municipality=m1)
    HubMunicipalityFactory(hub=h2, municipality=m2)
    HubMunicipalityFactory(hub=h2, municipality=m3, valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2021, 1, 1))
    data = selectors.national_overview(dt.date(2025, 6, 1))
    assert [m.name for m in data.covered] == ["Aa", "Bb"]
    assert [m.name for m in data.uncovered] == ["Cc"]
    assert [m.name for m in data.overlaps] == ["Aa"]
    # The map colours a municipality by its most developed hub.
    assert data.covered[0].hub == h1
    counts = {status: n for status, _label, n in data.status_counts}
    assert counts[HubStatus.OPERATIONAL] == 1 and counts[HubStatus.PREPARING] == 1 and counts[HubStatus.STOPPED] == 0
    assert selectors.coverage_overlaps(dt.date(2025, 6, 1)) == {"Aa": sorted([h1.name, h2.name])}


def test_national_overview_query_count_is_flat(django_assert_num_queries):
    def build(n):
        for _ in range(n):
            hub = HubFactory()
            HubMunicipalityFactory(hub=hub)

    build(2)
    with django_assert_num_queries(3):
        selectors.national_overview()
    build(20)
    with django_assert_num_queries(3):
        selectors.national_overview()
