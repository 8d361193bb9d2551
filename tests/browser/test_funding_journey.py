"""Journey (issue 14): a grant from the call to the reclaim, walked in separate browsers, one per person.

1. The programme office makes a call on its pages (criteria, a required attachment, the procedure with
   a rebuttal) and opens it.
2. The lead applicant (a coordinator of the hub) drafts an application, is refused at submission for a
   missing partner, adds the partner and submits.
3. The office returns it once for a missing attachment; the applicant uploads it and submits again;
   the office accepts it as complete and asks three referees and a committee member.
4. Two referees declare no conflict and score; the third declares a conflict and gets the 403 page on
   the application. The office closes the referee step.
5. The applicant reads the reports without the referees' names and rebuts; the committee member ranks;
   the office sends the ranked application to the decision and awards less than was asked for.
6. The applicant is e-mailed (queued, then delivered) and downloads the award letter (a PDF).
7. The grant: start, first advance, progress report sent and approved, second advance, final report
   with the request for settlement, settled lower, the difference reclaimed and received, closed.

After the award and after every money step the budget dashboard's table (not its chart) moves by
exactly that step's amounts: committed, advanced, settled, reclaimed and remaining, on the programme
line's row and in the total. Only what has no page is made with factories: the people and their roles,
the hub with its network, the programme line, and one earlier grant so the figures do not start at zero.
axe-core (WCAG 2.1 AA) runs on every page visited, with the folded parts opened where they are used.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

from django.core import mail
from django.utils import timezone

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from participatiehub.accounts.constants import Role
from participatiehub.core.models import OutgoingEmail
from participatiehub.funding.constants import ApplicationStatus, GrantStatus, ReclaimStatus
from participatiehub.funding.models import Application, Call, Grant
from tests.browser.conftest import assert_accessible, bilingual, button, eventually, link
from tests.factories import (
    HubFactory,
    OrganisationFactory,
    RoleAssignmentFactory,
    UserFactory,
    coordinator,
    programme_officer,
)
from tests.funding.factories import PDF_BYTES, CallFactory, ProgrammeLineFactory
from tests.funding.grant_helpers import quick_grant

pytestmark = pytest.mark.django_db(transaction=True)

A = ApplicationStatus
LINE_CODE = "1"
CALL_TITLE = "Versterken Regionale Participatiehubs"
TITLE = "Samen sterk in Utrecht"
APPLICANT = "coordinator@hub-utrecht.example"
OFFICE = "bureau@zonmw.example"
COMMITTEE = "commissie.jansen@zonmw.example"
REFEREES = {
    "ria.referent@example.nl": "Ria Referent",
    "bram.beoordelaar@example.nl": "Bram Beoordelaar",
}
CONFLICTED = ("carla.conflict@example.nl", "Carla Conflict")
REQUESTED = Decimal("45000.00")  # 30.000 staff + 15.000 allowances
AWARDED = Decimal("40000.00")  # less than requested
FIRST_ADVANCE = Decimal("32000.00")  # 80 % at the start
SECOND_ADVANCE = Decimal("8000.00")  # 20 % after the approved progress report
SETTLED = Decimal("36500.00")
RECLAIMED = AWARDED - SETTLED  # paid in full, settled lower
EARLIER_GRANT = Decimal("25000.00")
FIGURES = ("committed", "advanced", "settled", "reclaimed", "remaining")


@pytest.fixture
def world(settings, tmp_path, private_files):
    settings.MEDIA_ROOT = tmp_path / "media"
    line = ProgrammeLineFactory(code=LINE_CODE, name="Realiseren en monitoren", budget=Decimal("26000000.00"))
    hub = HubFactory(slug="utrecht", name="Participatiehub Utrecht")
    OrganisationFactory(hub=hub, name="Welzijn Utrecht")
    OrganisationFactory(hub=hub, name="Cliëntenraad Utrecht")
    coordinator(hub, email=APPLICANT, full_name="Sanne Coördinator")
    programme_officer(email=OFFICE, full_name="Programmabureau ZonMw")
    for email, name in (*REFEREES.items(), CONFLICTED):
        RoleAssignmentFactory(user=UserFactory(email=email, full_name=name), role=Role.REFEREE)
    RoleAssignmentFactory(user=UserFactory(email=COMMITTEE, full_name="Kees Jansen"), role=Role.COMMITTEE_MEMBER)
    # An earlier grant of another hub on the same line: the journey's figures add to it.
    other = HubFactory(slug="twente", name="Participatiehub Twente")
    quick_grant(hub=other, lead_applicant=UserFactory(), amount=EARLIER_GRANT, call=CallFactory(line=line))
    return hub, line


# --- helpers ------------------------------------------------------------------------------------


def _open_details(visitor) -> None:
    """Unfold every folded form and check the page again with them open."""
    visitor.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert_accessible(visitor.page)


def _local(moment: dt.datetime) -> str:
    """A datetime-local input's value in the site's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _euro(text: str) -> Decimal:
    """An amount as the pages show it, "€ 1.234,56" (or "€ 1,234.56"), as a Decimal: the digits are cents."""
    cents = Decimal(re.sub(r"\D", "", text))
    return (-cents if re.search(r"[-−]", text) else cents) / 100


