"""Journey (issue 15): the programme office follows every hub's figures, in a real browser.

1. The office logs in with its password and opens "Monitoring" from the menu: the national dashboard
   of the latest quarter, the map coloured by the first indicator.
2. It colours the map by another indicator; the map's table and legend follow.
3. It sorts the comparison by a column (ascending, then descending: the headings say which way).
4. It downloads the comparison as XLSX: the file holds the table's hubs in the same order, with the
   exact stored figures as numbers.
5. It opens one hub's dashboard from the table: its figures per quarter beside the national median and
   the correction with its reason; it corrects another quarter itself (recomputed, with a reason).
6. It reads the indicator catalogue.
7. Utrecht's coordinator opens "Monitoring" from the menu: their own hub's dashboard.
8. An anonymous visitor opens the public figures from the menu.

Snapshots are written directly (``tests/monitoring/dash_factories.py``); everything else happens on the
pages. axe-core (WCAG 2.1 AA) runs on every page visited.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from participatiehub.hubs.constants import HubStatus
from participatiehub.monitoring.models import Direction, Unit
from tests.browser.conftest import bilingual, button, link
from tests.factories import HubFactory, HubMunicipalityFactory, MunicipalityFactory, coordinator, programme_officer
from tests.monitoring.dash_factories import clean_catalogue, correct, indicator, snapshot

pytestmark = pytest.mark.django_db(transaction=True)

OFFICE = "bureau@zonmw.example"
COORDINATOR = "coordinator@hub-utrecht.example"
SQUARE = "M{x} {y} L{x2} {y} L{x2} {y2} L{x} {y2} Z"


@pytest.fixture
def world():
    clean_catalogue()
    hubs = [
        HubFactory(name="Participatiehub Utrecht", slug="utrecht-eo"),
        HubFactory(name="Participatiehub Twente", slug="twente"),
        HubFactory(name="Participatiehub Zeeland", slug="zeeland", status=HubStatus.OPERATIONAL),
    ]
    for n, hub in enumerate(hubs):
        for m in range(2):
            x, y = 100 + 60 * n, 100 + 60 * m
            HubMunicipalityFactory(
                hub=hub,
                municipality=MunicipalityFactory(
                    code=f"GM9{n}{m}0", name=f"Gemeente {n}{m}", svg_path=SQUARE.format(x=x, y=y, x2=x + 50, y2=y + 50)
                ),
            )
    orgs = indicator("network_organisations", name="Organisaties in het netwerk", order=1)
    adopted = indicator("recommendations_adopted", name="Aanbevelingen overgenomen", unit=Unit.PERCENT, order=2)
    days = indicator("days_to_advice", name="Dagen tot het advies", unit=Unit.DAYS, direction=Direction.LOWER, order=3)
    office = programme_officer(email=OFFICE, full_name="Programmabureau")
    coordinator(hubs[0], email=COORDINATOR, full_name="Sanne Coördinator")
    figures = {
        "2026-Q3": [(10, "50.0", 20), (20, "40.0", 30), (30, "80.0", 10)],
        "2026-Q4": [(8, "60.0", 25), (21, "36.5", 30), (35, "72.0", 10)],
    }
    for period, rows in figures.items():
        for hub, (o, a, d) in zip(hubs, rows, strict=True):
            snapshot(hub, period, {orgs: o, adopted: a, days: d})
    # Utrecht's Q4 was corrected: one organisation was counted twice.
    first = hubs[0].snapshots.get(period="2026-Q4")
    correct(first, {orgs: 7, adopted: "60.0", days: 25}, reason="Organisatie dubbel geteld", taken_by=office)
    return {"hubs": hubs}


def _column(page, table: str, index: int) -> list[str]:
    return [t.strip() for t in page.locator(f"#{table} tbody tr > :nth-child({index})").all_inner_texts()]


def test_the_office_follows_the_hubs(new_visitor, world, tmp_path):
    # --- 1. log in, open the national dashboard from the menu ------------------------------------
    office = new_visitor()
    office.login(OFFICE)
    page = office.page
    office.click(
        page.get_by_role("navigation", name=bilingual("Main menu", "Hoofdmenu")).get_by_role("link", name="Monitoring")
    )
    assert page.url.endswith("/monitoring/")
    expect(page.locator("h1")).to_contain_text("Monitoring")
    expect(page.locator("#map-heading")).to_contain_text("Organisaties in het netwerk")
    assert page.locator("svg.ph-map path.ph-mun").count() == 6
    # The map's table: Q4, organisations (Utrecht's corrected figure).
    assert _column(page, "map-table", 2) == ["21", "7", "35"]

    # --- 2. colour the map by another indicator -------------------------------------------------
    page.locator("#id_indicator").select_option("recommendations_adopted")
    office.click(button(page.locator("main form").first, "Show", "Tonen"))
    expect(page.locator("#map-heading")).to_contain_text("Aanbevelingen overgenomen")
    assert [re.sub(r"\s", "", t) for t in _column(page, "map-table", 2)] == ["36,5%", "60,0%", "72,0%"] or [
        t.replace(" ", "") for t in _column(page, "map-table", 2)
    ] == ["36.5%", "60.0%", "72.0%"]
    # Three hubs, three figures: three colours, each its own class in the legend.
    fills = {
        page.locator(f'svg.ph-map g.ph-map-group:has(path[data-code="GM9{n}00"])').get_attribute("fill")
        for n in range(3)
    }
    assert len(fills) == 3

    # --- 3. sort the comparison by a column, both ways ------------------------------------------
    heading = page.locator('#comparison-table th[data-column="network_organisations"]')
    office.click(heading.get_by_role("link"))
    expect(heading).to_have_attribute("aria-sort", "ascending")
    assert _column(page, "comparison-table", 1) == [
        "Participatiehub Utrecht",
        "Participatiehub Twente",
        "Participatiehub Zeeland",
    ]
    office.click(page.locator('#comparison-table th[data-column="network_organisations"]').get_by_role("link"))
    expect(page.locator('#comparison-table th[data-column="network_organisations"]')).to_have_attribute(
        "aria-sort", "descending"
    )
    assert _column(page, "comparison-table", 1) == [
        "Participatiehub Zeeland",
        "Participatiehub Twente",
        "Participatiehub Utrecht",
    ]
    # The map still shows the indicator chosen before the sorting.
    expect(page.locator("#map-heading")).to_contain_text("Aanbevelingen overgenomen")

    # --- 4. download the comparison as XLSX -----------------------------------------------------
    with page.expect_download() as download_info:
        link(page, "Comparison (XLSX)", "Vergelijking (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename == "monitoring-vergelijking-2026-Q4.xlsx"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    sheet = load_workbook(io.BytesIO(target.read_bytes())).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Hub" and rows[0][3].startswith("Organisaties in het netwerk")
    assert [r[0] for r in rows[1:]] == ["Participatiehub Zeeland", "Participatiehub Twente", "Participatiehub Utrecht"]
    assert [r[3:6] for r in rows[1:]] == [[35, 72, 10], [21, 36.5, 30], [7, 60, 25]]
    assert Decimal(str(rows[2][4])) == Decimal("36.5")

    # --- 5. one hub's dashboard -------------------------------------------------------------------
    office.click(page.locator("#comparison-table").get_by_role("link", name="Participatiehub Utrecht"))
    assert page.url.endswith("/monitoring/hub/utrecht-eo/")
    row = page.locator('#hub-figures tr[data-indicator="network_organisations"] td')
    texts = [t.strip() for t in row.all_inner_texts()]
    assert texts[-4:-2] == ["10", "7"] and texts[-1] == "21"  # Q3, Q4, …, the national median of Q4
    expect(page.locator("#versions-table")).to_contain_text("Organisatie dubbel geteld")
    expect(page.locator("#versions-table")).to_contain_text("8 → 7")

    # The office corrects Q3: recomputed from the (empty) records, a new version with its reason.
    office.click(link(page, "Correct the figures of a quarter", "De cijfers van een kwartaal corrigeren"))
    page.locator("#id_kwartaal").select_option("2026-Q3")
    page.locator("#id_reason").fill("Netwerk opnieuw geteld")
    office.click(button(page.locator("main form"), "Recompute and record", "Opnieuw berekenen en vastleggen"))
    assert "/monitoring/hub/utrecht-eo/" in page.url
    expect(page.locator("#versions-table")).to_contain_text("Netwerk opnieuw geteld")

    # --- 6. the catalogue -------------------------------------------------------------------------
    office.goto("/monitoring/indicatoren/")
    expect(page.locator("#catalogue-table")).to_contain_text("Dagen tot het advies")

    # --- 7. the coordinator's own dashboard ------------------------------------------------------
    sanne = new_visitor()
    sanne.login(COORDINATOR)
    sanne.click(
        sanne.page.get_by_role("navigation", name=bilingual("Main menu", "Hoofdmenu")).get_by_role(
            "link", name="Monitoring"
        )
    )
    assert sanne.page.url.endswith("/monitoring/hub/utrecht-eo/")
    expect(sanne.page.locator("#hub-figures")).to_contain_text("Organisaties in het netwerk")

    # --- 8. the public figures, anonymously ------------------------------------------------------
    visitor = new_visitor()
    visitor.goto("/")
    visitor.click(link(visitor.page, "Figures", "Cijfers"))
    expect(visitor.page.locator("h1")).to_contain_text(re.compile("Figures of the participation hubs|Cijfers van"))
    medians = [t.strip() for t in visitor.page.locator("#public-medians tbody tr > :nth-child(3)").all_inner_texts()]
    assert medians[0] == "21"
    assert len(office.checked) >= 9 and len(sanne.checked) == 3 and len(visitor.checked) == 2
