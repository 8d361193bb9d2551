"""Journey (issue 15): from published feedback to the participants' answers on the hub's dashboard.

1. A trajectory's feedback is published through the service; its five participants who want to hear
   back get an invitation three days later (the task queued for that moment; here the clock is moved on
   by dating the publication back). The link is taken from each e-mail, as a participant would.
2. Participants answer on a 360 px phone: one question per fieldset, big labelled radios, no sideways
   scrolling, axe-core clean on every page.
3. The coordinator's dashboard shows no figures after four answers and shows them once the fifth has
   answered. A second submit of the same link (a form left open in another browser) changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core import mail
from django.utils import timezone

import pytest

from participatiehub.experience import tasks
from participatiehub.experience.constants import INVITE_AFTER_DAYS
from participatiehub.experience.models import Invitation, QuestionnaireResponse
from participatiehub.trajectories import services as trajectory_services
from participatiehub.trajectories.models import Feedback
from tests.browser.conftest import assert_fits_phone, bilingual, button, eventually, link
from tests.factories import HubFactory, OrganisationFactory, coordinator, decision_maker
from tests.trajectories.factories import ParticipantFactory, QuestionFactory
from tests.trajectories.helpers import full_chain

pytestmark = pytest.mark.django_db(transaction=True)

COORDINATOR = "coordinator@hub-utrecht.example"
TITLE = "Zorg dichtbij huis in de wijk Overvecht"
PEOPLE = [f"deelnemer{i}@example.nl" for i in range(1, 6)]
LINK = re.compile(r"https?://[^/\s]+(/ervaring/v/[A-Za-z0-9_-]+/)")
# Per person the answers to the five statements (Dutch label, English label).
AGREE = ("Eens", "Agree")
FULLY = ("Helemaal eens", "Fully agree")
DONT_KNOW = ("Weet ik niet", "I don't know")
DISAGREE = ("Oneens", "Disagree")


@pytest.fixture
def trajectory():
    hub = HubFactory(name="Participatiehub Utrecht", slug="utrecht")
    asker = OrganisationFactory(hub=hub, name="Gemeente Utrecht", org_type="municipality")
    coordinator_user = coordinator(hub, email=COORDINATOR)
    question = QuestionFactory(hub=hub, asking_organisation=asker, title=TITLE)
    trajectory, _advice = full_chain(question, coordinator_user, decision_maker(asker, email="dm@utrecht.example"))
    for email in PEOPLE:
        ParticipantFactory(trajectory=trajectory, email=email)
    ParticipantFactory(trajectory=trajectory, email="liever-niet@example.nl", wants_feedback=False)
    trajectory_services.feedback_publish(
        actor=coordinator_user,
        trajectory=trajectory,
        what_was_asked="Hoe maken we de zorg in Overvecht dichterbij?",
        what_participants_said="Minder loketten en meer hulp in de buurt.",
    )
    return trajectory


def _invitation_links(trajectory) -> dict[str, str]:
    """Three days on: the queued task sends the invitations; each link is read from its e-mail."""
    assert Invitation.objects.filter(trajectory=trajectory).count() == len(PEOPLE)  # made after commit
    assert not [m for m in mail.outbox if "korte vragen" in m.subject]  # first the feedback, not yet the questions
    earlier = timezone.now() - dt.timedelta(days=INVITE_AFTER_DAYS, minutes=5)
    Feedback.objects.filter(trajectory=trajectory).update(published_at=earlier)
    Invitation.objects.filter(trajectory=trajectory).update(send_after=earlier + dt.timedelta(days=INVITE_AFTER_DAYS))
    tasks.send_questionnaire_invitations.enqueue()  # the task queued at publication, now that its moment came
    invitations = lambda: [m for m in mail.outbox if "korte vragen" in m.subject]  # noqa: E731
    eventually(lambda: len(invitations()) == len(PEOPLE), what="the invitation e-mails")
    links = {m.to[0]: LINK.search(m.body).group(1) for m in invitations()}
    assert sorted(links) == PEOPLE
    assert TITLE in invitations()[0].body and "anoniem" in invitations()[0].body
    return links


def _answer(visitor, path: str, choices, comment: str = "", *, check_phone: bool = False) -> None:
    visitor.goto(path)
    page = visitor.page
    fieldsets = page.locator("main fieldset")
    assert fieldsets.count() == 5
    if check_phone:
        assert_fits_phone(visitor)
        # Each answer is a big tap target: the whole labelled row, at least 44 px high.
        box = fieldsets.first.locator("label").first.bounding_box()
        assert box["height"] >= 44, box
        assert fieldsets.first.get_by_role("radio").count() == 6
    for fieldset, (dutch, english) in zip(fieldsets.all(), choices, strict=True):
        fieldset.get_by_role("radio", name=bilingual(english, dutch)).check()
    if comment:
        page.get_by_label(
            bilingual(
                "Is there anything else you want to tell us?", "Wilt u ons nog iets anders vertellen?", whole=False
            )
        ).fill(comment)
    visitor.click(button(page, "Send my answers", "Verstuur mijn antwoorden"))
    assert "/ervaring/bedankt/" in page.url, page.url
    assert page.get_by_role(
        "heading", level=1, name=bilingual("Thank you for your answers", "Bedankt voor uw antwoorden")
    ).is_visible()
    if check_phone:
        assert_fits_phone(visitor)


def _dashboard(visitor, slug: str):
    visitor.goto(f"/beheer/{slug}/")
    return visitor.page.locator("section#experience")


def test_questionnaire_from_feedback_to_the_dashboard(trajectory, phone_visitor, new_visitor):
    links = _invitation_links(trajectory)
    hub = trajectory.hub

    # The coordinator sees the invitations, no figures yet.
    office = new_visitor()
    office.login(COORDINATOR)
    section = _dashboard(office, hub.slug)
    assert "Minder dan 5 antwoorden" in section.inner_text()
    assert section.locator("tr[data-item]").count() == 0
    # The coordinator can see the questions as participants do (a preview: nothing can be sent).
    office.click(
        link(section, "See the questions as participants see them", "Bekijk de vragen zoals deelnemers ze zien")
    )
    assert office.page.locator("main fieldset").count() == 5
    assert office.page.locator("main button[type=submit]").count() == 0

    # Four participants answer on a phone; the first one with the phone checks.
    plan = [
        ([FULLY, AGREE, AGREE, AGREE, FULLY], "Fijn dat er echt naar ons geluisterd werd."),
        ([AGREE, AGREE, DISAGREE, AGREE, AGREE], ""),
        ([AGREE, FULLY, DONT_KNOW, DISAGREE, AGREE], "Ik miste jongeren aan tafel."),
        ([DISAGREE, AGREE, DISAGREE, AGREE, AGREE], ""),
    ]
    for index, (choices, comment) in enumerate(plan):
        _answer(phone_visitor, links[PEOPLE[index]], choices, comment, check_phone=index == 0)
    assert QuestionnaireResponse.objects.count() == 4

    # Four answers: still nothing shown, on the dashboard or the trajectory's page.
    section = _dashboard(office, hub.slug)
    assert "Minder dan 5 antwoorden" in section.inner_text()
    assert section.locator("tr[data-item]").count() == 0
    office.click(section.get_by_role("link", name=TITLE))
    assert "Minder dan 5 antwoorden" in office.page.locator("main").inner_text()
    assert "Ik miste jongeren" not in office.page.content()

    # The fifth participant opens the form twice (two browsers); the second submit changes nothing.
    last = links[PEOPLE[4]]
    second = new_visitor()
    second.goto(last)  # left open
    _answer(phone_visitor, last, [AGREE, AGREE, AGREE, AGREE, AGREE], check_phone=True)
    page = second.page
    for fieldset in page.locator("main fieldset").all():
        fieldset.get_by_role("radio", name=bilingual("Fully disagree", "Helemaal oneens")).check()
    second.click(button(page, "Send my answers", "Verstuur mijn antwoorden"))
    assert page.get_by_role(
        "heading", level=1, name=bilingual("You have already answered", "U hebt de vragen al ingevuld")
    ).is_visible()
    assert QuestionnaireResponse.objects.count() == 5
    assert not QuestionnaireResponse.objects.filter(heard="disagree_strongly").exists()
    phone_visitor.goto(last)  # the link again: a friendly page, no form
    assert phone_visitor.page.locator("main form").count() == 0

    # Five answers: the figures appear, with their counts (heard: 4 of 5 agree = 80,0 %).
    section = _dashboard(office, hub.slug)
    heard = section.locator('tr[data-item="heard"]')
    assert heard.count() == 1
    assert re.search(r"80[,.]0\s*%", heard.inner_text()) and "4 / 5" in heard.inner_text()
    diverse = section.locator('tr[data-item="diverse"]').inner_text()
    assert re.search(r"50[,.]0\s*%", diverse) and "2 / 4" in diverse  # one "weet ik niet" left out
    office.click(section.get_by_role("link", name=TITLE))
    main = office.page.locator("main").inner_text()
    assert "Ik miste jongeren aan tafel." in main and "Fijn dat er echt naar ons geluisterd werd." in main
