"""Admin for participants, consent and invitations. Special-category answers are never listed."""

from django.contrib import admin

from participatiehub.audit.admin_mixins import ProcessingLogAdminMixin
from participatiehub.core.admin_mixins import DeletesStoredFileAdmin

from .models import (
    AttributeDefinition,
    Consent,
    ConsentText,
    HubPanelSettings,
    InvitationBatch,
    Participant,
)
from .selectors import SUBJECT_TYPE
from .services import PURPOSE_PANEL


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    list_display = ["purpose", "version", "valid_from"]
    list_filter = ["purpose"]


@admin.register(AttributeDefinition)
class AttributeDefinitionAdmin(admin.ModelAdmin):
    list_display = ["label", "key", "hub", "special_category", "order"]
    list_filter = ["special_category", "hub"]


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    fields = ["purpose", "text", "given_at", "withdrawn_at"]
    readonly_fields = ["purpose", "text", "given_at", "withdrawn_at"]
    can_delete = False


@admin.register(Participant)
class ParticipantAdmin(ProcessingLogAdminMixin, admin.ModelAdmin):
    """No special-category answers here: they are shown only to the hub's coordinators, logged.
    Every list and form shown here writes processing-log rows."""

    log_subject_type = SUBJECT_TYPE
    log_purpose = PURPOSE_PANEL

    list_display = ["__str__", "hub", "signed_up_at", "erased_at"]
    list_filter = ["hub", "erased_at"]
    search_fields = ["display_name", "user__email"]
    fields = ["hub", "user", "display_name", "attributes", "household_code", "signed_up_at", "erased_at"]
    readonly_fields = ["hub", "user", "signed_up_at", "erased_at"]
    inlines = [ConsentInline]
    list_select_related = ["hub"]


@admin.register(InvitationBatch)
class InvitationBatchAdmin(DeletesStoredFileAdmin, admin.ModelAdmin):
    """The letters PDF holds the sign-up codes: it is not linked here (coordinators download it)."""

    stored_file_field = "letters_file"

    list_display = ["name", "hub", "size", "municipality", "letters_status", "created_at"]
    list_filter = ["hub", "letters_status"]
    exclude = ["letters_file"]
    readonly_fields = [
        "size",
        "created_by",
        "created_at",
        "letters_status",
        "letters_done",
        "letters_error",
        "letters_generated_at",
        "letters_updated_at",
    ]
    list_select_related = ["hub", "municipality"]


@admin.register(HubPanelSettings)
class HubPanelSettingsAdmin(admin.ModelAdmin):
    list_display = ["hub", "max_invitations_per_year"]
