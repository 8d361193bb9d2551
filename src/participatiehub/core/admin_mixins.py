"""Admin helpers."""

from django.db import transaction

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


class DeletesStoredFileAdmin:
    """Deleting rows in the admin removes their stored file too (after the delete is committed).

    ``stored_file_field`` names the model's file field (for instance a file in private storage)."""

    stored_file_field = "file"

    def delete_model(self, request, obj):
        self.delete_queryset(request, type(obj)._default_manager.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        files = [getattr(row, self.stored_file_field) for row in queryset]
        files = [(f.storage, f.name) for f in files if f]
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            for storage, name in files:
                transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
