"""Factories for the trajectory tests (and a PolicyQuestion factory of our own)."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from participatiehub.questions.constants import LadderRung, QuestionStatus
from participatiehub.questions.models import PolicyQuestion, QuestionStatusChange
from participatiehub.trajectories.constants import ActivityKind, Decision
from participatiehub.trajectories.models import (
    Activity,
    Advice,
    Feedback,
    Recommendation,
    Response,
    Trajectory,
    TrajectoryParticipant,
)
from tests.factories import HubFactory, OrganisationFactory


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = PolicyQuestion
        skip_postgeneration_save = True

    hub = factory.SubFactory(HubFactory)
    title = factory.Sequence(lambda n: f"Vraagstuk {n}")
    summary = "Hoe maken we de wijkzorg beter bereikbaar?"
    asking_organisation = factory.SubFactory(OrganisationFactory, hub=factory.SelfAttribute("..hub"))
    contact_email = factory.Sequence(lambda n: f"asker{n}@gemeente.example.nl")
    promised_rung = LadderRung.ADVISE
    decision_body = "De gemeenteraad"
    answer_due_date = None
    status = QuestionStatus.ACCEPTED
    # Before the trajectories the tests start (10 January 2025): a trajectory cannot start before its question.
    submitted_at = dt.datetime(2025, 1, 6, 9, 30, tzinfo=dt.UTC)

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        """An "accepted" row in the history when the question starts accepted or later."""
        if create and obj.status not in (
            QuestionStatus.SUBMITTED,
            QuestionStatus.CLARIFICATION_ASKED,
            QuestionStatus.DECLINED,
        ):
            QuestionStatusChange.objects.create(
                question=obj,
                from_status=QuestionStatus.SUBMITTED,
                to_status=QuestionStatus.ACCEPTED,
                changed_at=obj.submitted_at,
                actor="coordinator",
            )


class TrajectoryFactory(DjangoModelFactory):
    class Meta:
        model = Trajectory

    question = factory.SubFactory(QuestionFactory, status=QuestionStatus.IN_PROGRESS)
    hub = factory.SelfAttribute("question.hub")
    forms = ["citizens_panel"]
    started_on = dt.date(2025, 1, 10)


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    trajectory = factory.SubFactory(TrajectoryFactory)
    kind = ActivityKind.MEETING
    title = factory.Sequence(lambda n: f"Bijeenkomst {n}")
    held_on = dt.date(2025, 2, 1)
    place = "Wijkcentrum De Bron"
    participant_count = 12


class AdviceFactory(DjangoModelFactory):
    class Meta:
        model = Advice

    trajectory = factory.SubFactory(TrajectoryFactory)
    summary = "Maak de wijkzorg dichtbij en bereikbaar."
    what_participants_said = "Mensen willen minder loketten."


class RecommendationFactory(DjangoModelFactory):
    class Meta:
        model = Recommendation

    advice = factory.SubFactory(AdviceFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Aanbeveling {n}")


class ResponseFactory(DjangoModelFactory):
    class Meta:
        model = Response

    recommendation = factory.SubFactory(RecommendationFactory)
    decision = Decision.ADOPTED
    decided_on = dt.date(2025, 4, 1)


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = TrajectoryParticipant

    trajectory = factory.SubFactory(TrajectoryFactory)
    name = factory.Sequence(lambda n: f"Deelnemer {n}")
    email = factory.Sequence(lambda n: f"deelnemer{n}@example.nl")


class FeedbackFactory(DjangoModelFactory):
    class Meta:
        model = Feedback

    trajectory = factory.SubFactory(TrajectoryFactory)
    what_was_asked = "Hoe maken we de wijkzorg beter bereikbaar?"
    what_participants_said = "Minder loketten, meer hulp dichtbij."
