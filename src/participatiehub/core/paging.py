"""One page of a list, read from the request's query string (``?pagina=2``).

A page number that is not a number gives the first page, one past the end the last page
(``Paginator.get_page``); the template ``includes/pagination.html`` links the neighbours and keeps
the other query parameters.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator

#: The query parameter of the page number on our Dutch URLs.
PAGE_PARAM = "pagina"


def page_of(request, queryset, size: int = 50, *, param: str = PAGE_PARAM) -> Page:
    return Paginator(queryset, size).get_page(request.GET.get(param))
