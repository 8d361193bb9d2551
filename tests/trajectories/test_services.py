"""Services: the chain from an accepted question to feedback, and who may do what."""

from __future__ import annotations

import datetime as dt

from django.core import mail

import pytest

from participatiehub.audit.models import ProcessingLogEntry
from participatiehub.core.exceptions import ConcurrentEditError, ServiceError
from participatiehub.core.models import OutgoingEmail
from participatiehub.questions.constants import QuestionStatus
from participatiehub.trajectories import services
from participatiehub.trajectories.constants import Decision
from participatiehub.trajectories.models import (
    Activity,
    Advice,
    Recommendation,
    Response,
    Trajectory,
    TrajectoryParticipant,
)
from tests.factories import HubFactory, OrganisationFactory, ParticipationBodyFactory, coordinator, decision_maker

from .factories import ParticipantFactory
from .helpers import answered, delivered, full_chain, started, with_activity

pytestmark = pytest.mark.django_db


def _status(question):
    question.refresh_from_db()
    return question.status


# --- trajectory --------------------------------------------------------------------------------


def test_start_moves_the_question_to_in_progress(question, coordinator_user, body):
    trajectory = started(question, coordinator_user, bodies=[body])
    assert _status(question) == QuestionStatus.IN_PROGRESS
    assert list(trajectory.bodies.all()) == [body]
    assert question.status_changes.last().to_status == QuestionStatus.IN_PROGRESS


def test_start_refuses_bodies_of_another_hub(question, coordinator_user):
    foreign = ParticipationBodyFactory(hub=HubFactory())
    with pytest.raises(ServiceError, match="own hub"):
        started(question, coordinator_user, bodies=[foreign])
    assert not Trajectory.objects.exists()
    assert _status(question) == QuestionStatus.ACCEPTED


def test_start_needs_an_accepted_question(question, coordinator_user):
    question.status = QuestionStatus.SUBMITTED
    question.save()
    with pytest.raises(ServiceError, match="accepted question"):
        started(question, coordinator_user)
    assert not Trajectory.objects.exists()


@pytest.mark.parametrize("who", ["decision_maker", "other_coordinator"])
def test_start_only_by_the_hubs_coordinator(question, dm_user, who):
    user = dm_user if who == "decision_maker" else coordinator(HubFactory())
    with pytest.raises(ServiceError, match="coordinator"):
        started(question, user)
    assert not Trajectory.objects.exists()


def test_update_with_an_old_version_is_refused(question, coordinator_user):
    trajectory = started(question, coordinator_user)
    services.trajectory_update(
        actor=coordinator_user, trajectory=trajectory, expected_version=1, delivered_rung="consult"
    )
    with pytest.raises(ConcurrentEditError):
        services.trajectory_update(
            actor=coordinator_user, trajectory=trajectory, expected_version=1, delivered_rung="advise"
        )
    trajectory.refresh_from_db()
    assert trajectory.delivered_rung == "consult"
    assert trajectory.version == 2


def test_activities_add_update_remove(question, coordinator_user, body):
    trajectory = started(question, coordinator_user)
    activity = with_activity(trajectory, coordinator_user, bodies=[body], online=True)
    assert list(activity.bodies.all()) == [body]
    services.activity_update(
        actor=coordinator_user,
        activity=activity,
        kind="survey",
        title="Enquête",
        held_on=dt.date(2025, 3, 1),
        participant_count=300,
    )
    activity.refresh_from_db()
    assert (activity.kind, activity.participant_count, activity.bodies.count()) == ("survey", 300, 0)
    with pytest.raises(ServiceError):
        services.activity_add(
            actor=coordinator_user,
            trajectory=trajectory,
            kind="meeting",
            title="X",
            held_on=dt.date(2025, 3, 1),
            bodies=[ParticipationBodyFactory(hub=HubFactory())],
        )
    services.activity_remove(actor=coordinator_user, activity=activity)
    assert not Activity.objects.exists()


