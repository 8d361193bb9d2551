"""A second panel oracle in its own process, for pricing on the second core.

HiGHS solves a MIP on one core, and the oracle's Python callbacks need the interpreter lock, so
two oracles in two threads do not run side by side. This module runs a ``PanelOracle`` in a
child process (``python -c "…pricer import serve_stdio; serve_stdio()"``: a fresh interpreter, so no
inherited solver threads and no re-import of the caller's main module) and talks to it with
pickled messages over its stdin/stdout: the column generation prices at two dual points per
round, one here and one there.

Everything is optional: if the process cannot start or dies, ``PricingWorker.alive`` turns
False and the caller goes on with its own oracle alone.
"""

from __future__ import annotations

import logging
import os
import pickle
import select
import subprocess
import sys
from pathlib import Path

from .model import TypeModel

log = logging.getLogger(__name__)


def _serve(inp, out) -> None:  # pragma: no cover - runs in the child process
    from .oracle import PanelOracle

    try:
        tm = pickle.load(inp)
    except EOFError:
        return
    oracle = PanelOracle(tm)
    while True:
        try:
            msg = pickle.load(inp)
        except EOFError:
            break
        if msg is None:
            break
        method, args, kwargs = msg
        try:
            answer = getattr(oracle, method)(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - sent back to the parent, which falls back
            answer = exc
        try:
            pickle.dump(answer, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
        except (BrokenPipeError, OSError):
            break  # the parent is gone (stopped or killed): nothing to answer to


class PricingWorker:
    """Calls ``PanelOracle`` methods in a child process: ``submit`` then ``result``, or ``call``."""

    def __init__(self, tm: TypeModel):
        self.alive = False
        self._pending = False
        self.proc = None
        # The package's parent folder ("src") on the child's path, whatever the caller's is.
        src = str(Path(__file__).resolve().parents[1])
        env = dict(os.environ)
        env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        try:
            self.proc = subprocess.Popen(  # noqa: S603 - our own module with our own interpreter
                # -c rather than -m: the package imports this module itself, and runpy would warn.
                [
                    sys.executable,
                    "-c",
                    "from fairlot.pricer import serve_stdio; serve_stdio()",
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
            )
            pickle.dump(tm, self.proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self.proc.stdin.flush()
            self.alive = True
        except Exception as exc:  # noqa: BLE001 - e.g. no process creation allowed here
            log.info("second pricing process not started: %s", exc)
            self.close()

    @property
    def pending(self) -> bool:
        """A call was submitted and its answer not yet taken."""
        return self._pending

    def ready(self) -> bool:
        """The answer to the pending call has arrived (``result`` will not wait)."""
        if not self._pending or not self.alive:
            return False
        try:
            readable, _, _ = select.select([self.proc.stdout], [], [], 0)
        except (OSError, ValueError) as exc:
            self._fail(exc)
            return False
        return bool(readable)

    def submit(self, method: str, *args, **kwargs) -> bool:
        if not self.alive:
            return False
        if self._pending:
            self.result()  # one call at a time: an answer nobody took is dropped
            if not self.alive:
                return False
        try:
            pickle.dump((method, args, kwargs), self.proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self.proc.stdin.flush()
        except (OSError, ValueError) as exc:
            self._fail(exc)
            return False
        self._pending = True
        return True

    def result(self):
        """The answer to the last ``submit`` (None if the worker failed)."""
        if not self._pending:
            return None
        self._pending = False
        try:
            out = pickle.load(self.proc.stdout)
        except (OSError, EOFError, pickle.UnpicklingError) as exc:
            self._fail(exc)
            return None
        if isinstance(out, Exception):
            self._fail(out)
            return None
        return out

    def call(self, method: str, *args, **kwargs):
        return self.result() if self.submit(method, *args, **kwargs) else None

    def _fail(self, exc: BaseException) -> None:
        log.warning("second pricing process stopped: %s", exc)
        self.close()

    def close(self) -> None:
        proc = self.proc
        if proc is None:
            return
        if self.alive:
            try:
                if self._pending:
                    pickle.load(proc.stdout)
                pickle.dump(None, proc.stdin)
                proc.stdin.flush()
            except (OSError, EOFError, ValueError, pickle.UnpicklingError):
                pass
        self.alive = False
        self._pending = False
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        self.proc = None

    def __enter__(self) -> PricingWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def serve_stdio() -> None:  # pragma: no cover - runs in the child process
    # Answers go over a private copy of stdout; anything printed by a library goes to stderr.
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    _serve(sys.stdin.buffer, answers)
