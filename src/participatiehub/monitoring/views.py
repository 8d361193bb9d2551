"""Monitoring pages: the national dashboard and its downloads, one hub's dashboard, the public figures
and the indicator catalogue. Views stay thin: selectors read, :mod:`.services_catalogue` writes, and the
helpers below turn figures into the strings and charts a page shows (in Python, once per page, not per
cell in the template).

Access (tests/monitoring/test_views_access.py): anonymous visitors go to log in (the public figures
excepted); the national dashboard and its downloads are for the office and the evaluator; a hub's
dashboard also for that hub's coordinators (another hub's: 403; an unknown hub: 404); the catalogue for
the office only.

The dashboards are cached (ADR 0004) behind the snapshots' data version, the hubs' signature, the
geography version, the language and the whole query string; they stay cheap without the cache too.
"""

from __future__ import annotations

import hashlib
import html

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from participatiehub.core.exceptions import ServiceError
from participatiehub.core.services import data_version, lazy_context
from participatiehub.geo import selectors as geo_selectors
from participatiehub.geo.services import geo_version
from participatiehub.geo.svgmap import MapGroup
from participatiehub.hubs.constants import HubStatus
from participatiehub.hubs.selectors import hub_for_user_or_403, overview_signature

from . import charts, exports, selectors, services, services_catalogue
from .constants import SNAPSHOTS_VERSION
from .forms import CorrectionForm, IndicatorForm
from .models import Direction, Indicator, Unit
from .periods import Quarter
from .templatetags.monitoring import NO_FIGURE, Numbers, quarter_label

#: The geography of the map (as the national overview).
MAP_YEAR = 2025
#: Query parameters of the national dashboard.
P_QUARTER, P_INDICATOR, P_STATUS, P_REGION, P_SEARCH, P_SORT, P_DIRECTION = (
    "kwartaal",
    "indicator",
    "status",
    "regio",
    "q",
    "sorteer",
    "richting",
)


# Table rows are written here, once per page, rather than by template loops over every cell: a national
# dashboard has about a thousand cells, and a template variable costs far more than a string join.
TR = '<tr class="utrecht-table__row">'
TH = '<th class="utrecht-table__header-cell" scope="row">'
TD = '<td class="utrecht-table__cell">'
TDN = '<td class="utrecht-table__cell utrecht-table__cell--numeric">'


def escape(text) -> str:
    """HTML-escaped text, the same as Django's ``escape`` without its check for lazy texts around every call
    (the dashboards call it hundreds of times per page); the result goes into HTML built here."""
    return html.escape(str(text))


def _link(url: str, text: str) -> str:
    return f'<a class="utrecht-link" href="{escape(url)}">{escape(text)}</a>'


def _body(rows: list[str], empty: str, columns: int) -> SafeString:
    """A table body from rows of HTML built with the helpers above (every text escaped)."""
    if not rows:
        rows = [f'{TR}<td class="utrecht-table__cell" colspan="{columns}">{escape(empty)}</td></tr>']
    return mark_safe("".join(rows))  # noqa: S308 - every text and attribute value is escaped where it is built


def _numbers(cells) -> str:
    """Figures formatted by Numbers: digits, separators, "%", "€ " and "–" only, nothing to escape."""
    return "".join(f"{TDN}{cell}</td>" for cell in cells)


def _hub_url():
    """``url(slug)`` of a hub's monitoring dashboard without a reverse() per row."""
    pattern = reverse("monitoring:hub", args=["hub-slug"])
    return lambda slug: pattern.replace("hub-slug", slug)


def _options(items) -> SafeString:
    """``<option>`` elements of (value, label, chosen) for a select: written here, not by a template loop."""
    return mark_safe(  # noqa: S308 - values and labels are escaped
        "".join(
            f'<option value="{escape(value)}"{" selected" if chosen else ""}>{escape(label)}</option>'
            for value, label, chosen in items
        )
    )


