"""The budget as an XLSX workbook for finance: the dashboard's tables, every grant (the commitments),
every payment and every reclaim. Amounts are numbers (Decimal, two decimals) with a euro format, so
finance can add them up; text cells are stored as text, never as formulas."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import AdvanceStatus, GrantStatus, ReclaimStatus
from .models import AdvancePayment, Reclaim
from .selectors_budget import BudgetDashboard
from .selectors_grants import grants_for_office

EURO_FORMAT = '"€" #,##0.00;"€" -#,##0.00'
PERCENT_FORMAT = "0.0"
DATE_FORMAT = "DD-MM-YYYY"


def _writer(sheet):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    bold = Font(bold=True)

    def cell(value, *, money=False, percent=False, header=False):
        item = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            item.data_type = "s"  # text, never a formula
        if money:
            item.number_format = EURO_FORMAT
        elif percent:
            item.number_format = PERCENT_FORMAT
        elif hasattr(value, "isoformat"):
            item.number_format = DATE_FORMAT
        if header:
            item.font = bold
        return item

    def header(*titles):
        sheet.append([cell(str(t), header=True) for t in titles])

    return cell, header


def _money(value) -> Decimal:
    return value if value is not None else Decimal("0.00")


def budget_workbook(dashboard: BudgetDashboard) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)

    sheet = workbook.create_sheet(_("Programme lines"))
    cell, header = _writer(sheet)
    header(
        _("Programme line"),
        _("Budget"),
        _("Committed"),
        _("Advanced"),
        _("Settled"),
        _("Reclaimed"),
        _("Remaining"),
        _("Period elapsed (%)"),
    )
    for f in [*dashboard.lines, dashboard.total]:
        sheet.append(
            [
                cell(f.label or _("Total")),
                *(
                    cell(v, money=True)
                    for v in (f.budget, f.committed, f.advanced, f.settled, f.reclaimed, f.remaining)
                ),
                cell(f.elapsed, percent=True) if f.elapsed is not None else cell(""),
            ]
        )

    for title, first, rows in (
        (_("Regions"), _("Region"), dashboard.regions),
        (_("Hubs"), _("Hub"), dashboard.hubs),
    ):
        sheet = workbook.create_sheet(title)
        cell, header = _writer(sheet)
        header(first, _("Applied for"), _("Awarded"), _("Paid"))
        for a in [*rows, dashboard.totals_by_area]:
            name = a.name or (_("Own area") if a is not dashboard.totals_by_area else _("Total"))
            sheet.append(
                [cell(name), cell(a.applied, money=True), cell(a.awarded, money=True), cell(a.paid, money=True)]
            )

    sheet = workbook.create_sheet(_("Grants"))
    cell, header = _writer(sheet)
    header(
        _("Grant number"),
        _("Hub"),
        _("Programme line"),
        _("Call"),
        _("Status"),
        _("Awarded on"),
        _("Period from"),
        _("Period until"),
        _("Awarded"),
        _("Paid"),
        _("Settled"),
        _("Committed"),
    )
    labels = dict(GrantStatus.choices)
    for g in grants_for_office():
        committed = g.settled_amount if g.settled_amount is not None else g.awarded_amount
        sheet.append(
            [
                cell(g.number),
                cell(g.hub.name),
                cell(g.line.code),
                cell(g.application.call.title),
                cell(str(labels[g.status])),
                cell(timezone.localdate(g.awarded_at)),
                cell(g.starts_on),
                cell(g.ends_on),
                cell(g.awarded_amount, money=True),
                cell(_money(g.paid), money=True),
                cell(g.settled_amount, money=True) if g.settled_amount is not None else cell(""),
                cell(committed, money=True),
            ]
        )

    sheet = workbook.create_sheet(_("Payments"))
    cell, header = _writer(sheet)
    header(_("Grant number"), _("Hub"), _("Programme line"), _("Paid on"), _("Amount"))
    payments = (
        AdvancePayment.objects.filter(status=AdvanceStatus.PAID)
        .select_related("grant", "grant__hub", "grant__line")
        .order_by("paid_at", "pk")
    )
    for p in payments:
        sheet.append(
            [
                cell(p.grant.number),
                cell(p.grant.hub.name),
                cell(p.grant.line.code),
                cell(timezone.localdate(p.paid_at)),
                cell(p.amount, money=True),
            ]
        )

    sheet = workbook.create_sheet(_("Reclaims"))
    cell, header = _writer(sheet)
    header(_("Grant number"), _("Hub"), _("Programme line"), _("Created on"), _("Status"), _("Amount"))
    statuses = dict(ReclaimStatus.choices)
    reclaims = Reclaim.objects.select_related("grant", "grant__hub", "grant__line").order_by("created_at", "pk")
    for r in reclaims:
        sheet.append(
            [
                cell(r.grant.number),
                cell(r.grant.hub.name),
                cell(r.grant.line.code),
                cell(timezone.localdate(r.created_at)),
                cell(str(statuses[r.status])),
                cell(r.amount, money=True),
            ]
        )

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
