"""Figures as the monitoring pages show them: "12", "45,3%", "€ 1.234,56", "–" for no figure.

:class:`Numbers` formats in plain Python with the active language's separators read once, so a page
with a thousand figures does not pay Django's per-call locale lookups; the filter ``figure`` is for
the odd value in a template.
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from ..models import Unit

register = template.Library()

NO_FIGURE = "–"
#: The fewest decimals per unit (more when the value has them, at most two).
_MIN_PLACES = {Unit.COUNT: 0, Unit.PERCENT: 1, Unit.DAYS: 1, Unit.SCORE: 1, Unit.EURO: 2}


def places(value: Decimal, unit: str) -> int:
    exponent = value.normalize().as_tuple().exponent
    needed = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return min(2, max(_MIN_PLACES.get(unit, 0), needed))


class Numbers:
    """Formats numbers in the active language (read the separators once per page)."""

    def __init__(self):
        self.decimal = get_format("DECIMAL_SEPARATOR")
        self.thousands = get_format("THOUSAND_SEPARATOR")
        self._seen: dict[tuple[Decimal, str], str] = {}  # figures repeat (counts, shares): format each once

    def number(self, value: Decimal | int, decimals: int = 0) -> str:
        text = f"{value:,.{decimals}f}"
        return text.replace(",", "\x00").replace(".", self.decimal).replace("\x00", self.thousands)

    def figure(self, value: Decimal | None, unit: str) -> str:
        """A figure with its unit; "–" when there is none."""
        if value is None:
            return NO_FIGURE
        key = (value, unit)
        found = self._seen.get(key)
        if found is None:
            text = self.number(value, places(value, unit))
            if unit == Unit.PERCENT:
                text = f"{text}%"
            elif unit == Unit.EURO:
                text = f"€ {text}"
            found = self._seen[key] = text
        return found

    def change(self, percent: Decimal) -> str:
        return f"{self.number(percent, 1)}%"


@register.filter
def figure(value, unit: str = "") -> str:
    if value is None or value == "":
        return NO_FIGURE
    return Numbers().figure(Decimal(value), unit)


def quarter_label(quarter) -> str:
    """Quarter(2026, 4) → "2026-Q4" (Dutch: "2026-K4")."""
    return _("%(year)s-Q%(number)s") % {"year": quarter.year, "number": quarter.number}