def _swatch(colour: str) -> str:
    return (
        '<svg class="ph-swatch" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">'
        f'<rect width="16" height="16" fill="{escape(colour)}"/></svg>'
    )


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _data_versions() -> tuple:
    """The snapshots' version (every snapshot and catalogue service bumps it), the hubs' names, statuses and
    areas, and the geography: what the monitoring pages show follows these."""
    return (data_version(SNAPSHOTS_VERSION), overview_signature(), geo_version())


def _cache_key(request, *parts, versions: tuple | None = None) -> str:
    """The versions (:func:`_data_versions`) and every query parameter (hashed)."""
    query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:24]
    return ":".join(map(str, (*(versions or _data_versions()), *parts, query)))


# --- the national dashboard --------------------------------------------------------------------


def _filters(request) -> selectors.Filters:
    get = request.GET
    status = get.get(P_STATUS, "")
    region = get.get(P_REGION, "")
    sort = get.get(P_SORT, "")[:60] or selectors.SORT_NAME
    direction = get.get(P_DIRECTION, "")
    return selectors.Filters(
        status=status if status in HubStatus.values else "",
        region=int(region) if region.isdecimal() and len(region) < 10 else None,
        q=get.get(P_SEARCH, "").strip()[:100],
        sort=sort,
        direction=selectors.DESCENDING if direction == selectors.DESCENDING else selectors.ASCENDING,
    )


def _dashboard(
    request, *, every_trend: bool = False, versions: tuple | None = None
) -> selectors.NationalDashboard | None:
    return selectors.national_dashboard(
        quarter=request.GET.get(P_QUARTER),
        indicator=request.GET.get(P_INDICATOR),
        filters=_filters(request),
        every_trend=every_trend,
        versions=versions,
    )


def _query(request, **changes) -> str:
    """The page's query string with ``changes`` (None removes a parameter)."""
    params = {k: v for k, v in request.GET.items() if k in _PARAMS}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(params) if params else "?"


_PARAMS = {P_QUARTER, P_INDICATOR, P_STATUS, P_REGION, P_SEARCH, P_SORT, P_DIRECTION}
#: What the quarter and indicator form keeps of the filters and the sorting.
_KEPT = {P_STATUS, P_REGION, P_SEARCH, P_SORT, P_DIRECTION}


def _map(dashboard: selectors.NationalDashboard, numbers: Numbers, signature: str) -> dict:
    indicator = dashboard.indicator
    unit = indicator.unit
    current = dashboard.figures.values.get(str(dashboard.quarter), {})
    by_hub = {hub.pk: hub for hub in dashboard.hubs}
    values = {hub_id: row.get(indicator.pk) for hub_id, row in current.items()}
    classes = charts.quantile_classes(list(values.values()))
    no_figure = _("no figure")
    # Each hub's colour and tooltip once; a municipality in two hubs takes the first one's colour.
    hub_fill = {pk: charts.colour_of(values.get(pk), classes) for pk in by_hub}
    hub_label = {
        pk: f"{hub.name}: {numbers.figure(values[pk], unit) if values.get(pk) is not None else no_figure}"
        for pk, hub in by_hub.items()
    }
    # One group per set of hubs covering a municipality (mostly one hub): its colour and its tooltip.
    areas: dict[tuple[int, ...], list[str]] = {}
    for code, hub_ids in selectors.coverage_codes(dashboard.quarter.last_day, signature=signature).items():
        areas.setdefault(tuple(hub_ids), []).append(code)
    groups = [
        MapGroup(
            fill=hub_fill.get(hub_ids[0], charts.NO_FIGURE_FILL),
            label="; ".join(hub_label[h] for h in hub_ids if h in hub_label),
            codes=tuple(sorted(codes)),
        )
        for hub_ids, codes in sorted(areas.items())
    ]
    legend = mark_safe(  # noqa: S308 - escaped here and in _swatch
        "".join(
            f"<li>{_swatch(c.colour)}"
            + escape(
                numbers.figure(c.low, unit)
                if c.low == c.high
                else f"{numbers.figure(c.low, unit)} – {numbers.figure(c.high, unit)}"
            )
            + " ("
            + escape(ngettext("%(n)s hub", "%(n)s hubs", c.count) % {"n": c.count})
            + ")</li>"
            for c in classes
        )
    )
    table = _body(
        [
            f"{TR}{TH}{escape(hub.name)}</th>{TDN}{numbers.figure(values.get(hub.pk), unit)}</td>"
            f"{TD}{_swatch(charts.colour_of(values.get(hub.pk), classes))}</td></tr>"
            for hub in dashboard.hubs
            if hub.pk in current
        ],
        _("No hub has figures for this quarter."),
        3,
    )
    svg = geo_selectors.render_grouped_map(
        groups,
        year=MAP_YEAR,
        title=_(
            "Map of the Netherlands: municipalities coloured by their hub's figure for “%(indicator)s” in %(quarter)s"
        )
        % {"indicator": indicator.name, "quarter": quarter_label(dashboard.quarter)},
        description=_(
            "Each municipality has the colour of its hub's figure; grey: no hub or no figure. "
            "The legend and the table below the map give the same figures."
        ),
        dom_id="ph-monitoring-map",
        default_fill=charts.NO_FIGURE_FILL,
    )
    return {
        "svg": svg,
        "legend": legend,
        "table": table,
        "no_figure_swatch": mark_safe(_swatch(charts.NO_FIGURE_FILL)),  # noqa: S308 - escaped in _swatch
    }


