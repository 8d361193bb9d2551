"""Writes for grants, from the award (verlening) to the settlement (vaststelling) and the reclaim.

Each function is one transaction, checks who may act, locks the grant row and, where the caller edits
what a page showed, compares ``expected_version`` with the grant's version (optimistic locking: a
concurrent edit raises ``ConcurrentEditError`` and changes nothing). Every change of the grant's state
writes a ``GrantStatusChange`` (who, when, why): a status move has ``from`` ≠ ``to``; a step inside a
status (an advance paid, a report approved, a change request decided, a reclaim) keeps the status and
says what happened in ``reason``. Amounts are Decimal with two decimals, never float.

The schedule of a new grant: advances of ``ADVANCE_SHARES`` (80 % at the start, 20 % after the
approved progress report, due halfway through the period). The public hub page shows awarded grants:
every write here bumps ``GRANTS_PUBLIC_VERSION``, part of that page's cache key.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.db.models import F, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participatiehub.core.exceptions import ConcurrentEditError, ServiceError
from participatiehub.core.services import data_version_bump
from participatiehub.trajectories.models import Activity

from .constants import (
    GRANT_TRANSITIONS,
    ZERO,
    AdvanceStatus,
    ChangeRequestKind,
    ChangeRequestStatus,
    DecisionOutcome,
    GrantStatus,
    ProgressReportStatus,
    ReclaimStatus,
)
from .models import (
    AdvancePayment,
    ChangeRequest,
    Decision,
    FinalReport,
    Grant,
    GrantActivity,
    GrantStatusChange,
    ProgressReport,
    Reclaim,
    Settlement,
)
from .services import _link, _require, _send, budget_total, office_addresses
from .templatetags.funding import euro

G = GrantStatus
CENT = Decimal("0.01")

#: The advance schedule of a new grant, in percent of the awarded amount: the first at the start, each
#: later one after an approved progress report.
ADVANCE_SHARES = (Decimal(80), Decimal(20))
#: The grantee must start within this many weeks of the award.
START_DEADLINE_WEEKS = 8
#: The final report and the request for settlement are due this many weeks after the period ends.
FINAL_REPORT_WEEKS = 13
#: A progress report reminder goes out this many days before its due date (or at once when later).
REMINDER_DAYS_BEFORE = 14
#: Days between the progress report's due date and the advance that waits for it.
ADVANCE_AFTER_REPORT_DAYS = 14
#: The data version the public hub page's grants section follows (hubs/sections.py).
GRANTS_PUBLIC_VERSION = "funding-grants"

MANAGE = "funding.manage_grants"
CHANGE = "funding.change_grant"


# --- helpers ----------------------------------------------------------------------------------


def _require_office(actor) -> None:
    _require(actor, MANAGE, message=_("Only the programme office may do this."))


def _require_grantee(actor, grant: Grant) -> None:
    _require(actor, CHANGE, grant, _("Only the coordinators of this hub may do this."))


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def final_report_due(grant: Grant) -> dt.date:
    return grant.ends_on + dt.timedelta(weeks=FINAL_REPORT_WEEKS)


def advance_amounts(awarded: Decimal) -> list[Decimal]:
    """The awarded amount split by ``ADVANCE_SHARES``, in whole cents; the last takes what is left."""
    amounts = [(awarded * share / 100).quantize(CENT, rounding=ROUND_DOWN) for share in ADVANCE_SHARES[:-1]]
    amounts.append(awarded - sum(amounts, ZERO))
    return amounts


def _lock(grant: Grant, expected_version: int | None = None) -> Grant:
    locked = Grant.objects.select_for_update().get(pk=grant.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError(_("Someone else changed this grant in the meantime. Nothing was saved."))
    return locked


def _history(grant: Grant, actor, reason: str, *, to_status: str | None = None, at=None, **fields) -> GrantStatusChange:
    """Write the history row; with ``to_status`` also move the grant (checked against the table). ``fields``
    are saved on the grant with it."""
    now = at or timezone.now()
    if to_status is not None and to_status != grant.status:
        rule = GRANT_TRANSITIONS.get((grant.status, to_status))
        if rule is None:
            raise ServiceError(
                _("A grant cannot go from “%(from)s” to “%(to)s”.")
                % {"from": G(grant.status).label, "to": G(to_status).label}
            )
        if rule["reason"] and not reason.strip():
            raise ServiceError(_("Give a reason."))
    change = GrantStatusChange.objects.create(
        grant=grant,
        from_status=grant.status,
        to_status=to_status or grant.status,
        changed_at=now,
        changed_by=actor,
        reason=reason,
    )
    _touch(grant, status=to_status or grant.status, at=now, **fields)
    return change


def _touch(grant: Grant, *, status: str | None = None, at=None, **fields) -> None:
    """Save ``fields`` on the grant, raise its version and bump the public data version."""
    changes = {**fields, "version": F("version") + 1, "updated_at": at or timezone.now()}
    if status:
        changes["status"] = status
    Grant.objects.filter(pk=grant.pk).update(**changes)
    grant.refresh_from_db()
    data_version_bump(GRANTS_PUBLIC_VERSION)


def _amount_up_to_awarded(amount, grant: Grant, too_high: str) -> Decimal:
    """``amount`` as whole cents between 0 and the awarded amount; ``too_high`` names the awarded amount."""
    amount = Decimal(amount)
    if amount < 0 or amount != amount.quantize(CENT):
        raise ServiceError(_("Give the amount in euros and whole cents."))
    if amount > grant.awarded_amount:
        raise ServiceError(too_high % {"amount": euro(grant.awarded_amount)})
    return amount


def paid_total(grant: Grant) -> Decimal:
    return grant.advances.filter(status=AdvanceStatus.PAID).aggregate(t=Sum("amount"))["t"] or ZERO


def _mail_context(grant: Grant, **extra) -> dict:
    application = grant.application
    with translation.override("nl"):
        return {
            "grant": grant,
            "application": application,
            "call": application.call,
            "hub": grant.hub,
            "link": _link("funding:grant", grant.pk),
            "office_link": _link("funding:office_grant", grant.pk),
            "awarded": euro(grant.awarded_amount),
            **extra,
        }


def _to_grantee(grant: Grant, template: str, **extra) -> None:
    _send(
        f"grants/{template}", [grant.application.lead_applicant.email], _mail_context(grant, **extra), purpose=template
    )


def _to_office(grant: Grant, template: str, **extra) -> None:
    _send(f"grants/{template}", office_addresses(), _mail_context(grant, **extra), purpose=template)


def _with_relations(grant_pk: int) -> Grant:
    return Grant.objects.select_related(
        "application", "application__call", "application__lead_applicant", "hub", "line"
    ).get(pk=grant_pk)


# --- award ------------------------------------------------------------------------------------


def award_letter_html(grant: Grant) -> str:
    """The award letter (verleningsbesluit) as HTML for WeasyPrint; always in Dutch."""
    advances = list(grant.advances.select_related("requires_progress_report").order_by("planned_on", "pk"))
    reports = list(grant.progress_reports.order_by("due_on", "pk"))
    decision = getattr(grant.application, "decision", None)
    with translation.override("nl"):
        return render_to_string(
            "funding/grants/award_letter_pdf.html",
            {
                "grant": grant,
                "application": grant.application,
                "call": grant.application.call,
                "decision": decision,
                "advances": advances,
                "reports": reports,
                "final_report_due": final_report_due(grant),
                "today": timezone.localdate(grant.awarded_at),
            },
        )


def award_letter_pdf(grant: Grant) -> bytes:
    from weasyprint import HTML

    return HTML(string=award_letter_html(grant)).write_pdf()


@transaction.atomic
def grant_create_from_decision(decision: Decision, actor, *, at=None) -> Grant:
    """Create the grant of an award decision, with its number, period, start deadline, the advance
    schedule (80 % now, 20 % after the approved progress report) and the award letter (PDF, private).

    The lead applicant gets one e-mail: the decision (amount, reason, conditions) with the grant number
    and a link to the award letter. Refused for a rejection or when the application has a grant already."""
    _require_office(actor)
    decision = Decision.objects.select_related(
        "application", "application__call", "application__call__line", "application__hub"
    ).get(pk=decision.pk)
    if decision.outcome != DecisionOutcome.AWARD or decision.amount is None:
        raise ServiceError(_("Only an award creates a grant."))
    application = decision.application
    if Grant.objects.filter(application=application).exists():
        raise ServiceError(_("This application already has a grant."))
    now = at or decision.decided_at or timezone.now()
    today = timezone.localdate(now)
    months = application.months or application.call.max_months
    starts_on = add_months(today.replace(day=1), 1)
    ends_on = add_months(starts_on, months) - dt.timedelta(days=1)
    grant = Grant.objects.create(
        application=application,
        hub=application.hub,
        line=application.call.line,
        number=f"{application.call.line.code}-{today.year}-{application.pk:05d}",
        awarded_amount=decision.amount,
        awarded_at=now,
        start_deadline=today + dt.timedelta(weeks=START_DEADLINE_WEEKS),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    report = ProgressReport.objects.create(grant=grant, due_on=add_months(starts_on, max(1, months // 2)))
    first, *later = advance_amounts(decision.amount)
    advances = [AdvancePayment(grant=grant, planned_on=starts_on, amount=first)]
    for amount in later:
        advances.append(
            AdvancePayment(
                grant=grant,
                planned_on=report.due_on + dt.timedelta(days=ADVANCE_AFTER_REPORT_DAYS),
                amount=amount,
                requires_progress_report=report,
            )
        )
    AdvancePayment.objects.bulk_create([a for a in advances if a.amount > 0])
    GrantStatusChange.objects.create(
        grant=grant,
        from_status="",
        to_status=G.AWARDED,
        changed_at=now,
        changed_by=actor,
        reason=_("Awarded: %(amount)s.") % {"amount": euro(decision.amount)},
    )
    data_version_bump(GRANTS_PUBLIC_VERSION)
    grant = _with_relations(grant.pk)
    _letter_store(grant)
    with translation.override("nl"):
        requested = euro(budget_total(application))
    _to_grantee(
        grant,
        "awarded.txt",
        requested=requested,
        reason=decision.reason,
        conditions=decision.conditions,
        start_deadline=grant.start_deadline,
        letter_link=_link("funding:award_letter", grant.pk),
    )
    return grant


def _letter_store(grant: Grant) -> None:
    """Render the award letter and keep it in private storage (the download view checks who may read it).

    Written last in the award's transaction; if the caller rolls back afterwards, the file stays behind
    unreferenced in private storage, where nothing serves it."""
    from django.core.files.base import ContentFile

    grant.award_letter.save(f"verleningsbesluit-{grant.number}.pdf", ContentFile(award_letter_pdf(grant)), save=False)
    Grant.objects.filter(pk=grant.pk).update(award_letter=grant.award_letter.name)


# --- the grantee: start, progress reports, change requests, final report, activities -----------


@transaction.atomic
def grant_start(*, actor, grant: Grant, expected_version: int | None = None) -> Grant:
    """The grantee reports that the activities have started (before the start deadline, or late)."""
    _require_grantee(actor, grant)
    locked = _lock(grant, expected_version)
    now = timezone.now()
    late = timezone.localdate(now) > locked.start_deadline
    reason = _("Started after the start deadline.") if late else _("Started.")
    _history(locked, actor, reason, to_status=G.STARTED, at=now, started_at=now)
    grant.refresh_from_db()
    return grant


@transaction.atomic
def progress_report_submit(
    *, actor, report: ProgressReport, text: str, expected_version: int | None = None
) -> ProgressReport:
    _require_grantee(actor, report.grant)
    grant = _lock(report.grant, expected_version)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if grant.status != G.STARTED:
        raise ServiceError(_("Report progress once the grant has started and before the request for settlement."))
    if report.status not in (ProgressReportStatus.DUE, ProgressReportStatus.RETURNED):
        raise ServiceError(_("This progress report has already been submitted."))
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Write the progress report."))
    now = timezone.now()
    ProgressReport.objects.filter(pk=report.pk).update(
        text=text, status=ProgressReportStatus.SUBMITTED, submitted_at=now, submitted_by=actor
    )
    _history(grant, actor, _("Progress report due on %(date)s submitted.") % {"date": _date(report.due_on)}, at=now)
    _to_office(grant, "office_progress_report.txt", report=report)
    report.refresh_from_db()
    return report


def _date(day: dt.date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "DATE_FORMAT")


def _report_for_office(actor, report: ProgressReport, expected_version):
    _require_office(actor)
    grant = _lock(report.grant, expected_version)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ProgressReportStatus.SUBMITTED:
        raise ServiceError(_("This progress report is not waiting for a review."))
    return grant, report


@transaction.atomic
def progress_report_approve(
    *, actor, report: ProgressReport, note: str = "", expected_version: int | None = None
) -> ProgressReport:
    """Approve a progress report: the advances that wait for it can now be paid."""
    grant, report = _report_for_office(actor, report, expected_version)
    now = timezone.now()
    ProgressReport.objects.filter(pk=report.pk).update(
        status=ProgressReportStatus.APPROVED, approved_at=now, approved_by=actor, review_note=(note or "").strip()
    )
    _history(grant, actor, _("Progress report due on %(date)s approved.") % {"date": _date(report.due_on)}, at=now)
    _to_grantee(grant, "progress_report_approved.txt", report=report, note=(note or "").strip())
    report.refresh_from_db()
    return report


@transaction.atomic
def progress_report_return(
    *, actor, report: ProgressReport, note: str, expected_version: int | None = None
) -> ProgressReport:
    """Send a progress report back with what must be improved; the grantee submits it again."""
    grant, report = _report_for_office(actor, report, expected_version)
    note = (note or "").strip()
    if not note:
        raise ServiceError(_("Say what must be improved. The applicant will see it."))
    ProgressReport.objects.filter(pk=report.pk).update(status=ProgressReportStatus.RETURNED, review_note=note)
    _history(grant, actor, _("Progress report returned: %(note)s") % {"note": note})
    _to_grantee(grant, "progress_report_returned.txt", report=report, note=note)
    report.refresh_from_db()
    return report


@transaction.atomic
def change_request_submit(
    *, actor, grant: Grant, kind: str, text: str, new_end: dt.date | None = None, expected_version: int | None = None
) -> ChangeRequest:
    """Ask to shift the budget or to extend the period (a new end date); the office decides."""
    _require_grantee(actor, grant)
    locked = _lock(grant, expected_version)
    if locked.status not in (G.AWARDED, G.STARTED):
        raise ServiceError(_("Changes can be asked for until the request for settlement."))
    if kind not in ChangeRequestKind.values:
        raise ServiceError(_("Unknown kind of change."))
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Explain the change you ask for."))
    if kind == ChangeRequestKind.EXTENSION:
        if new_end is None:
            raise ServiceError(_("Give the new end date."))
        if new_end <= locked.ends_on:
            raise ServiceError(
                _("The new end date must be after the current end date (%(date)s).") % {"date": _date(locked.ends_on)}
            )
    else:
        new_end = None
    if locked.change_requests.filter(status=ChangeRequestStatus.PENDING).exists():
        raise ServiceError(_("A change request is already waiting for a decision."))
    now = timezone.now()
    request = ChangeRequest.objects.create(
        grant=locked, kind=kind, text=text, new_end=new_end, requested_by=actor, requested_at=now
    )
    _history(locked, actor, _("Change asked for: %(kind)s.") % {"kind": ChangeRequestKind(kind).label}, at=now)
    _to_office(locked, "office_change_request.txt", request=request)
    return request


@transaction.atomic
def change_request_decide(
    *, actor, request: ChangeRequest, approve: bool, note: str = "", expected_version: int | None = None
) -> ChangeRequest:
    """Approve (an extension moves the end date) or reject (a note is required) a change request."""
    _require_office(actor)
    grant = _lock(request.grant, expected_version)
    request = ChangeRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ChangeRequestStatus.PENDING:
        raise ServiceError(_("This change request has already been decided."))
    note = (note or "").strip()
    if not approve and not note:
        raise ServiceError(_("Give a reason for the rejection. The applicant will see it."))
    if approve and grant.status not in (G.AWARDED, G.STARTED):
        raise ServiceError(_("Changes can be approved until the request for settlement."))
    now = timezone.now()
    status = ChangeRequestStatus.APPROVED if approve else ChangeRequestStatus.REJECTED
    ChangeRequest.objects.filter(pk=request.pk).update(
        status=status, decided_by=actor, decided_at=now, decision_note=note
    )
    label = ChangeRequestKind(request.kind).label
    if approve and request.kind == ChangeRequestKind.EXTENSION:
        reason = _("Extension approved: the period now ends on %(date)s.") % {"date": _date(request.new_end)}
        _history(grant, actor, reason, at=now, ends_on=request.new_end)
    elif approve:
        _history(grant, actor, _("Change approved: %(kind)s.") % {"kind": label}, at=now)
    else:
        _history(grant, actor, _("Change rejected: %(kind)s. %(note)s") % {"kind": label, "note": note}, at=now)
    request.refresh_from_db()
    _to_grantee(grant, "change_request_decided.txt", request=request, approved=approve, note=note)
    return request


@transaction.atomic
def final_report_submit(
    *, actor, grant: Grant, text: str, requested_amount: Decimal, expected_version: int | None = None
) -> FinalReport:
    """The final report with the request for settlement (aanvraag tot vaststelling): at most the
    awarded amount. The grant then waits for the office's settlement."""
    _require_grantee(actor, grant)
    locked = _lock(grant, expected_version)
    if locked.status != G.STARTED:
        raise ServiceError(_("The request for settlement can be made once the grant has started."))
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Write the final report."))
    requested_amount = _amount_up_to_awarded(
        requested_amount, locked, _("You can ask for at most the awarded amount (%(amount)s).")
    )
    if locked.change_requests.filter(status=ChangeRequestStatus.PENDING).exists():
        raise ServiceError(_("A change request is still waiting for a decision."))
    now = timezone.now()
    report, _created = FinalReport.objects.update_or_create(
        grant=locked,
        defaults={"text": text, "requested_amount": requested_amount, "submitted_at": now, "submitted_by": actor},
    )
    reason = _("Request for settlement: %(amount)s.") % {"amount": euro(requested_amount)}
    _history(locked, actor, reason, to_status=G.SETTLEMENT_REQUESTED, at=now)
    _to_office(locked, "office_final_report.txt", report=report, requested=requested_amount)
    return report


