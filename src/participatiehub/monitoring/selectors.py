"""Reads for the monitoring pages: the catalogue, the quarters with snapshots and the figures of every hub.

Only the current version of each snapshot counts (``is_current=True``); the hub's dashboard also shows
the earlier versions with their reasons (:func:`hub_snapshot_versions`). Every read is a fixed number of
queries, whatever the number of hubs, quarters or indicators: the figures of a window of quarters come
in one query (:func:`figures`), and medians, minima and maxima are computed here, in Python, so they are
the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

from django.db.models import Q

from participatiehub.hubs.constants import STATUS_ORDER
from participatiehub.hubs.models import DesignChoices, Hub

from .models import Direction, Indicator, QuarterFigures, Snapshot, SnapshotValue
from .periods import Quarter
from .summary import number

#: How many quarters the trends show (ending with the chosen quarter).
TREND_QUARTERS = 8
#: "Fell since the last quarter": the figure moved the wrong way by more than this share of last
#: quarter's figure (in percent). Indicators whose direction is "neither" are left out.
FALL_THRESHOLD_PERCENT = Decimal(10)
#: The comparison table on the page shows this many indicators (the first in the catalogue's order),
#: plus the one the map shows and the one sorted on; the downloads hold every active indicator.
MAIN_COLUMNS = 8


# --- the catalogue and the quarters ------------------------------------------------------------


def catalogue(*, active_only: bool = False) -> list[Indicator]:
    """The indicators in the catalogue's order; one query."""
    rows = Indicator.objects.all()
    if active_only:
        rows = rows.filter(is_active=True)
    return list(rows.order_by("order", "code"))


def snapshot_quarters(*, hub_id: int | None = None) -> list[Quarter]:
    """The quarters that have at least one current snapshot (of ``hub_id``), oldest first; one query."""
    rows = Snapshot.objects.filter(is_current=True)
    if hub_id is not None:
        rows = rows.filter(hub_id=hub_id)
    quarters = []
    for period in rows.order_by("period").values_list("period", flat=True).distinct():
        try:
            quarters.append(Quarter.parse(period))
        except ValueError:  # never written by the services; skipped rather than a broken page
            continue
    return quarters


def choose_quarter(text: str | None, available: list[Quarter]) -> Quarter | None:
    """The quarter asked for if it has snapshots, otherwise the latest that has; None without any."""
    if text:
        try:
            asked = Quarter.parse(text)
        except ValueError:
            asked = None
        if asked in available:
            return asked
    return available[-1] if available else None


# --- figures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    """A figure across hubs: the median, lowest and highest value and how many hubs have one."""

    median: Decimal | None
    low: Decimal | None
    high: Decimal | None
    count: int


NO_STATS = Stats(None, None, None, 0)


def stats_of(values) -> Stats:
    present = sorted(v for v in values if v is not None)
    if not present:
        return NO_STATS
    return Stats(median(present), present[0], present[-1], len(present))


@dataclass
class Figures:
    """The current figures of a window of quarters: ``values[period][hub_id][indicator_id]``."""

    quarters: list[Quarter]
    values: dict[str, dict[int, dict[int, Decimal | None]]]
    #: period → hub id → the hub's status at the end of that quarter (from its snapshot).
    statuses: dict[str, dict[int, str]] = field(default_factory=dict)
    _stats: dict[tuple[str, int], Stats] = field(default_factory=dict, repr=False)

    def of(self, quarter: Quarter | str, hub_id: int) -> dict[int, Decimal | None]:
        return self.values.get(str(quarter), {}).get(hub_id, {})

    def value(self, quarter: Quarter | str, hub_id: int, indicator_id: int) -> Decimal | None:
        return self.of(quarter, hub_id).get(indicator_id)

    def hub_ids(self, quarter: Quarter | str) -> list[int]:
        return list(self.values.get(str(quarter), {}))

    def stats(self, quarter: Quarter | str, indicator_id: int) -> Stats:
        """Median, lowest and highest value of the indicator over every hub with a snapshot that quarter."""
        key = (str(quarter), indicator_id)
        found = self._stats.get(key)
        if found is None:
            hubs = self.values.get(key[0], {})
            found = self._stats[key] = stats_of(row.get(indicator_id) for row in hubs.values())
        return found


