"""One access matrix over every URL of the ``monitoring`` namespace (from the resolver: a new URL fails
this test until it has a row below) and every role: who gets the page, who gets 403 and who goes to log
in. Another hub's coordinator reaches nothing of hub A; no page for a hub's coordinator shows another
hub's figures; an unknown hub or indicator is a 404."""

from __future__ import annotations

from django.urls import URLResolver, get_resolver, reverse

import pytest

from participatiehub.monitoring.models import Source, Unit
from tests.factories import (
    HubFactory,
    OrganisationFactory,
    UserFactory,
    coordinator,
    decision_maker,
    evaluator,
    programme_officer,
)

from .dash_factories import clean_catalogue, indicator, snapshot

pytestmark = pytest.mark.django_db

PUBLIC = {"public"}
#: Who gets 200 on a GET of each URL (hub A's slug, a self-reported indicator); every other signed-in
#: person gets 403, anonymous visitors go to log in (the public page excepted).
ALLOWED: dict[str, set[str]] = {
    "national": {"office", "evaluator"},
    "export": {"office", "evaluator"},
    "public": {"*"},
    "catalogue": {"office"},
    "indicator_create": {"office"},
    "indicator": {"office"},
    "hub": {"coordinator_a", "office", "evaluator"},
    "hub_export": {"coordinator_a", "office", "evaluator"},
    "correct": {"office"},
}


def monitoring_patterns() -> list[tuple[str, list[str]]]:
    resolver = next(
        p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "monitoring"
    )
    return [(p.name, list(p.pattern.regex.groupindex)) for p in resolver.url_patterns]


@pytest.fixture
def world(db):
    clean_catalogue()
    hub_a = HubFactory(name="Participatiehub Utrecht", slug="utrecht-eo")
    hub_b = HubFactory(name="Participatiehub Twente", slug="twente")
    orgs = indicator("network_organisations", name="Organisations")
    heard = indicator(
        "experience_heard", name="Heard", unit=Unit.PERCENT, source=Source.QUESTIONNAIRE, source_key="heard"
    )
    snapshot(hub_a, "2026-Q4", {orgs: 12, heard: "80.0"})
    snapshot(hub_b, "2026-Q4", {orgs: 30, heard: "70.0"})
    people = {
        "anonymous": None,
        "coordinator_a": coordinator(hub_a),
        "coordinator_b": coordinator(hub_b),
        "office": programme_officer(),
        "evaluator": evaluator(),
        "decision_maker": decision_maker(OrganisationFactory(hub=hub_a)),
        "no_role": UserFactory(),
    }
    return {"hub_a": hub_a, "hub_b": hub_b, "people": people, "indicator": heard}


def _url(name: str, params: list[str], world) -> str:
    kwargs = {}
    for param in params:
        if param == "slug":
            kwargs[param] = world["hub_a"].slug
        elif param == "code":
            kwargs[param] = world["indicator"].code
        elif param == "table":
            kwargs[param] = "vergelijking"
        elif param == "fmt":
            kwargs[param] = "csv"
        else:
            raise AssertionError(f"monitoring:{name} has a parameter {param!r} the matrix cannot fill")
    return reverse(f"monitoring:{name}", kwargs=kwargs)


def test_every_monitoring_url_has_a_row():
    assert {name for name, _ in monitoring_patterns()} == set(ALLOWED)


def test_the_matrix_over_every_monitoring_url_and_every_role(client, world, settings):
    urls = {name: _url(name, params, world) for name, params in monitoring_patterns()}
    for who, user in world["people"].items():
        client.logout()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if user is not None:
            client.force_login(user)
        for name, url in urls.items():
            response = client.get(url)
            allowed = ALLOWED[name]
            if "*" in allowed or who in allowed:
                assert response.status_code == 200, (who, name, response.status_code)
            elif user is None:
                assert response.status_code == 302 and "/account/login/" in response["Location"], (who, name)
            else:
                assert response.status_code == 403, (who, name, response.status_code)


def test_a_coordinator_sees_only_their_own_hub(client, world):
    user = world["people"]["coordinator_a"]
    client.force_login(user)
    own = client.get(reverse("monitoring:hub", args=["utrecht-eo"]))
    assert own.status_code == 200
    assert "Participatiehub Twente" not in own.content.decode()
    assert client.get(reverse("monitoring:hub", args=["twente"])).status_code == 403


def test_unknown_hub_indicator_or_table_is_404(client, world):
    client.force_login(world["people"]["office"])
    assert client.get(reverse("monitoring:hub", args=["bestaat-niet"])).status_code == 404
    assert client.get(reverse("monitoring:indicator", args=["bestaat_niet"])).status_code == 404
    assert client.get(reverse("monitoring:export", args=["onbekend", "csv"])).status_code == 404
    assert client.get(reverse("monitoring:export", args=["vergelijking", "pdf"])).status_code == 404


def test_posting_to_the_catalogue_is_for_the_office_only(client, world):
    url = reverse("monitoring:indicator", args=[world["indicator"].code])
    for who in ("evaluator", "coordinator_a", "decision_maker"):
        client.force_login(world["people"][who])
        assert client.post(url, {"name": "Gehackt"}).status_code == 403
        assert client.post(reverse("monitoring:indicator_create"), {"code": "x"}).status_code == 403
    world["indicator"].refresh_from_db()
    assert world["indicator"].name == "Heard"


def test_the_menu_shows_monitoring_to_whom_it_is_for(client, world):
    national = reverse("monitoring:national")
    for who in ("office", "evaluator"):
        client.force_login(world["people"][who])
        assert f'href="{national}"' in client.get(reverse("hubs:overview")).content.decode(), who
    client.force_login(world["people"]["coordinator_a"])
    html = client.get(reverse("hubs:overview")).content.decode()
    assert f'href="{reverse("monitoring:hub", args=["utrecht-eo"])}"' in html
    assert f'href="{national}"' not in html
    for who in ("decision_maker", "no_role"):
        client.force_login(world["people"][who])
        assert "/monitoring/" not in client.get(reverse("hubs:overview")).content.decode().replace(
            reverse("monitoring:public"), ""
        ), who
