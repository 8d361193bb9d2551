from __future__ import annotations

import pytest

from participatiehub.experience.constants import ITEM_CODES, Answer
from tests.factories import HubFactory, OrganisationFactory, coordinator, decision_maker, programme_officer
from tests.trajectories.factories import QuestionFactory


@pytest.fixture(autouse=True)
def _english(english):
    """Assertions read the English source strings (``english`` in tests/conftest.py)."""


@pytest.fixture
def hub(db):
    return HubFactory(slug="utrecht-eo", name="Hub Utrecht")


@pytest.fixture
def other_hub(db):
    return HubFactory(slug="twente", name="Hub Twente")


@pytest.fixture
def asker(hub):
    return OrganisationFactory(hub=hub, name="Gemeente Utrecht", org_type="municipality")


@pytest.fixture
def coordinator_user(hub):
    return coordinator(hub, email="coord@hub.example.nl")


@pytest.fixture
def other_coordinator(other_hub):
    return coordinator(other_hub, email="coord@twente.example.nl")


@pytest.fixture
def office(db):
    return programme_officer(email="bureau@example.nl")


@pytest.fixture
def dm_user(asker):
    return decision_maker(asker, email="beslisser@utrecht.example.nl")


@pytest.fixture
def question(hub, asker):
    return QuestionFactory(hub=hub, asking_organisation=asker, title="Wijkzorg dichtbij")


@pytest.fixture
def all_agree():
    return dict.fromkeys(ITEM_CODES, Answer.AGREE)
