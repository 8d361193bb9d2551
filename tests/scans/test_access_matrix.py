"""One access matrix over every URL of the ``scans`` namespace (from the resolver: a new URL fails this
test until it has a row below) and every role: who gets the page, who gets 403, who goes to log in;
another hub's coordinator reaches nothing of hub A and sees none of its data; the office's round page
costs the same number of queries for 3 and 30 hubs."""

from __future__ import annotations

from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, reverse

import pytest

from participatiehub.scans.models import ScanResponse
from tests.factories import HubFactory, OrganisationFactory, UserFactory, coordinator, decision_maker, evaluator

from .factories import answer_all, default_version, open_round

pytestmark = pytest.mark.django_db

OFFICE_ONLY = {"office"}
ALLOWED: dict[str, set[str]] = {
    "my_scans": {"coordinator_a", "second_coordinator_a", "coordinator_b"},
    "response": {"coordinator_a", "second_coordinator_a", "office"},
    "office_templates": OFFICE_ONLY,
    "office_version": OFFICE_ONLY,
    "office_rounds": OFFICE_ONLY,
    "office_round": OFFICE_ONLY,
    "office_round_csv": OFFICE_ONLY,
    "office_round_xlsx": OFFICE_ONLY,
}
HUB_A_COMMENT = "Opmerking van hub Utrecht"
HUB_B_COMMENT = "Opmerking van hub Twente"


def scan_patterns() -> list[tuple[str, list[str]]]:
    resolver = next(p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "scans")
    return [(p.name, list(p.pattern.regex.groupindex)) for p in resolver.url_patterns]


@pytest.fixture
def world(hub, coord, second_coord, other_hub, other_coord, office):
    from participatiehub.scans.models import DimensionComment

    scan_round = open_round(year=2026, office=office)
    ours = answer_all(scan_round.responses.get(hub=hub), lambda q: 4)
    theirs = answer_all(scan_round.responses.get(hub=other_hub), lambda q: 2, submit=False)
    vision = ours.scan_round.template_version.dimensions.get(code="vision")
    DimensionComment.objects.create(response=ours, dimension=vision, text=HUB_A_COMMENT)
    DimensionComment.objects.create(response=theirs, dimension=vision, text=HUB_B_COMMENT)
    people = {
        "anonymous": None,
        "coordinator_a": coord,
        "second_coordinator_a": second_coord,
        "coordinator_b": other_coord,
        "decision_maker": decision_maker(OrganisationFactory(hub=hub)),
        "evaluator": evaluator(),
        "office": office,
        "no_role": UserFactory(),
    }
    objects = {"response": ours, "round": scan_round, "version": default_version()}
    return {"people": people, "objects": objects, "foreign": theirs}


def _url(name: str, params: list[str], objects) -> str:
    kwargs = {}
    for param in params:
        if param != "pk":
            raise AssertionError(f"scans:{name} has a parameter {param!r} the matrix cannot fill")
        if name == "response":
            kwargs["pk"] = objects["response"].pk
        elif name == "office_version":
            kwargs["pk"] = objects["version"].pk
        else:
            kwargs["pk"] = objects["round"].pk
    return reverse(f"scans:{name}", kwargs=kwargs)


def test_every_scans_url_has_a_row():
    assert {name for name, _ in scan_patterns()} == set(ALLOWED)


def test_the_matrix_over_every_scans_url_and_every_role(client, world, settings):
    people, objects = world["people"], world["objects"]
    urls = {name: _url(name, params, objects) for name, params in scan_patterns()}
    for who, user in people.items():
        client.logout()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if user is not None:
            client.force_login(user)
        for name, url in urls.items():
            response = client.get(url)
            if user is None:
                assert response.status_code == 302, (who, name)
                assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={url}", (who, name)
                continue
            expected = 200 if who in ALLOWED[name] else 403
            assert response.status_code == expected, (who, name, response.status_code)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                page = response.content.decode()
                if who == "coordinator_b":
                    assert HUB_A_COMMENT not in page and "Participatiehub Utrecht" not in page, name
                if who in ("coordinator_a", "second_coordinator_a"):
                    assert HUB_B_COMMENT not in page and "Participatiehub Twente" not in page, name
        # Posting to hub A's response: only its own coordinators may change it.
        if user is not None:
            response = client.post(urls["response"], {"action": "save", "scan-version": "1"})
            if who in ("coordinator_a", "second_coordinator_a"):
                assert response.status_code in (200, 302), who
            else:
                assert response.status_code == 403, (who, response.status_code)


