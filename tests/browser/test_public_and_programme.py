"""Journeys: the public overview and a hub page; the programme office changes a hub's status."""

import datetime as dt

from django.core.management import call_command

import pytest

from participatiehub.geo.models import Region
from participatiehub.hubs import services
from participatiehub.hubs.constants import HubStatus
from tests.browser.conftest import assert_fits_phone
from tests.factories import OrganisationFactory, programme_officer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def regions():
    call_command("import_regions", verbosity=0)


@pytest.fixture
def hub(regions):
    region = Region.objects.get(layer="zorgkantoorregio", code="ZK02")
    hub = services.hub_create(
        actor=None,
        name="Participatiehub Amsterdam",
        follows_region=region,
        valid_from=dt.date(2024, 1, 1),
        contact_email="info@hub-amsterdam.example",
        summary="Wij brengen Amsterdammers en beslissers samen.",
    )
    services.hub_status_change(
        actor=None, hub=hub, to_status=HubStatus.FORMING_COALITION, note="Kwartiermaker aan de slag"
    )
    return hub


def test_public_overview_and_hub_page(visitor, hub):
    page = visitor.page
    visitor.goto("/")
    assert page.locator("h1").count() == 1
    assert page.locator("svg[role=img] path.ph-mun").count() == 342
    # The table carries the same data as the map.
    page.get_by_text("Tabel: elke gemeente met haar hub").click()
    assert page.get_by_role("row", name="Amsterdam").count() >= 1
    visitor.check()
    visitor.goto("/?laag=ggdregio")
    page.get_by_role("link", name="Participatiehub Amsterdam").first.click()
    visitor.check()
    assert "info@hub-amsterdam.example" in page.content()
    assert page.get_by_text("Coalitie vormen").count() >= 1


def test_public_pages_on_a_phone(phone_visitor, hub):
    phone_visitor.goto("/")
    assert_fits_phone(phone_visitor)
    phone_visitor.goto(f"/hubs/{hub.slug}/")
    phone_visitor.goto("/hubs/")


def test_programme_office_changes_status_and_sees_history(visitor, hub):
    for _ in range(2):
        OrganisationFactory(hub=hub)
    a, b = hub.organisations.all()[:2]
    services.coalition_member_add(actor=None, hub=hub, organisation=a, is_lead=True)
    services.coalition_member_add(actor=None, hub=hub, organisation=b)
    programme_officer(email="programma@example.nl")
    page = visitor.page
    visitor.login("programma@example.nl")
    visitor.goto("/programma/")
    page.get_by_role("link", name="Participatiehub Amsterdam").click()
    visitor.check()
    page.get_by_role("link", name="Status wijzigen").click()
    visitor.check()
    page.get_by_label("Nieuwe status").select_option(HubStatus.DEVELOPING)
    page.get_by_label("Toelichting").fill("Coalitie getekend door beide partners")
    page.get_by_role("button", name="Status wijzigen").click()
    visitor.check()
    assert page.get_by_text("De status is nu").count() == 1
    history = page.get_by_role("table", name="Elke statuswijziging, nieuwste eerst")
    assert history.get_by_text("Coalitie getekend door beide partners").count() == 1
    assert history.get_by_role("row").count() == 1 + 3  # header + registered, forming, developing
