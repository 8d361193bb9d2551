"""One rule for the delimiter of uploaded CSV files (core.csvutil), used by every CSV reader."""

from __future__ import annotations

import csv
import io

import pytest

from participatiehub.core.csvutil import csv_delimiter


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name;kvk;place\nZorg;12345678;Zeist\n", ";"),
        ("name,kvk,place\nZorg,12345678,Zeist\n", ","),
        ("name\tkvk\tplace\nZorg\t12345678\tZeist\n", "\t"),
        ("name\nZorg\nWelzijn\n", ","),  # a single column: the comma
        ("", ","),
        ("\ufeffcategory;value;share\nage;18-34;0,25\n", ";"),  # byte-order mark, decimal commas below
        ("\n\ncategory;value;share\n", ";"),  # blank lines before the header
        ('"name, full";kvk\n', ";"),  # a comma inside a quoted header does not count
        ("a;b,c\n", ","),  # a tie: the comma
    ],
)
def test_delimiter(text, expected):
    assert csv_delimiter(text) == expected


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_round_trip(delimiter):
    rows = [["name", "kvk", "place"], ["Zorg, welzijn", "12345678", "Zeist"]]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    text = out.getvalue()
    assert csv_delimiter(text) == delimiter
    assert list(csv.reader(io.StringIO(text), delimiter=csv_delimiter(text))) == rows
