"""Builders for the dashboard tests: indicators, snapshots and their values written directly (not by the
snapshot services), so every figure on a page is known by hand. ``clean_catalogue`` removes the seeded
catalogue first, so the tests do not depend on which indicators the seed holds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from participatiehub.core.services import data_version_bump
from participatiehub.monitoring.constants import SNAPSHOTS_VERSION
from participatiehub.monitoring.models import (
    Direction,
    Indicator,
    QuarterFigures,
    Snapshot,
    SnapshotValue,
    Source,
    Unit,
)
from participatiehub.monitoring.services import quarter_figures_refresh

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def clean_catalogue() -> None:
    QuarterFigures.objects.all().delete()
    SnapshotValue.objects.all().delete()
    Snapshot.objects.all().delete()
    Indicator.objects.all().delete()


def indicator(
    code: str,
    *,
    name: str | None = None,
    unit: str = Unit.COUNT,
    direction: str = Direction.HIGHER,
    source: str = Source.RECORDS,
    source_key: str = "",
    order: int = 0,
    is_public: bool = True,
    is_active: bool = True,
    definition: str = "",
) -> Indicator:
    return Indicator.objects.create(
        code=code,
        name=name or code.replace("_", " ").capitalize(),
        definition=definition or f"Wat {code} betekent.",
        unit=unit,
        direction=direction,
        source=source,
        source_key=source_key,
        order=order,
        is_public=is_public,
        is_active=is_active,
    )


def snapshot(
    hub,
    period: str,
    values: dict,
    *,
    version: int = 1,
    is_current: bool = True,
    reason: str = "",
    taken_by=None,
    hub_status: str = "",
    taken_at: dt.datetime | None = None,
) -> Snapshot:
    """One snapshot with ``values``: {indicator: value} (a number, a text like "12.5", None or (value, basis))."""
    taken = Snapshot.objects.create(
        hub=hub,
        period=period,
        version=version,
        is_current=is_current,
        reason=reason,
        taken_by=taken_by,
        hub_status=hub_status or hub.status,
        taken_at=taken_at or dt.datetime(2026, 10, 1, 9, 0, tzinfo=AMSTERDAM),
    )
    rows = []
    for ind, value in values.items():
        basis = None
        if isinstance(value, tuple):
            value, basis = value
        rows.append(
            SnapshotValue(
                snapshot=taken, indicator=ind, value=None if value is None else Decimal(str(value)), basis=basis
            )
        )
    SnapshotValue.objects.bulk_create(rows)
    quarter_figures_refresh(period)  # as the snapshot services do
    data_version_bump(SNAPSHOTS_VERSION)
    return taken


def correct(old: Snapshot, values: dict, *, reason: str, taken_by=None) -> Snapshot:
    """A new version of ``old`` (which stays, no longer current), as ``snapshot_correct`` leaves it."""
    Snapshot.objects.filter(pk=old.pk).update(is_current=False)
    return snapshot(
        old.hub,
        old.period,
        values,
        version=old.version + 1,
        reason=reason,
        taken_by=taken_by,
        taken_at=old.taken_at + dt.timedelta(days=3),
    )


# --- reading pages ----------------------------------------------------------------------------


def table_rows(html: str, table_id: str, *, part: str = "tbody") -> list[list[str]]:
    """The text of every cell of ``part`` (thead, tbody or tfoot) of the table with ``table_id``, row by row."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth = 0  # inside the table
            self.in_part = False
            self.rows: list[list[str]] = []
            self.cell: list[str] | None = None
            self.svg = 0  # inside a chart: its title and description are not the cell's text

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "svg":
                self.svg += 1
            elif tag == "table" and attrs.get("id") == table_id:
                self.depth = 1
            elif self.depth and tag == part:
                self.in_part = True
            elif self.in_part and tag == "tr":
                self.rows.append([])
            elif self.in_part and tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag):
            if tag == "svg":
                self.svg -= 1
            elif self.depth and tag == "table":
                self.depth = 0
            elif tag == part:
                self.in_part = False
            elif self.in_part and tag in ("td", "th") and self.cell is not None:
                self.rows[-1].append(" ".join("".join(self.cell).split()))
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None and not self.svg:
                self.cell.append(data)

    reader = Reader()
    reader.feed(html)
    return reader.rows
