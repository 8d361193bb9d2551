import datetime as dt

import pytest

from participatiehub.monitoring.periods import Quarter


def test_parse_and_bounds():
    q = Quarter.parse("2026-q4")
    assert str(q) == "2026-Q4"
    assert q.first_day == dt.date(2026, 10, 1) and q.last_day == dt.date(2026, 12, 31)
    assert q.next() == Quarter(2027, 1) and Quarter(2027, 1).previous() == q
    assert Quarter.parse("2024-Q1").last_day == dt.date(2024, 3, 31)
    assert [str(x) for x in Quarter(2026, 2).back(3)] == ["2025-Q4", "2026-Q1", "2026-Q2"]


@pytest.mark.parametrize("text", ["2026Q4", "2026-Q5", "", "Q4-2026", "2026-Q0"])
def test_parse_refuses_anything_else(text):
    with pytest.raises(ValueError):
        Quarter.parse(text)


def test_the_quarter_starts_at_midnight_dutch_time():
    q = Quarter(2026, 4)
    assert q.start.utcoffset() == dt.timedelta(hours=2)  # still summer time on 1 October
    assert Quarter(2027, 1).start.utcoffset() == dt.timedelta(hours=1)
    assert q.end == Quarter(2027, 1).start
