"""Writes for the participation scan: template versions (a published version never changes; the office
changes a draft copy and publishes it), rounds (opening makes a response per active hub and invites its
coordinators), the hubs' answers (every save checks the version) and submission, reopening and the
reminders. Each function is one transaction; e-mail leaves after commit (core.services.email_queue).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participatiehub.accounts.constants import Role
from participatiehub.accounts.models import User
from participatiehub.core.exceptions import ConcurrentEditError, ServiceError
from participatiehub.core.services import data_version_bump, email_queue
from participatiehub.hubs.constants import HubStatus
from participatiehub.hubs.models import Hub

from .constants import (
    COMMENT_MAX,
    DEFAULT_REMINDER_DAYS,
    EDITABLE,
    EventKind,
    ReminderKind,
    ResponseStatus,
    VersionStatus,
)
from .models import (
    Answer,
    AnswerScale,
    Dimension,
    DimensionComment,
    Question,
    ReminderSent,
    ResponseEvent,
    ScalePoint,
    ScanResponse,
    ScanRound,
    ScanTemplate,
    TemplateVersion,
)

#: The data version of the scan's pages and scores (rounds, responses, templates).
SCANS_VERSION = "scans"
#: The answer "not applicable" as the form posts it.
NOT_APPLICABLE = "na"


class IncompleteError(ServiceError):
    """Submission refused: ``missing`` lists the required questions without an answer."""

    def __init__(self, missing: list[Question]):
        self.missing = missing
        super().__init__(_("Answer every required question before you submit. Nothing was submitted."))


def _stale(what: str) -> ConcurrentEditError:
    if what == "template":
        message = _(
            "Someone else changed this template in the meantime. Nothing was saved. Reload the page to see the latest version."
        )
    else:
        message = _(
            "Someone else saved this scan in the meantime. Nothing was saved. Reload the page to see the latest version."
        )
    return ConcurrentEditError(message)


# --- e-mail -------------------------------------------------------------------------------------


def _link(name: str, *args) -> str:
    return settings.PH_SITE_URL.rstrip("/") + reverse(name, args=args)


def coordinator_addresses(hub_id: int) -> list[str]:
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.HUB_COORDINATOR,
            role_assignments__hub_id=hub_id,
            role_assignments__revoked_at__isnull=True,
        )
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def _send(template: str, recipients: Iterable[str], context: dict, *, purpose: str) -> int:
    """Queue the Dutch e-mail ``scans/email/<template>`` (subject on its first line) to each address."""
    with translation.override("nl"):
        text = render_to_string(f"scans/email/{template}", context)
    subject, _sep, body = text.lstrip().partition("\n")
    sent = 0
    for address in dict.fromkeys(a for a in recipients if a):
        email_queue(to=address, subject=subject.strip(), body=body.lstrip("\n"), purpose=f"scan_{purpose}")
        sent += 1
    return sent


def _to_coordinators(response: ScanResponse, template: str, **extra) -> int:
    scan_round = response.scan_round
    context = {
        "response": response,
        "round": scan_round,
        "hub": response.hub,
        "deadline": timezone.localtime(scan_round.deadline),
        "link": _link("scans:response", response.pk),
        **extra,
    }
    return _send(template, coordinator_addresses(response.hub_id), context, purpose=template.removesuffix(".txt"))


# --- template versions --------------------------------------------------------------------------


@transaction.atomic
def template_create(*, actor, name: str, description: str = "") -> TemplateVersion:
    """A new template with an empty draft version 1 (and the usual 1–5 scale to start from)."""
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Give the template a name."))
    if ScanTemplate.objects.filter(name__iexact=name).exists():
        raise ServiceError(_("A template with this name already exists."))
    template = ScanTemplate.objects.create(name=name, description=(description or "").strip())
    version = TemplateVersion.objects.create(template=template, number=1, created_by=actor)
    scale = AnswerScale.objects.create(template_version=version, name="Helemaal niet – helemaal wel")
    labels = ("Helemaal niet", "Een beetje", "Deels", "Grotendeels", "Helemaal wel")
    ScalePoint.objects.bulk_create(ScalePoint(scale=scale, value=n, label=label) for n, label in enumerate(labels, 1))
    data_version_bump(SCANS_VERSION)
    return version


def _copy_version(source: TemplateVersion, *, number: int, actor) -> TemplateVersion:
    draft = TemplateVersion.objects.create(template_id=source.template_id, number=number, created_by=actor)
    scales = {}
    for scale in source.scales.prefetch_related("points"):
        copy = AnswerScale.objects.create(
            template_version=draft,
            name=scale.name,
            allows_not_applicable=scale.allows_not_applicable,
            not_applicable_label=scale.not_applicable_label,
        )
        ScalePoint.objects.bulk_create(ScalePoint(scale=copy, value=p.value, label=p.label) for p in scale.points.all())
        scales[scale.pk] = copy
    for dimension in source.dimensions.prefetch_related("questions"):
        copy = Dimension.objects.create(
            template_version=draft,
            code=dimension.code,
            name=dimension.name,
            explanation=dimension.explanation,
            order=dimension.order,
        )
        Question.objects.bulk_create(
            Question(
                dimension=copy,
                scale=scales[q.scale_id],
                text=q.text,
                help_text=q.help_text,
                order=q.order,
                required=q.required,
            )
            for q in dimension.questions.all()
        )
    return draft


@transaction.atomic
def template_draft(*, actor, template: ScanTemplate) -> TemplateVersion:
    """The template's draft version to change: the existing one, or a new copy of the latest published
    version. Rounds keep the published version they were opened with."""
    ScanTemplate.objects.select_for_update().get(pk=template.pk)
    draft = TemplateVersion.objects.filter(template=template, status=VersionStatus.DRAFT).first()
    if draft is not None:
        return draft
    latest = TemplateVersion.objects.filter(template=template).order_by("-number").first()
    if latest is None:
        draft = TemplateVersion.objects.create(template=template, number=1, created_by=actor)
    else:
        draft = _copy_version(latest, number=latest.number + 1, actor=actor)
    data_version_bump(SCANS_VERSION)
    return draft


def _lock_draft(template_version_id: int, expected_version: int | None) -> TemplateVersion:
    locked = TemplateVersion.objects.select_for_update().get(pk=template_version_id)
    if locked.status != VersionStatus.DRAFT:
        raise ServiceError(
            _("This version is published and no longer changes. Make a new version to change the template.")
        )
    if expected_version is not None and locked.version != expected_version:
        raise _stale("template")
    locked.version += 1
    locked.save(update_fields=["version"])
    data_version_bump(SCANS_VERSION)
    return locked


def _text(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(message)
    return value


@transaction.atomic
def dimension_add(
    *,
    actor,
    template_version: TemplateVersion,
    expected_version: int | None,
    code: str,
    name: str,
    explanation: str = "",
    order: int = 0,
) -> Dimension:
    locked = _lock_draft(template_version.pk, expected_version)
    code = _text(code, _("Give the dimension a code.")).lower()
    if locked.dimensions.filter(code=code).exists():
        raise ServiceError(_("This version already has a dimension with the code %(code)s.") % {"code": code})
    return Dimension.objects.create(
        template_version=locked,
        code=code,
        name=_text(name, _("Give the dimension a name.")),
        explanation=(explanation or "").strip(),
        order=order or 0,
    )


@transaction.atomic
def dimension_update(
    *, actor, dimension: Dimension, expected_version: int | None, name: str, explanation: str = "", order: int = 0
) -> Dimension:
    """Change a dimension of a draft; its code never changes (other apps and earlier rounds use it)."""
    _lock_draft(dimension.template_version_id, expected_version)
    dimension.name = _text(name, _("Give the dimension a name."))
    dimension.explanation = (explanation or "").strip()
    dimension.order = order or 0
    dimension.save(update_fields=["name", "explanation", "order"])
    return dimension


@transaction.atomic
def dimension_remove(*, actor, dimension: Dimension, expected_version: int | None) -> None:
    _lock_draft(dimension.template_version_id, expected_version)
    dimension.delete()


def _scale_of(template_version_id: int, scale: AnswerScale) -> AnswerScale:
    if scale is None or scale.template_version_id != template_version_id:
        raise ServiceError(_("Choose an answer scale of this version."))
    return scale


@transaction.atomic
def question_add(
    *,
    actor,
    dimension: Dimension,
    expected_version: int | None,
    text: str,
    scale: AnswerScale,
    help_text: str = "",
    order: int = 0,
    required: bool = True,
) -> Question:
    _lock_draft(dimension.template_version_id, expected_version)
    return Question.objects.create(
        dimension=dimension,
        scale=_scale_of(dimension.template_version_id, scale),
        text=_text(text, _("Write the question.")),
        help_text=(help_text or "").strip(),
        order=order or 0,
        required=required,
    )


@transaction.atomic
def question_update(
    *,
    actor,
    question: Question,
    expected_version: int | None,
    text: str,
    scale: AnswerScale,
    help_text: str = "",
    order: int = 0,
    required: bool = True,
) -> Question:
    version_id = question.dimension.template_version_id
    _lock_draft(version_id, expected_version)
    question.text = _text(text, _("Write the question."))
    question.scale = _scale_of(version_id, scale)
    question.help_text = (help_text or "").strip()
    question.order = order or 0
    question.required = required
    question.save(update_fields=["text", "scale", "help_text", "order", "required"])
    return question


@transaction.atomic
def question_remove(*, actor, question: Question, expected_version: int | None) -> None:
    _lock_draft(question.dimension.template_version_id, expected_version)
    question.delete()


@transaction.atomic
def scale_add(
    *,
    actor,
    template_version: TemplateVersion,
    expected_version: int | None,
    name: str,
    labels: list[str],
    allows_not_applicable: bool = True,
    not_applicable_label: str = "",
) -> AnswerScale:
    """A scale with a label per point, valued 1, 2, 3, … from the first label (the lowest)."""
    locked = _lock_draft(template_version.pk, expected_version)
    labels = [label.strip() for label in labels if label and label.strip()]
    if not 2 <= len(labels) <= 11:
        raise ServiceError(_("A scale has between 2 and 11 points: write one label per line."))
    if any(len(label) > 100 for label in labels):
        raise ServiceError(_("A label has at most 100 characters."))
    if allows_not_applicable and not (not_applicable_label or "").strip():
        not_applicable_label = "Weet ik niet / niet van toepassing"
    scale = AnswerScale.objects.create(
        template_version=locked,
        name=_text(name, _("Give the scale a name.")),
        allows_not_applicable=allows_not_applicable,
        not_applicable_label=(not_applicable_label or "").strip(),
    )
    ScalePoint.objects.bulk_create(ScalePoint(scale=scale, value=n, label=label) for n, label in enumerate(labels, 1))
    return scale


@transaction.atomic
def scale_remove(*, actor, scale: AnswerScale, expected_version: int | None) -> None:
    _lock_draft(scale.template_version_id, expected_version)
    if scale.questions.exists():
        raise ServiceError(_("Questions use this scale. Give them another scale first."))
    scale.delete()


@transaction.atomic
def version_publish(
    *, actor, template_version: TemplateVersion, expected_version: int | None, note: str = ""
) -> TemplateVersion:
    """Publish a draft: from now on rounds can use it, and it never changes again."""
    locked = _lock_draft(template_version.pk, expected_version)
    dimensions = list(locked.dimensions.prefetch_related("questions"))
    if not dimensions:
        raise ServiceError(_("Add at least one dimension before you publish."))
    empty = [d.name for d in dimensions if not d.questions.all()]
    if empty:
        raise ServiceError(
            _("Every dimension needs a question. Without questions: %(names)s.") % {"names": ", ".join(empty)}
        )
    locked.status = VersionStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = actor
    locked.note = (note or "").strip()
    locked.save(update_fields=["status", "published_at", "published_by", "note"])
    return locked


# --- rounds -------------------------------------------------------------------------------------


def active_hubs():
    """Hubs that take part in a round: every hub that has not stopped."""
    return Hub.objects.exclude(status=HubStatus.STOPPED).order_by("name")


def reminder_days_parse(text: str) -> list[int]:
    """ "14, 3" → [14, 3]; an empty text gives the default days. Refuses anything but whole days 1–90."""
    text = (text or "").replace(";", ",").strip()
    if not text:
        return list(DEFAULT_REMINDER_DAYS)
    days = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdecimal() or not 1 <= int(part) <= 90:
            raise ServiceError(
                _("Reminder days are whole numbers from 1 to 90, separated by commas (for example 14, 3).")
            )
        days.append(int(part))
    return sorted(set(days), reverse=True)


@transaction.atomic
def round_open(
    *,
    actor,
    year: int,
    template_version: TemplateVersion,
    opens_on: dt.date,
    deadline: dt.datetime,
    reminder_days: list[int] | None = None,
    now: dt.datetime | None = None,
) -> ScanRound:
    """Open the round of ``year``: a response (not started) per active hub; the coordinators are invited
    now, or on the opening date (``send_scan_reminders``)."""
    now = now or timezone.now()
    if not 2000 <= (year or 0) <= 2100:
        raise ServiceError(_("Give a year between 2000 and 2100."))
    if template_version is None or template_version.status != VersionStatus.PUBLISHED:
        raise ServiceError(_("Choose a published template version."))
    if timezone.is_naive(deadline):
        raise ServiceError(_("Give the deadline with a time."))
    if deadline <= now:
        raise ServiceError(_("The deadline must be in the future."))
    if timezone.localdate(deadline) <= opens_on:
        raise ServiceError(_("The deadline must be after the opening date."))
    days = list(DEFAULT_REMINDER_DAYS) if reminder_days is None else sorted(set(reminder_days), reverse=True)
    if any(not 1 <= d <= 90 for d in days):
        raise ServiceError(_("Reminder days are whole numbers from 1 to 90, separated by commas (for example 14, 3)."))
    if ScanRound.objects.select_for_update().filter(year=year, closed_at__isnull=True).exists():
        raise ServiceError(_("A round for %(year)s is still open. Close it first.") % {"year": year})
    scan_round = ScanRound.objects.create(
        year=year,
        template_version=template_version,
        opens_on=opens_on,
        deadline=deadline,
        reminder_days=days,
        opened_by=actor,
    )
    ScanResponse.objects.bulk_create(ScanResponse(scan_round=scan_round, hub=hub) for hub in active_hubs())
    data_version_bump(SCANS_VERSION)
    if opens_on <= timezone.localdate(now):
        _invite(scan_round)
    return scan_round


@transaction.atomic
def round_close(*, actor, scan_round: ScanRound) -> ScanRound:
    """Close the round: nobody can change or submit any more (the office can still read everything)."""
    locked = ScanRound.objects.select_for_update().get(pk=scan_round.pk)
    if locked.closed_at is not None:
        raise ServiceError(_("This round is already closed."))
    locked.closed_at = timezone.now()
    locked.closed_by = actor
    locked.save(update_fields=["closed_at", "closed_by"])
    data_version_bump(SCANS_VERSION)
    return locked


def round_accepts_answers(scan_round: ScanRound, today: dt.date | None = None) -> bool:
    """Open: from the opening date until the office closes it (late answers after the deadline count)."""
    return scan_round.closed_at is None and scan_round.opens_on <= (today or timezone.localdate())


def _claim(response: ScanResponse, kind: str, days_before: int = 0) -> bool:
    """Record that this e-mail goes out; False when it went out before (the unique key decides)."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(response=response, kind=kind, days_before=days_before)
    except IntegrityError:
        return False
    return True


