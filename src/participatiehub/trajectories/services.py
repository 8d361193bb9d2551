"""Writes for trajectories: each function is one transaction and checks who may do it.

Refusals raise ``ServiceError`` (a Dutch message through gettext) and change nothing.
Participants are personal data: every staff read and write goes into the processing log in the
same transaction. E-mail goes through the outbox (``core.services.email_queue``) and leaves after
commit. The question moves through ``questions.workflow.question_transition``. Each service that
changes what the public question pages show carries ``@bumps_version("questions")`` (ADR 0004).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from participatiehub.audit.services import processing_log_write
from participatiehub.core.exceptions import ConcurrentEditError, ServiceError
from participatiehub.core.services import bumps_version, email_queue
from participatiehub.hubs.constants import ParticipationForm
from participatiehub.network.models import ParticipationBody
from participatiehub.questions.constants import LadderRung, QuestionStatus
from participatiehub.questions.models import PolicyQuestion
from participatiehub.questions.workflow import question_transition

from . import hooks, selectors
from .constants import ALLOWED_DOCUMENTS, MAX_DOCUMENT_BYTES, ActivityKind, Decision
from .models import (
    Activity,
    Advice,
    Document,
    Feedback,
    Recommendation,
    Response,
    Trajectory,
    TrajectoryParticipant,
)

#: Days before the answer's due date that the decision-makers get a reminder.
REMINDER_DAYS_BEFORE = 14

PARTICIPANT_SUBJECT_TYPE = "trajectory_participant"
PARTICIPANTS_PURPOSE = "Terugkoppeling aan deelnemers van een participatietraject"

CHANGE = "trajectories.change_trajectory"
ANSWER = "trajectories.answer_recommendations"
PUBLISH = "trajectories.publish_feedback"

#: Dutch labels for the e-mails, which are always Dutch whatever the sender's interface language.
DECISION_NL = {
    Decision.ADOPTED: "overgenomen",
    Decision.PARTLY_ADOPTED: "deels overgenomen",
    Decision.NOT_ADOPTED: "niet overgenomen",
}


# --- helpers ----------------------------------------------------------------------------------


def _require(actor, perm: str, question: PolicyQuestion, message: str | None = None) -> None:
    if actor is None or not actor.has_perm(perm, question):
        raise ServiceError(message or _("Only the coordinator of this hub may do this."))


def _not_closed(question: PolicyQuestion) -> None:
    if question.status == QuestionStatus.CLOSED:
        raise ServiceError(_("This question is closed. Nothing can be changed any more."))


def _base_url(base_url: str | None) -> str:
    return (base_url or getattr(settings, "PH_SITE_URL", "") or "http://localhost:8000").rstrip("/")


def _url(name: str, *args) -> str:
    """A path, or "" while the named URL does not exist (e.g. another app is not wired up yet)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def public_question_link(question: PolicyQuestion, base_url: str | None = None) -> str:
    """The absolute address of the question's public page ("" while that page does not exist)."""
    path = _url("questions:public_detail", question.pk)
    return _base_url(base_url) + path if path else ""


def _render_email(template: str, context: dict) -> tuple[str, str]:
    """Subject (first line) and body of a Dutch e-mail template."""
    with translation.override("nl"):
        text = render_to_string(f"trajectories/email/{template}", context)
    subject, _sep, body = text.lstrip().partition("\n")
    return subject.strip(), body.lstrip("\n")


def _clean_forms(forms: Iterable[str]) -> list[str]:
    values = list(dict.fromkeys(str(f) for f in forms))
    unknown = [f for f in values if f not in ParticipationForm.values]
    if unknown:
        raise ServiceError(_("Unknown form of participation."))
    return values


def _clean_bodies(hub_id: int, bodies: Iterable[ParticipationBody]) -> list[ParticipationBody]:
    bodies = list(bodies)
    if any(b.hub_id != hub_id for b in bodies):
        raise ServiceError(_("Choose participation bodies from your own hub's network."))
    return bodies


def _clean_rung(rung: str) -> str:
    if rung and rung not in LadderRung.values:
        raise ServiceError(_("Unknown rung of the participation ladder."))
    return rung or ""


def _lock_trajectory(trajectory: Trajectory) -> Trajectory:
    return Trajectory.objects.select_for_update().select_related("question", "hub").get(pk=trajectory.pk)


