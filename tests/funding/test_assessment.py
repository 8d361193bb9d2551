"""Assessment services: assignments, conflicts of interest, scores and reports, the rebuttal, the
committee's ranking and the office's decision; the application moves along its own frozen procedure
and every step e-mails whom it concerns and writes a history row (who, when, why)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from participatiehub.core.models import OutgoingEmail
from participatiehub.funding import selectors_assessment as reads
from participatiehub.funding import services_assessment as assess
from participatiehub.funding.constants import ApplicationStatus, AssignmentRole, StepKind
from participatiehub.funding.models import ApplicationStatusChange, Decision, Grant, RefereeAssignment
from tests.factories import UserFactory

from .assessment_factories import (
    assessed_call,
    assign,
    committee_member,
    force_score,
    in_assessment,
    referee,
    score_all,
)

A = ApplicationStatus
S = StepKind
C = AssignmentRole.COMMITTEE
pytestmark = pytest.mark.django_db


def _later(days: float):
    return mock.patch("django.utils.timezone.now", return_value=timezone.now() + dt.timedelta(days=days))


@pytest.fixture
def call():
    return assessed_call(title="Coalitievorming")


@pytest.fixture
def application(call, hub, applicant, office):
    return in_assessment(call=call, hub=hub, applicant=applicant, office=office, title="Samen sterk")


def _mails_to(user) -> list[str]:
    return list(OutgoingEmail.objects.filter(to=user.email).order_by("pk").values_list("subject", flat=True))


def test_the_whole_assessment_along_the_procedure(application, applicant, office):
    assert application.status == A.IN_ASSESSMENT
    first, second, third = referee(full_name="Ria Referent"), referee(full_name="Bas Beoordelaar"), referee()
    member = committee_member(full_name="Carla Commissie")
    a1, a2 = assign(application, first, office), assign(application, second, office)
    a3 = assign(application, third, office, declare=True)
    assert any("Verzoek om een subsidieaanvraag te beoordelen" in s for s in _mails_to(first))
    # The office hears who declared a conflict, and what it is.
    conflict_mail = OutgoingEmail.objects.get(to=office.email, subject__startswith="Belangen gemeld")
    assert third.email in conflict_mail.body and "Ik werk bij een partner." in conflict_mail.body
    # The conflicted referee cannot score.
    with pytest.raises(ValidationError, match="Declare first"):
        score_all(a3, [9, 9])
    score_all(a1, [8, 6])
    score_all(a2, [6, 4])
    assert OutgoingEmail.objects.filter(to=office.email, subject__startswith="Beoordeling ingestuurd").count() == 2
    assess.referees_close(actor=office, application=application)
    assert application.status == A.REBUTTAL
    assert any("Reageer op de beoordelingen" in s for s in _mails_to(applicant))
    # The applicant reads the reports anonymised and answers once.
    reports = reads.anonymised_reports(application)
    assert [r.label for r in reports] == ["Referee A", "Referee B"]
    assert reports[0].motivations[0] == ("Relevantie", "Motivatie Relevantie: 8.")
    assess.rebuttal_submit(actor=applicant, application=application, text="De referenten missen ons werkplan.")
    assert application.status == A.COMMITTEE
    move = ApplicationStatusChange.objects.filter(application=application, to_status=A.COMMITTEE).get()
    assert move.changed_by == applicant and move.reason == "De aanvrager heeft gereageerd (wederhoor)."
    with pytest.raises(ValidationError, match="only once|not waiting"):
        assess.rebuttal_submit(actor=applicant, application=application, text="Nog iets.")
    # The committee ranks; the office sends it on to the decision and awards a lower amount.
    assign(application, member, office, role=C)
    assess.ranking_save(
        actor=member, call=application.call, rows=[{"application": application, "rank": 1, "advice": "award"}]
    )
    assert OutgoingEmail.objects.filter(to=office.email, subject__startswith="Rangorde van de commissie").exists()
    assert assess.committee_close_call(actor=office, call=application.call) == 1
    application.refresh_from_db()
    assert application.status == A.DECISION
    mails_before = OutgoingEmail.objects.filter(to=applicant.email).count()
    decision = assess.decision_record(
        actor=office,
        application=application,
        outcome="award",
        amount=Decimal("40000.00"),
        conditions="Een tussenrapportage na drie maanden.",
        reason="Het onderdeel materialen is te hoog begroot.",
    )
    application.refresh_from_db()
    assert application.status == A.AWARDED and decision.amount == Decimal("40000.00")
    assert Grant.objects.get(application=application).awarded_amount == Decimal("40000.00")
    # One e-mail to the applicant: the decision, with the grant number and the link to the award letter.
    assert OutgoingEmail.objects.filter(to=applicant.email).count() == mails_before + 1
    award_mail = OutgoingEmail.objects.get(to=applicant.email, subject__startswith="Besluit: uw aanvraag is toegekend")
    assert "€ 40.000,00" in award_mail.body and "€ 45.000,00" in award_mail.body
    assert (
        "Een tussenrapportage" in award_mail.body and "Het onderdeel materialen is te hoog begroot." in award_mail.body
    )
    grant = application.grant
    assert grant.number in award_mail.body
    assert reverse("funding:award_letter", args=[grant.pk]) in award_mail.body
    # Nothing the applicant got names a referee.
    for mail in OutgoingEmail.objects.filter(to=applicant.email):
        for person in (first, second, third):
            assert person.full_name not in mail.body and person.email not in mail.body
    history = list(application.status_changes.order_by("pk").values_list("to_status", "changed_by"))
    assert history == [
        (A.SUBMITTED, applicant.pk),
        (A.IN_ASSESSMENT, office.pk),
        (A.REBUTTAL, office.pk),
        (A.COMMITTEE, applicant.pk),
        (A.DECISION, office.pk),
        (A.AWARDED, office.pk),
    ]


def test_a_procedure_without_rebuttal_skips_it(hub, applicant, office):
    call = assessed_call(procedure=[S.COMPLETENESS, S.REFEREES, S.COMMITTEE, S.DECISION])
    application = in_assessment(call=call, hub=hub, applicant=applicant, office=office)
    score_all(assign(application, referee(), office), [7, 7])
    assess.referees_close(actor=office, application=application)
    assert application.status == A.COMMITTEE
    assert not reads.reports_visible_to_applicant(application)
    assert not application.status_changes.filter(to_status=A.REBUTTAL).exists()


def test_without_rebuttal_and_committee_the_referees_lead_to_the_decision(hub, applicant, office):
    call = assessed_call(procedure=[S.REFEREES, S.DECISION])
    application = in_assessment(call=call, hub=hub, applicant=applicant, office=office)
    assert application.status == A.IN_ASSESSMENT
    member = committee_member()
    with pytest.raises(ValidationError, match="not \\(or no longer\\) part"):
        assign(application, member, office, role=C)
    score_all(assign(application, referee(), office), [5, 5])
    assess.referees_close(actor=office, application=application)
    assert application.status == A.DECISION
    assess.decision_record(actor=office, application=application, outcome="reject", reason="Te weinig draagvlak.")
    application.refresh_from_db()
    assert application.status == A.REJECTED
    assert reads.reports_visible_to_applicant(application)


def test_scores_follow_the_scale_every_criterion_is_needed_and_a_report_is_frozen(application, office):
    assignment = assign(application, referee(), office)
    relevance, feasibility = application.call.criteria.all()
    with pytest.raises(ValidationError) as refused:
        assess.report_save(
            actor=assignment.user,
            assignment=assignment,
            scores={relevance.pk: (10, "Te hoog"), feasibility.pk: (0, "Te laag")},
            submit=False,
        )
    assert refused.value.messages == [
        "The score for “Relevantie” must be from 1 to 9.",
        "The score for “Haalbaarheid” must be from 1 to 9.",
    ]
    # A draft may be partial; submitting needs a score and a motivation for every criterion.
    assess.report_save(actor=assignment.user, assignment=assignment, scores={relevance.pk: (7, "")})
    with pytest.raises(ValidationError) as refused:
        assess.report_save(actor=assignment.user, assignment=assignment, scores={relevance.pk: (7, "")}, submit=True)
    assert refused.value.messages == ["Explain your score for “Relevantie”.", "Give a score for “Haalbaarheid”."]
    assert assignment.report_submitted_at is None
    score_all(assignment, [7, 5])
    assert assignment.report_submitted_at is not None
    with pytest.raises(ValidationError, match="cannot be changed"):
        score_all(assignment, [1, 1])
    assert sorted(assignment.scores.values_list("value", flat=True)) == [5, 7]


def test_only_the_assigned_referee_scores_their_own_report(application, office):
    assignment = assign(application, referee(), office)
    with pytest.raises(ValidationError, match="not assigned to you"):
        assess.report_save(actor=referee(), assignment=assignment, scores={})
    undeclared = assign(application, referee(), office, declare=None)
    with pytest.raises(ValidationError, match="Declare first"):
        score_all(undeclared, [5, 5])


def test_a_conflicted_score_never_counts(application, office):
    counted = assign(application, referee(), office)
    later = assign(application, referee(), office)
    force_score(counted, [8, 2])  # weighted (2×8 + 1×2) / 3 = 6
    force_score(later, [1, 1])
    assert reads.assessment_of(reads.assessment_detail(application.pk)).weighted == Decimal("3.50")
    # The second referee finds a conflict after all: their report drops out.
    assess.conflict_declare(actor=later.user, assignment=later, conflict=True, note="Mijn zus is penvoerder.")
    assessment = reads.assessment_of(reads.assessment_detail(application.pk))
    assert assessment.weighted == Decimal("6.00")
    assert [r.assignment for r in assessment.reports] == [counted]
    assert [a.pk for a in assessment.conflicts] == [later.pk]
    assert [r.label for r in reads.anonymised_reports(application)] == ["Referee A"]
    with pytest.raises(ValidationError, match="already declared a conflict"):
        assess.conflict_declare(actor=later.user, assignment=later, conflict=False)


def test_a_conflict_needs_an_explanation_and_no_conflict_is_declared_once(application, office):
    assignment = assign(application, referee(), office, declare=None)
    with pytest.raises(ValidationError, match="Explain briefly"):
        assess.conflict_declare(actor=assignment.user, assignment=assignment, conflict=True)
    assess.conflict_declare(actor=assignment.user, assignment=assignment, conflict=False)
    with pytest.raises(ValidationError, match="already declared that you have no conflict"):
        assess.conflict_declare(actor=assignment.user, assignment=assignment, conflict=False)


def test_who_can_be_assigned(application, office, applicant):
    with pytest.raises(ValidationError, match="does not have the role"):
        assign(application, UserFactory(), office)
    with pytest.raises(ValidationError, match="Only the programme office"):
        assess.assignment_add(actor=applicant, application=application, user=referee(), role="referee")
    person = referee()
    assign(application, person, office)
    with pytest.raises(ValidationError, match="already assigned"):
        assign(application, person, office, declare=None)
    # A coordinator of the applicant's hub cannot assess it.
    from tests.factories import RoleAssignmentFactory

    RoleAssignmentFactory(user=applicant, role="referee")
    with pytest.raises(ValidationError, match="coordinator of the applicant's hub"):
        assign(application, applicant, office, declare=None)


def test_the_referee_step_needs_a_report_and_a_reason_to_go_on_without_all(application, office):
    waiting = assign(application, referee(), office)
    with pytest.raises(ValidationError, match="No referee report"):
        assess.referees_close(actor=office, application=application)
    score_all(assign(application, referee(), office), [6, 6])
    assert waiting.report_submitted_at is None
    with pytest.raises(ValidationError, match="Not every referee"):
        assess.referees_close(actor=office, application=application)
    assess.referees_close(actor=office, application=application, reason="De derde referent is ziek.")
    assert application.status_changes.get(to_status=A.REBUTTAL).reason == "De derde referent is ziek."
    # A referee who did not submit in time can no longer score.
    with pytest.raises(ValidationError, match="not with the referees"):
        score_all(waiting, [5, 5])


def test_the_rebuttal_deadline(call, application, applicant, office):
    call.rebuttal_days = 14
    call.save()
    score_all(assign(application, referee(), office), [6, 6])
    assess.referees_close(actor=office, application=application)
    due = reads.rebuttal_due(reads.assessment_detail(application.pk))
    assert due - application.status_changes.get(to_status=A.REBUTTAL).changed_at == dt.timedelta(days=14)
    rebuttal_mail = OutgoingEmail.objects.get(to=applicant.email, subject__startswith="Reageer op de beoordelingen")
    assert "Reageer vóór" in rebuttal_mail.body
    # The office cannot go on before the deadline without a reason.
    with pytest.raises(ValidationError, match="can still send a rebuttal"):
        assess.rebuttal_close(actor=office, application=application)
    with _later(14.01):
        with pytest.raises(ValidationError, match="The time for the rebuttal ended"):
            assess.rebuttal_submit(actor=applicant, application=application, text="Te laat.")
        assess.rebuttal_close(actor=office, application=application)
    application.refresh_from_db()
    assert application.status == A.COMMITTEE
    assert application.status_changes.get(to_status=A.COMMITTEE).reason == "Er is niet op tijd gereageerd."


def test_only_the_applicant_writes_the_rebuttal(application, office, other_coordinator):
    score_all(assign(application, referee(), office), [6, 6])
    assess.referees_close(actor=office, application=application)
    for outsider in (other_coordinator, office):
        with pytest.raises(ValidationError, match="Only the coordinators"):
            assess.rebuttal_submit(actor=outsider, application=application, text="x")


def test_ranking_rules(call, hub, applicant, office):
    first = in_assessment(call=call, hub=hub, applicant=applicant, office=office, title="Eerste")
    second = in_assessment(call=call, hub=hub, applicant=applicant, office=office, title="Tweede")
    member = committee_member()
    for application in (first, second):
        score_all(assign(application, referee(), office), [6, 6])
        assess.referees_close(actor=office, application=application)
        assess.rebuttal_close(actor=office, application=application, reason="Aanvrager ziet af van wederhoor.")
    assign(first, member, office, role=C)
    assign(second, member, office, role=C, declare=True)
    # The member may rank only what they may see; ranks are unique.
    with pytest.raises(ValidationError, match="“Tweede” is not with the committee"):
        assess.ranking_save(actor=member, call=call, rows=[{"application": second, "rank": 1, "advice": "award"}])
    with pytest.raises(ValidationError, match="Each rank can be given only once"):
        assess.ranking_save(
            actor=office,
            call=call,
            rows=[
                {"application": first, "rank": 1, "advice": "award"},
                {"application": second, "rank": 1, "advice": "reserve"},
            ],
        )
    with pytest.raises(ValidationError, match="Only the committee"):
        assess.ranking_save(actor=applicant, call=call, rows=[{"application": first, "rank": 1, "advice": "award"}])
    assess.ranking_save(actor=member, call=call, rows=[{"application": first, "rank": 2, "advice": "reserve"}])
    assert first.ranking.rank == 2 and first.ranking.ranked_by == member
    # The office sends only ranked applications on, or one by one with a reason.
    assert assess.committee_close_call(actor=office, call=call) == 1
    with pytest.raises(ValidationError, match="not ranked this application"):
        assess.committee_close(actor=office, application=second)
    assess.committee_close(actor=office, application=second, reason="Geen commissielid zonder belangen.")
    second.refresh_from_db()
    assert second.status == A.DECISION


def test_decision_rules(call, hub, applicant, office):
    call_without_steps = assessed_call(procedure=[S.DECISION])
    application = in_assessment(call=call_without_steps, hub=hub, applicant=applicant, office=office)
    assert application.status == A.DECISION
    with pytest.raises(ValidationError, match="cannot be more than the amount requested"):
        assess.decision_record(actor=office, application=application, outcome="award", amount="45000.01")
    with pytest.raises(ValidationError, match="lower than requested. Say why"):
        assess.decision_record(actor=office, application=application, outcome="award", amount="30000")
    with pytest.raises(ValidationError, match="more than € 0"):
        assess.decision_record(actor=office, application=application, outcome="award", amount="0")
    with pytest.raises(ValidationError, match="Give a reason"):
        assess.decision_record(actor=office, application=application, outcome="reject")
    with pytest.raises(ValidationError, match="Only the programme office"):
        assess.decision_record(actor=applicant, application=application, outcome="reject", reason="x")
    assert not Decision.objects.exists()
    assess.decision_record(actor=office, application=application, outcome="award", amount="45000")
    application.refresh_from_db()
    assert application.status == A.AWARDED
    with pytest.raises(ValidationError, match="not waiting for a decision"):
        assess.decision_record(actor=office, application=application, outcome="reject", reason="x")
    assert OutgoingEmail.objects.filter(to=office.email, subject__startswith="Besluit vastgelegd").exists()


def test_a_declared_conflict_can_not_be_made_after_the_decision(hub, applicant, office):
    call = assessed_call(procedure=[S.REFEREES, S.DECISION])
    application = in_assessment(call=call, hub=hub, applicant=applicant, office=office)
    assignment = assign(application, referee(), office)
    score_all(assignment, [5, 5])
    assess.referees_close(actor=office, application=application)
    assess.decision_record(actor=office, application=application, outcome="reject", reason="Niet passend.")
    with pytest.raises(ValidationError, match="A decision has been made"):
        assess.conflict_declare(actor=assignment.user, assignment=assignment, conflict=True, note="x")
    assert RefereeAssignment.objects.filter(declared_conflict=True).count() == 0
