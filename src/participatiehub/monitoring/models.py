"""Monitoring: the indicator catalogue and the quarterly snapshots of every hub's figures.

- An :class:`Indicator` says what a figure means (code, plain-language definition, unit, source, how it
  is computed). Computed indicators have their code in ``monitoring/indicators.py`` (one function per
  code, with a table test); self-reported ones read an answer the hub gave in the yearly participation
  scan (``source_key`` = the scan dimension's code) or the participants' questionnaire (``source_key`` =
  the item's code). The office adds self-reported indicators in the interface, without code.
- A :class:`Snapshot` holds one hub's figures for one quarter as they were when it was taken. It never
  changes; a correction is a new version with its reason (the earlier one stays, marked superseded).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participatiehub.hubs.models import Hub


class Unit(models.TextChoices):
    COUNT = "count", _("count")
    PERCENT = "percent", _("percent")
    DAYS = "days", _("days")
    EURO = "euro", _("euros")
    SCORE = "score", _("score (0–100)")


class Source(models.TextChoices):
    RECORDS = "records", _("the hub's own records")
    SCAN = "scan", _("the yearly participation scan")
    QUESTIONNAIRE = "questionnaire", _("the participants' questionnaire")


class Direction(models.TextChoices):
    """Which way is better: used for "fell since the last quarter"."""

    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")
    NEUTRAL = "neutral", _("neither")


class Indicator(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition in plain words"))
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    #: For a self-reported indicator: the scan dimension's or questionnaire item's code.
    source_key = models.CharField(_("scan dimension or questionnaire item"), max_length=60, blank=True)
    method = models.TextField(_("how it is computed"), blank=True)
    direction = models.CharField(_("better when"), max_length=16, choices=Direction.choices, default=Direction.HIGHER)
    is_public = models.BooleanField(_("shown to the public"), default=True)
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return self.source == Source.RECORDS


class Snapshot(models.Model):
    """One hub's figures for one quarter (``period`` = "2026-Q4"), as taken at ``taken_at``."""

    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="snapshots", verbose_name=_("hub"))
    period = models.CharField(_("quarter"), max_length=7, db_index=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)
    taken_at = models.DateTimeField(_("taken at"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken by"),
    )
    #: Empty for the first version; why the figures were corrected for later ones.
    reason = models.TextField(_("reason for the correction"), blank=True)
    #: The hub's status at the end of the quarter (a stopped hub keeps its history).
    hub_status = models.CharField(_("hub status"), max_length=32, blank=True)

    class Meta:
        ordering = ["hub_id", "period", "version"]
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        constraints = [
            models.UniqueConstraint(fields=["hub", "period", "version"], name="monitoring_snapshot_version_unique"),
            models.UniqueConstraint(
                fields=["hub", "period"],
                condition=models.Q(is_current=True),
                name="monitoring_snapshot_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hub} {self.period} v{self.version}"


class SnapshotValue(models.Model):
    """One figure of a snapshot. ``value`` is None when the figure does not apply (e.g. no questions)."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="values", verbose_name=_("snapshot"))
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2, null=True, blank=True)
    #: How many records the figure rests on (e.g. the number of questions behind a median).
    basis = models.PositiveIntegerField(_("based on"), null=True, blank=True)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "indicator"], name="monitoring_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


class QuarterFigures(models.Model):
    """Every hub's current figures of one quarter in one row, kept by the snapshot services.

    Not a cache: written in the same transaction as the snapshots it sums up (taking, correcting), so the
    national pages read a few rows instead of thousands of values. ``values`` maps hub id → indicator id
    → the figure as text (exact, as stored) or null; ``statuses`` hub id → the hub's status at the
    quarter's end; ``stats`` indicator id → [median, lowest, highest, number of hubs with a figure]
    (text, null when no hub has one). Keys are text (JSON)."""

    period = models.CharField(_("quarter"), max_length=7, unique=True)
    values = models.JSONField(_("figures"), default=dict)
    statuses = models.JSONField(_("hub statuses"), default=dict)
    stats = models.JSONField(_("median, lowest and highest"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["period"]
        verbose_name = _("figures of a quarter")
        verbose_name_plural = _("figures of the quarters")

    def __str__(self) -> str:
        return self.period
