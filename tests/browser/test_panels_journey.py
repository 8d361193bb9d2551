"""Journey: a residents' panel from invitation letter to erasure, walked in two separate browsers.

1. The hub coordinator makes a batch of 5 invitation letters; a background task makes them into one
   PDF (stored privately) and the coordinator downloads it from the list.
2. A resident, on a phone (360 × 740), signs up with a code from a letter, gives consent (panel and
   answers, not special data) and answers the questions for a fair draw. No sideways scrolling.
3. With 30 more volunteers in the database, the coordinator makes a pool, adds everyone, derives
   quotas from population figures, checks them, runs a selection by lot with an announced seed and
   opens the transparency report: pseudonyms, no names. The coordinator publishes it, and a visitor
   who is not logged in finds it on the hub's public page.
4. The resident opens "Mijn gegevens", downloads their data (JSON) and erases their account.

axe-core (WCAG 2.1 AA) runs on every page visited and after every form submission.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from participatiehub.accounts.models import User
from participatiehub.panels.constants import SelectionStatus
from participatiehub.panels.models import Pool, PoolMember, Quota, SelectedMember, Selection
from participatiehub.participants.constants import ConsentPurpose, LettersStatus
from participatiehub.participants.letters import display_code
from participatiehub.participants.models import Consent, ConsentText, InvitationBatch, Participant
from tests.browser.conftest import assert_fits_phone, button, consent_texts, link
from tests.factories import HubFactory, HubMunicipalityFactory, MunicipalityFactory, coordinator

pytestmark = pytest.mark.django_db(transaction=True)

HUB_SLUG = "utrecht"
COORDINATOR_EMAIL = "coordinator@hub-utrecht.example"
RESIDENT_EMAIL = "fatima.yilmaz@example.nl"
RESIDENT_NAME = "Fatima Yilmaz"
BATCH_NAME = "Brieven Utrecht, maart"
POOL_NAME = "Burgerpanel zorg dichtbij"
SEED = "7-19-23-31-38-42"
PANEL_SIZE = 6
VOLUNTEERS = 30
WORKER_TIMEOUT_MS = 90_000  # the page waits for the task worker as a user would
AGE_BANDS = ["16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"]
EDUCATION = ["low", "middle", "high"]
POPULATION_CSV = "category,value,share\ngender,woman,50%\ngender,man,50%\neducation,low,0.3\neducation,middle,0.4\neducation,high,0.3\n"


def _volunteer_name(i: int) -> str:
    return f"Vrijwilliger Achternaam{i:02d}"


@pytest.fixture
def world():
    hub = HubFactory(name="Participatiehub Utrecht", slug=HUB_SLUG, contact_email="hub@utrecht.example")
    HubMunicipalityFactory(hub=hub, municipality=MunicipalityFactory(code="GM0344", name="Utrecht"))
    HubMunicipalityFactory(hub=hub, municipality=MunicipalityFactory(code="GM0355", name="Zeist"))
    consent_texts()
    coordinator(hub, email=COORDINATOR_EMAIL, full_name="Cora Coördinator")
    return hub


def _volunteers(hub) -> None:
    """30 more people who signed up earlier: panel consent and answers, spread over the categories."""
    panel_text = ConsentText.objects.get(purpose=ConsentPurpose.PANEL, version=1)
    for i in range(VOLUNTEERS):
        participant = Participant.objects.create(
            hub=hub,
            display_name=_volunteer_name(i),
            attributes={
                "gender": "woman" if i % 2 else "man",
                "age_band": AGE_BANDS[i % len(AGE_BANDS)],
                "education": EDUCATION[i % len(EDUCATION)],
                "municipality": "GM0344" if i % 3 else "GM0355",
            },
        )
        Consent.objects.create(participant=participant, purpose=ConsentPurpose.PANEL, text=panel_text)


def test_panel_from_letter_to_erasure(visitor, phone_visitor, new_visitor, world, private_files):
    hub = world

    # --- 1. The coordinator makes a batch of letters and downloads them -------------------------
    coord = visitor
    page = coord.page
    coord.login(COORDINATOR_EMAIL)
    coord.goto(f"/beheer/{HUB_SLUG}/")
    coord.click(link(page.locator("main"), "Invitation letters", "Uitnodigingsbrieven").first)
    coord.click(link(page.locator("main"), "New batch of letters", "Nieuwe reeks brieven").first)
    page.locator("#id_name").fill(BATCH_NAME)
    page.locator("#id_size").fill("5")
    page.locator("#id_municipality").select_option(label="Utrecht")
    coord.click(page.locator("main form button[type=submit]"))
    batch = InvitationBatch.objects.get(hub=hub, name=BATCH_NAME)
    codes = list(batch.codes.values_list("code", flat=True))
    assert len(codes) == 5
    # The task worker makes the letters while the page waits: htmx polls the row until the link is there.
    row = page.locator("#batches-caption").locator("xpath=..").locator("tbody tr").filter(has_text=BATCH_NAME)
    expect(row).to_have_count(1)
    expect(row.get_by_role("link", name=re.compile(r"^(Downloaden|Download)\b"))).to_be_visible(
        timeout=WORKER_TIMEOUT_MS
    )
    expect(row.locator("progress")).to_have_count(0)
    coord.check()
    batch.refresh_from_db()
    assert batch.letters_status == LettersStatus.READY, batch.letters_error
    assert str(private_files) in batch.letters_file.path
    with page.expect_download() as download_info:
        row.get_by_role("link").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages) == 5
    for pdf_page, code in zip(reader.pages, codes, strict=True):
        text = pdf_page.extract_text()
        assert display_code(code) in text, f"code {display_code(code)} not on its letter:\n{text}"
        assert hub.name in text

    # --- 2. A resident signs up on a phone ------------------------------------------------------
    resident = phone_visitor
    phone = resident.page
    code = codes[2]
    resident.goto(f"/aanmelden/?code={code}")
    assert_fits_phone(resident)
    expect(phone.locator("#id_code")).to_have_value(code)
    resident.click(phone.locator("main form button[type=submit]"))
    assert "/aanmelden/gegevens/" in phone.url, phone.locator("main").inner_text()
    assert_fits_phone(resident)
    phone.locator("#id_email").fill(RESIDENT_EMAIL)
    phone.locator("#id_display_name").fill(RESIDENT_NAME)
    phone.locator("#id_consent_panel").check()
    phone.locator("#id_consent_attributes").check()
    expect(phone.locator("#id_consent_special")).not_to_be_checked()
    resident.click(phone.locator("main form button[type=submit]"))
    assert "/aanmelden/vragen/" in phone.url, phone.locator("main").inner_text()
    assert_fits_phone(resident)
    participant = Participant.objects.get(user__email=RESIDENT_EMAIL)
    assert set(participant.consents.values_list("purpose", flat=True)) == {"panel", "attributes"}
    batch.refresh_from_db()
    assert batch.codes.get(code=code).participant == participant
    # Without special consent, no special questions.
    expect(phone.locator("input[name^=special_]")).to_have_count(0)
    phone.locator("input[name=attr_age_band][value='35-44']").check()
    phone.locator("input[name=attr_gender][value=woman]").check()
    phone.locator("input[name=attr_education][value=middle]").check()
    phone.locator("#id_attr_municipality").select_option("GM0344")
    resident.click(phone.locator("main form button[type=submit]").first)
    assert "/mijn-gegevens/" in phone.url, phone.locator("main").inner_text()
    assert_fits_phone(resident)
    participant.refresh_from_db()
    assert participant.attributes == {
        "age_band": "35-44",
        "gender": "woman",
        "education": "middle",
        "municipality": "GM0344",
    }

    # --- 3. The coordinator runs a selection by lot ---------------------------------------------
    _volunteers(hub)
    coord.goto(f"/beheer/{HUB_SLUG}/")
    coord.click(link(page.locator("main"), "Pools and selections", "Pools en lotingen").first)
    coord.click(link(page.locator("main"), "Make a new pool", "Een nieuwe pool maken").first)
    page.locator("#id_name").fill(POOL_NAME)
    page.locator("#id_panel_size").fill(str(PANEL_SIZE))
    page.locator("input[name=categories][value=gender]").check()
    page.locator("input[name=categories][value=education]").check()
    coord.click(page.locator("main form button[type=submit]"))
    pool = Pool.objects.get(hub=hub, name=POOL_NAME)
    assert pool.panel_size == PANEL_SIZE and sorted(pool.categories) == ["education", "gender"]

    candidates = page.locator("input[type=checkbox][name=participants]")
    expect(candidates).to_have_count(VOLUNTEERS + 1)
    for box in candidates.all():
        box.check()
    coord.click(button(page.locator("main"), "Add to the pool", "Aan de pool toevoegen"))
    assert PoolMember.objects.filter(pool=pool, withdrawn_at__isnull=True).count() == VOLUNTEERS + 1
    members = page.locator("#members-caption").locator("xpath=..")
    expect(members.locator("tbody tr")).to_have_count(VOLUNTEERS + 1)
    # Answers are shown as labels in the page's language, not as stored codes.
    expect(members.locator("thead")).to_contain_text(re.compile(r"(Geslacht|Gender)"))
    resident_row = members.locator("tbody tr").filter(has_text=RESIDENT_NAME)
    expect(resident_row).to_contain_text(re.compile(r"(Vrouw|Woman)"))
    expect(resident_row).not_to_contain_text("woman")

    coord.click(link(page.locator("main"), "Quotas from population figures", "Quota uit bevolkingscijfers"))
    page.locator("#id_csv_text").fill(POPULATION_CSV)
    page.locator("#id_tolerance").fill("1")
    coord.click(page.locator("main form button[name=preview]"))
    preview = page.locator("#preview-caption").locator("xpath=..").locator("tbody tr")
    expect(preview).to_have_count(5)
    assert not Quota.objects.filter(pool=pool).exists()  # a preview saves nothing
    coord.click(page.locator("main form button[name=save]"))
    quotas = {(q.category, q.value): (q.minimum, q.maximum) for q in Quota.objects.filter(pool=pool)}
    assert quotas[("gender", "woman")] == (2, 4) and quotas[("gender", "man")] == (2, 4)
    assert quotas[("education", "middle")] == (1, 3)

    # The save leads to the feasibility check.
    assert "/haalbaarheid/" in page.url
    expect(
        page.locator("main .utrecht-alert--ok").filter(
            has_text=re.compile(r"(A panel is possible|is een panel mogelijk)")
        )
    ).to_be_visible()
    expect(page.locator("main .utrecht-alert--error")).to_have_count(0)
    coord.click(link(page.locator("main"), "Start a selection by lot", "Een loting starten"))
    page.locator("#id_seed").fill(SEED)
    expect(page.locator("#id_algorithm")).to_have_value("leximin")
    coord.click(page.locator("main form button[type=submit]"))
    # The task worker draws the lots while the page polls its progress; the done state, then the
    # progress bar (the fragment htmx polls) at 100%.
    done = re.compile(r"(The selection is done|De loting is klaar)")
    expect(page.locator("main .utrecht-alert--ok").filter(has_text=done)).to_be_visible(timeout=WORKER_TIMEOUT_MS)
    coord.check()
    selection = Selection.objects.get(pool=pool)
    assert selection.status == SelectionStatus.DONE, selection.error
    assert selection.seed == SEED
    seated = page.locator("#seated-caption").locator("xpath=..").locator("tbody tr")
    expect(seated).to_have_count(PANEL_SIZE)
    progress = page.request.get(f"{coord.base_url}/panels/{HUB_SLUG}/selecties/{selection.pk}/voortgang/")
    assert progress.ok
    assert re.search(r'<progress id="selection-progress-bar"[^>]* value="100"', progress.text()), progress.text()

    coord.click(link(page.locator("main"), "Transparency report", "Verantwoording van de loting"))
    main = page.locator("main")
    panel_list = page.locator("section[aria-labelledby=panel-heading] li")
    expect(panel_list).to_have_count(PANEL_SIZE)
    pseudonyms = set(
        SelectedMember.objects.filter(selection=selection, seated=True).values_list("pseudonym", flat=True)
    )
    shown = {item.strip() for item in panel_list.all_inner_texts()}
    assert shown == pseudonyms and all(re.fullmatch(r"P-[0-9A-F]{10}", p) for p in shown)
    expect(main).to_contain_text(SEED)
    html = page.content()
    for name in [RESIDENT_NAME, RESIDENT_EMAIL, *(_volunteer_name(i) for i in range(VOLUNTEERS))]:
        assert name not in html, f"{name} is in the transparency report"

    # The coordinator publishes the report; a visitor who is not logged in finds it on the hub's page.
    coord.click(button(page.locator("main"), "Publish the report", "De verantwoording publiceren"))
    selection.refresh_from_db()
    assert selection.published_at is not None and selection.public_id
    public_path = f"/hubs/{HUB_SLUG}/loting/{selection.public_id}/"
    expect(page.locator("main")).to_contain_text(public_path)
    anonymous = new_visitor()
    anonymous.goto(f"/hubs/{HUB_SLUG}/")
    anonymous.click(anonymous.page.locator("main").get_by_role("link", name=POOL_NAME))
    assert anonymous.page.url.endswith(public_path), anonymous.page.url
    public_list = anonymous.page.locator("section[aria-labelledby=panel-heading] li")
    expect(public_list).to_have_count(PANEL_SIZE)
    assert {item.strip() for item in public_list.all_inner_texts()} == pseudonyms
    expect(anonymous.page.locator("main")).to_contain_text(SEED)
    public_html = anonymous.page.content()
    for name in [
        RESIDENT_NAME,
        RESIDENT_EMAIL,
        COORDINATOR_EMAIL,
        *(_volunteer_name(i) for i in range(VOLUNTEERS)),
    ]:
        assert name not in public_html, f"{name} is in the public report"

    # --- 4. The resident downloads and then erases their data -----------------------------------
    resident.goto("/mijn-gegevens/")
    assert_fits_phone(resident)
    expect(phone.locator("main")).to_contain_text(RESIDENT_EMAIL)
    with phone.expect_download() as download_info:
        link(phone.locator("main"), "Download (JSON)", "Downloaden (JSON)").click()
    with open(download_info.value.path(), encoding="utf-8") as handle:
        data = json.load(handle)
    assert data["profile"]["email"] == RESIDENT_EMAIL
    assert data["profile"]["name"] == RESIDENT_NAME
    answers = {item["key"]: item["answer"] for item in data["attributes"]}
    assert answers == {"age_band": "35-44", "gender": "woman", "education": "middle", "municipality": "GM0344"}
    assert {c["purpose"] for c in data["consents"]} == {"panel", "attributes"}
    assert [p["pool"] for p in data["pools"]] == [POOL_NAME]

    resident.click(link(phone.locator("main"), "Erase my account", "Mijn account wissen"))
    assert_fits_phone(resident)
    phone.locator("#id_confirm").check()
    resident.click(button(phone.locator("main form"), "Erase my account", "Mijn account wissen"))
    assert phone.url.endswith("/gewist/"), phone.url
    assert_fits_phone(resident)
    assert not User.objects.filter(email__iexact=RESIDENT_EMAIL).exists()
    participant.refresh_from_db()
    assert participant.erased_at is not None and participant.user_id is None
    assert participant.display_name == "" and participant.attributes == {}
    # Logged out: "Mijn gegevens" now asks to log in.
    phone.goto(resident.base_url + "/mijn-gegevens/")
    assert "/account/login/" in phone.url, phone.url
