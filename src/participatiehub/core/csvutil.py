"""Reading CSV files that people save from Excel or LibreOffice: one rule for the delimiter.

Dutch Excel saves with ``;`` (the comma is the decimal sign), English Excel with ``,``, and a copy
from a spreadsheet pasted into a text file gives tabs. The header line decides: the candidate it
holds most often, outside quoted fields, is the delimiter; with none (a single column) or a tie,
the comma.
"""

from __future__ import annotations

import re

DELIMITERS = (",", ";", "\t")

_QUOTED = re.compile(r'"(?:[^"]|"")*"')


def csv_delimiter(text: str) -> str:
    """The delimiter of ``text``: ``,``, ``;`` or a tab, read from its first non-blank line."""
    header = next((line for line in text.lstrip("\ufeff").splitlines() if line.strip()), "")
    header = _QUOTED.sub("", header)
    counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties: the first, the comma
    return best if counts[best] > counts[","] else ","


#: A cell starting with one of these is read as a formula by Excel and LibreOffice.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text: str) -> str:
    """A text cell for a CSV or XLSX download that a spreadsheet will not read as a formula (a leading ')."""
    return "'" + text if text.startswith(FORMULA_START) else text
