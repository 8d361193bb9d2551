"""Pages: who may open what, and the coordinator's and decision-maker's forms end to end."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.urls import reverse

import pytest

from participatiehub.audit.models import ProcessingLogEntry
from participatiehub.questions.constants import QuestionStatus
from participatiehub.trajectories import urls
from participatiehub.trajectories.models import Activity, Advice, Response, TrajectoryParticipant
from tests.factories import HubFactory, OrganisationFactory, coordinator, decision_maker, evaluator, programme_officer

from .factories import ParticipantFactory
from .helpers import delivered, full_chain, started, with_activity

pytestmark = pytest.mark.django_db

LOGIN_NAMES = ["workspace", "activity_edit", "answer"]


def test_every_url_is_covered():
    assert sorted(p.name for p in urls.urlpatterns) == sorted([*LOGIN_NAMES, "unsubscribe", "document"])


@pytest.fixture
def world(question, coordinator_user, dm_user):
    trajectory = started(question, coordinator_user)
    activity = with_activity(trajectory, coordinator_user)
    delivered(trajectory, coordinator_user, n=2)
    participant = ParticipantFactory(trajectory=trajectory)
    return {
        "workspace": reverse("trajectories:workspace", args=[question.pk]),
        "activity_edit": reverse("trajectories:activity_edit", args=[question.pk, activity.pk]),
        "answer": reverse("trajectories:answer", args=[question.pk]),
        "unsubscribe": reverse("trajectories:unsubscribe", args=[participant.unsubscribe_token]),
        "participant": participant,
    }


@pytest.mark.parametrize("name", LOGIN_NAMES)
def test_anonymous_goes_to_login(client, world, name):
    for method in (client.get, client.post):
        response = method(world[name])
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coordinator", {"workspace": 200, "activity_edit": 200, "answer": 403}),
        ("decision_maker", {"workspace": 403, "activity_edit": 403, "answer": 200}),
        ("other_coordinator", {"workspace": 403, "activity_edit": 403, "answer": 403}),
        ("other_decision_maker", {"workspace": 403, "activity_edit": 403, "answer": 403}),
        ("programme_office", {"workspace": 403, "activity_edit": 403, "answer": 403}),
        ("evaluator", {"workspace": 403, "activity_edit": 403, "answer": 403}),
    ],
)
def test_who_may_open_what(client, world, question, coordinator_user, dm_user, who, expected):
    user = {
        "coordinator": lambda: coordinator_user,
        "decision_maker": lambda: dm_user,
        "other_coordinator": lambda: coordinator(HubFactory()),
        "other_decision_maker": lambda: decision_maker(OrganisationFactory(hub=question.hub)),
        "programme_office": programme_officer,
        "evaluator": evaluator,
    }[who]()
    client.force_login(user)
    for name, status in expected.items():
        assert client.get(world[name]).status_code == status, name
        if status == 403:  # writes are refused too, and change nothing
            assert client.post(world[name], {"action": "activity_remove", "activity": "1"}).status_code == 403
    assert Activity.objects.count() == 1
    assert not Response.objects.exists()


def test_coordinator_cannot_post_answers(client, world, coordinator_user):
    client.force_login(coordinator_user)
    advice = Advice.objects.get()
    data = {f"rec-{r.pk}-decision": "adopted" for r in advice.recommendations.all()}
    assert client.post(world["answer"], data).status_code == 403
    assert not Response.objects.exists()


def test_missing_question_is_404(client, coordinator_user):
    client.force_login(coordinator_user)
    assert client.get(reverse("trajectories:workspace", args=[999999])).status_code == 404


# --- unsubscribe -------------------------------------------------------------------------------


def test_unsubscribe_confirm_then_post(client, world):
    participant = world["participant"]
    response = client.get(world["unsubscribe"])
    assert response.status_code == 200
    assert "Yes, stop these e-mails" in response.content.decode()
    participant.refresh_from_db()
    assert participant.wants_feedback is True  # a GET (e.g. a mail scanner) changes nothing
    response = client.post(world["unsubscribe"])
    assert response.status_code == 200
    assert "You will no longer get e-mails" in response.content.decode()
    participant.refresh_from_db()
    assert participant.wants_feedback is False
    assert participant.email not in response.content.decode()


def test_unknown_token_is_404(client, db):
    assert client.get(reverse("trajectories:unsubscribe", args=["nope"])).status_code == 404


# --- the workspace end to end ------------------------------------------------------------------


def test_workspace_walks_the_chain(
    client, question, coordinator_user, dm_user, body, django_capture_on_commit_callbacks, run_tasks
):
    client.force_login(coordinator_user)
    url = reverse("trajectories:workspace", args=[question.pk])
    page = client.get(url).content.decode()
    assert "Start the trajectory" in page

    response = client.post(
        url,
        {
            "action": "start",
            "trajectory-participation_forms": ["citizens_panel", "client_council"],
            "trajectory-bodies": [body.pk],
            "trajectory-started_on": "2025-01-10",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.IN_PROGRESS

    response = client.post(
        url,
        {
            "action": "activity_add",
            "activity-kind": "focus_group",
            "activity-title": "Focusgroep jongeren",
            "activity-held_on": "2025-02-03",
            "activity-participant_count": "9",
            "activity-bodies": [body.pk],
        },
    )
    assert response.status_code == 302
    assert Activity.objects.get().title == "Focusgroep jongeren"

    response = client.post(url, {"action": "participants_bulk", "bulk-lines": "Anna, anna@example.nl\nbert@example.nl"})
    assert response.status_code == 302
    assert TrajectoryParticipant.objects.count() == 2
    page = client.get(url).content.decode()
    assert "anna@example.nl" in page
    assert ProcessingLogEntry.objects.filter(activity="participants.view", operation="read").count() == 2

    # Delivering without recommendations is not offered; the error for an empty summary is shown.
    response = client.post(url, {"action": "advice_save", "advice-summary": "", "advice-recommendations": ""})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    response = client.post(
        url,
        {"action": "advice_save", "advice-summary": "Dichtbij", "advice-recommendations": "Eén\n\nTwee\nDrie\n"},
    )
    assert response.status_code == 302
    assert list(Advice.objects.get().recommendations.values_list("text", flat=True)) == ["Eén", "Twee", "Drie"]
    assert "Deliver the advice" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "advice_deliver"})
    run_tasks()
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ADVICE_DELIVERED
    assert {m.to[0] for m in mail.outbox} == {dm_user.email, question.contact_email}
    assert "http://testserver/trajecten/" in mail.outbox[0].body

    # The decision-maker answers on the answer page.
    advice = Advice.objects.get()
    recs = list(advice.recommendations.all())
    client.force_login(dm_user)
    answer_url = reverse("trajectories:answer", args=[question.pk])
    page = client.get(answer_url).content.decode()
    assert "Recommendation 3" in page
    bad = {
        f"rec-{recs[0].pk}-decision": "adopted",
        f"rec-{recs[0].pk}-decided_on": "2025-05-01",
        f"rec-{recs[1].pk}-decision": "partly_adopted",
        f"rec-{recs[1].pk}-decided_on": "2025-05-01",
        f"rec-{recs[1].pk}-reason": "",
    }
    response = client.post(answer_url, bad)
    assert response.status_code == 200
    assert "Give a reason. The participants will read it." in response.content.decode()
    assert "Recommendation 2 is not filled in correctly." in response.content.decode()
    assert not Response.objects.exists()
    good = {
        **bad,
        f"rec-{recs[1].pk}-reason": "Deels: te duur",
        f"rec-{recs[2].pk}-decision": "not_adopted",
        f"rec-{recs[2].pk}-decided_on": "2025-05-02",
        f"rec-{recs[2].pk}-reason": "Past niet in het beleid",
        f"rec-{recs[2].pk}-decision_document_url": "https://gemeente.example.nl/besluit",
    }
    assert client.post(answer_url, good).status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert Response.objects.get(recommendation=recs[2]).decision_document_url == "https://gemeente.example.nl/besluit"

    # The coordinator writes the feedback, sees the preview and publishes.
    client.force_login(coordinator_user)
    mail.outbox.clear()
    feedback = {
        "feedback-what_was_asked": "Hoe maken we zorg dichtbij?",
        "feedback-what_participants_said": "Minder loketten",
        "feedback-closing_words": "In juni besluit de raad.",
    }
    response = client.post(url, {"action": "feedback_save", **feedback})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Preview of the e-mail" in page and "Besluit: deels overgenomen" in page
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "feedback_publish", **feedback})
    run_tasks()
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.FEEDBACK_GIVEN
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.nl", "bert@example.nl"]
    assert "Published on" in client.get(url).content.decode()

    # After feedback the answers are locked.
    client.force_login(dm_user)
    page = client.get(answer_url).content.decode()
    assert "can no longer be changed" in page
    client.post(answer_url, {**good, f"rec-{recs[0].pk}-decision": "not_adopted", f"rec-{recs[0].pk}-reason": "x"})
    assert Response.objects.get(recommendation=recs[0]).decision == "adopted"


def test_stale_trajectory_form_shows_a_conflict(client, question, coordinator_user):
    trajectory = started(question, coordinator_user)
    client.force_login(coordinator_user)
    url = reverse("trajectories:workspace", args=[question.pk])
    data = {"action": "update", "trajectory-version": "1", "trajectory-delivered_rung": "consult"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "trajectory-delivered_rung": "advise"})
    assert response.status_code == 200
    assert "Someone else changed this trajectory" in response.content.decode()
    trajectory.refresh_from_db()
    assert trajectory.delivered_rung == "consult"


def test_unknown_action_is_a_bad_request(client, question, coordinator_user):
    started(question, coordinator_user)
    client.force_login(coordinator_user)
    assert client.post(reverse("trajectories:workspace", args=[question.pk]), {"action": "hack"}).status_code == 400


def test_activity_edit_page(client, question, coordinator_user):
    trajectory = started(question, coordinator_user)
    activity = with_activity(trajectory, coordinator_user)
    client.force_login(coordinator_user)
    url = reverse("trajectories:activity_edit", args=[question.pk, activity.pk])
    assert "Bijeenkomst in de wijk" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "activity-kind": "survey",
            "activity-title": "Enquête",
            "activity-held_on": "2025-03-01",
            "activity-participant_count": "150",
            "activity-online": "on",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.online, activity.held_on) == ("Enquête", True, dt.date(2025, 3, 1))


def test_answer_page_before_delivery(client, question, coordinator_user, dm_user):
    started(question, coordinator_user)
    client.force_login(dm_user)
    page = client.get(reverse("trajectories:answer", args=[question.pk])).content.decode()
    assert "has not delivered the advice yet" in page


def test_full_chain_workspace_renders(client, question, coordinator_user, dm_user):
    full_chain(question, coordinator_user, dm_user)
    client.force_login(coordinator_user)
    page = client.get(reverse("trajectories:workspace", args=[question.pk])).content.decode()
    assert page.count("<h1") == 1
    assert "Publish and send" in page
    assert 'style="' not in page
