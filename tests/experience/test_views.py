"""The questionnaire page (personal link, no account) and the results pages, for every role and hub."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from participatiehub.experience.constants import ITEM_CODES, SUBMIT_TRIES, UNKNOWN_LINK_TRIES, Answer
from participatiehub.experience.models import QuestionnaireResponse
from tests.factories import UserFactory, evaluator
from tests.trajectories.factories import TrajectoryFactory

from .factories import InvitationFactory, responses

pytestmark = pytest.mark.django_db


def _url(invitation) -> str:
    return reverse("experience:answer", args=[invitation.token])


def _form(**changes) -> dict:
    return {**dict.fromkeys(ITEM_CODES, Answer.AGREE), "comment": "Fijn traject", **changes}


# --- the questionnaire ------------------------------------------------------------------------------


def test_the_questionnaire_asks_five_questions_with_labelled_radios(client):
    invitation = InvitationFactory(trajectory__question__title="Wijkzorg dichtbij")
    response = client.get(_url(invitation))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wijkzorg dichtbij" in html
    assert html.count("<fieldset") == 5 and html.count("<legend") == 5
    assert html.count('type="radio"') == 5 * 6
    assert html.count('class="ph-q__option" for="id_heard_') == 6
    assert "I don&#x27;t know" in html or "I don't know" in html
    assert "Question 1 of 5" in html
    assert response["Referrer-Policy"] == "same-origin"  # the link never goes to another site
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_answering_stores_one_answer_and_thanks(client):
    invitation = InvitationFactory()
    response = client.post(_url(invitation), _form(heard=Answer.DONT_KNOW))
    assert response.status_code == 302 and response["Location"] == reverse("experience:thanks")
    assert client.get(response["Location"]).status_code == 200
    stored = QuestionnaireResponse.objects.get()
    assert stored.heard == Answer.DONT_KNOW and stored.comment == "Fijn traject"
    # A second submit: a friendly page, nothing changes.
    again = client.post(_url(invitation), _form(heard=Answer.DISAGREE_STRONGLY, comment="Anders"))
    assert again.status_code == 200
    assert "You have already answered" in again.content.decode()
    assert QuestionnaireResponse.objects.count() == 1
    assert QuestionnaireResponse.objects.get().heard == Answer.DONT_KNOW
    assert "You have already answered" in client.get(_url(invitation)).content.decode()


def test_a_missing_answer_is_shown_next_to_its_question(client):
    invitation = InvitationFactory()
    data = _form()
    del data["clear"]
    response = client.post(_url(invitation), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose an answer." in html and 'id="id_clear_error"' in html and 'aria-describedby="id_clear_error"' in html
    assert 'href="#q-clear"' in html and "Question 2 has no answer yet." in html and 'id="q-clear"' in html
    assert not QuestionnaireResponse.objects.exists()


@pytest.mark.parametrize("value", ["maybe", "", "<script>"])
def test_a_bad_answer_changes_nothing(client, value):
    invitation = InvitationFactory()
    assert client.post(_url(invitation), _form(again=value)).status_code == 200
    assert not QuestionnaireResponse.objects.exists()


def test_a_too_long_comment_changes_nothing(client):
    invitation = InvitationFactory()
    response = client.post(_url(invitation), _form(comment="x" * 2001))
    assert response.status_code == 200
    assert not QuestionnaireResponse.objects.exists()


def test_an_unknown_link_is_a_kind_404(client):
    InvitationFactory()
    response = client.get(reverse("experience:answer", args=["made-up-token"]))
    assert response.status_code == 404
    assert "We do not know this link" in response.content.decode()
    assert client.post(reverse("experience:answer", args=["made-up-token"]), _form()).status_code == 404
    assert not QuestionnaireResponse.objects.exists()


def test_an_expired_link_is_a_kind_page(client):
    import datetime as dt

    from django.utils import timezone

    invitation = InvitationFactory(sent_at=timezone.now() - dt.timedelta(weeks=9))
    response = client.get(_url(invitation))
    assert response.status_code == 410
    assert "This link no longer works" in response.content.decode()
    assert client.post(_url(invitation), _form()).status_code == 410
    assert not QuestionnaireResponse.objects.exists()


def test_unknown_links_are_rate_limited(client):
    invitation = InvitationFactory()
    for i in range(UNKNOWN_LINK_TRIES):
        assert client.get(reverse("experience:answer", args=[f"guess-{i}"])).status_code == 404
    assert client.get(reverse("experience:answer", args=["guess-x"])).status_code == 429
    # Even a real link waits: the address is limited, not the link.
    assert client.get(_url(invitation)).status_code == 429


def test_answers_are_rate_limited(client):
    invitations = [InvitationFactory() for _ in range(SUBMIT_TRIES + 1)]
    bad = _form(heard="")
    for invitation in invitations[:SUBMIT_TRIES]:
        assert client.post(_url(invitation), bad).status_code == 200
    response = client.post(_url(invitations[-1]), _form())
    assert response.status_code == 429
    assert not QuestionnaireResponse.objects.exists()


# --- results: the trajectory page ---------------------------------------------------------------


@pytest.fixture
def answered_trajectory(hub):
    trajectory = TrajectoryFactory(question__hub=hub, question__title="Wijkzorg dichtbij")
    for _ in range(6):
        InvitationFactory(trajectory=trajectory)
    responses(trajectory, 5, comment="Heel prettig georganiseerd")
    return trajectory


def test_coordinator_sees_figures_and_comments(client, coordinator_user, answered_trajectory):
    client.force_login(coordinator_user)
    response = client.get(reverse("experience:trajectory", args=[answered_trajectory.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "100.0%" in html and "Heel prettig georganiseerd" in html
    assert "Fewer than 5 answers" not in html
    assert "The links work until" in html


def test_office_sees_figures_without_comments(client, office, answered_trajectory):
    client.force_login(office)
    html = client.get(reverse("experience:trajectory", args=[answered_trajectory.pk])).content.decode()
    assert "100.0%" in html and "Heel prettig georganiseerd" not in html


def test_below_five_nothing_is_shown(client, coordinator_user, hub):
    trajectory = TrajectoryFactory(question__hub=hub)
    responses(trajectory, 4, comment="Geheim commentaar")
    client.force_login(coordinator_user)
    html = client.get(reverse("experience:trajectory", args=[trajectory.pk])).content.decode()
    assert "Fewer than 5 answers: not shown, to protect anonymity." in html
    assert "Geheim commentaar" not in html and "%" not in html.split("<main", 1)[1]


@pytest.mark.parametrize("who", ["other_coordinator", "decision_maker", "evaluator", "resident"])
def test_others_get_403_on_the_trajectory_page(client, answered_trajectory, other_coordinator, dm_user, who):
    user = {
        "other_coordinator": other_coordinator,
        "decision_maker": dm_user,
        "evaluator": evaluator(),
        "resident": UserFactory(),
    }[who]
    client.force_login(user)
    response = client.get(reverse("experience:trajectory", args=[answered_trajectory.pk]))
    assert response.status_code == 403
    assert "Heel prettig" not in response.content.decode()


def test_trajectory_page_needs_a_login_and_an_existing_trajectory(client, coordinator_user, answered_trajectory):
    url = reverse("experience:trajectory", args=[answered_trajectory.pk])
    assert client.get(url).status_code == 302
    client.force_login(coordinator_user)
    assert client.get(reverse("experience:trajectory", args=[999999])).status_code == 404
    assert client.post(url).status_code == 405


# --- results: the hub's dashboard -----------------------------------------------------------------


def test_dashboard_shows_the_hub_figures_from_five_answers(client, coordinator_user, hub):
    trajectory = TrajectoryFactory(question__hub=hub, question__title="Wijkzorg dichtbij")
    for _ in range(5):
        InvitationFactory(trajectory=trajectory)
    responses(trajectory, 4)
    client.force_login(coordinator_user)
    url = reverse("hubs:manage", args=[hub.slug])
    html = client.get(url).content.decode()
    assert "What participants experienced" in html
    assert "Fewer than 5 answers: not shown, to protect anonymity." in html
    assert 'data-item="heard"' not in html and "<svg" not in html
    responses(trajectory, 1)
    html = client.get(url).content.decode()
    assert 'data-item="heard"' in html and "100.0%" in html and "5 / 5" in html
    # The chart: title and description, the same shares as the table (diverse: "neutral" for all = 0 %).
    chart = html.split('<figure class="ph-figure-chart">', 1)[1].split("</figure>", 1)[0]
    assert '<title id="experience-hub-chart-title">Share that (fully) agrees, per statement</title>' in chart
    assert "<desc" in chart and "5 answers" in chart
    assert chart.count(">100.0%</text>") == 3 and chart.count(">0.0%</text>") == 2  # see_result: disagree
    assert reverse("experience:trajectory", args=[trajectory.pk]) in html
    assert reverse("experience:preview", args=[hub.slug]) in html


def test_dashboard_shows_no_other_hubs_answers(client, coordinator_user, hub, other_hub):
    foreign = TrajectoryFactory(question__hub=other_hub, question__title="Twentse vraag")
    responses(foreign, 6)
    client.force_login(coordinator_user)
    html = client.get(reverse("hubs:manage", args=[hub.slug])).content.decode()
    assert "Twentse vraag" not in html and "What participants experienced" not in html
    assert client.get(reverse("hubs:manage", args=[other_hub.slug])).status_code == 403


def test_dashboard_queries_are_flat(client, coordinator_user, hub):
    client.force_login(coordinator_user)
    url = reverse("hubs:manage", args=[hub.slug])

    def add(n):
        for _ in range(n):
            trajectory = TrajectoryFactory(question__hub=hub)
            InvitationFactory(trajectory=trajectory)
            responses(trajectory, 5)

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(10)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_trajectory_page_queries_are_flat(client, coordinator_user, answered_trajectory):
    client.force_login(coordinator_user)
    url = reverse("experience:trajectory", args=[answered_trajectory.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(20):
        InvitationFactory(trajectory=answered_trajectory)
    responses(answered_trajectory, 40, comment="Nog een opmerking")
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(many) == len(few)
    assert html.count("Nog een opmerking") == 40


# --- the coordinator's preview of the questions ------------------------------------------------------


def test_coordinator_and_office_preview_the_questions(client, coordinator_user, office, hub):
    url = reverse("experience:preview", args=[hub.slug])
    for user in (coordinator_user, office):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Preview:" in html and html.count("<fieldset") == 5
        assert 'type="submit"' not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert client.post(url, _form()).status_code == 405
    assert not QuestionnaireResponse.objects.exists()


@pytest.mark.parametrize("who", ["other_coordinator", "decision_maker", "resident"])
def test_others_get_403_on_the_preview(client, hub, other_coordinator, dm_user, who):
    user = {"other_coordinator": other_coordinator, "decision_maker": dm_user, "resident": UserFactory()}[who]
    client.force_login(user)
    assert client.get(reverse("experience:preview", args=[hub.slug])).status_code == 403


def test_preview_needs_a_login_and_an_existing_hub(client, coordinator_user, hub):
    assert client.get(reverse("experience:preview", args=[hub.slug])).status_code == 302
    client.force_login(coordinator_user)
    assert client.get(reverse("experience:preview", args=["no-such-hub"])).status_code == 404
