"""Access to every network URL, built from the urlpatterns so a new URL is covered automatically.

The rule (see docs/network.md): anonymous → log-in page; a hub that does not exist → 404; an
existing hub the user may not see → 403; a record of another hub under your own hub → 404.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.urls import reverse

import pytest

from participatiehub.audit.models import ProcessingLogEntry
from participatiehub.network import services, urls
from participatiehub.network.models import (
    ContactPerson,
    NetworkImport,
    Organisation,
    OrganisationRelation,
    ParticipationBody,
)
from tests.factories import (
    ContactPersonFactory,
    HubFactory,
    OrganisationFactory,
    ParticipationBodyFactory,
    coordinator,
    decision_maker,
    evaluator,
    programme_officer,
)
from tests.network.factories import OrganisationRelationFactory

pytestmark = pytest.mark.django_db

NAMES = [p.name for p in urls.urlpatterns]
HUB_NAMES = [p.name for p in urls.urlpatterns if "hub_slug" in p.pattern.converters]
OBJECT_NAMES = [p.name for p in urls.urlpatterns if set(p.pattern.converters) - {"hub_slug"}]


def test_every_url_has_a_name():
    assert all(NAMES) and len(set(NAMES)) == len(NAMES)


@pytest.fixture
def hub_b(db):
    hub = HubFactory(slug="hub-b")
    organisation = OrganisationFactory(hub=hub, name="B org")
    other = OrganisationFactory(hub=hub, name="B org 2")
    body = ParticipationBodyFactory(hub=hub, organisation=organisation)
    contact = ContactPersonFactory(hub=hub, organisation=organisation)
    relation = OrganisationRelationFactory(hub=hub, source=organisation, target=other)
    network_import = services.network_import_prepare(
        hub=hub, actor=None, filename="b.csv", data=b"naam,type\nNieuw via import,gemeente\n"
    )
    return {
        "hub": hub,
        "organisation": organisation,
        "other": other,
        "body": body,
        "contact": contact,
        "relation": relation,
        "import": network_import,
    }


def build_url(name: str, objects: dict, *, hub_slug: str | None = None) -> str:
    pattern = next(p for p in urls.urlpatterns if p.name == name)
    route = str(pattern.pattern)
    kwargs = {}
    for key in pattern.pattern.converters:
        if key == "hub_slug":
            kwargs[key] = hub_slug or objects["hub"].slug
        elif key == "pk":
            if route.split("/")[1] == "organisaties":
                kwargs[key] = objects["organisation"].pk
            elif route.split("/")[1] == "organen":
                kwargs[key] = objects["body"].pk
            elif route.split("/")[1] == "contactpersonen":
                kwargs[key] = objects["contact"].pk
            else:
                raise AssertionError(f"Teach test_permissions which object {route} takes")
        elif key == "relation_pk":
            kwargs[key] = objects["relation"].pk
        elif key == "import_pk":
            kwargs[key] = objects["import"].pk
        else:
            raise AssertionError(f"Teach test_permissions the URL argument {key!r} of {route}")
    return reverse(f"network:{name}", kwargs=kwargs)


def payload(objects: dict) -> dict:
    """Data that would change something if the permission check were missing."""
    return {
        "name": "Gehackt",
        "org_type": "other",
        "form": "other",
        "legal_basis": "consent",
        "version": 1,
        "kind": "funds",
        "target": objects["other"].pk,
        "file": SimpleUploadedFile("x.csv", b"naam,type\nGehackt,gemeente\n"),
    }


def snapshot() -> tuple:
    return (
        list(Organisation.objects.order_by("pk").values()),
        list(ParticipationBody.objects.order_by("pk").values()),
        list(ContactPerson.objects.order_by("pk").values()),
        list(OrganisationRelation.objects.order_by("pk").values()),
        list(NetworkImport.objects.order_by("pk").values("pk", "status")),
        ProcessingLogEntry.objects.count(),
    )


def login_url(path: str) -> str:
    return f"{resolve_url(settings.LOGIN_URL)}?next={path}"


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_goes_to_login(client, hub_b, name):
    path = build_url(name, hub_b)
    before = snapshot()
    for response in (client.get(path), client.post(path, payload(hub_b))):
        assert response.status_code == 302
        assert response["Location"] == login_url(path)
    assert snapshot() == before


@pytest.mark.parametrize("name", HUB_NAMES)
def test_coordinator_of_other_hub_is_refused(client, hub_b, name):
    hub_a = HubFactory(slug="hub-a")
    client.force_login(coordinator(hub_a))
    path = build_url(name, hub_b)
    before = snapshot()
    for response in (client.get(path), client.post(path, payload(hub_b))):
        assert response.status_code == 403, (path, response.status_code)
    assert snapshot() == before


@pytest.mark.parametrize("name", OBJECT_NAMES)
def test_records_of_other_hub_under_own_hub_are_not_found(client, hub_b, name):
    hub_a = HubFactory(slug="hub-a")
    client.force_login(coordinator(hub_a))
    path = build_url(name, hub_b, hub_slug=hub_a.slug)
    before = snapshot()
    for response in (client.get(path), client.post(path, payload(hub_b))):
        assert response.status_code == 404, path
    assert snapshot() == before


@pytest.mark.parametrize("name", HUB_NAMES)
def test_unknown_hub_is_not_found(client, hub_b, name):
    client.force_login(coordinator(hub_b["hub"]))
    path = build_url(name, hub_b, hub_slug="bestaat-niet")
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("role", ["programme_officer", "decision_maker", "evaluator"])
@pytest.mark.parametrize("name", NAMES)
def test_other_roles_are_refused(client, hub_b, role, name):
    make = {
        "programme_officer": programme_officer,
        "decision_maker": lambda: decision_maker(hub_b["organisation"]),
        "evaluator": evaluator,
    }[role]
    client.force_login(make())
    path = build_url(name, hub_b)
    before = snapshot()
    for response in (client.get(path), client.post(path, payload(hub_b))):
        assert response.status_code == 403, (role, path, response.status_code)
    assert snapshot() == before


@pytest.mark.parametrize("name", NAMES)
def test_own_coordinator_can_open_every_url(client, hub_b, name):
    """Guards the tests above: the URLs they build are real pages for the right person."""
    client.force_login(coordinator(hub_b["hub"]))
    response = client.get(build_url(name, hub_b))
    assert response.status_code in (200, 302, 405), response.status_code


#: The pages that change an existing record of the network, gated by network.change_network_object on it.
RECORD_CHANGES = ["organisation_edit", "relation_add", "relation_remove", "body_edit", "contact_edit", "contact_delete"]


def test_record_changes_are_named_in_the_urls():
    assert set(RECORD_CHANGES) <= set(OBJECT_NAMES)


def test_change_network_object_follows_the_hub_of_the_record(hub_b):
    own, other = coordinator(hub_b["hub"]), coordinator(HubFactory(slug="hub-a"))
    for key in ("organisation", "body", "contact", "relation"):
        assert own.has_perm("network.change_network_object", hub_b[key])
        assert not other.has_perm("network.change_network_object", hub_b[key])
    assert not programme_officer().has_perm("network.change_network_object", hub_b["organisation"])


@pytest.mark.parametrize("name", RECORD_CHANGES)
def test_record_changes_are_gated_by_change_network_object(client, hub_b, name, monkeypatch):
    """Without network.change_network_object on the record, its own coordinator is refused too."""
    import rules

    client.force_login(coordinator(hub_b["hub"]))
    path = build_url(name, hub_b)
    monkeypatch.setitem(rules.permissions.permissions, "network.change_network_object", rules.always_deny)
    before = snapshot()
    for response in (client.get(path), client.post(path, payload(hub_b))):
        assert response.status_code == 403, (path, response.status_code)
    assert snapshot() == before
