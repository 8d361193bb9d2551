"""Choices of the selection side: pools, selections, publication, methods and allowances."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PoolStatus(models.TextChoices):
    OPEN = "open", _("Open for sign-up")
    CLOSED = "closed", _("Closed")


class SelectionStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class PublicationAction(models.TextChoices):
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Publication withdrawn")


class Algorithm(models.TextChoices):
    LEXIMIN = "leximin", _("Leximin (fairest; default)")
    MAXIMIN = "maximin", _("Maximin")
    LEGACY = "legacy", _("Legacy greedy draw (for comparison)")


class AllowanceKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer allowance")
    TRAVEL = "travel", _("Travel costs")
    VOUCHER = "voucher", _("Gift voucher")
    OTHER = "other", _("Other")
