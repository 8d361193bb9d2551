from django.contrib import admin

from participatiehub.core.admin_mixins import BumpsDataVersionAdmin

from .models import PolicyQuestion, QuestionStatusChange


class QuestionsVersionAdmin(BumpsDataVersionAdmin):
    data_version_name = "questions"


_HISTORY_FIELDS = ("changed_at", "from_status", "to_status", "actor", "changed_by", "reason")


class QuestionStatusChangeInline(admin.TabularInline):
    """The history is append-only: shown, never edited here (status changes go through the workflow)."""

    model = QuestionStatusChange
    extra = 0
    can_delete = False
    fields = _HISTORY_FIELDS
    readonly_fields = _HISTORY_FIELDS
    ordering = ("changed_at", "id")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PolicyQuestion)
class PolicyQuestionAdmin(QuestionsVersionAdmin, admin.ModelAdmin):
    list_display = ("title", "hub", "asking_organisation", "status", "promised_rung", "submitted_at")
    list_filter = ("hub", "status", "promised_rung", "entered_on_behalf")
    list_select_related = ("hub", "asking_organisation")
    search_fields = ("title", "summary", "asking_organisation__name")
    autocomplete_fields = ("hub", "asking_organisation", "municipalities", "submitted_by")
    readonly_fields = ("status", "version", "submitted_at", "created_at", "updated_at")
    date_hierarchy = "submitted_at"
    inlines = [QuestionStatusChangeInline]


@admin.register(QuestionStatusChange)
class QuestionStatusChangeAdmin(QuestionsVersionAdmin, admin.ModelAdmin):
    list_display = ("question", "from_status", "to_status", "actor", "changed_by", "changed_at")
    list_filter = ("to_status", "actor")
    list_select_related = ("question", "changed_by")
    search_fields = ("question__title", "reason")
    readonly_fields = ("question", *_HISTORY_FIELDS)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
