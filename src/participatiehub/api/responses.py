"""Cached JSON responses with an ETag, and HAL pages (docs/api.md, "Caching" and "Pages").

A response is built once per address and data version: the key holds the full address (scheme, host,
path and query string) and the versions of the data it shows (ADR 0004), so any change shows at once.
The ETag is a hash of the body, stored with it; a request whose ``If-None-Match`` names it gets 304
without the body being built or sent.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from rest_framework.renderers import JSONRenderer

from .constants import CACHE_SECONDS, CLIENT_MAX_AGE


def _cache_key(request, versions: Iterable) -> str:
    raw = "|".join([request.build_absolute_uri(), *map(str, versions)])
    return "ph:api:" + hashlib.sha256(raw.encode()).hexdigest()


def _matches(request, etag: str) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not header:
        return False
    tags = [tag.strip() for tag in header.split(",")]
    return "*" in tags or any(tag.removeprefix("W/") == etag for tag in tags)


def _caching_headers(response: HttpResponse, etag: str) -> None:
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={CLIENT_MAX_AGE}"
    patch_vary_headers(response, ["Accept"])  # the answer depends on Accept (JSON or 406)


def respond(request, *, versions: Iterable, build: Callable[[], object], media_type: str = "application/json"):
    """The body ``build()`` returns, rendered as JSON, from the cache when the data did not change."""
    key = _cache_key(request, versions)
    hit = cache.get(key)
    if hit is None:
        body = JSONRenderer().render(build())
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        hit = (body, etag)
        cache.set(key, hit, CACHE_SECONDS)
    body, etag = hit
    if _matches(request, etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=media_type)
    _caching_headers(response, etag)
    return response


_PLAIN = re.compile(r"[-A-Za-z0-9_]+\Z")  # what reverse() and build_absolute_uri() leave as it is
_MARK = "830317492280"  # + one digit: a placeholder that <slug:>, <int:> and <str:> all accept


def href(request, route: str, *args) -> str:
    """``request.build_absolute_uri(reverse(route, args=args))``, for many rows at little cost.

    A page asks for the same route once per row. The route is reversed once per request with a
    placeholder per argument, and each row's arguments take the placeholders' place, when they are
    plain (letters, digits, ``-``, ``_``: what reverse() and build_absolute_uri() do not change);
    anything else goes through reverse() itself."""
    values = [str(arg) for arg in args]
    if not values or len(values) > 10 or not all(_PLAIN.match(value) for value in values):
        return request.build_absolute_uri(reverse(route, args=values))
    templates = getattr(request, "_ph_href_templates", None)
    if templates is None:
        templates = {}
        request._ph_href_templates = templates
    key = (route, len(values))
    pieces = templates.get(key)
    if pieces is None:
        marks = [f"{_MARK}{i}" for i in range(len(values))]
        template = request.build_absolute_uri(reverse(route, args=marks))
        pieces = []
        if all(template.count(mark) == 1 for mark in marks):
            rest = template
            for mark in marks:
                head, rest = rest.split(mark)
                pieces.append(head)
            pieces.append(rest)
        templates[key] = pieces
    if not pieces:  # the placeholders did not come out once each: no shortcut for this route
        return request.build_absolute_uri(reverse(route, args=values))
    out = [pieces[0]]
    for value, piece in zip(values, pieces[1:], strict=True):
        out += (value, piece)
    return "".join(out)


def absolute(request, name: str, *args) -> str:
    """The address of the API's route ``name``."""
    if args:
        return href(request, f"api:{name}", *args)
    return request.build_absolute_uri(reverse(f"api:{name}"))


def link(href: str) -> dict:
    return {"href": href}


def hub_ref(request, slug: str, name: str) -> dict:
    return {"slug": slug, "naam": name, "_links": {"self": link(absolute(request, "hub", slug))}}


def _page_url(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(request.path) + "?" + query.urlencode()


def paginate(request, queryset: QuerySet, params: dict, fields: tuple[str, ...] = ()) -> tuple[list, dict]:
    """The rows of the page asked for (a page past the end is empty) and the HAL parts around them.

    Two queries: the total and the page's rows. The queryset's ordering must be total (a unique
    field last), so a page always holds the same rows. With ``fields`` the rows are dictionaries of
    those fields (``values()``), read after the count so the count has none of their joins."""
    size, number = params["pageSize"], params["page"]
    total = queryset.count()
    pages = max(1, math.ceil(total / size))
    if fields:
        queryset = queryset.values(*fields)
    rows = list(queryset[(number - 1) * size : number * size]) if number <= pages else []
    links = {
        "self": link(request.build_absolute_uri()),
        "first": link(_page_url(request, 1)),
        "last": link(_page_url(request, pages)),
    }
    if number > 1:
        links["prev"] = link(_page_url(request, min(number - 1, pages)))
    if number < pages:
        links["next"] = link(_page_url(request, number + 1))
    info = {"nummer": number, "grootte": size, "totaalAantal": total, "aantalPaginas": pages}
    return rows, {"_links": links, "paginering": info}


def page_body(parts: dict, key: str, items: list) -> dict:
    return {"_links": parts["_links"], "_embedded": {key: items}, "paginering": parts["paginering"]}
