"""Journey: the whole influence chain, walked by four separate people in four separate browsers.

1. A decision-maker of Gemeente Zeist asks the hub a question through the form.
2. The hub coordinator accepts it (similar earlier questions shown), runs the trajectory with two
   activities and participants, writes advice with three recommendations and delivers it.
3. The decision-maker answers each recommendation: adopted, partly adopted, not adopted.
4. The coordinator publishes the feedback; every participant who asked for it is e-mailed.
5. A member of the public follows the question from the public list to its transparency page.

axe-core (WCAG 2.1 AA) runs on every page visited and after every form submission.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core import mail
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from participatiehub.core.models import OutgoingEmail
from participatiehub.network.constants import OrganisationType
from participatiehub.questions import services as question_services
from participatiehub.questions.constants import QuestionStatus
from participatiehub.questions.models import PolicyQuestion
from participatiehub.trajectories.models import TrajectoryParticipant
from tests.browser.conftest import Visitor, button, eventually, link
from tests.factories import (
    HubFactory,
    HubMunicipalityFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ParticipationBodyFactory,
    coordinator,
    decision_maker,
)

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Mantelzorgers in Zeist beter ondersteunen"
SUMMARY = "Hoe kunnen wij mantelzorgers in Zeist beter ondersteunen? Wij willen weten wat zij zelf nodig hebben."
ASKER_NAME = "Petra de Vries"
ASKER_EMAIL = "petra.devries@zeist.example"
RECOMMENDATIONS = [
    "Open een vast inlooppunt voor mantelzorgers in elke wijk.",
    "Geef mantelzorgers één vaste contactpersoon bij de gemeente.",
    "Verdubbel het budget voor respijtzorg.",
]
PARTLY_REASON = "Wij starten met een contactpersoon per wijk, niet per persoon."
NOT_REASON = "Het budget voor respijtzorg ligt vast tot 2027; wij kijken er dan opnieuw naar."
DECISION_URL = "https://zeist.example/besluiten/2025-mantelzorg"
# Who took part: two want to hear back, one does not.
FEEDBACK_PARTICIPANTS = ["anna.bakker@example.nl", "karim.elamrani@example.nl"]
SILENT_PARTICIPANT = "geen.bericht@example.nl"
STAFF = ["beslisser@zeist.example", "Bram Beslisser", "coordinator@hub-utrecht.example", "Cora Coördinator"]
#: What the feedback e-mail (always Dutch) says per recommendation.
EMAIL_DECISIONS = [("overgenomen", ""), ("deels overgenomen", PARTLY_REASON), ("niet overgenomen", NOT_REASON)]


def _action_form(page, action: str):
    """The workspace has one form per action; each carries a hidden ``action`` input."""
    return page.locator(f"form:has(input[name=action][value={action}])")


def _open(visitor: Visitor, english: str, dutch: str) -> None:
    """Open a <details> section by its summary and check the form it reveals."""
    visitor.click(
        visitor.page.locator("summary").filter(has_text=re.compile(rf"^({re.escape(dutch)}|{re.escape(english)})$"))
    )


def _unsent():
    return OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT)


@pytest.fixture
def world():
    hub = HubFactory(name="Participatiehub Utrecht", slug="utrecht")
    zeist = MunicipalityFactory(code="GM0355", name="Zeist")
    HubMunicipalityFactory(hub=hub, municipality=zeist)
    HubMunicipalityFactory(hub=hub, municipality=MunicipalityFactory(code="GM0344", name="Utrecht"))
    organisation = OrganisationFactory(hub=hub, name="Gemeente Zeist", org_type=OrganisationType.MUNICIPALITY)
    council = ParticipationBodyFactory(hub=hub, name="Adviesraad Sociaal Domein Zeist")
    client_council = ParticipationBodyFactory(hub=hub, name="Cliëntenraad Zorgcentrum De Linde")
    asker = decision_maker(organisation, email="beslisser@zeist.example", full_name="Bram Beslisser")
    coordinator(hub, email="coordinator@hub-utrecht.example", full_name="Cora Coördinator")
    # An earlier, similar question: intake must show it so people are not asked the same thing twice.
    question_services.question_submit(
        user=asker,
        organisation=organisation,
        title="Ondersteuning van mantelzorgers in de wijk",
        summary="Wat hebben mantelzorgers nodig om het vol te houden?",
        promised_rung="consult",
        decision_body="Het college van B&W",
        municipalities=[zeist],
    )
    return {"hub": hub, "zeist": zeist, "organisation": organisation, "bodies": [council, client_council]}


def test_influence_chain_from_question_to_feedback(new_visitor, world):
    today = timezone.localdate()
    council, client_council = (b.name for b in world["bodies"])

    # --- 1. The decision-maker asks the hub a question --------------------------------------
    asker = new_visitor()
    page = asker.page
    asker.login("beslisser@zeist.example")
    asker.click(link(page.get_by_role("navigation"), "My questions", "Mijn vraagstukken", whole=False).first)
    asker.click(link(page, "Ask the hub a question", "Een vraagstuk voorleggen aan de hub", whole=False).first)
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill(SUMMARY)
    page.locator("#id_background").fill("De gemeenteraad wil in 2026 een nieuw mantelzorgbeleid vaststellen.")
    page.locator("input[name=agreements][value=iza_azwa]").check()
    page.locator("input[name=agreements][value=wozo]").check()
    page.locator("#id_themes").fill("mantelzorg, respijtzorg")
    page.locator("fieldset:has(input[name=municipalities])").get_by_label("Zeist", exact=True).check()
    page.locator("input[name=promised_rung][value=advise]").check()
    page.locator("#id_decision_body").fill("De gemeenteraad van Zeist")
    page.locator("#id_decision_date").fill((today + dt.timedelta(days=90)).isoformat())
    page.locator("#id_answer_due_date").fill((today + dt.timedelta(days=120)).isoformat())
    page.locator("#id_contact_name").fill(ASKER_NAME)
    page.locator("#id_contact_email").fill(ASKER_EMAIL)
    asker.click(button(page, "Send the question", "Het vraagstuk versturen"))
    expect(page.locator("h1")).to_have_text(TITLE)
    question = PolicyQuestion.objects.get(title=TITLE)
    assert question.status == QuestionStatus.SUBMITTED
    assert question.asking_organisation == world["organisation"]
    assert sorted(question.agreements) == ["iza_azwa", "wozo"]
    assert list(question.municipalities.values_list("name", flat=True)) == ["Zeist"]
    assert question.promised_rung == "advise"

    # --- 2. The coordinator takes it in and runs the trajectory ------------------------------
    hub_user = new_visitor()
    page = hub_user.page
    hub_user.login("coordinator@hub-utrecht.example")
    hub_user.click(link(page.get_by_role("navigation"), "Inbox", "Inbox", whole=False).first)
    hub_user.click(page.get_by_role("link", name=TITLE, exact=True))
    similar = page.locator("section[aria-labelledby=similar-heading]")
    expect(similar.get_by_role("heading", level=2)).to_be_visible()
    expect(similar.get_by_role("link", name="Ondersteuning van mantelzorgers in de wijk")).to_be_visible()
    hub_user.click(button(page, "Accept the question", "Het vraagstuk aannemen"))
    question.refresh_from_db()
    assert question.status == QuestionStatus.ACCEPTED

    hub_user.click(link(page, "Go to the trajectory", "Naar het traject", whole=False))
    start = _action_form(page, "start")
    start.locator("input[name=trajectory-participation_forms][value=social_domain_advisory_council]").check()
    start.locator("input[name=trajectory-participation_forms][value=client_council]").check()
    start.get_by_label(council, exact=True).check()
    start.get_by_label(client_council, exact=True).check()
    start.locator("#id_trajectory-description").fill("Een bijeenkomst met de adviesraad en een focusgroep.")
    hub_user.click(button(start, "Start the trajectory", "Het traject starten"))
    question.refresh_from_db()
    assert question.status == QuestionStatus.IN_PROGRESS

    activities = [
        ("meeting", "Bijeenkomst met de adviesraad", "Dorpshuis Austerlitz", "14", [council]),
        ("focus_group", "Focusgroep met mantelzorgers", "Bibliotheek Zeist", "9", [council, client_council]),
    ]
    for kind, title, place, count, bodies in activities:
        _open(hub_user, "Add an activity", "Een activiteit toevoegen")
        form = _action_form(page, "activity_add")
        form.locator("#id_activity-kind").select_option(kind)
        form.locator("#id_activity-title").fill(title)
        form.locator("#id_activity-held_on").fill(today.isoformat())
        form.locator("#id_activity-place").fill(place)
        form.locator("#id_activity-participant_count").fill(count)
        for body in bodies:
            form.get_by_label(body, exact=True).check()
        hub_user.click(button(form, "Add the activity", "De activiteit toevoegen"))
        expect(page.locator("#activities-caption").locator("xpath=..")).to_contain_text(title)
    expect(page.locator("#activities-caption")).to_contain_text("23")

    _open(hub_user, "Add a participant", "Een deelnemer toevoegen")
    form = _action_form(page, "participant_add")
    form.locator("#id_participant-name").fill("Iemand zonder bericht")
    form.locator("#id_participant-email").fill(SILENT_PARTICIPANT)
    form.locator("#id_participant-wants_feedback").uncheck()
    hub_user.click(button(form, "Add", "Toevoegen"))
    _open(hub_user, "Paste a list of participants", "Een lijst met deelnemers plakken")
    form = _action_form(page, "participants_bulk")
    form.locator("#id_bulk-lines").fill(
        f"Anna Bakker, {FEEDBACK_PARTICIPANTS[0]}\nKarim El Amrani, {FEEDBACK_PARTICIPANTS[1]}"
    )
    hub_user.click(button(form, "Add these participants", "Deze deelnemers toevoegen"))
    participants = page.locator("#participants-caption").locator("xpath=..")
    for email in [*FEEDBACK_PARTICIPANTS, SILENT_PARTICIPANT]:
        expect(participants).to_contain_text(email)

    # The rung actually delivered, recorded once the participation has been done.
    _open(hub_user, "Change how people take part", "Wijzigen hoe mensen meedoen")
    form = _action_form(page, "update")
    form.locator("#id_trajectory-delivered_rung").select_option("advise")
    hub_user.click(button(form, "Save", "Opslaan"))

    form = _action_form(page, "advice_save")
    form.locator("#id_advice-summary").fill(
        "Mantelzorgers vragen om hulp dichtbij, één aanspreekpunt en meer respijtzorg."
    )
    form.locator("#id_advice-what_participants_said").fill(
        "Zij voelen zich vaak alleen en weten niet waar ze heen moeten."
    )
    form.locator("#id_advice-recommendations").fill("\n".join(RECOMMENDATIONS))
    hub_user.click(button(form, "Save draft", "Concept opslaan"))
    hub_user.click(button(_action_form(page, "advice_deliver"), "Deliver the advice", "Het advies inleveren"))
    question.refresh_from_db()
    assert question.status == QuestionStatus.ADVICE_DELIVERED

    # --- 3. The decision-maker answers each recommendation ------------------------------------
    page = asker.page
    asker.click(link(page.get_by_role("navigation"), "My questions", "Mijn vraagstukken", whole=False).first)
    asker.click(page.get_by_role("link", name=TITLE, exact=True))
    asker.click(link(page, "Answer the recommendations", "Reageren op de aanbevelingen", whole=False))
    fieldsets = page.locator("main form fieldset.ph-card")
    expect(fieldsets).to_have_count(3)
    answers = [("adopted", ""), ("partly_adopted", PARTLY_REASON), ("not_adopted", NOT_REASON)]
    for fieldset, (decision, reason) in zip(fieldsets.all(), answers, strict=True):
        fieldset.locator(f"input[type=radio][value={decision}]").check()
        if reason:
            fieldset.locator("textarea[name$=-reason]").fill(reason)
        fieldset.locator("input[name$=-decided_on]").fill(today.isoformat())
        fieldset.locator("input[name$=-decision_document_url]").fill(DECISION_URL)
    asker.click(button(page, "Save my answers", "Mijn reacties opslaan"))
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED, page.locator("main").inner_text()[:2000]

    # --- 4. The coordinator publishes the feedback ----------------------------------------------
    page = hub_user.page
    hub_user.click(link(page.get_by_role("navigation"), "Inbox", "Inbox", whole=False).first)
    hub_user.click(page.get_by_role("link", name=TITLE, exact=True))
    hub_user.click(link(page, "Go to the trajectory", "Naar het traject", whole=False))
    expect(page.locator("section[aria-labelledby=feedback-heading]")).to_contain_text(
        re.compile(r"(krijgen 2 deelnemers|2 participants get)")
    )
    feedback = page.locator("section[aria-labelledby=feedback-heading] form")
    feedback.locator("#id_feedback-closing_words").fill("De gemeenteraad besluit in het voorjaar.")
    # Earlier e-mails (the task worker sends them in the background) have left before the count starts.
    eventually(lambda: not _unsent().exists(), what="earlier e-mails sent")
    mail.outbox.clear()
    sent_before = set(OutgoingEmail.objects.values_list("pk", flat=True))
    hub_user.click(button(feedback, "Publish and send", "Publiceren en versturen"))
    question.refresh_from_db()
    assert question.status == QuestionStatus.FEEDBACK_GIVEN

    outbox = OutgoingEmail.objects.exclude(pk__in=sent_before).filter(purpose="trajectory_feedback")
    assert sorted(outbox.values_list("to", flat=True)) == sorted(FEEDBACK_PARTICIPANTS)
    eventually(lambda: not _unsent().exists(), what="feedback e-mails sent by the task worker")
    assert set(outbox.values_list("status", flat=True)) == {OutgoingEmail.Status.SENT}
    delivered = {message.to[0]: message for message in mail.outbox}
    assert sorted(delivered) == sorted(FEEDBACK_PARTICIPANTS), [m.to for m in mail.outbox]
    for email in FEEDBACK_PARTICIPANTS:
        body = delivered[email].body
        # Each recommendation with what was decided and, where it was not simply adopted, why.
        for number, (text, (decision, reason)) in enumerate(zip(RECOMMENDATIONS, EMAIL_DECISIONS, strict=True), 1):
            block = rf"Aanbeveling {number}: {re.escape(text)}\nBesluit: {decision} \(op [^)]+\)\n"
            if reason:
                block += rf"Waarom: {re.escape(reason)}\n"
            assert re.search(block, body), f"recommendation {number} not as expected in:\n{body}"
        token = TrajectoryParticipant.objects.get(email=email).unsubscribe_token
        assert f"/trajecten/afmelden/{token}/" in body
        assert f"/vraagstukken/{question.pk}/" in body
    assert SILENT_PARTICIPANT not in delivered

    # --- 5. A member of the public follows the question ------------------------------------------
    public = new_visitor()
    page = public.page
    public.goto("/")
    public.click(link(page.get_by_role("navigation"), "Policy questions", "Vraagstukken", whole=False).first)
    page.locator("#id_q").fill("mantelzorg")
    page.locator("#id_hub").select_option("utrecht")
    public.click(button(page, "Filter", "Filteren"))
    public.click(page.get_by_role("link", name=TITLE, exact=True))
    expect(page.locator("h1")).to_have_text(TITLE)
    main = page.locator("main")

    timeline = page.locator("section[aria-labelledby=timeline-heading] ol li")
    steps = [item.strip() for item in timeline.all_inner_texts()]
    expected = [
        r"(Vraagstuk voorgelegd|Question asked)",
        r"(De hub heeft het vraagstuk aangenomen|The hub accepted the question)",
        r"(Participatie gestart|Participation started)",
        r"(Bijeenkomst|Meeting): Bijeenkomst met de adviesraad",
        r"(Focusgroep|Focus group): Focusgroep met mantelzorgers",
        r"(Advies ingeleverd|Advice delivered)",
        r"(Reactie op aanbeveling|Answer to recommendation) 1",
        r"(Reactie op aanbeveling|Answer to recommendation) 2",
        r"(Reactie op aanbeveling|Answer to recommendation) 3",
        r"(De beslisser heeft gereageerd|The decision-maker answered)",
        r"(Terugkoppeling gepubliceerd|Feedback published)",
    ]
    position = 0
    for pattern in expected:  # every step, in this order (other lines may sit in between)
        while position < len(steps) and not re.search(pattern, steps[position]):
            position += 1
        assert position < len(steps), f"{pattern!r} missing or out of order in timeline:\n" + "\n".join(steps)
        position += 1

    ladder = page.locator("section[aria-labelledby=ladder-heading]")
    expect(ladder).to_contain_text(re.compile(r"(Beloofd|Promised)\s*(Adviseren|Advise)"))
    expect(ladder).to_contain_text(re.compile(r"(Geleverd|Delivered)\s*(Adviseren|Advise)"))

    rows = page.locator("#chain-recs-caption").locator("xpath=..").locator("tbody tr")
    expect(rows).to_have_count(3)
    for row, text, (label, reason) in zip(
        rows.all(),
        RECOMMENDATIONS,
        [
            (r"(Overgenomen|Adopted)", ""),
            (r"(Deels overgenomen|Partly adopted)", PARTLY_REASON),
            (r"(Niet overgenomen|Not adopted)", NOT_REASON),
        ],
        strict=True,
    ):
        expect(row).to_contain_text(text)
        expect(row.locator("td").first).to_contain_text(re.compile(rf"^\s*{label}", re.I))
        expect(row.get_by_role("link")).to_have_attribute("href", DECISION_URL)
        if reason:
            expect(row).to_contain_text(reason)
    expect(main).to_contain_text("De gemeenteraad besluit in het voorjaar.")

    html = page.content()
    for private in [*FEEDBACK_PARTICIPANTS, SILENT_PARTICIPANT, ASKER_EMAIL, ASKER_NAME, *STAFF]:
        assert private not in html, f"{private} is on the public page"
    assert "Iemand zonder bericht" not in html and "Anna Bakker" not in html
