"""A small programme with personal details planted in every kind of free text the report prints."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from participatiehub.hubs.models import CoalitionMember, Hub
from participatiehub.learning.constants import LessonStatus
from participatiehub.learning.models import Lesson
from participatiehub.monitoring.periods import Quarter
from participatiehub.monitoring.services import snapshot_take
from participatiehub.trajectories.constants import Decision
from tests.factories import ContactPersonFactory, HubFactory, OrganisationFactory, programme_officer
from tests.funding.factories import ProgrammeLineFactory
from tests.trajectories.factories import (
    AdviceFactory,
    QuestionFactory,
    RecommendationFactory,
    ResponseFactory,
    TrajectoryFactory,
)

#: Names, e-mail addresses and phone numbers planted in the free texts; none may reach the public files.
PLANTED_NAMES = ("Jan Pietersen", "Marieke van Dalen", "Kees de Graaf", "Annelies Vermeulen", "Bert Hoogland")
PLANTED_EMAILS = ("jan.pietersen@example.nl", "k.degraaf@example.nl", "annelies@example.nl")
PLANTED_PHONES = ("06-12345678", "030-2345678", "0612 98 76 54")
#: Organisation names in the same texts; they must remain.
ORGANISATIONS = ("Stichting Welzijn Eemland", "GGD Eemland")
#: deduce takes "(in het) Huis van de Wijk" for a person's name: the false positive the office undoes.
FALSE_POSITIVE = "Huis van de Wijk"


@dataclass
class Programme:
    office: object
    hubs: list[Hub]


def build_programme() -> Programme:
    office = programme_officer(full_name="Olga Officemedewerker", email="olga@programmabureau.example")
    eemland = HubFactory(
        name="Participatiehub Eemland",
        slug="eemland",
        summary=(
            "Kwartiermaker Jan Pietersen (jan.pietersen@example.nl, 06-12345678) bouwt met Stichting Welzijn "
            "Eemland en GGD Eemland aan de hub. Wij komen samen in het Huis van de Wijk."
        ),
    )
    zuid = HubFactory(name="Participatiehub Zuid", slug="zuid", summary="Een hub in opbouw in het zuiden.")
    Hub.objects.update(created_at=dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    welzijn = OrganisationFactory(hub=eemland, name="Stichting Welzijn Eemland")
    ggd = OrganisationFactory(hub=eemland, name="GGD Eemland")
    CoalitionMember.objects.create(hub=eemland, organisation=welzijn, is_lead=True)
    CoalitionMember.objects.create(hub=eemland, organisation=ggd)
    ContactPersonFactory(hub=eemland, organisation=ggd, name="Bert Hoogland", phone="0612 98 76 54")
    question = QuestionFactory(
        hub=eemland,
        asking_organisation=ggd,
        title="Wijkzorg dichterbij",
        summary="Vraag van GGD Eemland. Contact: Marieke van Dalen, telefoon 030-2345678.",
        submitted_at=dt.datetime(2026, 2, 3, 9, 0, tzinfo=dt.UTC),
    )
    trajectory = TrajectoryFactory(question=question, hub=eemland, started_on=dt.date(2026, 2, 10))
    advice = AdviceFactory(
        trajectory=trajectory,
        summary="Advies opgesteld met Kees de Graaf (k.degraaf@example.nl) en het inwonerspanel.",
        delivered_at=dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC),
    )
    recommendation = RecommendationFactory(advice=advice, number=1, text="Open een spreekuur; Bert Hoogland helpt.")
    ResponseFactory(
        recommendation=recommendation,
        decision=Decision.PARTLY_ADOPTED,
        reason="GGD Eemland start in het najaar. Vragen? Mail annelies@example.nl (Annelies Vermeulen).",
        decided_on=dt.date(2026, 6, 15),
    )
    Lesson.objects.create(
        hub=eemland,
        title="Samen met de wijk",
        context="Met Stichting Welzijn Eemland. Annelies Vermeulen zocht deelnemers.",
        worked="Persoonlijk bellen werkte: Jan Pietersen belde iedereen.",
        status=LessonStatus.PUBLISHED,
        published_at=dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC),
    )
    ProgrammeLineFactory()
    for number in (1, 2, 3):
        snapshot_take(Quarter(2026, number))
    return Programme(office=office, hubs=[eemland, zuid])


@pytest.fixture
def programme(db, private_files):
    return build_programme()
