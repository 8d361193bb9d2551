"""Journey (issue 16, the evaluator export), in a real browser:

1. The evaluator logs in with a password and opens the export page.
2. A purpose that is too short is refused with a Dutch message; nothing is made.
3. With a proper purpose the export is asked for; the task worker beside the live server makes it (with
   the platform's Redactor) and the page shows the download link when it is ready (htmx polls).
4. The evaluator downloads the ZIP: a CSV per table, the codebook and the README, without the planted
   e-mail address, phone number or name.
5. A hub's coordinator who opens the page gets nothing (403).

axe-core (WCAG 2.1 AA) runs on every page visited.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from playwright.sync_api import expect

from participatiehub.evaluation.models import Export
from tests.browser.conftest import bilingual, button, link
from tests.factories import ContactPersonFactory, HubFactory, coordinator, evaluator
from tests.trajectories.factories import QuestionFactory

pytestmark = pytest.mark.django_db(transaction=True)

EVALUATOR = "onderzoeker@universiteit.example"
COORDINATOR = "coordinator@hub-utrecht.example"
PLANTED_NAME, PLANTED_EMAIL, PLANTED_PHONE = "Carla Contactvrouw", "carla@wijkteam.example", "06-11223344"


@pytest.fixture
def world(private_files):
    hub = HubFactory(slug="utrecht", name="Participatiehub Utrecht")
    coordinator(hub, email=COORDINATOR, full_name="Corrie Coördinaat")
    evaluator(email=EVALUATOR, full_name="Eva Onderzoekma")
    ContactPersonFactory(hub=hub, name=PLANTED_NAME, email=PLANTED_EMAIL, phone=PLANTED_PHONE)
    QuestionFactory(
        hub=hub,
        title="Hoe bereiken we jongeren?",
        summary=f"Overleg met {PLANTED_NAME}: mail {PLANTED_EMAIL} of bel {PLANTED_PHONE}.",
    )
    return hub


def test_the_evaluator_downloads_the_export(new_visitor, world):
    # --- 1. log in, open the page ------------------------------------------------------------------
    researcher = new_visitor()
    researcher.login(EVALUATOR)
    researcher.goto("/evaluatie/")
    page = researcher.page
    expect(page.get_by_role("heading", level=1)).to_have_text(
        bilingual("Data for evaluation", "Gegevens voor evaluatie")
    )

    # --- 2. too short a purpose ---------------------------------------------------------------------
    page.locator("#id_purpose").fill("kort")
    researcher.click(button(page, "Make the export", "Maak de export"))
    expect(page.locator("main")).to_contain_text("ten minste 10 tekens")
    assert not Export.objects.exists()

    # --- 3. ask for it, wait for the link -------------------------------------------------------------
    page.locator("#id_purpose").fill("Evaluatie programmalijn 2: bereik van jongeren")
    researcher.click(button(page, "Make the export", "Maak de export"))
    download_link = link(page.locator("main"), "Download (ZIP)", "Downloaden (ZIP)", whole=False)
    expect(download_link).to_be_visible(timeout=120_000)
    researcher.check()  # the page with the finished export, under axe

    # --- 4. download -----------------------------------------------------------------------------------
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.startswith(
        "participatiehub-evaluatie-"
    ) and download.suggested_filename.endswith(".zip")
    with open(download.path(), "rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        names = set(archive.namelist())
        assert {"questions.csv", "participants.csv", "codebook.csv", "manifest.csv", "README.txt"} <= names
        text = "\n".join(archive.read(name).decode("utf-8-sig") for name in names)
    assert "Hoe bereiken we jongeren?" in text
    for planted in (PLANTED_NAME, PLANTED_EMAIL, PLANTED_PHONE, EVALUATOR, COORDINATOR):
        assert planted not in text, planted

    # --- 5. a coordinator gets nothing --------------------------------------------------------------------
    other = new_visitor()
    other.login(COORDINATOR)
    response = other.page.goto(other.base_url + "/evaluatie/")
    assert response is not None and response.status == 403
    other.check()