@transaction.atomic
def grant_activity_link(
    *, actor, grant: Grant, activity: Activity, note: str = "", expected_version: int | None = None
) -> GrantActivity:
    """Record that the grant paid for an activity of one of the hub's own trajectories."""
    _require_grantee(actor, grant)
    locked = _lock(grant, expected_version)
    if activity.trajectory.hub_id != locked.hub_id:
        raise ServiceError(_("Choose an activity of your own hub."))
    if locked.activity_links.filter(activity=activity).exists():
        raise ServiceError(_("This activity is already linked to the grant."))
    link = GrantActivity.objects.create(grant=locked, activity=activity, note=(note or "").strip(), linked_by=actor)
    _history(locked, actor, _("Activity paid for: %(title)s.") % {"title": activity.title})
    return link


@transaction.atomic
def grant_activity_unlink(*, actor, link: GrantActivity) -> None:
    _require_grantee(actor, link.grant)
    locked = _lock(link.grant)
    title = link.activity.title
    link.delete()
    _history(locked, actor, _("Activity no longer linked: %(title)s.") % {"title": title})


# --- the office: advances, settlement, reclaims -------------------------------------------------


def payment_problems(grant: Grant, advance: AdvancePayment, *, paid: Decimal, ceiling: Decimal) -> list[str]:
    """Why ``advance`` cannot be paid now (empty when it can). ``paid`` is what was paid so far and
    ``ceiling`` what may be paid in all: the settled amount once settled, else the awarded amount."""
    problems = []
    if advance.status != AdvanceStatus.PLANNED:
        problems.append(_("This advance has already been paid."))
    if grant.status not in (G.AWARDED, G.STARTED, G.SETTLED):
        problems.append(_("No payments are made while the request for settlement is being handled."))
    report = advance.requires_progress_report
    if report is not None and report.status != ProgressReportStatus.APPROVED:
        problems.append(
            _("This advance waits for the approval of the progress report due on %(date)s.")
            % {"date": _date(report.due_on)}
        )
    if paid + advance.amount > ceiling:
        problems.append(
            _("This payment would bring the total paid to %(total)s, more than the grant of %(ceiling)s.")
            % {"total": euro(paid + advance.amount), "ceiling": euro(ceiling)}
        )
    return problems


