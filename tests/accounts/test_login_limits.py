"""Password log-in through the real allauth form, with the rate limits production runs."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error
from django.test import Client
from django.urls import reverse

import pytest

from participatiehub.core.checks import check_rate_limits
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "demo-wachtwoord-123"


def _login(client, email, password, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def test_the_tests_run_with_rate_limits_on():
    from allauth.account import app_settings

    limits = app_settings.RATE_LIMITS
    assert limits["login"] and limits["login_failed"]
    assert settings.ACCOUNT_RATE_LIMITS is not False


def test_password_login_through_the_form_works_with_the_limits_on(client):
    user = UserFactory(email="staf@example.nl")
    response = _login(client, "staf@example.nl", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_per_key_login_limit_would_break_every_log_in(client, settings):
    """The limit of finding 1: allauth calls "login" without a key, so a /key part raises."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "20/m/ip,10/m/key"}
    errors = check_rate_limits(None)
    assert [error.id for error in errors] == ["participatiehub.E001"] and isinstance(errors[0], Error)
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "30/m/ip"}
    assert check_rate_limits(None) == []


def test_failed_logins_for_one_account_are_refused_in_dutch(client):
    UserFactory(email="staf@example.nl")
    for _ in range(5):  # production: 5 failed tries per account within 5 minutes
        response = _login(client, "staf@example.nl", "fout-wachtwoord")
        assert response.status_code == 200
        assert "Te veel inlogpogingen" not in response.content.decode()
    # Past the limit even the right password is refused, with a clear Dutch message.
    response = _login(client, "staf@example.nl", PASSWORD)
    assert response.status_code == 200
    assert "Te veel inlogpogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from another address is not affected.
    UserFactory(email="ander@example.nl")
    assert _login(Client(REMOTE_ADDR="192.0.2.7"), "ander@example.nl", PASSWORD).status_code == 302


def test_too_many_log_in_posts_from_one_address_get_a_dutch_429(client):
    for _ in range(30):  # production: 30 log-in posts per address per minute
        _login(client, "niemand@example.nl", "x")
    response = _login(client, "niemand@example.nl", "x")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Te vaak geprobeerd" in page and '<html lang="nl"' in page
    # Another address still gets the form.
    assert _login(Client(REMOTE_ADDR="192.0.2.8"), "niemand@example.nl", "x").status_code == 200


def test_behind_a_proxy_each_client_has_its_own_log_in_limit(settings):
    """With PH_TRUSTED_PROXIES=1 allauth counts per client address from X-Forwarded-For."""
    settings.PH_TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.1")
    for _ in range(30):
        _login(first, "niemand@example.nl", "x")
    assert _login(first, "niemand@example.nl", "x").status_code == 429
    second = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert _login(second, "niemand@example.nl", "x").status_code == 200
    # A client cannot escape its bucket by sending its own X-Forwarded-For: the proxy appends the real one.
    spoofed = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1")
    assert _login(spoofed, "niemand@example.nl", "x").status_code == 429
