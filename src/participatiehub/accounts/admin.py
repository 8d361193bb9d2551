from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from participatiehub.audit.admin_mixins import ProcessingLogAdminMixin
from participatiehub.core.exceptions import ServiceError

from . import services
from .models import Invitation, RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["hub", "organisation"]
    readonly_fields = ["granted_by", "granted_at"]


@admin.register(User)
class UserAdmin(ProcessingLogAdminMixin, BaseUserAdmin):
    log_subject_type = "accounts.user"
    log_purpose = "account management"
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password", "full_name")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    inlines = [RoleAssignmentInline]
    filter_horizontal = ()
    list_filter = ["is_staff", "is_active", "role_assignments__role"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "hub", "organisation", "granted_at", "revoked_at"]
    list_filter = ["role", "hub"]
    search_fields = ["user__email", "hub__name", "organisation__name"]
    autocomplete_fields = ["user", "hub", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "hub", "organisation", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    autocomplete_fields = ["hub", "organisation"]
    fields = ["email", "role", "hub", "organisation"]

    def has_add_permission(self, request):
        """Who may invite is the rule accounts.invite_user (the programme office), not a model permission."""
        return request.user.has_perm("accounts.invite_user")

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            created = services.invitation_create(
                actor=request.user,
                email=obj.email,
                role=obj.role,
                hub=obj.hub,
                organisation=obj.organisation,
                base_url=request.build_absolute_uri("/"),
            )
        except ServiceError as error:
            messages.error(request, " ".join(error.messages))
            raise
        obj.pk = created.pk
        messages.info(request, _("The invitation has been sent to %(email)s.") % {"email": created.email})
