"""Invitations (one personal link per participant) and the anonymous answers.

The two are deliberately not linked: an answer keeps the trajectory and hub it is about and the day it
came in, nothing that leads back to an invitation or a person (docs/questionnaire.md). An invitation
keeps only a hash of its link's token, so the database never holds a link that works.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import COMMENT_MAX_LENGTH, Answer


class Invitation(models.Model):
    """One participant's invitation to the questionnaire of one trajectory (personal data: the participant)."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory",
        on_delete=models.CASCADE,
        related_name="questionnaire_invitations",
        verbose_name=_("trajectory"),
    )
    # One invitation per participant; removing the participant removes it (the answers stay: not linked).
    participant = models.OneToOneField(
        "trajectories.TrajectoryParticipant",
        on_delete=models.CASCADE,
        related_name="questionnaire_invitation",
        verbose_name=_("participant"),
    )
    #: sha256 of the link's token (hex); empty until the invitation is sent.
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    #: Not sent before this moment (``INVITE_AFTER_DAYS`` after the feedback was published).
    send_after = models.DateTimeField(_("send from"), db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("link valid until"), null=True, blank=True)
    #: Set when the participant no longer wanted e-mails before it was sent, or the trajectory was too old.
    cancelled = models.BooleanField(_("not sent"), default=False)
    #: Answered. On purpose no date: the moment of answering would link the invitation to the answer.
    used = models.BooleanField(_("answered"), default=False)
    #: The stored e-mail while it still holds the link (cleared once the link has been removed from it).
    email = models.ForeignKey(
        "core.OutgoingEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("questionnaire invitation")
        verbose_name_plural = _("questionnaire invitations")

    def __str__(self) -> str:
        return f"{self.trajectory_id}/{self.participant_id}"


def _answer_field(label):
    return models.CharField(label, max_length=20, choices=Answer.choices)


class QuestionnaireResponse(models.Model):
    """One anonymous answer to the questionnaire. No link to an invitation or a participant."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="+", verbose_name=_("hub"))
    trajectory = models.ForeignKey(
        "trajectories.Trajectory",
        on_delete=models.CASCADE,
        related_name="questionnaire_responses",
        verbose_name=_("trajectory"),
    )
    #: Midnight (Dutch time) of the day the answer came in: the day only, never the moment.
    submitted_at = models.DateTimeField(_("submitted on (day)"), db_index=True)
    heard = _answer_field(_("felt heard"))
    clear = _answer_field(_("the question was clear"))
    diverse = _answer_field(_("the group was diverse"))
    see_result = _answer_field(_("can see what was done with the input"))
    again = _answer_field(_("would take part again"))
    comment = models.TextField(_("comment"), blank=True, max_length=COMMENT_MAX_LENGTH)

    class Meta:
        # Not by id or by day: the order answers came in says nothing to anyone reading them.
        ordering = ["trajectory_id", "comment"]
        indexes = [models.Index(fields=["hub", "submitted_at"], name="experience_resp_hub_day")]
        verbose_name = _("questionnaire answer")
        verbose_name_plural = _("questionnaire answers")

    def __str__(self) -> str:
        return f"{self.trajectory_id} {self.submitted_at:%Y-%m-%d}"
