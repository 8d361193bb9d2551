"""The hub dashboard shows the influence figures and flags overdue answers, here and on the public page."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

import pytest

from participatiehub.questions.constants import QuestionStatus
from participatiehub.trajectories.models import Advice, Recommendation, Trajectory
from tests.factories import HubFactory, OrganisationFactory, coordinator, decision_maker
from tests.questions.factories import PolicyQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue_question():
    hub = HubFactory(name="Hub Oost", slug="hub-oost")
    organisation = OrganisationFactory(hub=hub, name="Gemeente Oost")
    question = PolicyQuestionFactory(
        hub=hub,
        asking_organisation=organisation,
        title="Wonen en zorg voor ouderen",
        status=QuestionStatus.ADVICE_DELIVERED,
        answer_due_date=timezone.localdate() - dt.timedelta(days=3),
    )
    trajectory = Trajectory.objects.create(question=question, hub=hub)
    advice = Advice.objects.create(trajectory=trajectory, summary="Advies", delivered_at=timezone.now())
    Recommendation.objects.create(advice=advice, number=1, text="Meer ontmoetingsplekken")
    return question


def test_dashboard_shows_influence_and_overdue_answers(client, overdue_question):
    hub = overdue_question.hub
    client.cookies["django_language"] = "en"
    client.force_login(coordinator(hub))
    html = client.get(reverse("hubs:manage", args=[hub.slug])).content.decode()
    assert "Answers overdue" in html and "Wonen en zorg voor ouderen" in html
    assert "0 of 1 recommendations answered" in html
    assert "What participation led to" in html


def test_public_hub_page_flags_overdue_answers(client, overdue_question):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("hubs:public", args=[overdue_question.hub.slug])).content.decode()
    assert "past the agreed date" in html and "Wonen en zorg voor ouderen" in html


def test_decision_maker_does_not_see_the_dashboard(client, overdue_question):
    client.force_login(decision_maker(overdue_question.asking_organisation))
    assert client.get(reverse("hubs:manage", args=[overdue_question.hub.slug])).status_code == 403
