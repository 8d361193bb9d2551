"""The coordinator's network pages in Chromium: axe-core (WCAG 2.1 AA) on every page, htmx filters, a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from participatiehub.network.models import Organisation
from tests.browser.conftest import Visitor
from tests.factories import ContactPersonFactory, OrganisationFactory, ParticipationBodyFactory, coordinator
from tests.network.factories import OrganisationRelationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def network(hub, utrecht, zeist):
    user = coordinator(hub, email="coordinator@example.nl")
    care = OrganisationFactory(hub=hub, name="Zorggroep Zeist", org_type="care_provider", kvk_number="12345678")
    care.municipalities.add(zeist)
    welfare = OrganisationFactory(hub=hub, name="Welzijn Utrecht", org_type="welfare")
    welfare.municipalities.add(utrecht)
    ParticipationBodyFactory(hub=hub, organisation=care, name="Cliëntenraad Zorggroep", form="client_council")
    ContactPersonFactory(hub=hub, organisation=care, name="Fatima El Amrani", function="Secretaris")
    OrganisationRelationFactory(hub=hub, source=care, target=welfare, kind="partner", note="Samen in de wijk")
    OrganisationRelationFactory(hub=hub, source=welfare, target=care, kind="funds")
    return {"user": user, "care": care}


def log_in(visitor: Visitor, user) -> None:
    """Log in by session cookie (the log-in form itself is tested in tests/browser)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    visitor.page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": visitor.base_url}]
    )


@pytest.fixture
def visitor(page, live_server):
    page.set_default_timeout(15000)
    return Visitor(page, live_server.url)


@pytest.fixture
def phone_visitor(browser, live_server):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield Visitor(page, live_server.url)
    context.close()


def test_coordinator_works_on_the_network(visitor, hub, network, tmp_path):
    page = visitor.page
    log_in(visitor, network["user"])
    visitor.goto("/netwerk/")
    assert page.url.endswith(f"/netwerk/{hub.slug}/")
    visitor.goto(f"/netwerk/{hub.slug}/organisaties/")
    # Changing a filter updates the results without a page load (htmx) and keeps the URL shareable.
    page.select_option("#id_type", "care_provider")
    expect(page.locator("#results")).not_to_contain_text("Welzijn Utrecht")
    expect(page.locator("#results")).to_contain_text("Zorggroep Zeist")
    expect(page.locator("#result-count")).to_contain_text("1")
    assert "type=care_provider" in page.url
    assert page.locator("h1").count() == 1
    visitor.check()
    page.get_by_role("link", name="Zorggroep Zeist").click()
    visitor.check()
    visitor.goto(f"/netwerk/{hub.slug}/organisaties/{network['care'].pk}/bewerken/")
    visitor.goto(f"/netwerk/{hub.slug}/organisaties/nieuw/")
    visitor.goto(f"/netwerk/{hub.slug}/organen/")
    visitor.goto(f"/netwerk/{hub.slug}/organen/nieuw/")
    visitor.goto(f"/netwerk/{hub.slug}/contactpersonen/")
    visitor.goto(f"/netwerk/{hub.slug}/contactpersonen/nieuw/")
    visitor.goto(f"/netwerk/{hub.slug}/importeren/")
    upload = tmp_path / "organisaties.csv"
    upload.write_text("naam;type;gemeenten\nBuurtteam Oost;welzijn;Utrecht\nFout;zorgbedrijf;\n", encoding="utf-8-sig")
    page.set_input_files("#id_file", str(upload))
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    visitor.check()
    assert "zorgbedrijf" in page.content()
    assert not Organisation.objects.filter(name="Buurtteam Oost").exists()


def test_network_pages_on_a_phone(phone_visitor, hub, network):
    log_in(phone_visitor, network["user"])
    care = network["care"].pk
    for path in (
        "",
        "organisaties/",
        "organen/",
        "contactpersonen/",
        "importeren/",
        f"organisaties/{care}/",
        f"organisaties/{care}/bewerken/",
    ):
        phone_visitor.goto(f"/netwerk/{hub.slug}/{path}")
        width = phone_visitor.page.evaluate("document.documentElement.scrollWidth")
        wide = phone_visitor.page.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361)"
            ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8)"
        )
        assert width <= 360, f"{path} scrolls sideways on a phone: {width}px {wide}"
