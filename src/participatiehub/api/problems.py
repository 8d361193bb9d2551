"""Errors as ``application/problem+json`` (RFC 9457), as the Dutch API design rules ask.

One function builds every error body: the DRF exception handler (errors inside the API's views) and
the middleware (Django's own 404, 405, 500 and 503 under /api/v1) both use it, so an error looks the
same wherever it arose. The titles are Dutch; ``invalidParams`` names each query parameter that was
refused and why.
"""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _

from rest_framework import exceptions

from .constants import PROBLEM_JSON

#: The RFC 9110 section that defines each status: the problem's ``type``.
_TYPES = {
    400: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
    404: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
    405: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6",
    406: "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.7",
    429: "https://www.rfc-editor.org/rfc/rfc6585#section-4",
    500: "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1",
    503: "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
}


def _titles() -> dict[int, str]:
    return {
        400: _("The request is not valid."),
        403: _("You may not see this."),
        404: _("Not found."),
        405: _("This method is not allowed."),
        406: _("This format cannot be delivered."),
        429: _("Too many requests."),
        500: _("Something went wrong on our side."),
        503: _("The service is busy."),
    }


def _details() -> dict[int, str]:
    return {
        400: _("One or more query parameters are not valid. See invalidParams."),
        404: _("There is nothing at this address. Addresses in this API end without a slash."),
        405: _("This API can only be read: use GET."),
        406: _("This API answers in JSON only."),
        429: _("Wait a moment and try again. See the Retry-After header."),
        500: _("Try again later. If it keeps going wrong, let us know."),
        503: _("Try again in a few seconds."),
    }


def problem_response(
    request, status: int, *, detail: str | None = None, invalid_params: list[dict] | None = None
) -> HttpResponse:
    """The problem document for ``status`` at the request's address."""
    body = {
        "type": _TYPES.get(status, "about:blank"),
        "title": _titles().get(status, _("Error.")),
        "status": status,
        "detail": detail or _details().get(status, ""),
        "instance": request.build_absolute_uri(escape_uri_path(request.path)) if request is not None else "",
    }
    if invalid_params:
        body["invalidParams"] = invalid_params
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_JSON)
    response["Cache-Control"] = "no-cache"
    return response


def _invalid_params(detail) -> list[dict]:
    """DRF's validation errors as the rules' ``invalidParams``: name, code and Dutch reason per parameter."""
    rows = []
    if isinstance(detail, dict):
        for name, errors in detail.items():
            for error in errors if isinstance(errors, list) else [errors]:
                rows.append({"name": name, "code": getattr(error, "code", "invalid"), "reason": str(error)})
    return rows


def exception_handler(exc, context):
    """DRF's exception handler for the API's views: every refusal is a problem document."""
    request = context.get("request")
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # a real error: Django makes it a 500, the middleware a problem document
    status = exc.status_code
    if isinstance(exc, exceptions.ValidationError):
        response = problem_response(request, 400, invalid_params=_invalid_params(exc.detail))
    elif isinstance(exc, exceptions.Throttled):
        response = problem_response(request, 429)
    else:
        response = problem_response(request, status)
    if getattr(exc, "wait", None):
        response["Retry-After"] = str(int(exc.wait))
    return response
