"""Every hubs permission gates a page; the hub dashboard is gated by hubs.view_hub_dashboard."""

from pathlib import Path

from django.urls import reverse

import pytest
import rules

from tests.factories import HubFactory, OrganisationFactory, coordinator, decision_maker, evaluator, programme_officer

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "participatiehub"
RULES_FILE = SRC / "accounts" / "rules.py"


def test_every_hubs_permission_is_used_outside_the_rules_file():
    names = [name for name in rules.permissions.permissions if name.startswith("hubs.")]
    assert "hubs.view_hub_dashboard" in names
    texts = [
        path.read_text(encoding="utf-8")
        for path in SRC.rglob("*")
        if path.suffix in {".py", ".html"} and path != RULES_FILE and "migrations" not in path.parts
    ]
    unused = [name for name in names if not any(f'"{name}"' in text for text in texts)]
    assert unused == []


@pytest.fixture
def two_hubs():
    return HubFactory(name="Hub A", slug="hub-a"), HubFactory(name="Hub B", slug="hub-b")


def test_dashboard_refuses_the_wrong_hub(client, two_hubs):
    a, b = two_hubs
    client.force_login(coordinator(a))
    assert client.get(reverse("hubs:manage", args=[a.slug])).status_code == 200
    assert client.get(reverse("hubs:manage", args=[b.slug])).status_code == 403


@pytest.mark.parametrize("role", ["decision_maker", "evaluator"])
def test_dashboard_refuses_the_wrong_role(client, two_hubs, role):
    a, _ = two_hubs
    user = decision_maker(OrganisationFactory(hub=a)) if role == "decision_maker" else evaluator()
    client.force_login(user)
    assert client.get(reverse("hubs:manage", args=[a.slug])).status_code == 403


def test_dashboard_follows_its_own_predicate(client, two_hubs):
    a, _ = two_hubs
    client.force_login(programme_officer())
    assert client.get(reverse("hubs:manage", args=[a.slug])).status_code == 200
    original = rules.permissions.permissions["hubs.view_hub_dashboard"]
    rules.set_perm("hubs.view_hub_dashboard", rules.always_deny)
    try:
        assert client.get(reverse("hubs:manage", args=[a.slug])).status_code == 403
        assert client.get(reverse("hubs:edit", args=[a.slug])).status_code == 200  # other pages keep their own
    finally:
        rules.set_perm("hubs.view_hub_dashboard", original)