def figures(
    quarters: list[Quarter],
    *,
    hub_ids: list[int] | None = None,
    every_indicator_in: list[Quarter] | None = None,
) -> Figures:
    """The current snapshots' values of ``quarters``: of every hub in one query (the quarters' rows of
    :class:`QuarterFigures`, which the snapshot services keep, with the medians, lowest and highest
    figures already worked out), or of ``hub_ids`` in two (their snapshots and values).

    With ``every_indicator_in`` (every hub): the figures only of those quarters; the others give their
    hubs' statuses and the medians, lowest and highest figures (the trend), not the figures themselves."""
    if hub_ids is not None:
        return _figures_of(quarters, hub_ids)
    periods = [str(q) for q in quarters]
    values: dict[str, dict[int, dict[int, Decimal | None]]] = {p: {} for p in periods}
    statuses: dict[str, dict[int, str]] = {p: {} for p in periods}
    known: dict[tuple[str, int], Stats] = {}
    every = None if every_indicator_in is None else {str(q) for q in every_indicator_in}
    # The quarters that show every indicator with their figures, the others (the trend) with only their
    # medians, lowest and highest figures: no need to read the figures themselves there.
    wide = periods if every is None else [p for p in periods if p in every]
    narrow = [] if every is None else [p for p in periods if p not in every]
    rows = list(
        QuarterFigures.objects.filter(period__in=wide).values_list("period", "statuses", "stats", "values").order_by()
    )
    if narrow:
        rows += QuarterFigures.objects.filter(period__in=narrow).values_list("period", "statuses", "stats").order_by()
    for period, row_statuses, row_stats, *row_values in rows:
        statuses[period] = {int(hub_id): status for hub_id, status in row_statuses.items()}
        if row_values:
            values[period] = {
                int(hub_id): {int(i): number(v) for i, v in figs.items()} for hub_id, figs in row_values[0].items()
            }
        for i, (mid, low, high, count) in row_stats.items():
            known[(period, int(i))] = Stats(number(mid), number(low), number(high), count) if count else NO_STATS
    return Figures(quarters=list(quarters), values=values, statuses=statuses, _stats=known)


def _figures_of(quarters: list[Quarter], hub_ids: list[int]) -> Figures:
    """The current figures of some hubs, from their snapshots; two queries (one without a snapshot)."""
    periods = [str(q) for q in quarters]
    snapshots = Snapshot.objects.filter(is_current=True, period__in=periods, hub_id__in=hub_ids)
    values: dict[str, dict[int, dict[int, Decimal | None]]] = {p: {} for p in periods}
    statuses: dict[str, dict[int, str]] = {p: {} for p in periods}
    rows_of: dict[int, dict[int, Decimal | None]] = {}
    for pk, period, hub_id, status in snapshots.values_list("pk", "period", "hub_id", "hub_status").order_by():
        statuses[period][hub_id] = status
        rows_of[pk] = values[period][hub_id] = {}
    if rows_of:
        # The values by snapshot id (no join): the cheapest read.
        for snapshot_id, indicator_id_, value in (
            SnapshotValue.objects.filter(snapshot_id__in=list(rows_of))
            .values_list("snapshot_id", "indicator_id", "value")
            .order_by()
        ):
            rows_of[snapshot_id][indicator_id_] = value
    return Figures(quarters=list(quarters), values=values, statuses=statuses)


