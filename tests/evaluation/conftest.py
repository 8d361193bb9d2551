"""A small national data set with direct identifiers planted in person records and in free texts, and a
helper that asks for an export, runs the task worker and opens the ZIP."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

from django.utils import timezone

import pytest

from participatiehub.accounts.constants import Role
from participatiehub.evaluation import redact, services
from participatiehub.evaluation.models import Export
from participatiehub.learning.models import Lesson
from participatiehub.panels.models import (
    Engagement,
    Pool,
    PoolMember,
    PopulationShare,
    Quota,
    SelectedMember,
    Selection,
)
from participatiehub.participants.models import Participant
from participatiehub.trajectories.models import TrajectoryParticipant
from tests.experience.factories import responses
from tests.factories import (
    ContactPersonFactory,
    HubFactory,
    OrganisationFactory,
    RoleAssignmentFactory,
    UserFactory,
    coordinator,
    decision_maker,
    evaluator,
)
from tests.monitoring.factories import grant, payment
from tests.trajectories.factories import (
    ActivityFactory,
    AdviceFactory,
    FeedbackFactory,
    QuestionFactory,
    RecommendationFactory,
    ResponseFactory,
    TrajectoryFactory,
)

# Identifiers planted in records; every one of them is also written into a free text somewhere.
DM_NAME, DM_EMAIL = "Bertus Beslismans", "bertus.beslismans@gemeente-utrecht.example"
CONTACT_NAME, CONTACT_EMAIL, CONTACT_PHONE = "Carla Contactvrouw", "carla.contact@wijkteam.example", "06-11223344"
HUB_CONTACT, HUB_EMAIL, HUB_PHONE = "Henk Hubkwartier", "henk@hub-utrecht.example", "030-2345678"
ASKER_NAME, ASKER_EMAIL = "Quinten Vraagsma", "quinten.vraagsma@ggd.example"
LISTED_NAME, LISTED_EMAIL = "Dirk Deelnemerink", "dirk.deelnemerink@mail.example"
RESIDENT_NAME = "Riet Resdorp"
EVALUATOR_NAME, EVALUATOR_EMAIL = "Eva Onderzoekma", "eva.onderzoek@universiteit.example"
OTHER_EVALUATOR_EMAIL = "olaf.onderzoek@hogeschool.example"


@pytest.fixture(autouse=True)
def _private_files(private_files):
    return private_files


class FakeRedactor:
    """Stands in for the platform's Redactor where a test is about something else (fast, no deduce):
    it changes nothing, so only the export's own last pass protects the texts."""

    class Result:
        def __init__(self, text):
            self.text = text

    def redact(self, text):
        return self.Result(text)


@pytest.fixture
def fake_redactor(monkeypatch):
    monkeypatch.setattr(redact, "load_redactor", FakeRedactor)


@pytest.fixture
def evaluators(db):
    return evaluator(email=EVALUATOR_EMAIL, full_name=EVALUATOR_NAME), evaluator(
        email=OTHER_EVALUATOR_EMAIL, full_name="Olaf Onderzoeksen"
    )


