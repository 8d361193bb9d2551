"""Statuses and steps of a programme report."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


#: Statuses a new run may start from (a run in progress is never started twice).
RESTARTABLE = (ReportStatus.DONE, ReportStatus.FAILED)


class FindingState(models.TextChoices):
    APPLIED = "applied", _("redacted")
    ADDED = "added", _("redacted (added by the office)")
    UNDONE = "undone", _("kept (undone by the office)")


class ObjectKind(models.TextChoices):
    """Where a free text of the report comes from."""

    HUB = "hub", _("hub")
    QUESTION = "question", _("question")
    ADVICE = "advice", _("advice")
    RECOMMENDATION = "recommendation", _("recommendation")
    RESPONSE = "response", _("answer of the decision-maker")
    LESSON = "lesson", _("lesson")


#: Characters of the original text shown on each side of a redaction in the review table.
CONTEXT_CHARS = 40

#: Indicators drawn as a trend chart in the report (the table has them all).
CHARTED_INDICATORS = 6
