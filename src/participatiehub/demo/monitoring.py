"""Demo data for monitoring (filled in by the monitoring work of issue 15)."""

from __future__ import annotations


def demo_monitoring_build(*, office, seed: int) -> dict[str, int]:
    return {}


def wipe_monitoring() -> int:
    return 0
