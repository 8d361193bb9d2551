"""Last resort when the database stays locked: a friendly 503 page, never a traceback.

With SQLite's WAL, busy timeout and immediate transactions (settings) concurrent writers wait for
each other; only when a writer waited longer than the busy timeout does SQLite give up with
"database is locked". Django turns any exception into a 500 response (or, with DEBUG, a page with
the traceback) before the outer middleware sees it, so the exception is noted on the request
through the ``got_request_exception`` signal and this middleware swaps that response for the page
"Het is even druk, probeer het opnieuw" with status 503 and ``Retry-After``.
"""

from __future__ import annotations

import logging

from django.core.signals import got_request_exception
from django.db import OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
_MARK = "_ph_database_busy"


def is_database_busy(exception: BaseException | None) -> bool:
    return isinstance(exception, OperationalError) and "database is locked" in str(exception)


def _note_busy_database(sender, request=None, **kwargs):
    import sys

    if request is not None and is_database_busy(sys.exc_info()[1]):
        setattr(request, _MARK, True)


got_request_exception.connect(_note_busy_database, dispatch_uid="participatiehub.core.db_busy")


def busy_response(request) -> HttpResponse:
    title = _("Busy for a moment")
    text = _("It is busy right now, please try again. Wait a few seconds first.")
    try:
        html = render_to_string("503.html", {"title": title, "text": text}, request=request)
    except Exception:  # noqa: BLE001 - the layout may need the database that is busy
        html = (
            f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f"<body><main><h1>{escape(title)}</h1><p>{escape(text)}</p></main></body></html>"
        )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseBusyMiddleware:
    """Place it outside the session middleware, so a failed session save is caught as well."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, _MARK, False):
            logger.warning("Database locked on %s %s: answered 503", request.method, request.path)
            return busy_response(request)
        return response
