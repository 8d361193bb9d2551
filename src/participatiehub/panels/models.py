"""The selection side of the residents' panels: pools and quotas, selections by lot and their
published reports, engagements and allowances. The people themselves are ``participants.Participant``.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participatiehub.participants.models import Participant

from .constants import (
    Algorithm,
    AllowanceKind,
    PoolStatus,
    PublicationAction,
    SelectionStatus,
)


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
