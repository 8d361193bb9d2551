"""Demo data for the participants' questionnaire (filled in by the experience work of issue 15)."""

from __future__ import annotations


def demo_experience_build(*, showcase_hub, seed: int) -> dict[str, int]:
    return {}


def wipe_experience() -> int:
    return 0
