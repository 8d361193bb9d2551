"""Lessons that hubs share with each other: what they tried, what worked, and their advice.

A lesson belongs to one hub. Its coordinators write it as a draft (seen only by them) and publish it
(seen by everyone). Its tags reuse the hubs' choices (``constants.TAG_KINDS``). Three columns are kept up
to date by the services and never edited by hand: ``tag_keys`` (the tags as words, for filters on any
database), ``title_stems``/``search_stems`` (the Dutch stems of the text, the search on SQLite) and
``search_vector`` (the PostgreSQL ``dutch`` text-search vector, with a GIN index on PostgreSQL only).
See docs/learning.md and ADR 0008.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participatiehub.hubs.constants import Agreement, ParticipationForm

from .constants import PHASE_CHOICES, TITLE_MAX_LENGTH, EventKind, LessonStatus, TargetGroup


def _labels(values, choices) -> list[str]:
    known = dict(choices)
    return [str(known.get(value, value)) for value in values]


class Lesson(models.Model):
    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="lessons", verbose_name=_("hub"))
    title = models.CharField(
        _("title"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("Say in one short sentence what the lesson is about."),
    )
    context = models.TextField(
        _("context"),
        blank=True,
        help_text=_("What was the situation? Who was involved, and what did you want to achieve?"),
    )
    tried = models.TextField(
        _("what we tried"), blank=True, help_text=_("What did you do? Describe the steps you took.")
    )
    worked = models.TextField(_("what worked"), blank=True, help_text=_("What went well? How did you notice that?"))
    did_not_work = models.TextField(
        _("what did not work"),
        blank=True,
        help_text=_("What went less well or went wrong? Other hubs learn from this too."),
    )
    advice = models.TextField(
        _("advice to other hubs"), blank=True, help_text=_("What would you tell a hub that wants to do the same?")
    )
    participation_forms = models.JSONField(_("forms of participation"), default=list, blank=True)
    themes = models.JSONField(_("themes and agreements"), default=list, blank=True)
    phase = models.CharField(_("phase of the hub"), max_length=32, choices=PHASE_CHOICES, blank=True)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    trajectories = models.ManyToManyField(
        "trajectories.Trajectory", blank=True, related_name="lessons", verbose_name=_("trajectories")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=LessonStatus.choices, default=LessonStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every edit; stops lost updates.")
    )
    # Kept by the services (services._index); never edited by hand.
    tag_keys = models.TextField(_("tags as words"), blank=True, default="", editable=False)
    title_stems = models.TextField(_("stems of the title"), blank=True, default="", editable=False)
    search_stems = models.TextField(_("stems of the text"), blank=True, default="", editable=False)
    search_vector = SearchVectorField(_("search vector"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="learning_status_published")]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == LessonStatus.PUBLISHED

    @property
    def participation_form_labels(self) -> list[str]:
        return _labels(self.participation_forms, ParticipationForm.choices)

    @property
    def theme_labels(self) -> list[str]:
        return _labels(self.themes, Agreement.choices)

    @property
    def target_group_labels(self) -> list[str]:
        return _labels(self.target_groups, TargetGroup.choices)

    @property
    def tag_labels(self) -> list[str]:
        """Every tag's label, for a short line under the title."""
        phase = [self.get_phase_display()] if self.phase else []
        return self.theme_labels + self.participation_form_labels + phase + self.target_group_labels


class LessonEvent(models.Model):
    """What happened to a lesson, appended and never changed: written, changed, published, taken offline."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="events", verbose_name=_("lesson"))
    kind = models.CharField(_("what happened"), max_length=16, choices=EventKind.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("lesson event")
        verbose_name_plural = _("lesson events")

    def __str__(self) -> str:
        return f"{self.lesson} – {self.get_kind_display()}"
