"""Hubs: the municipalities they cover, their coalition, status history and design choices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import Agreement, Domain, HubStatus, LegalForm, ParticipationForm


class Hub(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name in web address"), max_length=80, unique=True)
    status = models.CharField(_("status"), max_length=32, choices=HubStatus.choices, default=HubStatus.PREPARING)
    follows_region = models.ForeignKey(
        "geo.Region",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hubs",
        verbose_name=_("follows region"),
        help_text=_("Leave empty when the hub draws its own area."),
    )
    summary = models.TextField(_("short description"), blank=True)
    contact_name = models.CharField(_("contact point"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    visiting_address = models.CharField(_("visiting address"), max_length=300, blank=True)
    feedback_window_weeks = models.PositiveSmallIntegerField(
        _("weeks to give feedback"),
        default=8,
        help_text=_("Feedback to participants counts as on time within this many weeks of the answer."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every edit; stops lost updates.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("hubs:public", kwargs={"slug": self.slug})

    @property
    def is_reachable(self) -> bool:
        return bool(self.contact_email or self.contact_phone)


class HubStatusChange(models.Model):
    """Append-only history of a hub's status."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("hub"))
    from_status = models.CharField(_("from"), max_length=32, choices=HubStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=32, choices=HubStatus.choices)
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    note = models.TextField(_("explanation"), blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.hub}: {self.from_status or '–'} → {self.to_status}"


class HubMunicipality(models.Model):
    """A hub covers a municipality from a date, and perhaps until a date."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="coverage", verbose_name=_("hub"))
    municipality = models.ForeignKey(
        "geo.Municipality", on_delete=models.PROTECT, related_name="hub_coverage", verbose_name=_("municipality")
    )
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["municipality__name"]
        indexes = [models.Index(fields=["municipality", "valid_from"])]
        verbose_name = _("covered municipality")
        verbose_name_plural = _("covered municipalities")

    def __str__(self) -> str:
        return f"{self.hub} – {self.municipality}"


class CoalitionMember(models.Model):
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="coalition", verbose_name=_("hub"))
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="coalitions", verbose_name=_("organisation")
    )
    is_lead = models.BooleanField(_("lead applicant (penvoerder)"), default=False)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        ordering = ["-is_lead", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "organisation"], name="hubs_coalition_member_unique"),
            models.UniqueConstraint(fields=["hub"], condition=models.Q(is_lead=True), name="hubs_coalition_one_lead"),
        ]
        verbose_name = _("coalition member")
        verbose_name_plural = _("coalition members")

    def __str__(self) -> str:
        return f"{self.organisation}" + (" (penvoerder)" if self.is_lead else "")


class DesignChoices(models.Model):
    """One dated version of a hub's design choices; new versions are appended, never edited."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="design_versions", verbose_name=_("hub"))
    valid_from = models.DateField(_("valid from"))
    legal_form = models.CharField(_("legal and governance form"), max_length=32, choices=LegalForm.choices)
    governance_note = models.TextField(_("governance explained"), blank=True)
    domains = models.JSONField(_("domains covered"), default=list)
    participation_forms = models.JSONField(_("participation forms offered"), default=list)
    agreements = models.JSONField(_("agreements worked on"), default=list)
    themes = models.JSONField(_("themes"), default=list)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-valid_from", "-id"]
        get_latest_by = ["valid_from", "id"]
        verbose_name = _("design choices")
        verbose_name_plural = _("design choices")

    def __str__(self) -> str:
        return f"{self.hub} – {self.valid_from}"

    @staticmethod
    def _labels(values, choices) -> list[str]:
        known = dict(choices.choices)
        return [str(known.get(v, v)) for v in values]

    @property
    def domain_labels(self) -> list[str]:
        return self._labels(self.domains, Domain)

    @property
    def participation_form_labels(self) -> list[str]:
        return self._labels(self.participation_forms, ParticipationForm)

    @property
    def agreement_labels(self) -> list[str]:
        return self._labels(self.agreements, Agreement)
