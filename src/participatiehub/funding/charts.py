"""Server-rendered SVG bar charts for the budget dashboard (no script, no styles: CSP-safe).

Each chart is drawn next to a table with the same numbers (the table is what screen readers and
printouts rely on; the chart has a title and a description and is otherwise decorative). Reads no
database: the figures come from ``selectors_budget``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .templatetags.funding import euro

WIDTH = 640
LABEL_W = 190
VALUE_W = 110
BAR_H = 12
GAP = 10
LEGEND_H = 26

#: Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by the legend and the table.
COLOURS = ("#1f5c99", "#b3541e", "#2e7d32", "#6a1b9a", "#545454", "#8a6d00")


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[Decimal]


def _short(text: str, size: int = 28) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def bar_chart_svg(
    *, chart_id: str, title: str, description: str, categories: Sequence[str], series: Sequence[Series]
) -> SafeString:
    """Horizontal grouped bars: one group per category, one bar per series, each bar labelled with
    its amount ("€ 1.234,56"). Negative values are drawn as zero-length bars (their label says it)."""
    if not categories or not series:
        return mark_safe("")
    top = max((v for s in series for v in s.values), default=Decimal(0))
    top = top if top > 0 else Decimal(1)
    plot_w = WIDTH - LABEL_W - VALUE_W
    group_h = len(series) * BAR_H + GAP
    height = LEGEND_H + len(categories) * group_h + GAP
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" class="ph-bar-chart">',
        f'<title id="{title_id}">{escape(title)}</title><desc id="{desc_id}">{escape(description)}</desc>',
    ]
    x = LABEL_W
    for i, s in enumerate(series):
        colour = COLOURS[i % len(COLOURS)]
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="16" font-size="11" fill="#000">{escape(s.label)}</text>')
        x += 16 + 7 * len(s.label) + 18
    y = LEGEND_H
    for c, category in enumerate(categories):
        parts.append(
            f'<text x="{LABEL_W - 6}" y="{y + group_h / 2:.1f}" font-size="11" text-anchor="end" '
            f'fill="#000">{escape(_short(category))}</text>'
        )
        for i, s in enumerate(series):
            value = s.values[c]
            w = float(plot_w * max(value, Decimal(0)) / top)
            bar_y = y + i * BAR_H
            parts.append(
                f'<rect x="{LABEL_W}" y="{bar_y}" width="{w:.1f}" height="{BAR_H - 2}" fill="{COLOURS[i % len(COLOURS)]}"/>'
            )
            parts.append(
                f'<text x="{LABEL_W + w + 4:.1f}" y="{bar_y + BAR_H - 3}" font-size="10" fill="#000">'
                f"{escape(euro(value))}</text>"
            )
        y += group_h
    parts.append(
        f'<line x1="{LABEL_W}" y1="{LEGEND_H - 2}" x2="{LABEL_W}" y2="{height - GAP}" stroke="#333" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above