def payment_ceiling(grant: Grant) -> Decimal:
    settlement = Settlement.objects.filter(grant=grant).first()
    return settlement.amount if settlement else grant.awarded_amount


@transaction.atomic
def advance_pay(*, actor, advance: AdvancePayment, expected_version: int | None = None) -> AdvancePayment:
    """Record an advance as paid. Refused when it would exceed the grant, or while its progress report
    is not approved."""
    _require_office(actor)
    grant = _lock(advance.grant, expected_version)
    advance = (
        AdvancePayment.objects.select_for_update(of=("self",))
        .select_related("requires_progress_report")
        .get(pk=advance.pk)
    )
    problems = payment_problems(grant, advance, paid=paid_total(grant), ceiling=payment_ceiling(grant))
    if problems:
        raise ServiceError(problems)
    now = timezone.now()
    AdvancePayment.objects.filter(pk=advance.pk).update(status=AdvanceStatus.PAID, paid_at=now, paid_by=actor)
    _history(grant, actor, _("Paid: %(amount)s.") % {"amount": euro(advance.amount)}, at=now)
    _to_grantee(grant, "advance_paid.txt", amount=advance.amount)
    advance.refresh_from_db()
    return advance


@transaction.atomic
def settle(
    *, actor, grant: Grant, amount: Decimal, reason: str = "", expected_version: int | None = None
) -> Settlement:
    """Settle the grant (vaststelling): at most the awarded amount; a lower amount needs a reason.

    Unpaid advances lapse. When more was paid than settled, a reclaim (terugvordering) of the
    difference is created; when less, a payment of the balance is planned."""
    _require_office(actor)
    locked = _lock(grant, expected_version)
    if locked.status != G.SETTLEMENT_REQUESTED:
        raise ServiceError(_("Only a grant with a request for settlement can be settled."))
    amount = _amount_up_to_awarded(amount, locked, _("The settlement can be at most the awarded amount (%(amount)s)."))
    reason = (reason or "").strip()
    if amount < locked.awarded_amount and not reason:
        raise ServiceError(_("Give the reason for settling lower than the awarded amount. The applicant will see it."))
    now = timezone.now()
    settlement = Settlement.objects.create(grant=locked, amount=amount, reason=reason, decided_by=actor, decided_at=now)
    lapsed = locked.advances.filter(status=AdvanceStatus.PLANNED)
    lapsed.delete()
    paid = paid_total(locked)
    text = _("Settled at %(amount)s.") % {"amount": euro(amount)}
    if reason:
        text = f"{text} {reason}"
    _history(locked, actor, text, to_status=G.SETTLED, at=now)
    reclaim = None
    if paid > amount:
        reclaim = Reclaim.objects.create(
            grant=locked,
            amount=paid - amount,
            reason=_("Paid %(paid)s, settled at %(settled)s.") % {"paid": euro(paid), "settled": euro(amount)},
            created_by=actor,
            created_at=now,
        )
        _history(locked, actor, _("Reclaim of %(amount)s.") % {"amount": euro(reclaim.amount)}, at=now)
    elif amount > paid:
        AdvancePayment.objects.create(grant=locked, planned_on=timezone.localdate(now), amount=amount - paid)
    _to_grantee(
        locked,
        "settled.txt",
        settlement=settlement,
        settled=amount,
        paid=paid,
        reclaim=reclaim.amount if reclaim else None,
        balance=amount - paid if amount > paid else None,
    )
    return settlement


