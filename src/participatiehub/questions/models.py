"""Policy questions (vraagstukken) that decision-makers put to a hub, with their status history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participatiehub.hubs.constants import Agreement

from .constants import LadderRung, QuestionStatus


class PolicyQuestion(models.Model):
    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="questions", verbose_name=_("hub"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary in plain language"), help_text=_("Two or three short sentences anyone can understand.")
    )
    background = models.TextField(_("background"), blank=True)
    asking_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="questions_asked",
        verbose_name=_("asking organisation"),
    )
    contact_name = models.CharField(_("contact person of the asker"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail of the asker"), blank=True)
    agreements = models.JSONField(_("agreements"), default=list, help_text=str(Agreement.choices))
    themes = models.JSONField(_("themes"), default=list)
    municipalities = models.ManyToManyField(
        "geo.Municipality", blank=True, related_name="questions", verbose_name=_("municipalities concerned")
    )
    promised_rung = models.CharField(
        _("promised rung of the participation ladder"), max_length=16, choices=LadderRung.choices
    )
    decision_body = models.CharField(
        _("who decides"), max_length=200, help_text=_("For example: the municipal council.")
    )
    decision_date = models.DateField(_("date of the decision"), null=True, blank=True)
    answer_due_date = models.DateField(
        _("answer to the advice due by"),
        null=True,
        blank=True,
        help_text=_("The date by which the decision-maker answers the advice."),
    )
    status = models.CharField(
        _("status"), max_length=24, choices=QuestionStatus.choices, default=QuestionStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    entered_on_behalf = models.BooleanField(_("entered by the hub on behalf of the asker"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["hub", "status", "-submitted_at"]),
            models.Index(fields=["status", "-submitted_at"]),
            models.Index(fields=["asking_organisation", "-submitted_at"]),
            # The public lists (pages and API) page through every public status newest first.
            models.Index(fields=["-submitted_at", "-id"], name="questions_newest_first"),
        ]
        verbose_name = _("policy question")
        verbose_name_plural = _("policy questions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("questions:public_detail", kwargs={"pk": self.pk})


class QuestionStatusChange(models.Model):
    """Append-only history of a question's status: who moved it, when, and why."""

    question = models.ForeignKey(
        PolicyQuestion, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("question")
    )
    from_status = models.CharField(_("from"), max_length=24, choices=QuestionStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=24, choices=QuestionStatus.choices)
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    actor = models.CharField(_("as"), max_length=16)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["question", "to_status"])]
        verbose_name = _("question status change")
        verbose_name_plural = _("question status changes")

    def __str__(self) -> str:
        return f"{self.question_id}: {self.from_status or '–'} → {self.to_status}"
