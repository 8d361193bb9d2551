"""Processing log: who touched whose personal data, when and why.

Fields follow the Dutch *Logboek dataverwerkingen* standard: a trace id per request, a span id
per operation, the activity, the processing purpose and a pseudonym of the data subject.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessingLogEntry(models.Model):
    trace_id = models.CharField(_("trace id"), max_length=32, db_index=True)
    span_id = models.CharField(_("span id"), max_length=16)
    occurred_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    activity = models.CharField(_("activity"), max_length=100)
    purpose = models.CharField(_("purpose"), max_length=200)
    operation = models.CharField(
        _("operation"), max_length=10, choices=[("read", _("read")), ("write", _("write")), ("delete", _("delete"))]
    )
    hub_id = models.BigIntegerField(_("hub"), null=True, blank=True, db_index=True)
    subject_type = models.CharField(_("kind of data subject"), max_length=50)
    subject_pseudonym = models.CharField(_("data subject (pseudonym)"), max_length=64, blank=True)
    object_count = models.PositiveIntegerField(_("number of records"), default=1)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("processing log entry")
        verbose_name_plural = _("processing log")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.activity}"
