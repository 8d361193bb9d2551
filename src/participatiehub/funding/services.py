"""Writes for calls and applications: each function is one transaction and checks who may do it.

Refusals raise ``ServiceError`` (a Dutch message through gettext) and change nothing; submission lists
every problem at once. An application is edited only in "draft" or, once, "returned"; the row lock
taken by every write makes a submitted application frozen for good. E-mail goes through the outbox
(``core.services.email_queue``) and leaves after commit. Status moves go through ``workflow``.
Assessment and grants have their own modules (``services_assessment``, ``services_grants``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participatiehub.accounts.constants import Role
from participatiehub.accounts.models import User
from participatiehub.audit.services import processing_log_write
from participatiehub.core.exceptions import ConcurrentEditError, ServiceError
from participatiehub.core.services import bumps_version, email_queue
from participatiehub.hubs.models import Hub
from participatiehub.network.models import Organisation
from participatiehub.trajectories.services import document_check

from . import workflow
from .constants import (
    APPLIED_VERSION,
    CALL_FIELDS,
    DEFAULT_PROCEDURE,
    EDITABLE_STATUSES,
    REQUIRED_PARTNER_ROLES,
    ZERO,
    ApplicationStatus,
    BudgetCategory,
    CallStatus,
    PartnerRole,
    StepKind,
)
from .models import (
    Application,
    ApplicationAttachment,
    ApplicationPartner,
    AssessmentCriterion,
    BudgetLine,
    Call,
    CallDeadline,
    CallStep,
    ProgrammeLine,
    RequiredAttachment,
)
from .templatetags.funding import deadline_text, euro

A = ApplicationStatus

MANAGE_CALLS = "funding.manage_calls"
CHECK = "funding.check_applications"
APPLY = "funding.apply"
CHANGE = "funding.change_application"

ATTACHMENT_SUBJECT_TYPE = "funding_application_attachment"
ATTACHMENT_PURPOSE = "Beoordeling van een subsidieaanvraag"


# --- helpers ----------------------------------------------------------------------------------


def _require(actor, perm: str, obj=None, message: str | None = None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise ServiceError(message or _("You may not do this."))


def _require_office(actor) -> None:
    _require(actor, MANAGE_CALLS, message=_("Only the programme office may do this."))


def _link(name: str, *args) -> str:
    return settings.PH_SITE_URL.rstrip("/") + reverse(name, args=args)


def _send(template: str, recipients: Iterable[str], context: dict, *, purpose: str) -> int:
    """Queue the Dutch e-mail ``funding/email/<template>`` (subject on its first line) to each address."""
    with translation.override("nl"):
        text = render_to_string(f"funding/email/{template}", context)
    subject, _sep, body = text.lstrip().partition("\n")
    sent = 0
    for address in dict.fromkeys(a for a in recipients if a):
        email_queue(to=address, subject=subject.strip(), body=body.lstrip("\n"), purpose=purpose)
        sent += 1
    return sent


def office_addresses() -> list[str]:
    """The e-mail addresses of the programme office (active role holders)."""
    return list(
        User.objects.filter(
            is_active=True, role_assignments__role=Role.PROGRAMME_OFFICE, role_assignments__revoked_at__isnull=True
        )
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def _mail_context(application: Application, **extra) -> dict:
    with translation.override("nl"):
        return {
            "application": application,
            "call": application.call,
            "hub": application.hub,
            "status": str(A(application.status).label),
            "link": _link("funding:application", application.pk),
            "office_link": _link("funding:office_application", application.pk),
            **extra,
        }


def _to_applicant(application: Application, template: str, *, purpose: str, **extra) -> int:
    """E-mail the lead applicant about ``application`` (``extra``: more for the template)."""
    return _send(template, [application.lead_applicant.email], _mail_context(application, **extra), purpose=purpose)


# --- programme lines and calls ------------------------------------------------------------------


@bumps_version(APPLIED_VERSION)
def programme_line_create(
    *, actor, code: str, name: str, budget: Decimal, starts_on: dt.date, ends_on: dt.date, description: str = ""
) -> ProgrammeLine:
    _require_office(actor)
    if budget < 0:
        raise ServiceError(_("The budget cannot be negative."))
    if ends_on < starts_on:
        raise ServiceError(_("The period cannot end before it starts."))
    if ProgrammeLine.objects.filter(code=code).exists():
        raise ServiceError(_("There is already a programme line with this code."))
    return ProgrammeLine.objects.create(
        code=code.strip(),
        name=name.strip(),
        budget=budget,
        starts_on=starts_on,
        ends_on=ends_on,
        description=description,
    )


def _clean_call_fields(fields: dict) -> dict:
    problems = []
    if not (fields.get("title") or "").strip():
        problems.append(_("Give the call a title."))
    if fields["closes_at"] <= fields["opens_at"]:
        problems.append(_("The call must close after it opens."))
    if fields["max_amount"] <= 0:
        problems.append(_("The maximum amount must be more than € 0."))
    if fields["max_months"] < 1:
        problems.append(_("The maximum duration must be at least 1 month."))
    if fields["min_partners"] < 1:
        problems.append(_("At least 1 partner is needed."))
    if fields["repair_days"] < 1:
        problems.append(_("Give at least 1 day to repair an application."))
    if fields.get("rebuttal_days") is not None and fields["rebuttal_days"] < 1:
        problems.append(_("Give at least 1 day to write the rebuttal, or leave it empty."))
    roles = list(dict.fromkeys(str(r) for r in fields.get("roles_in_one_organisation") or []))
    if any(r not in REQUIRED_PARTNER_ROLES for r in roles):
        problems.append(
            _("Only the main applicant, the project leader and the administratively responsible can be combined.")
        )
    if len(roles) == 1:
        problems.append(_("Choose at least two roles that must sit in one organisation, or none."))
    if problems:
        raise ServiceError(problems)
    cleaned = {name: fields[name] for name in CALL_FIELDS if name in fields}
    cleaned["title"] = cleaned["title"].strip()
    cleaned["text"] = (cleaned["text"] or "").strip()
    cleaned["roles_in_one_organisation"] = roles
    return cleaned


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "oproep"
    slug, n = base, 2
    while Call.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def call_create(*, actor, **fields) -> Call:
    """A new call in "draft", with every step of the procedure enabled in the usual order."""
    _require_office(actor)
    fields.setdefault("text", "")
    fields.setdefault("min_partners", 2)
    fields.setdefault("dutch_legal_entity_required", True)
    fields.setdefault("roles_in_one_organisation", [])
    fields.setdefault("repair_days", 10)
    fields.setdefault("rebuttal_days", None)
    cleaned = _clean_call_fields(fields)
    call = Call.objects.create(slug=_unique_slug(cleaned["title"]), **cleaned)
    CallStep.objects.bulk_create(
        CallStep(call=call, kind=kind, order=(i + 1) * 10, enabled=True) for i, kind in enumerate(DEFAULT_PROCEDURE)
    )
    return call


@transaction.atomic
def call_update(*, actor, call: Call, expected_version: int, **fields) -> Call:
    """Change the call's details. Applications already submitted keep the procedure they started with."""
    _require_office(actor)
    locked = Call.objects.select_for_update().get(pk=call.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError(_("Someone else changed this call in the meantime. Nothing was saved."))
    cleaned = _clean_call_fields(fields)
    Call.objects.filter(pk=locked.pk).update(**cleaned, version=F("version") + 1, updated_at=timezone.now())
    call.refresh_from_db()
    return call


def _touch_call(call: Call) -> None:
    Call.objects.filter(pk=call.pk).update(version=F("version") + 1, updated_at=timezone.now())


@transaction.atomic
def call_steps_set(*, actor, call: Call, steps: Iterable[dict]) -> list[str]:
    """Choose the call's procedure: for each step kind whether it is in, and its order.

    Only applications submitted afterwards follow the new procedure. Returns the procedure."""
    _require_office(actor)
    locked = Call.objects.select_for_update().get(pk=call.pk)
    rows = {s.kind: s for s in CallStep.objects.filter(call=locked)}
    wanted = {str(s["kind"]): s for s in steps}
    if any(kind not in StepKind.values for kind in wanted):
        raise ServiceError(_("Unknown step in the procedure."))
    for kind in StepKind.values:
        row = rows.get(kind) or CallStep(call=locked, kind=kind, order=(StepKind.values.index(kind) + 1) * 10)
        if kind in wanted:
            row.order = int(wanted[kind]["order"])
            row.enabled = bool(wanted[kind]["enabled"])
        rows[kind] = row
    procedure = [
        r.kind for r in sorted(rows.values(), key=lambda r: (r.order, StepKind.values.index(r.kind))) if r.enabled
    ]
    problems = workflow.procedure_problems(procedure)
    if problems:
        raise ServiceError(problems)
    for row in rows.values():
        row.save()
    _touch_call(locked)
    call.refresh_from_db()
    return procedure


@transaction.atomic
def call_open(*, actor, call: Call) -> Call:
    _require_office(actor)
    locked = Call.objects.select_for_update().prefetch_related("steps").get(pk=call.pk)
    if locked.status == CallStatus.OPEN:
        raise ServiceError(_("This call is already open."))
    problems = workflow.procedure_problems(workflow.call_procedure(locked))
    if locked.closes_at <= timezone.now():
        problems.append(_("The closing date has passed. Move it to the future first."))
    if problems:
        raise ServiceError(problems)
    Call.objects.filter(pk=locked.pk).update(
        status=CallStatus.OPEN, version=F("version") + 1, updated_at=timezone.now()
    )
    call.refresh_from_db()
    return call


@transaction.atomic
def call_close(*, actor, call: Call) -> Call:
    _require_office(actor)
    locked = Call.objects.select_for_update().get(pk=call.pk)
    if locked.status != CallStatus.OPEN:
        raise ServiceError(_("Only an open call can be closed."))
    Call.objects.filter(pk=locked.pk).update(
        status=CallStatus.CLOSED, version=F("version") + 1, updated_at=timezone.now()
    )
    call.refresh_from_db()
    return call


def _next_order(queryset) -> int:
    return (queryset.aggregate(top=Max("order"))["top"] or 0) + 1


@transaction.atomic
def criterion_add(
    *,
    actor,
    call: Call,
    name: str,
    description: str = "",
    weight: Decimal = Decimal("1"),
    scale_min: int = 1,
    scale_max: int = 9,
) -> AssessmentCriterion:
    _require_office(actor)
    if not name.strip():
        raise ServiceError(_("Give the criterion a name."))
    if weight <= 0:
        raise ServiceError(_("The weight must be more than 0."))
    if scale_max <= scale_min:
        raise ServiceError(_("The highest score must be higher than the lowest score."))
    criterion = AssessmentCriterion.objects.create(
        call=call,
        name=name.strip(),
        description=description.strip(),
        weight=weight,
        scale_min=scale_min,
        scale_max=scale_max,
        order=_next_order(call.criteria.all()),
    )
    _touch_call(call)
    return criterion


@transaction.atomic
def criterion_remove(*, actor, criterion: AssessmentCriterion) -> None:
    _require_office(actor)
    if criterion.scores.exists():
        raise ServiceError(_("Referees have already scored this criterion. It cannot be removed."))
    call = criterion.call
    criterion.delete()
    _touch_call(call)


@transaction.atomic
def required_attachment_add(*, actor, call: Call, name: str, description: str = "") -> RequiredAttachment:
    _require_office(actor)
    if not name.strip():
        raise ServiceError(_("Give the attachment a name."))
    required = RequiredAttachment.objects.create(
        call=call,
        name=name.strip(),
        description=description.strip(),
        order=_next_order(call.required_attachments.all()),
    )
    _touch_call(call)
    return required


@transaction.atomic
def required_attachment_remove(*, actor, required: RequiredAttachment) -> None:
    _require_office(actor)
    call = required.call
    required.delete()  # uploads stay, without the link
    _touch_call(call)


@transaction.atomic
def deadline_add(*, actor, call: Call, label: str, at: dt.datetime) -> CallDeadline:
    _require_office(actor)
    if not label.strip():
        raise ServiceError(_("Give the deadline a label."))
    if timezone.is_naive(at):
        raise ServiceError(_("Give a date and a time."))
    deadline = CallDeadline.objects.create(call=call, label=label.strip(), at=at)
    _touch_call(call)
    return deadline


@transaction.atomic
def deadline_remove(*, actor, deadline: CallDeadline) -> None:
    _require_office(actor)
    call = deadline.call
    deadline.delete()
    _touch_call(call)


# --- applications: drafting ---------------------------------------------------------------------


def call_accepts_applications(call: Call, now: dt.datetime | None = None) -> bool:
    """Open, and ``opens_at`` ≤ now < ``closes_at`` (a deadline of 14:00 means 13:59:59 is still in time)."""
    now = now or timezone.now()
    return call.status == CallStatus.OPEN and call.opens_at <= now < call.closes_at


def _coordinators_of(hub_id: int):
    return User.objects.filter(
        is_active=True,
        role_assignments__role=Role.HUB_COORDINATOR,
        role_assignments__hub_id=hub_id,
        role_assignments__revoked_at__isnull=True,
    ).distinct()


@transaction.atomic
def application_start(*, actor, call: Call, hub: Hub, title: str) -> Application:
    """A draft application of ``hub`` to ``call``; the coordinator who starts it is the lead applicant."""
    _require(actor, APPLY, hub, _("Only a coordinator of this hub may apply for it."))
    if not call_accepts_applications(call):
        raise ServiceError(_("This call is not open for applications."))
    title = (title or "").strip()
    if not title:
        raise ServiceError(_("Give the application a title."))
    return Application.objects.create(call=call, hub=hub, lead_applicant=actor, title=title)


def _lock_editable(actor, application: Application) -> Application:
    """The application, locked, when ``actor`` may still change it; else ServiceError."""
    _require(actor, CHANGE, application, _("Only the coordinators of this hub may change this application."))
    locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if locked.status not in EDITABLE_STATUSES:
        raise ServiceError(_("This application has been submitted. It cannot be changed any more."))
    return locked


@transaction.atomic
def application_update(
    *,
    actor,
    application: Application,
    expected_version: int,
    title: str,
    summary: str = "",
    plan: str = "",
    months: int | None = None,
    lead_applicant: User | None = None,
) -> Application:
    """Save the draft (each save is a new version). A stale ``expected_version`` changes nothing."""
    locked = _lock_editable(actor, application)
    if locked.version != expected_version:
        raise ConcurrentEditError(
            _(
                "Someone else saved this application in the meantime. Nothing was saved. Reload the page to see the latest version."
            )
        )
    if not (title or "").strip():
        raise ServiceError(_("Give the application a title."))
    if months is not None and months < 1:
        raise ServiceError(_("The duration must be at least 1 month."))
    changes = {
        "title": title.strip(),
        "summary": (summary or "").strip(),
        "plan": (plan or "").strip(),
        "months": months,
    }
    if lead_applicant is not None and lead_applicant.pk != locked.lead_applicant_id:
        if not _coordinators_of(locked.hub_id).filter(pk=lead_applicant.pk).exists():
            raise ServiceError(_("The lead applicant must be a coordinator of this hub."))
        changes["lead_applicant"] = lead_applicant
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save(update_fields=[*changes, "version", "updated_at"])
    application.refresh_from_db()
    return application


def _clean_roles(roles: Iterable[str]) -> list[str]:
    values = list(dict.fromkeys(str(r) for r in roles))
    if any(r not in PartnerRole.values for r in values):
        raise ServiceError(_("Unknown role."))
    return values or [PartnerRole.PARTNER]


@transaction.atomic
def partner_add(
    *,
    actor,
    application: Application,
    organisation: Organisation,
    roles: Iterable[str] = (),
    is_dutch_legal_entity: bool = False,
) -> ApplicationPartner:
    locked = _lock_editable(actor, application)
    if organisation.hub_id != locked.hub_id:
        raise ServiceError(_("Choose partners from your own hub's network."))
    if locked.partners.filter(organisation=organisation).exists():
        raise ServiceError(_("This organisation is already a partner."))
    try:
        with transaction.atomic():
            return ApplicationPartner.objects.create(
                application=locked,
                organisation=organisation,
                roles=_clean_roles(roles),
                is_dutch_legal_entity=bool(is_dutch_legal_entity),
            )
    except IntegrityError:
        raise ServiceError(_("This organisation is already a partner.")) from None


@transaction.atomic
def partner_update(
    *, actor, partner: ApplicationPartner, roles: Iterable[str], is_dutch_legal_entity: bool
) -> ApplicationPartner:
    _lock_editable(actor, partner.application)
    partner.roles = _clean_roles(roles)
    partner.is_dutch_legal_entity = bool(is_dutch_legal_entity)
    partner.save(update_fields=["roles", "is_dutch_legal_entity"])
    return partner


@transaction.atomic
def partner_remove(*, actor, partner: ApplicationPartner) -> None:
    _lock_editable(actor, partner.application)
    partner.delete()


@bumps_version(APPLIED_VERSION)
@transaction.atomic
def budget_line_add(*, actor, application: Application, category: str, description: str, amount: Decimal) -> BudgetLine:
    locked = _lock_editable(actor, application)
    if category not in BudgetCategory.values:
        raise ServiceError(_("Unknown budget category."))
    if not (description or "").strip():
        raise ServiceError(_("Describe what the amount is for."))
    amount = Decimal(amount)
    if amount <= 0:
        raise ServiceError(_("The amount must be more than € 0."))
    if amount != amount.quantize(Decimal("0.01")):
        raise ServiceError(_("Give the amount in whole cents."))
    return BudgetLine.objects.create(
        application=locked,
        category=category,
        description=description.strip(),
        amount=amount,
        order=_next_order(locked.budget_lines.all()),
    )


@bumps_version(APPLIED_VERSION)
@transaction.atomic
def budget_line_remove(*, actor, line: BudgetLine) -> None:
    _lock_editable(actor, line.application)
    line.delete()


@transaction.atomic
def attachment_upload(
    *, actor, application: Application, uploaded_file, required: RequiredAttachment | None = None, name: str = ""
) -> ApplicationAttachment:
    """Attach a PDF, DOCX or ODT (≤ 10 MB, checked by extension and content) in private storage."""
    locked = _lock_editable(actor, application)
    if required is not None and required.call_id != locked.call_id:
        raise ServiceError(_("This attachment belongs to another call."))
    content_type = document_check(uploaded_file)
    original = os.path.basename(uploaded_file.name or "")
    safe_name = re.sub(r"[^A-Za-z0-9._-]+", "-", original).strip("-.") or "bijlage"
    uploaded_file.name = safe_name
    attachment = ApplicationAttachment(
        application=locked,
        required=required,
        name=(name or "").strip() or (required.name if required else original),
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_by=actor,
    )
    attachment.file.save(safe_name, uploaded_file, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: ApplicationAttachment) -> None:
    _lock_editable(actor, attachment.application)
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))


