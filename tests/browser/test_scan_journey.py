"""Journey (issue 15, the participation scan), in separate browsers, one per person:

1. The programme office logs in with its password and opens this year's scan round on its page.
2. The hub's coordinator finds the scan through the menu, answers every question but the first,
   and is refused at submission with that question listed.
3. A second coordinator of the same hub (the coalition) opens the form on a 360 px phone: it fits,
   and it says who saved last.
4. The coordinator answers the first question ("not applicable"), submits, and sees the radar chart
   with the table beside it: the hub against the national median (other hubs' submitted scans are
   made by factories) and against its own scan of last year.

axe-core (WCAG 2.1 AA) runs on every page visited.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from participatiehub.scans.constants import ResponseStatus
from participatiehub.scans.models import ScanResponse, ScanRound
from tests.browser.conftest import assert_accessible, assert_fits_phone, bilingual, button, eventually, link
from tests.factories import HubFactory, coordinator, programme_officer
from tests.scans.factories import answer_all, default_version, past_round, questions_of, response_of

pytestmark = pytest.mark.django_db(transaction=True)

OFFICE = "bureau@zonmw.example"
COORDINATOR = "coordinator@hub-utrecht.example"
PARTNER = "partner@hub-utrecht.example"


@pytest.fixture
def world():
    version = default_version()
    hub = HubFactory(slug="utrecht", name="Participatiehub Utrecht")
    coordinator(hub, email=COORDINATOR, full_name="Sanne Coördinator")
    coordinator(hub, email=PARTNER, full_name="Pieter Partner")
    programme_officer(email=OFFICE, full_name="Programmabureau ZonMw")
    others = [
        HubFactory(slug="twente", name="Participatiehub Twente"),
        HubFactory(slug="amsterdam", name="Participatiehub Amsterdam"),
    ]
    # Last year: the hub answered 2 everywhere (score 25).
    answer_all(response_of(past_round(year=timezone.localdate().year - 1, version=version), hub), lambda q: 2)
    return hub, others, version


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_scan_from_opening_the_round_to_the_radar_chart(new_visitor, phone_visitor, world):
    hub, others, version = world
    year = timezone.localdate().year

    # --- 1. The office opens the round ---------------------------------------------------------
    office = new_visitor()
    office.login(OFFICE)
    page = office.page
    office.click(link(page.get_by_role("navigation", name=re.compile("Main menu|Hoofdmenu")), "Scan", "Scan"))
    page.locator("#id_round-year").fill(str(year))
    page.select_option("#id_round-template_version", value=str(version.pk))
    page.locator("#id_round-opens_on").fill(timezone.localdate().isoformat())
    page.locator("#id_round-deadline").fill(_local(timezone.now() + dt.timedelta(days=30)))
    page.locator("#id_round-reminder_days").fill("14, 3")
    office.click(button(page, "Open the round", "Open de ronde"))
    scan_round = ScanRound.objects.get(year=year)
    expect(page.get_by_role("status")).to_contain_text(bilingual("is open", "is open", whole=False))
    table = page.get_by_role("table")
    expect(table).to_contain_text("Participatiehub Utrecht")
    expect(table).to_contain_text(bilingual("Not started", "Niet begonnen", whole=False))
    assert scan_round.responses.count() == 3
    # The other hubs submitted theirs (Twente: every answer 5, score 100; Amsterdam: 3, score 50).
    for other, value in zip(others, (5, 3), strict=True):
        answer_all(ScanResponse.objects.get(scan_round=scan_round, hub=other), lambda q, value=value: value)

    # --- 2. The coordinator fills in the scan and is refused once ------------------------------
    coord = new_visitor()
    coord.login(COORDINATOR)
    page = coord.page
    coord.click(
        link(
            page.get_by_role("navigation", name=re.compile("Main menu|Hoofdmenu")),
            "Participation scan",
            "Participatiescan",
        )
    )
    coord.click(link(page.locator("main"), f"Scan {year}", f"Scan {year}"))
    questions = questions_of(scan_round)
    first, rest = questions[0], questions[1:]
    for question in rest:
        page.locator(f"#id_scan-q{question.pk}_3").check()  # "4 – Grotendeels"
    page.locator("textarea[name^='scan-c']").first.fill("Samen met de cliëntenraad ingevuld.")
    page.locator("textarea[name^='scan-c']").first.blur()
    # The form saves on every change (quick changes are sent one after another): wait until all arrived.
    response = ScanResponse.objects.get(scan_round=scan_round, hub=hub)
    eventually(
        lambda: response.answers.count() == len(rest) and response.comments.exists(),
        what="the answers saved as they were given",
    )
    response.refresh_from_db()
    expect(page.locator("#id_scan-version")).to_have_value(str(response.version))
    expect(page.locator("#autosave-status")).to_contain_text(bilingual("Saved at", "Bewaard om", whole=False))
    assert response.status == ResponseStatus.DRAFT and response.last_saved_by.email == COORDINATOR
    coord.click(button(page, "Submit the scan", "Stuur de scan in"))
    alert = page.locator("#problems")
    expect(alert).to_contain_text(bilingual("Question 1", "Vraag 1", whole=False))
    expect(alert).to_contain_text(first.text)
    expect(alert.locator("li")).to_have_count(1)
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT

    # --- 3. The coalition partner opens the form on a phone ------------------------------------
    phone = phone_visitor
    phone.login(PARTNER)
    phone.goto(f"/scan/antwoorden/{response.pk}/")
    assert_fits_phone(phone)
    expect(phone.page.locator("#last-saved")).to_contain_text("Sanne Coördinator")
    expect(phone.page.locator(f"#id_scan-q{rest[0].pk}_3")).to_be_checked()

    # --- 4. The coordinator answers the last question, submits and sees the radar --------------
    page.reload()
    coord.check()
    na = page.locator(f"#id_scan-q{first.pk}_5")  # after 1–5: "Weet ik niet / niet van toepassing"
    na.check()
    eventually(lambda: response.answers.count() == len(questions), what="the last answer saved")
    coord.click(button(page, "Submit the scan", "Stuur de scan in"))
    expect(page.get_by_role("status")).to_contain_text(bilingual("submitted", "ingestuurd", whole=False))
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    chart = page.locator("svg.ph-radar-chart")
    expect(chart.locator("title")).to_have_text(re.compile(str(year)))
    assert "mediaan" in chart.locator("desc").text_content() or "median" in chart.locator("desc").text_content()
    scores = page.locator("section[aria-labelledby=scores]").get_by_role("table")
    expect(scores).to_contain_text(bilingual("National median", "Landelijke mediaan", whole=False))
    for code in ("vision", "network", "reach", "methods", "influence", "feedback", "continuity"):
        row = scores.locator(f"tr[data-dimension='{code}'] td")
        # The hub 75 (every answer 4), the median of 75, 100 and 50, last year 25.
        expect(row).to_have_text([re.compile(r"75[,.]0"), re.compile(r"75[,.]0"), re.compile(r"25[,.]0")])
    expect(page.get_by_role("button", name=bilingual("Submit the scan", "Stuur de scan in"))).to_have_count(0)
    assert_accessible(page)

    # --- 5. The office follows the round, opens the hub's scan and looks at the template ---------
    page = office.page
    office.goto(f"/scan/rondes/{scan_round.pk}/")
    row = page.get_by_role("row", name=re.compile("Participatiehub Utrecht"))
    expect(row).to_contain_text(bilingual("Submitted", "Ingediend", whole=False))
    office.click(link(row, "Participatiehub Utrecht", "Participatiehub Utrecht"))
    expect(page.locator("svg.ph-radar-chart")).to_have_count(1)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert_accessible(page)
    office.goto("/scan/sjablonen/")
    office.click(link(page.locator("main"), "Version 1", "Versie 1"))
    expect(page.locator("main")).to_contain_text("Visie en ambitie")
    office.click(
        button(
            page, "Make a new version to change the template", "Maak een nieuwe versie om het sjabloon te veranderen"
        )
    )
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert_accessible(page)
