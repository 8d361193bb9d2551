"""Reference geography: municipalities and the region layers they belong to."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import Layer


class Municipality(models.Model):
    code = models.CharField(_("CBS code"), max_length=6, unique=True, help_text=_("For example GM0363."))
    name = models.CharField(_("name"), max_length=200)
    lat = models.DecimalField(_("latitude"), max_digits=7, decimal_places=4, null=True, blank=True)
    lon = models.DecimalField(_("longitude"), max_digits=7, decimal_places=4, null=True, blank=True)
    geometry = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    svg_path = models.TextField(
        _("map outline (SVG path)"),
        blank=True,
        editable=False,
        help_text=_("Computed from the boundary on import, for the national map."),
    )
    valid_from_year = models.PositiveSmallIntegerField(_("exists from year"), null=True, blank=True)
    valid_until_year = models.PositiveSmallIntegerField(_("exists until year"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    layer = models.CharField(_("layer"), max_length=32, choices=Layer.choices)
    code = models.CharField(_("code"), max_length=16)
    name = models.CharField(_("name"), max_length=200)
    geometry = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    svg_path = models.TextField(
        _("map outline (SVG path)"),
        blank=True,
        editable=False,
        help_text=_("Computed from the boundary on import, for the national map."),
    )
    lat = models.DecimalField(_("latitude"), max_digits=7, decimal_places=4, null=True, blank=True)
    lon = models.DecimalField(_("longitude"), max_digits=7, decimal_places=4, null=True, blank=True)
    maintained_by_hand = models.BooleanField(
        _("maintained by hand"), default=False, help_text=_("IZA/AZWA regions are kept by the programme office.")
    )

    class Meta:
        ordering = ["layer", "name"]
        constraints = [models.UniqueConstraint(fields=["layer", "code"], name="geo_region_layer_code_unique")]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_layer_display()})"


class RegionMembership(models.Model):
    """A municipality belongs to a region of a layer in a given year."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("region"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("municipality")
    )
    layer = models.CharField(_("layer"), max_length=32, choices=Layer.choices, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        ordering = ["year", "region__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "layer", "year"], name="geo_membership_one_region_per_layer_year"
            )
        ]
        indexes = [models.Index(fields=["layer", "year"])]
        verbose_name = _("region membership")
        verbose_name_plural = _("region memberships")

    def __str__(self) -> str:
        return f"{self.municipality} → {self.region} ({self.year})"