def _log_participants(*, actor, trajectory: Trajectory, activity: str, operation: str, ids: Sequence[int]) -> None:
    processing_log_write(
        actor=actor,
        activity=activity,
        purpose=PARTICIPANTS_PURPOSE,
        operation=operation,
        subject_type=PARTICIPANT_SUBJECT_TYPE,
        subject_ids=ids,
        hub_id=trajectory.hub_id,
    )


# --- trajectory -------------------------------------------------------------------------------


def _check_started_on(question: PolicyQuestion, started_on: dt.date | None) -> None:
    """A trajectory answers a question: it cannot start before the question was submitted."""
    if started_on is None or question.submitted_at is None:
        return
    submitted_on = timezone.localdate(question.submitted_at)
    if started_on < submitted_on:
        raise ServiceError(
            _("The trajectory cannot start before the question was submitted (%(date)s).")
            % {"date": date_format(submitted_on)}
        )


@bumps_version("questions")
def trajectory_start(
    *,
    actor,
    question: PolicyQuestion,
    forms: Iterable[str] = (),
    bodies: Iterable[ParticipationBody] = (),
    description: str = "",
    delivered_rung: str = "",
    started_on: dt.date | None = None,
) -> Trajectory:
    """Start participation for an accepted question; the question moves to "in progress"."""
    _require(actor, CHANGE, question)
    with transaction.atomic():
        locked = PolicyQuestion.objects.select_for_update().get(pk=question.pk)
        if Trajectory.objects.filter(question=locked).exists():
            raise ServiceError(_("This question already has a trajectory."))
        if locked.status != QuestionStatus.ACCEPTED:
            raise ServiceError(_("A trajectory can only be started for an accepted question."))
        _check_started_on(locked, started_on)
        trajectory = Trajectory.objects.create(
            question=locked,
            hub_id=locked.hub_id,
            description=description.strip(),
            forms=_clean_forms(forms),
            delivered_rung=_clean_rung(delivered_rung),
            started_on=started_on or timezone.localdate(),
        )
        trajectory.bodies.set(_clean_bodies(locked.hub_id, bodies))
        question_transition(question=locked, to_status=QuestionStatus.IN_PROGRESS, user=actor)
    question.refresh_from_db()
    return trajectory


@bumps_version("questions")
def trajectory_update(
    *,
    actor,
    trajectory: Trajectory,
    expected_version: int,
    forms: Iterable[str] = (),
    bodies: Iterable[ParticipationBody] = (),
    description: str = "",
    delivered_rung: str = "",
    started_on: dt.date | None = None,
) -> Trajectory:
    """Save the edit only when nobody saved since ``expected_version`` (ConcurrentEditError otherwise)."""
    _require(actor, CHANGE, trajectory.question)
    _not_closed(trajectory.question)
    values = {
        "forms": _clean_forms(forms),
        "description": description.strip(),
        "delivered_rung": _clean_rung(delivered_rung),
    }
    if started_on is not None:  # the start date can be corrected, not removed
        _check_started_on(trajectory.question, started_on)
        values["started_on"] = started_on
    bodies = _clean_bodies(trajectory.hub_id, bodies)
    with transaction.atomic():
        updated = Trajectory.objects.filter(pk=trajectory.pk, version=expected_version).update(
            version=F("version") + 1, updated_at=timezone.now(), **values
        )
        if not updated:
            raise ConcurrentEditError(
                _("Someone else changed this trajectory while you were editing it. Your changes have not been saved.")
            )
        trajectory.bodies.set(bodies)
    trajectory.refresh_from_db()
    return trajectory


# --- activities -------------------------------------------------------------------------------


def _activity_values(kind, title, held_on, online, place, participant_count, notes) -> dict:
    if kind not in ActivityKind.values:
        raise ServiceError(_("Unknown kind of activity."))
    if not (title or "").strip():
        raise ServiceError(_("Give the activity a title."))
    if held_on is None:
        raise ServiceError(_("Give the date of the activity."))
    if participant_count is None or participant_count < 0:
        raise ServiceError(_("The number of participants cannot be negative."))
    return {
        "kind": kind,
        "title": title.strip(),
        "held_on": held_on,
        "online": bool(online),
        "place": (place or "").strip(),
        "participant_count": participant_count,
        "notes": (notes or "").strip(),
    }


