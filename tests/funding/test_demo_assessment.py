"""``manage.py demo`` walks applications of the 2024 call through the assessment with the assessment
services: with the referees (a declared conflict, a report still out), waiting for the rebuttal,
rebutted, ranked, awarded (lower, with a grant) and rejected."""

from __future__ import annotations

import datetime as dt

import pytest

from participatiehub.core.models import OutgoingEmail
from participatiehub.demo.funding import CALL_2024_CLOSES, CALL_2024_OPENS
from participatiehub.demo.funding_assessment import STAGES, demo_assessment_build
from participatiehub.funding import selectors_assessment as reads
from participatiehub.funding import services
from participatiehub.funding.constants import DEFAULT_PROCEDURE, ApplicationStatus, CallStatus
from participatiehub.funding.models import Application, ApplicationStatusChange, Call, Grant, RefereeAssignment
from tests.factories import HubFactory, OrganisationFactory

from .assessment_factories import assessed_call
from .factories import complete_application

A = ApplicationStatus
pytestmark = pytest.mark.django_db


def test_demo_assessment_in_every_stage(office, applicant, hub):
    call = assessed_call(title="Coalitievorming Regionale Participatiehubs")
    showcase = complete_application(call=call, hub=hub, lead_applicant=applicant)
    services.application_submit(actor=applicant, application=showcase)
    hubs = [hub]
    for _ in range(len(STAGES)):
        other = HubFactory()
        for _ in range(4):
            OrganisationFactory(hub=other)
        hubs.append(other)
    # As in the demo: the call closed (on its own 2024 dates) before the assessment.
    Call.objects.filter(pk=call.pk).update(
        status=CallStatus.CLOSED, opens_at=CALL_2024_OPENS, closes_at=CALL_2024_CLOSES
    )
    call.refresh_from_db()
    counts = demo_assessment_build(call=call, hubs=hubs, office=office)
    assert all(counts[stage] == 1 for stage in STAGES), counts
    assert counts["emails"] > 0
    showcase.refresh_from_db()
    assert showcase.status == A.SUBMITTED
    statuses = sorted(Application.objects.exclude(pk=showcase.pk).values_list("status", flat=True))
    assert statuses == sorted([A.IN_ASSESSMENT, A.REBUTTAL, A.COMMITTEE, A.COMMITTEE, A.AWARDED, A.REJECTED])
    awarded = Application.objects.get(status=A.AWARDED)
    assert awarded.decision.amount < services.budget_total(awarded)
    assert Grant.objects.get(application=awarded).awarded_amount == awarded.decision.amount
    assert awarded.ranking.rank == 1 and Application.objects.get(status=A.REJECTED).ranking.rank == 3
    assert RefereeAssignment.objects.filter(declared_conflict=True).exists()
    waiting = Application.objects.get(status=A.REBUTTAL)
    assert [r.label for r in reads.anonymised_reports(waiting)][:2] == ["Referee A", "Referee B"]
    for application in Application.objects.exclude(pk=showcase.pk).prefetch_related("status_changes"):
        assert application.procedure == list(DEFAULT_PROCEDURE)
        assert [c.to_status for c in application.status_changes.all()][-1] == application.status
    # The steps follow the call's own dates: after it closed, in 2024, the decision and its grant too.
    walked = Application.objects.exclude(pk=showcase.pk)
    end = CALL_2024_CLOSES + dt.timedelta(weeks=12)
    for change in ApplicationStatusChange.objects.filter(application__in=walked).exclude(to_status=A.SUBMITTED):
        assert CALL_2024_CLOSES < change.changed_at < end, (change.to_status, change.changed_at)
    for assignment in RefereeAssignment.objects.filter(application__in=walked):
        for moment in (assignment.invited_at, assignment.declared_at, assignment.report_submitted_at):
            assert moment is None or CALL_2024_CLOSES < moment < end
    assert CALL_2024_CLOSES < awarded.decision.decided_at < end
    grant = awarded.grant
    assert grant.awarded_at == awarded.decision.decided_at and "-2024-" in grant.number
    assert grant.starts_on == dt.date(2025, 1, 1)
    assert not OutgoingEmail.objects.filter(sent_at__gt=end).exists()
