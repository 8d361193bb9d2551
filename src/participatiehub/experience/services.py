"""Writes for the questionnaire: invitations (made after feedback is published, sent by a task) and answers.

- ``invitations_create`` runs after the publication of a trajectory's feedback commits (through
  ``tasks.after_feedback_published``, registered with ``trajectories.hooks``): one invitation row per participant who wants to hear back, to be sent
  ``INVITE_AFTER_DAYS`` days later (first the feedback, then the questions). Rows first, e-mail later: the task ``send_questionnaire_invitations`` sends whatever is unsent, so nothing is lost when it
  fails; it can run again (and ``manage.py send_questionnaire_invitations`` runs it by hand or from cron).
- ``invitations_send`` makes each link's token at the moment it is sent, stores only its sha256 and queues
  the e-mail in the outbox (``core.services.email_queue``). It sends the e-mail straight away and then
  removes the link from the stored message, so no working link stays in the database.
- ``response_submit`` stores one anonymous answer per link: the answer keeps the trajectory, the hub and
  the day, nothing that leads back to the invitation or the person.

Refusals raise ``ServiceError`` (a Dutch message through gettext) and change nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participatiehub.audit.services import processing_log_write
from participatiehub.core.exceptions import ServiceError
from participatiehub.core.models import OutgoingEmail
from participatiehub.core.services import data_version_bump, email_queue
from participatiehub.trajectories.models import Feedback, TrajectoryParticipant

from .constants import (
    COMMENT_MAX_LENGTH,
    EMAIL_PURPOSE,
    INVITE_AFTER_DAYS,
    INVITE_WITHIN_WEEKS,
    ITEM_CODES,
    LINK_REMOVED,
    LINK_VALID_WEEKS,
    RESPONSES_VERSION,
    Answer,
)
from .models import Invitation, QuestionnaireResponse

logger = logging.getLogger(__name__)

PARTICIPANT_SUBJECT_TYPE = "trajectory_participant"
INVITATION_PURPOSE = "Vragenlijst voor deelnemers over hun ervaring, na de terugkoppeling"


class LinkUnknown(ServiceError):
    """No invitation has this link (mistyped, or never made)."""


class LinkExpired(ServiceError):
    """The link worked once but its weeks are over."""


class AlreadyAnswered(ServiceError):
    """Someone already answered with this link."""


# --- tokens -----------------------------------------------------------------------------------


def token_new() -> str:
    """A random link token that cannot be guessed (256 bits)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database keeps of a token: its sha256 (hex)."""
    return hashlib.sha256((token or "").encode()).hexdigest()


def _base_url(base_url: str | None) -> str:
    return (base_url or getattr(settings, "PH_SITE_URL", "") or "http://localhost:8000").rstrip("/")


def _link_pattern() -> re.Pattern:
    prefix = reverse("experience:answer", args=["TOKEN"]).split("TOKEN")[0]
    return re.compile(r"\S*" + re.escape(prefix) + r"[A-Za-z0-9_-]+/?")


def _window_start(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(weeks=INVITE_WITHIN_WEEKS)


# --- invitations --------------------------------------------------------------------------------


def _create_for(feedback: list[tuple[int, dt.datetime]]) -> int:
    """Invitation rows for every participant of these (trajectory id, published at) who wants to hear back,
    was on the list at the publication and has none yet; each is sent ``INVITE_AFTER_DAYS`` after it."""
    send_after = {pk: published + dt.timedelta(days=INVITE_AFTER_DAYS) for pk, published in feedback}
    # Only who was on the list when the feedback went out (and so got it): someone added later never
    # heard back, and is not asked how that went.
    got_feedback = Q()
    for trajectory_id, published in feedback:
        got_feedback |= Q(trajectory_id=trajectory_id, added_at__lte=published)
    participants = (
        TrajectoryParticipant.objects.filter(got_feedback)
        .filter(wants_feedback=True, questionnaire_invitation__isnull=True)
        .values_list("pk", "trajectory_id")
    )
    created = Invitation.objects.bulk_create(
        [
            Invitation(trajectory_id=trajectory_id, participant_id=pk, send_after=send_after[trajectory_id])
            for pk, trajectory_id in participants
        ],
        ignore_conflicts=True,  # the same participant, made at the same time by the catch-up: one row
    )
    return len(created)


def invitations_create(trajectory_id: int, *, now: dt.datetime | None = None) -> dt.datetime | None:
    """After a trajectory's feedback was published: invitations for its participants who want to hear back.

    Idempotent (one invitation per participant). Nothing is made when the feedback is not published or
    was published more than ``INVITE_WITHIN_WEEKS`` weeks ago. Returns the moment the invitations made
    go out (``INVITE_AFTER_DAYS`` after the publication), or None when none were made; the caller
    (``tasks.after_feedback_published``) queues the sending task for that moment."""
    now = now or timezone.now()
    with transaction.atomic():
        published = (
            Feedback.objects.filter(
                trajectory_id=trajectory_id, published_at__isnull=False, published_at__gte=_window_start(now)
            )
            .values_list("published_at", flat=True)
            .first()
        )
        if published is None or not _create_for([(trajectory_id, published)]):
            return None
    return published + dt.timedelta(days=INVITE_AFTER_DAYS)


def invitations_catch_up(*, now: dt.datetime | None = None, trajectory_ids: Iterable[int] | None = None) -> int:
    """Invitations that ``invitations_create`` should have made but did not (the process stopped between
    the publication and its after-commit step): for every feedback published within the window."""
    now = now or timezone.now()
    published = Feedback.objects.filter(published_at__gte=_window_start(now), published_at__lte=now)
    if trajectory_ids is not None:
        published = published.filter(trajectory_id__in=list(trajectory_ids))
    feedback = list(published.values_list("trajectory_id", "published_at"))
    if not feedback:
        return 0
    with transaction.atomic():
        return _create_for(feedback)


def invitation_email(*, invitation: Invitation, link: str, unsubscribe_link: str) -> tuple[str, str]:
    """Subject and body of the invitation e-mail (always Dutch, like every e-mail to participants)."""
    trajectory = invitation.trajectory
    with translation.override("nl"):
        text = render_to_string(
            "experience/email/invitation.txt",
            {
                "question": trajectory.question,
                "hub": trajectory.hub,
                "link": link,
                "expires_on": timezone.localtime(invitation.expires_at).date(),
                "unsubscribe_link": unsubscribe_link,
            },
        )
    subject, _sep, body = text.lstrip().partition("\n")
    return subject.strip(), body.lstrip("\n")


def _send_one(pk: int, *, root: str, now: dt.datetime) -> int | None:
    """Make the link of one unsent invitation and queue its e-mail. Returns the outbox id (None: not sent)."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .filter(pk=pk, sent_at__isnull=True, cancelled=False, send_after__lte=now)
            .select_related("participant", "trajectory__question", "trajectory__hub", "trajectory__feedback")
            .first()
        )
        if invitation is None:  # sent or cancelled meanwhile
            return None
        feedback = getattr(invitation.trajectory, "feedback", None)
        published = feedback.published_at if feedback is not None else None
        if not invitation.participant.wants_feedback or published is None or published < _window_start(now):
            invitation.cancelled = True
            invitation.save(update_fields=["cancelled"])
            return None
        token = token_new()
        invitation.token_hash = token_hash(token)
        invitation.sent_at = now
        invitation.expires_at = now + dt.timedelta(weeks=LINK_VALID_WEEKS)
        subject, body = invitation_email(
            invitation=invitation,
            link=root + reverse("experience:answer", args=[token]),
            unsubscribe_link=root
            + reverse("trajectories:unsubscribe", args=[invitation.participant.unsubscribe_token]),
        )
        message = email_queue(to=invitation.participant.email, subject=subject, body=body, purpose=EMAIL_PURPOSE)
        invitation.email = message
        invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "email"])
        processing_log_write(
            actor=None,
            activity="participants.questionnaire_invitation",
            purpose=INVITATION_PURPOSE,
            operation="read",
            subject_type=PARTICIPANT_SUBJECT_TYPE,
            subject_ids=[invitation.participant_id],
            hub_id=invitation.trajectory.hub_id,
        )
    return message.pk