# --- participants ------------------------------------------------------------------------------


def test_participants_added_once_and_logged(question, coordinator_user):
    trajectory = started(question, coordinator_user)
    _p, created = services.participant_add(
        actor=coordinator_user, trajectory=trajectory, email="Anna@Example.nl", name="Anna"
    )
    _p, again = services.participant_add(actor=coordinator_user, trajectory=trajectory, email="anna@example.nl")
    assert (created, again) == (True, False)
    result = services.participants_bulk_add(
        actor=coordinator_user,
        trajectory=trajectory,
        text="Bert de Vries, bert@example.nl\n\nanna@example.nl\nCor; cor@example.nl\nBert, bert@example.nl\n",
    )
    assert (result.added, result.skipped) == (2, 2)
    assert sorted(TrajectoryParticipant.objects.values_list("email", flat=True)) == [
        "anna@example.nl",
        "bert@example.nl",
        "cor@example.nl",
    ]
    assert TrajectoryParticipant.objects.get(email="bert@example.nl").name == "Bert de Vries"
    assert ProcessingLogEntry.objects.filter(activity="participants.add", operation="write").count() == 3


def test_bulk_add_with_a_bad_line_adds_nothing(question, coordinator_user):
    trajectory = started(question, coordinator_user)
    with pytest.raises(ServiceError, match="line 2"):
        services.participants_bulk_add(
            actor=coordinator_user, trajectory=trajectory, text="a@example.nl\nJan, geen-adres\n"
        )
    assert not TrajectoryParticipant.objects.exists()


def test_unsubscribe_by_token(question, coordinator_user):
    trajectory = started(question, coordinator_user)
    participant = ParticipantFactory(trajectory=trajectory)
    assert services.participant_unsubscribe(token=participant.unsubscribe_token) == participant
    participant.refresh_from_db()
    assert participant.wants_feedback is False
    assert services.participant_unsubscribe(token="nope") is None


# --- advice ------------------------------------------------------------------------------------


def test_advice_draft_keeps_the_order_and_can_be_rewritten(question, coordinator_user):
    trajectory = started(question, coordinator_user)
    advice = services.advice_save(
        actor=coordinator_user, trajectory=trajectory, summary="S", recommendations=["B", "", "A"]
    )
    assert list(advice.recommendations.values_list("number", "text")) == [(1, "B"), (2, "A")]
    services.advice_save(
        actor=coordinator_user, trajectory=trajectory, summary="S2", recommendations=["C"], expected_version=1
    )
    assert list(Recommendation.objects.values_list("text", flat=True)) == ["C"]
    with pytest.raises(ConcurrentEditError):
        services.advice_save(
            actor=coordinator_user, trajectory=trajectory, summary="S3", recommendations=["D"], expected_version=1
        )


def test_deliver_needs_a_recommendation(question, coordinator_user):
    trajectory = started(question, coordinator_user)
    services.advice_save(actor=coordinator_user, trajectory=trajectory, summary="S", recommendations=[])
    with pytest.raises(ServiceError, match="at least one recommendation"):
        services.advice_deliver(actor=coordinator_user, trajectory=trajectory)
    assert Advice.objects.get().delivered_at is None
    assert _status(question) == QuestionStatus.IN_PROGRESS


def test_deliver_moves_the_question_and_mails_the_decision_makers(
    question, coordinator_user, dm_user, django_capture_on_commit_callbacks, run_tasks
):
    other_org_dm = decision_maker(OrganisationFactory(hub=question.hub))
    trajectory = started(question, coordinator_user)
    with django_capture_on_commit_callbacks(execute=True):
        advice = delivered(trajectory, coordinator_user)
    run_tasks()
    assert advice.delivered_at is not None
    assert _status(question) == QuestionStatus.ADVICE_DELIVERED
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([dm_user.email, question.contact_email])
    assert other_org_dm.email not in recipients
    assert f"https://hub.example.nl/trajecten/{question.pk}/reactie/" in mail.outbox[0].body
    assert "Advies ontvangen" in mail.outbox[0].subject
    with pytest.raises(ServiceError, match="delivered"):
        services.advice_save(actor=coordinator_user, trajectory=trajectory, summary="changed", recommendations=["x"])