@transaction.atomic
def reclaim_received(*, actor, reclaim: Reclaim, expected_version: int | None = None) -> Reclaim:
    _require_office(actor)
    grant = _lock(reclaim.grant, expected_version)
    updated = Reclaim.objects.filter(pk=reclaim.pk, status=ReclaimStatus.OPEN).update(
        status=ReclaimStatus.RECEIVED, received_at=timezone.now()
    )
    if not updated:
        raise ServiceError(_("This reclaim is not open."))
    _history(grant, actor, _("Reclaim of %(amount)s received.") % {"amount": euro(reclaim.amount)})
    reclaim.refresh_from_db()
    return reclaim


def close_problems(grant: Grant) -> list[str]:
    problems = []
    if grant.status != G.SETTLED:
        problems.append(_("Only a settled grant can be closed."))
    if grant.advances.filter(status=AdvanceStatus.PLANNED).exists():
        problems.append(_("A payment is still planned."))
    if grant.reclaims.filter(status=ReclaimStatus.OPEN).exists():
        problems.append(_("A reclaim is still open."))
    return problems


@transaction.atomic
def grant_close(*, actor, grant: Grant, expected_version: int | None = None) -> Grant:
    """Close a settled grant once everything is paid or received back."""
    _require_office(actor)
    locked = _lock(grant, expected_version)
    problems = close_problems(locked)
    if problems:
        raise ServiceError(problems)
    _history(locked, actor, _("Closed: everything has been paid and received."), to_status=G.CLOSED)
    grant.refresh_from_db()
    return grant


