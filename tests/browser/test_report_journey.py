"""Journey (issue 16, the programme report and its Woo publication), in a real browser:

1. The programme office logs in with its password, opens the programme reports and asks for the report
   of 2026. The task worker beside the live server makes it; the page polls (htmx) until the downloads
   show.
2. The office opens the redaction report: every redaction with its text in context, category and Woo
   ground. It undoes one false positive ("Huis van de Wijk", a community centre deduce took for a name),
   with a reason; the decision is logged (and listed on the redaction page) and the public files are made
   again.
3. The office downloads the public PDF and Word file: the planted names, e-mail addresses and phone
   numbers are gone, the organisation names and the community centre remain, and each hub has a page.
4. A hub's coordinator who opens the reports gets nothing (403).

axe-core (WCAG 2.1 AA) runs on every page visited.
"""

from __future__ import annotations

import io

import pytest
from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader

from participatiehub.audit.models import ProcessingLogEntry
from participatiehub.redaction.models import RedactionDecision
from participatiehub.reports.constants import ReportStatus
from participatiehub.reports.models import ProgrammeReport
from tests.browser.conftest import button, eventually, link
from tests.factories import coordinator
from tests.reports.conftest import (
    FALSE_POSITIVE,
    ORGANISATIONS,
    PLANTED_EMAILS,
    PLANTED_NAMES,
    PLANTED_PHONES,
    build_programme,
)

pytestmark = pytest.mark.django_db(transaction=True)

COORDINATOR = "coordinator@hub-eemland.example"


@pytest.fixture
def world(private_files):
    programme = build_programme()
    coordinator(programme.hubs[0], email=COORDINATOR, full_name="Corrie Coördinaat")
    return programme


def squash(text: str) -> str:
    return "".join(text.split())


def wait_for_downloads(visitor):
    main = visitor.page.locator("main")
    expect(link(main, "Public version (PDF)", "Openbare versie (PDF)")).to_be_visible(timeout=180_000)
    visitor.check()


def test_the_office_reviews_and_downloads_the_public_report(new_visitor, task_worker, world):
    # --- 1. ask for the report ---------------------------------------------------------------------
    office = new_visitor()
    office.login(world.office.email)
    office.goto("/rapportages/")
    page = office.page
    page.locator("#id_period").fill("2026")
    office.click(button(page, "Make the report", "Maak de rapportage"))
    report = ProgrammeReport.objects.get()
    wait_for_downloads(office)
    eventually(lambda: ProgrammeReport.objects.get().status == ReportStatus.DONE, what="the report made")

    # --- 2. review, undo one false positive --------------------------------------------------------
    office.goto(f"/rapportages/{report.pk}/")
    office.click(
        link(page.locator("main"), "Review the redactions before publishing", "Bekijk de anonimisering vóór publicatie")
    )
    table = page.locator("#findings-table")
    expect(table).to_contain_text("art. 5.1 lid 2 sub e Woo")
    row = table.locator("tr", has_text=FALSE_POSITIVE)
    expect(row).to_have_count(1)
    office.click(row.get_by_role("link", name=FALSE_POSITIVE, exact=False))
    page.locator("#id_reason").fill("Dit is de naam van een buurthuis, geen persoon.")
    office.click(button(page, "Keep this text", "Laat deze tekst staan"))
    decision = RedactionDecision.objects.get()
    assert decision.action == "undo" and FALSE_POSITIVE in decision.term
    assert ProcessingLogEntry.objects.filter(activity="redaction.decision_undo").exists()
    eventually(
        lambda: ProgrammeReport.objects.get().runs == 2 and ProgrammeReport.objects.get().status == ReportStatus.DONE,
        what="the public files made again",
        timeout=180,
    )
    office.goto("/redactie/")  # the decision is on the office's redaction page, with who and why
    expect(page.locator("main")).to_contain_text("Dit is de naam van een buurthuis")
    office.goto(f"/rapportages/{report.pk}/")
    wait_for_downloads(office)

    # --- 3. download both public files -------------------------------------------------------------------
    main = page.locator("main")
    with page.expect_download() as info:
        link(main, "Public version (PDF)", "Openbare versie (PDF)").click()
    assert info.value.suggested_filename == "programmarapportage-2026-openbaar.pdf"
    with open(info.value.path(), "rb") as handle:
        pages = [p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages]
    with page.expect_download() as info:
        link(main, "Public version (Word)", "Openbare versie (Word)").click()
    assert info.value.suggested_filename == "programmarapportage-2026-openbaar.docx"
    with open(info.value.path(), "rb") as handle:
        doc = Document(io.BytesIO(handle.read()))
    docx = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    for hub in world.hubs:
        assert sum(1 for text in pages if text.lstrip().startswith(hub.name)) == 1
    for text in (squash("\n".join(pages)), squash(docx)):
        for planted in (*PLANTED_NAMES, *PLANTED_EMAILS, *PLANTED_PHONES):
            assert squash(planted) not in text, planted
        for kept in (*ORGANISATIONS, "Huis van de Wijk"):
            assert squash(kept) in text, kept

    # --- 4. a coordinator gets nothing -----------------------------------------------------------------------
    other = new_visitor()
    other.login(COORDINATOR)
    response = other.page.goto(other.base_url + "/rapportages/")
    assert response is not None and response.status == 403
    other.check()
