"""Queueing e-mail: stored in the outbox within the caller's transaction, sent by a task after commit."""

from __future__ import annotations

from django.db import transaction

from . import tasks
from .models import OutgoingEmail


def email_queue(*, to: str, subject: str, body: str, purpose: str = "") -> OutgoingEmail:
    message = OutgoingEmail.objects.create(to=to, subject=subject, body=body, purpose=purpose)
    transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(pk: int) -> None:
    tasks.send_email.enqueue(pk)


def data_version(name: str) -> int:
    """A number that changes whenever the data behind ``name`` changes (see ADR 0004).

    A missing key (cache cleared or evicted) gets a fresh value, so stale fragments never return.
    """
    import time

    from django.core.cache import cache

    key = f"participatiehub:version:{name}"
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), None)
        value = cache.get(key)
    return value


def data_version_bump(name: str) -> None:
    """Bump now and again after the current transaction commits.

    The second bump drops anything a concurrent request cached from the not-yet-committed state.
    """
    import time

    from django.core.cache import cache

    key = f"participatiehub:version:{name}"
    cache.set(key, time.time_ns(), None)
    transaction.on_commit(lambda: cache.set(key, time.time_ns(), None))


def bumps_version(name: str):
    """Decorator for service functions: a successful call bumps the data version ``name``."""
    import functools

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            result = func(*args, **kwargs)
            data_version_bump(name)
            return result

        return wrapper

    return decorate


def lazy_context(build, names):
    """Template context whose values are computed (all at once, by ``build()``) only when first used.

    With a ``{% cache %}`` fragment around everything that uses them, a cache hit costs no queries.
    """
    from django.utils.functional import SimpleLazyObject

    built: dict = {}

    def get(name):
        if not built:
            built.update(build())
        return built[name]

    return {name: SimpleLazyObject(lambda name=name: get(name)) for name in names}