def attachment_read_log(*, actor, attachment: ApplicationAttachment) -> None:
    """Attachments may hold personal data (CVs, letters): every download is in the processing log."""
    processing_log_write(
        actor=actor,
        activity="funding_attachment_download",
        purpose=ATTACHMENT_PURPOSE,
        operation="read",
        subject_type=ATTACHMENT_SUBJECT_TYPE,
        subject_ids=[attachment.pk],
        hub_id=attachment.application.hub_id,
    )


# --- applications: submission and the completeness check ------------------------------------------


def budget_total(application: Application) -> Decimal:
    return application.budget_lines.aggregate(total=Sum("amount"))["total"] or ZERO


def submission_problems(application: Application, now: dt.datetime | None = None) -> list[str]:
    """Every reason why ``application`` cannot be submitted now, in Dutch; empty when it can."""
    now = now or timezone.now()
    call = application.call
    problems: list[str] = []
    if application.status == A.RETURNED:
        if application.repair_due and now >= application.repair_due:
            problems.append(
                _("The time to repair this application ended on %(when)s.")
                % {"when": deadline_text(application.repair_due)}
            )
    elif call.status != CallStatus.OPEN or now < call.opens_at:
        problems.append(_("This call is not open for applications."))
    elif now >= call.closes_at:
        problems.append(
            _("The call closed on %(when)s. You can no longer submit.") % {"when": deadline_text(call.closes_at)}
        )
    if not application.title.strip():
        problems.append(_("Give the application a title."))
    if not application.summary.strip():
        problems.append(_("Write a summary."))
    if not application.plan.strip():
        problems.append(_("Write the plan."))
    if not application.months:
        problems.append(_("Give the duration in months."))
    elif application.months > call.max_months:
        problems.append(
            _("The duration is %(months)s months. This call allows at most %(max)s months.")
            % {"months": application.months, "max": call.max_months}
        )
    total = budget_total(application)
    if total <= 0:
        problems.append(_("Add the budget: at least one line with an amount."))
    elif total > call.max_amount:
        problems.append(
            _("The budget is %(total)s. This call allows at most %(max)s.")
            % {"total": euro(total), "max": euro(call.max_amount)}
        )
    partners = list(application.partners.select_related("organisation"))
    if len(partners) < call.min_partners:
        problems.append(
            ngettext(
                "The coalition needs at least %(min)s partner; it has %(n)s.",
                "The coalition needs at least %(min)s partners; it has %(n)s.",
                call.min_partners,
            )
            % {"min": call.min_partners, "n": len(partners)}
        )
    holders = {role: [p for p in partners if role in p.roles] for role in REQUIRED_PARTNER_ROLES}
    for role, organisations in holders.items():
        if not organisations:
            problems.append(_("No partner has the role “%(role)s”.") % {"role": PartnerRole(role).label})
        elif len(organisations) > 1:
            problems.append(_("Only one partner can have the role “%(role)s”.") % {"role": PartnerRole(role).label})
    together = [r for r in call.roles_in_one_organisation if r in REQUIRED_PARTNER_ROLES]
    if len(together) > 1 and all(holders[r] for r in together):
        if not any(all(r in p.roles for r in together) for p in partners):
            problems.append(
                _("In this call one organisation must hold all these roles: %(roles)s.")
                % {"roles": ", ".join(str(PartnerRole(r).label) for r in together)}
            )
    if call.dutch_legal_entity_required:
        foreign = [p.organisation.name for p in partners if not p.is_dutch_legal_entity]
        if foreign:
            problems.append(
                _("Only Dutch legal entities can take part in this call. Not a Dutch legal entity: %(names)s.")
                % {"names": ", ".join(foreign)}
            )
    uploaded = set(application.attachments.filter(required__isnull=False).values_list("required_id", flat=True))
    missing = [r.name for r in call.required_attachments.all() if r.pk not in uploaded]
    if missing:
        problems.append(_("Attachments missing: %(names)s.") % {"names": ", ".join(missing)})
    return problems


