"""A server-rendered SVG radar chart of the scores per dimension (no script, no styles: CSP-safe).

The chart has a <title> and a <desc> and is drawn beside a table with the same numbers (the table is
what screen readers and printouts rely on). Scores run from 0 (centre) to 100 (outer ring). A series
without a score on an axis skips that axis. Reads no database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 720
HEIGHT = 440
CENTRE = 210  # from the top of the plot, below the legend
CENTRE_X = WIDTH / 2
RADIUS = 150
RINGS = (25, 50, 75, 100)
LEGEND_H = 28
#: Colours with at least 3:1 contrast against white (WCAG 1.4.11); series also differ by line style.
COLOURS = ("#1f5c99", "#b3541e", "#2e7d32")
DASHES = ("", "6 4", "2 3")


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[Decimal | None]


def score_text(value: Decimal | None) -> str:
    return "–" if value is None else number_format(value, decimal_pos=1, use_l10n=True)


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = RADIUS * value / 100
    return CENTRE_X + r * math.cos(angle), LEGEND_H + CENTRE + r * math.sin(angle)


def _wrap(text: str, size: int = 22) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > size:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line][:3]


def radar_svg(
    *, chart_id: str, title: str, description: str, axes: Sequence[str], series: Sequence[Series]
) -> SafeString:
    """One axis per dimension (clockwise from the top), one closed line per series."""
    count = len(axes)
    if count < 3 or not series:
        return mark_safe("")
    height = HEIGHT + LEGEND_H
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" class="ph-radar-chart">',
        f'<title id="{title_id}">{escape(title)}</title><desc id="{desc_id}">{escape(description)}</desc>',
    ]
    x = 10
    for i, s in enumerate(series):
        colour, dash = COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)]
        parts.append(
            f'<line x1="{x}" y1="14" x2="{x + 22}" y2="14" stroke="{colour}" stroke-width="3"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + "/>"
        )
        parts.append(f'<text x="{x + 27}" y="18" font-size="12" fill="#000">{escape(s.label)}</text>')
        x += 27 + 7 * len(s.label) + 20
    for ring in RINGS:
        points = " ".join(f"{px:.1f},{py:.1f}" for px, py in (_point(i, count, ring) for i in range(count)))
        parts.append(f'<polygon points="{points}" fill="none" stroke="#8c8c8c" stroke-width="1"/>')
        px, py = _point(0, count, ring)
        parts.append(f'<text x="{px + 4:.1f}" y="{py + 4:.1f}" font-size="10" fill="#333">{ring}</text>')
    for i, axis in enumerate(axes):
        px, py = _point(i, count, 100)
        parts.append(
            f'<line x1="{CENTRE_X}" y1="{LEGEND_H + CENTRE}" x2="{px:.1f}" y2="{py:.1f}" stroke="#8c8c8c" stroke-width="1"/>'
        )
        lx, ly = _point(i, count, 118)
        side = abs(lx - CENTRE_X) >= 20
        anchor = ("start" if lx > CENTRE_X else "end") if side else "middle"
        lines = _wrap(axis)
        if side:  # centred on the axis' end
            top = ly - (len(lines) - 1) * 6
        else:  # above the top axis, below a bottom one
            top = ly - (len(lines) - 1) * 12 if ly < LEGEND_H + CENTRE else ly
        for n, line in enumerate(lines):
            parts.append(
                f'<text x="{lx:.1f}" y="{top + n * 12 + 4:.1f}" font-size="11" text-anchor="{anchor}" fill="#000">'
                f"{escape(line)}</text>"
            )
    for i, s in enumerate(series):
        colour, dash = COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)]
        points = [_point(n, count, float(v)) for n, v in enumerate(s.values) if v is not None]
        if not points:
            continue
        coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(
            f'<polygon points="{coords}" fill="{colour}" fill-opacity="0.08" stroke="{colour}" stroke-width="2.5"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + "/>"
        )
        for px, py in points:
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above
