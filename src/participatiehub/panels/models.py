"""Residents' panels: participants and their consent, invitation letters, pools and quotas,
selections by lot, engagements and allowances.

Personal data is kept apart from what the programme may see; special-category answers (health,
lived experience) live in their own table, behind their own consent.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participatiehub.core.storage import private_storage

from .constants import (
    Algorithm,
    AllowanceKind,
    ConsentPurpose,
    LettersStatus,
    PoolStatus,
    PublicationAction,
    SelectionStatus,
)

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
        verbose_name = _("panel settings")
        verbose_name_plural = _("panel settings")

    def __str__(self) -> str:
        return str(self.hub)


class VolunteerAllowanceLimit(models.Model):
    """The yearly tax-free volunteer allowance (it changes every year)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    yearly_maximum = models.DecimalField(_("most per year (euro)"), max_digits=8, decimal_places=2)
    monthly_maximum = models.DecimalField(
        _("most per month (euro)"), max_digits=8, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("volunteer allowance limit")
        verbose_name_plural = _("volunteer allowance limits")

    def __str__(self) -> str:
        return f"{self.year}: € {self.yearly_maximum}"


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
        "Pool", null=True, blank=True, on_delete=models.SET_NULL, related_name="batches", verbose_name=_("pool")
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
        ordering = ["id"]
        indexes = [models.Index(fields=["batch", "used_at"])]
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")

    def __str__(self) -> str:
        return f"{self.code[:4]}…"


class Pool(models.Model):
    """The volunteers from whom one panel is drawn."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="pools", verbose_name=_("hub"))
    trajectory = models.ForeignKey(
        "trajectories.Trajectory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pools",
        verbose_name=_("trajectory"),
    )
    name = models.CharField(_("name"), max_length=200)
    panel_size = models.PositiveIntegerField(_("seats on the panel"))
    categories = models.JSONField(_("categories used for the quotas"), default=list)
    one_per_household = models.BooleanField(_("at most one person per household"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=PoolStatus.choices, default=PoolStatus.OPEN)
    members = models.ManyToManyField(
        Participant, through="PoolMember", related_name="pools", verbose_name=_("volunteers")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pool")
        verbose_name_plural = _("pools")

    def __str__(self) -> str:
        return self.name


class PoolMember(models.Model):
    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("pool"))
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="pool_memberships", verbose_name=_("participant")
    )
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pool", "participant"], name="panels_pool_member_unique")]
        verbose_name = _("pool member")
        verbose_name_plural = _("pool members")

    def __str__(self) -> str:
        return f"{self.participant} in {self.pool}"


class Quota(models.Model):
    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("pool"))
    category = models.CharField(_("category"), max_length=40)
    value = models.CharField(_("value"), max_length=80)
    minimum = models.PositiveIntegerField(_("at least"))
    maximum = models.PositiveIntegerField(_("at most"))

    class Meta:
        ordering = ["category", "value"]
        constraints = [
            models.UniqueConstraint(fields=["pool", "category", "value"], name="panels_quota_unique"),
            models.CheckConstraint(
                condition=models.Q(minimum__lte=models.F("maximum")), name="panels_quota_min_le_max"
            ),
        ]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")

    def __str__(self) -> str:
        return f"{self.category}={self.value}: {self.minimum}–{self.maximum}"


class PopulationShare(models.Model):
    """The share of a category value in the population (from CBS figures the coordinator enters)."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="population_shares", verbose_name=_("pool"))
    category = models.CharField(_("category"), max_length=40)
    value = models.CharField(_("value"), max_length=80)
    share = models.DecimalField(_("share (0–1)"), max_digits=6, decimal_places=5)

    class Meta:
        ordering = ["category", "value"]
        constraints = [
            models.UniqueConstraint(fields=["pool", "category", "value"], name="panels_population_share_unique")
        ]
        verbose_name = _("population share")
        verbose_name_plural = _("population shares")

    def __str__(self) -> str:
        return f"{self.category}={self.value}: {self.share}"


class Selection(models.Model):
    """One run of the selection engine on a pool, and its published, verifiable draw."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="selections", verbose_name=_("pool"))
    algorithm = models.CharField(_("algorithm"), max_length=10, choices=Algorithm.choices, default=Algorithm.LEXIMIN)
    seed = models.CharField(
        _("announced seed"),
        max_length=200,
        help_text=_("Announce it before the draw, e.g. a number from a public lottery."),
    )
    panel_count = models.PositiveIntegerField(_("panels in the uniform lottery"), default=1000)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replacements",
        verbose_name=_("replacement round of"),
    )
    fixed_members = models.ManyToManyField(
        Participant, blank=True, related_name="+", verbose_name=_("members already seated")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SelectionStatus.choices, default=SelectionStatus.QUEUED
    )
    progress = models.FloatField(_("progress"), default=0.0)
    progress_text = models.CharField(_("progress text"), max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last sign of life"),
        null=True,
        blank=True,
        help_text=_(
            "Written while the run is going. A run without a sign of life for SELECTION_STALE_MINUTES "
            "is marked failed, so the pool can be drawn again."
        ),
    )
    engine_version = models.CharField(_("engine version"), max_length=20, blank=True)
    result = models.JSONField(
        _("result"), null=True, blank=True, help_text=_("Probabilities per pseudonym and the published panels.")
    )
    error = models.TextField(_("what went wrong"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    public_id = models.CharField(
        _("public address code"),
        max_length=32,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Made when the report is first published; the public address stays the same after that."),
    )
    published_at = models.DateTimeField(
        _("report published at"), null=True, blank=True, help_text=_("Empty: the report is not public.")
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("report published by"),
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One run per pool at a time: a second start is refused by the database as well.
            models.UniqueConstraint(
                fields=["pool"],
                condition=models.Q(status__in=[SelectionStatus.QUEUED, SelectionStatus.RUNNING]),
                name="panels_selection_one_active_per_pool",
            )
        ]
        verbose_name = _("selection")
        verbose_name_plural = _("selections")

    def __str__(self) -> str:
        return f"{self.pool} – {self.created_at:%Y-%m-%d}"


def new_public_id() -> str:
    """An unguessable code for a public address (128 bits, URL-safe)."""
    return secrets.token_urlsafe(16)


class SelectionPublication(models.Model):
    """Append-only history of publishing and withdrawing a selection's transparency report."""

    selection = models.ForeignKey(
        Selection, on_delete=models.CASCADE, related_name="publications", verbose_name=_("selection")
    )
    action = models.CharField(_("action"), max_length=10, choices=PublicationAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("publication of a transparency report")
        verbose_name_plural = _("publications of transparency reports")

    def __str__(self) -> str:
        return f"{self.selection}: {self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"


class SelectedMember(models.Model):
    selection = models.ForeignKey(
        Selection, on_delete=models.CASCADE, related_name="members", verbose_name=_("selection")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="selections", verbose_name=_("participant")
    )
    probability = models.FloatField(_("selection probability"))
    seated = models.BooleanField(_("drawn for the panel"), default=False)
    pseudonym = models.CharField(_("pseudonym"), max_length=16)

    class Meta:
        ordering = ["pseudonym"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "participant"], name="panels_selected_member_unique")
        ]
        verbose_name = _("selection outcome")
        verbose_name_plural = _("selection outcomes")

    def __str__(self) -> str:
        return f"{self.pseudonym}: {self.probability:.4f}"


class Engagement(models.Model):
    """Someone was invited to, or took part in, an activity or trajectory."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="engagements", verbose_name=_("participant")
    )
    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="engagements", verbose_name=_("hub"))
    trajectory = models.ForeignKey(
        "trajectories.Trajectory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("trajectory"),
    )
    activity = models.ForeignKey(
        "trajectories.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("activity"),
    )
    invited_on = models.DateField(_("invited on"))
    took_part = models.BooleanField(_("took part"), default=False)

    class Meta:
        ordering = ["-invited_on"]
        indexes = [models.Index(fields=["participant", "invited_on"])]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")

    def __str__(self) -> str:
        return f"{self.participant} – {self.invited_on}"


class Allowance(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="allowances", verbose_name=_("participant")
    )
    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="allowances", verbose_name=_("hub"))
    amount = models.DecimalField(_("amount (euro)"), max_digits=8, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    kind = models.CharField(_("kind"), max_length=12, choices=AllowanceKind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["-paid_on"]
        indexes = [models.Index(fields=["participant", "paid_on"])]
        verbose_name = _("allowance")
        verbose_name_plural = _("allowances")

    def __str__(self) -> str:
        return f"{self.participant} – € {self.amount} ({self.paid_on})"
