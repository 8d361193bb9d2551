"""Pages with personal data are not stored by browsers or caches (idle staff sessions: tests/accounts)."""

from __future__ import annotations

from django.urls import reverse

import pytest

from tests.factories import HubFactory, UserFactory

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_every_page_for_a_logged_in_user_is_no_store(client):
    hub = HubFactory()
    client.force_login(UserFactory())
    for url in (reverse("hubs:overview"), reverse("hubs:public", args=[hub.slug])):
        response = client.get(url)
        assert response.status_code == 200 and _no_store(response), url


def test_sign_up_my_data_and_account_pages_are_no_store_for_everyone(client):
    for url in (reverse("participants:signup"), reverse("account_login"), reverse("participants:mydata")):
        assert _no_store(client.get(url)), url


def test_public_pages_for_visitors_may_be_cached(client):
    assert not _no_store(client.get(reverse("hubs:overview")))
