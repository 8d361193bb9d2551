"""Invitations after feedback (made after commit, sent by the task, link hashed and removed from the outbox)
and anonymous answers (one per link)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from participatiehub.audit.models import ProcessingLogEntry
from participatiehub.core.exceptions import ServiceError
from participatiehub.core.models import OutgoingEmail
from participatiehub.experience import services
from participatiehub.experience.constants import (
    EMAIL_PURPOSE,
    INVITE_AFTER_DAYS,
    LINK_REMOVED,
    LINK_VALID_WEEKS,
    Answer,
)
from participatiehub.experience.models import Invitation, QuestionnaireResponse
from participatiehub.trajectories import services as trajectory_services
from participatiehub.trajectories.models import Feedback, TrajectoryParticipant
from tests.trajectories.factories import FeedbackFactory, ParticipantFactory, TrajectoryFactory
from tests.trajectories.helpers import full_chain

from .factories import InvitationFactory

pytestmark = pytest.mark.django_db


def published(trajectory, at=None):
    """Feedback published ``at`` (default now), after everyone on the list was added (as in real life)."""
    at = at or timezone.now()
    TrajectoryParticipant.objects.filter(trajectory=trajectory).update(added_at=at - dt.timedelta(days=1))
    return FeedbackFactory(trajectory=trajectory, published_at=at)


def LATER():  # noqa: N802 - the moment the invitations of feedback published now go out
    return timezone.now() + dt.timedelta(days=INVITE_AFTER_DAYS, minutes=1)


LINK = re.compile(r"https?://\S+/ervaring/v/([A-Za-z0-9_-]+)/")


def _publish(trajectory, coordinator_user, capture):
    with capture(execute=True):
        trajectory_services.feedback_publish(
            actor=coordinator_user,
            trajectory=trajectory,
            what_was_asked="Vraag",
            what_participants_said="Inbreng",
            base_url="https://hub.example.nl",
        )


@pytest.fixture
def chain(question, coordinator_user, dm_user):
    trajectory, _advice = full_chain(question, coordinator_user, dm_user)
    return trajectory


def _invitation_mails():
    return [m for m in mail.outbox if "5 korte vragen" in m.subject]


def test_publishing_feedback_invites_each_participant_who_wants_to_hear_back(
    chain, coordinator_user, django_capture_on_commit_callbacks, run_tasks, settings
):
    settings.PH_SITE_URL = "https://hub.example.nl"
    keen = ParticipantFactory(trajectory=chain, email="keen@example.nl")
    ParticipantFactory(trajectory=chain, email="quiet@example.nl", wants_feedback=False)
    _publish(chain, coordinator_user, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()  # made after commit, before any e-mail
    published = Feedback.objects.get(trajectory=chain).published_at
    assert invitation.participant == keen
    assert invitation.send_after == published + dt.timedelta(days=INVITE_AFTER_DAYS)
    # First the feedback; the questions follow days later, by a task queued for that moment.
    run_tasks()
    assert [m.to for m in mail.outbox] == [["keen@example.nl"]] and not _invitation_mails()
    queued = DBTaskResult.objects.get(task_path__endswith="send_questionnaire_invitations")
    assert queued.status == "READY" and queued.run_after == invitation.send_after
    assert services.invitations_send(now=invitation.send_after - dt.timedelta(minutes=1)) == 0
    later = invitation.send_after + dt.timedelta(minutes=1)
    assert services.invitations_send(now=later) == 1
    mails = _invitation_mails()
    assert [m.to for m in mails] == [["keen@example.nl"]]
    token = LINK.search(mails[0].body).group(1)
    assert len(token) >= 43  # token_urlsafe(32)
    invitation.refresh_from_db()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert invitation.sent_at == later
    assert invitation.expires_at - invitation.sent_at == dt.timedelta(weeks=LINK_VALID_WEEKS)
    # The database holds no working link: not on the invitation, and no longer in the sent e-mail.
    stored = OutgoingEmail.objects.get(purpose=EMAIL_PURPOSE)
    assert stored.status == OutgoingEmail.Status.SENT
    assert token not in stored.body and LINK_REMOVED in stored.body
    assert invitation.email_id is None
    assert f"/trajecten/afmelden/{keen.unsubscribe_token}/" in stored.body
    assert ProcessingLogEntry.objects.filter(activity="participants.questionnaire_invitation").count() == 1
    # Running again sends nothing twice (the outbox's own queued task finds the e-mail sent).
    run_tasks()
    assert services.invitations_send(now=later + dt.timedelta(days=1)) == 0
    assert len(_invitation_mails()) == 1


def test_the_queued_task_sends_when_its_moment_comes(chain, run_tasks):
    ParticipantFactory(trajectory=chain, email="keen@example.nl")
    published(chain, timezone.now() - dt.timedelta(days=INVITE_AFTER_DAYS, hours=1))
    from participatiehub.experience import tasks

    tasks.send_questionnaire_invitations.enqueue()
    assert run_tasks() == 1
    assert [m.to for m in _invitation_mails()] == [["keen@example.nl"]]


def test_no_invitations_when_the_publication_rolls_back(chain, coordinator_user, django_capture_on_commit_callbacks):
    ParticipantFactory(trajectory=chain)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            trajectory_services.feedback_publish(
                actor=coordinator_user, trajectory=chain, what_was_asked="V", what_participants_said="D"
            )
            raise RuntimeError("stop")
    assert not Invitation.objects.exists()


def test_a_failed_send_loses_nothing_and_the_link_goes_once_sent(chain, coordinator_user, settings):
    participant = ParticipantFactory(trajectory=chain)
    published(chain, timezone.now() - dt.timedelta(days=INVITE_AFTER_DAYS))
    services.invitations_create(chain.pk)
    settings.EMAIL_BACKEND = "tests.experience.test_services.BrokenBackend"
    assert services.invitations_send(now=LATER()) == 1
    stored = OutgoingEmail.objects.get(purpose=EMAIL_PURPOSE)
    assert stored.status == OutgoingEmail.Status.FAILED
    assert LINK.search(stored.body)  # still needed for the retry
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from participatiehub.core.tasks import send_email

    send_email.call(stored.pk)  # the outbox's retry
    services.links_remove()  # as every run of the task and the command does
    stored.refresh_from_db()
    assert stored.status == OutgoingEmail.Status.SENT
    assert not LINK.search(stored.body)
    assert Invitation.objects.get(participant=participant).sent_at is not None


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("mail server down")


def test_the_command_makes_invitations_the_after_commit_step_missed(chain, coordinator_user):
    ParticipantFactory(trajectory=chain, email="a@example.nl")
    ParticipantFactory(trajectory=chain, email="b@example.nl")
    # Published, but the after-commit step never ran (the process stopped).
    trajectory_services.feedback_publish(
        actor=coordinator_user, trajectory=chain, what_was_asked="V", what_participants_said="D"
    )
    assert not Invitation.objects.exists()
    # Days later the daily command makes and sends them (the clock moved on: everything dated back).
    back = dt.timedelta(days=INVITE_AFTER_DAYS, minutes=5)
    Feedback.objects.filter(trajectory=chain).update(published_at=timezone.now() - back)
    TrajectoryParticipant.objects.filter(trajectory=chain).update(added_at=timezone.now() - back - back)
    out = StringIO()
    call_command("send_questionnaire_invitations", stdout=out)
    assert "2 uitnodiging(en)" in out.getvalue()
    assert sorted(m.to[0] for m in _invitation_mails()) == ["a@example.nl", "b@example.nl"]


def test_old_feedback_gets_no_invitations():
    trajectory = TrajectoryFactory()
    ParticipantFactory(trajectory=trajectory)
    published(trajectory, timezone.now() - dt.timedelta(weeks=LINK_VALID_WEEKS + 1))
    assert services.invitations_create(trajectory.pk) is None
    assert services.invitations_send() == 0
    assert not Invitation.objects.exists()


def test_unpublished_feedback_gets_no_invitations():
    trajectory = TrajectoryFactory()
    ParticipantFactory(trajectory=trajectory)
    FeedbackFactory(trajectory=trajectory)
    assert services.invitations_create(trajectory.pk) is None


def test_who_unsubscribed_before_the_send_is_not_invited():
    trajectory = TrajectoryFactory()
    participant = ParticipantFactory(trajectory=trajectory)
    published(trajectory, timezone.now())
    services.invitations_create(trajectory.pk)
    trajectory_services.participant_unsubscribe(token=participant.unsubscribe_token)
    assert services.invitations_send(now=LATER()) == 0
    invitation = Invitation.objects.get()
    assert invitation.cancelled and invitation.sent_at is None and not invitation.token_hash
    assert not _invitation_mails()


def test_invitations_are_one_per_participant():
    trajectory = TrajectoryFactory()
    ParticipantFactory(trajectory=trajectory)
    published(trajectory, timezone.now())
    services.invitations_create(trajectory.pk)
    services.invitations_create(trajectory.pk)
    services.invitations_catch_up()
    assert Invitation.objects.count() == 1


# --- answers -------------------------------------------------------------------------------------


def test_an_answer_is_anonymous_and_kept_by_the_day(all_agree):
    invitation = InvitationFactory()
    moment = dt.datetime(2026, 3, 14, 22, 45, tzinfo=dt.UTC)  # 23:45 in Amsterdam
    response = services.response_submit(token=invitation.token, answers=all_agree, comment=" Goed gedaan ", now=moment)
    assert response.trajectory == invitation.trajectory and response.hub == invitation.trajectory.hub
    assert timezone.localtime(response.submitted_at).isoformat() == "2026-03-14T00:00:00+01:00"
    assert response.comment == "Goed gedaan"
    invitation.refresh_from_db()
    assert invitation.used
    # Nothing on the answer leads to an invitation or a person.
    related = {f.related_model._meta.label for f in QuestionnaireResponse._meta.get_fields() if f.is_relation}
    assert related == {"hubs.Hub", "trajectories.Trajectory"}
    assert not any(f.name == "used_at" for f in Invitation._meta.get_fields())


def test_a_second_answer_with_the_same_link_changes_nothing(all_agree):
    invitation = InvitationFactory()
    services.response_submit(token=invitation.token, answers=all_agree)
    other = dict(all_agree, heard=Answer.DISAGREE_STRONGLY)
    with pytest.raises(services.AlreadyAnswered):
        services.response_submit(token=invitation.token, answers=other)
    assert QuestionnaireResponse.objects.get().heard == Answer.AGREE


def test_an_expired_link_is_refused(all_agree):
    sent = timezone.now() - dt.timedelta(weeks=LINK_VALID_WEEKS, minutes=1)
    invitation = InvitationFactory(sent_at=sent)
    with pytest.raises(services.LinkExpired):
        services.response_submit(token=invitation.token, answers=all_agree)
    assert not QuestionnaireResponse.objects.exists()
    invitation.refresh_from_db()
    assert not invitation.used


@pytest.mark.parametrize("token", ["", "unknown-token", "x" * 500])
def test_an_unknown_link_is_refused(all_agree, token):
    InvitationFactory()
    with pytest.raises(services.LinkUnknown):
        services.response_submit(token=token, answers=all_agree)
    assert not QuestionnaireResponse.objects.exists()


@pytest.mark.parametrize(
    "change",
    [{"heard": ""}, {"clear": "maybe"}, {"again": None}],
)
def test_an_incomplete_answer_is_refused(all_agree, change):
    invitation = InvitationFactory()
    with pytest.raises(ServiceError, match="every question"):
        services.response_submit(token=invitation.token, answers={**all_agree, **change})
    assert not QuestionnaireResponse.objects.exists()
    invitation.refresh_from_db()
    assert not invitation.used


def test_a_too_long_comment_is_refused(all_agree):
    invitation = InvitationFactory()
    with pytest.raises(ServiceError, match="too long"):
        services.response_submit(token=invitation.token, answers=all_agree, comment="x" * 2001)
    assert not QuestionnaireResponse.objects.exists()


def test_an_unsent_invitation_has_no_working_link(all_agree):
    invitation = InvitationFactory(sent_at=None, expires_at=None)
    with pytest.raises(services.LinkUnknown):
        services.response_submit(token=invitation.token, answers=all_agree)


def test_feedback_model_untouched_by_invitations(chain, coordinator_user, django_capture_on_commit_callbacks):
    ParticipantFactory(trajectory=chain)
    _publish(chain, coordinator_user, django_capture_on_commit_callbacks)
    assert Feedback.objects.get(trajectory=chain).published_at is not None


def test_the_hook_is_registered_once():
    from participatiehub.experience import tasks
    from participatiehub.trajectories import hooks

    hooks.feedback_published_register(tasks.after_feedback_published)
    assert hooks._feedback_published.count(tasks.after_feedback_published) == 1


def test_who_was_added_after_the_feedback_is_not_invited():
    trajectory = TrajectoryFactory()
    on_time = ParticipantFactory(trajectory=trajectory)
    published(trajectory, timezone.now() - dt.timedelta(hours=1))
    ParticipantFactory(trajectory=trajectory)  # added after the feedback went out: never got it
    services.invitations_create(trajectory.pk)
    assert [i.participant for i in Invitation.objects.all()] == [on_time]


def test_a_failing_listener_does_not_undo_the_publication(
    chain, coordinator_user, django_capture_on_commit_callbacks, caplog
):
    from participatiehub.trajectories import hooks

    def broken(trajectory_id):
        raise RuntimeError("listener down")

    ParticipantFactory(trajectory=chain)
    hooks.feedback_published_register(broken)
    try:
        _publish(chain, coordinator_user, django_capture_on_commit_callbacks)
    finally:
        hooks._feedback_published.remove(broken)
    assert Feedback.objects.get(trajectory=chain).published_at is not None
    assert "listener down" in caplog.text
    assert Invitation.objects.count() == 1  # the other listener (ours) still ran
