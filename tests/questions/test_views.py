"""Pages: who may see and do what, the public pages never show what is not public."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

import pytest

from participatiehub.audit.models import ProcessingLogEntry
from participatiehub.questions.constants import PUBLIC_STATUSES, QuestionStatus
from participatiehub.questions.models import PolicyQuestion, QuestionStatusChange
from participatiehub.questions.services import question_decline

from .factories import PolicyQuestionFactory

pytestmark = pytest.mark.django_db
S = QuestionStatus
NOT_PUBLIC = [s for s in S.values if s not in PUBLIC_STATUSES]


def hub_urls(hub, question) -> list[str]:
    return [
        reverse("questions:inbox", args=[hub.slug]),
        reverse("questions:enter", args=[hub.slug]),
        reverse("questions:intake", args=[hub.slug, question.pk]),
        reverse("questions:edit", args=[hub.slug, question.pk]),
    ]


def asker_urls(question) -> list[str]:
    return [
        reverse("questions:mine_detail", args=[question.pk]),
        reverse("questions:mine_edit", args=[question.pk]),
    ]


def state(question) -> tuple:
    fresh = PolicyQuestion.objects.get(pk=question.pk)
    return fresh.status, fresh.version, fresh.title, QuestionStatusChange.objects.filter(question=question).count()


# --- refusals ---------------------------------------------------------------------------------


def test_anonymous_goes_to_login(client, hub, question):
    urls = [*hub_urls(hub, question), *asker_urls(question), reverse("questions:submit"), reverse("questions:mine")]
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("account_login")), url
    assert state(question)[0] == S.SUBMITTED


def test_coordinator_of_another_hub_is_refused_everywhere(client, hub, other_coord, question):
    client.force_login(other_coord)
    before = state(question)
    for url in hub_urls(hub, question):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"action": "accept", "accept-version": 1}).status_code == 403, url
    assert state(question) == before


@pytest.mark.parametrize("who", ["asker", "other_asker", "office"])
def test_non_coordinators_are_refused_on_the_inbox(client, hub, question, who, request):
    client.force_login(request.getfixturevalue(who))
    for url in hub_urls(hub, question):
        assert client.get(url).status_code == 403, url


def test_unknown_hub_or_question_is_404(client, coord, hub, other_hub, far_org):
    client.force_login(coord)
    assert client.get(reverse("questions:inbox", args=["bestaat-niet"])).status_code == 404
    assert client.get(reverse("questions:intake", args=[hub.slug, 999999])).status_code == 404
    # a question of another hub, under the coordinator's own hub, is not found either
    elsewhere = PolicyQuestionFactory(hub=other_hub, asking_organisation=far_org)
    assert client.get(reverse("questions:intake", args=[hub.slug, elsewhere.pk])).status_code == 404
    assert client.get(reverse("questions:intake", args=[other_hub.slug, elsewhere.pk])).status_code == 403


def test_decision_maker_cannot_see_or_act_on_another_organisations_question(client, hub, other_org, asker):
    theirs = PolicyQuestionFactory(hub=hub, asking_organisation=other_org, status=S.CLARIFICATION_ASKED)
    client.force_login(asker)
    before = state(theirs)
    for url in asker_urls(theirs):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("questions:mine_detail", args=[theirs.pk]), {"clarification": "Gekaapt", "version": theirs.version}
    )
    assert response.status_code == 403
    response = client.post(reverse("questions:mine_edit", args=[theirs.pk]), {"title": "Gekaapt", "version": 1})
    assert response.status_code == 403
    assert client.get(reverse("questions:public_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("questions:mine_detail", args=[999999])).status_code == 404
    assert theirs.title not in client.get(reverse("questions:mine")).content.decode()
    assert state(theirs) == before


def test_only_decision_makers_reach_submit_and_mine(client, coord):
    client.force_login(coord)
    assert client.get(reverse("questions:submit")).status_code == 403
    assert client.get(reverse("questions:mine")).status_code == 403


# --- public pages ------------------------------------------------------------------------------


def test_public_list_shows_only_public_questions_and_no_contact_details(client, hub, org):
    for status in S.values:
        PolicyQuestionFactory(hub=hub, asking_organisation=org, status=status, title=f"Vraag-{status}")
    for params in ({}, {"status": S.SUBMITTED}, {"status": S.DECLINED}, {"q": "Vraag"}, {"hub": hub.slug}):
        response = client.get(reverse("questions:public_list"), params)
        assert response.status_code == 200
        html = response.content.decode()
        for status in NOT_PUBLIC:
            assert f"Vraag-{status}" not in html
        assert "@gemeente.example.nl" not in html and "Jan de Vries" not in html
    html = client.get(reverse("questions:public_list")).content.decode()
    for status in PUBLIC_STATUSES:
        assert f"Vraag-{status}" in html


def test_public_detail(client, hub, org, coord, utrecht):
    question = PolicyQuestionFactory(hub=hub, asking_organisation=org, background="Achtergrond hier.")
    question.municipalities.add(utrecht)
    from participatiehub.questions import services

    services.question_ask_clarification(user=coord, question=question, reason="Geheime vraag aan de beslisser")
    services.question_resubmit(user=coord, question=question, clarification="Geheim antwoord")
    assert client.get(question.get_absolute_url()).status_code == 404
    services.question_accept(user=coord, question=question)
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert question.title in html and "Gemeente Utrecht" in html and "Utrecht" in html
    assert "Participants give advice." in html  # the promised rung, explained
    assert "The hub accepted the question" in html and "Question asked" in html
    assert "Not known yet: the participation is not finished." in html
    for secret in ("Geheime vraag", "Geheim antwoord", question.contact_email, question.contact_name, "Clarification"):
        assert secret not in html
    assert [e.kind for e in response.context["timeline"]] == ["submitted", S.ACCEPTED]


@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_public_detail_hides_non_public(client, hub, org, status):
    question = PolicyQuestionFactory(hub=hub, asking_organisation=org, status=status)
    assert client.get(question.get_absolute_url()).status_code == 404


def test_declined_reason_never_public(client, hub, org, coord):
    question = PolicyQuestionFactory(hub=hub, asking_organisation=org)
    question_decline(user=coord, question=question, reason="Reden die niet openbaar is")
    assert client.get(question.get_absolute_url()).status_code == 404
    assert "Reden die niet openbaar is" not in client.get(reverse("questions:public_list")).content.decode()


# --- submitting -------------------------------------------------------------------------------


def form_data(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "title": "Mantelzorg in de wijk",
        "summary": "Hoe ondersteunen we mantelzorgers beter?",
        "background": "",
        "agreements": ["wozo"],
        "themes": "mantelzorg, wonen",
        "promised_rung": "advise",
        "decision_body": "De gemeenteraad",
        "decision_date": (today + dt.timedelta(days=60)).isoformat(),
        "answer_due_date": (today + dt.timedelta(days=90)).isoformat(),
        "contact_name": "",
        "contact_email": "",
    }
    data.update(overrides)
    return data


def test_submit_page_and_post(client, asker, hub, utrecht, django_capture_on_commit_callbacks):
    client.force_login(asker)
    response = client.get(reverse("questions:submit"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "rung of the participation ladder" in html and "decision moment" in html
    assert "organisation" not in response.context["form"].fields  # one organisation: no choice
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("questions:submit"), form_data(municipalities=[utrecht.pk]))
    question = PolicyQuestion.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("questions:mine_detail", args=[question.pk])
    assert question.hub == hub and question.themes == ["mantelzorg", "wonen"] and question.agreements == ["wozo"]
    assert client.get(reverse("questions:mine")).content.decode().count(question.title) == 1


def test_submit_shows_clear_errors(client, asker):
    client.force_login(asker)
    response = client.post(reverse("questions:submit"), form_data(decision_date="2020-01-01"))
    assert response.status_code == 200
    assert "The date of the decision is in the past" in response.content.decode()
    assert PolicyQuestion.objects.count() == 0


def test_enter_on_behalf_page(client, coord, hub, org):
    client.force_login(coord)
    assert client.get(reverse("questions:enter", args=[hub.slug])).status_code == 200
    response = client.post(reverse("questions:enter", args=[hub.slug]), form_data(organisation=org.pk))
    question = PolicyQuestion.objects.get()
    assert response["Location"] == reverse("questions:intake", args=[hub.slug, question.pk])
    assert question.entered_on_behalf and question.asking_organisation == org


# --- inbox and intake -------------------------------------------------------------------------


def test_inbox(client, coord, hub, org, other_hub, far_org):
    PolicyQuestionFactory(hub=hub, asking_organisation=org, title="Wacht op ons")
    PolicyQuestionFactory(hub=hub, asking_organisation=org, status=S.ACCEPTED, title="Al aangenomen")
    PolicyQuestionFactory(hub=other_hub, asking_organisation=far_org, title="Van elders")
    client.force_login(coord)
    response = client.get(reverse("questions:inbox", args=[hub.slug]))
    html = response.content.decode()
    assert html.index("Wacht op ons") < html.index("Al aangenomen")
    assert "Van elders" not in html
    assert "1 question is waiting for you." in html
    response = client.get(reverse("questions:inbox", args=[hub.slug]), {"status": S.ACCEPTED})
    assert [q.title for q in response.context["page"].object_list] == ["Al aangenomen"]


def test_intake_logs_the_view_of_contact_details(client, coord, hub, question):
    client.force_login(coord)
    response = client.get(reverse("questions:intake", args=[hub.slug, question.pk]))
    assert response.status_code == 200
    assert question.contact_email in response.content.decode()
    entry = ProcessingLogEntry.objects.get()
    assert entry.actor == coord and entry.hub_id == hub.pk and entry.operation == "read"


def test_intake_accept(client, coord, hub, question):
    client.force_login(coord)
    url = reverse("questions:intake", args=[hub.slug, question.pk])
    response = client.post(url, {"action": "accept", "accept-version": question.version})
    assert response.status_code == 302
    assert state(question)[0] == S.ACCEPTED
    response = client.get(url)
    assert "The question has been accepted." in response.content.decode()
    assert response.context["step_forms"] == []


def test_intake_refuses_stale_version(client, coord, hub, question):
    client.force_login(coord)
    url = reverse("questions:intake", args=[hub.slug, question.pk])
    client.post(url, {"action": "clarify", "clarify-reason": "Welke wijken?", "clarify-version": 1})
    client.post(url, {"action": "resubmit", "resubmit-reason": "Deze wijken.", "resubmit-version": 2})
    before = state(question)
    response = client.post(url, {"action": "decline", "decline-reason": "Nee", "decline-version": 1}, follow=True)
    assert "Someone else changed this question in the meantime" in response.content.decode()
    assert state(question) == before


def test_intake_decline_without_reason(client, coord, hub, question):
    client.force_login(coord)
    url = reverse("questions:intake", args=[hub.slug, question.pk])
    before = state(question)
    response = client.post(url, {"action": "decline", "decline-reason": "", "decline-version": 1})
    assert response.status_code == 400
    assert "Give a reason. The asker will see it." in response.content.decode()
    assert state(question) == before


@pytest.mark.parametrize("action", ["close", "resubmit", "fly"])
def test_intake_forbidden_step(client, coord, hub, question, action):
    client.force_login(coord)
    url = reverse("questions:intake", args=[hub.slug, question.pk])
    before = state(question)
    response = client.post(url, {"action": action, f"{action}-reason": "x", f"{action}-version": 1}, follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert messages and any("cannot" in m for m in messages)
    assert state(question) == before


def test_decision_maker_answers_clarification(client, asker, coord, hub, question):
    from participatiehub.questions import services

    services.question_ask_clarification(user=coord, question=question, reason="Welke wijken bedoelt u?")
    client.force_login(asker)
    url = reverse("questions:mine_detail", args=[question.pk])
    response = client.get(url)
    assert "Welke wijken bedoelt u?" in response.content.decode()
    assert client.post(url, {"clarification": "", "version": question.version}).status_code == 400
    response = client.post(url, {"clarification": "Overvecht.", "version": question.version})
    assert response.status_code == 302
    assert state(question)[0] == S.SUBMITTED
    assert QuestionStatusChange.objects.filter(question=question).last().reason == "Overvecht."


def test_decision_maker_edits_while_waiting(client, asker, question):
    client.force_login(asker)
    url = reverse("questions:mine_edit", args=[question.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(title="Betere titel", version=1))
    assert response.status_code == 302
    assert state(question)[2] == "Betere titel"
    response = client.post(url, form_data(title="Te laat", version=1))
    assert response.status_code == 409
    assert state(question)[2] == "Betere titel"


def test_mine_detail_links_answers_once_advice_is_delivered(client, asker, hub, org):
    question = PolicyQuestionFactory(hub=hub, asking_organisation=org, status=S.ADVICE_DELIVERED)
    client.force_login(asker)
    response = client.get(reverse("questions:mine_detail", args=[question.pk]))
    try:
        expected = reverse("trajectories:answer", args=[question.pk])
    except Exception:  # the trajectories app does not offer it (yet)
        expected = None
    assert response.context["answer_url"] == expected


def _chain_template_exists() -> bool:
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    try:
        get_template("trajectories/_public_chain.html")
    except TemplateDoesNotExist:
        return False
    return True


def test_public_detail_with_the_trajectory_chain(client, hub, org, coord):
    """The delivered rung and the activities come from the trajectories app's public chain."""
    if not _chain_template_exists():
        pytest.skip("trajectories/_public_chain.html is not there yet")
    from participatiehub.trajectories.models import Activity, Trajectory

    question = PolicyQuestionFactory(hub=hub, asking_organisation=org, status=S.IN_PROGRESS, promised_rung="advise")
    trajectory = Trajectory.objects.create(question=question, hub=hub, delivered_rung="consult")
    Activity.objects.create(
        trajectory=trajectory, kind="meeting", title="Avond in het buurthuis", held_on=dt.date(2025, 3, 1)
    )
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["delivered_rung"] == "Consult"
    assert "Participants are asked for their opinion." in html
    assert "Avond in het buurthuis" in html
    assert "activity" in [e.kind for e in response.context["timeline"]]


