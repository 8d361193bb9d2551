"""Journey (issue 16, lessons between hubs), in separate browsers, one per person:

1. The coordinator of hub A logs in with her password, goes from her hub's dashboard to its lessons, writes
   a lesson (it speaks of an "ervaringsdeskundige"), saves it as a draft and publishes it.
2. The coordinator of hub B logs in, goes from the national overview to the lessons, searches
   "ervaringsdeskundigen" and finds hub A's lesson (Dutch stemming), opens it and asks hub A a question.
3. On a 360 px phone the search results fit the screen.

axe-core (WCAG 2.1 AA) runs on every page visited.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from participatiehub.core.models import OutgoingEmail
from participatiehub.learning.constants import LessonStatus
from participatiehub.learning.models import Lesson
from tests.browser.conftest import assert_fits_phone, bilingual, button, link
from tests.factories import HubFactory, coordinator
from tests.learning.factories import lesson

pytestmark = pytest.mark.django_db(transaction=True)

COORDINATOR_A = "coordinator@hub-utrecht.example"
COORDINATOR_B = "coordinator@hub-twente.example"
TITLE = "Ervaringsdeskundigen betalen zonder risico"


@pytest.fixture
def world():
    utrecht = HubFactory(slug="utrecht", name="Participatiehub Utrecht", contact_email="hub@utrecht.example")
    twente = HubFactory(slug="twente", name="Participatiehub Twente", contact_email="hub@twente.example")
    coordinator(utrecht, email=COORDINATOR_A, full_name="Sanne Coördinator")
    coordinator(twente, email=COORDINATOR_B, full_name="Truus Twente")
    # Another hub's lesson that does not match the search.
    lesson(twente, title="Een burgerpanel loten", tried="Wij lootten 40 inwoners uit 2000 brieven.")
    return utrecht, twente


def test_a_lesson_from_writing_to_being_found_by_another_hub(new_visitor, phone_visitor, world):
    utrecht, twente = world

    # --- 1. Hub A writes and publishes ------------------------------------------------------------
    a = new_visitor()
    a.login(COORDINATOR_A)
    page = a.page
    a.goto(f"/beheer/{utrecht.slug}/")
    a.click(link(page.locator("main"), "Write and manage your hub's lessons", "Lessen van uw hub schrijven en beheren"))
    a.click(link(page.locator("main"), "Write a lesson", "Een les schrijven"))
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_context").fill("Wij wilden mensen met een chronische ziekte laten meedenken.")
    page.locator("#id_tried").fill("Elke ervaringsdeskundige kreeg een vrijwilligersvergoeding onder de grens.")
    page.locator("#id_worked").fill("Mensen durfden mee te doen.")
    page.locator("#id_advice").fill("Regel de vergoeding vóór de eerste bijeenkomst.")
    page.get_by_label("WOZO").check()
    a.click(button(page, "Save draft", "Concept opslaan"))
    made = Lesson.objects.get(title=TITLE)
    assert made.status == LessonStatus.DRAFT and made.hub == utrecht
    expect(page.locator("main")).to_contain_text(bilingual("This is a draft", "Dit is een concept", whole=False))
    a.click(button(page, "Publish", "Publiceren"))
    expect(page.get_by_role("status")).to_contain_text(bilingual("is published", "is gepubliceerd", whole=False))
    made.refresh_from_db()
    assert made.status == LessonStatus.PUBLISHED

    # --- 2. Hub B finds it with a Dutch search ---------------------------------------------------
    b = new_visitor()
    b.login(COORDINATOR_B)
    page = b.page
    b.goto("/")
    expect(page.locator("main")).to_contain_text(TITLE)  # recent lessons on the national overview
    b.click(link(page.locator("main"), "Search all lessons", "Zoek in alle lessen"))
    page.get_by_role("searchbox").or_(page.locator("#id_q")).first.fill("ervaringsdeskundigen")
    b.click(button(page.get_by_role("search"), "Search", "Zoeken"))
    results = page.locator("main .ph-lessons")
    expect(results).to_contain_text(TITLE)
    expect(results).not_to_contain_text("Een burgerpanel loten")
    expect(results.locator("mark")).to_have_text(re.compile("ervaringsdeskundige", re.I))
    b.click(link(results, TITLE, TITLE))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.locator("#id_name").fill("Truus Twente")
    page.locator("#id_email").fill(COORDINATOR_B)
    page.locator("#id_message").fill("Hoe regelde u de vergoeding met het UWV?")
    b.click(button(page, "Send question", "Vraag versturen"))
    expect(page.get_by_role("status")).to_contain_text("Participatiehub Utrecht")
    question = OutgoingEmail.objects.get()
    assert question.to == "hub@utrecht.example" and "UWV" in question.body

    # --- 3. The results on a phone -------------------------------------------------------------------
    phone_visitor.goto("/lessen/?q=ervaringsdeskundigen")
    expect(phone_visitor.page.locator("main .ph-lessons")).to_contain_text(TITLE)
    assert_fits_phone(phone_visitor)
