"""Out-of-range and non-numeric input on the workspace: a Dutch form error or a 404, never a 500."""

from __future__ import annotations

from django.urls import reverse

import pytest

from participatiehub.trajectories.constants import MAX_PARTICIPANT_COUNT
from participatiehub.trajectories.models import Activity

from .helpers import started, with_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def workspace(client, question, coordinator_user, settings):
    started(question, coordinator_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    client.force_login(coordinator_user)
    return reverse("trajectories:workspace", args=[question.pk])


def _activity(count: str) -> dict:
    return {
        "action": "activity_add",
        "activity-kind": "focus_group",
        "activity-title": "Focusgroep",
        "activity-held_on": "2025-02-03",
        "activity-participant_count": count,
    }


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ("99999999999999999999999", f"Zorg ervoor dat deze waarde hoogstens {MAX_PARTICIPANT_COUNT} is."),
        (str(MAX_PARTICIPANT_COUNT + 1), f"Zorg ervoor dat deze waarde hoogstens {MAX_PARTICIPANT_COUNT} is."),
        ("-99999999999999999999999", "Zorg ervoor dat deze waarde minstens 0 is."),
        ("9" * 5000, "Voer een geheel getal in."),
    ],
)
def test_the_reported_participant_count_is_a_dutch_error(client, workspace, count, message):
    response = client.post(workspace, _activity(count))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Activity.objects.exists()


def test_the_largest_count_is_saved(client, workspace):
    assert client.post(workspace, _activity(str(MAX_PARTICIPANT_COUNT))).status_code == 302
    assert Activity.objects.get().participant_count == MAX_PARTICIPANT_COUNT


def test_an_edit_with_a_huge_count_changes_nothing(client, workspace, question, coordinator_user):
    activity = with_activity(question.trajectory, coordinator_user)
    url = reverse("trajectories:activity_edit", args=[question.pk, activity.pk])
    data = {key: value for key, value in _activity("99999999999999999999999").items() if key != "action"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Zorg ervoor dat deze waarde hoogstens" in response.content.decode()
    activity.refresh_from_db()
    assert activity.participant_count != 99999999999999999999999


@pytest.mark.parametrize("value", ["abc", "", "99999999999999999999999", "-1", "1.5"])
@pytest.mark.parametrize(
    ("action", "field"),
    [
        ("activity_remove", "activity"),
        ("document_public", "document"),
        ("document_remove", "document"),
        ("participant_remove", "participant"),
    ],
)
def test_a_wrong_id_is_404(client, workspace, action, field, value):
    assert client.post(workspace, {"action": action, field: value}).status_code == 404