def invitations_send(
    *, base_url: str | None = None, now: dt.datetime | None = None, trajectory_ids: Iterable[int] | None = None
) -> int:
    """Send every invitation whose moment has come and that was not sent yet (after making any that are
    missing), of every trajectory or of ``trajectory_ids``. Safe to run again at any time: each invitation
    is sent once. Returns how many were sent now."""
    from participatiehub.core.tasks import send_email

    now = now or timezone.now()
    root = _base_url(base_url)
    trajectory_ids = list(trajectory_ids) if trajectory_ids is not None else None
    invitations_catch_up(now=now, trajectory_ids=trajectory_ids)
    pending = Invitation.objects.filter(sent_at__isnull=True, cancelled=False, send_after__lte=now)
    if trajectory_ids is not None:
        pending = pending.filter(trajectory_id__in=list(trajectory_ids))
    pending = list(pending.order_by("pk").values_list("pk", flat=True))
    sent = []
    for pk in pending:
        try:
            message_pk = _send_one(pk, root=root, now=now)
        except Exception:  # noqa: BLE001 - one bad row must not stop the others; it stays unsent for the next run
            logger.exception("Questionnaire invitation %s could not be queued", pk)
            continue
        if message_pk is not None:
            sent.append(message_pk)
    # Send now (the outbox's own task code; its queued run then finds them sent), so the link leaves the
    # database at once. A failed send stays in the outbox with its retries; a later run removes its link.
    for message_pk in sent:
        send_email.call(message_pk)
    links_remove()
    return len(sent)


