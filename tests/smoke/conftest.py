"""The production smoke test runs only when asked for: `make test-smoke`, `pytest tests/smoke` or `-m smoke`.

It starts gunicorn, a task worker and a PostgreSQL database of its own (a minute or two), so the
ordinary runs (`make test`, the PostgreSQL pass) leave it out; `.ci/run` runs it as a step of its own.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def _asked_for(config) -> bool:
    if "smoke" in (config.option.markexpr or ""):
        return True
    for arg in config.args:
        target = Path(str(arg).split("::")[0]).resolve()
        if target == HERE or HERE in target.parents:
            return True
    return False


def pytest_collection_modifyitems(config, items):
    if _asked_for(config):
        return
    smoke = [item for item in items if item.get_closest_marker("smoke")]
    if smoke:
        config.hook.pytest_deselected(items=smoke)
        items[:] = [item for item in items if not item.get_closest_marker("smoke")]