def _downloads(query: str) -> SafeString:
    """The list items of the dashboard's downloads: every table as CSV and XLSX, filtered as on the page."""
    names = {
        "vergelijking": _("Comparison"),
        "trend": _("Trend of every indicator"),
        "gedaald": _("Worse since the quarter before"),
    }
    return mark_safe(  # noqa: S308 - links and names are escaped in _link
        "".join(
            f"<li>{_link(reverse('monitoring:export', args=[table, fmt]) + query, f'{names[table]} ({fmt.upper()})')}".replace(
                "<a ", "<a download ", 1
            )
            + "</li>"
            for table in exports.TABLES
            for fmt in ("csv", "xlsx")
        )
    )


def _header(h: dict) -> str:
    """A sortable column heading of the comparison (a link that sorts by it; aria-sort on the sorted one)."""
    numeric = " utrecht-table__header-cell--numeric" if h["numeric"] else ""
    sort = f' aria-sort="{h["aria_sort"]}"' if h["aria_sort"] else ""
    return (
        f'<th class="utrecht-table__header-cell{numeric}" scope="col" data-column="{escape(h["key"])}"{sort}>'
        f"{_link(h['url'], h['label'])}</th>"
    )


def _comparison(request, dashboard: selectors.NationalDashboard, numbers: Numbers) -> dict:
    statuses = dict(HubStatus.choices)
    filters = dashboard.filters
    headers = []
    fixed = [(selectors.SORT_NAME, _("Hub")), (selectors.SORT_STATUS, _("Status"))]
    for key, label in [*fixed, *((i.code, i.name) for i in dashboard.columns)]:
        active = filters.sort == key
        descending = active and filters.direction == selectors.DESCENDING
        next_direction = selectors.ASCENDING if descending else selectors.DESCENDING if active else selectors.ASCENDING
        headers.append(
            {
                "key": key,
                "label": label,
                "aria_sort": ("descending" if descending else "ascending") if active else "",
                "url": _query(request, **{P_SORT: key, P_DIRECTION: next_direction}),
                "numeric": key not in (selectors.SORT_NAME, selectors.SORT_STATUS),
            }
        )
    columns = [(i.pk, i.unit) for i in dashboard.columns]
    url = _hub_url()
    rows = [
        f"{TR}{TH}{_link(url(row.hub.slug), row.hub.name)}</th>{TD}{escape(statuses.get(row.status, row.status))}</td>"
        + _numbers(numbers.figure(row.values.get(pk), unit) for pk, unit in columns)
        + "</tr>"
        for row in dashboard.rows
    ]
    medians = [numbers.figure(dashboard.stats(i).median, i.unit) for i in dashboard.columns]
    return {
        "head": mark_safe("".join(_header(h) for h in headers)),  # noqa: S308 - escaped in _header
        "count": len(rows),
        "body": _body(rows, _("No hub matches the filter."), len(headers)),
        "medians": mark_safe(_numbers(medians)),  # noqa: S308 - figures only
    }


