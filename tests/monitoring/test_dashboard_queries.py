"""The dashboards' query counts do not grow with the number of hubs, quarters or figures: the same
count for 3 hubs and 2 quarters as for 30 hubs and 8 quarters (with municipalities on the map and
corrections in the history), without the cache (every request below is a cache miss) and with it."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from participatiehub.monitoring.models import Direction, Unit
from participatiehub.monitoring.periods import Quarter
from tests.factories import HubFactory, HubMunicipalityFactory, MunicipalityFactory, coordinator, programme_officer

from .dash_factories import clean_catalogue, correct, indicator, snapshot

pytestmark = pytest.mark.django_db

UNITS = [Unit.COUNT, Unit.PERCENT, Unit.DAYS, Unit.EURO, Unit.SCORE]


def build(hubs: int, quarters: int, indicators: int = 6):
    clean_catalogue()
    inds = [
        indicator(f"ind_{n}", unit=UNITS[n % len(UNITS)], direction=list(Direction)[n % 3], order=n)
        for n in range(indicators)
    ]
    periods = Quarter(2026, 4).back(quarters)
    made = []
    for h in range(hubs):
        hub = HubFactory()
        HubMunicipalityFactory(hub=hub, municipality=MunicipalityFactory(svg_path="M0 0 L1 1 Z"))
        for q, quarter in enumerate(periods):
            taken = snapshot(hub, str(quarter), {ind: (h * 7 + q * 3 + n) % 50 for n, ind in enumerate(inds)})
            if h % 5 == 0 and q == len(periods) - 1:
                correct(taken, {ind: h + n for n, ind in enumerate(inds)}, reason="Correctie")
        made.append(hub)
    return made


def count(client, url, **params) -> int:
    cache.clear()  # a miss: what the page costs uncached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def cached_count(client, url, **params) -> int:
    client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params", [{}, {"sorteer": "ind_1", "richting": "af", "status": "developing", "q": "hub", "indicator": "ind_2"}]
)
def test_the_national_dashboard_is_flat(client, params):
    office = programme_officer()
    client.force_login(office)
    build(3, 2)
    small = count(client, reverse("monitoring:national"), **params)
    small_cached = cached_count(client, reverse("monitoring:national"), **params)
    build(30, 8)
    assert count(client, reverse("monitoring:national"), **params) == small
    assert cached_count(client, reverse("monitoring:national"), **params) == small_cached
    assert small_cached < small


def test_the_exports_are_flat(client):
    client.force_login(programme_officer())
    build(3, 2)
    urls = [
        reverse("monitoring:export", args=[t, f]) for t in ("vergelijking", "trend", "gedaald") for f in ("csv", "xlsx")
    ]
    small = [count(client, url) for url in urls]
    build(30, 8)
    assert [count(client, url) for url in urls] == small


def test_the_hub_dashboard_is_flat(client):
    office = programme_officer()
    hub = build(3, 2)[0]
    small = {}
    for who, user in (("office", office), ("coordinator", coordinator(hub))):
        client.force_login(user)
        small[who] = count(client, reverse("monitoring:hub", args=[hub.slug]))
    hub = build(30, 8)[0]
    for who, user in (("office", office), ("coordinator", coordinator(hub))):
        client.force_login(user)
        assert count(client, reverse("monitoring:hub", args=[hub.slug])) == small[who], who


def test_the_public_figures_are_flat(client):
    hub = build(3, 2)[0]
    small = count(client, reverse("monitoring:public"))
    section = count(client, reverse("hubs:public", args=[hub.slug]))
    hub = build(30, 8)[0]
    assert count(client, reverse("monitoring:public")) == small
    assert count(client, reverse("hubs:public", args=[hub.slug])) == section


def test_the_catalogue_is_flat(client):
    client.force_login(programme_officer())
    clean_catalogue()
    for n in range(5):
        indicator(f"few_{n}", order=n)
    small = count(client, reverse("monitoring:catalogue"))
    for n in range(60):
        indicator(f"many_{n}", order=n)
    assert count(client, reverse("monitoring:catalogue")) == small
