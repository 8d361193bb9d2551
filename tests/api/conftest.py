"""Fixtures for the open data API tests: an empty cache per test (rate-limit counters included) and a
small world of public and personal data."""

from __future__ import annotations

from django.core.cache import cache

import pytest

from .factories import world


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def data(db):
    return world(2)


LISTS = [
    "/api/v1/hubs",
    "/api/v1/gemeenten",
    "/api/v1/regios",
    "/api/v1/vragen",
    "/api/v1/indicatoren",
    "/api/v1/indicator-definities",
    "/api/v1/subsidies",
    "/api/v1/selectieverslagen",
    "/api/v1/lessen",
]
