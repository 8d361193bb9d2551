"""One quarter's figures summed up in one row (:class:`~participatiehub.monitoring.models.QuarterFigures`).

Pure functions, no models: the snapshot services and the migration that fills the table for existing
snapshots both use them, and the readers turn a row back into figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from statistics import median


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def summarise(snapshots: Iterable[tuple[int, int, str]], values: Iterable[tuple[int, int, Decimal | None]]) -> dict:
    """``snapshots``: (snapshot id, hub id, hub status) of a quarter's current snapshots; ``values``:
    (snapshot id, indicator id, value) of those snapshots. Returns the row's ``values``, ``statuses``
    and ``stats`` (JSON-ready: text keys, figures as text)."""
    hub_of: dict[int, int] = {}
    statuses: dict[str, str] = {}
    rows: dict[str, dict[str, str | None]] = {}
    for snapshot_id, hub_id, status in snapshots:
        hub_of[snapshot_id] = hub_id
        statuses[str(hub_id)] = status
        rows[str(hub_id)] = {}
    per_indicator: dict[int, list[Decimal]] = {}
    for snapshot_id, indicator_id, value in values:
        hub_id = hub_of.get(snapshot_id)
        if hub_id is None:
            continue
        rows[str(hub_id)][str(indicator_id)] = _text(value)
        present = per_indicator.setdefault(indicator_id, [])
        if value is not None:
            present.append(value)
    stats: dict[str, list] = {}
    for indicator_id, present in per_indicator.items():
        present.sort()
        if present:
            stats[str(indicator_id)] = [_text(median(present)), _text(present[0]), _text(present[-1]), len(present)]
        else:
            stats[str(indicator_id)] = [None, None, None, 0]
    return {"values": rows, "statuses": statuses, "stats": stats}


def number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)
