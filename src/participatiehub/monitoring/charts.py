"""Server-rendered SVG for the monitoring pages (no script, no styles: CSP-safe): the map's colour
classes, the trend chart (the national median with the band from the lowest to the highest hub) and
the hub's sparklines.

Every chart has a <title> and a <desc>, and the page puts a table with the same numbers beside it (the
table is what screen readers and printouts rely on). Reads no database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

#: Five sequential classes, light (low) to dark (high): viridis, readable with every common colour-vision
#: deficiency and in greyscale.
PALETTE = ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")
#: Municipalities whose hub has no figure (or that no hub covers).
NO_FIGURE_FILL = "#c8c8c8"
CLASSES = 5


@dataclass(frozen=True)
class ColourClass:
    low: Decimal
    high: Decimal
    colour: str
    count: int  # how many hubs fall in it


def quantile_classes(values: Sequence[Decimal | None], classes: int = CLASSES) -> list[ColourClass]:
    """Up to ``classes`` classes with about as many hubs in each (quantiles of the hubs' values); fewer
    when there are fewer different values. Each value belongs to the first class whose ``high`` it does
    not exceed."""
    present = sorted(v for v in values if v is not None)
    if not present:
        return []
    bounds: list[Decimal] = []
    n = len(present)
    for k in range(1, classes + 1):
        upper = present[min(n - 1, -(-k * n // classes) - 1)]  # the value at the k-th quantile
        if not bounds or upper > bounds[-1]:
            bounds.append(upper)
    result = []
    low = present[0]
    palette = _spread(len(bounds))
    for i, high in enumerate(bounds):
        count = sum(1 for v in present if (i == 0 or v > bounds[i - 1]) and v <= high)
        result.append(ColourClass(low=low, high=high, colour=palette[i], count=count))
        low = next((v for v in present if v > high), high)
    return result


def _spread(count: int) -> tuple[str, ...]:
    """``count`` colours of the palette, as far apart as possible (lightest and darkest always used)."""
    if count >= len(PALETTE):
        return PALETTE
    if count == 1:
        return (PALETTE[2],)
    step = (len(PALETTE) - 1) / (count - 1)
    return tuple(PALETTE[round(i * step)] for i in range(count))


def colour_of(value: Decimal | None, classes: Sequence[ColourClass]) -> str:
    if value is None:
        return NO_FIGURE_FILL
    for colour_class in classes:
        if value <= colour_class.high:
            return colour_class.colour
    return classes[-1].colour if classes else NO_FIGURE_FILL


# --- the trend chart ---------------------------------------------------------------------------

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 70, 40, 20, 40
LINE = "#1f5c99"
BAND = "#c6dbef"


def _scale(low: Decimal, high: Decimal, top: float, bottom: float) -> Callable[[Decimal], float]:
    span = high - low
    if span == 0:
        return lambda v: (top + bottom) / 2
    return lambda v: bottom - float((v - low) / span) * (bottom - top)


def trend_svg(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    median: Sequence[Decimal | None],
    low: Sequence[Decimal | None],
    high: Sequence[Decimal | None],
    fmt: Callable[[Decimal], str],
    legend: tuple[str, str],
) -> SafeString:
    """A line for the median per quarter over a band from the lowest to the highest value; quarters
    without figures leave a gap. ``legend``: the names of the line and of the band."""
    present = [v for v in (*low, *high, *median) if v is not None]
    if not labels or not present:
        return mark_safe("")
    lowest, highest = min(present), max(present)
    y = _scale(lowest, highest, TOP, HEIGHT - BOTTOM)
    step = (WIDTH - LEFT - RIGHT) / max(1, len(labels) - 1)

    def x(i: int) -> float:
        return LEFT + i * step if len(labels) > 1 else (LEFT + WIDTH - RIGHT) / 2

    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + 24}" width="100%" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" class="ph-trend-chart">',
        f'<title id="{title_id}">{escape(title)}</title><desc id="{desc_id}">{escape(description)}</desc>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#333" stroke-width="1"/>',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#333" stroke-width="1"/>',
    ]
    for value in sorted({lowest, highest}):
        out.append(
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" font-size="11" text-anchor="end" fill="#000">'
            f"{escape(fmt(value))}</text>"
        )
    for i, label in enumerate(labels):
        out.append(
            f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="11" text-anchor="middle" fill="#000">'
            f"{escape(label)}</text>"
        )
    # The band, per run of quarters that have a lowest and a highest value.
    for run in _runs([i for i in range(len(labels)) if low[i] is not None and high[i] is not None]):
        top_edge = " ".join(f"{x(i):.1f},{y(high[i]):.1f}" for i in run)
        bottom_edge = " ".join(f"{x(i):.1f},{y(low[i]):.1f}" for i in reversed(run))
        if len(run) == 1:
            i = run[0]
            out.append(
                f'<rect x="{x(i) - 4:.1f}" y="{y(high[i]):.1f}" width="8" '
                f'height="{max(1.0, y(low[i]) - y(high[i])):.1f}" fill="{BAND}"/>'
            )
        else:
            out.append(f'<polygon points="{top_edge} {bottom_edge}" fill="{BAND}"/>')
    for run in _runs([i for i in range(len(labels)) if median[i] is not None]):
        points = " ".join(f"{x(i):.1f},{y(median[i]):.1f}" for i in run)
        if len(run) > 1:
            out.append(f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="2.5"/>')
        for i in run:
            out.append(f'<circle cx="{x(i):.1f}" cy="{y(median[i]):.1f}" r="3.5" fill="{LINE}"/>')
    legend_y = HEIGHT + 12
    out.append(
        f'<line x1="{LEFT}" y1="{legend_y - 4}" x2="{LEFT + 24}" y2="{legend_y - 4}" stroke="{LINE}" stroke-width="2.5"/>'
    )
    out.append(f'<text x="{LEFT + 30}" y="{legend_y}" font-size="11" fill="#000">{escape(legend[0])}</text>')
    band_x = LEFT + 60 + 7 * len(legend[0])
    out.append(f'<rect x="{band_x}" y="{legend_y - 10}" width="24" height="10" fill="{BAND}"/>')
    out.append(f'<text x="{band_x + 30}" y="{legend_y}" font-size="11" fill="#000">{escape(legend[1])}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text part is escaped above


def _runs(indexes: list[int]) -> list[list[int]]:
    """[0, 1, 2, 5, 6] → [[0, 1, 2], [5, 6]]."""
    runs: list[list[int]] = []
    for i in indexes:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


# --- sparklines --------------------------------------------------------------------------------

SPARK_W, SPARK_H, SPARK_PAD = 120, 28, 3


def sparkline_svg(values: Sequence[Decimal | None], *, title: str, description: str) -> SafeString:
    """A small line of one hub's figure over the quarters (gaps where it has none), for beside a table."""
    present = [v for v in values if v is not None]
    if not present:
        return mark_safe("")
    y = _scale(min(present), max(present), SPARK_PAD, SPARK_H - SPARK_PAD)
    step = (SPARK_W - 2 * SPARK_PAD) / max(1, len(values) - 1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SPARK_W} {SPARK_H}" width="{SPARK_W}" '
        f'height="{SPARK_H}" role="img" class="ph-sparkline"><title>{escape(title)}</title>'
        f"<desc>{escape(description)}</desc>"
    ]
    for run in _runs([i for i, v in enumerate(values) if v is not None]):
        points = " ".join(f"{SPARK_PAD + i * step:.1f},{y(values[i]):.1f}" for i in run)
        if len(run) > 1:
            out.append(f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="1.5"/>')
    last = max(i for i, v in enumerate(values) if v is not None)
    out.append(f'<circle cx="{SPARK_PAD + last * step:.1f}" cy="{y(values[last]):.1f}" r="2.5" fill="{LINE}"/>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text part is escaped above
