from __future__ import annotations

import pytest

from tests.factories import HubFactory, HubMunicipalityFactory, MunicipalityFactory, coordinator


@pytest.fixture
def utrecht(db):
    return MunicipalityFactory(code="GM0344", name="Utrecht")


@pytest.fixture
def amersfoort(db):
    return MunicipalityFactory(code="GM0307", name="Amersfoort")


@pytest.fixture
def zeist(db):
    return MunicipalityFactory(code="GM0355", name="Zeist")


@pytest.fixture
def hub(db, utrecht, amersfoort, zeist):
    hub = HubFactory(slug="utrecht-eo")
    for municipality in (utrecht, amersfoort, zeist):
        HubMunicipalityFactory(hub=hub, municipality=municipality)
    return hub


@pytest.fixture
def other_hub(db):
    return HubFactory(slug="elders")


@pytest.fixture
def coordinator_user(hub):
    return coordinator(hub)


@pytest.fixture
def coord_client(client, coordinator_user):
    client.force_login(coordinator_user)
    return client


@pytest.fixture(autouse=True)
def _english(english):
    """Assertions read the English source strings (``english`` in tests/conftest.py)."""