def _funding_menu(page, english: str, dutch: str):
    """A link of the office's second menu row, on every funding page."""
    return link(page.get_by_role("navigation", name=bilingual("Subsidies", "Subsidies")), english, dutch)


def _office_grant(office, grant: Grant) -> None:
    """The office opens the grant from the list of awarded grants."""
    office.click(_funding_menu(office.page, "Awarded grants", "Toekenningen"))
    office.click(office.page.locator("main table").get_by_role("link", name=grant.number, exact=True))


def _dashboard(office) -> dict[str, dict[str, Decimal]]:
    """The office opens the budget dashboard: the figures of the line's row and of the total row."""
    office.click(_funding_menu(office.page, "Budget", "Begroting"))
    table = office.page.locator("table:has(#lines-caption)")
    return {
        key: {
            name: _euro(table.locator(f"tr[data-line='{key}'] [data-figure={name}]").inner_text()) for name in FIGURES
        }
        for key in (LINE_CODE, "total")
    }


def _assert_moved(before, after, **deltas) -> None:
    """Every figure moved by exactly its delta (0 when not named), on the line and in the total."""
    for key in (LINE_CODE, "total"):
        moved = {name: after[key][name] - before[key][name] for name in FIGURES}
        expected = {name: Decimal(deltas.get(name, 0)) for name in FIGURES}
        assert moved == expected, f"{key}: moved {moved}, expected {expected}"


def _mail_to(address: str, subject_start: str):
    """The e-mail is queued at once and the task worker delivers it; returns the delivered message."""
    queued = OutgoingEmail.objects.filter(to=address, subject__startswith=subject_start)
    assert queued.count() == 1, list(OutgoingEmail.objects.filter(to=address).values_list("subject", flat=True))
    eventually(lambda: not queued.exclude(status=OutgoingEmail.Status.SENT).exists(), what=f"e-mail {subject_start}")
    delivered = [m for m in mail.outbox if m.to == [address] and m.subject.startswith(subject_start)]
    assert len(delivered) == 1, [(m.to, m.subject) for m in mail.outbox]
    return delivered[0]


def _path(body: str, pattern: str) -> str:
    """The site-relative path of the link in an e-mail that matches ``pattern``."""
    found = re.search(rf"https?://[^/\s]+({pattern})", body)
    assert found, body
    return found.group(1)


def _inbox_row(page):
    """The journey's application in an assessor's inbox (the link says what to do next)."""
    return page.locator("main tbody tr").filter(has_text=TITLE)


def _refresh(application: Application) -> Application:
    application.refresh_from_db()
    return application


# --- the journey --------------------------------------------------------------------------------


