"""The demo's questionnaire: the showcase hub's trajectories with published feedback, through the services."""

from __future__ import annotations

import re

from django.urls import reverse

import pytest

from participatiehub.core.models import OutgoingEmail
from participatiehub.demo.experience import wipe_experience
from participatiehub.experience import selectors
from participatiehub.experience.constants import EMAIL_PURPOSE, MIN_RESPONSES
from participatiehub.experience.models import Invitation, QuestionnaireResponse
from tests.core.conftest import regions  # noqa: F401
from tests.demo.test_demo import run_demo

pytestmark = pytest.mark.django_db


def test_demo_questionnaire(regions, client, mailoutbox):  # noqa: F811
    output = run_demo()
    line = next(line for line in output.splitlines() if line.startswith("Vragenlijst deelnemers"))
    link = re.search(r"voorbeeldlink: (\S+?)\.?$", line).group(1)
    assert "uitnodigingen" in line and "antwoorden" in line
    hub = Invitation.objects.select_related("trajectory__hub").first().trajectory.hub
    answers = QuestionnaireResponse.objects.all()
    assert answers.exists()
    # Never more answers than used links, per trajectory; all of one hub (the showcase).
    assert {a.hub_id for a in answers} == {hub.pk}
    for trajectory_id in set(answers.values_list("trajectory_id", flat=True)):
        used = Invitation.objects.filter(trajectory_id=trajectory_id, used=True).count()
        assert answers.filter(trajectory_id=trajectory_id).count() == used
    # Some trajectories reach the threshold, the hub's dashboard has figures.
    overview = selectors.hub_overview(hub)
    assert any(row.figures.responses >= MIN_RESPONSES for row in overview.rows)
    # Every invitation e-mail was sent and holds no working link any more.
    stored = OutgoingEmail.objects.filter(purpose=EMAIL_PURPOSE)
    assert stored.exists() and all(m.status == OutgoingEmail.Status.SENT for m in stored)
    assert not any("/ervaring/v/" in m.body for m in stored)
    # The printed sample link opens the questionnaire.
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200, path
    assert reverse("experience:thanks") not in response.content.decode()
    # Wiping removes it all.
    assert wipe_experience() > 0
    assert not Invitation.objects.exists() and not QuestionnaireResponse.objects.exists()
