"""Admin for the reference geography.

Imported data (municipalities, provinces, zorgkantoorregio's, GGD regions and their memberships)
is changed by importing; here it is shown read-only, boundaries folded away. IZA/AZWA regions are
kept here by hand: create one, then choose its municipalities per year.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .constants import Layer
from .models import Municipality, Region, RegionMembership
from .services import (
    MAX_YEAR,
    MIN_YEAR,
    iza_region_check,
    iza_region_create,
    region_members_check,
    region_members_set,
)
from .svgmap import decode_path


def geometry_summary(geometry) -> str:
    if not geometry:
        return "–"
    polygons = geometry["coordinates"] if geometry.get("type") == "MultiPolygon" else [geometry["coordinates"]]
    points = sum(len(ring) for polygon in polygons for ring in polygon)
    return _("%(type)s, %(parts)s part(s), %(points)s points") % {
        "type": geometry.get("type"),
        "parts": len(polygons),
        "points": points,
    }


def outline_preview(svg_path: str, label: str):
    """A small SVG of one outline, zoomed to its own extent."""
    rings = decode_path(svg_path or "")
    points = [point for ring in rings for point in ring]
    if not points:
        return "–"
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    pad = 20
    x0, y0 = min(xs) - pad, min(ys) - pad
    width, height = max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="{} {} {} {}" width="240" height="240" role="img" '
        'aria-label="{}"><path d="{}" fill="#c8d7e6" stroke="#1a1a1a" stroke-width="1" '
        'vector-effect="non-scaling-stroke"/></svg>',
        x0 / 10,
        y0 / 10,
        width / 10,
        height / 10,
        label,
        svg_path,
    )


class MembershipInline(admin.TabularInline):
    """Read-only: memberships change through the importer or the members field of an IZA/AZWA region."""

    model = RegionMembership
    extra = 0
    can_delete = False
    ordering = ["-year", "municipality__name"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RegionMembershipInline(MembershipInline):
    fk_name = "region"
    fields = ["year", "municipality"]
    readonly_fields = fields


class MunicipalityMembershipInline(MembershipInline):
    fk_name = "municipality"
    fields = ["year", "layer", "region"]
    readonly_fields = fields


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "valid_from_year", "valid_until_year"]
    search_fields = ["code", "name"]
    ordering = ["name"]
    readonly_fields = ["code", "boundary", "map_outline"]
    inlines = [MunicipalityMembershipInline]
    fieldsets = (
        (None, {"fields": ("code", "name", "lat", "lon", "valid_from_year", "valid_until_year")}),
        (_("Boundary"), {"classes": ("collapse",), "fields": ("boundary", "map_outline")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).defer("geometry", "svg_path")

    def has_add_permission(self, request):
        return False  # municipalities come from the CBS files

    @admin.display(description=_("boundary (GeoJSON geometry)"))
    def boundary(self, obj):
        return geometry_summary(obj.geometry)

    @admin.display(description=_("map outline (SVG path)"))
    def map_outline(self, obj):
        return outline_preview(obj.svg_path, obj.name)


class RegionAdminForm(forms.ModelForm):
    members_year = forms.IntegerField(
        label=_("year of the municipalities"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text=_("The year for which you choose the municipalities below. Change the year to copy them to it."),
    )
    members = forms.ModelMultipleChoiceField(
        label=_("municipalities"),
        queryset=Municipality.objects.defer("geometry", "svg_path").order_by("name"),
        required=False,
        widget=FilteredSelectMultiple(_("municipalities"), is_stacked=False),
    )

    class Meta:
        model = Region
        fields = ["code", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.instance
        if region.pk and region.maintained_by_hand:
            years = list(region.memberships.order_by("-year").values_list("year", flat=True).distinct()[:1])
            year = years[0] if years else dt.date.today().year
            self.fields["members_year"].initial = year
            self.fields["members"].initial = list(
                region.memberships.filter(year=year).values_list("municipality_id", flat=True)
            )
        elif not region.pk:
            self.fields["members_year"].initial = dt.date.today().year

    def _hand_region(self) -> Region:
        if self.instance.pk:
            return self.instance
        return Region(layer=Layer.IZA, maintained_by_hand=True)

    def clean(self):
        cleaned = super().clean()
        region = self._hand_region()
        if not region.maintained_by_hand:
            return cleaned
        for field_name, message in iza_region_check(
            code=cleaned.get("code") or "", name=cleaned.get("name") or "", region=region
        ).items():
            self.add_error(field_name, message)
        members = cleaned.get("members")
        year = cleaned.get("members_year")
        if members and not year:
            self.add_error("members_year", _("Give the year of these municipalities."))
        elif year:
            for message in region_members_check(
                region=region, year=year, municipality_codes=[m.code for m in members or []]
            ):
                self.add_error("members", message)
        return cleaned


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    form = RegionAdminForm
    list_display = ["name", "code", "layer", "maintained_by_hand", "member_years"]
    list_filter = ["layer", "maintained_by_hand"]
    search_fields = ["code", "name"]
    ordering = ["layer", "name"]
    inlines = [RegionMembershipInline]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).defer("geometry", "svg_path").annotate(membership_count=Count("memberships"))
        )

    @admin.display(description=_("memberships"))
    def member_years(self, obj):
        return obj.membership_count

    def get_fieldsets(self, request, obj=None):
        if obj is None or obj.maintained_by_hand:
            main = ("layer_display", "code", "name") if obj else ("code", "name")
            return (
                (None, {"fields": main}),
                (_("Municipalities"), {"fields": ("members_year", "members")}),
                (_("Boundary"), {"classes": ("collapse",), "fields": ("map_outline",)}),
            )
        return (
            (None, {"fields": ("layer_display", "code", "name", "lat", "lon")}),
            (_("Boundary"), {"classes": ("collapse",), "fields": ("boundary", "map_outline")}),
        )

    def get_readonly_fields(self, request, obj=None):
        fields = ["layer_display", "boundary", "map_outline"]
        if obj is not None and not obj.maintained_by_hand:
            fields += ["code", "name", "lat", "lon"]
        return fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.maintained_by_hand:
            return False  # imported regions stay; hubs may follow them
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("layer"))
    def layer_display(self, obj):
        return obj.get_layer_display() if obj else Layer.IZA.label

    @admin.display(description=_("boundary (GeoJSON geometry)"))
    def boundary(self, obj):
        return geometry_summary(obj.geometry)

    @admin.display(description=_("map outline (SVG path)"))
    def map_outline(self, obj):
        if obj.svg_path:
            return outline_preview(obj.svg_path, obj.name)
        return _("Drawn on the map around its municipalities.")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        region = iza_region_create(code=form.cleaned_data["code"], name=form.cleaned_data["name"])
        obj.pk, obj.layer, obj.maintained_by_hand = region.pk, region.layer, region.maintained_by_hand
        obj._state.adding = False
        obj._state.db = region._state.db

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        region = form.instance
        year = form.cleaned_data.get("members_year")
        if region.maintained_by_hand and year:
            region_members_set(
                region=region, year=year, municipality_codes=[m.code for m in form.cleaned_data.get("members") or []]
            )


@admin.register(RegionMembership)
class RegionMembershipAdmin(admin.ModelAdmin):
    """Read-only overview; memberships change through the importer or an IZA/AZWA region's page."""

    list_display = ["municipality", "region", "layer", "year"]
    list_filter = ["layer", "year"]
    search_fields = ["municipality__name", "municipality__code", "region__name", "region__code"]
    list_select_related = ["municipality", "region"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("municipality__geometry", "region__geometry")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
