from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from participatiehub.audit.admin_mixins import ProcessingLogAdminMixin
from participatiehub.geo.models import Municipality
from participatiehub.hubs.models import Hub

from .constants import CONTACT_SUBJECT_TYPE, CONTACTS_PURPOSE
from .models import ContactPerson, NetworkImport, Organisation, OrganisationRelation, ParticipationBody
from .selectors import network_version_bump
from .services import contacts_view_log


def _searchable(model) -> bool:
    """Autocomplete needs the related model's admin with search_fields (hubs and geo own those admins)."""
    model_admin = admin.site._registry.get(model)
    return bool(model_admin and model_admin.search_fields)


# The hubs and geo admins load before this one (INSTALLED_APPS order). Without them we fall back to
# raw id fields, so the admin keeps working either way.
_HUB_AUTOCOMPLETE = _searchable(Hub)
_MUNICIPALITY_AUTOCOMPLETE = _searchable(Municipality)


def _autocomplete(*network_fks: str, municipalities: bool = False) -> list[str]:
    fields = list(network_fks) + (["hub"] if _HUB_AUTOCOMPLETE else [])
    return fields + (["municipalities"] if municipalities and _MUNICIPALITY_AUTOCOMPLETE else [])


def _raw_id(*, municipalities: bool = False) -> list[str]:
    fields = [] if _HUB_AUTOCOMPLETE else ["hub"]
    return fields + (["municipalities"] if municipalities and not _MUNICIPALITY_AUTOCOMPLETE else [])


class NetworkVersionMixin:
    """Edits in the admin bypass the services: bump the hub's network version so cached lists refresh."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        network_version_bump(form.instance.hub_id)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        network_version_bump(obj.hub_id)

    def delete_queryset(self, request, queryset):
        hub_ids = set(queryset.values_list("hub_id", flat=True))
        super().delete_queryset(request, queryset)
        for hub_id in hub_ids:
            network_version_bump(hub_id)


class ContactInline(admin.TabularInline):
    model = ContactPerson
    fk_name = "organisation"
    verbose_name_plural = _("contact persons")
    fields = ["name", "function", "email", "legal_basis", "review_by"]
    extra = 0
    show_change_link = True


@admin.register(Organisation)
class OrganisationAdmin(NetworkVersionMixin, admin.ModelAdmin):
    list_display = ["name", "org_type", "hub", "kvk_number", "updated_at"]
    list_filter = ["hub", "org_type", "domain_health", "domain_care", "domain_support"]
    search_fields = ["name", "kvk_number", "email"]
    list_select_related = ["hub"]
    readonly_fields = ["created_at", "updated_at", "version"]
    inlines = [ContactInline]
    autocomplete_fields = _autocomplete(municipalities=True)
    raw_id_fields = _raw_id(municipalities=True)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:  # the contact persons inline shows personal data: logged
            contacts_view_log(actor=request.user, hub=obj.hub, contacts=obj.contacts.all())
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)


@admin.register(ParticipationBody)
class ParticipationBodyAdmin(NetworkVersionMixin, admin.ModelAdmin):
    list_display = ["name", "form", "hub", "organisation", "member_count"]
    list_filter = ["hub", "form", "domain_health", "domain_care", "domain_support"]
    search_fields = ["name", "organisation__name", "email"]
    list_select_related = ["hub", "organisation"]
    readonly_fields = ["created_at", "updated_at", "version"]
    autocomplete_fields = _autocomplete("organisation", municipalities=True)
    raw_id_fields = _raw_id(municipalities=True)


@admin.register(ContactPerson)
class ContactPersonAdmin(ProcessingLogAdminMixin, NetworkVersionMixin, admin.ModelAdmin):
    log_subject_type = CONTACT_SUBJECT_TYPE
    log_purpose = CONTACTS_PURPOSE
    list_display = ["name", "function", "organisation", "body", "hub", "legal_basis", "review_by"]
    list_filter = ["hub", "legal_basis"]
    search_fields = ["name", "email", "organisation__name", "body__name"]
    list_select_related = ["hub", "organisation", "body"]
    readonly_fields = ["recorded_at"]
    autocomplete_fields = _autocomplete("organisation", "body")
    raw_id_fields = _raw_id()


@admin.register(OrganisationRelation)
class OrganisationRelationAdmin(NetworkVersionMixin, admin.ModelAdmin):
    list_display = ["source", "kind", "target", "hub"]
    list_filter = ["hub", "kind"]
    search_fields = ["source__name", "target__name", "note"]
    list_select_related = ["hub", "source", "target"]
    autocomplete_fields = _autocomplete("source", "target")
    raw_id_fields = _raw_id()


@admin.register(NetworkImport)
class NetworkImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "hub", "status", "new_count", "duplicate_count", "error_count", "created_at"]
    list_filter = ["hub", "status"]
    search_fields = ["filename"]
    list_select_related = ["hub"]
    readonly_fields = [f.name for f in NetworkImport._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
