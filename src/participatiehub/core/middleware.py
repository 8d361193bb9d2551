"""Security headers that Django does not set by itself (Content-Security-Policy, Permissions-Policy),
no-store on pages with personal data, and the idle time-out for staff sessions."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.cache import add_never_cache_headers
from django.utils.translation import ngettext

CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(f"/{settings.ADMIN_URL}")
            if hasattr(settings, "ADMIN_URL")
            else request.path.startswith("/admin/")
        ):
            # The Django admin uses inline scripts and styles.
            response.setdefault(
                "Content-Security-Policy",
                CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
                    "script-src 'self'", "script-src 'self' 'unsafe-inline'"
                ),
            )
        else:
            response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class DutchFirstMiddleware:
    """Dutch unless the visitor chose another language with the language switch.

    The browser's Accept-Language is ignored on purpose: a Dutch public service shows Dutch
    first, and English is one click away (the choice is kept in a cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


#: Pages that hold or ask for personal data, also for visitors who are not logged in.
PRIVATE_PREFIXES = ("/aanmelden/", "/mijn-gegevens/", "/gewist/", "/account/", "/admin/")


class PrivatePagesMiddleware:
    """``Cache-Control: no-store`` on every page with personal data.

    The rule (docs/operations.md, "Sessions and private pages"): every response to a logged-in user,
    and every response under the sign-up, my-data, account and admin addresses. Browsers and shared
    caches then keep no copy of such a page. Static files are served before this runs (WhiteNoise)
    and keep their long cache headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith(PRIVATE_PREFIXES) or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response


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
    from participatiehub.accounts.selectors import roles_for_user

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
