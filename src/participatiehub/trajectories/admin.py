from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from participatiehub.core.admin_mixins import BumpsDataVersionAdmin, DeletesStoredFileAdmin

from .models import Activity, Advice, Document, Feedback, Recommendation, Response, Trajectory, TrajectoryParticipant


class QuestionsVersionAdmin(BumpsDataVersionAdmin):
    data_version_name = "questions"


class ActivityInline(admin.TabularInline):
    model = Activity
    fields = ["kind", "title", "held_on", "online", "place", "participant_count"]
    extra = 0
    show_change_link = True


@admin.register(Trajectory)
class TrajectoryAdmin(QuestionsVersionAdmin, admin.ModelAdmin):
    list_display = ["question", "hub", "delivered_rung", "started_on", "updated_at"]
    list_filter = ["hub", "delivered_rung"]
    search_fields = ["question__title", "description"]
    list_select_related = ["question", "hub"]
    raw_id_fields = ["question", "hub"]
    filter_horizontal = ["bodies"]
    readonly_fields = ["created_at", "updated_at", "version"]
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(QuestionsVersionAdmin, admin.ModelAdmin):
    list_display = ["title", "kind", "held_on", "online", "participant_count", "trajectory"]
    list_filter = ["kind", "online", "trajectory__hub"]
    search_fields = ["title", "place", "trajectory__question__title"]
    list_select_related = ["trajectory__question"]
    autocomplete_fields = ["trajectory"]
    filter_horizontal = ["bodies"]
    date_hierarchy = "held_on"


@admin.register(Document)
class DocumentAdmin(DeletesStoredFileAdmin, QuestionsVersionAdmin, admin.ModelAdmin):
    list_display = ["title", "content_type", "size", "is_public", "trajectory", "uploaded_at"]
    list_filter = ["is_public", "content_type"]
    search_fields = ["title", "trajectory__question__title"]
    list_select_related = ["trajectory__question"]
    autocomplete_fields = ["trajectory", "activity"]
    raw_id_fields = ["uploaded_by"]
    exclude = ["file"]  # private storage has no address of its own; the link below checks permissions
    readonly_fields = ["download", "content_type", "size", "uploaded_at"]

    @admin.display(description=_("file"))
    def download(self, obj):
        if not obj.pk:
            return "–"
        return format_html('<a href="{}">{}</a>', reverse("trajectories:document", args=[obj.pk]), _("Download"))

    def has_add_permission(self, request):
        return False  # uploads go through the trajectory workspace, which checks the file type and size


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    fields = ["number", "text"]
    extra = 0
    show_change_link = True


@admin.register(Advice)
class AdviceAdmin(QuestionsVersionAdmin, admin.ModelAdmin):
    list_display = ["trajectory", "delivered_at", "reminder_before_sent_at", "reminder_after_sent_at"]
    list_filter = ["trajectory__hub"]
    search_fields = ["trajectory__question__title", "summary"]
    list_select_related = ["trajectory__question"]
    autocomplete_fields = ["trajectory", "document"]
    readonly_fields = ["version"]
    inlines = [RecommendationInline]


@admin.register(Recommendation)
class RecommendationAdmin(QuestionsVersionAdmin, admin.ModelAdmin):
    list_display = ["__str__", "advice"]
    search_fields = ["text", "advice__trajectory__question__title"]
    list_select_related = ["advice__trajectory__question"]
    autocomplete_fields = ["advice"]


@admin.register(Response)
class ResponseAdmin(QuestionsVersionAdmin, admin.ModelAdmin):
    """The decision-maker writes answers on the platform; only superusers may correct them here."""

    list_display = ["recommendation", "decision", "decided_on", "responded_by", "recorded_at"]
    list_filter = ["decision"]
    search_fields = ["recommendation__text", "reason", "recommendation__advice__trajectory__question__title"]
    list_select_related = ["recommendation", "responded_by"]
    autocomplete_fields = ["recommendation"]
    raw_id_fields = ["responded_by"]
    readonly_fields = ["recorded_at"]

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(TrajectoryParticipant)
class TrajectoryParticipantAdmin(QuestionsVersionAdmin, admin.ModelAdmin):
    list_display = ["__str__", "trajectory", "wants_feedback", "added_at"]
    list_filter = ["wants_feedback"]
    search_fields = ["email", "name"]
    list_select_related = ["trajectory__question"]
    autocomplete_fields = ["trajectory"]
    readonly_fields = ["unsubscribe_token", "added_at"]


@admin.register(Feedback)
class FeedbackAdmin(QuestionsVersionAdmin, admin.ModelAdmin):
    list_display = ["trajectory", "published_at", "published_by"]
    list_filter = ["trajectory__hub"]
    search_fields = ["trajectory__question__title", "what_was_asked"]
    list_select_related = ["trajectory__question", "published_by"]
    autocomplete_fields = ["trajectory"]
    raw_id_fields = ["published_by"]
