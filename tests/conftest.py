"""Shared fixtures. Browser tests live in tests/browser and get Chromium from Debian."""

from __future__ import annotations

import importlib
import os
import shutil
from unittest import mock

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The SQLite test database is a file under var/ (settings: PH_TEST_SQLITE); a fresh clone may not have var/ yet.
os.makedirs(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "var"), exist_ok=True)

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
def _reference_rows(request):
    """The rows data migrations seed (the consent texts, the monitoring catalogue, the default scan
    template) are back for every database test: a browser test's flush (live server, transactional)
    deletes them."""
    if request.node.get_closest_marker("django_db") is None and not {"db", "transactional_db", "live_server"} & set(
        request.fixturenames
    ):
        yield
        return
    request.getfixturevalue("transactional_db" if "live_server" in request.fixturenames else "db")
    from django.apps import apps

    from participatiehub.monitoring.models import Indicator
    from participatiehub.participants.models import ConsentText
    from participatiehub.scans.models import ScanTemplate

    # The consent texts of the historical migration (it still names the app panels, where the model was then).
    consents = importlib.import_module("participatiehub.panels.migrations.0002_initial_consent_texts")
    for purpose, text in consents.TEXTS.items():
        ConsentText.objects.get_or_create(
            purpose=purpose, version=1, defaults={"text": text, "valid_from": consents.VALID_FROM}
        )

    if not Indicator.objects.exists():
        importlib.import_module("participatiehub.monitoring.migrations.0002_seed_indicators").seed(apps, None)
    scans_seed = importlib.import_module("participatiehub.scans.migrations.0002_default_template")
    if not ScanTemplate.objects.filter(name=scans_seed.TEMPLATE_NAME).exists():
        scans_seed.seed(apps)
    yield


@pytest.fixture
def english(client, settings):
    """Pages and messages in English, the source language, so assertions hold whatever the Dutch catalogue
    says: the test client carries the language switch's cookie (the site ignores Accept-Language, Dutch
    first) and code outside a request runs in English. Test folders use it for all their tests."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: ids repeat between tests, cached pages must not. The same for
    what a process keeps in memory by a version or signature that could repeat between tests (the map's
    areas follow the geography version, which starts anew with an empty cache)."""
    from django.core.cache import cache

    from participatiehub.monitoring import selectors as monitoring_selectors

    cache.clear()
    monitoring_selectors._COVERAGE.clear()
    monitoring_selectors._READS.clear()
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
        # The worker's loop recycles connections between tasks; inside the test's transaction that would
        # close the connection the test runs in. Everything else is the worker's own code.
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None):
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


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started only after the test database exists.

    Session fixtures start before function ones, so without this the server could start first and not see
    that the test database is in memory: each of its threads then opened its own connection to the shared
    in-memory SQLite database, and two of them at once failed with "database table is locked"."""
    return live_server


@pytest.fixture
def task_worker(transactional_db, live_server):
    """A database task worker beside the live server for this test, as `db_worker` runs beside the web server.

    It runs the worker's own loop in a thread of this process, so it sees the live server's test database,
    and a page waits for its letters, selection or e-mail exactly as a user's would. On in-memory SQLite the
    live server's threads share one connection with this worker: a lock then lets one of them use it at a time
    (on PostgreSQL each has its own connection and nothing is locked). Stopped and joined at the end."""
    import contextlib
    import threading
    import traceback

    from django.db import connections

    from django_tasks_db.management.commands.db_worker import Worker

    shared = dict(live_server.thread.connections_override)
    lock = threading.Lock() if shared else contextlib.nullcontext()
    httpd = live_server.thread.httpd
    app = httpd.get_app()

    def locked_app(environ, start_response):
        with lock:
            return app(environ, start_response)

    stop = threading.Event()
    errors: list[str] = []

    def loop():
        for alias, connection in shared.items():
            connections[alias] = connection
        try:
            while not stop.is_set():
                with lock:
                    Worker(
                        queue_names=["*"],
                        interval=0,
                        batch=True,
                        backend_name="default",
                        startup_delay=False,
                        max_tasks=None,
                        worker_id="pytest-live",
                        excluded_queue_names=[],
                    ).run()
                stop.wait(0.3)
        except BaseException:  # noqa: BLE001 - reported by the test below
            errors.append(traceback.format_exc())
        finally:
            if not shared:
                connections.close_all()  # this thread's own connections (PostgreSQL)

    httpd.set_app(locked_app)
    thread = threading.Thread(target=loop, name="task-worker", daemon=True)
    thread.start()
    try:
        yield thread
    finally:
        stop.set()
        thread.join(timeout=60)
        httpd.set_app(app)
    assert not thread.is_alive(), "the task worker did not stop within a minute"
    assert not errors, f"the task worker stopped with an error:\n{errors[0]}"


@pytest.fixture(autouse=True)
def _task_worker_beside_live_server(request):
    """Every test that uses the live server (the browser journeys) gets a running task worker, as production."""
    if "live_server" in request.fixturenames:
        request.getfixturevalue("task_worker")