def fell(indicator: Indicator, before: Decimal | None, now: Decimal | None) -> Decimal | None:
    """How much the figure moved the wrong way, as a percentage of ``before``, when that is more than
    :data:`FALL_THRESHOLD_PERCENT`; otherwise None. "Neither" indicators never fall; a figure that was
    0 (or is missing in either quarter) has no percentage and is left out."""
    if indicator.direction == Direction.NEUTRAL or before is None or now is None or before == 0:
        return None
    change = (now - before) / abs(before) * 100
    worse = -change if indicator.direction == Direction.HIGHER else change
    return worse.quantize(Decimal("0.1")) if worse > FALL_THRESHOLD_PERCENT else None


# --- hubs --------------------------------------------------------------------------------------


def hubs_with_regions() -> list[Hub]:
    """Every hub with the region it follows (name only), by name; one query."""
    return list(
        Hub.objects.select_related("follows_region")
        .only("id", "name", "slug", "status", "follows_region__id", "follows_region__name")
        .order_by("name")
    )


def hub_snapshot_versions(hub: Hub) -> list[Snapshot]:
    """Every version of every snapshot of the hub (newest quarter first, newest version first), each with
    ``value_list`` (its values) and ``taken_by``; two queries."""
    from django.db.models import Prefetch

    return list(
        Snapshot.objects.filter(hub=hub)
        .select_related("taken_by")
        .prefetch_related(
            Prefetch(
                "values",
                queryset=SnapshotValue.objects.only("id", "snapshot_id", "indicator_id", "value", "basis"),
                to_attr="value_list",
            )
        )
        .order_by("-period", "-version")
    )


def design_versions(hub: Hub) -> list[DesignChoices]:
    """The hub's dated design choices, oldest first; one query."""
    return list(DesignChoices.objects.filter(hub=hub).order_by("valid_from", "id"))


def design_on(versions: list[DesignChoices], day: dt.date) -> DesignChoices | None:
    """The version valid on ``day`` (the latest that started on or before it)."""
    valid = [d for d in versions if d.valid_from <= day]
    return valid[-1] if valid else None


# --- public figures ----------------------------------------------------------------------------


def public_indicators() -> list[Indicator]:
    return [i for i in catalogue(active_only=True) if i.is_public]


def self_reported_in_use(*, source: str, source_key: str, exclude_id: int | None = None) -> bool:
    """Whether another indicator already reads this scan dimension or questionnaire item."""
    rows = Indicator.objects.filter(Q(source=source) & Q(source_key=source_key))
    if exclude_id is not None:
        rows = rows.exclude(pk=exclude_id)
    return rows.exists()


# --- the national dashboard --------------------------------------------------------------------

SORT_NAME = "naam"
SORT_STATUS = "status"  # along the way to an operational hub (hubs.constants.STATUS_ORDER)
ASCENDING, DESCENDING = "op", "af"


@dataclass(frozen=True)
class Filters:
    """What the comparison table is filtered and sorted on (the page's query string)."""

    status: str = ""
    region: int | None = None
    q: str = ""
    sort: str = SORT_NAME  # "naam" or an indicator's code
    direction: str = ASCENDING


@dataclass
class ComparisonRow:
    hub: Hub
    status: str  # at the end of the quarter (from the snapshot), else now
    has_snapshot: bool
    values: dict[int, Decimal | None]  # indicator id → value


@dataclass(frozen=True)
class Fallen:
    hub: Hub
    indicator: Indicator
    before: Decimal
    now: Decimal
    change: Decimal  # percent of ``before``, the wrong way