def _invite(scan_round: ScanRound) -> int:
    sent = 0
    for response in scan_round.responses.select_related("hub", "scan_round"):
        if _claim(response, ReminderKind.INVITATION):
            _to_coordinators(response, "invitation.txt")
            sent += 1
    return sent


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Invitations on the opening date, reminders on the round's reminder days before the deadline (the
    latest day that has come; days missed are not sent afterwards) and one after the deadline, to the
    hubs that have not submitted. Idempotent: each e-mail is sent once. Returns the number sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    rounds = ScanRound.objects.filter(closed_at__isnull=True, opens_on__lte=today)
    for scan_round in rounds:
        with transaction.atomic():
            sent += _invite(scan_round)
        deadline_day = timezone.localdate(scan_round.deadline)
        waiting = scan_round.responses.exclude(status=ResponseStatus.SUBMITTED).select_related("hub", "scan_round")
        if now >= scan_round.deadline:
            kind, days = ReminderKind.OVERDUE, 0
        else:
            due = [d for d in scan_round.reminder_days if today >= deadline_day - dt.timedelta(days=d)]
            if not due:
                continue
            kind, days = ReminderKind.BEFORE, min(due)
        for response in waiting:
            with transaction.atomic():
                if _claim(response, kind, days):
                    # A later reminder makes the earlier days' ones pointless: they count as sent.
                    for earlier in scan_round.reminder_days:
                        if kind == ReminderKind.BEFORE and earlier > days:
                            _claim(response, ReminderKind.BEFORE, earlier)
                    _to_coordinators(response, f"{kind}.txt", days=days)
                    sent += 1
    return sent


