"""Everything under /api/v1 (docs/api.md): the version header, CORS for anyone, a rate limit per client
address, read-only, and errors as problem documents also where Django itself answers (an address
that does not exist, such as one with a trailing slash; a failure; a busy database).

Place it near the top of ``MIDDLEWARE``: outside the database-busy middleware, so its 503 is turned
into a problem document too.
"""

from __future__ import annotations

from django.conf import settings

from participatiehub.core.ratelimit import client_ip, limit_count, limit_reached

from .constants import (
    API_VERSION,
    BASE_PATH,
    EXPOSED_HEADERS,
    PROBLEM_JSON,
    RATE_SCOPE,
    RATE_WINDOW,
    SAFE_METHODS,
    VERSION_HEADER,
)
from .problems import problem_response


def is_api_path(path: str) -> bool:
    return path == BASE_PATH or path.startswith(BASE_PATH + "/")


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api_path(request.path):
            return self.get_response(request)
        response = self._answer(request)
        response[VERSION_HEADER] = API_VERSION
        # Open data: any web page may read it; no cookies are needed or accepted (no credentials).
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = ", ".join(EXPOSED_HEADERS)
        if request.method == "OPTIONS":
            response["Access-Control-Allow-Methods"] = ", ".join(SAFE_METHODS)
            response["Access-Control-Allow-Headers"] = "Accept, If-None-Match"
            response["Access-Control-Max-Age"] = "86400"
        return response

    def _answer(self, request):
        if request.method != "OPTIONS":
            keys = [client_ip(request)]
            limit = settings.PH_API_RATE_LIMIT
            if limit_reached(RATE_SCOPE, keys, limit=limit):
                response = problem_response(request, 429)
                response["Retry-After"] = str(RATE_WINDOW)
                return response
            limit_count(RATE_SCOPE, keys, window=RATE_WINDOW)
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(PROBLEM_JSON):
            # Django answered (no such address, an error, a busy database): the same problem document.
            problem = problem_response(request, response.status_code)
            for header in ("Allow", "Retry-After"):
                if header in response:
                    problem[header] = response[header]
            return problem
        return response
