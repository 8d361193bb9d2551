"""The assessment pages in Chromium, axe-core (WCAG 2.1 AA) clean on every page visited (folded parts
opened): a referee declares no conflict and scores; the applicant reads the anonymised reports and
rebuts; the committee ranks side by side; the office sees the assessment and records the decision."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from participatiehub.funding import services_assessment as assess
from participatiehub.funding.constants import ApplicationStatus, AssignmentRole
from tests.browser.conftest import assert_accessible, bilingual, button, new_visitor  # noqa: F401 (fixture)

from .assessment_factories import assessed_call, assign, committee_member, in_assessment, referee, score_all

A = ApplicationStatus
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check_open(visitor):
    visitor.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert_accessible(visitor.page)


def test_the_assessment_pages(new_visitor, hub, applicant, office):  # noqa: F811
    call = assessed_call(title="Coalitievorming", slug="coalitievorming")
    scoring = in_assessment(call=call, hub=hub, applicant=applicant, office=office, title="Wijkpanel")
    rebutting = in_assessment(call=call, hub=hub, applicant=applicant, office=office, title="Samen sterk")
    person, member = referee(full_name="Ria Referent"), committee_member(full_name="Carla Commissie")
    assign(scoring, person, office, declare=None)
    score_all(assign(rebutting, person, office), [8, 6])
    score_all(assign(rebutting, referee(), office), [6, 4])
    assign(rebutting, member, office, role=AssignmentRole.COMMITTEE)
    assess.referees_close(actor=office, application=rebutting)

    # The referee: inbox, declaration, scoring form.
    ref = new_visitor()
    ref.login(person.email)
    ref.goto("/subsidies/beoordelen/")
    ref.goto(f"/subsidies/beoordelen/{scoring.pk}/belangen/")
    ref.page.locator("input[name=conflict][value=no]").check()
    ref.click(button(ref.page, "Send my declaration", "Mijn melding versturen"))
    relevance, feasibility = call.criteria.all()
    for criterion, value in ((relevance, "7"), (feasibility, "5")):
        ref.page.locator(f"#id_score_{criterion.pk}").fill(value)
        ref.page.locator(f"#id_motivation_{criterion.pk}").fill(f"Toelichting {criterion.name}.")
    ref.click(button(ref.page, "Submit my report", "Mijn beoordeling insturen"))
    expect(ref.page.get_by_role("status")).to_contain_text(
        bilingual("Your report has been submitted.", "Uw beoordeling is ingestuurd.", whole=False)
    )
    _check_open(ref)

    # The applicant: the anonymised reports and the rebuttal.
    app = new_visitor()
    app.login(applicant.email)
    app.goto(f"/subsidies/aanvragen/{rebutting.pk}/wederhoor/")
    assert "Ria Referent" not in app.page.content()
    app.page.locator("#id_text").fill("Ons plan staat in bijlage 2.")
    app.click(button(app.page, "Send my rebuttal", "Mijn reactie versturen"))
    rebutting.refresh_from_db()
    assert rebutting.status == A.COMMITTEE

    # The committee: the table side by side, ranked.
    com = new_visitor()
    com.login(member.email)
    com.goto(f"/subsidies/commissie/{call.slug}/")
    _check_open(com)
    com.page.locator(f"#id_a{rebutting.pk}-rank").fill("1")
    com.click(button(com.page, "Save the ranking", "Rangorde opslaan"))
    assert rebutting.ranking.rank == 1

    # The office: the call's overview, the application's assessment, on to the decision, awarded.
    off = new_visitor()
    off.login(office.email)
    off.goto(f"/subsidies/beheer/oproepen/{call.slug}/beoordeling/")
    off.goto(f"/subsidies/beheer/aanvragen/{scoring.pk}/beoordeling/")
    _check_open(off)
    off.goto(f"/subsidies/commissie/{call.slug}/")
    off.click(
        button(
            off.page,
            "Send the ranked applications to the decision",
            "Aanvragen met een plaats doorsturen naar het besluit",
        )
    )
    off.goto(f"/subsidies/beheer/aanvragen/{rebutting.pk}/beoordeling/")
    _check_open(off)
    off.page.locator("input[name=decision-outcome][value=award]").check()
    off.page.locator("#id_decision-amount").fill("45000")
    off.click(button(off.page, "Record the decision", "Besluit vastleggen"))
    rebutting.refresh_from_db()
    assert rebutting.status == A.AWARDED
    _check_open(off)
