from django.contrib import admin

from .models import ProcessingLogEntry


@admin.register(ProcessingLogEntry)
class ProcessingLogEntryAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "actor", "activity", "operation", "subject_type", "hub_id"]
    list_filter = ["operation", "activity", "subject_type"]
    search_fields = ["trace_id", "subject_pseudonym", "actor__email"]
    readonly_fields = [f.name for f in ProcessingLogEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