@bumps_version(APPLIED_VERSION)
@transaction.atomic
def application_submit(*, actor, application: Application) -> Application:
    """Submit (or, after a return, submit again). Refused with every problem listed at once.

    The first submission freezes the call's procedure into the application; when the procedure has no
    completeness check, the application goes straight on to its first step."""
    _require(actor, CHANGE, application, _("Only the coordinators of this hub may submit this application."))
    locked = (
        Application.objects.select_for_update().select_related("call", "hub", "lead_applicant").get(pk=application.pk)
    )
    if locked.status not in EDITABLE_STATUSES:
        raise ServiceError(_("This application has already been submitted."))
    problems = submission_problems(locked)
    if problems:
        raise ServiceError(problems)
    now = timezone.now()
    if locked.status == A.DRAFT:
        procedure = workflow.call_procedure(locked.call)
        if workflow.procedure_problems(procedure):
            raise ServiceError(_("The procedure of this call is not complete. Contact the programme office."))
        Application.objects.filter(pk=locked.pk).update(procedure=procedure, submitted_at=now)
        locked.refresh_from_db()
        workflow.application_transition(application=locked, to_status=A.SUBMITTED, user=actor, at=now)
        template = "submitted.txt"
    else:
        workflow.application_transition(application=locked, to_status=A.RESUBMITTED, user=actor, at=now)
        template = "resubmitted.txt"
    if StepKind.COMPLETENESS not in locked.procedure:
        workflow.application_advance(application=locked, system=True)
    context = _mail_context(locked, total=euro(budget_total(locked)))
    _send(template, [locked.lead_applicant.email], context, purpose="funding_submitted")
    _send("office_" + template, office_addresses(), context, purpose="funding_submitted")
    application.refresh_from_db()
    return application


