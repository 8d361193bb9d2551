"""Production settings read everything from the environment and pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, env_extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PH_", "REDIS_URL"))}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "PH_ENV": "production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "PH_PSEUDONYM_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "participatiehub.example",
            "PH_SITE_URL": "https://participatiehub.example",
            "REDIS_URL": "redis://127.0.0.1:6379/5",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_when_production_has_no_shared_cache():
    result = _manage(
        "check",
        "--deploy",
        env_extra={
            "PH_ENV": "production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "PH_PSEUDONYM_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "participatiehub.example",
            "PH_SITE_URL": "https://participatiehub.example",
        },
    )
    assert "participatiehub.W001" in result.stdout + result.stderr and "REDIS_URL" in result.stdout + result.stderr


def test_the_redis_package_is_installed_for_redis_url():
    from django.core.cache.backends.redis import RedisCache

    import redis  # noqa: F401  (REDIS_URL raised ModuleNotFoundError without it)

    cache = RedisCache("redis://127.0.0.1:6379/5", {})
    assert cache._cache._lib.__name__ == "redis"


def test_production_refuses_to_start_without_secret_or_hosts():
    result = _manage("check", env_extra={"PH_ENV": "production", "DJANGO_ALLOWED_HOSTS": "x.example"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    result = _manage(
        "check",
        env_extra={
            "PH_ENV": "production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "PH_PSEUDONYM_KEY": secrets.token_urlsafe(50),
        },
    )
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr
    result = _manage(
        "check",
        env_extra={
            "PH_ENV": "production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "x.example",
            "PH_SITE_URL": "https://x.example",
        },
    )
    assert result.returncode != 0
    assert "PH_PSEUDONYM_KEY" in result.stderr  # the evaluator export's pseudonyms
    result = _manage(
        "check",
        env_extra={
            "PH_ENV": "production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "PH_PSEUDONYM_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "x.example",
        },
    )
    assert result.returncode != 0
    assert "PH_SITE_URL" in result.stderr  # letters and e-mails would point at 127.0.0.1 otherwise


def test_every_setting_from_the_environment_is_documented():
    result = _manage("env_settings", env_extra={})
    assert result.returncode == 0
    for name in (
        "DATABASE_URL",
        "DJANGO_SECRET_KEY",
        "PH_PSEUDONYM_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "EMAIL_HOST",
        "PH_STAFF_MFA_REQUIRED",
        "REDIS_URL",
        "PH_TRUSTED_PROXIES",
        "PH_STAFF_IDLE_MINUTES",
        "SELECTION_EXACT_SECONDS",
    ):
        assert name in result.stdout


def test_the_selection_precision_settings_are_read_and_checked():
    ok = _manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; print(settings.SELECTION_EXACT_SECONDS)",
        env_extra={"SELECTION_EXACT_SECONDS": "60"},
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.split() == ["60"]
    bad = _manage("check", env_extra={"SELECTION_EXACT_SECONDS": "-1"})
    assert bad.returncode != 0 and "SELECTION_EXACT_SECONDS" in bad.stderr
