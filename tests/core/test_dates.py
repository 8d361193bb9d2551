"""One date format everywhere: "7 december 2026" in lists, detail pages and e-mails alike."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.utils import translation

import pytest

DAY = dt.date(2026, 12, 7)
MOMENT = dt.datetime(2026, 12, 7, 14, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("language", "date", "moment"),
    [("nl", "7 december 2026", "7 december 2026 15:30"), ("en", "7 December 2026", "7 December 2026 15:30")],
)
def test_date_filter_writes_the_one_format(language, date, moment):
    template = Template(
        '{{ day|date }}|{{ moment|date }}|{{ day|date:"SHORT_DATE_FORMAT" }}|{{ moment|date:"DATETIME_FORMAT" }}'
    )
    with translation.override(language):
        rendered = template.render(Context({"day": DAY, "moment": MOMENT}))
    assert rendered == f"{date}|{date}|{date}|{moment}"


def test_templates_use_no_date_format_of_their_own():
    own = re.compile(r'\|date:"(?!DATE_FORMAT"|DATETIME_FORMAT"|SHORT_DATE_FORMAT"|SHORT_DATETIME_FORMAT")[^"]*"')
    offenders = [
        f"{path}: {match.group(0)}"
        for path in Path(settings.BASE_DIR).glob("**/templates/**/*.*")
        if path.suffix in (".html", ".txt")
        for match in own.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, "\n".join(offenders)
