"""Security headers that Django does not set by itself (Content-Security-Policy, Permissions-Policy)
and no-store on pages with personal data. The idle time-out for staff sessions needs the roles, so it
lives in ``accounts.middleware``."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers

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