# --- responses ----------------------------------------------------------------------------------


def _lock_response(response: ScanResponse, expected_version: int | None, page: str = "") -> ScanResponse:
    """Lock the response; refuse when someone saved since ``expected_version``. Saves made since then by
    the same opened form (``page``) are not a conflict: they are the user's own quick saves in a row."""
    locked = ScanResponse.objects.select_for_update().select_related("scan_round").get(pk=response.pk)
    if expected_version is not None and locked.version != expected_version:
        if not (page and locked.last_saved_page == page and expected_version < locked.version):
            raise _stale("scan")
    return locked


def _editable(locked: ScanResponse) -> None:
    if locked.status not in EDITABLE:
        raise ServiceError(_("This scan has been submitted and can no longer be changed."))
    scan_round = locked.scan_round
    if scan_round.closed_at is not None:
        raise ServiceError(_("This round is closed. The scan can no longer be changed."))
    if scan_round.opens_on > timezone.localdate():
        raise ServiceError(_("This round is not open yet."))


def _questions(response: ScanResponse) -> dict[int, Question]:
    return {
        q.pk: q
        for q in Question.objects.filter(dimension__template_version_id=response.scan_round.template_version_id)
        .select_related("dimension", "scale")
        .prefetch_related("scale__points")
    }


@transaction.atomic
def response_save(
    *,
    actor,
    response: ScanResponse,
    expected_version: int | None,
    answers: dict[int, str | int | None],
    comments: dict[int, str] | None = None,
    page: str = "",
) -> ScanResponse:
    """Save the draft: the answers (a point's value, ``"na"`` or None for no answer) and a comment per
    dimension. A stale ``expected_version`` saves nothing (unless only this same form, ``page``, saved
    since). Unknown questions or values are refused."""
    locked = _lock_response(response, expected_version, page)
    _editable(locked)
    questions = _questions(locked)
    dimension_ids = {q.dimension_id for q in questions.values()}
    wanted: dict[int, tuple[int | None, bool]] = {}
    for question_id, raw in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise ServiceError(_("This question is not part of this scan."))
        if raw in (None, ""):
            continue
        if raw == NOT_APPLICABLE:
            if not question.scale.allows_not_applicable:
                raise ServiceError(
                    _("“Not applicable” is not an answer to this question: %(q)s") % {"q": question.text}
                )
            wanted[question_id] = (None, True)
            continue
        values = {p.value for p in question.scale.points.all()}
        if isinstance(raw, bool):
            value = None
        elif isinstance(raw, int):
            value = raw
        elif isinstance(raw, str) and raw.strip().lstrip("-").isdecimal() and len(raw) < 6:
            value = int(raw)
        else:
            value = None
        if value not in values:
            raise ServiceError(_("Choose one of the answers for: %(q)s") % {"q": question.text})
        wanted[question_id] = (value, False)
    texts: dict[int, str] = {}
    for dimension_id, text in (comments or {}).items():
        if dimension_id not in dimension_ids:
            raise ServiceError(_("This dimension is not part of this scan."))
        text = (text or "").strip()
        if len(text) > COMMENT_MAX:
            raise ServiceError(_("A comment has at most %(n)s characters.") % {"n": COMMENT_MAX})
        texts[dimension_id] = text
    current = {a.question_id: a for a in locked.answers.all()}
    Answer.objects.filter(response=locked).exclude(question_id__in=list(wanted)).filter(
        question_id__in=[q for q in answers if q in questions]
    ).delete()
    for question_id, (value, not_applicable) in wanted.items():
        answer = current.get(question_id)
        if answer is None:
            Answer.objects.create(response=locked, question_id=question_id, value=value, not_applicable=not_applicable)
        elif (answer.value, answer.not_applicable) != (value, not_applicable):
            answer.value, answer.not_applicable = value, not_applicable
            answer.save(update_fields=["value", "not_applicable"])
    for dimension_id, text in texts.items():
        if text:
            DimensionComment.objects.update_or_create(
                response=locked, dimension_id=dimension_id, defaults={"text": text}
            )
        else:
            DimensionComment.objects.filter(response=locked, dimension_id=dimension_id).delete()
    if locked.status == ResponseStatus.NOT_STARTED:
        locked.status = ResponseStatus.DRAFT
    locked.last_saved_at = timezone.now()
    locked.last_saved_by = actor
    locked.last_saved_page = (page or "")[:32]
    locked.version += 1
    locked.save(update_fields=["status", "last_saved_at", "last_saved_by", "last_saved_page", "version"])
    data_version_bump(SCANS_VERSION)
    return locked


