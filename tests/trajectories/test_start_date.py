"""A trajectory cannot start before its question was submitted: refused in Dutch, nothing changes."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import translation

import pytest

from participatiehub.core.exceptions import ServiceError
from participatiehub.questions.constants import QuestionStatus
from participatiehub.trajectories import services
from participatiehub.trajectories.models import Trajectory

from .helpers import started

pytestmark = pytest.mark.django_db


def test_start_before_the_question_was_submitted_is_refused(question, coordinator_user):
    with pytest.raises(ServiceError, match="cannot start before the question was submitted"):
        services.trajectory_start(actor=coordinator_user, question=question, started_on=dt.date(2025, 1, 5))
    question.refresh_from_db()
    assert question.status == QuestionStatus.ACCEPTED
    assert not Trajectory.objects.exists()
    # The day of submission itself is fine.
    services.trajectory_start(actor=coordinator_user, question=question, started_on=dt.date(2025, 1, 6))


def test_moving_the_start_before_the_question_is_refused(question, coordinator_user):
    trajectory = started(question, coordinator_user)
    with pytest.raises(ServiceError):
        services.trajectory_update(
            actor=coordinator_user,
            trajectory=trajectory,
            expected_version=trajectory.version,
            started_on=dt.date(2024, 12, 31),
        )
    trajectory.refresh_from_db()
    assert trajectory.started_on == dt.date(2025, 1, 10)


def test_workspace_says_so_in_dutch(client, question, coordinator_user):
    client.cookies.pop("django_language", None)
    client.force_login(coordinator_user)
    url = reverse("trajectories:workspace", args=[question.pk])
    with translation.override("nl"):
        response = client.post(
            url,
            {
                "action": "start",
                "trajectory-participation_forms": ["citizens_panel"],
                "trajectory-started_on": "2024-12-01",
            },
        )
    assert response.status_code == 200
    assert (
        "Het traject kan niet beginnen vóór de datum waarop de vraag is ingediend (6 januari 2025)."
        in response.content.decode()
    )
    question.refresh_from_db()
    assert question.status == QuestionStatus.ACCEPTED and not Trajectory.objects.exists()
