from __future__ import annotations

import datetime as dt

import pytest

from participatiehub.questions.constants import QuestionStatus
from tests.factories import HubFactory, OrganisationFactory, ParticipationBodyFactory, coordinator, decision_maker

from .factories import QuestionFactory

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def _english(english):
    """Assertions read the English source strings (``english`` in tests/conftest.py)."""


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, private_files):
    """Uploaded (media) and private files go to this test's own folders."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def hub(db):
    return HubFactory(slug="utrecht-eo")


@pytest.fixture
def asker(hub):
    return OrganisationFactory(hub=hub, name="Gemeente Utrecht", org_type="municipality")


@pytest.fixture
def coordinator_user(hub):
    return coordinator(hub, email="coord@hub.example.nl")


@pytest.fixture
def dm_user(asker):
    return decision_maker(asker, email="beslisser@utrecht.example.nl")


@pytest.fixture
def body(hub):
    return ParticipationBodyFactory(hub=hub, name="Adviesraad Sociaal Domein")


@pytest.fixture
def question(hub, asker):
    return QuestionFactory(
        hub=hub, asking_organisation=asker, status=QuestionStatus.ACCEPTED, answer_due_date=dt.date(2025, 6, 1)
    )
