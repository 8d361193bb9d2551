"""The budget dashboard's figures: per programme line and in total, per region and per hub.

Every figure is a sum of the underlying records, computed in the database in a fixed number of
grouped queries (six, whatever the number of grants; tests/funding/test_budget.py):

- **budget**: the line's budget;
- **committed**: the awarded amount of every grant not yet settled, plus the settled amount of every
  settled grant;
- **advanced**: every payment made (advances, and a balance paid after settlement);
- **settled**: the settled amounts;
- **reclaimed**: the reclaims (terugvorderingen) not cancelled, open or received;
- **remaining**: budget − committed;
- **elapsed**: the share of the line's period that has passed (0–100 %, by days, today included);
- per region and per hub: **applied** (the budget of every application that was submitted),
  **awarded** (the grants' awarded amounts) and **paid** (as "advanced").

A hub counts in the region it follows (``Hub.follows_region``, the care-office region of the national
overview); a hub that draws its own area counts under "Own area".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from participatiehub.hubs.models import Hub

from .constants import ZERO, AdvanceStatus, ReclaimStatus
from .models import AdvancePayment, BudgetLine, Grant, ProgrammeLine, Reclaim

PERCENT = Decimal("0.1")


@dataclass
class LineFigures:
    line: ProgrammeLine | None  # None for the total
    budget: Decimal = ZERO
    committed: Decimal = ZERO
    advanced: Decimal = ZERO
    settled: Decimal = ZERO
    reclaimed: Decimal = ZERO
    elapsed: Decimal | None = None  # percent of the line's period passed; None for the total

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.committed

    @property
    def label(self) -> str:
        return str(self.line) if self.line is not None else ""


@dataclass
class AreaFigures:
    key: str
    name: str
    applied: Decimal = ZERO
    awarded: Decimal = ZERO
    paid: Decimal = ZERO
    hubs: int = 0


@dataclass
class BudgetDashboard:
    lines: list[LineFigures]
    total: LineFigures
    regions: list[AreaFigures]
    hubs: list[AreaFigures]
    today: dt.date
    totals_by_area: AreaFigures = field(default_factory=lambda: AreaFigures("", ""))


def elapsed_percent(starts_on: dt.date, ends_on: dt.date, today: dt.date) -> Decimal:
    """The share of the period ``starts_on``–``ends_on`` (both included) that has passed by the end of
    ``today``, in percent with one decimal, between 0 and 100."""
    days = (ends_on - starts_on).days + 1
    passed = min(max((today - starts_on).days + 1, 0), days)
    return (Decimal(100) * passed / days).quantize(PERCENT)


def _money(value) -> Decimal:
    return value if value is not None else ZERO


def budget_dashboard(today: dt.date | None = None) -> BudgetDashboard:
    today = today or timezone.localdate()
    lines = list(ProgrammeLine.objects.order_by("code"))
    per_line = {line.pk: LineFigures(line=line, budget=line.budget) for line in lines}
    hubs = list(
        Hub.objects.select_related("follows_region").only("id", "name", "follows_region__code", "follows_region__name")
    )
    per_hub = {hub.pk: AreaFigures(key=str(hub.pk), name=hub.name) for hub in hubs}

    grants = (
        Grant.objects.order_by()
        .values("line_id", "hub_id")
        .annotate(
            awarded=Sum("awarded_amount"),
            unsettled=Sum("awarded_amount", filter=Q(settlement__isnull=True)),
            settled=Sum("settlement__amount"),
        )
    )
    for row in grants:
        figures = per_line[row["line_id"]]
        figures.committed += _money(row["unsettled"]) + _money(row["settled"])
        figures.settled += _money(row["settled"])
        per_hub[row["hub_id"]].awarded += _money(row["awarded"])
    paid = (
        AdvancePayment.objects.filter(status=AdvanceStatus.PAID)
        .order_by()
        .values("grant__line_id", "grant__hub_id")
        .annotate(total=Sum("amount"))
    )
    for row in paid:
        per_line[row["grant__line_id"]].advanced += _money(row["total"])
        per_hub[row["grant__hub_id"]].paid += _money(row["total"])
    reclaimed = (
        Reclaim.objects.exclude(status=ReclaimStatus.CANCELLED)
        .order_by()
        .values("grant__line_id")
        .annotate(total=Sum("amount"))
    )
    for row in reclaimed:
        per_line[row["grant__line_id"]].reclaimed += _money(row["total"])
    applied = (
        BudgetLine.objects.filter(application__submitted_at__isnull=False)
        .order_by()
        .values("application__hub_id")
        .annotate(total=Sum("amount"))
    )
    for row in applied:
        per_hub[row["application__hub_id"]].applied += _money(row["total"])

    for figures in per_line.values():
        figures.elapsed = elapsed_percent(figures.line.starts_on, figures.line.ends_on, today)
    total = LineFigures(line=None)
    for figures in per_line.values():
        for name in ("budget", "committed", "advanced", "settled", "reclaimed"):
            setattr(total, name, getattr(total, name) + getattr(figures, name))

    regions: dict[str, AreaFigures] = {}
    for hub in hubs:
        region = hub.follows_region
        key = region.code if region else ""
        area = regions.get(key)
        if area is None:
            area = regions[key] = AreaFigures(key=key, name=region.name if region else "")
        figures = per_hub[hub.pk]
        area.applied += figures.applied
        area.awarded += figures.awarded
        area.paid += figures.paid
        area.hubs += 1
    by_area = AreaFigures(key="", name="")
    for figures in per_hub.values():
        by_area.applied += figures.applied
        by_area.awarded += figures.awarded
        by_area.paid += figures.paid
        by_area.hubs += 1
    return BudgetDashboard(
        lines=[per_line[line.pk] for line in lines],
        total=total,
        regions=sorted(regions.values(), key=lambda a: (a.key == "", a.name)),
        hubs=sorted(per_hub.values(), key=lambda a: a.name),
        today=today,
        totals_by_area=by_area,
    )
