"""The scan's statuses, the default dimension codes and the reminder kinds (docs/scans.md)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ResponseStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    REOPENED = "reopened", _("Reopened")


#: The statuses in which the hub's coordinators may still change the answers.
EDITABLE = frozenset({ResponseStatus.NOT_STARTED, ResponseStatus.DRAFT, ResponseStatus.REOPENED})


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    REOPENED = "reopened", _("Reopened")


class ReminderKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    BEFORE = "before", _("Reminder before the deadline")
    OVERDUE = "overdue", _("Reminder after the deadline")


#: The dimension codes of the default template (stable across versions; monitoring reads them).
DIMENSION_CODES = ("vision", "network", "reach", "methods", "influence", "feedback", "continuity")

#: Reminder days before the deadline when the office gives none.
DEFAULT_REMINDER_DAYS = (14, 3)

SCORE_MAX = Decimal(100)
ONE_DECIMAL = Decimal("0.1")
#: Longest comment per dimension.
COMMENT_MAX = 2000
