"""The downloads hold the same figures as the page, exactly as stored (CSV for Dutch spreadsheets with a
decimal comma; XLSX with numbers as numbers), filtered and sorted as on the page."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.urls import reverse

import pytest
from openpyxl import load_workbook

from participatiehub.monitoring.models import Direction, Unit
from tests.factories import HubFactory, evaluator, programme_officer

from .dash_factories import clean_catalogue, indicator, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    clean_catalogue()
    a = HubFactory(name="Participatiehub Utrecht")
    b = HubFactory(name="=Participatiehub Formule")  # a name that looks like a formula stays text
    euros = indicator("grants_paid", name="Paid", unit=Unit.EURO, direction=Direction.HIGHER, order=1)
    share = indicator("adopted", name="Adopted", unit=Unit.PERCENT, order=2)
    snapshot(a, "2026-Q3", {euros: "1000.00", share: "50.5"})
    snapshot(b, "2026-Q3", {euros: "2000.00", share: "40.0"})
    snapshot(a, "2026-Q4", {euros: "1234.56", share: "45.3"})
    snapshot(b, "2026-Q4", {euros: "1500.25", share: None})
    return {"hubs": (a, b), "indicators": (euros, share)}


def _download(client, table, fmt, **params):
    client.force_login(programme_officer())
    response = client.get(reverse("monitoring:export", args=[table, fmt]), params)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="monitoring-')
    return response.content


def _csv(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def _xlsx(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_comparison_csv(client, world):
    rows = _csv(_download(client, "vergelijking", "csv", sorteer="grants_paid", richting="af"))
    assert rows[0] == ["Hub", "Status", "Region", "Paid (euros)", "Adopted (percent)"]
    assert rows[1:] == [
        ["'=Participatiehub Formule", "Developing", "", "1500,25", ""],
        ["Participatiehub Utrecht", "Developing", "", "1234,56", "45,30"],  # as stored: two decimals
    ]


def test_comparison_xlsx_has_the_numbers_as_numbers(client, world):
    rows = _xlsx(_download(client, "vergelijking", "xlsx"))
    assert rows[0] == ["Hub", "Status", "Region", "Paid (euros)", "Adopted (percent)"]
    assert rows[1] == ["=Participatiehub Formule", "Developing", None, 1500.25, None]
    assert rows[2] == ["Participatiehub Utrecht", "Developing", None, 1234.56, 45.3]
    sheet = load_workbook(io.BytesIO(_download(client, "vergelijking", "xlsx"))).active
    assert sheet["A2"].data_type == "s"  # text, not a formula


def test_comparison_download_is_filtered_like_the_page(client, world):
    rows = _csv(_download(client, "vergelijking", "csv", q="utrecht"))
    assert [r[0] for r in rows[1:]] == ["Participatiehub Utrecht"]


def test_trend_download(client, world):
    rows = _csv(_download(client, "trend", "csv"))
    assert rows[0] == ["Indicator", "Code", "Quarter", "Median", "Lowest", "Highest", "Hubs with a figure"]
    assert len(rows) == 1 + 2 * 8  # two indicators × eight quarters
    paid = [r for r in rows if r[1] == "grants_paid"]
    assert paid[-2:] == [
        ["Paid", "grants_paid", "2026-Q3", "1500,00", "1000,00", "2000,00", "2"],
        ["Paid", "grants_paid", "2026-Q4", "1367,405", "1234,56", "1500,25", "2"],  # exact: (1234.56 + 1500.25) / 2
    ]
    assert paid[0] == ["Paid", "grants_paid", "2025-Q1", "", "", "", "0"]
    xlsx = _xlsx(_download(client, "trend", "xlsx"))
    assert xlsx[8][3] == pytest.approx(1367.405) and xlsx[8][2] == "2026-Q4"


def test_fallen_download_matches_the_page(client, world):
    rows = _csv(_download(client, "gedaald", "csv"))
    assert rows[0] == ["Hub", "Indicator", "Better when", "2026-Q3", "2026-Q4", "Worse by (%)"]
    # Adopted at Utrecht: 50.5 → 45.3 is 10.3 % worse; paid went down at Formule: 2000 → 1500.25 (25.0 %).
    assert rows[1:] == [
        ["'=Participatiehub Formule", "Paid", "higher is better", "2000,00", "1500,25", "25,0"],
        ["Participatiehub Utrecht", "Adopted", "higher is better", "50,50", "45,30", "10,3"],
    ]
    client.force_login(evaluator())
    html = client.get(reverse("monitoring:national")).content.decode()
    assert "25.0%" in html and "10.3%" in html
    # The page shows the median rounded to cents, the download exactly.
    assert Decimal("1367.405").quantize(Decimal("0.01")) == Decimal("1367.40")
    assert "€ 1,367.40" in html


def test_a_hubs_figures_download_with_the_national_median(client, world):
    """The hub page's table as a file: every indicator per quarter, the hub's figure and the median of all
    hubs; the hub's own coordinator may download it, another hub's coordinator may not."""
    from tests.factories import coordinator

    a, b = world["hubs"]
    url = reverse("monitoring:hub_export", args=[a.slug, "xlsx"])
    client.force_login(coordinator(b))
    assert client.get(url, {"kwartaal": "2026-Q4"}).status_code == 403
    client.force_login(coordinator(a))
    response = client.get(url, {"kwartaal": "2026-Q4"})
    assert response.status_code == 200
    rows = _xlsx(response.content)
    assert rows[0] == ["Indicator", "Code", "Unit", "Quarter", a.name, "National median"]
    by_key = {(r[1], r[3]): r for r in rows[1:]}
    assert by_key[("grants_paid", "2026-Q4")][4:] == [pytest.approx(1234.56), pytest.approx(1367.405)]
    assert by_key[("grants_paid", "2026-Q3")][4:] == [1000, 1500]
    assert by_key[("adopted", "2026-Q4")][4:] == [pytest.approx(45.3), pytest.approx(45.3)]  # b has none
    assert len(rows) == 1 + 2 * 8  # two indicators over the 8 quarters up to 2026-Q4
    csv_rows = _csv(client.get(reverse("monitoring:hub_export", args=[a.slug, "csv"]), {"kwartaal": "2026-Q4"}).content)
    csv_by_key = {(r[1], r[3]): r for r in csv_rows[1:]}
    assert csv_by_key[("grants_paid", "2026-Q4")][4] == "1234,56"
    assert csv_by_key[("grants_paid", "2025-Q1")][4:] == ["", ""]  # no snapshot that quarter
    assert client.get(reverse("monitoring:hub_export", args=[a.slug, "pdf"])).status_code == 404