# --- the predicate named for each step ------------------------------------------------------


def test_question_predicates_follow_the_role(question, coord, other_coord, asker, other_asker, office):
    assert coord.has_perm("questions.view_question", question)
    assert coord.has_perm("questions.handle_question", question)
    assert asker.has_perm("questions.view_question", question)
    assert not asker.has_perm("questions.handle_question", question)
    for user in (other_coord, other_asker, office):
        assert not user.has_perm("questions.view_question", question)
        assert not user.has_perm("questions.handle_question", question)


def test_question_detail_for_staff_is_gated_by_view_question(client, coord, hub, question, monkeypatch):
    import rules

    client.force_login(coord)
    url = reverse("questions:intake", args=[hub.slug, question.pk])
    assert client.get(url).status_code == 200
    monkeypatch.setitem(rules.permissions.permissions, "questions.view_question", rules.always_deny)
    assert client.get(url).status_code == 403


def test_intake_steps_and_edits_are_gated_by_handle_question(client, coord, hub, question, monkeypatch):
    import rules

    client.force_login(coord)
    intake = reverse("questions:intake", args=[hub.slug, question.pk])
    edit = reverse("questions:edit", args=[hub.slug, question.pk])
    assert client.get(edit).status_code == 200
    monkeypatch.setitem(rules.permissions.permissions, "questions.handle_question", rules.always_deny)
    before = state(question)
    assert client.post(intake, {"action": "accept", "accept-version": question.version}).status_code == 403
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"title": "Gehackt", "version": question.version}).status_code == 403
    assert state(question) == before
    assert client.get(intake).status_code == 200  # seeing the question is questions.view_question


def test_the_asker_is_refused_on_the_staff_pages_of_their_own_question(client, asker, hub, question):
    client.force_login(asker)
    assert asker.has_perm("questions.view_question", question)
    for url in hub_urls(hub, question)[2:]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"action": "accept", "accept-version": 1}).status_code == 403, url
