"""Sections that higher apps add to the hub pages (hubs/sections.py): registration, order and the cache key."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

import pytest

from participatiehub.hubs import sections
from participatiehub.questions.constants import QuestionStatus
from participatiehub.trajectories import services as trajectory_services
from participatiehub.trajectories.constants import Decision
from participatiehub.trajectories.models import Advice, Recommendation, Trajectory
from tests.factories import HubFactory, OrganisationFactory, decision_maker
from tests.questions.factories import PolicyQuestionFactory


def test_the_installed_apps_register_their_sections_in_app_order():
    templates = {
        page: [s.template for s in sections._sections if s.page == page] for page in (sections.PUBLIC, sections.MANAGE)
    }
    assert templates[sections.PUBLIC] == [
        "trajectories/_hub_overdue_public.html",
        "panels/_hub_public_reports.html",
        "funding/grants/_hub_public.html",
        "learning/_hub_public.html",
        "monitoring/_hub_public.html",
    ]
    assert templates[sections.MANAGE][:2] == ["trajectories/_hub_overdue_manage.html", "trajectories/_influence.html"]
    assert "panels/_representativeness.html" in templates[sections.MANAGE]
    # In the order of INSTALLED_APPS: funding, then experience, learning, then monitoring.
    assert templates[sections.MANAGE][-4:] == [
        "funding/grants/_hub_dashboard.html",
        "experience/_hub_dashboard.html",
        "learning/_hub_manage.html",
        "monitoring/_hub_manage.html",
    ]
    assert [block.template for block in sections._overview_blocks] == ["learning/_overview.html"]


def test_registering_twice_adds_nothing_and_unknown_places_are_refused():
    before = list(sections._sections)
    sections.register(before[0])
    assert sections._sections == before
    with pytest.raises(ValueError):
        sections.register(sections.Section(sections.PUBLIC, "side", "x.html", lambda hub, user: {}))
    with pytest.raises(ValueError):
        sections.register(sections.Section(sections.MANAGE, sections.MAIN, "x.html", lambda hub, user: {}, ("v",)))


@pytest.mark.django_db
def test_public_sections_get_no_user_and_skip_when_they_have_nothing():
    hub = HubFactory()
    drawn = sections.parts(sections.PUBLIC, hub, user="someone")
    assert drawn == {sections.TOP: [], sections.MAIN: []}  # no overdue answers, no published reports


@pytest.mark.django_db
def test_the_cached_public_page_follows_an_answer_to_overdue_advice(client):
    hub = HubFactory(slug="hub-zuid")
    organisation = OrganisationFactory(hub=hub)
    question = PolicyQuestionFactory(
        hub=hub,
        asking_organisation=organisation,
        title="Eenzaamheid onder jongeren",
        status=QuestionStatus.ADVICE_DELIVERED,
        answer_due_date=timezone.localdate() - dt.timedelta(days=2),
    )
    trajectory = Trajectory.objects.create(question=question, hub=hub)
    advice = Advice.objects.create(trajectory=trajectory, summary="Advies", delivered_at=timezone.now())
    recommendation = Recommendation.objects.create(advice=advice, number=1, text="Een plek om elkaar te zien")
    url = reverse("hubs:public", args=[hub.slug])
    assert "Eenzaamheid onder jongeren" in client.get(url).content.decode()
    trajectory_services.response_record(
        user=decision_maker(organisation),
        recommendation=recommendation,
        decision=Decision.ADOPTED,
        decided_on=timezone.localdate(),
    )
    assert "Eenzaamheid onder jongeren" not in client.get(url).content.decode()
