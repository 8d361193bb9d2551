"""Helpers for the grant tests: an awarded application with its decision, and grants made fast (without
the award letter) for the budget and query tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from participatiehub.accounts.constants import Role
from participatiehub.funding import services_grants
from participatiehub.funding.constants import ApplicationStatus, DecisionOutcome, GrantStatus
from participatiehub.funding.models import Decision, Grant, GrantStatusChange
from tests.factories import RoleAssignmentFactory, UserFactory

from .factories import ApplicationFactory, BudgetLineFactory, CallFactory


def finance_user(**kwargs):
    user = UserFactory(**kwargs)
    RoleAssignmentFactory(user=user, role=Role.FINANCE)
    return user


def role_user(role: str, **kwargs):
    user = UserFactory(**kwargs)
    RoleAssignmentFactory(user=user, role=role)
    return user


def award_decision(*, hub, lead_applicant, amount=Decimal("40000.00"), call=None, conditions="", months=6) -> Decision:
    """An application of ``hub`` that was submitted and awarded ``amount`` (the decision F2's services record)."""
    application = ApplicationFactory(
        call=call or CallFactory(),
        hub=hub,
        lead_applicant=lead_applicant,
        status=ApplicationStatus.AWARDED,
        submitted_at=timezone.now() - dt.timedelta(days=60),
        months=months,
    )
    BudgetLineFactory(application=application, amount=Decimal("45000.00"))
    return Decision.objects.create(
        application=application,
        outcome=DecisionOutcome.AWARD,
        amount=amount,
        conditions=conditions,
        decided_at=timezone.now(),
    )


def award(*, hub, lead_applicant, office, **kwargs) -> Grant:
    """A grant made by the service (with its schedule, letter and e-mail)."""
    return services_grants.grant_create_from_decision(
        award_decision(hub=hub, lead_applicant=lead_applicant, **kwargs), office
    )


def quick_grant(*, hub, lead_applicant, amount=Decimal("40000.00"), call=None, status=GrantStatus.AWARDED) -> Grant:
    """A grant row without the letter, the schedule or e-mail (for figures and query counts)."""
    decision = award_decision(hub=hub, lead_applicant=lead_applicant, amount=amount, call=call)
    application = decision.application
    now = timezone.now()
    grant = Grant.objects.create(
        application=application,
        hub=hub,
        line=application.call.line,
        number=f"T-{application.pk:06d}",
        awarded_amount=amount,
        awarded_at=now,
        start_deadline=timezone.localdate(now) + dt.timedelta(weeks=8),
        starts_on=timezone.localdate(now),
        ends_on=timezone.localdate(now) + dt.timedelta(days=180),
        status=status,
    )
    GrantStatusChange.objects.create(grant=grant, to_status=status, changed_at=now)
    return grant
