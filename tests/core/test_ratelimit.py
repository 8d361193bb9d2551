"""The client's address behind proxies, the sign-up code limits and the shared (Redis) cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

import pytest

from participatiehub.core.ratelimit import client_ip, limit_count, limit_reached
from participatiehub.participants import services as panel_services
from tests.factories import HubFactory, coordinator

ROOT = Path(__file__).resolve().parents[2]
# REDIS_URL when a run sets it (the PostgreSQL pass does), else a database of its own on the local Redis.
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/6"


@pytest.fixture
def redis_cache(settings):
    """The cache on Redis for this test, as production configures it with REDIS_URL.

    Redis runs on these machines and in CI; only elsewhere does the test skip (never with CI=true)."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL} in CI: {exc}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: the shared-cache tests need it")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


def _request(remote="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "10.0.0.1"),
        (0, "198.51.100.1", "10.0.0.1"),  # no trusted proxy: the header is ignored
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "203.0.113.9, 198.51.100.1", "198.51.100.1"),  # the left part was sent by the client
        (2, "203.0.113.9, 198.51.100.1, 10.0.0.2", "198.51.100.1"),  # the n-th from the right
        (2, "198.51.100.1", "198.51.100.1"),  # fewer hops than proxies: all added by ours
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_client_ip(settings, proxies, forwarded, expected):
    settings.PH_TRUSTED_PROXIES = proxies
    assert client_ip(_request(forwarded=forwarded)) == expected


def test_client_ip_without_a_usable_address():
    assert client_ip(_request(remote="")) == "unknown"


def test_allauth_uses_the_same_client_address(settings):
    from allauth.account.adapter import get_adapter

    settings.PH_TRUSTED_PROXIES = 1
    assert get_adapter().get_client_ip(_request(forwarded="203.0.113.9, 198.51.100.1")) == "198.51.100.1"


def test_limit_counts_per_key():
    limit_count("t", ["a"], window=60)
    limit_count("t", ["a", "b"], window=60)
    assert limit_reached("t", ["a"], limit=2)
    assert not limit_reached("t", ["b"], limit=2)
    assert limit_reached("t", ["b", "a"], limit=2)  # any key over its limit
    assert not limit_reached("t", [], limit=1)


# --- sign-up codes ------------------------------------------------------------------------------


@pytest.fixture
def codes(db):
    hub = HubFactory()
    batch = panel_services.invitation_batch_create(hub=hub, actor=coordinator(hub), name="Brieven", size=3)
    return [code.code for code in batch.codes.all()]


def _behind_proxy(client_address: str) -> Client:
    return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=client_address)


def test_one_person_typing_wrong_codes_does_not_lock_out_others_behind_the_proxy(settings, codes):
    settings.PH_TRUSTED_PROXIES = 1
    clumsy = _behind_proxy("198.51.100.1")
    for i in range(10):
        assert clumsy.post(reverse("participants:signup"), {"code": f"FOUT{i}"}).status_code == 200
    refused = clumsy.post(reverse("participants:signup"), {"code": codes[0]})
    assert refused.status_code == 429
    assert "U heeft te vaak een code geprobeerd" in refused.content.decode()
    # Another resident behind the same proxy signs up as usual.
    other = _behind_proxy("198.51.100.2")
    response = other.post(reverse("participants:signup"), {"code": codes[0]})
    assert response.status_code == 302 and response.url == reverse("participants:signup_details")


def test_a_code_tried_from_many_addresses_gets_locked(settings, codes):
    settings.PH_TRUSTED_PROXIES = 1
    for i in range(5):  # five addresses, one try each: no address reaches its own limit
        _behind_proxy(f"198.51.100.{i + 1}").post(reverse("participants:signup"), {"code": "ABCD-EFGH-JKLM"})
    refused = _behind_proxy("198.51.100.99").post(reverse("participants:signup"), {"code": "abcd efgh jklm"})
    assert refused.status_code == 429
    assert "Deze code is te vaak geprobeerd" in refused.content.decode()
    # That address may still try its own (right) code.
    ok = _behind_proxy("198.51.100.99").post(reverse("participants:signup"), {"code": codes[1]})
    assert ok.status_code == 302


def test_right_codes_do_not_use_up_the_address_limit(settings, codes):
    settings.PH_SIGNUP_CODE_TRIES = 2
    shared = Client(REMOTE_ADDR="192.0.2.50")
    for _ in range(3):
        assert shared.post(reverse("participants:signup"), {"code": codes[2]}).status_code == 302


# --- the shared cache ---------------------------------------------------------------------------


def _shell(code: str, **env_extra) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PH_", "REDIS_URL"))}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_redis_url_gives_a_cache_shared_between_processes(redis_cache):
    """Another process (as another gunicorn worker would) counts tries this process sees."""
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    code = (
        "from participatiehub.core.ratelimit import limit_count; "
        "[limit_count('shared', ['ip:198.51.100.7'], window=60) for _ in range(3)]; "
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    )
    result = _shell(code, PH_ENV="test", REDIS_URL=REDIS_URL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache"
    assert limit_reached("shared", ["ip:198.51.100.7"], limit=3)
    assert not limit_reached("shared", ["ip:198.51.100.7"], limit=4)


def test_sessions_live_in_the_shared_cache(client, db, redis_cache):
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.core.cache import cache

    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert cache.get(KEY_PREFIX + client.session.session_key) is not None
