"""Journey: a coordinator logs in, imports an XLSX (one bad row → nothing saved), fixes it, imports, searches."""

import openpyxl
import pytest
from playwright.sync_api import expect

from participatiehub.network.models import Organisation
from tests.factories import HubFactory, MunicipalityFactory, coordinator

pytestmark = pytest.mark.django_db(transaction=True)

HEADERS = ["naam", "type", "kvk", "gemeenten", "domeinen", "website", "e-mail", "telefoon"]


def _xlsx(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return str(path)


def test_coordinator_imports_xlsx_and_finds_organisation(visitor, tmp_path):
    hub = HubFactory(name="Participatiehub Utrecht", slug="utrecht")
    MunicipalityFactory(code="GM0344", name="Utrecht")
    MunicipalityFactory(code="GM0355", name="Zeist")
    coordinator(hub, email="coordinator@example.nl")
    rows = [
        ["Buurtteam Kanaleneiland", "welzijn", "12345678", "Utrecht", "ondersteuning", "", "", ""],
        ["Cliëntenraad Zorgcentrum De Linde", "patiëntenorganisatie", "", "Zeist", "zorg", "", "", ""],
        ["Huisartsen Oost", "huisartsenpraktijk", "1234", "Utrecht", "gezondheid", "", "", ""],
    ]
    page = visitor.page
    visitor.login("coordinator@example.nl")
    page.get_by_role("link", name="Mijn netwerk").click()
    visitor.check()
    page.get_by_role("link", name="Organisaties importeren").first.click()
    visitor.check()

    page.set_input_files("#id_file", _xlsx(tmp_path / "organisaties.xlsx", rows))
    page.get_by_role("button", name="Bestand controleren").click()
    visitor.check()
    errors = page.get_by_role("region", name="Rijen met fouten")
    expect(errors).to_contain_text("Rij 4")  # spreadsheet row 4: the third organisation
    expect(errors).to_contain_text("huisartsenpraktijk")
    expect(errors).to_contain_text("KvK-nummer moet 8 cijfers hebben")
    assert page.get_by_role("button", name="organisaties importeren").count() == 0
    assert Organisation.objects.filter(hub=hub).count() == 0

    rows[2] = ["Huisartsen Oost", "zorgaanbieder", "87654321", "Utrecht", "gezondheid", "", "", ""]
    page.get_by_role("link", name="Ander bestand uploaden").click()
    visitor.check()
    page.set_input_files("#id_file", _xlsx(tmp_path / "organisaties-verbeterd.xlsx", rows))
    page.get_by_role("button", name="Bestand controleren").click()
    visitor.check()
    page.get_by_role("button", name="3 organisaties importeren").click()
    visitor.check()
    expect(page.get_by_text("3 organisaties zijn toegevoegd")).to_be_visible()
    assert Organisation.objects.filter(hub=hub).count() == 3

    page.get_by_role("link", name="Organisaties", exact=True).first.click()
    visitor.check()
    page.get_by_label("Zoek op naam of KvK-nummer").fill("Linde")
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#results")).to_contain_text("Cliëntenraad Zorgcentrum De Linde")
    expect(page.locator("#results")).not_to_contain_text("Buurtteam Kanaleneiland")
    visitor.check()