@bumps_version("questions")
def activity_add(
    *,
    actor,
    trajectory: Trajectory,
    kind: str,
    title: str,
    held_on: dt.date,
    online: bool = False,
    place: str = "",
    participant_count: int = 0,
    bodies: Iterable[ParticipationBody] = (),
    notes: str = "",
) -> Activity:
    _require(actor, CHANGE, trajectory.question)
    _not_closed(trajectory.question)
    values = _activity_values(kind, title, held_on, online, place, participant_count, notes)
    bodies = _clean_bodies(trajectory.hub_id, bodies)
    with transaction.atomic():
        activity = Activity.objects.create(trajectory=trajectory, **values)
        activity.bodies.set(bodies)
    return activity


@bumps_version("questions")
def activity_update(
    *,
    actor,
    activity: Activity,
    kind: str,
    title: str,
    held_on: dt.date,
    online: bool = False,
    place: str = "",
    participant_count: int = 0,
    bodies: Iterable[ParticipationBody] = (),
    notes: str = "",
) -> Activity:
    trajectory = activity.trajectory
    _require(actor, CHANGE, trajectory.question)
    _not_closed(trajectory.question)
    values = _activity_values(kind, title, held_on, online, place, participant_count, notes)
    bodies = _clean_bodies(trajectory.hub_id, bodies)
    with transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(**values)
        activity.bodies.set(bodies)
    activity.refresh_from_db()
    return activity


@bumps_version("questions")
def activity_remove(*, actor, activity: Activity) -> None:
    _require(actor, CHANGE, activity.trajectory.question)
    _not_closed(activity.trajectory.question)
    with transaction.atomic():
        activity.delete()


# --- documents --------------------------------------------------------------------------------

_DOCX_ENTRIES = {"[Content_Types].xml", "word/document.xml"}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def document_check(uploaded_file) -> str:
    """The file's content type when it is an allowed document (by extension *and* content), else ServiceError."""
    not_allowed = ServiceError(_("This file is not a PDF, DOCX or ODT."))
    extension = os.path.splitext(uploaded_file.name or "")[1].lower()
    if extension not in ALLOWED_DOCUMENTS:
        raise not_allowed
    if uploaded_file.size > MAX_DOCUMENT_BYTES:
        raise ServiceError(_("The file is larger than 10 MB."))
    if uploaded_file.size == 0:
        raise ServiceError(_("The file is empty."))
    content_type, magic = ALLOWED_DOCUMENTS[extension]
    uploaded_file.seek(0)
    head = uploaded_file.read(len(magic))
    uploaded_file.seek(0)
    if head != magic:
        raise not_allowed
    if extension in (".docx", ".odt"):
        try:
            with zipfile.ZipFile(uploaded_file) as archive:
                names = set(archive.namelist())
                if extension == ".docx" and not _DOCX_ENTRIES <= names:
                    raise not_allowed
                if extension == ".odt" and (
                    "mimetype" not in names or archive.read("mimetype").strip() != _ODT_MIMETYPE
                ):
                    raise not_allowed
        except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
            raise not_allowed from None
        finally:
            uploaded_file.seek(0)
    return content_type


@bumps_version("questions")
def document_upload(
    *,
    actor,
    trajectory: Trajectory,
    uploaded_file,
    title: str = "",
    is_public: bool = False,
    activity: Activity | None = None,
) -> Document:
    """Attach a PDF, DOCX or ODT (≤ 10 MB), checked by extension and by its content."""
    _require(actor, CHANGE, trajectory.question)
    _not_closed(trajectory.question)
    if activity is not None and activity.trajectory_id != trajectory.pk:
        raise ServiceError(_("This activity belongs to another trajectory."))
    content_type = document_check(uploaded_file)
    name = os.path.basename(uploaded_file.name)
    safe_name = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "document"
    uploaded_file.name = safe_name
    with transaction.atomic():
        document = Document(
            trajectory=trajectory,
            activity=activity,
            title=(title or "").strip() or name,
            content_type=content_type,
            size=uploaded_file.size,
            is_public=bool(is_public),
            uploaded_by=actor,
        )
        document.file.save(safe_name, uploaded_file, save=False)
        document.save()
    return document


@bumps_version("questions")
def document_update(*, actor, document: Document, title: str, is_public: bool) -> Document:
    _require(actor, CHANGE, document.trajectory.question)
    _not_closed(document.trajectory.question)
    with transaction.atomic():
        Document.objects.filter(pk=document.pk).update(title=title.strip() or document.title, is_public=bool(is_public))
    document.refresh_from_db()
    return document


