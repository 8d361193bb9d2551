"""Choices and the application state machine of the funding app (subsidy rounds to settlement)."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Every amount of money: Decimal with two decimals, never float (DecimalField(12, 2): up to 9.999.999.999,99).
MONEY_DIGITS = 12
MONEY_PLACES = 2
ZERO = Decimal("0.00")


#: The fields of a call the programme office fills in (the form and the services use the same list).
CALL_FIELDS = (
    "line",
    "title",
    "text",
    "max_amount",
    "max_months",
    "opens_at",
    "closes_at",
    "min_partners",
    "dutch_legal_entity_required",
    "roles_in_one_organisation",
    "repair_days",
    "rebuttal_days",
)


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class StepKind(models.TextChoices):
    """The steps a call's procedure can have; the programme office chooses them per call."""

    COMPLETENESS = "completeness", _("Completeness check")
    REFEREES = "referees", _("Referees")
    REBUTTAL = "rebuttal", _("Rebuttal")
    COMMITTEE = "committee", _("Committee")
    DECISION = "decision", _("Decision")


#: The procedure a new call starts with (all steps, in this order).
DEFAULT_PROCEDURE = [
    StepKind.COMPLETENESS,
    StepKind.REFEREES,
    StepKind.REBUTTAL,
    StepKind.COMMITTEE,
    StepKind.DECISION,
]


class PartnerRole(models.TextChoices):
    MAIN_APPLICANT = "main_applicant", _("Main applicant")
    PROJECT_LEADER = "project_leader", _("Project leader and secretary")
    ADMINISTRATIVE = "administrative", _("Administratively responsible")
    PARTNER = "partner", _("Partner")


#: The roles every application must fill (each by one of its partner organisations).
REQUIRED_PARTNER_ROLES = (PartnerRole.MAIN_APPLICANT, PartnerRole.PROJECT_LEADER, PartnerRole.ADMINISTRATIVE)


class BudgetCategory(models.TextChoices):
    STAFF = "staff", _("Staff")
    ALLOWANCES = "allowances", _("Allowances for participants")
    ACTIVITIES = "activities", _("Activities")
    MATERIALS = "materials", _("Materials")
    OTHER = "other", _("Other")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for repair")
    RESUBMITTED = "resubmitted", _("Submitted again")
    IN_ASSESSMENT = "in_assessment", _("With the referees")
    REBUTTAL = "rebuttal", _("Rebuttal")
    COMMITTEE = "committee", _("With the committee")
    DECISION = "decision", _("Awaiting decision")
    AWARDED = "awarded", _("Awarded")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Actor(models.TextChoices):
    """Who may make a transition of an application."""

    APPLICANT = "applicant", _("applicant")
    OFFICE = "office", _("programme office")
    SYSTEM = "system", _("the platform")


A = ApplicationStatus

#: The status an application has while it is in a step of its procedure. The completeness check
#: happens in "submitted" (or "resubmitted" after a repair).
STEP_STATUS = {
    StepKind.COMPLETENESS: A.SUBMITTED,
    StepKind.REFEREES: A.IN_ASSESSMENT,
    StepKind.REBUTTAL: A.REBUTTAL,
    StepKind.COMMITTEE: A.COMMITTEE,
    StepKind.DECISION: A.DECISION,
}

#: Statuses in which an application is under way in its procedure (submitted, not yet decided).
ACTIVE_STATUSES = frozenset(
    {A.SUBMITTED, A.RETURNED, A.RESUBMITTED, A.IN_ASSESSMENT, A.REBUTTAL, A.COMMITTEE, A.DECISION}
)
#: Statuses in which the applicant may still change the application.
EDITABLE_STATUSES = frozenset({A.DRAFT, A.RETURNED})
#: Final statuses.
FINAL_STATUSES = frozenset({A.AWARDED, A.REJECTED, A.WITHDRAWN})

_STEP_STATUSES = {A.IN_ASSESSMENT, A.REBUTTAL, A.COMMITTEE, A.DECISION}
_IN_PROCEDURE = {A.SUBMITTED, A.RESUBMITTED, *_STEP_STATUSES}

#: The state machine: (from, to) → who may do it, and whether a reason is required. Moves into a step
#: of the procedure are allowed here in general; ``workflow.next_status`` narrows them to the next step
#: of the application's own (frozen) procedure.
TRANSITIONS: dict[tuple[str, str], dict] = {
    (A.DRAFT, A.SUBMITTED): {"by": {Actor.APPLICANT}, "reason": False},
    (A.SUBMITTED, A.RETURNED): {"by": {Actor.OFFICE}, "reason": True},
    (A.RETURNED, A.RESUBMITTED): {"by": {Actor.APPLICANT}, "reason": False},
    **{
        (frm, to): {"by": {Actor.OFFICE, Actor.SYSTEM}, "reason": False}
        for frm in _IN_PROCEDURE
        for to in _STEP_STATUSES
        if frm != to
    },
    (A.DECISION, A.AWARDED): {"by": {Actor.OFFICE}, "reason": False},
    **{(frm, A.REJECTED): {"by": {Actor.OFFICE}, "reason": True} for frm in (*_IN_PROCEDURE, A.RETURNED)},
    **{(frm, A.WITHDRAWN): {"by": {Actor.APPLICANT}, "reason": False} for frm in (A.DRAFT, *ACTIVE_STATUSES)},
}


class AssignmentRole(models.TextChoices):
    REFEREE = "referee", _("Referee")
    COMMITTEE = "committee", _("Committee member")


class RankingAdvice(models.TextChoices):
    AWARD = "award", _("Award")
    REJECT = "reject", _("Reject")
    RESERVE = "reserve", _("Reserve list")


class DecisionOutcome(models.TextChoices):
    AWARD = "award", _("Award")
    REJECT = "reject", _("Reject")


class GrantStatus(models.TextChoices):
    AWARDED = "awarded", _("Awarded")
    STARTED = "started", _("Started")
    SETTLEMENT_REQUESTED = "settlement_requested", _("Settlement requested")
    SETTLED = "settled", _("Settled")
    CLOSED = "closed", _("Closed")


G = GrantStatus
#: The grant state machine: (from, to) → whether a reason is required. The services check who acts.
GRANT_TRANSITIONS: dict[tuple[str, str], dict] = {
    (G.AWARDED, G.STARTED): {"reason": False},
    (G.STARTED, G.SETTLEMENT_REQUESTED): {"reason": False},
    (G.SETTLEMENT_REQUESTED, G.SETTLED): {"reason": False},
    (G.SETTLED, G.CLOSED): {"reason": False},
}


class AdvanceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PAID = "paid", _("Paid")


class ProgressReportStatus(models.TextChoices):
    DUE = "due", _("Due")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class ChangeRequestKind(models.TextChoices):
    BUDGET_SHIFT = "budget_shift", _("Budget shift")
    EXTENSION = "extension", _("Extension")


class ChangeRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ReclaimStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


#: The data version of what the budget dashboard reads besides the grants (which follow
#: ``services_grants.GRANTS_PUBLIC_VERSION``): the programme lines and the submitted applications'
#: budgets. Every service that changes them bumps it (ADR 0004).
APPLIED_VERSION = "funding-applied"
