"""Refusals and errors answer in the site's own layout and in Dutch (DEBUG off, as in production)."""

from __future__ import annotations

from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

import pytest

from tests.factories import HubFactory, programme_officer

pytestmark = pytest.mark.django_db

LAYOUT = ('<html lang="nl"', 'class="ph-header"', 'class="ph-footer"', "css/site.css", "img/favicon.svg")


def assert_site_page(html: str, *dutch: str) -> None:
    for part in (*LAYOUT, *dutch):
        assert part in html, part
    assert "Forbidden" not in html and "Not Found" not in html and "Server Error" not in html


def test_debug_is_off_in_these_tests(settings):
    assert settings.DEBUG is False


def test_404_is_dutch_in_the_site_layout(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert_site_page(response.content.decode(), "Pagina niet gevonden", "Naar het overzicht")


def test_403_is_dutch_in_the_site_layout(client):
    hub = HubFactory()
    client.force_login(programme_officer())
    response = client.get(reverse("questions:inbox", args=[hub.slug]))
    assert response.status_code == 403
    html = response.content.decode()
    assert_site_page(html, "Geen toegang", "U mag deze pagina niet openen met uw account.")
    assert "Uitloggen" in html  # the site's own navigation, for the logged-in user


def test_csrf_failure_is_dutch_in_the_site_layout():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    assert_site_page(response.content.decode(), "Formulier verlopen", "Sta cookies toe")


def test_400_needs_no_database_and_is_dutch(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/", HTTP_HOST="niet-toegestaan.example")
    assert response.status_code == 400
    assert_site_page(response.content.decode(), "Verzoek niet begrepen")


def test_500_needs_no_request_context_or_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = defaults.server_error(request)
    assert response.status_code == 500
    assert_site_page(response.content.decode(), "Er ging iets mis", "Probeer het over een paar minuten opnieuw.")


def test_500_from_a_failing_view_is_the_site_page(monkeypatch):
    from participatiehub.hubs import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.selectors, "overview_signature", broken)
    client = Client(raise_request_exception=False)
    response = client.get(reverse("hubs:overview"))
    assert response.status_code == 500
    assert_site_page(response.content.decode(), "Er ging iets mis")


def test_site_name_comes_from_the_setting(client, settings):
    settings.PH_SITE_NAME = "Hub Testland"
    html = client.get("/bestaat-niet/").content.decode()
    assert "Hub Testland" in html
    request = RequestFactory().get("/")
    assert "Hub Testland" in defaults.server_error(request).content.decode()