def test_funding_from_call_to_reclaim(new_visitor, world, tmp_path):
    hub, line = world
    office = new_visitor()
    office.login(OFFICE)
    page = office.page
    office.click(link(page.get_by_role("navigation", name=re.compile("Main menu|Hoofdmenu")), "Subsidies", "Subsidies"))
    start = _dashboard(office)

    # --- 1. The office makes and opens the call --------------------------------------------------
    office.click(_funding_menu(page, "Calls", "Oproepen"))
    office.click(link(page.locator("main"), "New call", "Nieuwe oproep"))
    page.select_option("#id_line", value=str(line.pk))
    page.locator("#id_title").fill(CALL_TITLE)
    page.locator("#id_text").fill("Voor coalities van een hub met twee of meer partners uit de regio.")
    page.locator("#id_max_amount").fill("50000")
    page.locator("#id_max_months").fill("6")
    page.locator("#id_opens_at").fill(_local(timezone.now() - dt.timedelta(days=1)))
    page.locator("#id_closes_at").fill(_local(timezone.now() + dt.timedelta(days=30)))
    page.locator("#id_min_partners").fill("2")
    page.locator("#id_repair_days").fill("10")
    page.locator("#id_rebuttal_days").fill("14")
    office.click(button(page, "Create the call", "De oproep maken"))
    call = Call.objects.get(title=CALL_TITLE)
    assert call.status == "draft" and call.line.code == LINE_CODE
    _open_details(office)
    for name, weight in (("Relevantie", "2"), ("Haalbaarheid", "1")):
        page.locator("#id_criterion-name").fill(name)
        page.locator("#id_criterion-weight").fill(weight)
        office.click(button(page, "Add the criterion", "Criterium toevoegen"))
        _open_details(office)
    page.locator("#id_required-name").fill("Begroting")
    office.click(button(page, "Add the attachment", "Bijlage toevoegen"))
    office.click(button(page, "Open the call", "De oproep openen"))
    expect(page.get_by_role("status")).to_contain_text(
        bilingual("The call is open.", "De oproep is open.", whole=False)
    )
    assert list(call.criteria.values_list("name", flat=True)) == ["Relevantie", "Haalbaarheid"]

    # --- 2. The lead applicant drafts and submits ------------------------------------------------
    applicant = new_visitor()
    ap = applicant.page
    applicant.login(APPLICANT)
    applicant.click(link(ap.get_by_role("navigation"), "Subsidies", "Subsidies"))
    applicant.click(link(ap.locator("main"), CALL_TITLE, CALL_TITLE))
    applicant.click(link(ap, "Apply", "Aanvragen"))
    ap.locator("#id_title").fill(TITLE)
    applicant.click(button(ap, "Start the application", "Aanvraag beginnen"))
    application = Application.objects.get(title=TITLE)
    assert application.hub == hub and application.lead_applicant.email == APPLICANT
    ap.locator("#id_application-summary").fill("Een coalitie van welzijn en cliënten in Utrecht.")
    ap.locator("#id_application-plan").fill("Drie bijeenkomsten met inwoners en een panel.")
    ap.locator("#id_application-months").fill("6")
    ap.locator("#id_application-months").blur()
    expect(ap.locator("#autosave-status")).to_contain_text(bilingual("Saved", "Opgeslagen", whole=False))
    assert_accessible(ap)

    _open_details(applicant)
    ap.select_option("#id_partner-organisation", label="Welzijn Utrecht")
    for role in ("main_applicant", "project_leader", "administrative"):
        ap.locator(f"input[name='partner-roles'][value='{role}']").check()
    ap.locator("#id_partner-is_dutch_legal_entity").check()
    applicant.click(button(ap, "Add the partner", "Partner toevoegen"))
    for category, description, amount in (("staff", "Projectleider", "30000"), ("allowances", "Vergoedingen", "15000")):
        _open_details(applicant)
        ap.select_option("#id_budget-category", value=category)
        ap.locator("#id_budget-description").fill(description)
        ap.locator("#id_budget-amount").fill(amount)
        applicant.click(button(ap, "Add the line", "Regel toevoegen"))
    _open_details(applicant)
    budget_pdf = tmp_path / "begroting.pdf"
    budget_pdf.write_bytes(PDF_BYTES)
    ap.select_option("#id_attachment-required", label="Begroting")
    ap.set_input_files("#id_attachment-file", str(budget_pdf))
    applicant.click(button(ap, "Upload", "Uploaden"))

    applicant.click(button(ap, "Submit the application", "De aanvraag indienen"))
    expect(ap.get_by_role("alert")).to_contain_text(
        bilingual("at least 2 partners", "minstens 2 partners", whole=False)
    )
    assert _refresh(application).status == A.DRAFT

    _open_details(applicant)
    ap.select_option("#id_partner-organisation", label="Cliëntenraad Utrecht")
    ap.locator("#id_partner-is_dutch_legal_entity").check()
    applicant.click(button(ap, "Add the partner", "Partner toevoegen"))
    applicant.click(button(ap, "Submit the application", "De aanvraag indienen"))
    assert _refresh(application).status == A.SUBMITTED

    # --- 3. Returned once for a missing attachment, repaired, accepted -------------------------
    office.click(_funding_menu(page, "Applications", "Aanvragen"))
    office.click(link(page.locator("main"), TITLE, TITLE))
    _open_details(office)
    page.locator("#id_return-reason").fill("De samenwerkingsovereenkomst tussen de partners ontbreekt.")
    office.click(button(page, "Return for repair", "Terugsturen om aan te vullen"))
    assert _refresh(application).status == A.RETURNED and application.returned_once

    returned_mail = _mail_to(APPLICANT, "Uw aanvraag is niet compleet")
    assert "samenwerkingsovereenkomst" in returned_mail.body
    applicant.goto(_path(returned_mail.body, rf"/subsidies/aanvragen/{application.pk}/"))
    expect(ap.get_by_role("note")).to_contain_text("samenwerkingsovereenkomst")
    _open_details(applicant)
    agreement = tmp_path / "samenwerkingsovereenkomst.pdf"
    agreement.write_bytes(PDF_BYTES)
    ap.select_option("#id_attachment-required", index=0)  # another attachment
    ap.locator("#id_attachment-name").fill("Samenwerkingsovereenkomst")
    ap.set_input_files("#id_attachment-file", str(agreement))
    applicant.click(button(ap, "Upload", "Uploaden"))
    applicant.click(button(ap, "Submit the application again", "De aanvraag opnieuw indienen"))
    assert _refresh(application).status == A.RESUBMITTED
    assert set(application.attachments.values_list("name", flat=True)) == {"Begroting", "Samenwerkingsovereenkomst"}

    office.goto(f"/subsidies/beheer/aanvragen/{application.pk}/")
    expect(page.locator("main")).to_contain_text(
        bilingual("already returned once", "al één keer teruggestuurd", whole=False)
    )
    office.click(button(page, "Complete: go on to the next step", "Compleet: door naar de volgende stap"))
    assert _refresh(application).status == A.IN_ASSESSMENT

    office.goto(f"/subsidies/beheer/aanvragen/{application.pk}/beoordeling/")
    for email, name in (*REFEREES.items(), CONFLICTED):
        _open_details(office)
        page.select_option("#id_referee-user", label=f"{name} ({email})")
        office.click(button(page, "Ask this referee", "Deze referent vragen"))
    _open_details(office)
    page.select_option("#id_committee-user", label=f"Kees Jansen ({COMMITTEE})")
    office.click(button(page, "Ask this committee member", "Dit commissielid vragen"))
    assert application.assignments.count() == 4

    # --- 4. Two referees score; the third has a conflict and gets 403 -------------------------
    criteria = list(call.criteria.all())
    for (email, _name), scores in zip(REFEREES.items(), ((8, 6), (6, 4)), strict=True):
        referee = new_visitor()
        rp = referee.page
        referee.login(email)
        referee.click(link(rp.get_by_role("navigation"), "My assessments", "Mijn beoordelingen"))
        referee.click(_inbox_row(rp).get_by_role("link"))
        rp.locator("input[name=conflict][value=no]").check()
        referee.click(button(rp, "Send my declaration", "Mijn melding versturen"))
        for criterion, value in zip(criteria, scores, strict=True):
            rp.locator(f"#id_score_{criterion.pk}").fill(str(value))
            rp.locator(f"#id_motivation_{criterion.pk}").fill(f"{criterion.name}: {value}, goed onderbouwd.")
        rp.locator("#id_comments").fill("Een sterke coalitie met een helder plan.")
        referee.click(button(rp, "Submit my report", "Mijn beoordeling insturen"))
        expect(rp.get_by_role("status")).to_contain_text(
            bilingual("Your report has been submitted.", "Uw beoordeling is ingestuurd.", whole=False)
        )
        rp.context.close()

    conflicted = new_visitor()
    cp = conflicted.page
    conflicted.login(CONFLICTED[0])
    conflicted.click(link(cp.get_by_role("navigation"), "My assessments", "Mijn beoordelingen"))
    conflicted.click(_inbox_row(cp).get_by_role("link"))
    cp.locator("input[name=conflict][value=yes]").check()
    cp.locator("#id_note").fill("Ik zit in het bestuur van Welzijn Utrecht.")
    conflicted.click(button(cp, "Send my declaration", "Mijn melding versturen"))
    for path in (f"/subsidies/beoordelen/{application.pk}/", f"/subsidies/aanvragen/{application.pk}/"):
        response = cp.goto(office.base_url + path)
        assert response.status == 403, f"{path}: {response.status}"
        conflicted.check()
        assert TITLE not in cp.content()
    cp.context.close()

    office.goto(f"/subsidies/beheer/aanvragen/{application.pk}/beoordeling/")
    _open_details(office)
    office.click(button(page, "Close the referee step", "Stap van de referenten afsluiten"))
    assert _refresh(application).status == A.REBUTTAL

    # --- 5. Anonymised reports and rebuttal; the committee ranks; the office decides --------------
    # The applicant follows the link in the e-mail that the reports can be read.
    rebuttal_mail = _mail_to(APPLICANT, "Reageer op de beoordelingen")
    applicant.goto(_path(rebuttal_mail.body, rf"/subsidies/aanvragen/{application.pk}/wederhoor/"))
    content = ap.content()
    for email, name in (*REFEREES.items(), CONFLICTED):
        assert name not in content and email not in content, f"{name} on the applicant's page"
    for label in ("Referent A", "Referent B"):
        expect(ap.locator("main")).to_contain_text(label)
    expect(ap.locator("main")).to_contain_text("Relevantie: 8, goed onderbouwd.")
    ap.locator("#id_text").fill("De begroting voor vergoedingen staat uitgewerkt in bijlage 2.")
    applicant.click(button(ap, "Send my rebuttal", "Mijn reactie versturen"))
    assert _refresh(application).status == A.COMMITTEE

    member = new_visitor()
    mp = member.page
    member.login(COMMITTEE)
    member.click(link(mp.get_by_role("navigation"), "My assessments", "Mijn beoordelingen"))
    member.click(_inbox_row(mp).get_by_role("link"))
    mp.locator("input[name=conflict][value=no]").check()
    member.click(button(mp, "Send my declaration", "Mijn melding versturen"))
    _open_details(member)
    expect(mp.locator("main")).to_contain_text("Ria Referent")  # the committee weighs who wrote what
    mp.locator(f"#id_a{application.pk}-rank").fill("1")
    mp.select_option(f"#id_a{application.pk}-advice", value="award")
    member.click(button(mp, "Save the ranking", "Rangorde opslaan"))
    assert application.ranking.rank == 1
    mp.context.close()

    office.goto(f"/subsidies/commissie/{call.slug}/")
    office.click(
        button(
            page,
            "Send the ranked applications to the decision",
            "Aanvragen met een plaats doorsturen naar het besluit",
        )
    )
    assert _refresh(application).status == A.DECISION
    office.goto(f"/subsidies/beheer/aanvragen/{application.pk}/beoordeling/")
    _open_details(office)
    page.locator("input[name=decision-outcome][value=award]").check()
    page.locator("#id_decision-amount").fill(str(AWARDED))
    page.locator("#id_decision-conditions").fill("U meldt de start binnen acht weken.")
    page.locator("#id_decision-reason").fill("De post materialen is niet nodig: de partners leveren die zelf.")
    office.click(button(page, "Record the decision", "Besluit vastleggen"))
    assert _refresh(application).status == A.AWARDED
    grant = Grant.objects.get(application=application)
    assert grant.awarded_amount == AWARDED
    awarded = _dashboard(office)
    _assert_moved(start, awarded, committed=AWARDED, remaining=-AWARDED)

    # --- 6. The applicant is e-mailed and downloads the award letter ----------------------------
    # One e-mail gives the decision, the grant number and the link to the award letter.
    letter_mail = _mail_to(APPLICANT, "Besluit: uw aanvraag is toegekend")
    assert "Toegekend bedrag: € 40.000,00 (gevraagd: € 45.000,00)" in letter_mail.body
    assert grant.number in letter_mail.body and "de partners leveren die zelf" in letter_mail.body
    applicant.goto(_path(letter_mail.body, r"/subsidies/toekenningen/\d+/"))
    with ap.expect_download() as download_info:
        link(ap, "Download the award letter (PDF)", "Download het verleningsbesluit (pdf)").click()
    download = download_info.value
    assert download.suggested_filename == f"verleningsbesluit-{grant.number}.pdf"
    with open(download.path(), "rb") as handle:
        letter = handle.read()
    assert letter.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(letter)).pages)
    assert grant.number in text and "40.000,00" in text
    response = ap.request.get(
        office.base_url + _path(letter_mail.body, r"/subsidies/toekenningen/\d+/verleningsbesluit\.pdf")
    )
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"

    # --- 7. From the start to the reclaim, the dashboard moving at every step --------------------
    applicant.click(button(ap, "We have started", "Wij zijn gestart"))
    grant.refresh_from_db()
    assert grant.status == GrantStatus.STARTED

    _office_grant(office, grant)
    office.click(page.get_by_role("button", name=re.compile(r"32\.000,00")))
    after_first = _dashboard(office)
    _assert_moved(awarded, after_first, advanced=FIRST_ADVANCE)

    applicant.goto(f"/subsidies/toekenningen/{grant.pk}/")
    report = grant.progress_reports.get()
    ap.locator(f"#id_report-{report.pk}-text").fill("Twee bijeenkomsten gehouden; het panel is gestart.")
    applicant.click(button(ap, "Send the progress report", "Stuur het voortgangsverslag"))
    report.refresh_from_db()
    assert report.status == "submitted"

    _office_grant(office, grant)
    expect(page.get_by_role("button", name=re.compile(r"8\.000,00"))).to_have_count(0)  # waits for the report
    office.click(button(page, "Approve the progress report", "Keur het voortgangsverslag goed"))
    _assert_moved(after_first, _dashboard(office))  # approving moves no money
    _office_grant(office, grant)
    office.click(page.get_by_role("button", name=re.compile(r"8\.000,00")))
    after_second = _dashboard(office)
    _assert_moved(after_first, after_second, advanced=SECOND_ADVANCE)

    applicant.goto(f"/subsidies/toekenningen/{grant.pk}/")
    _open_details(applicant)
    ap.locator("#id_final-text").fill("Alle activiteiten zijn gehouden; de materialen kostten minder.")
    ap.locator("#id_final-requested_amount").fill(str(SETTLED))
    applicant.click(
        button(
            ap,
            "Send the final report and request for settlement",
            "Stuur het eindverslag en de aanvraag tot vaststelling",
        )
    )
    grant.refresh_from_db()
    assert grant.status == GrantStatus.SETTLEMENT_REQUESTED
    _assert_moved(after_second, _dashboard(office))

    _office_grant(office, grant)
    expect(page.locator("#id_settle-amount")).to_have_value(re.compile(r"^36500(\.00)?$"))
    page.locator("#id_settle-reason").fill("De kosten van de materialen waren lager dan begroot.")
    office.click(button(page, "Settle the grant", "Stel de subsidie vast"))
    grant.refresh_from_db()
    assert grant.status == GrantStatus.SETTLED and grant.settlement.amount == SETTLED
    reclaim = grant.reclaims.get()
    assert reclaim.amount == RECLAIMED and reclaim.status == ReclaimStatus.OPEN
    settled = _dashboard(office)
    _assert_moved(
        after_second, settled, committed=SETTLED - AWARDED, settled=SETTLED, reclaimed=RECLAIMED, remaining=RECLAIMED
    )
    settled_mail = _mail_to(APPLICANT, f"Subsidie vastgesteld: {grant.number}")
    assert "3.500,00" in settled_mail.body

    _office_grant(office, grant)
    office.click(
        button(page, "Record the reclaimed amount as received", "Registreer het teruggevorderde bedrag als ontvangen")
    )
    office.click(button(page, "Close the grant", "Sluit de subsidie af"))
    grant.refresh_from_db()
    assert grant.status == GrantStatus.CLOSED and grant.reclaims.get().status == ReclaimStatus.RECEIVED
    _assert_moved(settled, _dashboard(office))  # receiving the reclaim and closing move no figure
    _assert_moved(
        start,
        _dashboard(office),
        committed=SETTLED,
        advanced=AWARDED,
        settled=SETTLED,
        reclaimed=RECLAIMED,
        remaining=-SETTLED,
    )
    # The applicant finds the grant from their applications: settled at the lower amount, reclaim received.
    applicant.click(link(ap.get_by_role("navigation"), "Subsidies", "Subsidies"))
    applicant.click(link(ap.locator("main"), grant.number, grant.number, whole=False))
    expect(ap.locator("#settlement")).to_be_visible()
    expect(ap.locator("main")).to_contain_text("€ 36.500,00")
    expect(ap.locator("main")).to_contain_text("€ 3.500,00")