@dataclass
class NationalDashboard:
    quarter: Quarter
    available: list[Quarter]  # every quarter with snapshots, oldest first
    window: list[Quarter]  # the trend's quarters, oldest first, ending with ``quarter``
    indicators: list[Indicator]  # every active indicator
    indicator: Indicator  # the one the map and the trend chart show
    columns: list[Indicator]  # the comparison table's columns on the page
    filters: Filters
    hubs: list[Hub]  # every hub (for the region filter and the map)
    rows: list[ComparisonRow]  # filtered and sorted
    fallen: list[Fallen]
    figures: Figures
    regions: list[tuple[int, str]] = field(default_factory=list)

    @property
    def previous(self) -> Quarter:
        return self.quarter.previous()

    def stats(self, indicator: Indicator, quarter: Quarter | None = None) -> Stats:
        return self.figures.stats(quarter or self.quarter, indicator.pk)

    def trend(self, indicator: Indicator) -> list[tuple[Quarter, Stats]]:
        return [(q, self.figures.stats(q, indicator.pk)) for q in self.window]


def _sort_rows(rows: list[ComparisonRow], filters: Filters, by_code: dict[str, Indicator]) -> list[ComparisonRow]:
    reverse = filters.direction == DESCENDING
    rows = sorted(rows, key=lambda r: r.hub.name.lower(), reverse=reverse and filters.sort == SORT_NAME)
    if filters.sort == SORT_STATUS:
        rank = {status: n for n, status in enumerate(STATUS_ORDER)}
        return sorted(rows, key=lambda r: rank.get(r.status, len(rank)), reverse=reverse)
    indicator = by_code.get(filters.sort)
    if indicator is None:
        return rows
    present = [r for r in rows if r.values.get(indicator.pk) is not None]
    missing = [r for r in rows if r.values.get(indicator.pk) is None]
    present.sort(key=lambda r: r.values[indicator.pk], reverse=reverse)  # stable: ties stay by name
    return present + missing  # hubs without a figure last, whichever the direction


def _matches(row: ComparisonRow, filters: Filters) -> bool:
    if filters.status and row.status != filters.status:
        return False
    if filters.region is not None and row.hub.follows_region_id != filters.region:
        return False
    return not filters.q or filters.q.lower() in row.hub.name.lower()


#: What the national dashboard reads, kept in this process per ``versions`` (see :func:`national_dashboard`).
_READS: dict[tuple, object] = {}
_READS_VERSIONS: list[tuple] = [()]


def _kept(versions: tuple | None, key: tuple, read):
    """``read()``, kept in memory while ``versions`` stay the same; read every time without versions."""
    if not versions:
        return read()
    if _READS_VERSIONS[0] != versions or len(_READS) > 256:
        _READS.clear()
        _READS_VERSIONS[0] = versions
    found = _READS.get(key)
    if found is None:  # another thread may clear the dict meanwhile: keep our own reference
        found = _READS[key] = read()
    return found


def _fallen(hubs: list[Hub], indicators: list[Indicator], data: Figures, chosen: Quarter) -> list[Fallen]:
    """Every hub's figures that got worse since the quarter before ``chosen``, by indicator (in the
    catalogue's order), then by how much, then by hub."""
    current = data.values.get(str(chosen), {})
    previous = data.values.get(str(chosen.previous()), {})
    fallen = []
    for hub in hubs:
        before_row, now_row = previous.get(hub.pk), current.get(hub.pk)
        if not before_row or now_row is None:
            continue
        for ind in indicators:
            change = fell(ind, before_row.get(ind.pk), now_row.get(ind.pk))
            if change is not None:
                fallen.append(Fallen(hub, ind, before_row[ind.pk], now_row[ind.pk], change))
    order = {ind.pk: n for n, ind in enumerate(indicators)}
    fallen.sort(key=lambda f: (order[f.indicator.pk], -f.change, f.hub.name))
    return fallen


