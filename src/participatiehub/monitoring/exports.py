"""The national dashboard's tables as downloads (CSV and XLSX), with the exact stored numbers.

Each table is built once (:class:`Table`: headers and rows of text, whole numbers and Decimals) from the
same :class:`~.selectors.NationalDashboard` the page shows, so the page and the download can never
disagree. The comparison holds every active indicator (the page shows the main ones), filtered and
sorted as on the page. CSV is written for Dutch spreadsheets: ``;`` between fields, a decimal comma,
no thousands separator, UTF-8 with a byte-order mark. XLSX cells hold numbers as numbers and text as
text (never a formula).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from participatiehub.core.csvutil import formula_safe
from participatiehub.hubs.constants import HubStatus

from .selectors import NationalDashboard

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    slug: str  # part of the file name
    title: str  # the sheet's name
    headers: list[str]
    rows: list[list]


def _indicator_header(indicator) -> str:
    return f"{indicator.name} ({indicator.get_unit_display()})"


def comparison_table(dashboard: NationalDashboard) -> Table:
    statuses = dict(HubStatus.choices)
    indicators = dashboard.indicators
    headers = [_("Hub"), _("Status"), _("Region"), *(_indicator_header(i) for i in indicators)]
    rows = [
        [
            row.hub.name,
            str(statuses.get(row.status, row.status)),
            row.hub.follows_region.name if row.hub.follows_region_id else "",
            *(row.values.get(i.pk) for i in indicators),
        ]
        for row in dashboard.rows
    ]
    return Table(f"vergelijking-{dashboard.quarter}", _("Comparison"), headers, rows)


def trend_table(dashboard: NationalDashboard) -> Table:
    headers = [_("Indicator"), _("Code"), _("Quarter"), _("Median"), _("Lowest"), _("Highest"), _("Hubs with a figure")]
    rows = []
    for indicator in dashboard.indicators:
        for quarter, stats in dashboard.trend(indicator):
            rows.append(
                [indicator.name, indicator.code, str(quarter), stats.median, stats.low, stats.high, stats.count]
            )
    return Table(f"trend-{dashboard.window[0]}-{dashboard.quarter}", _("Trend"), headers, rows)


def fallen_table(dashboard: NationalDashboard) -> Table:
    headers = [
        _("Hub"),
        _("Indicator"),
        _("Better when"),
        str(dashboard.previous),
        str(dashboard.quarter),
        _("Worse by (%)"),
    ]
    rows = [
        [f.hub.name, f.indicator.name, str(f.indicator.get_direction_display()), f.before, f.now, f.change]
        for f in dashboard.fallen
    ]
    return Table(f"gedaald-{dashboard.quarter}", _("Fell"), headers, rows)


TABLES = {"vergelijking": comparison_table, "trend": trend_table, "gedaald": fallen_table}


def hub_table(hub, indicators, window, own, national) -> Table:
    """One hub's figures per quarter of ``window`` (``own``: the hub's Figures) with the national median of
    each quarter beside them (``national``: every hub's Figures of the same window)."""
    headers = [_("Indicator"), _("Code"), _("Unit"), _("Quarter"), hub.name, _("National median")]
    rows = [
        [
            indicator.name,
            indicator.code,
            str(indicator.get_unit_display()),
            str(quarter),
            own.value(quarter, hub.pk, indicator.pk),
            national.stats(quarter, indicator.pk).median,
        ]
        for indicator in indicators
        for quarter in window
    ]
    return Table(f"{hub.slug}-{window[0]}-{window[-1]}", _("Hub"), headers, rows)


# --- writing -----------------------------------------------------------------------------------


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    return formula_safe(str(value))  # a name never becomes a spreadsheet formula


def csv_bytes(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_csv_text(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.title[:31])
    bold = Font(bold=True)

    def cell(value, header=False):
        item = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            item.data_type = "s"  # text, never a formula
        if header:
            item.font = bold
        return item

    sheet.append([cell(h, header=True) for h in table.headers])
    for row in table.rows:
        sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(table: Table, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(table), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(csv_bytes(table), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="monitoring-{table.slug}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response
