from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import CoalitionMember, DesignChoices, Hub, HubMunicipality, HubStatusChange


class HubMunicipalityInline(admin.TabularInline):
    model = HubMunicipality
    extra = 0
    autocomplete_fields = ["municipality"]


class CoalitionInline(admin.TabularInline):
    model = CoalitionMember
    extra = 0
    autocomplete_fields = ["organisation"]


class StatusHistoryInline(admin.TabularInline):
    model = HubStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_at", "changed_by", "note"]
    ordering = ["-changed_at"]

    def has_add_permission(self, request, obj=None):
        return False


class DesignInline(admin.StackedInline):
    model = DesignChoices
    extra = 0
    can_delete = False
    readonly_fields = [
        "valid_from",
        "legal_form",
        "governance_note",
        "domains",
        "participation_forms",
        "agreements",
        "themes",
        "recorded_at",
        "recorded_by",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "follows_region", "contact_email", "updated_at"]
    list_filter = ["status", "follows_region__layer"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["status", "version", "created_at", "updated_at"]
    autocomplete_fields = ["follows_region"]
    inlines = [HubMunicipalityInline, CoalitionInline, StatusHistoryInline, DesignInline]
    fieldsets = (
        (None, {"fields": ("name", "slug", "status", "follows_region", "summary")}),
        (
            _("Contact point"),
            {"fields": ("contact_name", "contact_email", "contact_phone", "website", "visiting_address")},
        ),
        (_("Record"), {"fields": ("version", "created_at", "updated_at")}),
    )


@admin.register(HubStatusChange)
class HubStatusChangeAdmin(admin.ModelAdmin):
    """Read-only: history is appended by the status service and never edited."""

    list_display = ["hub", "from_status", "to_status", "changed_at", "changed_by"]
    list_filter = ["to_status"]
    search_fields = ["hub__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DesignChoices)
class DesignChoicesAdmin(admin.ModelAdmin):
    list_display = ["hub", "valid_from", "legal_form", "recorded_at"]
    list_filter = ["legal_form"]
    search_fields = ["hub__name"]

    def has_change_permission(self, request, obj=None):
        return False