def test_another_hubs_coordinator_cannot_post_to_or_reopen_hub_as_response(client, world):
    people, ours = world["people"], world["objects"]["response"]
    client.force_login(people["coordinator_b"])
    url = reverse("scans:response", args=[ours.pk])
    assert client.post(url, {"action": "reopen", "reopen-reason": "Zomaar"}).status_code == 403
    client.force_login(people["coordinator_a"])
    assert client.post(url, {"action": "reopen", "reopen-reason": "Zomaar"}).status_code == 403
    ours.refresh_from_db()
    assert ours.status == "submitted"


def test_an_unknown_response_or_round_is_404(client, world):
    client.force_login(world["people"]["office"])
    assert client.get(reverse("scans:response", args=[999999])).status_code == 404
    assert client.get(reverse("scans:office_round", args=[999999])).status_code == 404
    assert client.get(reverse("scans:office_version", args=[999999])).status_code == 404


def test_the_office_round_page_and_lists_are_flat_from_3_to_30_hubs(client, office):
    client.force_login(office)

    def cost(n: int, year: int) -> dict[str, int]:
        hubs = [HubFactory() for _ in range(n)]
        for hub in hubs:
            coordinator(hub)
        scan_round = open_round(year=year, office=office)
        for i, response in enumerate(ScanResponse.objects.filter(scan_round=scan_round)):
            if i % 2:
                answer_all(response, lambda q: 3, actor=office)
        counts = {}
        for name, url in (
            ("round", reverse("scans:office_round", args=[scan_round.pk])),
            ("rounds", reverse("scans:office_rounds")),
            ("csv", reverse("scans:office_round_csv", args=[scan_round.pk])),
            ("templates", reverse("scans:office_templates")),
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[name] = len(queries)
        ScanResponse.objects.filter(scan_round=scan_round).delete()
        scan_round.closed_at = scan_round.opened_at
        scan_round.save()
        return counts

    assert cost(3, 2026) == cost(30, 2027)


def test_the_coordinators_pages_are_flat_from_3_to_30_submitted_hubs_and_1_to_4_rounds(client, office, hub, coord):
    from .factories import past_round, response_of

    client.force_login(coord)

    def cost(n_hubs: int, years: list[int]) -> tuple[int, int]:
        rounds = [past_round(year=year) for year in years]
        for scan_round in rounds:
            scan_round.closed_at = None if scan_round is rounds[-1] else scan_round.closed_at
            scan_round.save()
            answer_all(response_of(scan_round, hub), lambda q: 4)
            for _ in range(n_hubs):
                answer_all(response_of(scan_round, HubFactory()), lambda q: 3)
        mine = ScanResponse.objects.get(scan_round=rounds[-1], hub=hub)
        counts = []
        for url in (reverse("scans:my_scans"), reverse("scans:response", args=[mine.pk])):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return tuple(counts)

    assert cost(3, [2010, 2011]) == cost(30, [2020, 2021, 2022, 2023])


def test_the_template_pages_are_flat_with_more_questions(client, office):
    from participatiehub.scans import services

    client.force_login(office)
    draft = services.template_draft(actor=office, template=default_version().template)
    url = reverse("scans:office_version", args=[draft.pk])

    def cost() -> tuple[int, int]:
        counts = []
        for page in (url, reverse("scans:office_templates")):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page).status_code == 200
            counts.append(len(queries))
        return tuple(counts)

    before = cost()
    scale = draft.scales.get()
    for dimension in draft.dimensions.all():
        for n in range(3):
            services.question_add(
                actor=office, dimension=dimension, expected_version=None, text=f"Extra vraag {n}?", scale=scale
            )
    services.template_create(actor=office, name="Tweede sjabloon")
    assert cost() == before