# --- answers -----------------------------------------------------------------------------------


@pytest.fixture
def delivered_advice(question, coordinator_user):
    trajectory = started(question, coordinator_user)
    return delivered(trajectory, coordinator_user)


def test_coordinator_cannot_record_an_answer(delivered_advice, coordinator_user, question):
    rec = delivered_advice.recommendations.first()
    with pytest.raises(ServiceError, match="decision-maker of the asking organisation"):
        services.response_record(
            user=coordinator_user, recommendation=rec, decision="adopted", decided_on=dt.date(2025, 5, 1)
        )
    assert not Response.objects.exists()
    assert _status(question) == QuestionStatus.ADVICE_DELIVERED


def test_decision_maker_of_another_organisation_is_refused(delivered_advice, question):
    stranger = decision_maker(OrganisationFactory(hub=question.hub, name="Zorgkantoor"))
    rec = delivered_advice.recommendations.first()
    with pytest.raises(ServiceError):
        services.response_record(user=stranger, recommendation=rec, decision="adopted", decided_on=dt.date(2025, 5, 1))
    assert not Response.objects.exists()


def test_reason_required_unless_adopted(delivered_advice, dm_user):
    rec = delivered_advice.recommendations.first()
    for decision in (Decision.PARTLY_ADOPTED, Decision.NOT_ADOPTED):
        with pytest.raises(ServiceError, match="reason"):
            services.response_record(
                user=dm_user, recommendation=rec, decision=decision, reason="  ", decided_on=dt.date(2025, 5, 1)
            )
    assert not Response.objects.exists()
    services.response_record(
        user=dm_user, recommendation=rec, decision=Decision.ADOPTED, decided_on=dt.date(2025, 5, 1)
    )
    assert Response.objects.count() == 1


def test_draft_advice_cannot_be_answered(question, coordinator_user, dm_user):
    trajectory = started(question, coordinator_user)
    advice = services.advice_save(actor=coordinator_user, trajectory=trajectory, summary="S", recommendations=["A"])
    with pytest.raises(ServiceError, match="not been delivered"):
        services.response_record(
            user=dm_user,
            recommendation=advice.recommendations.get(),
            decision="adopted",
            decided_on=dt.date(2025, 5, 1),
        )


def test_the_last_answer_moves_the_question_to_answered(delivered_advice, dm_user, question):
    recs = list(delivered_advice.recommendations.all())
    for rec in recs[:-1]:
        services.response_record(user=dm_user, recommendation=rec, decision="adopted", decided_on=dt.date(2025, 5, 1))
        assert _status(question) == QuestionStatus.ADVICE_DELIVERED
    # Changing an answer keeps one answer per recommendation.
    services.response_record(
        user=dm_user, recommendation=recs[0], decision="not_adopted", reason="Te duur", decided_on=dt.date(2025, 5, 2)
    )
    assert Response.objects.count() == len(recs) - 1
    services.response_record(user=dm_user, recommendation=recs[-1], decision="adopted", decided_on=dt.date(2025, 5, 1))
    assert _status(question) == QuestionStatus.ANSWERED
    change = question.status_changes.last()
    assert (change.to_status, change.actor, change.changed_by) == (QuestionStatus.ANSWERED, "system", None)


def test_answers_all_or_nothing(delivered_advice, dm_user):
    recs = list(delivered_advice.recommendations.all())
    with pytest.raises(ServiceError):
        services.responses_record(
            user=dm_user,
            answers=[
                {"recommendation": recs[0], "decision": "adopted", "decided_on": dt.date(2025, 5, 1)},
                {"recommendation": recs[1], "decision": "not_adopted", "reason": "", "decided_on": dt.date(2025, 5, 1)},
            ],
        )
    assert not Response.objects.exists()


