"""Programme reports: ask for one (a background task makes it: ``generation.report_generate``), make it
again, review its redactions (each decision logged, the public files made again)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from participatiehub.audit.services import processing_log_write
from participatiehub.redaction import services as redaction
from participatiehub.redaction.constants import DecisionAction

from .constants import RESTARTABLE, FindingState, ReportStatus
from .models import ProgrammeReport, RedactionFinding
from .periods import Period
from .tasks import generate_programme_report

PURPOSE = "Programmarapportage en Woo-publicatie"


def period_parse(text: str) -> Period:
    try:
        return Period.parse(text)
    except ValueError:
        raise ValidationError(
            _("Fill in a year (2026), a quarter (2026-Q2) or a range of quarters (2026-Q1..2026-Q3).")
        ) from None


def _enqueue(report_id: int) -> None:
    generate_programme_report.enqueue(report_id)


def report_request(*, actor, period: str) -> ProgrammeReport:
    """A new report of ``period``; made by a background task after this transaction commits."""
    parsed = period_parse(period)
    with transaction.atomic():
        report = ProgrammeReport.objects.create(
            period=str(parsed), starts_on=parsed.starts_on, ends_on=parsed.ends_on, requested_by=actor
        )
        processing_log_write(
            actor=actor,
            activity="reports.request",
            purpose=PURPOSE,
            operation="read",
            subject_type="person named in a report",
            object_count=0,
        )
        transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def report_rerun(*, actor, report: ProgrammeReport) -> bool:
    """Make the report again (after a failure or the office's review); False while a run is waiting or busy."""
    with transaction.atomic():
        claimed = ProgrammeReport.objects.filter(pk=report.pk, status__in=RESTARTABLE).update(
            status=ReportStatus.QUEUED, progress=0, step="", error=""
        )
        if claimed:
            transaction.on_commit(lambda: _enqueue(report.pk))
    return bool(claimed)


def finding_undo(*, actor, finding: RedactionFinding, reason: str) -> None:
    """The office keeps this text (a false positive): a logged decision, and the report made again."""
    with transaction.atomic():
        redaction.decision_record(actor=actor, action=DecisionAction.UNDO, term=finding.original, reason=reason)
        key = redaction.term_key(finding.original)
        same = [
            f.pk
            for f in RedactionFinding.objects.filter(report_id=finding.report_id).only("pk", "original")
            if redaction.term_key(f.original) == key
        ]
        RedactionFinding.objects.filter(pk__in=same).update(state=FindingState.UNDONE)
    report_rerun(actor=actor, report=finding.report)


def term_add(*, actor, report: ProgrammeReport, term: str, category: str, reason: str) -> None:
    """The office redacts a missed text from now on: a logged decision, and the report made again."""
    redaction.decision_record(actor=actor, action=DecisionAction.ADD, term=term, category=category, reason=reason)
    report_rerun(actor=actor, report=report)


def download_logged(*, actor, report: ProgrammeReport, public: bool) -> None:
    """An internal file holds the texts as written (with names): its download is a read of personal data."""
    if not public:
        processing_log_write(
            actor=actor,
            activity="reports.download_internal",
            purpose=PURPOSE,
            operation="read",
            subject_type="person named in a report",
            object_count=report.findings.count(),
        )
