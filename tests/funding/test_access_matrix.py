"""One access matrix over every URL of the ``funding`` namespace, taken from the resolver (a new URL
fails this test until it has a row below), for every role: who gets the page, who gets 403 and who
goes to log in; another hub's coordinator reaches no application or grant of hub A; scores and
referees' names stay with the office and the committee; the applicant never sees a referee's name."""

from __future__ import annotations

from decimal import Decimal

from django.shortcuts import resolve_url
from django.urls import URLResolver, get_resolver, reverse

import pytest

from participatiehub.funding import services_assessment as assess
from participatiehub.funding.constants import ApplicationStatus, AssignmentRole
from tests.factories import OrganisationFactory, UserFactory, decision_maker, evaluator

from .assessment_factories import assessed_call, assign, committee_member, finance, in_assessment, referee, score_all
from .factories import attach, complete_application
from .grant_helpers import award

pytestmark = pytest.mark.django_db

WEIGHTED = "6.33"  # (2×8 + 6) / 3 = 7.33 and (2×6 + 4) / 3 = 5.33: mean 6.33
REPORT_SCORES = ("7.33", "5.33")
#: Who may see scores and referees' names (on any page): the office and the committee.
SEES_SCORES = {"office", "committee"}
#: The assessment pages that show the weighted score to those who may see it.
SCORE_PAGES = {"assessment_committee", "assessment_office", "assessment_office_call"}
PUBLIC = {"calls", "call_public"}
REFEREES = {"referee", "second_referee", "conflicted_referee", "unassigned_referee"}
ASSESSORS = REFEREES | {"committee", "unassigned_committee"}

#: Who gets 200 on a GET of each URL (filled from hub A's objects); every other signed-in person gets
#: 403, anonymous visitors go to log in (the public pages excepted).
ALLOWED: dict[str, set[str]] = {
    "calls": {"*"},
    "call_public": {"*"},
    "application_start": {"coordinator_a", "coordinator_b"},  # a call is no hub's data: each for their own hub
    "my_applications": {"coordinator_a", "coordinator_b", "office"},
    "application": {"coordinator_a", "office", "referee", "second_referee", "committee"},
    "attachment": {"coordinator_a", "office", "referee", "second_referee", "committee"},
    "office_calls": {"office"},
    "office_call_create": {"office"},
    "office_call": {"office"},
    "office_applications": {"office"},
    "office_application": {"office"},
    "my_grants": {"coordinator_a", "coordinator_b", "office"},
    "grant": {"coordinator_a", "office"},
    "award_letter": {"coordinator_a", "office"},
    "office_grants": {"office"},
    "office_grant": {"office"},
    "budget": {"office", "finance"},
    "budget_export": {"office", "finance"},
    "assessment_inbox": ASSESSORS,
    "assessment_score": {"referee", "second_referee"},
    "assessment_declare": {"referee", "second_referee", "committee"},
    "assessment_rebuttal": {"coordinator_a", "office"},
    "assessment_committee": {"committee", "office"},
    "assessment_office": {"office"},
    "assessment_office_call": {"office"},
}
#: Which of hub A's objects fills ``pk`` (the application unless named here); ``slug`` is the call's.
PK_OF = {
    "attachment": "attachment",
    "grant": "grant",
    "award_letter": "grant",
    "office_grant": "grant",
}


def funding_patterns() -> list[tuple[str, list[str]]]:
    """(name, parameter names) of every URL pattern in the ``funding`` namespace."""
    resolver = next(p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "funding")
    return [(p.name, list(p.pattern.regex.groupindex)) for p in resolver.url_patterns]