# --- reminders --------------------------------------------------------------------------------


def reports_due_query():
    """Progress reports still to be (re)submitted by grants under way."""
    return Q(status__in=(ProgressReportStatus.DUE, ProgressReportStatus.RETURNED)) & Q(
        grant__status__in=(G.AWARDED, G.STARTED)
    )


def grant_reminders_send(*, today: dt.date | None = None) -> int:
    """E-mail the lead applicant about a progress report due within ``REMINDER_DAYS_BEFORE`` days (or
    overdue). Idempotent: each reminder is claimed with a conditional update of ``reminder_sent_at``,
    so running twice (or twice at the same time) sends once. Returns the number sent."""
    today = today or timezone.localdate()
    candidates = (
        ProgressReport.objects.filter(reports_due_query())
        .filter(reminder_sent_at__isnull=True, due_on__lte=today + dt.timedelta(days=REMINDER_DAYS_BEFORE))
        .select_related("grant", "grant__hub", "grant__application", "grant__application__lead_applicant")
        .select_related("grant__application__call")
        .order_by("due_on", "pk")
    )
    sent = 0
    for report in candidates:
        with transaction.atomic():
            claimed = ProgressReport.objects.filter(pk=report.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=timezone.now()
            )
            if not claimed:
                continue
            _to_grantee(report.grant, "progress_report_reminder.txt", report=report, overdue=report.due_on < today)
            sent += 1
    return sent
