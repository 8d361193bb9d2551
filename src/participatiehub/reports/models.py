"""Programme reports (PDF and DOCX, internal and public) and the redaction report of their public version."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participatiehub.core.storage import private_storage
from participatiehub.redaction.constants import Category, Source

from .constants import FindingState, ObjectKind, ReportStatus


def _report_path(instance: ProgrammeReport, filename: str) -> str:
    return f"reports/{instance.pk or 'new'}/{filename}"


class ProgrammeReport(models.Model):
    """One report over a period. A run (a background task) writes all four files; a new run replaces them.

    The files are kept with the period and the data version they were made from (a hash of every figure
    and text in them) and the redaction version (the office's keep list and decisions at the time).
    """

    period = models.CharField(_("period"), max_length=32)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (percent)"), default=0)
    step = models.CharField(_("current step"), max_length=200, blank=True)
    error = models.TextField(_("what went wrong"), blank=True)
    data_version = models.CharField(_("data version"), max_length=64, blank=True)
    redaction_version = models.CharField(_("redaction version"), max_length=64, blank=True)
    internal_pdf = models.FileField(
        _("internal PDF"), storage=private_storage, upload_to=_report_path, max_length=200, blank=True
    )
    internal_docx = models.FileField(
        _("internal DOCX"), storage=private_storage, upload_to=_report_path, max_length=200, blank=True
    )
    public_pdf = models.FileField(
        _("public PDF"), storage=private_storage, upload_to=_report_path, max_length=200, blank=True
    )
    public_docx = models.FileField(
        _("public DOCX"), storage=private_storage, upload_to=_report_path, max_length=200, blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0, help_text=_("Raised by every run; a file name holds it."))

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("programme report")
        verbose_name_plural = _("programme reports")

    def __str__(self) -> str:
        return f"{_('Programme report')} {self.period}"

    @property
    def has_files(self) -> bool:
        return bool(self.internal_pdf and self.public_pdf)


class RedactionFinding(models.Model):
    """One redaction (or a kept one) in the public version: where, what, why, and its state."""

    report = models.ForeignKey(
        ProgrammeReport, on_delete=models.CASCADE, related_name="findings", verbose_name=_("report")
    )
    object_kind = models.CharField(_("kind of record"), max_length=20, choices=ObjectKind.choices)
    object_id = models.PositiveBigIntegerField(_("record"))
    field = models.CharField(_("field"), max_length=60)
    where = models.CharField(_("where in the report"), max_length=300, blank=True)
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    original = models.CharField(_("original text"), max_length=500)
    before = models.CharField(_("text before"), max_length=120, blank=True)
    after = models.CharField(_("text after"), max_length=120, blank=True)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    placeholder = models.CharField(_("placeholder"), max_length=40)
    ground = models.CharField(_("Woo ground"), max_length=200)
    source = models.CharField(_("found by"), max_length=20, choices=Source.choices)
    state = models.CharField(_("state"), max_length=8, choices=FindingState.choices, default=FindingState.APPLIED)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["report", "state"], name="reports_finding_report_state")]
        verbose_name = _("redaction")
        verbose_name_plural = _("redactions")

    def __str__(self) -> str:
        return f"{self.placeholder} {self.object_kind}:{self.object_id}.{self.field}"
