"""Reads of the programme reports, in a fixed number of queries whatever the number of reports or findings."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from participatiehub.redaction.selectors import office_version

from .constants import FindingState
from .models import ProgrammeReport, RedactionFinding


def reports_list() -> QuerySet[ProgrammeReport]:
    """Every report, newest first, with who asked and its number of redactions (one query)."""
    return (
        ProgrammeReport.objects.select_related("requested_by")
        .annotate(
            redactions=Count("findings", filter=Q(findings__state__in=[FindingState.APPLIED, FindingState.ADDED]))
        )
        .order_by("-requested_at", "-id")
    )


def report(pk: int) -> ProgrammeReport:
    return get_object_or_404(ProgrammeReport.objects.select_related("requested_by"), pk=pk)


def findings(report: ProgrammeReport, *, state: str = "") -> QuerySet[RedactionFinding]:
    found = RedactionFinding.objects.filter(report=report)
    if state:
        found = found.filter(state=state)
    return found.order_by("id")


def finding_counts(report: ProgrammeReport) -> dict[str, int]:
    rows = RedactionFinding.objects.filter(report=report).values("state").annotate(n=Count("id")).order_by()
    return {row["state"]: row["n"] for row in rows}


def is_out_of_date(report: ProgrammeReport) -> bool:
    """The office changed its keep list or decisions since the public files were made."""
    return bool(report.redaction_version) and report.redaction_version != office_version()
