"""Reads for grants: the office's list and what needs its attention, one grant with everything its page
shows, the grantee's list, and the hub pages' sections. Each keeps a fixed number of queries whatever
the number of grants (tests/funding/test_grant_queries.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, DecimalField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value, Window
from django.db.models.functions import Coalesce
from django.utils import timezone

from participatiehub.accounts.selectors import roles_for_user
from participatiehub.trajectories.models import Activity

from . import selectors
from .constants import (
    MONEY_DIGITS,
    MONEY_PLACES,
    ZERO,
    AdvanceStatus,
    ChangeRequestStatus,
    GrantStatus,
    ProgressReportStatus,
    ReclaimStatus,
)
from .models import (
    AdvancePayment,
    Application,
    ChangeRequest,
    Grant,
    GrantActivity,
    GrantStatusChange,
    ProgressReport,
    Reclaim,
)
from .services_grants import FINAL_REPORT_WEEKS, final_report_due, payment_problems, reports_due_query

G = GrantStatus
MONEY = DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
#: Rows per list of the office's attention panel, oldest first; the heading gives the total.
ATTENTION_LIMIT = 10


def _paid_subquery():
    return Subquery(
        AdvancePayment.objects.filter(grant=OuterRef("pk"), status=AdvanceStatus.PAID)
        .order_by()
        .values("grant")
        .annotate(total=Sum("amount"))
        .values("total"),
        output_field=MONEY,
    )


def _with_figures(queryset: QuerySet[Grant]) -> QuerySet[Grant]:
    """Annotate ``paid`` (payments made) and ``settled_amount`` (None until settled)."""
    return queryset.annotate(
        paid=Coalesce(_paid_subquery(), Value(ZERO), output_field=MONEY),
        settled_amount=Coalesce("settlement__amount", Value(None), output_field=MONEY),
    )


def grants_for_office(*, status: str = "", line_id: int | None = None) -> QuerySet[Grant]:
    queryset = Grant.objects.select_related("hub", "line", "application", "application__call")
    if status:
        queryset = queryset.filter(status=status)
    if line_id:
        queryset = queryset.filter(line_id=line_id)
    return _with_figures(queryset).order_by("-awarded_at", "-id")


def grants_for_user(user) -> QuerySet[Grant]:
    """The grants of the hubs ``user`` coordinates."""
    hub_ids = roles_for_user(user).hub_ids
    return _with_figures(
        Grant.objects.filter(hub_id__in=hub_ids).select_related("hub", "line", "application", "application__call")
    ).order_by("-awarded_at", "-id")


def grant_detail(pk: int) -> Grant | None:
    """One grant with its schedule, reports, changes, history and activities, in a fixed number of queries."""
    return (
        _with_figures(Grant.objects.filter(pk=pk))
        .select_related(
            "hub",
            "line",
            "application",
            "application__call",
            "application__lead_applicant",
            "application__decision",
            "final_report",
            "settlement",
        )
        .prefetch_related(
            Prefetch("advances", queryset=AdvancePayment.objects.select_related("requires_progress_report", "paid_by")),
            "progress_reports",
            Prefetch("change_requests", queryset=ChangeRequest.objects.select_related("requested_by", "decided_by")),
            Prefetch("status_changes", queryset=GrantStatusChange.objects.select_related("changed_by")),
            "reclaims",
            Prefetch(
                "activity_links",
                queryset=GrantActivity.objects.select_related("activity", "activity__trajectory"),
            ),
        )
        .first()
    )


@dataclass(frozen=True)
class AdvanceRow:
    advance: AdvancePayment
    problems: list[str]

    @property
    def payable(self) -> bool:
        return not self.problems


def advance_rows(grant: Grant) -> list[AdvanceRow]:
    """Each payment of the (prefetched) grant with why it cannot be paid now, if so."""
    ceiling = grant.settled_amount if grant.settled_amount is not None else grant.awarded_amount
    rows = []
    for advance in grant.advances.all():
        problems = (
            []
            if advance.status == AdvanceStatus.PAID
            else payment_problems(grant, advance, paid=grant.paid, ceiling=ceiling)
        )
        rows.append(AdvanceRow(advance, problems))
    return rows


def activity_choices(grant: Grant) -> QuerySet[Activity]:
    """Activities of the hub's own trajectories that the grant does not pay for yet."""
    taken = [link.activity_id for link in grant.activity_links.all()]
    return (
        Activity.objects.filter(trajectory__hub_id=grant.hub_id)
        .exclude(pk__in=taken)
        .select_related("trajectory")
        .order_by("-held_on", "title")
    )


# --- what needs the office's attention ------------------------------------------------------------


