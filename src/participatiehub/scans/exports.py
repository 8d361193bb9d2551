"""The scores of a round as CSV and XLSX: a row per hub (status, submitted at, a score per dimension),
then the national median. Scores are numbers with one decimal; text cells stay text (never formulas)."""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from participatiehub.core.csvutil import formula_safe


def _submitted(response) -> str:
    return timezone.localtime(response.submitted_at).strftime("%d-%m-%Y %H:%M") if response.submitted_at else ""


def _header(dimensions) -> list[str]:
    return [_("Hub"), _("Status"), _("Submitted at"), *[f"{d.name} ({d.code})" for d in dimensions]]


def scores_csv(table) -> bytes:
    dimensions, rows, median = table
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(_header(dimensions))
    for response, scores in rows:
        values = [scores.get(d.code) for d in dimensions]
        writer.writerow(
            [
                formula_safe(response.hub.name),
                response.get_status_display(),
                _submitted(response),
                *["" if v is None else str(v).replace(".", ",") for v in values],
            ]
        )
    writer.writerow(
        [
            _("National median"),
            "",
            "",
            *["" if median.get(d.code) is None else str(median[d.code]).replace(".", ",") for d in dimensions],
        ]
    )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def scores_xlsx(scan_round, table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    dimensions, rows, median = table
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Scores %(year)s") % {"year": scan_round.year})
    bold = Font(bold=True)

    def cell(value, *, header=False):
        item = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            item.data_type = "s"
        elif value is not None:
            item.number_format = "0.0"
        if header:
            item.font = bold
        return item

    sheet.append([cell(str(t), header=True) for t in _header(dimensions)])
    for response, scores in rows:
        sheet.append(
            [
                cell(response.hub.name),
                cell(str(response.get_status_display())),
                cell(_submitted(response)),
                *[cell(scores.get(d.code)) for d in dimensions],
            ]
        )
    sheet.append(
        [cell(_("National median"), header=True), cell(""), cell(""), *[cell(median.get(d.code)) for d in dimensions]]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
