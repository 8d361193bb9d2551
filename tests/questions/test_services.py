"""Services: validation in clear messages, e-mails after commit, optimistic locking."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.utils import timezone

import pytest

from participatiehub.core.exceptions import ConcurrentEditError, ServiceError
from participatiehub.core.models import OutgoingEmail
from participatiehub.questions import services
from participatiehub.questions.constants import Actor, QuestionStatus
from participatiehub.questions.models import PolicyQuestion, QuestionStatusChange
from tests.factories import RoleAssignmentFactory

from .factories import PolicyQuestionFactory

pytestmark = pytest.mark.django_db
S = QuestionStatus
TODAY = timezone.localdate


def fields(**overrides) -> dict:
    data = {
        "title": "Eenzaamheid onder ouderen",
        "summary": "Hoe bereiken we ouderen die alleen wonen?",
        "background": "",
        "agreements": ["iza_azwa", "wozo"],
        "themes": ["eenzaamheid", " ouderen "],
        "municipalities": [],
        "promised_rung": "advise",
        "decision_body": "De gemeenteraad",
        "decision_date": TODAY() + dt.timedelta(days=60),
        "answer_due_date": TODAY() + dt.timedelta(days=90),
    }
    data.update(overrides)
    return data


# --- submit ----------------------------------------------------------------------------------


def test_submit(asker, org, hub, utrecht, django_capture_on_commit_callbacks, run_tasks):
    with django_capture_on_commit_callbacks(execute=True):
        question = services.question_submit(user=asker, **fields(municipalities=[utrecht]))
    run_tasks()
    assert question.hub == hub and question.asking_organisation == org
    assert question.status == S.SUBMITTED and question.version == 1 and not question.entered_on_behalf
    assert question.submitted_by == asker
    assert question.contact_email == asker.email and question.contact_name == "Bea Beslisser"
    assert question.themes == ["eenzaamheid", "ouderen"]
    assert list(question.municipalities.all()) == [utrecht]
    (row,) = QuestionStatusChange.objects.filter(question=question)
    assert (row.from_status, row.to_status, row.actor) == ("", S.SUBMITTED, Actor.DECISION_MAKER)
    assert sorted(m.to[0] for m in mail.outbox) == [asker.email, hub.contact_email]
    to_asker = next(m for m in mail.outbox if m.to == [asker.email])
    assert question.title in to_asker.subject


def test_submit_sends_nothing_before_commit(asker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.question_submit(user=asker, **fields())
    assert mail.outbox == []
    # Two e-mails to send and one cache-version bump wait for the commit.
    assert len(callbacks) == 3
    assert OutgoingEmail.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "  "}, "Give the question a title."),
        ({"summary": ""}, "Describe the question in a few short sentences."),
        ({"promised_rung": ""}, "Choose how much say the participants get"),
        ({"promised_rung": "everything"}, "Choose how much say the participants get"),
        ({"decision_body": ""}, "Say who makes the decision"),
        ({"decision_date": dt.date(2020, 1, 1)}, "The date of the decision is in the past"),
        ({"answer_due_date": dt.date(2020, 1, 1)}, "The date for the answer to the advice must be in the future"),
        ({"agreements": ["nato"]}, "Unknown agreement: nato"),
        ({"contact_email": "not-an-address"}, "The contact e-mail address is not valid"),
    ],
)
def test_submit_validation(asker, overrides, message):
    with pytest.raises(ServiceError) as excinfo:
        services.question_submit(user=asker, **fields(**overrides))
    assert any(message in m for m in excinfo.value.messages)
    assert PolicyQuestion.objects.count() == 0


def test_submit_lists_every_problem(asker):
    with pytest.raises(ServiceError) as excinfo:
        services.question_submit(user=asker, **fields(title="", summary=""))
    assert len(excinfo.value.messages) == 2


def test_submit_without_fields_names_them(asker):
    with pytest.raises(ServiceError) as excinfo:
        services.question_submit(user=asker)
    assert len(excinfo.value.messages) == 4


def test_answer_due_today_is_refused_decision_today_is_fine(asker):
    with pytest.raises(ServiceError, match="answer to the advice"):
        services.question_submit(user=asker, **fields(decision_date=TODAY(), answer_due_date=TODAY()))
    services.question_submit(user=asker, **fields(decision_date=TODAY()))


def test_municipalities_must_be_in_the_hub_area(asker, amsterdam, utrecht):
    with pytest.raises(ServiceError) as excinfo:
        services.question_submit(user=asker, **fields(municipalities=[utrecht, amsterdam]))
    assert "These municipalities are not in the area of Participatiehub Utrecht: Amsterdam." in excinfo.value.messages


def test_coverage_that_has_ended_does_not_count(asker, hub, amsterdam):
    from tests.factories import HubMunicipalityFactory

    HubMunicipalityFactory(hub=hub, municipality=amsterdam, valid_until=TODAY() - dt.timedelta(days=1))
    with pytest.raises(ServiceError, match="not in the area"):
        services.question_submit(user=asker, **fields(municipalities=[amsterdam]))


def test_only_decision_makers_submit(coord, office):
    for user in (coord, office):
        with pytest.raises(ServiceError, match="Only a decision-maker"):
            services.question_submit(user=user, **fields())


def test_several_organisations_must_choose(asker, hub, other_hub, far_org):
    from participatiehub.accounts.constants import Role
    from participatiehub.accounts.selectors import clear_roles_cache

    RoleAssignmentFactory(user=asker, role=Role.DECISION_MAKER, organisation=far_org)
    clear_roles_cache(asker)
    with pytest.raises(ServiceError, match="Choose the organisation"):
        services.question_submit(user=asker, **fields())
    question = services.question_submit(user=asker, organisation=far_org, **fields())
    assert question.hub == other_hub


def test_cannot_ask_for_another_organisation(asker, other_org):
    with pytest.raises(ServiceError, match="your own organisation"):
        services.question_submit(user=asker, organisation=other_org, **fields())


# --- enter on behalf -------------------------------------------------------------------------


def test_enter_on_behalf(coord, hub, org, django_capture_on_commit_callbacks, run_tasks):
    with django_capture_on_commit_callbacks(execute=True):
        question = services.question_enter_on_behalf(
            user=coord, hub=hub, organisation=org, **fields(contact_email="wethouder@utrecht.example.nl")
        )
    run_tasks()
    assert question.entered_on_behalf and question.submitted_by == coord and question.status == S.SUBMITTED
    assert QuestionStatusChange.objects.get(question=question).actor == Actor.COORDINATOR
    assert [m.to for m in mail.outbox] == [["wethouder@utrecht.example.nl"]]


def test_enter_on_behalf_refusals(coord, other_coord, hub, far_org, org):
    with pytest.raises(ServiceError, match="network of this hub"):
        services.question_enter_on_behalf(user=coord, hub=hub, organisation=far_org, **fields())
    with pytest.raises(ServiceError, match="Only the coordinator of this hub"):
        services.question_enter_on_behalf(user=other_coord, hub=hub, organisation=org, **fields())
    assert PolicyQuestion.objects.count() == 0


# --- update ----------------------------------------------------------------------------------


def test_update_by_coordinator_with_version(question, coord, zeist):
    services.question_update(
        user=coord, question=question, expected_version=1, title="Nieuwe titel", municipalities=[zeist]
    )
    question.refresh_from_db()
    assert question.title == "Nieuwe titel" and question.version == 2
    assert list(question.municipalities.all()) == [zeist]
    with pytest.raises(ConcurrentEditError):
        services.question_update(user=coord, question=question, expected_version=1, title="Oud")
    question.refresh_from_db()
    assert question.title == "Nieuwe titel" and question.version == 2


def test_update_checks_fields(question, coord):
    with pytest.raises(ServiceError, match="title"):
        services.question_update(user=coord, question=question, expected_version=1, title="")


def test_asker_edits_only_while_waiting(question, asker, coord):
    services.question_update(user=asker, question=question, expected_version=1, summary="Korter.")
    services.question_accept(user=coord, question=question)
    with pytest.raises(ServiceError, match="already taken this question in"):
        services.question_update(user=asker, question=question, expected_version=question.version, summary="x")


def test_others_cannot_edit(question, other_asker, other_coord, office):
    for user in (other_asker, other_coord, office, None):
        with pytest.raises(ServiceError):
            services.question_update(user=user, question=question, expected_version=1, title="Gekaapt")
    question.refresh_from_db()
    assert question.title != "Gekaapt" and question.version == 1


def test_past_dates_are_kept_when_unchanged(question, coord):
    PolicyQuestion.objects.filter(pk=question.pk).update(decision_date=dt.date(2020, 1, 1))
    question.refresh_from_db()
    services.question_update(
        user=coord, question=question, expected_version=1, title="Nog steeds", decision_date=dt.date(2020, 1, 1)
    )
    with pytest.raises(ServiceError, match="in the past"):
        services.question_update(user=coord, question=question, expected_version=2, decision_date=dt.date(2020, 2, 1))


# --- intake steps ----------------------------------------------------------------------------


def test_accept_mails_the_asker(question, coord, django_capture_on_commit_callbacks, run_tasks):
    with django_capture_on_commit_callbacks(execute=True):
        services.question_accept(user=coord, question=question, expected_version=1)
    run_tasks()
    assert question.status == S.ACCEPTED
    assert [m.to for m in mail.outbox] == [[question.contact_email]]


def test_decline_needs_a_reason_and_mails_it(question, coord, django_capture_on_commit_callbacks, run_tasks):
    with pytest.raises(ServiceError, match="Give a reason"):
        services.question_decline(user=coord, question=question, reason=" ")
    assert mail.outbox == [] and OutgoingEmail.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.question_decline(user=coord, question=question, reason="Dit valt buiten onze regio.")
    run_tasks()
    (message,) = mail.outbox
    assert message.to == [question.contact_email]
    assert "Dit valt buiten onze regio." in message.body
    assert QuestionStatusChange.objects.filter(question=question).last().reason == "Dit valt buiten onze regio."


def test_clarification_round_trip(question, coord, asker, hub, django_capture_on_commit_callbacks, run_tasks):
    with django_capture_on_commit_callbacks(execute=True):
        services.question_ask_clarification(user=coord, question=question, reason="Welke wijken bedoelt u?")
    run_tasks()
    assert question.status == S.CLARIFICATION_ASKED
    assert "Welke wijken bedoelt u?" in mail.outbox[-1].body and mail.outbox[-1].to == [question.contact_email]
    with pytest.raises(ServiceError, match="Give a reason"):
        services.question_resubmit(user=asker, question=question, clarification="")
    with django_capture_on_commit_callbacks(execute=True):
        services.question_resubmit(user=asker, question=question, clarification="Overvecht en Kanaleneiland.")
    run_tasks()
    assert question.status == S.SUBMITTED
    assert mail.outbox[-1].to == [hub.contact_email]
    assert list(QuestionStatusChange.objects.filter(question=question).values_list("to_status", flat=True)) == [
        S.SUBMITTED,
        S.CLARIFICATION_ASKED,
        S.SUBMITTED,
    ]


def test_stale_version_changes_nothing(question, coord):
    services.question_ask_clarification(user=coord, question=question, reason="Wat bedoelt u?", expected_version=1)
    services.question_resubmit(user=coord, question=question, clarification="Telefonisch: dit.", expected_version=2)
    with pytest.raises(ConcurrentEditError):
        services.question_decline(user=coord, question=question, reason="Nee.", expected_version=1)
    question.refresh_from_db()
    assert question.status == S.SUBMITTED and question.version == 3


def test_close_only_after_feedback(question, coord):
    with pytest.raises(ServiceError, match="cannot go from"):
        services.question_close(user=coord, question=question)
    PolicyQuestion.objects.filter(pk=question.pk).update(status=S.FEEDBACK_GIVEN)
    question.refresh_from_db()
    services.question_close(user=coord, question=question)
    assert question.status == S.CLOSED


def test_wrong_roles_are_refused_by_every_step(question, asker, other_coord, office):
    for user in (asker, other_coord, office, None):
        with pytest.raises(ServiceError):
            services.question_accept(user=user, question=question)
        with pytest.raises(ServiceError):
            services.question_decline(user=user, question=question, reason="Nee")
        with pytest.raises(ServiceError):
            services.question_ask_clarification(user=user, question=question, reason="Wat?")
    question.refresh_from_db()
    assert question.status == S.SUBMITTED and question.version == 1
    assert OutgoingEmail.objects.count() == 0


def test_no_mail_without_address(hub, org, coord):
    question = PolicyQuestionFactory(hub=hub, asking_organisation=org, contact_email="", entered_on_behalf=True)
    services.question_decline(user=coord, question=question, reason="Nee.")
    assert OutgoingEmail.objects.count() == 0