def _trend(dashboard: selectors.NationalDashboard, numbers: Numbers) -> dict:
    indicator = dashboard.indicator
    unit = indicator.unit
    points = dashboard.trend(indicator)
    labels = [quarter_label(q) for q, _s in points]
    svg = charts.trend_svg(
        chart_id="ph-trend",
        title=_("Trend of “%(indicator)s”: national median with the lowest and highest hub")
        % {"indicator": indicator.name},
        description=_("%(first)s to %(last)s. The table below gives the same figures.")
        % {"first": labels[0], "last": labels[-1]},
        labels=labels,
        median=[s.median for _q, s in points],
        low=[s.low for _q, s in points],
        high=[s.high for _q, s in points],
        fmt=lambda v: numbers.figure(v, unit),
        legend=(_("median"), _("lowest to highest hub")),
    )
    table = _body(
        [
            f"{TR}{TH}{escape(label)}</th>"
            + _numbers((numbers.figure(s.median, unit), numbers.figure(s.low, unit), numbers.figure(s.high, unit)))
            + f"{TDN}{s.count}</td></tr>"
            for label, (_q, s) in zip(labels, points, strict=True)
        ],
        "",
        5,
    )
    return {"svg": svg, "table": table}


def _fallen(dashboard: selectors.NationalDashboard, numbers: Numbers) -> dict:
    url = _hub_url()
    directions = dict(Direction.choices)
    rows = [
        f"{TR}{TH}{_link(url(f.hub.slug), f.hub.name)}</th>{TD}{escape(f.indicator.name)}</td>"
        f"{TD}{escape(directions[f.indicator.direction])}</td>"
        + _numbers(
            (
                numbers.figure(f.before, f.indicator.unit),
                numbers.figure(f.now, f.indicator.unit),
                numbers.change(f.change),
            )
        )
        + "</tr>"
        for f in dashboard.fallen
    ]
    return {"count": len(rows), "body": _body(rows, _("No figure got worse by more than that."), 6)}


@login_required
@require_GET
def national(request):
    """The national dashboard; built only when the cached fragment is missing."""
    _require(request, "monitoring.view_national")

    versions = _data_versions()

    def build() -> dict:
        dashboard = _dashboard(request, versions=versions)
        if dashboard is None:
            return {"dashboard": None, "map": None, "comparison": None, "trend": None, "fallen": None, "pick": None}
        numbers = Numbers()
        query = _query(request)
        filters = dashboard.filters
        shown = dashboard.indicator
        return {
            "dashboard": dashboard,
            "map": _map(dashboard, numbers, versions[1]),
            "comparison": _comparison(request, dashboard, numbers),
            "trend": _trend(dashboard, numbers),
            "fallen": _fallen(dashboard, numbers),
            # Lists for the forms with the chosen option marked here: the template only writes them out.
            "pick": {
                "quarters": _options(
                    (str(q), quarter_label(q), q == dashboard.quarter) for q in reversed(dashboard.available)
                ),
                "quarter": str(dashboard.quarter),
                "quarter_label": quarter_label(dashboard.quarter),
                "previous_label": quarter_label(dashboard.previous),
                "indicator": {"code": shown.code, "name": shown.name, "definition": shown.definition},
                "direction": shown.get_direction_display(),
                "indicators": _options((i.code, i.name, i.pk == shown.pk) for i in dashboard.indicators),
                "statuses": _options((value, label, value == filters.status) for value, label in HubStatus.choices),
                "regions": _options((pk, name, pk == filters.region) for pk, name in dashboard.regions),
                "filters": filters,
                "downloads": _downloads(query),
                "threshold": selectors.FALL_THRESHOLD_PERCENT,
                "kept": [(k, v) for k, v in request.GET.items() if k in _KEPT],
                "hub_count": len(dashboard.figures.hub_ids(dashboard.quarter)),
            },
        }

    context = lazy_context(build, ("map", "comparison", "trend", "fallen", "pick"))
    context["cache_key"] = _cache_key(
        request, int(request.user.has_perm("monitoring.view_catalogue")), versions=versions
    )
    return render(request, "monitoring/national.html", context)


