"""The grant pages: nobody but the hub acts as grantee and nobody but the office pays (who reaches
which page is in test_access_matrix.py), the grantee's and the office's forms end to end, the award
letter download, and the hub pages (the coordinator's dashboard, the cached public page)."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

import pytest

from participatiehub.accounts.constants import Role
from participatiehub.funding import services_grants as grants
from participatiehub.funding.constants import AdvanceStatus, GrantStatus, ProgressReportStatus
from participatiehub.funding.models import AdvancePayment, Grant, GrantStatusChange, ProgressReport
from tests.factories import OrganisationFactory, decision_maker, evaluator

from .grant_helpers import award, finance_user, role_user

G = GrantStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def grant(hub, applicant, office):
    return award(hub=hub, lead_applicant=applicant, office=office, amount=Decimal("40000.00"))


def _url(name, grant):
    return (
        reverse(f"funding:{name}", args=[grant.pk])
        if name in ("grant", "award_letter", "office_grant")
        else (reverse(f"funding:{name}"))
    )


@pytest.fixture
def people(hub, applicant, other_coordinator, office):
    return {
        "own_coordinator": applicant,
        "other_coordinator": other_coordinator,
        "office": office,
        "finance": finance_user(),
        "referee": role_user(Role.REFEREE),
        "committee": role_user(Role.COMMITTEE_MEMBER),
        "evaluator": evaluator(),
        "decision_maker": decision_maker(OrganisationFactory(hub=hub)),
    }


def _state(grant):
    return (
        list(Grant.objects.filter(pk=grant.pk).values()),
        list(AdvancePayment.objects.filter(grant=grant).values()),
        list(ProgressReport.objects.filter(grant=grant).values()),
        GrantStatusChange.objects.filter(grant=grant).count(),
    )


@pytest.mark.parametrize("who", ["other_coordinator", "office", "finance", "referee", "evaluator"])
def test_nobody_but_the_hub_acts_as_grantee(client, grant, people, who):
    client.force_login(people[who])
    before = _state(grant)
    response = client.post(_url("grant", grant), {"action": "start", "version": grant.version})
    assert response.status_code == 403
    assert _state(grant) == before


@pytest.mark.parametrize("who", ["own_coordinator", "other_coordinator", "finance", "committee"])
def test_nobody_but_the_office_pays(client, grant, people, who):
    client.force_login(people[who])
    first = grant.advances.order_by("planned_on").first()
    before = _state(grant)
    response = client.post(
        _url("office_grant", grant), {"action": "pay", "advance": first.pk, "version": grant.version}
    )
    assert response.status_code == 403
    assert _state(grant) == before


def test_unknown_grant_is_404(client, office, applicant):
    for user, name in ((office, "office_grant"), (applicant, "grant"), (applicant, "award_letter")):
        client.force_login(user)
        assert client.get(reverse(f"funding:{name}", args=[999999])).status_code == 404


def test_a_row_of_another_grant_is_404(client, grant, hub, applicant, office, other_hub, other_coordinator):
    foreign = award(hub=other_hub, lead_applicant=other_coordinator, office=office)
    foreign_report = foreign.progress_reports.get()
    grants.grant_start(actor=applicant, grant=grant)
    client.force_login(applicant)
    response = client.post(
        _url("grant", grant),
        {"action": "report_submit", "report": foreign_report.pk, f"report-{foreign_report.pk}-text": "x"},
    )
    assert response.status_code == 404
    foreign_report.refresh_from_db()
    assert foreign_report.status == ProgressReportStatus.DUE


def test_the_award_letter_downloads_as_pdf(client, grant, applicant):
    client.force_login(applicant)
    response = client.get(_url("award_letter", grant))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_grantee_and_office_forms_end_to_end(client, grant, applicant, office):
    client.force_login(applicant)
    page = client.get(_url("grant", grant))
    assert page.status_code == 200 and "We have started" in page.content.decode()
    client.post(_url("grant", grant), {"action": "start", "version": grant.version})
    grant.refresh_from_db()
    assert grant.status == G.STARTED
    report = grant.progress_reports.get()
    response = client.post(
        _url("grant", grant),
        {
            "action": "report_submit",
            "report": report.pk,
            f"report-{report.pk}-text": "Twee bijeenkomsten.",
            f"report-{report.pk}-version": grant.version,
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ProgressReportStatus.SUBMITTED
    # A stale version (the page was open before someone else's change) is refused on the form.
    stale = client.post(
        _url("grant", grant),
        {
            "action": "change_request",
            "change-kind": "budget_shift",
            "change-text": "Meer voor vergoedingen.",
            "change-version": grant.version - 1,
        },
    )
    assert stale.status_code == 200 and "Someone else changed this grant" in stale.content.decode()

    client.force_login(office)
    grant.refresh_from_db()
    response = client.post(
        _url("office_grant", grant),
        {
            "action": "report_approve",
            "report": report.pk,
            f"review-{report.pk}-note": "",
            f"review-{report.pk}-version": grant.version,
        },
    )
    assert response.status_code == 302
    for advance in grant.advances.order_by("planned_on"):
        grant.refresh_from_db()
        client.post(_url("office_grant", grant), {"action": "pay", "advance": advance.pk, "version": grant.version})
    assert set(grant.advances.values_list("status", flat=True)) == {AdvanceStatus.PAID}

    client.force_login(applicant)
    grant.refresh_from_db()
    response = client.post(
        _url("grant", grant),
        {
            "action": "final_report",
            "final-text": "Alles gedaan.",
            "final-requested_amount": "38000.00",
            "final-version": grant.version,
        },
    )
    assert response.status_code == 302
    client.force_login(office)
    grant.refresh_from_db()
    lower = client.post(
        _url("office_grant", grant),
        {"action": "settle", "settle-amount": "38000.00", "settle-reason": "", "settle-version": grant.version},
    )
    assert lower.status_code == 200 and "reason for settling lower" in lower.content.decode()
    client.post(
        _url("office_grant", grant),
        {
            "action": "settle",
            "settle-amount": "38000.00",
            "settle-reason": "Minder kosten.",
            "settle-version": grant.version,
        },
    )
    grant.refresh_from_db()
    assert grant.status == G.SETTLED and grant.reclaims.get().amount == Decimal("2000.00")
    page = client.get(_url("office_grant", grant)).content.decode()
    assert "Record the reclaimed amount as received" in page and "Every change of this grant" in page


def test_office_list_shows_what_needs_attention(client, grant, office, applicant):
    """The page is cached (ADR 0004): each step through the services shows at once."""
    client.force_login(office)
    url = reverse("funding:office_grants")
    assert "Progress reports to review" not in client.get(url).content.decode()
    grants.grant_start(actor=applicant, grant=grant)
    report = grant.progress_reports.get()
    grants.progress_report_submit(actor=applicant, report=report, text="Voortgang.")
    html = client.get(url).content.decode()
    assert "Progress reports to review (1)" in html and grant.number in html
    grants.progress_report_approve(actor=office, report=report)
    assert "Progress reports to review" not in client.get(url).content.decode()


def test_office_list_pages_by_50_and_attention_shows_the_oldest_ten_of_all(client, hub, applicant, office):
    from participatiehub.core.services import data_version_bump
    from participatiehub.funding.selectors_grants import ATTENTION_LIMIT
    from participatiehub.funding.services_grants import GRANTS_PUBLIC_VERSION

    from .grant_helpers import quick_grant

    made = [quick_grant(hub=hub, lead_applicant=applicant, amount=Decimal("1000.00")) for _ in range(53)]
    Grant.objects.filter(pk__in=[g.pk for g in made]).update(start_deadline="2020-01-01")  # not started in time
    data_version_bump(GRANTS_PUBLIC_VERSION)  # a bulk update bypasses the services
    client.force_login(office)
    url = reverse("funding:office_grants")
    first = client.get(url).content.decode()
    assert "53 grants" in first and "Page 1 of 2" in first
    assert "Not started by the start deadline (53)" in first
    assert f"The first {ATTENTION_LIMIT} are shown, the oldest first." in first
    table = first.split('id="list"')[1]
    shown = {g.number for g in made if f">{g.number}</a>" in table}
    assert len(shown) == 50
    second = client.get(url, {"pagina": 2}).content.decode()
    assert "Page 2 of 2" in second
    table = second.split('id="list"')[1]
    assert {g.number for g in made if f">{g.number}</a>" in table} == {g.number for g in made} - shown


def test_hub_dashboard_shows_the_hubs_funding_only(client, grant, hub, applicant, other_hub, other_coordinator, office):
    from tests.trajectories.factories import ActivityFactory, QuestionFactory, TrajectoryFactory

    activity = ActivityFactory(
        trajectory=TrajectoryFactory(question=QuestionFactory(hub=hub), hub=hub), title="Dialoog"
    )
    grants.grant_activity_link(actor=applicant, grant=grant, activity=activity)
    client.force_login(applicant)
    html = client.get(reverse("hubs:manage", args=[hub.slug])).content.decode()
    assert grant.number in html and "Dialoog" in html and "Due next" in html
    client.force_login(other_coordinator)
    assert grant.number not in client.get(reverse("hubs:manage", args=[other_hub.slug])).content.decode()
    assert client.get(reverse("hubs:manage", args=[hub.slug])).status_code == 403


def test_public_hub_page_shows_awarded_grants_and_follows_new_ones(client, hub, applicant, office):
    url = reverse("hubs:public", args=[hub.slug])
    assert "Grants awarded" not in client.get(url).content.decode()
    grant = award(hub=hub, lead_applicant=applicant, office=office, amount=Decimal("12345.67"))
    html = client.get(url).content.decode()
    assert "Grants awarded" in html and "€ 12,345.67" in html and grant.application.call.title in html
    # An extension changes the period shown: the cached page follows it.
    from participatiehub.funding.constants import ChangeRequestKind

    new_end = grant.ends_on.replace(year=grant.ends_on.year + 1)
    request = grants.change_request_submit(
        actor=applicant, grant=grant, kind=ChangeRequestKind.EXTENSION, text="Langer.", new_end=new_end
    )
    grants.change_request_decide(actor=office, request=request, approve=True)
    assert str(new_end.year) in client.get(url).content.decode()
