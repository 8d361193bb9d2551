"""Every link a role is shown leads somewhere it may go: a crawl of the demo per role finds no 403."""

from __future__ import annotations

from collections import Counter, deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urldefrag, urlsplit

from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse

import pytest

from participatiehub.accounts.models import User
from participatiehub.demo.users import DEMO_USERS

from .conftest import REGION_CODES

#: Start pages per demo role (besides the overview): what the navigation offers after log-in.
START_PAGES = {
    "programme": ["hubs:programme"],
    "coordinator": ["network:workspace"],
    "decision_maker": ["questions:mine"],
    "evaluator": [],
    "admin": [],
}
MAX_DEPTH = 4
#: Pages of one view that are crawled further (every link shown on a crawled page is still requested).
PER_VIEW = 3
#: Not crawled (still requested when linked): the Django admin (its own permission system), accounts, files.
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/i18n/", "/account/", "/api/")
DOWNLOADS = (".pdf", ".csv", ".xlsx", ".docx", ".svg", ".json")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _internal_links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    links = []
    for href in parser.hrefs:
        href = urldefrag(href).url
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        links.append(href)
    return links


def _view_name(url: str) -> str:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return url


def crawl(client, starts: list[str]) -> dict[str, tuple[int, str]]:
    """Breadth-first over the pages a role is shown; every link with (status, the page that showed it)."""
    seen: dict[str, tuple[int, str]] = {}
    crawled_per_view: Counter[str] = Counter()
    queue = deque((url, 0, "(start)") for url in starts)
    while queue:
        url, depth, parent = queue.popleft()
        if url not in seen:
            response = client.get(url)
            seen[url] = (response.status_code, parent)
        else:
            continue
        if response.status_code in (301, 302) and response["Location"].startswith("/"):
            queue.append((response["Location"], depth, url))
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        view = _view_name(url)
        if depth >= MAX_DEPTH or url.startswith(SKIP_PREFIXES) or crawled_per_view[view] >= PER_VIEW:
            continue
        crawled_per_view[view] += 1
        for link in _internal_links(response.content.decode()):
            if link in seen:
                continue
            if link.startswith(SKIP_PREFIXES) or urlsplit(link).path.endswith(DOWNLOADS):
                seen[link] = (client.get(link).status_code, url)
            else:
                queue.append((link, depth + 1, url))
    return seen


@pytest.fixture
def demo(regions):
    call_command(
        "demo",
        stdout=StringIO(),
        regions=",".join(REGION_CODES),
        min_organisations=5,
        max_organisations=8,
        min_bodies=3,
        max_bodies=5,
    )


@pytest.mark.django_db
def test_no_link_a_role_is_shown_answers_403(client, demo):
    problems = []
    for spec in DEMO_USERS:
        client.force_login(User.objects.get(email=spec.email))
        results = crawl(client, [reverse("hubs:overview"), *(reverse(name) for name in START_PAGES[spec.key])])
        assert len(results) > 20, spec.key
        problems += [
            f"{spec.key}: {url} answers {status} (shown on {parent})"
            for url, (status, parent) in sorted(results.items())
            if status in (403, 404) or status >= 500
        ]
        client.logout()
    assert not problems, f"{len(problems)} links lead to a refusal or an error:\n" + "\n".join(problems)