@bumps_version("questions")
def document_remove(*, actor, document: Document) -> None:
    _require(actor, CHANGE, document.trajectory.question)
    _not_closed(document.trajectory.question)
    with transaction.atomic():
        stored = document.file.name
        document.delete()
        storage = document.file.storage
        transaction.on_commit(lambda: storage.delete(stored))


# --- participants (personal data) -------------------------------------------------------------


def participants_view_log(*, actor, trajectory: Trajectory, participants: Iterable[TrajectoryParticipant]) -> None:
    """Record that ``actor`` was shown these participants (one row per person)."""
    ids = [p.pk for p in participants]
    if ids:
        with transaction.atomic():
            _log_participants(
                actor=actor, trajectory=trajectory, activity="participants.view", operation="read", ids=ids
            )


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ServiceError(_("“%(email)s” is not a valid e-mail address.") % {"email": email}) from None
    return email


@bumps_version("questions")
def participant_add(
    *, actor, trajectory: Trajectory, email: str, name: str = "", wants_feedback: bool = True
) -> tuple[TrajectoryParticipant, bool]:
    """Add someone who took part. An e-mail address already on the list is left as it is."""
    _require(actor, CHANGE, trajectory.question)
    _not_closed(trajectory.question)
    email = _clean_email(email)
    with transaction.atomic():
        participant, created = TrajectoryParticipant.objects.get_or_create(
            trajectory=trajectory,
            email=email,
            defaults={"name": (name or "").strip()[:200], "wants_feedback": bool(wants_feedback)},
        )
        if created:
            _log_participants(
                actor=actor, trajectory=trajectory, activity="participants.add", operation="write", ids=[participant.pk]
            )
    return participant, created


@dataclass
class BulkResult:
    added: int
    skipped: int


def participants_parse(text: str) -> list[tuple[str, str]]:
    """Lines of "name, e-mail" (or just an e-mail) into (name, email) pairs; ServiceError names bad lines."""
    pairs: list[tuple[str, str]] = []
    bad: list[str] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = [p.strip() for p in re.split(r"[,;\t]", line) if p.strip()]
        email = next((p for p in reversed(parts) if "@" in p), "")
        name = " ".join(p for p in parts if p != email)
        try:
            validate_email(email)
        except ValidationError:
            bad.append(str(number))
            continue
        pairs.append((name[:200], email.lower()))
    if bad:
        raise ServiceError(
            _("No valid e-mail address on line %(lines)s. Nothing has been added.") % {"lines": ", ".join(bad)}
        )
    return pairs


@bumps_version("questions")
def participants_bulk_add(*, actor, trajectory: Trajectory, text: str) -> BulkResult:
    """Add pasted lines "name, e-mail"; addresses already on the list (or twice in the text) are skipped."""
    _require(actor, CHANGE, trajectory.question)
    _not_closed(trajectory.question)
    pairs = participants_parse(text)
    if not pairs:
        raise ServiceError(_("Paste at least one line with an e-mail address."))
    with transaction.atomic():
        existing = set(TrajectoryParticipant.objects.filter(trajectory=trajectory).values_list("email", flat=True))
        new = []
        for name, email in pairs:
            if email in existing:
                continue
            existing.add(email)
            new.append(TrajectoryParticipant(trajectory=trajectory, name=name, email=email))
        created = TrajectoryParticipant.objects.bulk_create(new)
        ids = list(
            TrajectoryParticipant.objects.filter(
                trajectory=trajectory, email__in=[p.email for p in created]
            ).values_list("pk", flat=True)
        )
        if ids:
            _log_participants(
                actor=actor, trajectory=trajectory, activity="participants.add", operation="write", ids=ids
            )
    return BulkResult(added=len(new), skipped=len(pairs) - len(new))


@bumps_version("questions")
def participant_remove(*, actor, participant: TrajectoryParticipant) -> None:
    trajectory = participant.trajectory
    _require(actor, CHANGE, trajectory.question)
    with transaction.atomic():
        _log_participants(
            actor=actor, trajectory=trajectory, activity="participants.delete", operation="delete", ids=[participant.pk]
        )
        participant.delete()


