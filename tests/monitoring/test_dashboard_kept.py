"""The national dashboard keeps what it read in memory per data version: another filter, sorting,
indicator or quarter of the same data costs no query on the monitoring tables; a snapshot, a
correction, a catalogue change or a change of a hub (its name, status or area) shows at once."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from participatiehub.hubs.services import hub_coverage_set, hub_update
from participatiehub.monitoring.models import Unit
from participatiehub.monitoring.periods import Quarter
from tests.factories import HubFactory, HubMunicipalityFactory, MunicipalityFactory, programme_officer

from .dash_factories import clean_catalogue, correct, indicator, snapshot, table_rows

pytestmark = pytest.mark.django_db

Q3, Q4 = Quarter(2026, 3), Quarter(2026, 4)


@pytest.fixture
def world(client):
    office = programme_officer()
    client.force_login(office)
    clean_catalogue()
    members = indicator("members", unit=Unit.COUNT, order=1)
    hubs = []
    for n, name in enumerate(["Hub Noord", "Hub Zuid"]):
        hub = HubFactory(name=name)
        HubMunicipalityFactory(hub=hub, municipality=MunicipalityFactory(code=f"GM98{n}0", svg_path="M0 0l1 0 0 1z"))
        snapshot(hub, str(Q3), {members: 10 + n})
        hubs.append((hub, snapshot(hub, str(Q4), {members: 20 + n})))
    return {"office": office, "members": members, "hubs": hubs}


def _map_figures(client, **params) -> list[list[str]]:
    return table_rows(client.get(reverse("monitoring:national"), params).content.decode(), "map-table")


def test_another_sorting_or_filter_reads_nothing_again(client, world):
    url = reverse("monitoring:national")
    assert client.get(url).status_code == 200
    for params in ({"sorteer": "members", "richting": "af"}, {"q": "noord"}, {"indicator": "members", "n": "1"}):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        # Only the hubs' signature (one aggregate over hubs_hub) is asked; no monitoring table is read.
        assert not any("monitoring_" in q["sql"] for q in queries.captured_queries), params
    # Another quarter: its figures are read once, then kept as well.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"kwartaal": str(Q3)}).status_code == 200
    assert any("monitoring_quarterfigures" in q["sql"] for q in queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"kwartaal": str(Q3), "q": "zuid"}).status_code == 200
    assert not any("monitoring_" in q["sql"] for q in queries.captured_queries)
    assert [row[0] for row in _map_figures(client, q="noord")] == ["Hub Noord", "Hub Zuid"]  # the map: every hub


def test_a_correction_shows_at_once(client, world):
    assert [r[1] for r in _map_figures(client)] == ["20", "21"]
    hub, taken = world["hubs"][0]
    correct(taken, {world["members"]: 33}, reason="Telfout")
    assert [r[1] for r in _map_figures(client, n="1")] == ["33", "21"]


def test_a_new_quarter_shows_at_once(client, world):
    hub, _taken = world["hubs"][1]
    assert _map_figures(client, kwartaal="2027-Q1") == _map_figures(client)  # not there: the latest quarter
    snapshot(hub, "2027-Q1", {world["members"]: 5})
    rows = _map_figures(client, kwartaal="2027-Q1")
    assert rows == [["Hub Zuid", "5", ""]]


def test_a_hubs_new_name_and_area_show_at_once(client, world):
    hub, _taken = world["hubs"][0]
    assert "Hub Noord" in client.get(reverse("monitoring:national")).content.decode()
    hub_update(actor=world["office"], hub=hub, expected_version=hub.version, name="Hub Hoog Noord")
    page = client.get(reverse("monitoring:national"), {"n": "2"}).content.decode()
    assert "Hub Hoog Noord" in page and "Hub Noord<" not in page
    moved = MunicipalityFactory(code="GM9777", svg_path="M5 5l1 0 0 1z")
    hub_coverage_set(actor=world["office"], hub=hub, municipalities=[moved], valid_from=dt.date(2026, 10, 1))
    page = client.get(reverse("monitoring:national"), {"n": "3"}).content.decode()
    group = page.split('data-code="GM9777"')[0].rsplit('<g class="ph-map-group"', 1)[1]
    assert "Hub Hoog Noord" in group
