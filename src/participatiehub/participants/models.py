"""Residents: participants and their consent, special-category answers, invitation letters and codes.

Personal data is kept apart from what the programme may see; special-category answers (health,
lived experience) live in their own table, behind their own consent. The selection side (pools,
selections, engagements, allowances) lives in ``panels`` and points here; nothing here imports it.
The tables keep the ``panels_`` names they had before the two sides were split (ADR 0006).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participatiehub.core.storage import private_storage

from .constants import ConsentPurpose, LettersStatus

#: Letters without look-alikes (no 0/O, 1/I/L), for codes people type from a paper letter.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_invitation_code() -> str:
    """12 characters from 31 symbols: about 59 bits, unguessable within the rate limit."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


class HubPanelSettings(models.Model):
    hub = models.OneToOneField(
        "hubs.Hub", on_delete=models.CASCADE, related_name="panel_settings", verbose_name=_("hub")
    )
    max_invitations_per_year = models.PositiveSmallIntegerField(
        _("most invitations per person per 12 months"), default=3, help_text=_("Above this a warning is shown.")
    )

    class Meta:
        db_table = "panels_hubpanelsettings"
        verbose_name = _("panel settings")
        verbose_name_plural = _("panel settings")

    def __str__(self) -> str:
        return str(self.hub)


class AttributeDefinition(models.Model):
    """A question used for stratification. Standard ones have no hub; hubs may add their own."""

    hub = models.ForeignKey(
        "hubs.Hub",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="panel_attributes",
        verbose_name=_("hub"),
    )
    key = models.SlugField(_("key"), max_length=40)
    label = models.CharField(_("question"), max_length=200)
    options = models.JSONField(_("answers to choose from"), default=list, help_text=_("A list of [code, label] pairs."))
    special_category = models.BooleanField(
        _("about health or lived experience"),
        default=False,
        help_text=_("Special personal data: asked only with explicit consent and stored apart."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        db_table = "panels_attributedefinition"
        ordering = ["order", "key"]
        constraints = [models.UniqueConstraint(fields=["hub", "key"], name="panels_attribute_key_unique")]
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")

    def __str__(self) -> str:
        return self.label


class ConsentText(models.Model):
    """A versioned text a participant agrees to; a new version is a new row."""

    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"))
    valid_from = models.DateField(_("valid from"))

    class Meta:
        db_table = "panels_consenttext"
        ordering = ["purpose", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="panels_consent_text_version_unique")
        ]
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} v{self.version}"


class Participant(models.Model):
    """A resident who signed up with a hub. Personal data: only the hub's coordinators see it."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="participants", verbose_name=_("hub"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participant",
        verbose_name=_("account"),
    )
    display_name = models.CharField(_("name"), max_length=200, blank=True)
    attributes = models.JSONField(_("answers for a fair draw"), default=dict, blank=True)
    household_code = models.CharField(
        _("household code"),
        max_length=64,
        blank=True,
        help_text=_("People with the same code live together; at most one of them sits on a panel."),
    )
    signed_up_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    erased_at = models.DateTimeField(
        _("erased at"), null=True, blank=True, help_text=_("After erasure only anonymous counts remain.")
    )

    class Meta:
        db_table = "panels_participant"
        ordering = ["-signed_up_at", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.display_name or _("participant %(id)s") % {"id": self.pk}


class SpecialAttributes(models.Model):
    """Special-category answers (health, lived experience), stored apart from everything else."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="special", verbose_name=_("participant")
    )
    data = models.JSONField(_("answers"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "panels_specialattributes"
        verbose_name = _("special-category answers")
        verbose_name_plural = _("special-category answers")

    def __str__(self) -> str:
        return str(self.participant)


class Consent(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="consents", verbose_name=_("participant")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+", verbose_name=_("text agreed to"))
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        db_table = "panels_consent"
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="panels_one_active_consent_per_purpose",
            )
        ]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.participant} – {self.get_purpose_display()}"


def _letters_path(instance, filename: str) -> str:
    return f"letters/{instance.hub_id}/{instance.pk}-{secrets.token_hex(8)}.pdf"


class InvitationBatch(models.Model):
    """A set of one-time codes printed on letters that a municipality mails; no names or addresses here.

    The letters PDF is made by a background task (``tasks.make_invitation_letters``) and kept in the
    private storage: it carries the codes, so only the hub's coordinators can download it.
    """

    hub = models.ForeignKey(
        "hubs.Hub", on_delete=models.CASCADE, related_name="invitation_batches", verbose_name=_("hub")
    )
    pool = models.ForeignKey(
        "panels.Pool", null=True, blank=True, on_delete=models.SET_NULL, related_name="batches", verbose_name=_("pool")
    )
    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        "geo.Municipality",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("mailed by municipality"),
    )
    size = models.PositiveIntegerField(_("number of letters"))
    letter_text = models.TextField(_("letter text"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    letters_status = models.CharField(
        _("letters"), max_length=10, choices=LettersStatus.choices, default=LettersStatus.WAITING
    )
    letters_done = models.PositiveIntegerField(_("letters made so far"), default=0)
    letters_file = models.FileField(
        _("letters (PDF)"), storage=private_storage, upload_to=_letters_path, max_length=200, blank=True
    )
    letters_error = models.TextField(_("what went wrong"), blank=True)
    letters_generated_at = models.DateTimeField(_("letters made at"), null=True, blank=True)
    letters_updated_at = models.DateTimeField(
        _("letters progress updated at"),
        null=True,
        blank=True,
        help_text=_("Written after every chunk of letters; a task that stopped long ago can be started again."),
    )

    class Meta:
        db_table = "panels_invitationbatch"
        ordering = ["-created_at"]
        verbose_name = _("invitation batch")
        verbose_name_plural = _("invitation batches")

    def __str__(self) -> str:
        return self.name


class InvitationCode(models.Model):
    batch = models.ForeignKey(InvitationBatch, on_delete=models.CASCADE, related_name="codes", verbose_name=_("batch"))
    code = models.CharField(_("code"), max_length=16, unique=True, default=new_invitation_code)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    participant = models.OneToOneField(
        Participant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitation_code",
        verbose_name=_("participant"),
    )

    class Meta:
        db_table = "panels_invitationcode"
        ordering = ["id"]
        indexes = [models.Index(fields=["batch", "used_at"])]
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")

    def __str__(self) -> str:
        return f"{self.code[:4]}…"