@login_required
@require_GET
def export(request, table: str, fmt: str):
    """One of the national dashboard's tables as CSV or XLSX, as filtered and sorted on the page."""
    _require(request, "monitoring.view_national")
    if table not in exports.TABLES or fmt not in ("csv", "xlsx"):
        raise Http404
    dashboard = _dashboard(request, every_trend=table == "trend")
    if dashboard is None:
        raise Http404
    return exports.download(exports.TABLES[table](dashboard), fmt)


# --- one hub's dashboard -----------------------------------------------------------------------


def _versions(snapshots, indicators: dict[int, Indicator], numbers: Numbers, *, names: bool) -> list[dict]:
    """Every snapshot version (newest first) with what a correction changed against the version before;
    with ``names``, who took it (the office and the hub's coordinators; the evaluator sees no names)."""
    by_period: dict[str, list] = {}
    for snapshot in snapshots:
        by_period.setdefault(snapshot.period, []).append(snapshot)
    result = []
    for period, versions in by_period.items():
        versions = sorted(versions, key=lambda s: s.version)
        for before, snapshot in zip([None, *versions[:-1]], versions, strict=True):
            changes = []
            if before is not None:
                old = {v.indicator_id: v.value for v in before.value_list}
                for value in snapshot.value_list:
                    indicator = indicators.get(value.indicator_id)
                    if indicator is not None and old.get(value.indicator_id) != value.value:
                        changes.append(
                            {
                                "indicator": indicator.name,
                                "before": numbers.figure(old.get(value.indicator_id), indicator.unit),
                                "now": numbers.figure(value.value, indicator.unit),
                            }
                        )
            result.append(
                {
                    "period": quarter_label(Quarter.parse(period)),
                    "version": snapshot.version,
                    "is_current": snapshot.is_current,
                    "taken_at": snapshot.taken_at,
                    "taken_by": snapshot.taken_by.full_name if names and snapshot.taken_by else "",
                    "reason": snapshot.reason,
                    "changes": changes,
                    "order": (period, snapshot.version),
                }
            )
    result.sort(key=lambda r: r["order"], reverse=True)
    return result


def _definitions(indicators) -> SafeString:
    """The indicators' definitions as the inside of a <dl> (unit and direction labels read once)."""
    units, directions = dict(Unit.choices), dict(Direction.choices)
    return mark_safe(  # noqa: S308 - every text is escaped
        "".join(
            f"<dt>{escape(i.name)}</dt><dd>{escape(i.definition)} "
            f'<span class="ph-muted">({escape(units.get(i.unit, i.unit))}; '
            f"{escape(directions.get(i.direction, i.direction))})</span></dd>"
            for i in indicators
        )
    )


def _design_timeline(versions, window: list[Quarter]) -> dict:
    cells = []
    previous = None
    for quarter in window:
        design = selectors.design_on(versions, quarter.last_day)
        cells.append(
            {
                "label": date_format(design.valid_from, "j M Y") if design else NO_FIGURE,
                "changed": design is not None and design is not previous,
            }
        )
        previous = design
    history = [
        {
            "valid_from": d.valid_from,
            "legal_form": d.get_legal_form_display(),
            "forms": ", ".join(d.participation_form_labels),
            "domains": ", ".join(d.domain_labels),
            "agreements": ", ".join(d.agreement_labels),
        }
        for d in reversed(versions)
    ]
    return {"cells": cells, "history": history}


