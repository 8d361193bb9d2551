"""Small cells: counts of persons from 1 to 4 are not given (``<5``), and within a group whose total
is known, one more count is hidden (``*``) when a single count was suppressed, so that it cannot be
worked out by subtraction (complementary suppression)."""

from __future__ import annotations

from collections.abc import Sequence

from .constants import HIDDEN, MIN_CELL, SUPPRESSED


def persons(count: int | None) -> int | str | None:
    """One count of persons as written: ``None`` stays empty, 0 stays 0, 1–4 becomes ``<5``."""
    if count is None:
        return None
    return SUPPRESSED if 0 < count < MIN_CELL else count


def persons_group(counts: Sequence[int | None]) -> list[int | str | None]:
    """Counts of persons that add up (with a total given elsewhere): each 1–4 becomes ``<5``; when
    exactly one was suppressed, the smallest other non-zero count becomes ``*`` as well."""
    cells = [persons(count) for count in counts]
    suppressed = [i for i, cell in enumerate(cells) if cell == SUPPRESSED]
    if len(suppressed) == 1:
        others = sorted((count, i) for i, count in enumerate(counts) if count and i not in suppressed)
        if others:
            cells[others[0][1]] = HIDDEN
    return cells
