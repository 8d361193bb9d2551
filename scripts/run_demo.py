#!/usr/bin/env python3
"""Run the web server and the background task worker together; Ctrl+C (or SIGTERM) stops both.

Used by `make demo`. If one of the two stops by itself, the other is stopped too, so nothing is left
running half. Standard library only.

    python scripts/run_demo.py [--python .venv/bin/python] [--addr 127.0.0.1:8000]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GRACE_SECONDS = 10  # a worker finishing a task gets this long before it is stopped harder


def commands(python: str, addr: str) -> dict[str, list[str]]:
    manage = str(REPO / "manage.py")
    return {
        "web": [python, manage, "runserver", addr],
        # Without the reloader: a code change must not cut a running task (letters, selection) in half.
        "worker": [python, manage, "db_worker", "--no-reload"],
    }


def stop(processes: dict[str, subprocess.Popen], signals_seen: list[int]) -> None:
    """Ask each process group to stop (SIGINT, as Ctrl+C would), then insist (SIGTERM, SIGKILL).

    A second Ctrl+C skips the wait, as it does for the worker itself."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        alive = [p for p in processes.values() if p.poll() is None]
        for process in alive:
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                pass
        seen = len(signals_seen)
        deadline = time.monotonic() + GRACE_SECONDS
        while time.monotonic() < deadline and len(signals_seen) == seen and any(p.poll() is None for p in alive):
            time.sleep(0.1)
        if all(p.poll() is not None for p in processes.values()):
            return


def run(python: str, addr: str) -> int:
    stopping: list[int] = []

    def on_signal(signum, _frame):
        stopping.append(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    processes: dict[str, subprocess.Popen] = {}
    try:
        for name, command in commands(python, addr).items():
            # Each in its own process group: the signal reaches its children too (runserver's reloader).
            processes[name] = subprocess.Popen(command, cwd=REPO, start_new_session=True)
        print(f"Webserver en achtergrondproces gestart: http://{addr}/  (stoppen: Ctrl+C)", flush=True)
        while not stopping:
            ended = [name for name, p in processes.items() if p.poll() is not None]
            if ended:
                print(f"{', '.join(ended)} is gestopt; de rest wordt ook gestopt.", file=sys.stderr, flush=True)
                return 1
            time.sleep(0.2)
        return 0
    finally:
        stop(processes, stopping)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="Python of the virtual environment")
    parser.add_argument("--addr", default="127.0.0.1:8000", help="address:port for the web server")
    options = parser.parse_args()
    return run(options.python, options.addr)


if __name__ == "__main__":
    sys.exit(main())
