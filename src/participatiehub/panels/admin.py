"""Admin for participants, consent and invitations. Special-category answers are never listed."""

from django.contrib import admin
from django.db import transaction

from .models import (
    AttributeDefinition,
    Consent,
    ConsentText,
    HubPanelSettings,
    InvitationBatch,
    Participant,
    VolunteerAllowanceLimit,
)


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
class ParticipantAdmin(admin.ModelAdmin):
    """No special-category answers here: they are shown only to the hub's coordinators, logged."""

    list_display = ["__str__", "hub", "signed_up_at", "erased_at"]
    list_filter = ["hub", "erased_at"]
    search_fields = ["display_name", "user__email"]
    fields = ["hub", "user", "display_name", "attributes", "household_code", "signed_up_at", "erased_at"]
    readonly_fields = ["hub", "user", "signed_up_at", "erased_at"]
    inlines = [ConsentInline]
    list_select_related = ["hub"]


@admin.register(InvitationBatch)
class InvitationBatchAdmin(admin.ModelAdmin):
    """The letters PDF holds the sign-up codes: it is not linked here (coordinators download it)."""

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

    def delete_model(self, request, obj):
        self.delete_queryset(request, InvitationBatch.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        """Remove the letters files with the batches (after the delete is committed)."""
        files = [(b.letters_file.storage, b.letters_file.name) for b in queryset if b.letters_file]
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            for storage, name in files:
                transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


@admin.register(HubPanelSettings)
class HubPanelSettingsAdmin(admin.ModelAdmin):
    list_display = ["hub", "max_invitations_per_year"]


@admin.register(VolunteerAllowanceLimit)
class VolunteerAllowanceLimitAdmin(admin.ModelAdmin):
    list_display = ["year", "yearly_maximum", "monthly_maximum"]
