from __future__ import annotations

import pytest

from tests.factories import (
    HubFactory,
    HubMunicipalityFactory,
    MunicipalityFactory,
    OrganisationFactory,
    coordinator,
    decision_maker,
    programme_officer,
)

from .factories import PolicyQuestionFactory


@pytest.fixture(autouse=True)
def _english(english):
    """Assertions read the English source strings (``english`` in tests/conftest.py)."""


@pytest.fixture
def utrecht(db):
    return MunicipalityFactory(code="GM0344", name="Utrecht")


@pytest.fixture
def zeist(db):
    return MunicipalityFactory(code="GM0355", name="Zeist")


@pytest.fixture
def amsterdam(db):
    return MunicipalityFactory(code="GM0363", name="Amsterdam")


@pytest.fixture
def hub(db, utrecht, zeist):
    hub = HubFactory(slug="utrecht-eo", name="Participatiehub Utrecht", contact_email="hub@utrecht.example.nl")
    for municipality in (utrecht, zeist):
        HubMunicipalityFactory(hub=hub, municipality=municipality)
    return hub


@pytest.fixture
def other_hub(db, amsterdam):
    hub = HubFactory(slug="amsterdam", name="Participatiehub Amsterdam")
    HubMunicipalityFactory(hub=hub, municipality=amsterdam)
    return hub


@pytest.fixture
def org(hub):
    return OrganisationFactory(hub=hub, name="Gemeente Utrecht", org_type="municipality")


@pytest.fixture
def other_org(hub):
    return OrganisationFactory(hub=hub, name="Zorgkantoor Midden", org_type="health_insurer")


@pytest.fixture
def far_org(other_hub):
    return OrganisationFactory(hub=other_hub, name="Gemeente Amsterdam", org_type="municipality")


@pytest.fixture
def coord(hub):
    return coordinator(hub, email="coordinator@hub.example.nl")


@pytest.fixture
def other_coord(other_hub):
    return coordinator(other_hub, email="coordinator@elders.example.nl")


@pytest.fixture
def asker(org):
    return decision_maker(org, email="beslisser@utrecht.example.nl", full_name="Bea Beslisser")


@pytest.fixture
def other_asker(other_org):
    return decision_maker(other_org, email="beslisser@zorgkantoor.example.nl")


@pytest.fixture
def office(db):
    return programme_officer(email="programma@zonmw.example.nl")


@pytest.fixture
def question(hub, org):
    return PolicyQuestionFactory(hub=hub, asking_organisation=org)


@pytest.fixture
def actors(coord, other_coord, asker, other_asker, office):
    """Every kind of user, by name; None is the anonymous visitor."""
    return {
        "coordinator": coord,
        "other_coordinator": other_coord,
        "decision_maker": asker,
        "other_decision_maker": other_asker,
        "programme_office": office,
        "anonymous": None,
    }