@pytest.fixture
def world(db, evaluators):
    utrecht = HubFactory(
        slug="utrecht",
        name="Participatiehub Utrecht",
        contact_name=HUB_CONTACT,
        contact_email=HUB_EMAIL,
        contact_phone=HUB_PHONE,
    )
    twente = HubFactory(slug="twente", name="Participatiehub Twente")
    coordinator(utrecht, full_name="Corrie Coördinaat")
    organisation = OrganisationFactory(
        hub=utrecht, name="Gemeente Utrecht", email="info@utrecht.example", phone="14 030"
    )
    dm = decision_maker(organisation, email=DM_EMAIL, full_name=DM_NAME)
    ContactPersonFactory(
        hub=utrecht, organisation=organisation, name=CONTACT_NAME, email=CONTACT_EMAIL, phone=CONTACT_PHONE
    )

    question = QuestionFactory(
        hub=utrecht,
        asking_organisation=organisation,
        submitted_by=dm,
        contact_name=ASKER_NAME,
        contact_email=ASKER_EMAIL,
        title=f"Vraag van {DM_NAME} over de wijkzorg",
        summary=f"Mail {CONTACT_EMAIL} of bel {CONTACT_PHONE}; {HUB_CONTACT} ({HUB_PHONE}) weet ervan.",
        themes=["wijkzorg", f"overleg met {ASKER_NAME}"],
    )
    trajectory = TrajectoryFactory(
        question=question, hub=utrecht, description=f"{LISTED_NAME} en {RESIDENT_NAME} praten mee; {ASKER_EMAIL}."
    )
    small = TrajectoryFactory(hub=twente, question=QuestionFactory(hub=twente), description="Klein traject.")
    for i in range(7):
        TrajectoryParticipant.objects.create(
            trajectory=trajectory, name=f"Deelnemer Nummer{i}", email=f"nummer{i}@mail.example", wants_feedback=i < 3
        )
    TrajectoryParticipant.objects.create(trajectory=small, name=LISTED_NAME, email=LISTED_EMAIL)
    ActivityFactory(trajectory=trajectory, participant_count=3, title=f"Gesprek bij {CONTACT_NAME}")
    ActivityFactory(trajectory=trajectory, participant_count=12, title="Grote bijeenkomst")
    advice = AdviceFactory(
        trajectory=trajectory,
        delivered_at=timezone.now(),
        summary=f"Advies na gesprekken met {LISTED_NAME}.",
        what_participants_said=f"{RESIDENT_NAME}: 'bel me op {HUB_PHONE}'.",
    )
    recommendation = RecommendationFactory(advice=advice, number=1, text=f"Vraag {EVALUATOR_NAME} om mee te kijken.")
    ResponseFactory(recommendation=recommendation, responded_by=dm, reason=f"Besproken met {DM_NAME} ({DM_EMAIL}).")
    FeedbackFactory(
        trajectory=trajectory, published_at=timezone.now(), closing_words=f"Dank aan {LISTED_NAME} en {RESIDENT_NAME}!"
    )

    # Residents and a pool of 7: six women and one man (a small cell in the quota table).
    resident = Participant.objects.create(hub=utrecht, display_name=RESIDENT_NAME, attributes={"gender": "v"})
    others = [
        Participant.objects.create(
            hub=utrecht, display_name=f"Inwoner Nummer{i}", attributes={"gender": "v" if i < 5 else "m"}
        )
        for i in range(6)
    ]
    erased = Participant.objects.create(hub=utrecht, display_name="", attributes={}, erased_at=timezone.now())
    pool = Pool.objects.create(
        hub=utrecht, trajectory=trajectory, name="Panel wijkzorg", panel_size=5, categories=["gender"]
    )
    for person in [resident, *others]:
        PoolMember.objects.create(pool=pool, participant=person)
    Quota.objects.create(pool=pool, category="gender", value="v", minimum=2, maximum=4)
    Quota.objects.create(pool=pool, category="gender", value="m", minimum=1, maximum=3)
    PopulationShare.objects.create(pool=pool, category="gender", value="v", share=Decimal("0.51"))
    selection = Selection.objects.create(pool=pool, seed="1", status="done", finished_at=timezone.now(), result={})
    for i, person in enumerate([resident, *others][:5]):
        SelectedMember.objects.create(
            selection=selection, participant=person, probability=0.7, seated=True, pseudonym=f"P-{i}"
        )
    for person in (resident, erased):
        Engagement.objects.create(
            participant=person, hub=utrecht, trajectory=trajectory, invited_on=dt.date(2025, 3, 1), took_part=True
        )

    made = grant(utrecht, "50000.00", timezone.now())
    payment(made, "20000.00", timezone.now())
    responses(trajectory, 6)
    Lesson.objects.create(
        hub=utrecht,
        title="Wat we leerden",
        context=f"Samen met {DM_NAME} en {CONTACT_NAME}.",
        tried="Een panel.",
        advice=f"Bel {CONTACT_PHONE} voor meer.",
        status="published",
        published_at=timezone.now(),
    )
    referee = UserFactory(full_name="Rob Referentsma")
    RoleAssignmentFactory(user=referee, role=Role.REFEREE)
    return {"hubs": (utrecht, twente), "resident": resident, "dm": dm, "evaluators": evaluators}


@pytest.fixture
def export_for(run_tasks, django_capture_on_commit_callbacks):
    """``export_for(user)``: ask for an export as ``user``, let the worker make it; returns (export, files)
    with files = {name: text} (the CSVs and README as text, without the byte-order mark)."""

    def make(user, purpose: str = "Evaluatie programmalijn 2: terugkoppeling") -> tuple[Export, dict[str, str]]:
        with django_capture_on_commit_callbacks(execute=True):
            export = services.export_request(actor=user, purpose=purpose)
        run_tasks()
        export.refresh_from_db()
        return export, (read_zip(export) if export.status == "ready" else {})

    return make


def read_zip(export: Export) -> dict[str, str]:
    with export.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}


def rows(files: dict[str, str], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[f"{name}.csv"]), delimiter=";"))
