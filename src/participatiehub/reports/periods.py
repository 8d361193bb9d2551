"""A report's period: a year ("2026"), one quarter ("2026-Q2") or a range of quarters ("2026-Q1..2026-Q3")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from participatiehub.monitoring.periods import Quarter

_YEAR = re.compile(r"^(20\d\d)$")


@dataclass(frozen=True)
class Period:
    first: Quarter
    last: Quarter

    @classmethod
    def parse(cls, text: str) -> Period:
        """ "2026", "2026-Q2" or "2026-Q1..2026-Q3"; ValueError for anything else (or a range backwards)."""
        value = (text or "").strip().upper().replace(" ", "")
        year = _YEAR.match(value)
        if year:
            return cls(Quarter(int(year.group(1)), 1), Quarter(int(year.group(1)), 4))
        first, sep, last = value.partition("..")
        period = cls(Quarter.parse(first), Quarter.parse(last) if sep else Quarter.parse(first))
        if period.last < period.first:
            raise ValueError(f"The range ends before it starts: {text!r}")
        if len(period.quarters) > 12:
            raise ValueError(f"At most three years: {text!r}")
        if not 2000 <= period.first.year <= 2100:
            raise ValueError(f"Not a year of the programme: {text!r}")
        return period

    @property
    def is_year(self) -> bool:
        return self.first.number == 1 and self.last.number == 4 and self.first.year == self.last.year

    @property
    def quarters(self) -> list[Quarter]:
        found, at = [], self.first
        while at <= self.last:
            found.append(at)
            at = at.next()
        return found

    @property
    def starts_on(self) -> dt.date:
        return self.first.first_day

    @property
    def ends_on(self) -> dt.date:
        return self.last.last_day

    def __str__(self) -> str:
        if self.is_year:
            return str(self.first.year)
        if self.first == self.last:
            return str(self.first)
        return f"{self.first}..{self.last}"
