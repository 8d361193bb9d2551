"""A small national picture for the API tests: ``world(n)`` makes ``n`` rows of every resource, with
personal data planted everywhere it could leak from (question askers, participants, users, contact
persons, volunteers' names), so a test can check that none of it comes out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone

from participatiehub.geo.constants import Layer
from participatiehub.hubs.constants import HubStatus
from participatiehub.hubs.models import CoalitionMember, DesignChoices, HubStatusChange
from participatiehub.learning.constants import LessonStatus
from participatiehub.learning.models import Lesson
from participatiehub.monitoring.models import Source, Unit
from participatiehub.panels.models import Selection
from participatiehub.questions.constants import QuestionStatus
from participatiehub.trajectories.constants import Decision
from participatiehub.trajectories.models import Document, TrajectoryParticipant
from tests.factories import (
    ContactPersonFactory,
    HubFactory,
    HubMunicipalityFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    RegionMembershipFactory,
    UserFactory,
)
from tests.monitoring import dash_factories as dash
from tests.monitoring import factories as mf

#: Personal data that must never appear in any answer of the API.
SECRET_NAME = "Geheime Pietersen"
SECRET_EMAIL_DOMAIN = "prive.example.org"


def secret_email(n: int, kind: str) -> str:
    return f"{kind}{n}@{SECRET_EMAIL_DOMAIN}"


@dataclass
class World:
    hubs: list = field(default_factory=list)
    questions: list = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)


def world(n: int, *, start: int = 0) -> World:
    """``n`` hubs, each with a municipality, a region, a public question with its whole chain (and a
    private one), a snapshot, a grant, a published selection report and a published lesson (and a draft)."""
    made = World()
    if not dash.Indicator.objects.filter(code="api_questions").exists():
        dash.indicator("api_questions", unit=Unit.COUNT, order=1)
        dash.indicator("api_experience", unit=Unit.PERCENT, order=2, source=Source.QUESTIONNAIRE, source_key="x")
        dash.indicator("api_hidden", order=3, is_public=False)
    questions_ind = dash.Indicator.objects.get(code="api_questions")
    experience_ind = dash.Indicator.objects.get(code="api_experience")
    hidden_ind = dash.Indicator.objects.get(code="api_hidden")
    for i in range(start, start + n):
        region = RegionFactory(layer=Layer.ZORGKANTOORREGIO, code=f"ZK{i:02d}", name=f"Zorgkantoorregio {i}")
        hub = HubFactory(
            slug=f"api-hub-{i}",
            name=f"API Hub {i}",
            status=HubStatus.OPERATIONAL,
            follows_region=region,
            contact_name="Servicepunt",
            contact_email=f"servicepunt{i}@hub.example.nl",
        )
        municipality = MunicipalityFactory(code=f"GM9{i:03d}", name=f"Gemeente {i}")
        RegionMembershipFactory(region=region, municipality=municipality, year=timezone.localdate().year)
        HubMunicipalityFactory(hub=hub, municipality=municipality, valid_from=dt.date(2024, 1, 1))
        lead = OrganisationFactory(hub=hub, name=f"Welzijn {i}")
        CoalitionMember.objects.create(hub=hub, organisation=lead, is_lead=True)
        DesignChoices.objects.create(
            hub=hub, valid_from=dt.date(2024, 1, 1), legal_form="foundation", domains=["care"], themes=["wonen"]
        )
        admin = UserFactory(email=secret_email(i, "gebruiker"))
        HubStatusChange.objects.create(
            hub=hub, to_status=HubStatus.OPERATIONAL, changed_at=mf.at(2024, 6, 1), changed_by=admin, note=SECRET_NAME
        )
        ContactPersonFactory(hub=hub, name=SECRET_NAME, email=secret_email(i, "contact"))

        public = mf.question(hub, mf.at(2025, 1, 6), asker=lead)
        type(public).objects.filter(pk=public.pk).update(
            contact_name=SECRET_NAME, contact_email=secret_email(i, "vrager"), status=QuestionStatus.ACCEPTED
        )
        trajectory = mf.chain(
            public,
            delivered=mf.at(2025, 3, 1),
            answers=[
                (Decision.ADOPTED, "Goed idee", mf.at(2025, 4, 1)),
                (Decision.NOT_ADOPTED, "Te duur", mf.at(2025, 4, 2)),
            ],
            answered=mf.at(2025, 4, 3),
            feedback=mf.at(2025, 5, 1),
        )
        secret_document = Document.objects.create(
            trajectory=trajectory, title=f"Notulen {SECRET_NAME}", file="x.pdf", content_type="application/pdf", size=3
        )
        type(trajectory.advice).objects.filter(pk=trajectory.advice.pk).update(
            document=secret_document, what_participants_said="Meer bankjes in het park."
        )
        TrajectoryParticipant.objects.create(
            trajectory=trajectory, name=SECRET_NAME, email=secret_email(i, "deelnemer")
        )
        private = mf.question(hub, mf.at(2025, 2, 6), asker=lead)
        type(private).objects.filter(pk=private.pk).update(
            title=f"Afgewezen {SECRET_NAME}", status=QuestionStatus.DECLINED
        )
        made.questions.append(public)

        dash.snapshot(hub, "2025-Q1", {questions_ind: (3, 3), experience_ind: (80, 4), hidden_ind: 7})
        mf.grant(hub, "25000.00", mf.at(2025, 2, 1))
        chosen = mf.selection(
            hub, mf.at(2025, 3, 1), seated=[{"gender": "v"}, {"gender": "m"}], shares={("gender", "v"): 0.5}
        )
        Selection.objects.filter(pk=chosen.pk).update(public_id=f"code{i:04d}", published_at=mf.at(2025, 3, 2))
        Lesson.objects.create(
            hub=hub,
            title=f"Les {i}",
            context="Een wijk met veel ouderen.",
            tried="Koffieochtenden.",
            worked="Mensen kwamen terug.",
            status=LessonStatus.PUBLISHED,
            published_at=mf.at(2025, 6, 1 + i % 20),
            author=admin,
        )
        Lesson.objects.create(hub=hub, title=f"Concept {SECRET_NAME}", status=LessonStatus.DRAFT, author=admin)
        made.hubs.append(hub)
    made.secrets = [SECRET_NAME, SECRET_EMAIL_DOMAIN, "Inwoner 0", "Inwoner 1", "Notulen"]
    cache.clear()  # rows written past the services: no cached answer may survive them
    return made
