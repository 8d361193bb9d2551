"""Idle staff sessions end after PH_STAFF_IDLE_MINUTES (accounts.middleware.StaffIdleTimeoutMiddleware)."""

from __future__ import annotations

import time

from django.urls import reverse

import pytest

from tests.factories import HubFactory, UserFactory, coordinator, programme_officer

pytestmark = pytest.mark.django_db


def _age_session(client, minutes: int) -> None:
    session = client.session
    session["ph_last_seen"] = int(time.time()) - minutes * 60
    session.save()


def test_staff_are_logged_out_after_the_idle_time_and_told_so_in_dutch(client, settings):
    settings.PH_STAFF_IDLE_MINUTES = 30
    client.force_login(programme_officer())
    assert client.get(reverse("hubs:programme")).status_code == 200  # records the last request
    _age_session(client, 29)
    assert client.get(reverse("hubs:programme")).status_code == 200
    _age_session(client, 31)
    response = client.get(reverse("hubs:programme"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login")) and "next=" in response.url
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "Voor uw veiligheid bent u uitgelogd: u heeft 30 minuten niets gedaan." in page


def test_htmx_requests_of_idle_staff_are_sent_to_the_log_in_page(client, settings):
    settings.PH_STAFF_IDLE_MINUTES = 30
    client.force_login(coordinator(HubFactory()))
    client.get(reverse("hubs:overview"))
    _age_session(client, 31)
    response = client.get(reverse("hubs:overview"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"].startswith(reverse("account_login"))


def test_residents_are_not_logged_out_for_idleness(client, settings):
    settings.PH_STAFF_IDLE_MINUTES = 30
    client.force_login(UserFactory())
    client.get(reverse("hubs:overview"))
    _age_session(client, 24 * 60)
    client.get(reverse("hubs:overview"))
    assert "_auth_user_id" in client.session


def test_the_idle_time_out_can_be_switched_off(client, settings):
    settings.PH_STAFF_IDLE_MINUTES = 0
    client.force_login(programme_officer())
    _age_session(client, 600)
    assert client.get(reverse("hubs:programme")).status_code == 200
