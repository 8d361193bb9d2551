"""Lessons in the admin: to look at and, if need be, delete. Writing goes through the hub's pages (the
services keep the search columns and the version), so nothing here can be changed or added."""

from django.contrib import admin

from participatiehub.core.admin_mixins import BumpsDataVersionAdmin

from .constants import LESSONS_VERSION
from .models import Lesson, LessonEvent


class LessonEventInline(admin.TabularInline):
    model = LessonEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "at", "actor")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Lesson)
class LessonAdmin(BumpsDataVersionAdmin, admin.ModelAdmin):
    data_version_name = LESSONS_VERSION
    list_display = ("title", "hub", "status", "published_at", "updated_at")
    list_filter = ("status",)
    list_select_related = ("hub",)
    search_fields = ("title", "hub__name")
    exclude = ("search_vector",)
    inlines = [LessonEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Lesson._meta.fields if f.name != "search_vector"] + ["trajectories"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
