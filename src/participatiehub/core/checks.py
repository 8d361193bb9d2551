"""System checks for settings that only go wrong with production's settings or load."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

#: allauth actions it limits without a key (per address or per user): a "/key" part raises on every call.
KEYLESS_ACTIONS = ("login", "signup", "reset_password_from_key")

#: Cache backends that each process keeps for itself.
LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)


@register(Tags.security)
def check_rate_limits(app_configs, **kwargs):
    limits = getattr(settings, "ACCOUNT_RATE_LIMITS", None) or {}
    return [
        Error(
            f'ACCOUNT_RATE_LIMITS["{action}"] has a per-key part ({limits[action]!r}).',
            hint=f'allauth counts "{action}" without a key, so every request would fail. '
            'Put per-account limits on "login_failed".',
            id="participatiehub.E001",
        )
        for action in KEYLESS_ACTIONS
        if action in limits and any(part.strip().endswith("/key") for part in (limits[action] or "").split(","))
    ]


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in LOCAL_CACHES:
        return []
    return [
        Warning(
            f"The default cache is {backend.rsplit('.', 1)[-1]}: each process keeps its own.",
            hint="Set REDIS_URL. Without a shared cache every web process has its own rate limits and "
            "cached sessions, so limits are multiplied by the number of processes and a log-out in one "
            "process is not seen by another.",
            id="participatiehub.W001",
        )
    ]
