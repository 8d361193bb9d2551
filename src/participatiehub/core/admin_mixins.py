"""Admin helpers."""

from .services import data_version_bump


class BumpsDataVersionAdmin:
    """Edits in the admin bypass the services: bump the data version so cached pages refresh (ADR 0004)."""

    data_version_name = ""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        data_version_bump(self.data_version_name)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        data_version_bump(self.data_version_name)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        data_version_bump(self.data_version_name)