def _lock_in_completeness(actor, application: Application) -> Application:
    _require(actor, CHECK, application, _("Only the programme office may check applications."))
    locked = (
        Application.objects.select_for_update().select_related("call", "lead_applicant", "hub").get(pk=application.pk)
    )
    if workflow.current_step(locked) != StepKind.COMPLETENESS:
        raise ServiceError(_("This application is not waiting for the completeness check."))
    return locked


@transaction.atomic
def application_accept(*, actor, application: Application) -> Application:
    """The application is complete: on to the next step of its own procedure."""
    locked = _lock_in_completeness(actor, application)
    workflow.application_advance(application=locked, user=actor)
    _to_applicant(locked, "accepted.txt", purpose="funding_accepted")
    application.refresh_from_db()
    return application


@transaction.atomic
def application_return(*, actor, application: Application, reason: str) -> Application:
    """Return an incomplete application for repair, once; it must be submitted again within the call's
    repair days."""
    locked = _lock_in_completeness(actor, application)
    if locked.returned_once or locked.status == A.RESUBMITTED:
        raise ServiceError(_("This application was already returned once. It cannot be returned again."))
    if not (reason or "").strip():
        raise ServiceError(_("Say what is missing. The applicant will see it."))
    now = timezone.now()
    workflow.application_transition(application=locked, to_status=A.RETURNED, user=actor, reason=reason, at=now)
    repair_due = now + dt.timedelta(days=locked.call.repair_days)
    Application.objects.filter(pk=locked.pk).update(returned_once=True, repair_due=repair_due)
    locked.refresh_from_db()
    _to_applicant(
        locked, "returned.txt", purpose="funding_returned", reason=reason.strip(), repair_due=deadline_text(repair_due)
    )
    application.refresh_from_db()
    return application


