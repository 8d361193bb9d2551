"""scripts/run_demo.py (`make demo`): the web server and the task worker run together and stop together."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(condition, what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"not within {timeout:.0f} s: {what}"
        time.sleep(0.3)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def _processes_with(marker: str) -> list[int]:
    """Processes whose environment holds `marker` (this test's database path): the demo's children."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.fixture
def demo_env(tmp_path):
    database = tmp_path / "demo.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PH_ENV": "development"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=REPO, env=env, check=True, timeout=300
    )
    return env, database


@contextlib.contextmanager
def _running_demo(env):
    """scripts/run_demo.py on a free port, once its web server answers; killed if a test leaves it running."""
    port = _free_port()
    demo = subprocess.Popen(
        [sys.executable, "scripts/run_demo.py", "--addr", f"127.0.0.1:{port}"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait(lambda: _answers(f"http://127.0.0.1:{port}/"), "the web server answers")
        yield demo, f"http://127.0.0.1:{port}/"
    finally:
        if demo.poll() is None:
            demo.kill()


def _queue_email(env) -> None:
    code = (
        "from django.db import transaction\n"
        "from participatiehub.core.services import email_queue\n"
        "with transaction.atomic():\n"
        "    email_queue(to='demo@example.nl', subject='Test', body='Test')\n"
    )
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=REPO, env=env, check=True, timeout=120)


def _statuses(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        return [row[0] for row in connection.execute("SELECT status FROM core_outgoingemail")]


def test_one_command_serves_and_works_off_the_queue_and_ctrl_c_stops_both(demo_env):
    env, database = demo_env
    with _running_demo(env) as (demo, url):
        assert len(_processes_with(str(database))) >= 2  # web server and worker
        _queue_email(env)
        _wait(lambda: _statuses(database) == ["sent"], "the worker sends the queued e-mail")
        demo.send_signal(signal.SIGINT)  # what Ctrl+C does
        assert demo.wait(timeout=60) == 0
    assert url in demo.stdout.read()
    _wait(lambda: not _processes_with(str(database)), "web server and worker stopped", timeout=30)
    assert not _answers(url)


def test_when_the_worker_stops_the_web_server_stops_too(demo_env):
    env, database = demo_env
    with _running_demo(env) as (demo, url):
        workers = [
            pid for pid in _processes_with(str(database)) if b"db_worker" in Path(f"/proc/{pid}/cmdline").read_bytes()
        ]
        assert len(workers) == 1
        os.kill(workers[0], signal.SIGKILL)
        assert demo.wait(timeout=60) == 1
    assert "worker" in demo.stdout.read()
    _wait(lambda: not _processes_with(str(database)), "the web server stopped", timeout=30)
    assert not _answers(url)