@login_required
@require_GET
def hub(request, slug: str):
    """One hub's figures over the quarters, beside the national median, its snapshot versions with their
    corrections and its dated design choices."""
    hub = hub_for_user_or_403(request.user, slug, "monitoring.view_hub")
    names = request.user.has_perm("hubs.view_hub_dashboard", hub)  # the office and the hub's coordinators

    def build() -> dict:
        numbers = Numbers()
        quarters = selectors.snapshot_quarters(hub_id=hub.pk)
        chosen = selectors.choose_quarter(request.GET.get(P_QUARTER), quarters)
        indicators = selectors.catalogue(active_only=True)
        snapshots = selectors.hub_snapshot_versions(hub)
        design = selectors.design_versions(hub)
        if chosen is None:
            window = Quarter.last_complete().back(selectors.TREND_QUARTERS)
            return {
                "data": None,
                "versions": [],
                "design": _design_timeline(design, window),
                "quarters": [],
            }
        window = chosen.back(selectors.TREND_QUARTERS)
        own = selectors.figures(window, hub_ids=[hub.pk])
        national = selectors.figures([chosen])  # the medians: every hub, the chosen quarter only
        labels = [quarter_label(q) for q in window]
        rows = []
        for indicator in indicators:
            values = [own.value(q, hub.pk, indicator.pk) for q in window]
            spark = charts.sparkline_svg(
                values,
                title=_("Trend of “%(indicator)s” at %(hub)s") % {"indicator": indicator.name, "hub": hub.name},
                description=_("%(first)s to %(last)s; the figures are in the same row of the table.")
                % {"first": labels[0], "last": labels[-1]},
            )
            rows.append(
                f'<tr class="utrecht-table__row" data-indicator="{escape(indicator.code)}">{TH}{escape(indicator.name)}</th>'
                + _numbers(numbers.figure(v, indicator.unit) for v in values)
                + f"{TD}{spark}</td>"
                + _numbers([numbers.figure(national.stats(chosen, indicator.pk).median, indicator.unit)])
                + "</tr>"
            )
        by_id = {i.pk: i for i in indicators}
        return {
            "data": {
                "quarter": quarter_label(chosen),
                "period": str(chosen),
                "labels": labels,
                "body": _body(rows, _("No indicators are in use."), len(labels) + 3),
                "definitions": _definitions(indicators),
                "hub_count": len(national.hub_ids(chosen)),
            },
            "versions": _versions(snapshots, by_id, numbers, names=names),
            "design": _design_timeline(design, window),
            "quarters": [(str(q), quarter_label(q), q == chosen) for q in reversed(quarters)],
        }

    context = lazy_context(build, ("data", "versions", "design", "quarters"))
    context.update(
        {
            "hub": hub,
            "can_see_national": request.user.has_perm("monitoring.view_national"),
            "can_correct": request.user.has_perm("monitoring.correct_snapshot", hub),
            "cache_key": _cache_key(request, hub.pk, hub.updated_at.timestamp(), int(names)),
        }
    )
    return render(request, "monitoring/hub.html", context)


@login_required
@require_GET
def hub_export(request, slug: str, fmt: str):
    """The hub's figures of the chosen quarter's trend window with the national medians, as CSV or XLSX."""
    hub = hub_for_user_or_403(request.user, slug, "monitoring.view_hub")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    chosen = selectors.choose_quarter(request.GET.get(P_QUARTER), selectors.snapshot_quarters(hub_id=hub.pk))
    if chosen is None:
        raise Http404
    window = chosen.back(selectors.TREND_QUARTERS)
    table = exports.hub_table(
        hub,
        selectors.catalogue(active_only=True),
        window,
        selectors.figures(window, hub_ids=[hub.pk]),
        selectors.figures(window),
    )
    return exports.download(table, fmt)


