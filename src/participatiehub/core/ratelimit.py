"""The client's address and simple counters for rate limits, kept in the shared cache.

One helper decides the client's address for everything that limits or logs by address (the
sign-up code limiter, allauth's log-in limits through the account adapter):

- ``PH_TRUSTED_PROXIES = 0`` (default): the address of the connecting peer (``REMOTE_ADDR``);
  ``X-Forwarded-For`` is ignored, because anyone can send it.
- ``PH_TRUSTED_PROXIES = n``: the app runs behind ``n`` proxies of our own, each of which appends
  the address it received the request from to ``X-Forwarded-For``. The client is then the n-th
  address from the right; what stands left of it was sent by the client and is not trusted.

The counters live in the default cache: with ``REDIS_URL`` set, every web process shares them.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache

UNKNOWN = "unknown"


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's IP address as far as our own proxies vouch for it (see the module text)."""
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "") or "")
    trusted = getattr(settings, "PH_TRUSTED_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted <= 0 or not forwarded:
        return remote or UNKNOWN
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote or UNKNOWN
    # Fewer hops than proxies: every hop was added by one of ours, the leftmost is the client.
    candidate = hops[-trusted] if len(hops) >= trusted else hops[0]
    return _valid_ip(candidate) or remote or UNKNOWN


def _cache_key(scope: str, key: str) -> str:
    # Hashed: keys hold addresses and typed input; the cache stores neither as such.
    return f"ph:rl:{scope}:{hashlib.sha256(key.encode()).hexdigest()[:32]}"


def limit_reached(scope: str, keys: Iterable[str], *, limit: int) -> bool:
    """True when any of ``keys`` already counted ``limit`` tries in the current window."""
    counts = cache.get_many([_cache_key(scope, key) for key in keys])
    return any(int(count) >= limit for count in counts.values())


def limit_count(scope: str, keys: Iterable[str], *, window: int) -> None:
    """Count one try for each of ``keys``; a key's window starts with its first try."""
    for key in keys:
        cache_key = _cache_key(scope, key)
        cache.add(cache_key, 0, window)
        try:
            cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, window)
