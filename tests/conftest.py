"""Shared fixtures. Browser tests live in tests/browser and get Chromium from Debian."""

from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")


def chromium_path() -> str | None:
    for path in CHROMIUM_CANDIDATES:
        if os.path.exists(path):
            return path
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
        ],
    }


@pytest.fixture(autouse=True)
def _block_network(monkeypatch, request):
    """Tests never reach the internet: outgoing connections other than loopback fail loudly."""
    import socket

    real_connect = socket.socket.connect

    def guarded_connect(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in {"localhost", "::1"} or host.startswith("/")
        ):
            raise RuntimeError(f"Network access blocked in tests: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: ids repeat between tests, cached pages must not."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def private_files(settings, tmp_path):
    """Private files (such as the invitation letters) go to a temporary folder for this test."""
    settings.PRIVATE_ROOT = tmp_path / "private"
    return settings.PRIVATE_ROOT


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """On PostgreSQL, end stray sessions on the test database before it is dropped.

    Seen only when a browser test runs before other database tests: the next database test
    opens a second connection that is never closed (most likely a per-context connection:
    Playwright's sync API runs in greenlets with their own context variables, and Django keeps
    connections per context). Dropping the test database then fails with "is being accessed by
    other users", a warning at the very end of the run. Closing it here keeps the run clean."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def run_tasks(db):
    """Run every queued background task the way production does: the database worker's own loop.

    Returns the number of tasks it ran. Call it after the code under test queued work (and, inside a
    test transaction, after ``django_capture_on_commit_callbacks(execute=True)`` released the queueing)."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    def run(*, backend: str = "default") -> int:
        before = DBTaskResult.objects.exclude(status="READY").count()
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name=backend,
            startup_delay=False,
            max_tasks=None,
            worker_id="pytest",
            excluded_queue_names=[],
        ).run()
        return DBTaskResult.objects.exclude(status="READY").count() - before

    return run