@login_required
@require_http_methods(["GET", "POST"])
def correct(request, slug: str):
    """The office recomputes one quarter's figures of the hub: a new version with its reason (the earlier
    one stays, shown on the hub's dashboard)."""
    hub = hub_for_user_or_403(request.user, slug, "monitoring.correct_snapshot")
    quarters = [(str(q), quarter_label(q)) for q in reversed(selectors.snapshot_quarters(hub_id=hub.pk))]
    form = CorrectionForm(request.POST or None, quarters=quarters, initial={"kwartaal": request.GET.get(P_QUARTER)})
    if request.method == "POST" and form.is_valid():
        quarter = Quarter.parse(form.cleaned_data["kwartaal"])
        try:
            services.snapshot_correct(actor=request.user, hub=hub, quarter=quarter, reason=form.cleaned_data["reason"])
        except ServiceError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(
                request,
                _("The figures of %(quarter)s have been recomputed and recorded as a new version.")
                % {"quarter": quarter_label(quarter)},
            )
            return redirect(reverse("monitoring:hub", args=[hub.slug]) + f"?{P_QUARTER}={quarter}")
    return render(request, "monitoring/correct.html", {"hub": hub, "form": form, "has_figures": bool(quarters)})


# --- public figures ----------------------------------------------------------------------------


def public(request):
    """The public figures: national medians and each hub's figure for the latest quarter; cached."""

    def build() -> dict:
        found = selectors.public_figures()
        if found is None:
            return {"figures": None}
        numbers = Numbers()
        quarter, indicators, data = found["quarter"], found["indicators"], found["figures"]
        hubs = [h for h in selectors.hubs_with_regions() if h.pk in data.values[str(quarter)]]
        return {
            "figures": {
                "quarter": quarter_label(quarter),
                "medians": _body(
                    [
                        f"{TR}{TH}{escape(i.name)}</th>{TD}{escape(i.definition)}</td>"
                        + _numbers((numbers.figure(stats.median, i.unit), stats.count))
                        + "</tr>"
                        for i in indicators
                        for stats in (data.stats(quarter, i.pk),)
                    ],
                    "",
                    4,
                ),
                "names": [i.name for i in indicators],
                "hubs": _body(
                    [
                        f"{TR}{TH}{_link(h.get_absolute_url(), h.name)}</th>"
                        + _numbers(numbers.figure(own.get(i.pk), i.unit) for i in indicators)
                        + "</tr>"
                        for h in hubs
                        for own in (data.of(quarter, h.pk),)
                    ],
                    "",
                    len(indicators) + 1,
                ),
            }
        }

    context = lazy_context(build, ("figures",))
    context["cache_key"] = _cache_key(request)
    return render(request, "monitoring/public.html", context)


# --- the catalogue -----------------------------------------------------------------------------


@login_required
@require_GET
def catalogue(request):
    _require(request, "monitoring.view_catalogue")
    return render(
        request,
        "monitoring/catalogue.html",
        {"indicators": selectors.catalogue(), "can_change": request.user.has_perm("monitoring.change_catalogue")},
    )


def _save(request, form, save, message: str):
    if form.is_valid():
        try:
            indicator = save(form.service_kwargs())
        except ServiceError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(request, message)
            return redirect("monitoring:indicator", code=indicator.code)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request):
    _require(request, "monitoring.change_catalogue")
    form = IndicatorForm(request.POST or None)
    if request.method == "POST":
        done = _save(
            request,
            form,
            lambda data: services_catalogue.indicator_create(actor=request.user, **data),
            _("The indicator has been added. Snapshots taken from now on include it."),
        )
        if done:
            return done
    return render(request, "monitoring/indicator_form.html", {"form": form, "indicator": None})


@login_required
@require_http_methods(["GET", "POST"])
def indicator(request, code: str):
    """One indicator: a computed one is shown as it is (defined in code); a self-reported one can be edited."""
    _require(request, "monitoring.view_catalogue")
    item = get_object_or_404(Indicator, code=code)
    if item.is_computed:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "monitoring/indicator.html", {"indicator": item})
    can_change = request.user.has_perm("monitoring.change_catalogue")
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    form = IndicatorForm(request.POST or None, indicator=item) if can_change else None
    if request.method == "POST":
        done = _save(
            request,
            form,
            lambda data: services_catalogue.indicator_update(actor=request.user, indicator=item, **data),
            _("The indicator has been saved. Snapshots already taken keep their figures."),
        )
        if done:
            return done
    return render(request, "monitoring/indicator_form.html", {"form": form, "indicator": item})
