"""The programme office's keep list and its review decisions, which the redaction applies everywhere."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import Category, DecisionAction, KeepKind


class KeepTerm(models.Model):
    """An organisation name or a public office holder that stays readable in published texts.

    The network's organisations and participation bodies and the hubs are kept without a row here.
    An office holder (name + role) is kept only where the text names the role near the name: acting
    in that role, not as a private person.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=KeepKind.choices)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role"), max_length=100, blank=True, help_text=_("For a public office holder, for example: wethouder.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name", "role"], name="redaction_keepterm_unique"),
        ]
        verbose_name = _("kept name")
        verbose_name_plural = _("kept names")

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class RedactionDecision(models.Model):
    """The office's review of a text fragment: keep it (a false positive) or always redact it (missed).

    Decisions are never edited: a new decision on the same fragment withdraws the old one, and a
    withdrawal keeps the row with who and when. Every decision is also in the processing log.
    """

    action = models.CharField(_("decision"), max_length=8, choices=DecisionAction.choices)
    term = models.CharField(_("text"), max_length=300)
    term_key = models.CharField(_("text (folded)"), max_length=300, db_index=True, editable=False)
    category = models.CharField(
        _("category"), max_length=32, choices=Category.choices, default=Category.NAME, blank=True
    )
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term_key"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="redaction_decision_one_active_per_term",
            ),
        ]
        verbose_name = _("redaction decision")
        verbose_name_plural = _("redaction decisions")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.term}"
