"""Staff roles must have TOTP set up before they can use the platform (when the setting is on), and
staff sessions end after a time without requests."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.utils.translation import ngettext

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


_LAST_SEEN = "ph_last_seen"
_LAST_SEEN_PRECISION = 60  # seconds: the session is written at most once a minute for this


class StaffIdleTimeoutMiddleware:
    """Log staff out after ``PH_STAFF_IDLE_MINUTES`` without a request and tell them why.

    Staff: Django staff, superusers and the staff roles (programme office, coordinators,
    evaluators). Residents and decision-makers keep their session for ``SESSION_COOKIE_AGE``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        minutes = settings.PH_STAFF_IDLE_MINUTES
        user = getattr(request, "user", None)
        if minutes > 0 and user is not None and user.is_authenticated and _is_staff(user):
            now = int(time.time())
            last_seen = request.session.get(_LAST_SEEN)
            if last_seen is not None and now - int(last_seen) > minutes * 60:
                return _logged_out_for_idleness(request, minutes)
            if last_seen is None or now - int(last_seen) >= _LAST_SEEN_PRECISION:
                request.session[_LAST_SEEN] = now
        return self.get_response(request)


def session_start_idle_clock(sender, request, user, **kwargs) -> None:
    """On log-in (signal ``user_logged_in``): the idle clock starts, without an extra session write later."""
    if request is not None and hasattr(request, "session"):
        request.session[_LAST_SEEN] = int(time.time())


def _is_staff(user) -> bool:
    return user.is_staff or roles_for_user(user).is_staff_role


def _logged_out_for_idleness(request, minutes: int):
    logout(request)
    messages.info(
        request,
        ngettext(
            "For your safety you were logged out: you did nothing for %(minutes)d minute. Please log in again.",
            "For your safety you were logged out: you did nothing for %(minutes)d minutes. Please log in again.",
            minutes,
        )
        % {"minutes": minutes},
    )
    login_url = resolve_url(settings.LOGIN_URL)
    if request.method == "GET":
        login_url = f"{login_url}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}"
    if request.headers.get("HX-Request") == "true":  # htmx follows this header, not a redirect
        response = HttpResponse(status=204)
        response["HX-Redirect"] = login_url
        return response
    return HttpResponseRedirect(login_url)