def links_remove() -> int:
    """Remove the personal link from every invitation e-mail the outbox has sent. Returns how many."""
    pattern = _link_pattern()
    done = 0
    rows = Invitation.objects.filter(email__isnull=False, email__status=OutgoingEmail.Status.SENT).select_related(
        "email"
    )
    for invitation in rows:
        with transaction.atomic():
            body = pattern.sub(LINK_REMOVED, invitation.email.body)
            OutgoingEmail.objects.filter(pk=invitation.email_id).update(body=body)
            Invitation.objects.filter(pk=invitation.pk).update(email=None)
        done += 1
    return done


# --- answers --------------------------------------------------------------------------------------


def _clean_answers(answers: Mapping[str, str]) -> dict[str, str]:
    values = {}
    for code in ITEM_CODES:
        value = (answers.get(code) or "").strip()
        if value not in Answer.values:
            raise ServiceError(_("Choose an answer for every question. “I don't know” is an answer too."))
        values[code] = value
    return values


def _day(now: dt.datetime) -> dt.datetime:
    """Midnight, Dutch time, of the day of ``now``: the only time an answer keeps."""
    return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)


def response_submit(
    *, token: str, answers: Mapping[str, str], comment: str = "", now: dt.datetime | None = None
) -> QuestionnaireResponse:
    """Store one answer for the invitation with this link's ``token``, and mark the invitation used.

    Raises ``LinkUnknown``, ``LinkExpired`` or ``AlreadyAnswered`` (nothing changes), or ``ServiceError``
    for an incomplete answer. The answer keeps no link to the invitation or the participant."""
    now = now or timezone.now()
    values = _clean_answers(answers)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ServiceError(_("Your comment is too long. Use at most %(max)s characters.") % {"max": COMMENT_MAX_LENGTH})
    if not token or len(token) > 100:
        raise LinkUnknown(_("This link is not known."))
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .filter(token_hash=token_hash(token), sent_at__isnull=False)
            .select_related("trajectory")
            .first()
        )
        if invitation is None:
            raise LinkUnknown(_("This link is not known."))
        if invitation.used:
            raise AlreadyAnswered(_("You have already answered the questions. Thank you!"))
        if invitation.expires_at is not None and invitation.expires_at <= now:
            raise LinkExpired(_("This link has expired."))
        # Claimed with a conditional update: two submits at the same moment store one answer.
        if not Invitation.objects.filter(pk=invitation.pk, used=False).update(used=True):
            raise AlreadyAnswered(_("You have already answered the questions. Thank you!"))
        response = QuestionnaireResponse.objects.create(
            hub_id=invitation.trajectory.hub_id,
            trajectory_id=invitation.trajectory_id,
            submitted_at=_day(now),
            comment=comment,
            **values,
        )
    data_version_bump(RESPONSES_VERSION)
    return response
