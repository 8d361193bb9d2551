"""The evaluator export: its schema version, statuses and the small-cell rule (docs/evaluation-export.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

#: The version of the tables and columns (the codebook). Raise it when a table or column is added,
#: removed or changes meaning, and say what changed in docs/evaluation-export.md.
SCHEMA_VERSION = "2026.1"

#: Counts of persons below this number are not given (written as ``SUPPRESSED``); 0 stays 0.
MIN_CELL = 5
#: A count of 1 to 4 persons.
SUPPRESSED = "<5"
#: A count hidden only so that a suppressed count in the same group cannot be worked out from a total.
HIDDEN = "*"

#: Activity names in the processing log (audit).
ACTIVITY_REQUEST = "evaluation.export_request"
ACTIVITY_MAKE = "evaluation.export_make"
ACTIVITY_DOWNLOAD = "evaluation.export_download"
SUBJECT_TYPE = "evaluation.pseudonymised_records"

#: A busy export without a sign of life for this long is taken for a stopped worker: it may be tried again.
STALE_MINUTES = 30


class ExportStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    BUSY = "busy", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


OPEN_STATUSES = (ExportStatus.WAITING, ExportStatus.BUSY)
