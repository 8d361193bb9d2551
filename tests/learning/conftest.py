from __future__ import annotations

import pytest

from tests.factories import HubFactory, coordinator, programme_officer


@pytest.fixture(autouse=True)
def _english(english):
    """Assertions read the English source strings (``english`` in tests/conftest.py)."""


@pytest.fixture
def hub(db):
    return HubFactory(slug="utrecht-eo", name="Participatiehub Utrecht", contact_email="hub@utrecht.example.nl")


@pytest.fixture
def other_hub(db):
    return HubFactory(slug="twente", name="Participatiehub Twente", contact_email="hub@twente.example.nl")


@pytest.fixture
def coord(hub):
    return coordinator(hub, email="coord@hub.example.nl", full_name="Sanne Coördinator")


@pytest.fixture
def other_coord(other_hub):
    return coordinator(other_hub, email="coord@twente.example.nl", full_name="Truus Twente")


@pytest.fixture
def office(db):
    return programme_officer(email="bureau@zonmw.example.nl", full_name="Programmabureau")
