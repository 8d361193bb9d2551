"""The yearly participation scan: versioned templates (dimensions, questions, answer scales), rounds per
year, each hub's response with its answers and comments, and the reminders sent (docs/scans.md).

A published template version is never changed: the office changes a draft copy and publishes it. A
round keeps the version it was opened with, so its questions never move under the hubs' answers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import EventKind, ReminderKind, ResponseStatus, VersionStatus


class ScanTemplate(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("scan template")
        verbose_name_plural = _("scan templates")

    def __str__(self) -> str:
        return self.name


class TemplateVersion(models.Model):
    template = models.ForeignKey(
        ScanTemplate, on_delete=models.CASCADE, related_name="versions", verbose_name=_("template")
    )
    number = models.PositiveIntegerField(_("version number"))
    status = models.CharField(_("status"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    note = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every edit; stops lost updates.")
    )

    class Meta:
        ordering = ["template__name", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="scans_version_number_unique"),
            models.UniqueConstraint(
                fields=["template"], condition=models.Q(status="draft"), name="scans_one_draft_per_template"
            ),
        ]
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


class AnswerScale(models.Model):
    template_version = models.ForeignKey(
        TemplateVersion, on_delete=models.CASCADE, related_name="scales", verbose_name=_("template version")
    )
    name = models.CharField(_("name"), max_length=200)
    allows_not_applicable = models.BooleanField(_("'not applicable' allowed"), default=True)
    not_applicable_label = models.CharField(
        _("text for 'not applicable'"), max_length=100, blank=True, default="Weet ik niet / niet van toepassing"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("answer scale")
        verbose_name_plural = _("answer scales")

    def __str__(self) -> str:
        return self.name


class ScalePoint(models.Model):
    scale = models.ForeignKey(AnswerScale, on_delete=models.CASCADE, related_name="points", verbose_name=_("scale"))
    value = models.SmallIntegerField(_("value"))
    label = models.CharField(_("label"), max_length=100)

    class Meta:
        ordering = ["scale", "value"]
        constraints = [models.UniqueConstraint(fields=["scale", "value"], name="scans_point_value_unique")]
        verbose_name = _("scale point")
        verbose_name_plural = _("scale points")

    def __str__(self) -> str:
        return f"{self.value} {self.label}"


class Dimension(models.Model):
    template_version = models.ForeignKey(
        TemplateVersion, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("template version")
    )
    code = models.SlugField(_("code"), max_length=40, help_text=_("Stays the same in every version."))
    name = models.CharField(_("name"), max_length=200)
    explanation = models.TextField(_("explanation"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["template_version", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["template_version", "code"], name="scans_dimension_code_unique")]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="questions", verbose_name=_("dimension")
    )
    scale = models.ForeignKey(AnswerScale, on_delete=models.PROTECT, related_name="questions", verbose_name=_("scale"))
    text = models.TextField(_("question"))
    help_text = models.TextField(_("help text"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["dimension__order", "dimension_id", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class ScanRound(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    template_version = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("template version")
    )
    opens_on = models.DateField(_("opening date"))
    deadline = models.DateTimeField(_("deadline"))
    reminder_days = models.JSONField(_("reminder days before the deadline"), default=list, blank=True)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(closed_at__isnull=True), name="scans_one_open_round_per_year"
            )
        ]
        verbose_name = _("scan round")
        verbose_name_plural = _("scan rounds")

    def __str__(self) -> str:
        return f"Participatiescan {self.year}"


class ScanResponse(models.Model):
    scan_round = models.ForeignKey(
        ScanRound, on_delete=models.CASCADE, related_name="responses", verbose_name=_("round")
    )
    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="scan_responses", verbose_name=_("hub"))
    status = models.CharField(
        _("status"), max_length=16, choices=ResponseStatus.choices, default=ResponseStatus.NOT_STARTED
    )
    last_saved_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    last_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("last saved by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every save; stops lost updates.")
    )
    #: The form (one opened page) that saved last: its own quick saves one after another are not a conflict.
    last_saved_page = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        ordering = ["hub__name"]
        constraints = [models.UniqueConstraint(fields=["scan_round", "hub"], name="scans_response_per_hub")]
        verbose_name = _("scan response")
        verbose_name_plural = _("scan responses")

    def __str__(self) -> str:
        return f"{self.scan_round} – {self.hub}"


class Answer(models.Model):
    response = models.ForeignKey(ScanResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.SmallIntegerField(_("answer"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="scans_answer_unique"),
            models.CheckConstraint(
                condition=models.Q(not_applicable=False) | models.Q(value__isnull=True),
                name="scans_answer_value_or_na",
            ),
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return "n.v.t." if self.not_applicable else str(self.value)


class DimensionComment(models.Model):
    response = models.ForeignKey(ScanResponse, on_delete=models.CASCADE, related_name="comments")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="comments")
    text = models.TextField(_("comment"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "dimension"], name="scans_comment_unique")]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60]


class ResponseEvent(models.Model):
    """Append-only: a response submitted or reopened (with the office's reason)."""

    response = models.ForeignKey(ScanResponse, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=16, choices=EventKind.choices)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("response event")
        verbose_name_plural = _("response events")

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"


class ReminderSent(models.Model):
    """One row per e-mail of a kind to a hub's response (invitation, each reminder day, overdue): the
    unique key makes ``send_scan_reminders`` send each once, however often it runs."""

    response = models.ForeignKey(ScanResponse, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    days_before = models.SmallIntegerField(_("days before the deadline"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "kind", "days_before"], name="scans_reminder_once")]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self) -> str:
        return f"{self.kind} {self.days_before}"
