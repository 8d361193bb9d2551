"""The call and application pages in Chromium, axe-core (WCAG 2.1 AA) clean on every page visited:
the office opens a call; a coordinator drafts (saved as they type), is refused at submission for a
missing partner, fixes it and submits; the office sees it in the completeness check."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from participatiehub.funding import views as funding_views
from participatiehub.funding.constants import ApplicationStatus, CallStatus
from participatiehub.funding.models import Application
from tests.browser.conftest import Visitor, assert_accessible, bilingual, button, eventually, link
from tests.factories import OrganisationFactory

from .factories import PDF_BYTES, CallFactory, RequiredAttachmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def visitor(page, live_server):
    page.set_default_timeout(15000)
    return Visitor(page, live_server.url)


def _open_all_details(visitor):
    visitor.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert_accessible(visitor.page)


def test_office_opens_a_call_and_a_coordinator_applies(
    visitor, browser, live_server, hub, applicant, office, tmp_path, monkeypatch
):
    call = CallFactory(title="Coalitievorming Regionale Participatiehubs", status=CallStatus.DRAFT)
    RequiredAttachmentFactory(call=call, name="Begroting")
    OrganisationFactory(hub=hub, name="Welzijn Utrecht")
    OrganisationFactory(hub=hub, name="Cliëntenraad Utrecht")
    page = visitor.page

    visitor.login(office.email)
    visitor.goto("/subsidies/beheer/")
    visitor.click(link(page, call.title, call.title))
    _open_all_details(visitor)
    visitor.click(button(page, "Open the call", "De oproep openen"))
    expect(page.get_by_role("status")).to_contain_text(
        bilingual("The call is open.", "De oproep is open.", whole=False)
    )
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN

    context = browser.new_context(locale="nl-NL")
    applicant_page = context.new_page()
    applicant_page.set_default_timeout(15000)
    coordinator = Visitor(applicant_page, live_server.url)
    coordinator.login(applicant.email)
    coordinator.goto(f"/subsidies/oproepen/{call.slug}/")
    coordinator.click(link(applicant_page, "Apply", "Aanvragen"))
    applicant_page.locator("#id_title").fill("Samen sterk in Utrecht")
    coordinator.click(button(applicant_page, "Start the application", "Aanvraag beginnen"))
    application = Application.objects.get()

    # Saved as you type (htmx): the status line says so, and the draft has a new version. Each save
    # takes a while here (a slow connection), so the next field's change comes while the last save is
    # under way: it must wait for the new version, not be refused as someone else's edit.
    real_update = funding_views._update

    def update_slowly(*args, **kwargs):
        time.sleep(0.5)
        return real_update(*args, **kwargs)

    monkeypatch.setattr(funding_views, "_update", update_slowly)
    applicant_page.locator("#id_application-summary").fill("Een coalitie van welzijn en cliënten.")
    applicant_page.locator("#id_application-plan").fill("Drie bijeenkomsten met inwoners.")
    applicant_page.locator("#id_application-months").fill("6")
    applicant_page.locator("#id_application-months").blur()

    def months_saved():
        application.refresh_from_db()
        return application.months == 6

    eventually(months_saved, what="the last field saved", timeout=15)
    expect(applicant_page.locator("#autosave-status")).to_contain_text(bilingual("Saved", "Opgeslagen", whole=False))
    assert applicant_page.locator("#autosave-status strong").count() == 0
    assert_accessible(applicant_page)
    assert application.summary and application.plan and application.version > 1
    monkeypatch.setattr(funding_views, "_update", real_update)

    _open_all_details(coordinator)
    applicant_page.select_option("#id_partner-organisation", label="Welzijn Utrecht")
    for role in ("main_applicant", "project_leader", "administrative"):
        applicant_page.locator(f"input[name='partner-roles'][value='{role}']").check()
    applicant_page.locator("#id_partner-is_dutch_legal_entity").check()
    coordinator.click(button(applicant_page, "Add the partner", "Partner toevoegen"))
    _open_all_details(coordinator)
    applicant_page.select_option("#id_budget-category", value="staff")
    applicant_page.locator("#id_budget-description").fill("Projectleider")
    applicant_page.locator("#id_budget-amount").fill("30000")
    coordinator.click(button(applicant_page, "Add the line", "Regel toevoegen"))
    _open_all_details(coordinator)
    pdf = tmp_path / "begroting.pdf"
    pdf.write_bytes(PDF_BYTES)
    applicant_page.select_option("#id_attachment-required", label="Begroting")
    applicant_page.set_input_files("#id_attachment-file", str(pdf))
    coordinator.click(button(applicant_page, "Upload", "Uploaden"))

    # Refused for a missing partner, with the reason; nothing changed.
    coordinator.click(button(applicant_page, "Submit the application", "De aanvraag indienen"))
    expect(applicant_page.get_by_role("alert")).to_contain_text(
        bilingual("at least 2 partners", "minstens 2 partners", whole=False)
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT

    _open_all_details(coordinator)
    applicant_page.select_option("#id_partner-organisation", label="Cliëntenraad Utrecht")
    applicant_page.locator("#id_partner-is_dutch_legal_entity").check()
    coordinator.click(button(applicant_page, "Add the partner", "Partner toevoegen"))
    coordinator.click(button(applicant_page, "Submit the application", "De aanvraag indienen"))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    coordinator.goto("/subsidies/aanvragen/")
    context.close()

    visitor.goto("/subsidies/beheer/aanvragen/")
    visitor.click(link(page, application.title, application.title))
    _open_all_details(visitor)
