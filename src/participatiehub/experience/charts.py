"""A server-rendered SVG bar chart of the share that agrees, per statement (no script, no styles: CSP-safe).

Drawn next to a table with the same numbers (``_figures.html``: what screen readers and printouts rely
on); the chart has a title and a description. Narrow on purpose (each label above its bar), so it stays
readable on a 360 px phone. Reads no database: the figures come from ``selectors``.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import QuestionnaireResponse
from .selectors import Figures

WIDTH = 360
BAR_W = 280  # 100 %
ROW_H = 46
LABEL_H = 18
BAR_H = 16
COLOUR = "#1f5c99"  # at least 3:1 against white (WCAG 1.4.11)


def _short_label(code: str) -> str:
    label = str(QuestionnaireResponse._meta.get_field(code).verbose_name)
    return label[:1].upper() + label[1:]


def shares_chart(figures: Figures, *, chart_id: str) -> SafeString:
    """Horizontal bars from 0 to 100 %: per statement the share that (fully) agrees, labelled "80,0%"."""
    items = [item for item in figures.items if item.share is not None]
    if not figures.shown or not items:
        return mark_safe("")
    height = len(items) * ROW_H + 8
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    title = _("Share that (fully) agrees, per statement")
    description = _("%(n)s answers. The table below gives the same figures with the counts.") % {"n": figures.responses}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" class="ph-bar-chart">',
        f'<title id="{title_id}">{escape(title)}</title><desc id="{desc_id}">{escape(description)}</desc>',
    ]
    y = 4
    for item in items:
        width = float(BAR_W * item.share / 100)
        parts.append(f'<text x="0" y="{y + 13}" font-size="13" fill="#000">{escape(_short_label(item.code))}</text>')
        bar_y = y + LABEL_H + 2
        parts.append(f'<rect x="0" y="{bar_y}" width="{BAR_W}" height="{BAR_H}" fill="#ececec"/>')
        parts.append(f'<rect x="0" y="{bar_y}" width="{width:.1f}" height="{BAR_H}" fill="{COLOUR}"/>')
        parts.append(
            f'<text x="{BAR_W + 6}" y="{bar_y + 13}" font-size="13" fill="#000">'
            f"{escape(number_format(item.share, 1))}%</text>"
        )
        y += ROW_H
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above
