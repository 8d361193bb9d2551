"""One access matrix over every URL of the ``learning`` namespace (from the resolver: a new URL fails this
test until it has a row below) and every role, for a published lesson and a draft of hub A: who gets the
page, who gets 403 or 404, who goes to log in; another hub's coordinator sees nothing of A's drafts."""

from __future__ import annotations

from django.shortcuts import resolve_url
from django.urls import URLResolver, get_resolver, reverse

import pytest

from participatiehub.learning.constants import LessonStatus
from participatiehub.learning.models import Lesson
from tests.factories import OrganisationFactory, UserFactory, decision_maker, evaluator

from .factories import lesson

pytestmark = pytest.mark.django_db

EVERYONE = {"anonymous", "coordinator_a", "coordinator_b", "decision_maker", "evaluator", "office", "no_role"}
LOGGED_IN = EVERYONE - {"anonymous"}
HUB_A = {"coordinator_a"}
#: (url name, which lesson) → who gets 200 on GET; the others get 302 to log in (anonymous on log-in pages),
#: 404 (a draft they may not see) or 403.
ALLOWED: dict[tuple[str, str], set[str]] = {
    ("index", ""): EVERYONE,
    ("detail", "published"): EVERYONE,
    ("detail", "draft"): HUB_A,
    ("edit", "published"): HUB_A,
    ("edit", "draft"): HUB_A,
    ("workspace", ""): HUB_A,
    ("create", ""): HUB_A,
    ("publish", "draft"): set(),  # POST only
    ("unpublish", "published"): set(),  # POST only
}
PUBLIC = {"index", "detail"}
DRAFT_TITLE = "Geheime conceptles over wijkavonden"


def learning_patterns() -> list[tuple[str, list[str]]]:
    resolver = next(p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "learning")
    return [(p.name, list(p.pattern.regex.groupindex)) for p in resolver.url_patterns]


@pytest.fixture
def world(hub, coord, other_hub, other_coord, office):
    people = {
        "anonymous": None,
        "coordinator_a": coord,
        "coordinator_b": other_coord,
        "decision_maker": decision_maker(OrganisationFactory(hub=hub)),
        "evaluator": evaluator(),
        "office": office,
        "no_role": UserFactory(),
    }
    lessons = {
        "published": lesson(hub, title="Gepubliceerde les"),
        "draft": lesson(hub, published=False, title=DRAFT_TITLE),
    }
    return people, lessons, hub


def _url(name: str, params: list[str], which: str, lessons, hub) -> str:
    kwargs = {}
    for param in params:
        if param == "pk":
            kwargs["pk"] = lessons[which].pk
        elif param == "slug":
            kwargs["slug"] = hub.slug
        else:
            raise AssertionError(f"learning:{name} has a parameter {param!r} the matrix cannot fill")
    return reverse(f"learning:{name}", kwargs=kwargs)


def test_every_learning_url_has_a_row():
    assert {name for name, _ in learning_patterns()} == {name for name, _ in ALLOWED}


def test_the_matrix_over_every_learning_url_and_every_role(client, world, settings):
    people, lessons, hub = world
    params = dict(learning_patterns())
    for who, user in people.items():
        client.logout()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if user is not None:
            client.force_login(user)
        for (name, which), allowed in ALLOWED.items():
            url = _url(name, params[name], which, lessons, hub)
            response = client.get(url)
            if name in ("publish", "unpublish"):
                expected = 302 if user is None else 405
            elif who in allowed:
                expected = 200
            elif name == "detail":
                expected = 404  # a draft is not public: as if it did not exist
            elif user is None:
                expected = 302
            else:
                expected = 403
            assert response.status_code == expected, (who, name, which, response.status_code)
            if expected == 302:
                assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={url}", (who, name)
            if response.status_code == 200 and who != "coordinator_a":
                assert DRAFT_TITLE not in response.content.decode(), (who, name)


@pytest.mark.parametrize("who", ["anonymous", "coordinator_b", "office", "decision_maker"])
def test_only_the_hubs_coordinators_publish_change_or_take_offline(client, world, who):
    people, lessons, hub = world
    if people[who] is not None:
        client.force_login(people[who])
    draft, published = lessons["draft"], lessons["published"]
    responses = [
        client.post(reverse("learning:publish", args=[draft.pk]), {"version": draft.version}),
        client.post(reverse("learning:unpublish", args=[published.pk]), {"version": published.version}),
        client.post(reverse("learning:edit", args=[draft.pk]), {"title": "Overgenomen", "version": draft.version}),
        client.post(reverse("learning:create", args=[hub.slug]), {"title": "Nieuw"}),
    ]
    assert [r.status_code for r in responses] == [302 if who == "anonymous" else 403] * 4
    assert Lesson.objects.get(pk=draft.pk).status == LessonStatus.DRAFT
    assert Lesson.objects.get(pk=published.pk).status == LessonStatus.PUBLISHED
    assert Lesson.objects.count() == 2 and not Lesson.objects.filter(title__in=["Overgenomen", "Nieuw"]).exists()


def test_another_hubs_coordinator_finds_no_draft_in_search_or_lists(client, world):
    people, lessons, hub = world
    client.force_login(people["coordinator_b"])
    for url in (reverse("learning:index"), reverse("learning:index") + "?q=wijkavonden", hub.get_absolute_url(), "/"):
        page = client.get(url).content.decode()
        assert DRAFT_TITLE not in page, url
