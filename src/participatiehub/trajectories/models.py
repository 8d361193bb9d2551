"""From an accepted question to feedback: trajectory, activities, advice, answers per recommendation."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participatiehub.core.storage import private_storage
from participatiehub.questions.constants import LadderRung

from .constants import ActivityKind, Decision


class Trajectory(models.Model):
    question = models.OneToOneField(
        "questions.PolicyQuestion", on_delete=models.CASCADE, related_name="trajectory", verbose_name=_("question")
    )
    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="trajectories", verbose_name=_("hub"))
    description = models.TextField(_("how participation is organised"), blank=True)
    forms = models.JSONField(_("forms of participation used"), default=list)
    bodies = models.ManyToManyField(
        "network.ParticipationBody",
        blank=True,
        related_name="trajectories",
        verbose_name=_("participation bodies involved"),
    )
    delivered_rung = models.CharField(
        _("rung of the ladder actually delivered"), max_length=16, choices=LadderRung.choices, blank=True
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")

    def __str__(self) -> str:
        return str(self.question)


class Activity(models.Model):
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="activities", verbose_name=_("trajectory")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    online = models.BooleanField(_("online"), default=False)
    place = models.CharField(_("place"), max_length=200, blank=True)
    participant_count = models.PositiveIntegerField(_("number of participants"), default=0)
    bodies = models.ManyToManyField(
        "network.ParticipationBody",
        blank=True,
        related_name="activities",
        verbose_name=_("participation bodies that took part"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title


def _document_path(instance, filename: str) -> str:
    return f"trajectories/{instance.trajectory_id}/{secrets.token_hex(8)}-{filename}"


class Document(models.Model):
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="documents", verbose_name=_("trajectory")
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents", verbose_name=_("activity")
    )
    title = models.CharField(_("title"), max_length=200)
    # Private storage: nothing serves the folder; the ``document`` view checks who may read the file.
    file = models.FileField(_("file"), storage=private_storage, upload_to=_document_path, max_length=200)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    is_public = models.BooleanField(_("public"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


class Advice(models.Model):
    trajectory = models.OneToOneField(
        Trajectory, on_delete=models.CASCADE, related_name="advice", verbose_name=_("trajectory")
    )
    summary = models.TextField(_("summary of the advice"))
    what_participants_said = models.TextField(_("what the participants said"), blank=True)
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("advice document")
    )
    delivered_at = models.DateTimeField(
        _("delivered at"), null=True, blank=True, help_text=_("Empty while the advice is a draft.")
    )
    reminder_before_sent_at = models.DateTimeField(_("reminder before the due date sent at"), null=True, blank=True)
    reminder_after_sent_at = models.DateTimeField(_("reminder after the due date sent at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("advice")
        verbose_name_plural = _("advice")

    def __str__(self) -> str:
        return str(self.trajectory)

    @property
    def is_delivered(self) -> bool:
        return self.delivered_at is not None


class Recommendation(models.Model):
    advice = models.ForeignKey(
        Advice, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("advice")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("recommendation"))

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["advice", "number"], name="trajectories_recommendation_number_unique")
        ]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class Response(models.Model):
    """The decision-maker's answer to one recommendation. Written only by the decision-maker."""

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.CASCADE, related_name="response", verbose_name=_("recommendation")
    )
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    decided_on = models.DateField(_("date of the decision"))
    decision_document_url = models.URLField(_("link to the decision document"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("answered by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer to a recommendation")
        verbose_name_plural = _("answers to recommendations")

    def __str__(self) -> str:
        return f"{self.recommendation}: {self.get_decision_display()}"


def _token() -> str:
    return secrets.token_urlsafe(24)


class TrajectoryParticipant(models.Model):
    """Someone who took part and left contact details to hear what happened. Personal data."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="participants", verbose_name=_("trajectory")
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    wants_feedback = models.BooleanField(_("wants to hear what was done with the input"), default=True)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["trajectory", "email"], name="trajectories_participant_unique")]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.name or self.email


class Feedback(models.Model):
    trajectory = models.OneToOneField(
        Trajectory, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("trajectory")
    )
    what_was_asked = models.TextField(_("what was asked"))
    what_participants_said = models.TextField(_("what the participants said"))
    closing_words = models.TextField(_("what happens next"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return str(self.trajectory)
