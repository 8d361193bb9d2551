"""Reads for calls and applications, scoped by the user where a view shows them.

Every list keeps a constant number of queries, whatever the number of applications (see
tests/funding/test_queries.py). Budget totals are computed in the database (``Sum``) for lists and
from the prefetched lines for one application, never stored twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from participatiehub.accounts.selectors import roles_for_user
from participatiehub.network.models import Organisation

from .constants import (
    EDITABLE_STATUSES,
    MONEY_DIGITS,
    MONEY_PLACES,
    ZERO,
    ApplicationStatus,
    BudgetCategory,
    CallStatus,
)
from .models import (
    Application,
    ApplicationAttachment,
    ApplicationPartner,
    ApplicationStatusChange,
    BudgetLine,
    Call,
)

A = ApplicationStatus


# --- calls ------------------------------------------------------------------------------------


def _call_details() -> tuple:
    return ("deadlines", "criteria", "required_attachments", "steps")


def calls_public() -> QuerySet[Call]:
    """Calls anyone may see: open and closed ones (drafts are the office's)."""
    return (
        Call.objects.exclude(status=CallStatus.DRAFT)
        .select_related("line")
        .prefetch_related("deadlines")
        .order_by("-closes_at", "title")
    )


def call_public(slug: str) -> Call | None:
    return calls_public().prefetch_related(*_call_details()).filter(slug=slug).first()


def calls_for_office() -> QuerySet[Call]:
    return (
        Call.objects.select_related("line")
        .annotate(
            application_count=Count("applications", distinct=True),
            submitted_count=Count("applications", filter=~Q(applications__status=A.DRAFT), distinct=True),
        )
        .order_by("-opens_at", "title")
    )


def call_for_office(slug: str) -> Call | None:
    return Call.objects.select_related("line").prefetch_related(*_call_details()).filter(slug=slug).first()


def calls_open(now: dt.datetime | None = None) -> QuerySet[Call]:
    now = now or timezone.now()
    return calls_public().filter(status=CallStatus.OPEN, opens_at__lte=now, closes_at__gt=now)


# --- applications -------------------------------------------------------------------------------


def _per_application(model, aggregate) -> Subquery:
    """A subquery of ``aggregate`` over ``model``'s rows of the outer application."""
    return Subquery(
        model.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(value=aggregate)
        .values("value")
    )


def _with_totals(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Annotate the requested amount (sum of the budget lines) and the number of partners."""
    totals = _per_application(BudgetLine, Sum("amount"))
    partners = _per_application(ApplicationPartner, Count("pk"))
    money = DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    return queryset.annotate(
        requested_amount=Coalesce(totals, Value(ZERO), output_field=money),
        partner_count=Coalesce(partners, Value(0)),
    )


def applications_for_user(user) -> QuerySet[Application]:
    """The applications of the hubs ``user`` coordinates (the applicant's own list), with their grants."""
    hub_ids = roles_for_user(user).hub_ids
    return _with_totals(
        Application.objects.filter(hub_id__in=hub_ids).select_related("call", "hub", "lead_applicant", "grant")
    ).order_by("-created_at", "-id")


def applications_for_office(*, call: Call | None = None, status: str = "") -> QuerySet[Application]:
    """Every application (the programme office), optionally for one call or in one status."""
    queryset = Application.objects.select_related("call", "hub", "lead_applicant", "grant")
    if call is not None:
        queryset = queryset.filter(call=call)
    if status:
        queryset = queryset.filter(status=status)
    return _with_totals(queryset).order_by("call__title", "-submitted_at", "-id")


def application_detail(pk: int) -> Application | None:
    """One application with everything its pages show, in a fixed number of queries."""
    return (
        Application.objects.filter(pk=pk)
        .select_related("call", "call__line", "hub", "lead_applicant")
        .prefetch_related(
            Prefetch("partners", queryset=ApplicationPartner.objects.select_related("organisation")),
            "budget_lines",
            Prefetch(
                "attachments",
                queryset=ApplicationAttachment.objects.select_related("required", "uploaded_by"),
            ),
            Prefetch("status_changes", queryset=ApplicationStatusChange.objects.select_related("changed_by")),
            "call__required_attachments",
            "call__steps",
            "call__deadlines",
        )
        .first()
    )


@dataclass(frozen=True)
class BudgetSummary:
    rows: list[tuple[str, str, Decimal]]  # (category, label, total) for each category in use
    total: Decimal


def budget_summary(application: Application) -> BudgetSummary:
    """The totals per category and in all, from the (prefetched) budget lines."""
    per_category: dict[str, Decimal] = {}
    for line in application.budget_lines.all():
        per_category[line.category] = per_category.get(line.category, ZERO) + line.amount
    rows = [(c.value, str(c.label), per_category[c.value]) for c in BudgetCategory if c.value in per_category]
    return BudgetSummary(rows=rows, total=sum(per_category.values(), ZERO))


def missing_attachments(application: Application) -> list:
    """The call's required attachments that have no upload yet (from prefetched rows)."""
    uploaded = {a.required_id for a in application.attachments.all() if a.required_id}
    return [r for r in application.call.required_attachments.all() if r.pk not in uploaded]


def partner_candidates(application: Application) -> QuerySet[Organisation]:
    """Organisations of the hub's network that are not yet partners of the application."""
    taken = [p.organisation_id for p in application.partners.all()]
    return Organisation.objects.filter(hub_id=application.hub_id).exclude(pk__in=taken).order_by("name")


def may_edit(user, application: Application) -> bool:
    return application.status in EDITABLE_STATUSES and user.has_perm("funding.change_application", application)


def status_counts(call: Call) -> list[tuple[str, str, int]]:
    """(status, label, count) of the call's applications, in the order of the state machine."""
    counts = dict(
        Application.objects.filter(call=call)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(s.value, str(s.label), counts[s.value]) for s in A if counts.get(s.value)]