@bumps_version("questions")
def participant_unsubscribe(*, token: str) -> TrajectoryParticipant | None:
    """The participant no longer wants feedback e-mails. No log-in needed; the token is the key."""
    with transaction.atomic():
        participant = TrajectoryParticipant.objects.select_for_update().filter(unsubscribe_token=token).first()
        if participant is None:
            return None
        if participant.wants_feedback:
            participant.wants_feedback = False
            participant.save(update_fields=["wants_feedback"])
    return participant


# --- advice -----------------------------------------------------------------------------------


def _clean_recommendations(recommendations: Iterable[str]) -> list[str]:
    return [text.strip() for text in recommendations if text and text.strip()]


@bumps_version("questions")
def advice_save(
    *,
    actor,
    trajectory: Trajectory,
    summary: str,
    recommendations: Iterable[str],
    what_participants_said: str = "",
    document: Document | None = None,
    expected_version: int | None = None,
) -> Advice:
    """Create or change the draft advice; the recommendations are numbered in the given order."""
    _require(actor, CHANGE, trajectory.question)
    _not_closed(trajectory.question)
    if not (summary or "").strip():
        raise ServiceError(_("Write a summary of the advice."))
    if document is not None and document.trajectory_id != trajectory.pk:
        raise ServiceError(_("This document belongs to another trajectory."))
    texts = _clean_recommendations(recommendations)
    with transaction.atomic():
        _lock_trajectory(trajectory)
        advice = Advice.objects.select_for_update().filter(trajectory=trajectory).first()
        if advice is not None and advice.is_delivered:
            raise ServiceError(_("The advice has been delivered. It can no longer be changed."))
        values = {
            "summary": summary.strip(),
            "what_participants_said": (what_participants_said or "").strip(),
            "document": document,
        }
        if advice is None:
            advice = Advice.objects.create(trajectory=trajectory, **values)
        else:
            if expected_version is not None and advice.version != expected_version:
                raise ConcurrentEditError(
                    _("Someone else changed this advice while you were editing it. Your changes have not been saved.")
                )
            for key, value in values.items():
                setattr(advice, key, value)
            advice.version += 1
            advice.save()
        advice.recommendations.all().delete()
        Recommendation.objects.bulk_create(
            [Recommendation(advice=advice, number=i, text=text) for i, text in enumerate(texts, start=1)]
        )
    return advice


def _recipients_for_question(question: PolicyQuestion) -> list[str]:
    emails = selectors.decision_maker_emails(question.asking_organisation_id)
    if question.contact_email:
        emails.append(question.contact_email.lower())
    return list(dict.fromkeys(e.lower() for e in emails))


@bumps_version("questions")
def advice_deliver(*, actor, trajectory: Trajectory, base_url: str | None = None) -> Advice:
    """Deliver the advice to the decision-maker: it becomes final and the question moves on."""
    question = trajectory.question
    _require(actor, CHANGE, question)
    with transaction.atomic():
        _lock_trajectory(trajectory)
        advice = Advice.objects.select_for_update().filter(trajectory=trajectory).first()
        if advice is None:
            raise ServiceError(_("Write the advice first."))
        if advice.is_delivered:
            raise ServiceError(_("The advice has already been delivered."))
        recommendations = list(advice.recommendations.all())
        if not recommendations:
            raise ServiceError(_("Add at least one recommendation before you deliver the advice."))
        question.refresh_from_db()
        if question.status != QuestionStatus.IN_PROGRESS:
            raise ServiceError(_("Advice can only be delivered while participation is in progress."))
        advice.delivered_at = timezone.now()
        advice.save(update_fields=["delivered_at"])
        question_transition(question=question, to_status=QuestionStatus.ADVICE_DELIVERED, user=actor)
        link = _base_url(base_url) + reverse("trajectories:answer", args=[question.pk])
        subject, body = _render_email(
            "advice_delivered.txt",
            {
                "question": question,
                "hub": trajectory.hub,
                "advice": advice,
                "recommendations": recommendations,
                "link": link,
            },
        )
        for email in _recipients_for_question(question):
            email_queue(to=email, subject=subject, body=body, purpose="advice_delivered")
    return advice


# --- answers per recommendation ---------------------------------------------------------------


