"""Helpers for the assessment tests: assessors with their roles, criteria, and applications brought
to a step of their procedure through the services (so every history row and e-mail is real)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from participatiehub.accounts.constants import Role
from participatiehub.funding import services, services_assessment, workflow
from participatiehub.funding.constants import AssignmentRole, StepKind
from participatiehub.funding.models import AssessmentCriterion, Call, RefereeAssignment, Score
from tests.factories import RoleAssignmentFactory, UserFactory

from .factories import CallFactory, complete_application


def referee(**kwargs):
    user = UserFactory(**kwargs)
    RoleAssignmentFactory(user=user, role=Role.REFEREE)
    return user


def committee_member(**kwargs):
    user = UserFactory(**kwargs)
    RoleAssignmentFactory(user=user, role=Role.COMMITTEE_MEMBER)
    return user


def finance(**kwargs):
    user = UserFactory(**kwargs)
    RoleAssignmentFactory(user=user, role=Role.FINANCE)
    return user


def criteria(call: Call, *weights) -> list[AssessmentCriterion]:
    """Criteria "Criterium 1", "Criterium 2", … with these weights, on a scale of 1 to 9."""
    return [
        AssessmentCriterion.objects.create(call=call, name=f"Criterium {i + 1}", weight=Decimal(w), order=i)
        for i, w in enumerate(weights or (1,))
    ]


def assessed_call(**kwargs) -> Call:
    """An open call with two criteria: relevance (weight 2) and feasibility (weight 1)."""
    call = CallFactory(**kwargs)
    AssessmentCriterion.objects.create(call=call, name="Relevantie", weight=Decimal(2), order=1)
    AssessmentCriterion.objects.create(call=call, name="Haalbaarheid", weight=Decimal(1), order=2)
    return call


def in_assessment(*, call, hub, applicant, office, **kwargs):
    """A complete application, submitted and accepted by the office: now with the referees (when its
    procedure has a completeness check and referees)."""
    application = complete_application(call=call, hub=hub, lead_applicant=applicant, **kwargs)
    services.application_submit(actor=applicant, application=application)
    if workflow.current_step(application) == StepKind.COMPLETENESS:
        services.application_accept(actor=office, application=application)
    return application


def assign(application, user, office, role=AssignmentRole.REFEREE, *, declare: bool | None = False):
    """Assign ``user``; ``declare=False`` declares no conflict, True a conflict, None nothing yet."""
    assignment = services_assessment.assignment_add(actor=office, application=application, user=user, role=role)
    if declare is not None:
        services_assessment.conflict_declare(
            actor=user, assignment=assignment, conflict=declare, note="Ik werk bij een partner." if declare else ""
        )
    return assignment


def score_all(assignment: RefereeAssignment, values: list[int], *, comments="Goed plan.", submit=True):
    """The referee scores every criterion of the call (in order) with a motivation, and submits."""
    call = assignment.application.call
    scores = {
        c.pk: (value, f"Motivatie {c.name}: {value}.") for c, value in zip(call.criteria.all(), values, strict=True)
    }
    return services_assessment.report_save(
        actor=assignment.user, assignment=assignment, scores=scores, comments=comments, submit=submit
    )


def force_score(assignment: RefereeAssignment, values: list[int], *, at=None) -> None:
    """Write a submitted report straight into the database (for tests of what counts, not of who may)."""
    for criterion, value in zip(assignment.application.call.criteria.all(), values, strict=True):
        Score.objects.create(assignment=assignment, criterion=criterion, value=value, motivation="m")
    RefereeAssignment.objects.filter(pk=assignment.pk).update(
        report_submitted_at=at or timezone.now() - dt.timedelta(minutes=1)
    )