@transaction.atomic
def application_reject_incomplete(*, actor, application: Application, reason: str) -> Application:
    """Reject an application in the completeness check, or one returned and not repaired in time."""
    _require(actor, CHECK, application, _("Only the programme office may check applications."))
    locked = Application.objects.select_for_update().select_related("call", "lead_applicant").get(pk=application.pk)
    in_check = workflow.current_step(locked) == StepKind.COMPLETENESS
    repair_missed = locked.status == A.RETURNED and locked.repair_due and timezone.now() >= locked.repair_due
    if not (in_check or repair_missed):
        raise ServiceError(_("Only an incomplete application can be rejected here."))
    workflow.application_transition(application=locked, to_status=A.REJECTED, user=actor, reason=reason)
    _to_applicant(locked, "rejected_incomplete.txt", purpose="funding_rejected", reason=(reason or "").strip())
    application.refresh_from_db()
    return application


@bumps_version(APPLIED_VERSION)
@transaction.atomic
def application_withdraw(*, actor, application: Application, reason: str = "") -> Application:
    _require(actor, CHANGE, application, _("Only the coordinators of this hub may withdraw this application."))
    workflow.application_transition(application=application, to_status=A.WITHDRAWN, user=actor, reason=reason)
    if application.submitted_at:
        _send("office_withdrawn.txt", office_addresses(), _mail_context(application), purpose="funding_withdrawn")
    return application


def lead_applicant_choices(hub_id: int):
    """The users who may be the lead applicant of ``hub_id``'s applications (its coordinators)."""
    return _coordinators_of(hub_id).order_by("full_name", "email")