@dataclass(frozen=True)
class Attention:
    key: str
    rows: list
    total: int

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)


def _limited(key: str, queryset) -> Attention:
    """The first ``ATTENTION_LIMIT`` rows and how many there are in all, in one query (a window count)."""
    rows = list(queryset.annotate(attention_total=Window(Count("pk")))[:ATTENTION_LIMIT])
    return Attention(key, rows, rows[0].attention_total if rows else 0)


def office_attention(today: dt.date | None = None) -> dict[str, Attention]:
    """Overdue and waiting items for the office, one query per kind (at most ``ATTENTION_LIMIT`` rows)."""
    today = today or timezone.localdate()
    grant_rel = ("grant", "grant__hub")
    final_due_before = today - dt.timedelta(weeks=FINAL_REPORT_WEEKS)
    items = [
        _limited(
            "reports_overdue",
            ProgressReport.objects.filter(reports_due_query(), due_on__lt=today)
            .select_related(*grant_rel)
            .order_by("due_on", "pk"),
        ),
        _limited(
            "reports_to_review",
            ProgressReport.objects.filter(status=ProgressReportStatus.SUBMITTED)
            .select_related(*grant_rel)
            .order_by("submitted_at", "pk"),
        ),
        _limited(
            "changes_to_decide",
            ChangeRequest.objects.filter(status=ChangeRequestStatus.PENDING)
            .select_related(*grant_rel)
            .order_by("requested_at", "pk"),
        ),
        _limited(
            "settlements_to_decide",
            Grant.objects.filter(status=G.SETTLEMENT_REQUESTED).select_related("hub").order_by("updated_at", "pk"),
        ),
        _limited(
            "payments_due",
            AdvancePayment.objects.filter(status=AdvanceStatus.PLANNED, planned_on__lte=today)
            .filter(
                Q(requires_progress_report__isnull=True)
                | Q(requires_progress_report__status=ProgressReportStatus.APPROVED)
            )
            .exclude(grant__status__in=(G.SETTLEMENT_REQUESTED, G.CLOSED))
            .select_related(*grant_rel)
            .order_by("planned_on", "pk"),
        ),
        _limited(
            "not_started",
            Grant.objects.filter(status=G.AWARDED, start_deadline__lt=today)
            .select_related("hub")
            .order_by("start_deadline", "pk"),
        ),
        _limited(
            "final_reports_overdue",
            Grant.objects.filter(status=G.STARTED, ends_on__lt=final_due_before)
            .select_related("hub")
            .order_by("ends_on", "pk"),
        ),
        _limited(
            "reclaims_open",
            Reclaim.objects.filter(status=ReclaimStatus.OPEN).select_related(*grant_rel).order_by("created_at", "pk"),
        ),
    ]
    return {item.key: item for item in items}


# --- the hub pages --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HubFunding:
    applications: list[Application]
    grants: list[Grant]
    reports_due: list[ProgressReport]
    payments_planned: list[AdvancePayment]
    final_reports_due: list[tuple[Grant, dt.date]]
    activities: list[GrantActivity]


def hub_funding(hub) -> HubFunding:
    """The coordinator's view of the hub's funding: applications, grants, what is due next, and the
    activities the grants paid for (six queries)."""
    applications = list(
        selectors._with_totals(Application.objects.filter(hub=hub).select_related("call")).order_by(
            "-created_at", "-id"
        )
    )
    grants = list(
        _with_figures(Grant.objects.filter(hub=hub).select_related("application", "application__call", "settlement"))
    )
    reports = list(
        ProgressReport.objects.filter(reports_due_query(), grant__hub=hub).select_related("grant").order_by("due_on")
    )
    payments = list(
        AdvancePayment.objects.filter(status=AdvanceStatus.PLANNED, grant__hub=hub)
        .select_related("grant", "requires_progress_report")
        .order_by("planned_on", "pk")
    )
    finals = [(g, final_report_due(g)) for g in grants if g.status == G.STARTED]
    activities = list(
        GrantActivity.objects.filter(grant__hub=hub)
        .select_related("grant", "activity", "activity__trajectory")
        .order_by("-activity__held_on", "pk")
    )
    return HubFunding(applications, grants, reports, payments, sorted(finals, key=lambda p: p[1]), activities)


def public_grants(hub) -> list[Grant]:
    """The hub's awarded grants, for everyone: amount, period and call (one query)."""
    return list(
        Grant.objects.filter(hub=hub)
        .select_related("application", "application__call")
        .only(
            "id",
            "number",
            "awarded_amount",
            "starts_on",
            "ends_on",
            "status",
            "application__title",
            "application__call__title",
            "application__call__slug",
        )
        .order_by("-starts_on", "-id")
    )