def response_missing(response: ScanResponse) -> list[Question]:
    """The required questions without an answer (a value or "not applicable"), in the form's order."""
    answered = set(
        Answer.objects.filter(response=response)
        .exclude(value__isnull=True, not_applicable=False)
        .values_list("question_id", flat=True)
    )
    return [
        q
        for q in Question.objects.filter(
            dimension__template_version_id=response.scan_round.template_version_id, required=True
        ).select_related("dimension")
        if q.pk not in answered
    ]


@transaction.atomic
def response_submit(*, actor, response: ScanResponse, expected_version: int | None) -> ScanResponse:
    """Submit: refused (``IncompleteError`` with the questions) while a required answer is missing."""
    locked = _lock_response(response, expected_version)
    _editable(locked)
    missing = response_missing(locked)
    if missing:
        raise IncompleteError(missing)
    now = timezone.now()
    locked.status = ResponseStatus.SUBMITTED
    locked.submitted_at = now
    locked.version += 1
    locked.save(update_fields=["status", "submitted_at", "version"])
    ResponseEvent.objects.create(response=locked, kind=EventKind.SUBMITTED, at=now, by=actor)
    data_version_bump(SCANS_VERSION)
    return locked


@transaction.atomic
def response_reopen(*, actor, response: ScanResponse, reason: str) -> ScanResponse:
    """The office reopens a submitted scan (with a reason, e-mailed to the hub's coordinators)."""
    locked = _lock_response(response, None)
    reason = _text(reason, _("Say why you reopen the scan."))
    if locked.status != ResponseStatus.SUBMITTED:
        raise ServiceError(_("Only a submitted scan can be reopened."))
    if locked.scan_round.closed_at is not None:
        raise ServiceError(_("This round is closed. The scan can no longer be changed."))
    locked.status = ResponseStatus.REOPENED
    locked.version += 1
    locked.save(update_fields=["status", "version"])
    ResponseEvent.objects.create(response=locked, kind=EventKind.REOPENED, at=timezone.now(), by=actor, reason=reason)
    locked = ScanResponse.objects.select_related("hub", "scan_round").get(pk=locked.pk)
    _to_coordinators(locked, "reopened.txt", reason=reason)
    data_version_bump(SCANS_VERSION)
    return locked