def _check_url(url: str) -> str:
    url = (url or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ServiceError(_("Give a valid web address (starting with https://).")) from None
    return url


@bumps_version("questions")
def response_record(
    *,
    user,
    recommendation: Recommendation,
    decision: str,
    reason: str = "",
    decided_on: dt.date | None = None,
    decision_document_url: str = "",
) -> Response:
    """The decision-maker's answer to one recommendation. Only the asking organisation's decision-maker.

    One answer per recommendation; it can be changed until the feedback is published. When the
    last recommendation gets its answer, the platform moves the question to "answered".
    """
    advice = recommendation.advice
    trajectory = advice.trajectory
    question = trajectory.question
    _require(user, ANSWER, question, _("Only a decision-maker of the asking organisation may answer the advice."))
    if decision not in Decision.values:
        raise ServiceError(_("Choose: adopted, partly adopted or not adopted."))
    reason = (reason or "").strip()
    if decision != Decision.ADOPTED and not reason:
        raise ServiceError(_("Give a reason. The participants will read it."))
    if decided_on is None:
        raise ServiceError(_("Give the date of the decision."))
    url = _check_url(decision_document_url)
    with transaction.atomic():
        locked = Advice.objects.select_for_update().get(pk=advice.pk)
        if not locked.is_delivered:
            raise ServiceError(_("This advice has not been delivered yet."))
        if Feedback.objects.filter(trajectory_id=trajectory.pk, published_at__isnull=False).exists():
            raise ServiceError(_("The feedback has been published. The answers can no longer be changed."))
        values = {"decision": decision, "reason": reason, "decided_on": decided_on, "decision_document_url": url}
        response = Response.objects.filter(recommendation=recommendation).first()
        if response is None:
            response = Response.objects.create(recommendation=recommendation, responded_by=user, **values)
        else:
            for key, value in values.items():
                setattr(response, key, value)
            response.responded_by = user
            response.save()
        open_count = Recommendation.objects.filter(advice=locked, response__isnull=True).count()
        question.refresh_from_db()
        if open_count == 0 and question.status == QuestionStatus.ADVICE_DELIVERED:
            question_transition(question=question, to_status=QuestionStatus.ANSWERED, system=True)
    return response


@bumps_version("questions")
def responses_record(*, user, answers: Sequence[dict]) -> list[Response]:
    """Several answers at once, all or nothing (each dict holds response_record's keyword arguments)."""
    with transaction.atomic():
        return [response_record(user=user, **answer) for answer in answers]


# --- feedback ---------------------------------------------------------------------------------


@bumps_version("questions")
def feedback_save(
    *, actor, trajectory: Trajectory, what_was_asked: str, what_participants_said: str, closing_words: str = ""
) -> Feedback:
    """Create or change the draft feedback. Nothing is sent and nothing is public yet."""
    _require(actor, PUBLISH, trajectory.question)
    _not_closed(trajectory.question)
    with transaction.atomic():
        _lock_trajectory(trajectory)
        feedback = Feedback.objects.filter(trajectory=trajectory).first()
        if feedback is not None and feedback.published_at:
            raise ServiceError(_("The feedback has been published. It can no longer be changed."))
        values = {
            "what_was_asked": (what_was_asked or "").strip(),
            "what_participants_said": (what_participants_said or "").strip(),
            "closing_words": (closing_words or "").strip(),
        }
        if feedback is None:
            feedback = Feedback.objects.create(trajectory=trajectory, **values)
        else:
            Feedback.objects.filter(pk=feedback.pk).update(**values)
            feedback.refresh_from_db()
    return feedback


def feedback_email(
    *, trajectory: Trajectory, feedback: Feedback, unsubscribe_link: str, public_link: str = ""
) -> tuple[str, str]:
    """Subject and body of the feedback e-mail (also used for the preview in the workspace)."""
    advice = Advice.objects.filter(trajectory=trajectory).first()
    recommendations = []
    if advice is not None:
        for rec in advice.recommendations.select_related("response"):
            response = getattr(rec, "response", None)
            recommendations.append(
                {
                    "number": rec.number,
                    "text": rec.text,
                    "decision": DECISION_NL.get(response.decision, "") if response else "",
                    "reason": response.reason if response else "",
                    "decided_on": response.decided_on if response else None,
                }
            )
    return _render_email(
        "feedback.txt",
        {
            "question": trajectory.question,
            "hub": trajectory.hub,
            "feedback": feedback,
            "recommendations": recommendations,
            "unsubscribe_link": unsubscribe_link,
            "public_link": public_link,
        },
    )


@bumps_version("questions")
def feedback_publish(
    *,
    actor,
    trajectory: Trajectory,
    what_was_asked: str | None = None,
    what_participants_said: str | None = None,
    closing_words: str | None = None,
    base_url: str | None = None,
) -> Feedback:
    """Publish the feedback: dated, public, the question moves to "feedback given", participants are e-mailed.

    Texts given here replace the draft's; what was decided per recommendation comes from the answers.
    """
    question = trajectory.question
    _require(actor, PUBLISH, question)
    with transaction.atomic():
        _lock_trajectory(trajectory)
        feedback = Feedback.objects.select_for_update().filter(trajectory=trajectory).first()
        if feedback is not None and feedback.published_at:
            raise ServiceError(_("The feedback has already been published."))
        question.refresh_from_db()
        if question.status != QuestionStatus.ANSWERED:
            raise ServiceError(
                _("Feedback can be published once the decision-maker has answered every recommendation.")
            )
        if feedback is None:
            feedback = Feedback(trajectory=trajectory)
        if what_was_asked is not None:
            feedback.what_was_asked = what_was_asked.strip()
        if what_participants_said is not None:
            feedback.what_participants_said = what_participants_said.strip()
        if closing_words is not None:
            feedback.closing_words = closing_words.strip()
        if not feedback.what_was_asked or not feedback.what_participants_said:
            raise ServiceError(_("Fill in what was asked and what the participants said."))
        feedback.published_at = timezone.now()
        feedback.published_by = actor
        feedback.save()
        question_transition(question=question, to_status=QuestionStatus.FEEDBACK_GIVEN, user=actor)
        hooks.feedback_published(trajectory.pk)  # e.g. the questionnaire's invitations, after commit

        root = _base_url(base_url)
        public_link = public_question_link(question, root)
        recipients = list(TrajectoryParticipant.objects.filter(trajectory=trajectory, wants_feedback=True))
        for participant in recipients:
            unsubscribe = root + reverse("trajectories:unsubscribe", args=[participant.unsubscribe_token])
            subject, body = feedback_email(
                trajectory=trajectory, feedback=feedback, unsubscribe_link=unsubscribe, public_link=public_link
            )
            email_queue(to=participant.email, subject=subject, body=body, purpose="trajectory_feedback")
        if recipients:
            _log_participants(
                actor=actor,
                trajectory=trajectory,
                activity="participants.feedback_email",
                operation="read",
                ids=[p.pk for p in recipients],
            )
    return feedback


# --- reminders --------------------------------------------------------------------------------


@bumps_version("questions")
def answer_reminders_send(*, today: dt.date | None = None, base_url: str | None = None) -> int:
    """E-mail the decision-makers about unanswered advice: once ``REMINDER_DAYS_BEFORE`` days before the
    due date, and once after it has passed. Idempotent: each reminder is claimed with a conditional
    update of ``reminder_*_sent_at``, so running twice (or twice at the same time) sends once.
    Returns the number of reminders sent (per advice, not per recipient).
    """
    today = today or timezone.localdate()
    candidates = (
        Advice.objects.filter(
            delivered_at__isnull=False,
            trajectory__question__answer_due_date__isnull=False,
            trajectory__question__status=QuestionStatus.ADVICE_DELIVERED,
            recommendations__response__isnull=True,
        )
        .filter(reminder_after_sent_at__isnull=True)
        .select_related("trajectory__question", "trajectory__hub")
        .distinct()
    )
    sent = 0
    for advice in candidates:
        question = advice.trajectory.question
        due = question.answer_due_date
        if today > due:
            field, template = "reminder_after_sent_at", "reminder_after.txt"
        elif today >= due - dt.timedelta(days=REMINDER_DAYS_BEFORE) and advice.reminder_before_sent_at is None:
            field, template = "reminder_before_sent_at", "reminder_before.txt"
        else:
            continue
        with transaction.atomic():
            claimed = Advice.objects.filter(pk=advice.pk, **{f"{field}__isnull": True}).update(
                **{field: timezone.now()}
            )
            if not claimed:
                continue
            open_count = Recommendation.objects.filter(advice=advice, response__isnull=True).count()
            link = _base_url(base_url) + reverse("trajectories:answer", args=[question.pk])
            subject, body = _render_email(
                template,
                {
                    "question": question,
                    "hub": advice.trajectory.hub,
                    "due": due,
                    "open_count": open_count,
                    "link": link,
                },
            )
            for email in _recipients_for_question(question):
                email_queue(to=email, subject=subject, body=body, purpose="answer_reminder")
        sent += 1
    return sent
