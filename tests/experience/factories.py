"""Factories for the questionnaire tests: sent invitations (with a known token) and anonymous answers."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from participatiehub.experience.constants import LINK_VALID_WEEKS, Answer
from participatiehub.experience.models import Invitation, QuestionnaireResponse
from participatiehub.experience.services import token_hash
from tests.trajectories.factories import ParticipantFactory, TrajectoryFactory


class InvitationFactory(DjangoModelFactory):
    """A sent invitation. Its link's token is ``invitation.token`` (the database keeps only the hash)."""

    class Meta:
        model = Invitation

    trajectory = factory.SubFactory(TrajectoryFactory)
    participant = factory.SubFactory(ParticipantFactory, trajectory=factory.SelfAttribute("..trajectory"))
    token = factory.Sequence(lambda n: f"test-token-{n:04d}-abcdefghijklmnopqrstuvwxyz")
    token_hash = factory.LazyAttribute(lambda o: token_hash(o.token))
    sent_at = factory.LazyFunction(timezone.now)
    send_after = factory.LazyAttribute(lambda o: o.sent_at or timezone.now())
    expires_at = factory.LazyAttribute(lambda o: o.sent_at + dt.timedelta(weeks=LINK_VALID_WEEKS))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token = kwargs.pop("token", None)
        obj = super()._create(model_class, *args, **kwargs)
        obj.token = token
        return obj


def _day():
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


class ResponseFactory(DjangoModelFactory):
    class Meta:
        model = QuestionnaireResponse

    trajectory = factory.SubFactory(TrajectoryFactory)
    hub = factory.SelfAttribute("trajectory.hub")
    submitted_at = factory.LazyFunction(_day)
    heard = Answer.AGREE
    clear = Answer.AGREE_STRONGLY
    diverse = Answer.NEUTRAL
    see_result = Answer.DISAGREE
    again = Answer.AGREE


def responses(trajectory, n: int, **kwargs) -> list[QuestionnaireResponse]:
    return [ResponseFactory(trajectory=trajectory, **kwargs) for _ in range(n)]
