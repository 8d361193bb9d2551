"""The dashboards show exactly the stored figures and hand-computed medians: the national comparison
(sorted and filtered), the map's legend and table, the trend, "worse since the last quarter", one hub's
dashboard with its corrections and design choices, and the public figures (page and hub section).

Three hubs, four indicators, two quarters (2026-Q3 and 2026-Q4):

=========  ===========  ==================  ===============  ================
hub        organisations adopted (%, higher) days (lower)    received (neither)
=========  ===========  ==================  ===============  ================
Q3 A/B/C   10 / 20 / 30  50.0 / 40.0 / 80.0  20 / 30 / 10     4 / 6 / 2
Q4 A/B/C   8 / 21 / 35   60.0 / 36.0 / –     25 / 30 / 10     1 / 6 / 3
=========  ===========  ==================  ===============  ================

A's Q4 snapshot was corrected (organisations 5 → 8); only the current version counts. Medians in Q4:
organisations 21, adopted (36 + 60) / 2 = 48.0, days 25, received 3. Worse by more than 10 %: A's
organisations (10 → 8: 20.0 %) and A's days (20 → 25: 25.0 %); B's adopted fell exactly 10 % (not more).
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

import pytest

from participatiehub.hubs.constants import HubStatus, LegalForm
from participatiehub.hubs.models import DesignChoices
from participatiehub.monitoring.charts import NO_FIGURE_FILL, PALETTE, quantile_classes
from participatiehub.monitoring.models import Direction, Unit
from tests.factories import HubFactory, RegionFactory, coordinator, evaluator, programme_officer

from .dash_factories import clean_catalogue, correct, indicator, snapshot, table_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    clean_catalogue()
    region = RegionFactory(name="Regio Midden")
    a = HubFactory(name="Participatiehub Utrecht", slug="utrecht-eo", follows_region=region)
    b = HubFactory(name="Participatiehub Twente", slug="twente")
    c = HubFactory(name="Participatiehub Zeeland", slug="zeeland", status=HubStatus.OPERATIONAL)
    orgs = indicator("network_organisations", name="Organisations", order=1)
    adopted = indicator("adopted", name="Adopted", unit=Unit.PERCENT, order=2)
    days = indicator(
        "days_to_advice", name="Days to advice", unit=Unit.DAYS, direction=Direction.LOWER, order=3, is_public=False
    )
    received = indicator("received", name="Received", direction=Direction.NEUTRAL, order=4)
    office = programme_officer(full_name="Bureau")
    q3 = {
        a: (10, "50.0", 20, 4),
        b: (20, "40.0", 30, 6),
        c: (30, "80.0", 10, 2),
    }
    q4 = {
        a: (8, "60.0", 25, 1),
        b: (21, "36.0", 30, 6),
        c: (35, None, 10, 3),
    }
    for hub, row in q3.items():
        snapshot(hub, "2026-Q3", dict(zip((orgs, adopted, days, received), row, strict=True)))
    for hub, row in q4.items():
        values = dict(zip((orgs, adopted, days, received), row, strict=True))
        if hub is a:
            first = snapshot(
                hub, "2026-Q4", {**values, orgs: (5, 5)}, taken_at=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
            )
            correct(first, {**values, orgs: (8, 8)}, reason="Dubbele organisaties verwijderd", taken_by=office)
        else:
            snapshot(hub, "2026-Q4", values)
    DesignChoices.objects.create(hub=a, valid_from=dt.date(2026, 1, 1), legal_form=LegalForm.NONE)
    DesignChoices.objects.create(hub=a, valid_from=dt.date(2026, 11, 15), legal_form=LegalForm.FOUNDATION)
    return {
        "hubs": (a, b, c),
        "indicators": (orgs, adopted, days, received),
        "office": office,
        "region": region,
    }


def _get(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


NATIONAL = reverse("monitoring:national")


def test_the_comparison_shows_the_current_figures_and_the_medians(client, world):
    html = _get(client, world["office"], NATIONAL)
    assert "2026-Q4" in html  # the latest quarter by default
    header = table_rows(html, "comparison-table", part="thead")[0]
    assert header == ["Hub", "Status", "Organisations", "Adopted", "Days to advice", "Received"]
    assert table_rows(html, "comparison-table") == [
        ["Participatiehub Twente", "Developing", "21", "36.0%", "30.0", "6"],
        ["Participatiehub Utrecht", "Developing", "8", "60.0%", "25.0", "1"],
        ["Participatiehub Zeeland", "Operational", "35", "–", "10.0", "3"],
    ]
    assert table_rows(html, "comparison-table", part="tfoot") == [["National median", "", "21", "48.0%", "25.0", "3"]]


def test_an_earlier_quarter_shows_its_own_figures(client, world):
    html = _get(client, world["office"], NATIONAL, kwartaal="2026-Q3")
    assert table_rows(html, "comparison-table", part="tfoot") == [["National median", "", "20", "50.0%", "20.0", "4"]]
    assert table_rows(html, "fallen-table") == [["No figure got worse by more than that."]]


def test_sorting_by_a_column_both_ways_with_missing_figures_last(client, world):
    html = _get(client, world["office"], NATIONAL, sorteer="network_organisations", richting="af")
    assert [r[0] for r in table_rows(html, "comparison-table")] == [
        "Participatiehub Zeeland",
        "Participatiehub Twente",
        "Participatiehub Utrecht",
    ]
    assert 'data-column="network_organisations" aria-sort="descending"' in html
    html = _get(client, world["office"], NATIONAL, sorteer="adopted", richting="op")
    assert [r[0] for r in table_rows(html, "comparison-table")] == [
        "Participatiehub Twente",
        "Participatiehub Utrecht",
        "Participatiehub Zeeland",  # no figure: last
    ]
    html = _get(client, world["office"], NATIONAL, sorteer="adopted", richting="af")
    assert [r[0] for r in table_rows(html, "comparison-table")][-1] == "Participatiehub Zeeland"
    # The heading of the sorted column links to the other direction; the others sort ascending first.
    assert "sorteer=adopted&amp;richting=op" in html
    assert "sorteer=network_organisations&amp;richting=op" in html


def test_sorting_by_status_follows_the_way_to_an_operational_hub(client, world):
    html = _get(client, world["office"], NATIONAL, sorteer="status", richting="af")
    assert [r[:2] for r in table_rows(html, "comparison-table")] == [
        ["Participatiehub Zeeland", "Operational"],
        ["Participatiehub Twente", "Developing"],  # ties: by name
        ["Participatiehub Utrecht", "Developing"],
    ]
    assert 'data-column="status" aria-sort="descending"' in html


def test_filters_by_status_region_and_name(client, world):
    office = world["office"]
    names = lambda html: [r[0] for r in table_rows(html, "comparison-table")]  # noqa: E731
    assert names(_get(client, office, NATIONAL, status="operational")) == ["Participatiehub Zeeland"]
    assert names(_get(client, office, NATIONAL, regio=world["region"].pk)) == ["Participatiehub Utrecht"]
    assert names(_get(client, office, NATIONAL, q="twen")) == ["Participatiehub Twente"]
    html = _get(client, office, NATIONAL, q="nowhere")
    assert table_rows(html, "comparison-table") == [["No hub matches the filter."]]
    # The median counts every hub, whatever the filter.
    assert table_rows(html, "comparison-table", part="tfoot")[0][2] == "21"


def test_the_map_legend_and_its_table(client, world):
    html = _get(client, world["office"], NATIONAL, indicator="network_organisations")
    assert table_rows(html, "map-table") == [
        ["Participatiehub Twente", "21", ""],
        ["Participatiehub Utrecht", "8", ""],
        ["Participatiehub Zeeland", "35", ""],
    ]
    assert "Map: Organisations" in html
    assert NO_FIGURE_FILL in html
    # Three hubs with three different figures: three classes, lightest for the lowest.
    assert "8 (1 hub)" in html and "21 (1 hub)" in html and "35 (1 hub)" in html


def test_quantile_classes():
    from decimal import Decimal as D

    classes = quantile_classes([D(v) for v in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)] + [None])
    assert [(c.low, c.high, c.count) for c in classes] == [
        (D(1), D(2), 2),
        (D(3), D(4), 2),
        (D(5), D(6), 2),
        (D(7), D(8), 2),
        (D(9), D(10), 2),
    ]
    assert [c.colour for c in classes] == list(PALETTE)
    same = quantile_classes([D(3), D(3), D(3)])
    assert [(c.low, c.high, c.count) for c in same] == [(D(3), D(3), 3)]
    assert quantile_classes([None]) == []


def test_the_trend_of_the_chosen_indicator(client, world):
    html = _get(client, world["office"], NATIONAL, indicator="network_organisations")
    rows = table_rows(html, "trend-table")
    assert len(rows) == 8  # 2025-Q1 .. 2026-Q4
    assert rows[-2:] == [["2026-Q3", "20", "10", "30", "3"], ["2026-Q4", "21", "8", "35", "3"]]
    assert rows[0] == ["2025-Q1", "–", "–", "–", "0"]
    assert "<svg" in html and "Trend of “Organisations”" in html
    html = _get(client, world["office"], NATIONAL, indicator="adopted", kwartaal="2026-Q3")
    rows = table_rows(html, "trend-table")
    assert rows[0][0] == "2024-Q4" and rows[-1] == ["2026-Q3", "50.0%", "40.0%", "80.0%", "3"]


def test_worse_since_the_last_quarter(client, world):
    html = _get(client, world["office"], NATIONAL)
    assert table_rows(html, "fallen-table") == [
        ["Participatiehub Utrecht", "Organisations", "higher is better", "10", "8", "20.0%"],
        ["Participatiehub Utrecht", "Days to advice", "lower is better", "20.0", "25.0", "25.0%"],
    ]
    assert "more than 10%" in html


def test_the_hub_dashboard(client, world):
    a, b, c = world["hubs"]
    user = coordinator(a)
    html = _get(client, user, reverse("monitoring:hub", args=[a.slug]))
    rows = table_rows(html, "hub-figures")
    assert rows[0][0] == "Design choices valid from"
    assert rows[0][-4:-2] == ["1 Jan 2026", "15 Nov 2026 (new)"]  # Q3, Q4
    by_name = {r[0]: r for r in rows[1:]}
    # Q3, Q4, the sparkline's cell (its text is in the chart), the national median of Q4.
    assert by_name["Organisations"][-4:] == ["10", "8", "", "21"]
    assert by_name["Adopted"][-4:] == ["50.0%", "60.0%", "", "48.0%"]
    assert by_name["Days to advice"][-4:] == ["20.0", "25.0", "", "25.0"]
    versions = table_rows(html, "versions-table")
    assert versions[0][:2] == ["2026-Q4", "2 (current)"]
    assert versions[0][3] == "Dubbele organisaties verwijderd"
    assert versions[0][4] == "Organisations: 5 → 8"
    assert versions[1][:2] == ["2026-Q4", "1 (replaced)"]
    assert versions[2][:2] == ["2026-Q3", "1 (current)"]
    assert "Foundation (stichting)" in html
    # Nothing of another hub on this hub's page.
    assert b.name not in html and c.name not in html


def test_the_evaluator_sees_the_national_and_every_hub_dashboard_without_names(client, world):
    a, _b, _c = world["hubs"]
    # The office and the hub's coordinator see who corrected the figures (the page is cached per kind of reader).
    assert (
        "Bureau"
        in table_rows(_get(client, coordinator(a), reverse("monitoring:hub", args=[a.slug])), "versions-table")[0][2]
    )
    user = evaluator()
    assert "comparison-table" in _get(client, user, NATIONAL)
    html = _get(client, user, reverse("monitoring:hub", args=[a.slug]))
    assert "hub-figures" in html
    versions = table_rows(html, "versions-table")
    assert versions[0][3] == "Dubbele organisaties verwijderd" and "Bureau" not in versions[0][2]


def test_the_public_figures_page(client, world):
    html = client.get(reverse("monitoring:public")).content.decode()
    assert table_rows(html, "public-medians") == [
        ["Organisations", "Wat network_organisations betekent.", "21", "3"],
        ["Adopted", "Wat adopted betekent.", "48.0%", "2"],
        ["Received", "Wat received betekent.", "3", "3"],
    ]
    assert table_rows(html, "public-hubs", part="thead") == [["Hub", "Organisations", "Adopted", "Received"]]
    assert table_rows(html, "public-hubs")[1] == ["Participatiehub Utrecht", "8", "60.0%", "1"]
    assert "Days to advice" not in html  # not public


def test_the_public_hub_page_shows_its_figures_beside_the_median(client, world):
    a, _b, _c = world["hubs"]
    html = client.get(reverse("hubs:public", args=[a.slug])).content.decode()
    assert table_rows(html, "hub-public-figures") == [
        ["Organisations", "8", "21"],
        ["Adopted", "60.0%", "48.0%"],
        ["Received", "1", "3"],
    ]
    # A correction after the page was cached shows at once (the section follows the snapshots' version).
    orgs = world["indicators"][0]
    current = a.snapshots.get(period="2026-Q4", is_current=True)
    correct(current, {orgs: 9}, reason="Nog een organisatie")
    html = client.get(reverse("hubs:public", args=[a.slug])).content.decode()
    assert table_rows(html, "hub-public-figures")[0] == ["Organisations", "9", "21"]


def test_the_hub_management_page_links_the_monitoring(client, world):
    a, _b, _c = world["hubs"]
    html = _get(client, coordinator(a), reverse("hubs:manage", args=[a.slug]))
    assert reverse("monitoring:hub", args=[a.slug]) in html


def test_without_snapshots_the_pages_say_so(client, db):
    clean_catalogue()
    indicator("network_organisations")
    hub = HubFactory()
    office = programme_officer()
    assert "There are no figures yet." in _get(client, office, NATIONAL)
    assert "There are no figures for this hub yet." in _get(client, office, reverse("monitoring:hub", args=[hub.slug]))
    assert "There are no figures yet." in client.get(reverse("monitoring:public")).content.decode()


def test_a_new_snapshot_shows_on_the_cached_dashboard(client, world):
    office = world["office"]
    html = _get(client, office, NATIONAL)
    assert table_rows(html, "comparison-table", part="tfoot")[0][2] == "21"
    a, b, c = world["hubs"]
    orgs = world["indicators"][0]
    current = b.snapshots.get(period="2026-Q4", is_current=True)
    correct(current, {orgs: 40}, reason="Telfout")
    html = _get(client, office, NATIONAL)
    assert table_rows(html, "comparison-table", part="tfoot")[0][2] == "35"  # median of 8, 40, 35


def test_the_office_corrects_a_quarter_from_the_hub_dashboard(client, db):
    """The figures are recomputed from the records (M1's ``snapshot_correct``): Utrecht recorded two
    organisations; the stored Q3 figure said 5. The correction needs a reason and an ended quarter."""
    from participatiehub.monitoring.models import Snapshot
    from tests.factories import OrganisationFactory

    clean_catalogue()
    hub = HubFactory(name="Participatiehub Utrecht", slug="utrecht-eo")
    orgs = indicator("network_organisations", name="Organisations")
    snapshot(hub, "2026-Q3", {orgs: 5})
    OrganisationFactory.create_batch(2, hub=hub)
    office = programme_officer()
    client.force_login(office)
    url = reverse("monitoring:correct", args=[hub.slug])
    assert url in _get(client, office, reverse("monitoring:hub", args=[hub.slug]))
    # No reason: nothing changes.
    response = client.post(url, {"kwartaal": "2026-Q3", "reason": " "})
    assert response.status_code == 200 and Snapshot.objects.filter(hub=hub).count() == 1
    # A quarter without figures is not offered.
    response = client.post(url, {"kwartaal": "2025-Q1", "reason": "Test"})
    assert response.status_code == 200 and Snapshot.objects.filter(hub=hub).count() == 1
    response = client.post(url, {"kwartaal": "2026-Q3", "reason": "Twee organisaties te laat vastgelegd"})
    assert response.status_code == 302
    versions = list(Snapshot.objects.filter(hub=hub).order_by("version"))
    assert [(v.version, v.is_current) for v in versions] == [(1, False), (2, True)]
    html = client.get(response["Location"]).content.decode()
    rows = table_rows(html, "versions-table")
    assert rows[0][:2] == ["2026-Q3", "2 (current)"] and rows[0][3] == "Twee organisaties te laat vastgelegd"
    new = versions[1].values.get(indicator=orgs).value
    assert rows[0][4] == f"Organisations: 5 → {new:.0f}"
    # A coordinator sees the correction but cannot make one.
    user = coordinator(hub)
    client.force_login(user)
    assert url not in client.get(reverse("monitoring:hub", args=[hub.slug])).content.decode()
    assert client.post(url, {"kwartaal": "2026-Q3", "reason": "x"}).status_code == 403
