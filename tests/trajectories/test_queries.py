"""The workspace and public_chain cost the same number of queries for 10 or 100 activities/recommendations."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from participatiehub.questions.constants import QuestionStatus
from participatiehub.trajectories import selectors
from participatiehub.trajectories.models import Activity, Recommendation, Response, TrajectoryParticipant
from tests.factories import ParticipationBodyFactory

from .factories import AdviceFactory, QuestionFactory, TrajectoryFactory

pytestmark = pytest.mark.django_db


def grow(trajectory, advice, n: int) -> None:
    start = Activity.objects.filter(trajectory=trajectory).count()
    bodies = [ParticipationBodyFactory(hub=trajectory.hub) for _ in range(2)]
    activities = Activity.objects.bulk_create(
        [
            Activity(trajectory=trajectory, kind="meeting", title=f"A{i}", held_on=dt.date(2025, 2, 1))
            for i in range(start, n)
        ]
    )
    through = Activity.bodies.through
    through.objects.bulk_create(
        [through(activity_id=a.pk, participationbody_id=b.pk) for a in activities for b in bodies]
    )
    recs = Recommendation.objects.bulk_create(
        [Recommendation(advice=advice, number=i + 1, text=f"R{i}") for i in range(start, n)]
    )
    Response.objects.bulk_create(
        [Response(recommendation=r, decision="adopted", decided_on=dt.date(2025, 5, 1)) for r in recs[::2]]
    )
    TrajectoryParticipant.objects.bulk_create(
        [
            TrajectoryParticipant(trajectory=trajectory, email=f"p{i}@example.nl", unsubscribe_token=f"t{i}")
            for i in range(start, n)
        ]
    )


@pytest.fixture
def chain(hub, asker):
    question = QuestionFactory(hub=hub, asking_organisation=asker, status=QuestionStatus.ADVICE_DELIVERED)
    trajectory = TrajectoryFactory(question=question, hub=hub)
    from django.utils import timezone

    advice = AdviceFactory(trajectory=trajectory, delivered_at=timezone.now())
    return question, trajectory, advice


def _count(func) -> int:
    """Queries run by ``func``, without the processing-log inserts: one log row per participant shown
    is the point of the log, and the database batches them (on SQLite ~90 rows per INSERT)."""
    with CaptureQueriesContext(connection) as ctx:
        func()
    return sum(1 for q in ctx.captured_queries if 'INSERT INTO "audit_processinglogentry"' not in q["sql"])


def test_public_chain_is_flat(chain):
    question, trajectory, advice = chain
    grow(trajectory, advice, 10)
    small = _count(lambda: selectors.public_chain(question))
    grow(trajectory, advice, 100)
    large = _count(lambda: selectors.public_chain(question))
    assert small == large <= 8
    assert len(selectors.public_chain(question)["activities"]) == 100


@pytest.mark.parametrize("page", ["workspace", "answer"])
def test_pages_are_flat(client, chain, coordinator_user, dm_user, page):
    question, trajectory, advice = chain
    client.force_login(coordinator_user if page == "workspace" else dm_user)
    url = reverse(f"trajectories:{page}", args=[question.pk])
    grow(trajectory, advice, 10)
    client.get(url)
    small = _count(lambda: client.get(url))
    grow(trajectory, advice, 100)
    large_response = None

    def get():
        nonlocal large_response
        large_response = client.get(url)

    large = _count(get)
    assert large_response.status_code == 200
    assert small == large, (small, large)