@pytest.fixture
def world(hub, applicant, office, other_hub, other_coordinator):
    call = assessed_call(title="Coalitievorming", slug="coalitievorming")
    application = in_assessment(call=call, hub=hub, applicant=applicant, office=office, title="Samen sterk")
    people = {
        "anonymous": None,
        "coordinator_a": applicant,
        "coordinator_b": other_coordinator,
        "decision_maker": decision_maker(OrganisationFactory(hub=hub)),
        "evaluator": evaluator(),
        "referee": referee(full_name="Ria Referent", email="ria@referent.example.nl"),
        "second_referee": referee(full_name="Bas Beoordelaar", email="bas@referent.example.nl"),
        "conflicted_referee": referee(full_name="Cor Conflict", email="cor@referent.example.nl"),
        "unassigned_referee": referee(full_name="Ursula Onbekend"),
        "committee": committee_member(full_name="Carla Commissie"),
        "unassigned_committee": committee_member(),
        "finance": finance(),
        "office": office,
        "no_role": UserFactory(),
    }
    score_all(assign(application, people["referee"], office), [8, 6], comments="Sterk netwerk.")
    score_all(assign(application, people["second_referee"], office), [6, 4], comments="Plan is vaag.")
    assign(application, people["conflicted_referee"], office, declare=True)
    assign(application, people["committee"], office, role=AssignmentRole.COMMITTEE)
    assess.referees_close(actor=office, application=application)
    assess.rebuttal_submit(actor=applicant, application=application, text="Ons plan staat in bijlage 2.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMMITTEE
    grant = award(hub=hub, lead_applicant=applicant, office=office, amount=Decimal("40000.00"))
    # Hub B's own application and grant: hub A's people never see them on their lists.
    foreign = complete_application(hub=other_hub, lead_applicant=other_coordinator, title="Coalitie Twente")
    foreign_grant = award(hub=other_hub, lead_applicant=other_coordinator, office=office)
    objects = {"call": call, "application": application, "attachment": attach(application), "grant": grant}
    return {"objects": objects, "people": people, "foreign": (foreign, foreign_grant)}


def _url(name: str, params: list[str], objects) -> str:
    kwargs = {}
    for param in params:
        if param == "slug":
            kwargs[param] = objects["call"].slug
        elif param == "pk":
            kwargs[param] = objects[PK_OF.get(name, "application")].pk
        else:  # a new kind of parameter: say here which object of hub A fills it
            raise AssertionError(f"funding:{name} has a parameter {param!r} the matrix cannot fill")
    return reverse(f"funding:{name}", kwargs=kwargs)


def _page(response) -> str:
    if response.get("Content-Type", "").startswith("text/html"):
        return response.content.decode()
    return ""  # the award letter (PDF), an attachment and the budget export


def test_every_funding_url_has_a_row():
    assert {name for name, _ in funding_patterns()} == set(ALLOWED)


def test_the_matrix_over_every_funding_url_and_every_role(client, world, settings):
    objects, people = world["objects"], world["people"]
    foreign, foreign_grant = world["foreign"]
    urls = {name: _url(name, params, objects) for name, params in funding_patterns()}
    referee_names = [text for who in REFEREES for text in (people[who].full_name, people[who].email)]
    for who, user in people.items():
        client.logout()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # logging out clears the cookies
        if user is not None:
            client.force_login(user)
        for name, url in urls.items():
            response = client.get(url)
            if name in PUBLIC:
                assert response.status_code == 200, (who, name)
            elif user is None:
                assert response.status_code == 302, (who, name)
                assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={url}", (who, name)
                continue
            else:
                expected = 200 if who in ALLOWED[name] else 403
                assert response.status_code == expected, (who, name, response.status_code)
            if response.status_code != 200:
                continue
            page = _page(response)
            # Scores: only the office and the committee, and they see the weighted score where it belongs.
            if who in SEES_SCORES:
                assert (WEIGHTED in page) == (name in SCORE_PAGES), (who, name)
            else:
                for score in (WEIGHTED, *REPORT_SCORES):
                    assert score not in page, (who, name, score)
                # Another referee's name, e-mail and report stay inside the office and the committee.
                assert "Bas Beoordelaar" not in page and "bas@referent.example.nl" not in page, (who, name)
                if name != "assessment_rebuttal" and who != "second_referee":
                    assert "Plan is vaag." not in page, (who, name)
            if who == "coordinator_a":  # the applicant: no referee's name or e-mail on any page
                for text in referee_names:
                    assert text not in page, (name, text)
            # Hub A's lists show hub A's own, hub B's lists show none of hub A's (and the other way round).
            if name in ("my_applications", "my_grants") and who in ("coordinator_a", "coordinator_b"):
                ours = ("Samen sterk", objects["grant"].number)
                theirs = ("Coalitie Twente", foreign_grant.number)
                shown, hidden = (ours, theirs) if who == "coordinator_a" else (theirs, ours)
                mine = shown[0] if name == "my_applications" else shown[1]
                assert mine in page, (who, name)
                for text in hidden:
                    assert text not in page, (who, name, text)
    assert foreign.hub_id != objects["application"].hub_id
