"""An evaluator export: who asked for it and why, which version, and the ZIP file in private storage.

The record is never deleted with its requester (``PROTECT``): together with the processing log (same
``trace_id``) it says who received which pseudonymised data, when and for what purpose.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatiehub.core.storage import private_storage

from .constants import SCHEMA_VERSION, STALE_MINUTES, ExportStatus


def _export_path(instance, filename: str) -> str:
    return f"evaluation/{instance.recipient_id}/export-{instance.pk}-{secrets.token_hex(8)}.zip"


class Export(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recipient")
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    schema_version = models.CharField(_("version of the tables"), max_length=20, default=SCHEMA_VERSION)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.WAITING)
    progress_text = models.CharField(_("progress"), max_length=100, blank=True)
    #: The tables: their names when asked for; with the number of rows of each once made.
    tables = models.JSONField(_("tables"), default=list)
    data_version = models.CharField(_("data version"), max_length=20, blank=True)
    pseudonym_scope = models.CharField(_("pseudonym scope"), max_length=16, blank=True)
    file = models.FileField(_("file"), storage=private_storage, upload_to=_export_path, max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    trace_id = models.CharField(_("trace id"), max_length=32, db_index=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("asked for at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last sign of life"), auto_now=True)
    finished_at = models.DateTimeField(_("made at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("evaluator export")
        verbose_name_plural = _("evaluator exports")
        indexes = [models.Index(fields=["recipient", "-created_at"], name="evaluation_recipient_idx")]

    def __str__(self) -> str:
        return f"{self.schema_version} #{self.pk}"

    @property
    def row_count(self) -> int:
        return sum(t.get("rows", 0) for t in self.tables if isinstance(t, dict))

    @property
    def stalled(self) -> bool:
        """Being made, but without a sign of life for ``STALE_MINUTES``: its worker stopped; it may be tried again."""
        return self.status == ExportStatus.BUSY and self.updated_at < timezone.now() - timedelta(minutes=STALE_MINUTES)
