"""The "Subsidies" menu per role: the office reaches calls, applications, grants and the budget, finance
the budget and its export, the hub's coordinators their applications and from there each grant; every
link opens for the one who sees it, and nobody gets a link to a page they may not open."""

from __future__ import annotations

import re
from decimal import Decimal

from django.urls import reverse

import pytest

from participatiehub.accounts.constants import Role
from tests.factories import OrganisationFactory, decision_maker, evaluator

from .grant_helpers import award, finance_user, role_user

pytestmark = pytest.mark.django_db

FUNDING_PAGES = {
    "calls": reverse("funding:office_calls"),
    "applications": reverse("funding:office_applications"),
    "grants": reverse("funding:office_grants"),
    "budget": reverse("funding:budget"),
    "export": reverse("funding:budget_export"),
}
MY_APPLICATIONS = reverse("funding:my_applications")
INBOX = reverse("funding:assessment_inbox")


def _nav_links(page: str) -> set[str]:
    """The links (href) of every navigation of the page's header."""
    header = page.split("<header", 1)[1].split("</header>", 1)[0]
    return set(re.findall(r'<a href="([^"]+)"', header))


@pytest.fixture
def grant(hub, applicant, office):
    return award(hub=hub, lead_applicant=applicant, office=office, amount=Decimal("40000.00"))


def _menu(client, user, page_url: str) -> set[str]:
    client.force_login(user)
    response = client.get(page_url)
    assert response.status_code == 200
    links = _nav_links(response.content.decode())
    for url in links & {*FUNDING_PAGES.values(), MY_APPLICATIONS, INBOX}:
        assert client.get(url).status_code == 200, url  # a link in the menu always opens
    return links


def test_the_office_reaches_calls_applications_grants_and_the_budget(client, office):
    outside = _menu(client, office, reverse("hubs:overview"))
    assert FUNDING_PAGES["calls"] in outside  # "Subsidies"
    assert not outside & {FUNDING_PAGES["grants"], FUNDING_PAGES["budget"]}  # the section's menu is on its pages
    for page in ("calls", "grants", "budget"):
        inside = _menu(client, office, FUNDING_PAGES[page])
        assert set(FUNDING_PAGES.values()) <= inside, page
        assert INBOX not in inside and MY_APPLICATIONS not in inside
    page = client.get(FUNDING_PAGES["grants"]).content.decode()
    assert f'<a href="{FUNDING_PAGES["grants"]}" aria-current="page">' in page


def test_finance_gets_the_budget_and_its_export(client):
    person = finance_user()
    outside = _menu(client, person, reverse("hubs:overview"))
    assert FUNDING_PAGES["budget"] in outside
    inside = _menu(client, person, FUNDING_PAGES["budget"])
    assert {FUNDING_PAGES["budget"], FUNDING_PAGES["export"]} <= inside
    assert not inside & {FUNDING_PAGES["calls"], FUNDING_PAGES["applications"], FUNDING_PAGES["grants"]}
    assert client.get(FUNDING_PAGES["export"]).status_code == 200


def test_grantees_reach_each_grant_from_their_applications(client, grant, applicant, other_coordinator):
    menu = _menu(client, applicant, reverse("hubs:overview"))
    assert MY_APPLICATIONS in menu
    assert not menu & set(FUNDING_PAGES.values())
    page = client.get(MY_APPLICATIONS).content.decode()
    grant_url = reverse("funding:grant", args=[grant.pk])
    assert f'href="{grant_url}"' in page and f"Grant {grant.number}" in page
    assert f'href="{reverse("funding:my_grants")}"' in page
    assert client.get(grant_url).status_code == 200
    # On a funding page the coordinator has no office menu either.
    assert not _menu(client, applicant, MY_APPLICATIONS) & set(FUNDING_PAGES.values())
    # Another hub's coordinator sees no link to this grant.
    client.force_login(other_coordinator)
    assert grant_url not in client.get(MY_APPLICATIONS).content.decode()


def test_the_office_list_of_applications_links_the_grant(client, grant, office):
    client.force_login(office)
    page = client.get(FUNDING_PAGES["applications"]).content.decode()
    assert f'href="{reverse("funding:office_grant", args=[grant.pk])}"' in page


@pytest.mark.parametrize("role", ["referee", "committee_member", "evaluator", "decision_maker"])
def test_other_roles_get_no_subsidies_menu(client, hub, role):
    if role == "evaluator":
        person = evaluator()
    elif role == "decision_maker":
        person = decision_maker(OrganisationFactory(hub=hub))
    else:
        person = role_user(Role.REFEREE if role == "referee" else Role.COMMITTEE_MEMBER)
    links = _menu(client, person, reverse("hubs:overview"))
    assert not links & {*FUNDING_PAGES.values(), MY_APPLICATIONS}
    assert (INBOX in links) == (role in ("referee", "committee_member"))


def test_the_assessment_pages_are_linked_from_the_application_pages(client, grant, office, applicant):
    application = grant.application
    client.force_login(office)
    page = client.get(reverse("funding:office_application", args=[application.pk])).content.decode()
    assert f'href="{reverse("funding:assessment_office", args=[application.pk])}"' in page
    rebuttal_url = reverse("funding:assessment_rebuttal", args=[application.pk])
    client.force_login(applicant)
    assert rebuttal_url not in client.get(reverse("funding:application", args=[application.pk])).content.decode()
    type(application).objects.filter(pk=application.pk).update(status="rebuttal")
    assert (
        f'href="{rebuttal_url}"' in client.get(reverse("funding:application", args=[application.pk])).content.decode()
    )
