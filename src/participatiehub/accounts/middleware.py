"""Staff roles must have TOTP set up before they can use the platform (when the setting is on)."""

from django.conf import settings
from django.shortcuts import redirect

from .selectors import roles_for_user

_ALLOWED_PREFIXES = ("/account/", "/static/", "/i18n/")
_SESSION_FLAG = "ph_totp_ok"


class StaffMfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/account/2fa/") and hasattr(request, "session"):
            request.session.pop(_SESSION_FLAG, None)  # TOTP may be changed there: check again afterwards
        if (
            settings.PH_STAFF_MFA_REQUIRED
            and request.user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and roles_for_user(request.user).is_staff_role
        ):
            from allauth.mfa.models import Authenticator

            # Remember in the session that this user has TOTP set up (one query per session, not per page).
            if request.session.get(_SESSION_FLAG) != request.user.pk:
                if not Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists():
                    return redirect("mfa_activate_totp")
                request.session[_SESSION_FLAG] = request.user.pk
        return self.get_response(request)
