"""Fixtures and helpers shared by the participants, invitations and my-data tests."""

from __future__ import annotations

import pytest

from participatiehub.participants import services
from participatiehub.participants.constants import ConsentPurpose
from participatiehub.participants.models import AttributeDefinition
from tests.factories import HubFactory, HubMunicipalityFactory, MunicipalityFactory, coordinator


@pytest.fixture(autouse=True)
def _english(english):
    """Assertions read the English source strings (``english`` in tests/conftest.py)."""


@pytest.fixture
def utrecht(db):
    return MunicipalityFactory(code="GM0344", name="Utrecht")


@pytest.fixture
def hub(db, utrecht):
    hub = HubFactory(slug="utrecht-eo", name="Participatiehub Utrecht", contact_email="hub@example.nl")
    HubMunicipalityFactory(hub=hub, municipality=utrecht)
    AttributeDefinition.objects.create(
        hub=hub, key="mantelzorg", label="Bent u mantelzorger?", options=[["ja", "Ja"], ["nee", "Nee"]]
    )
    AttributeDefinition.objects.create(
        hub=hub,
        key="beperking",
        label="Heeft u een beperking?",
        options=[["ja", "Ja"], ["nee", "Nee"]],
        special_category=True,
    )
    return hub


@pytest.fixture
def other_hub(db):
    return HubFactory(slug="elders")


@pytest.fixture
def coordinator_user(hub):
    return coordinator(hub)


@pytest.fixture
def batch(hub, coordinator_user):
    return services.invitation_batch_create(hub=hub, actor=coordinator_user, name="Brieven", size=5)


def make_participant(batch, *, email="inwoner@example.nl", consents=None, name="Ans de Vries"):
    code = batch.codes.filter(used_at__isnull=True).first().code
    consents = consents or [ConsentPurpose.PANEL, ConsentPurpose.ATTRIBUTES, ConsentPurpose.SPECIAL]
    return services.participant_signup(code=code, email=email, display_name=name, consents=consents)