def national_dashboard(
    *,
    quarter: str | None,
    indicator: str | None,
    filters: Filters,
    every_trend: bool = False,
    versions: tuple | None = None,
) -> NationalDashboard | None:
    """Everything the national dashboard and its downloads show; None while no snapshot exists.

    Five queries whatever the number of hubs, quarters and indicators: the quarters, the catalogue,
    the hubs, and the figures (snapshots and values). The page needs every indicator in the chosen
    quarter and the one before, and the trend of the chosen indicator; ``every_trend`` also reads
    every indicator's trend (the download).

    With ``versions`` (the snapshots' data version, which every snapshot and catalogue service bumps,
    and the hubs' ``overview_signature()``), what it reads is kept in this process until they change:
    another filter, sorting, indicator or quarter of the same data then costs no query. The objects
    kept are shared between requests and not to be changed."""
    available = _kept(versions, ("quarters",), snapshot_quarters)
    chosen = choose_quarter(quarter, available)
    indicators = list(_kept(versions, ("catalogue",), lambda: catalogue(active_only=True)))
    if chosen is None or not indicators:
        return None
    by_code = {i.code: i for i in indicators}
    shown = by_code.get(indicator or "") or indicators[0]
    window = chosen.back(TREND_QUARTERS)
    if every_trend:
        data = _kept(versions, ("figures", str(chosen), "all"), lambda: figures(window))
    else:
        data = _kept(
            versions, ("figures", str(chosen)), lambda: figures(window, every_indicator_in=[chosen.previous(), chosen])
        )
    hubs = _kept(versions, ("hubs",), hubs_with_regions)
    statuses = data.statuses.get(str(chosen), {})
    current = data.values.get(str(chosen), {})
    rows = [
        ComparisonRow(
            hub=hub,
            status=statuses.get(hub.pk) or hub.status,
            has_snapshot=hub.pk in current,
            values=current.get(hub.pk, {}),
        )
        for hub in hubs
    ]
    rows = _sort_rows([r for r in rows if _matches(r, filters)], filters, by_code)
    columns = indicators[:MAIN_COLUMNS]
    for extra in (shown, by_code.get(filters.sort)):
        if extra is not None and extra not in columns:
            columns.append(extra)
    shown_hubs = {row.hub.pk for row in rows}
    every_fallen = _kept(
        versions, ("fallen", str(chosen), every_trend), lambda: _fallen(hubs, indicators, data, chosen)
    )
    fallen = [f for f in every_fallen if f.hub.pk in shown_hubs]
    regions = sorted(
        {(h.follows_region_id, h.follows_region.name) for h in hubs if h.follows_region_id}, key=lambda r: r[1]
    )
    return NationalDashboard(
        quarter=chosen,
        available=available,
        window=window,
        indicators=indicators,
        indicator=shown,
        columns=columns,
        filters=filters,
        hubs=hubs,
        rows=rows,
        fallen=fallen,
        figures=data,
        regions=regions,
    )


#: coverage_codes() per (the hubs' signature, day), in this process: every change of a hub's area
#: changes the signature (``hubs.selectors.overview_signature``).
_COVERAGE: dict[tuple[str, dt.date], dict[str, list[int]]] = {}


def coverage_codes(day: dt.date, *, signature: str | None = None) -> dict[str, list[int]]:
    """Municipality code → the ids of the hubs that cover it on ``day``; one query, none when this process
    read them before for the same ``signature`` (pass ``overview_signature()``; without it, always read)."""
    from participatiehub.hubs.selectors import coverage_on

    key = (signature, day)
    if signature is not None and key in _COVERAGE:
        return _COVERAGE[key]
    result: dict[str, list[int]] = {}
    for code, hub_id in coverage_on(day).values_list("municipality__code", "hub_id").order_by("hub_id"):
        result.setdefault(code, []).append(hub_id)
    if signature is not None:
        if len(_COVERAGE) > 64 or any(k[0] != signature for k in _COVERAGE):
            _COVERAGE.clear()
        _COVERAGE[key] = result
    return result


def public_figures() -> dict | None:
    """The latest quarter's public indicators with every hub's current figures (``quarter``,
    ``indicators``, ``figures``); None without snapshots. Four queries."""
    quarters = snapshot_quarters()
    indicators = public_indicators()
    if not quarters or not indicators:
        return None
    return {"quarter": quarters[-1], "indicators": indicators, "figures": figures([quarters[-1]])}
