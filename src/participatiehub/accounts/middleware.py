"""Staff roles must have TOTP set up before they can use the platform (when the setting is on)."""

from django.conf import settings
from django.shortcuts import redirect

from .selectors import roles_for_user

_ALLOWED_PREFIXES = ("/account/", "/static/", "/i18n/")


class StaffMfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PH_STAFF_MFA_REQUIRED
            and request.user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and roles_for_user(request.user).is_staff_role
        ):
            from allauth.mfa.models import Authenticator

            if not Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists():
                return redirect("mfa_activate_totp")
        return self.get_response(request)
