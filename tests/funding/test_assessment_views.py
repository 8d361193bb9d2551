"""Assessment pages: posts outside the scope, who sees scores and names, and the pages end to end
(who reaches which page is in test_access_matrix.py)."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

import pytest

from participatiehub.funding import services_assessment as assess
from participatiehub.funding.constants import ApplicationStatus, AssignmentRole, StepKind
from participatiehub.funding.models import Application, RefereeAssignment
from tests.factories import OrganisationFactory, UserFactory, decision_maker, evaluator

from .assessment_factories import (
    assessed_call,
    assign,
    committee_member,
    finance,
    in_assessment,
    referee,
    score_all,
)
from .factories import attach

A = ApplicationStatus
pytestmark = pytest.mark.django_db

WEIGHTED = "6.33"  # (2×8 + 6) / 3 = 7.33 and (2×6 + 4) / 3 = 5.33: mean 6.33


@pytest.fixture
def world(hub, applicant, office, other_coordinator):
    call = assessed_call(title="Coalitievorming", slug="coalitievorming")
    application = in_assessment(call=call, hub=hub, applicant=applicant, office=office, title="Samen sterk")
    people = {
        "anonymous": None,
        "applicant": applicant,
        "other_coordinator": other_coordinator,
        "referee": referee(full_name="Ria Referent", email="ria@referent.example.nl"),
        "second_referee": referee(full_name="Bas Beoordelaar", email="bas@referent.example.nl"),
        "conflicted_referee": referee(full_name="Cor Conflict", email="cor@referent.example.nl"),
        "unassigned_referee": referee(),
        "committee": committee_member(full_name="Carla Commissie"),
        "unassigned_committee": committee_member(),
        "office": office,
        "finance": finance(),
        "evaluator": evaluator(),
        "decision_maker": decision_maker(OrganisationFactory(hub=hub)),
        "no_role": UserFactory(),
    }
    score_all(assign(application, people["referee"], office), [8, 6], comments="Sterk netwerk.")
    score_all(assign(application, people["second_referee"], office), [6, 4], comments="Plan is vaag.")
    assign(application, people["conflicted_referee"], office, declare=True)
    assign(application, people["committee"], office, role=AssignmentRole.COMMITTEE)
    assess.referees_close(actor=office, application=application)
    assess.rebuttal_submit(actor=applicant, application=application, text="Ons plan staat in bijlage 2.")
    application.refresh_from_db()
    assert application.status == A.COMMITTEE
    return {"call": call, "application": application, "people": people}


def _urls(world) -> dict[str, str]:
    application, call = world["application"], world["call"]
    return {
        "inbox": reverse("funding:assessment_inbox"),
        "score": reverse("funding:assessment_score", args=[application.pk]),
        "declare": reverse("funding:assessment_declare", args=[application.pk]),
        "rebuttal": reverse("funding:assessment_rebuttal", args=[application.pk]),
        "committee": reverse("funding:assessment_committee", args=[call.slug]),
        "office": reverse("funding:assessment_office", args=[application.pk]),
        "office_call": reverse("funding:assessment_office_call", args=[call.slug]),
    }


def test_posts_outside_the_scope_are_refused(client, world):
    urls = _urls(world)
    people = world["people"]
    for who in ("applicant", "other_coordinator", "referee", "committee", "finance"):
        client.force_login(people[who])
        for name in ("office", "office_call"):
            assert client.post(urls[name], {"action": "decide"}).status_code == 403, (who, name)
    for who in ("other_coordinator", "referee", "office"):
        client.force_login(people[who])
        response = client.post(urls["rebuttal"], {"text": "Nog een reactie."})
        assert response.status_code in (200, 403), who
        assert world["application"].rebuttal.text == "Ons plan staat in bijlage 2."
    client.force_login(people["referee"])
    assert client.post(urls["committee"], {"action": "rank"}).status_code == 403


def test_a_conflicted_referee_cannot_open_the_application_or_its_attachments(client, world):
    application = world["application"]
    attachment = attach(application)
    conflicted, clear = world["people"]["conflicted_referee"], world["people"]["referee"]
    for user, expected in ((conflicted, 403), (clear, 200)):
        client.force_login(user)
        assert client.get(reverse("funding:application", args=[application.pk])).status_code == expected
        assert client.get(reverse("funding:attachment", args=[attachment.pk])).status_code == expected
        assert client.get(reverse("funding:assessment_score", args=[application.pk])).status_code == expected


def test_a_referee_sees_only_what_is_assigned_and_never_another_referee(client, world, hub, applicant, office):
    other = in_assessment(call=world["call"], hub=hub, applicant=applicant, office=office, title="Andere aanvraag")
    person = world["people"]["referee"]
    client.force_login(person)
    inbox = client.get(reverse("funding:assessment_inbox")).content.decode()
    assert "Samen sterk" in inbox and "Andere aanvraag" not in inbox
    assert f'href="{reverse("funding:assessment_inbox")}" aria-current="page"' in inbox  # the menu leads here
    assert client.get(reverse("funding:assessment_score", args=[other.pk])).status_code == 403
    assert client.get(reverse("funding:application", args=[other.pk])).status_code == 403
    page = client.get(reverse("funding:assessment_score", args=[world["application"].pk])).content.decode()
    assert "Sterk netwerk." in page  # their own report
    for name in ("Bas Beoordelaar", "bas@referent.example.nl", "Plan is vaag.", "Cor Conflict"):
        assert name not in page
    # The conflicted referee's inbox no longer lists the application.
    client.force_login(world["people"]["conflicted_referee"])
    inbox = client.get(reverse("funding:assessment_inbox")).content.decode()
    assert "Samen sterk" not in inbox and "You declared a conflict of interest for 1 application." in inbox


def test_the_applicant_never_sees_a_referee_name_email_or_score(client, world, applicant):
    application = world["application"]
    client.force_login(applicant)
    pages = [
        client.get(reverse("funding:assessment_rebuttal", args=[application.pk])).content.decode(),
        client.get(reverse("funding:application", args=[application.pk])).content.decode(),
    ]
    assert "Referee A" in pages[0] and "Referee B" in pages[0]
    assert "Sterk netwerk." in pages[0] and "Plan is vaag." in pages[0]
    assert "Ons plan staat in bijlage 2." in pages[0]
    for assignment in RefereeAssignment.objects.filter(application=application).select_related("user"):
        for page in pages:
            assert assignment.user.full_name not in page and assignment.user.email not in page
    for page in pages:
        assert 'name="assignment"' not in page and "beoordelen/" not in page
    for page in pages:
        assert WEIGHTED not in page and "7.33" not in page and "5.33" not in page
    # Referee A is the first assigned referee; the letters stay the same on every visit.
    again = client.get(reverse("funding:assessment_rebuttal", args=[application.pk])).content.decode()
    assert again.index("Sterk netwerk.") < again.index("Plan is vaag.")


def test_the_committee_sees_names_scores_and_rebuttal_side_by_side(client, world):
    client.force_login(world["people"]["committee"])
    page = client.get(reverse("funding:assessment_committee", args=[world["call"].slug])).content.decode()
    for text in (
        WEIGHTED,
        "7.00",
        "5.00",
        "Ria Referent",
        "Bas Beoordelaar",
        "Ons plan staat in bijlage 2.",
        "€ 45,000.00",
    ):
        assert text in page, text
    assert "Cor Conflict" not in page  # a conflicted referee is not part of the assessment


def test_the_pages_end_to_end(client, hub, applicant, office):
    call = assessed_call(
        slug="ronde-2",
        procedure=[StepKind.COMPLETENESS, StepKind.REFEREES, StepKind.REBUTTAL, StepKind.COMMITTEE, StepKind.DECISION],
    )
    application = in_assessment(call=call, hub=hub, applicant=applicant, office=office, title="Wijkpanel")
    person, member = referee(full_name="Ria Referent"), committee_member()
    office_url = reverse("funding:assessment_office", args=[application.pk])
    client.force_login(office)
    client.post(office_url, {"action": "assign_referee", "referee-user": person.pk})
    client.post(office_url, {"action": "assign_committee", "committee-user": member.pk})
    assert set(application.assignments.values_list("role", flat=True)) == {"referee", "committee"}
    call.rebuttal_days = 14  # set on the call's own page (F1's call form)
    call.save()
    assert (
        "Applicants get 14 days for their rebuttal."
        in client.get(reverse("funding:assessment_office_call", args=[call.slug])).content.decode()
    )
    # The referee declares no conflict, saves a draft, is refused a submit with a gap, then submits.
    client.force_login(person)
    score_url = reverse("funding:assessment_score", args=[application.pk])
    assert client.get(score_url)["Location"] == reverse("funding:assessment_declare", args=[application.pk])
    response = client.post(reverse("funding:assessment_declare", args=[application.pk]), {"conflict": "no"})
    assert response["Location"] == score_url
    relevance, feasibility = call.criteria.all()
    data = {f"score_{relevance.pk}": "7", f"motivation_{relevance.pk}": "Relevant voor de regio.", "comments": "Mooi."}
    client.post(score_url, {**data, "action": "save"})
    page = client.post(score_url, {**data, "action": "submit"}).content.decode()
    assert "Give a score for “Haalbaarheid”." in page
    page = client.post(score_url, {**data, f"score_{feasibility.pk}": "12", "action": "save"}).content.decode()
    assert "Ensure this value is less than or equal to 9." in page
    data.update({f"score_{feasibility.pk}": "5", f"motivation_{feasibility.pk}": "Haalbaar."})
    assert client.post(score_url, {**data, "action": "submit"}).status_code == 302
    assert "It cannot be changed any more." in client.get(score_url).content.decode()
    # The office closes the referee step; the applicant reads and rebuts.
    client.force_login(office)
    client.post(office_url, {"action": "close_referees"})
    application.refresh_from_db()
    assert application.status == A.REBUTTAL
    client.force_login(applicant)
    rebuttal_url = reverse("funding:assessment_rebuttal", args=[application.pk])
    page = client.get(rebuttal_url).content.decode()
    assert "Referee A" in page and "Relevant voor de regio." in page and "Send your rebuttal before" in page
    client.post(rebuttal_url, {"text": "Wij hebben de haalbaarheid getoetst."})
    application.refresh_from_db()
    assert application.status == A.COMMITTEE
    assert "Sent on" in client.get(rebuttal_url).content.decode()
    # The committee member declares, ranks; the office sends it on and awards a lower amount.
    client.force_login(member)
    client.post(reverse("funding:assessment_declare", args=[application.pk]), {"conflict": "no"})
    committee_url = reverse("funding:assessment_committee", args=[call.slug])
    prefix = f"a{application.pk}"
    response = client.post(
        committee_url,
        {"action": "rank", f"{prefix}-rank": "1", f"{prefix}-advice": "award", f"{prefix}-note": "Sterk."},
    )
    assert response.status_code == 302
    client.force_login(office)
    client.post(committee_url, {"action": "close"})
    application.refresh_from_db()
    assert application.status == A.DECISION
    page = client.post(
        office_url, {"action": "decide", "decision-outcome": "award", "decision-amount": "40000"}
    ).content.decode()
    assert "The amount is lower than requested. Say why." in page
    response = client.post(
        office_url,
        {
            "action": "decide",
            "decision-outcome": "award",
            "decision-amount": "40000",
            "decision-conditions": "Start binnen acht weken.",
            "decision-reason": "Materialen zijn te hoog begroot.",
        },
    )
    assert response.status_code == 302
    application = Application.objects.get(pk=application.pk)
    assert application.status == A.AWARDED and application.decision.amount == Decimal("40000.00")
    page = client.get(office_url).content.decode()
    assert "€ 40,000.00" in page and "Materialen zijn te hoog begroot." in page


def test_unknown_ids_are_404(client, world, office):
    client.force_login(office)
    assert client.get(reverse("funding:assessment_office", args=[999999])).status_code == 404
    assert client.get(reverse("funding:assessment_committee", args=["bestaat-niet"])).status_code == 404
    client.force_login(world["people"]["referee"])
    assert client.get(reverse("funding:assessment_score", args=[999999])).status_code == 404