# --- feedback ----------------------------------------------------------------------------------


def test_feedback_needs_the_answers(delivered_advice, coordinator_user, question):
    with pytest.raises(ServiceError, match="answered every recommendation"):
        services.feedback_publish(
            actor=coordinator_user,
            trajectory=delivered_advice.trajectory,
            what_was_asked="V",
            what_participants_said="D",
        )
    assert _status(question) == QuestionStatus.ADVICE_DELIVERED


def test_feedback_mails_every_participant_who_wants_it(
    question, coordinator_user, dm_user, django_capture_on_commit_callbacks, run_tasks
):
    trajectory, advice = full_chain(question, coordinator_user, dm_user)
    keen = ParticipantFactory(trajectory=trajectory, email="keen@example.nl")
    gone = ParticipantFactory(trajectory=trajectory, email="gone@example.nl")
    services.participant_unsubscribe(token=gone.unsubscribe_token)
    # A draft sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_save(
            actor=coordinator_user, trajectory=trajectory, what_was_asked="Vraag", what_participants_said="Inbreng"
        )
    run_tasks()
    assert mail.outbox == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        feedback = services.feedback_publish(
            actor=coordinator_user, trajectory=trajectory, base_url="https://hub.example.nl/"
        )
    run_tasks()
    assert feedback.published_at is not None
    assert _status(question) == QuestionStatus.FEEDBACK_GIVEN
    assert [m.to for m in mail.outbox] == [["keen@example.nl"]]
    body = mail.outbox[0].body
    assert "Aanbeveling 1: Aanbeveling 1\nBesluit: overgenomen" in body
    assert "Besluit: deels overgenomen" in body and "Reden 2: geen budget" in body
    assert "Besluit: niet overgenomen" in body and "Reden 3: geen budget" in body
    assert f"https://hub.example.nl/trajecten/afmelden/{keen.unsubscribe_token}/" in body
    assert gone.unsubscribe_token not in body
    assert OutgoingEmail.objects.filter(purpose="trajectory_feedback").count() == 1
    assert ProcessingLogEntry.objects.filter(activity="participants.feedback_email").count() == 1


def test_answers_cannot_change_after_feedback(question, coordinator_user, dm_user):
    trajectory, advice = full_chain(question, coordinator_user, dm_user)
    services.feedback_publish(
        actor=coordinator_user, trajectory=trajectory, what_was_asked="V", what_participants_said="D"
    )
    rec = advice.recommendations.first()
    before = Response.objects.get(recommendation=rec).decision
    with pytest.raises(ServiceError, match="published"):
        services.response_record(
            user=dm_user, recommendation=rec, decision="not_adopted", reason="Toch niet", decided_on=dt.date(2025, 6, 1)
        )
    assert Response.objects.get(recommendation=rec).decision == before
    with pytest.raises(ServiceError, match="already been published"):
        services.feedback_publish(actor=coordinator_user, trajectory=trajectory)


def test_decision_maker_cannot_publish_feedback(question, coordinator_user, dm_user):
    trajectory, _advice = full_chain(question, coordinator_user, dm_user)
    with pytest.raises(ServiceError):
        services.feedback_publish(actor=dm_user, trajectory=trajectory, what_was_asked="V", what_participants_said="D")
    assert _status(question) == QuestionStatus.ANSWERED


def test_answered_helper_covers_three_decisions(question, coordinator_user, dm_user):
    trajectory = started(question, coordinator_user)
    advice = delivered(trajectory, coordinator_user)
    answered(advice, dm_user)
    assert sorted(Response.objects.values_list("decision", flat=True)) == sorted(
        ["adopted", "partly_adopted", "not_adopted"]
    )
