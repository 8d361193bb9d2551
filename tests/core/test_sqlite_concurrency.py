"""The SQLite default survives concurrent writers, and a locked database never shows a traceback.

The concurrency test runs the real sign-up (code form, then details form, through the Django test
client) in several processes with several threads each, every thread with its own connection, on a
file-based SQLite database configured by the project's own settings (not the in-memory test
database). Before WAL, the busy timeout and immediate transactions, some sign-ups failed with
"database is locked".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.db import OperationalError
from django.urls import include, path

import pytest

REPO = Path(__file__).resolve().parents[2]
PROCESSES = 4
THREADS = 4


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PH_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        PH_ENV="test",
        DJANGO_SETTINGS_MODULE="participatiehub.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'concurrency.sqlite3'}",
        PH_PRIVATE_ROOT=str(tmp_path / "private"),
        PH_MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONPATH=os.pathsep.join([str(REPO / "src"), str(REPO)]),
    )
    return env


def _run(env, *args, **kwargs):
    return subprocess.run([sys.executable, *args], env=env, cwd=REPO, text=True, timeout=300, **kwargs)


@pytest.mark.slow
def test_concurrent_signups_on_a_file_database_do_not_lock(tmp_path):
    env = _env(tmp_path)
    _run(env, "manage.py", "migrate", "--no-input", "-v", "0", check=True)
    run = "import sys, tests.core.sqlite_concurrency_child as c; c.main(*sys.argv[1:])"
    setup = _run(env, "-c", run, "setup", str(PROCESSES * THREADS), check=True, capture_output=True)
    codes = json.loads(setup.stdout.strip().splitlines()[-1])
    go = tmp_path / "go"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", run, "signup", json.dumps(codes[i * THREADS : (i + 1) * THREADS]), str(go)],
            env=env,
            cwd=REPO,
            text=True,
            stdout=subprocess.PIPE,
        )
        for i in range(PROCESSES)
    ]
    for child in children:  # every process has Django loaded before any of them starts writing
        assert child.stdout.readline().strip() == "ready"
    go.touch()
    results = []
    for child in children:
        out, _ = child.communicate(timeout=300)
        results += json.loads(out.strip().splitlines()[-1])
    assert results == ["ok"] * len(codes), [r for r in results if r != "ok"]

    check = "import django; django.setup(); from participatiehub.participants.models import Participant as P; print(P.objects.count())"
    assert _run(env, "-c", check, capture_output=True, check=True).stdout.strip() == str(len(codes))


def test_the_sqlite_default_uses_wal_immediate_transactions_and_a_busy_timeout(tmp_path):
    """Read from the settings as the demo loads them (also when this run uses PostgreSQL)."""
    show = "import json, django; django.setup(); from django.db import connection as c; print(json.dumps(c.settings_dict['OPTIONS']))"
    options = json.loads(_run(_env(tmp_path), "-c", show, capture_output=True, check=True).stdout.splitlines()[-1])
    assert "journal_mode=WAL" in options["init_command"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5


# --- last resort: a Dutch 503 page, no traceback ------------------------------------------------


def _locked_view(request):
    raise OperationalError("database is locked")


def _other_error_view(request):
    raise OperationalError("no such table: elsewhere")


def _session_view(request):
    from django.http import HttpResponse

    request.session["seen"] = True  # written by the session middleware after the view
    return HttpResponse("ok")


urlpatterns = [
    path("test-locked/", _locked_view),
    path("test-other-error/", _other_error_view),
    path("test-session/", _session_view),
    path("", include("participatiehub.urls")),
]


@pytest.fixture
def quiet_client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("debug", [False, True])
def test_a_locked_database_gives_a_dutch_503_page(db, quiet_client, settings, debug):
    settings.DEBUG = debug
    response = quiet_client.get("/test-locked/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "Het is even druk" in body and "probeer het opnieuw" in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert "Content-Security-Policy" in response.headers  # the site's own headers still apply


@pytest.mark.urls(__name__)
def test_a_locked_database_while_saving_the_session_gives_the_503_page(db, quiet_client, monkeypatch):
    from django.contrib.sessions.backends.cached_db import SessionStore

    def locked_save(self, must_create=False):
        raise OperationalError("database is locked")

    monkeypatch.setattr(SessionStore, "save", locked_save)
    response = quiet_client.get("/test-session/")
    assert response.status_code == 503
    assert "Het is even druk" in response.content.decode()


@pytest.mark.urls(__name__)
def test_other_database_errors_stay_server_errors(db, quiet_client):
    assert quiet_client.get("/test-other-error/").status_code == 500
