"""Reads for the assessment: referee reports, weighted scores, the anonymised reports for the applicant
and the committee's table.

Which reports count: those of referees (role "referee") who declared no conflict of interest and
submitted their report. A conflicted assessor's scores stay in the database but never count and are
never shown. The weighted score of one report is Σ(weight × score) / Σ weight over the call's criteria;
the score of an application is the mean over its counted reports (every counted report scores every
criterion, so this is the same as one weighted mean over all scores). Rounded half up to two decimals
for display only.

Who sees what (docs/funding.md): the office and the committee see the reports with the referees'
names and the scores; the applicant sees the reports anonymised ("Referee A", "Referee B", in the
order the referees were assigned) with the motivations and without any score; a referee sees only
their own report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from .constants import ApplicationStatus, AssignmentRole, StepKind
from .models import (
    Application,
    AssessmentCriterion,
    Call,
    RefereeAssignment,
    Score,
)

A = ApplicationStatus

#: Statuses of an application that has reached (or passed) the committee.
COMMITTEE_TABLE_STATUSES = (A.COMMITTEE, A.DECISION, A.AWARDED, A.REJECTED)
#: Statuses in which an assessor may still declare a conflict (before the decision).
OPEN_FOR_DECLARATION = frozenset({A.SUBMITTED, A.RESUBMITTED, A.IN_ASSESSMENT, A.REBUTTAL, A.COMMITTEE, A.DECISION})


# --- arithmetic ---------------------------------------------------------------------------------


def _round(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def weighted_fraction(reports: Iterable[Mapping[int, int]], weights: Mapping[int, Decimal]) -> Fraction | None:
    """The exact weighted score of an application: the mean over ``reports`` (criterion id → score)
    of Σ(weight × score) / Σ weight. Criteria a report lacks are left out of that report's sums."""
    means = []
    for scores in reports:
        total_weight = sum((Fraction(weights[c]) for c in scores if c in weights), Fraction(0))
        if not total_weight:
            continue
        means.append(sum(Fraction(weights[c]) * s for c, s in scores.items() if c in weights) / total_weight)
    if not means:
        return None
    return sum(means, Fraction(0)) / len(means)


def weighted_score(reports: Iterable[Mapping[int, int]], weights: Mapping[int, Decimal]) -> Decimal | None:
    """``weighted_fraction`` rounded half up to two decimals (None without a counted report)."""
    exact = weighted_fraction(reports, weights)
    return None if exact is None else _round(exact)


def criterion_means(reports: list[Mapping[int, int]], criteria: list[AssessmentCriterion]) -> list[Decimal | None]:
    """The mean score per criterion over the counted reports, in the order of ``criteria``."""
    means = []
    for criterion in criteria:
        values = [r[criterion.pk] for r in reports if criterion.pk in r]
        means.append(_round(Fraction(sum(values), len(values))) if values else None)
    return means


def referee_label(index: int) -> str:
    """ "Referee A", "Referee B", … "Referee Z", "Referee AA": the applicant's name for a report."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return _("Referee %(letter)s") % {"letter": letters}


# --- assignments --------------------------------------------------------------------------------


def counts(assignment: RefereeAssignment) -> bool:
    """Whether this assignment's report counts: a referee, no conflict, report submitted."""
    return (
        assignment.role == AssignmentRole.REFEREE
        and not assignment.declared_conflict
        and assignment.report_submitted_at is not None
    )


def is_clear(assignment: RefereeAssignment) -> bool:
    """Declared, and declared no conflict: the assessor may open the application."""
    return assignment.declared_at is not None and not assignment.declared_conflict


def assignment_for(user, application: Application, role: str) -> RefereeAssignment | None:
    if user is None or not user.is_authenticated:
        return None
    return (
        RefereeAssignment.objects.filter(application=application, user=user, role=role)
        .select_related("application", "application__call", "application__hub")
        .first()
    )


def inbox(user) -> QuerySet[RefereeAssignment]:
    """The user's assignments without a declared conflict, open ones first (the assessor's inbox)."""
    return (
        RefereeAssignment.objects.filter(user=user, declared_conflict=False)
        .select_related("application", "application__call", "application__hub")
        .order_by("report_submitted_at", "-invited_at", "-id")
    )


def conflicted_count(user) -> int:
    return RefereeAssignment.objects.filter(user=user, declared_conflict=True).count()


def _assignments_prefetch() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=RefereeAssignment.objects.select_related("user", "invited_by").prefetch_related(
            Prefetch("scores", queryset=Score.objects.select_related("criterion"))
        ),
    )


def assessment_detail(pk: int) -> Application | None:
    """One application with its assignments, scores, rebuttal, ranking and decision (the office's page)."""
    return (
        Application.objects.filter(pk=pk)
        .select_related("call", "call__line", "hub", "lead_applicant", "rebuttal", "ranking", "decision")
        .prefetch_related(
            _assignments_prefetch(),
            "budget_lines",
            "call__criteria",
            "status_changes",
        )
        .first()
    )


# --- reports ------------------------------------------------------------------------------------


@dataclass
class Report:
    """One referee's report as the office and the committee see it."""

    assignment: RefereeAssignment
    label: str
    scores: list[Score | None]  # in the order of the call's criteria
    weighted: Decimal | None

    @property
    def referee(self):
        return self.assignment.user


@dataclass
class Assessment:
    """Everything the office and the committee see of one application's assessment."""

    application: Application
    criteria: list[AssessmentCriterion]
    reports: list[Report]
    weighted: Decimal | None
    criterion_means: list[Decimal | None]
    pending: list[RefereeAssignment] = field(default_factory=list)  # referees without a submitted report
    conflicts: list[RefereeAssignment] = field(default_factory=list)
    committee: list[RefereeAssignment] = field(default_factory=list)
    requested: Decimal = Decimal("0.00")
    rank_form: object = None  # the committee page's RankForm for this application, when it may be ranked

    @property
    def rebuttal(self):
        return getattr(self.application, "rebuttal", None)

    @property
    def ranking(self):
        return getattr(self.application, "ranking", None)

    @property
    def criterion_rows(self):
        """(criterion, mean) pairs for the template."""
        return list(zip(self.criteria, self.criterion_means, strict=True))


def _score_map(assignment: RefereeAssignment) -> dict[int, int]:
    return {s.criterion_id: s.value for s in assignment.scores.all()}


def assessment_of(application: Application, criteria: list[AssessmentCriterion] | None = None) -> Assessment:
    """The assessment of an application from its prefetched assignments and scores (no queries when
    ``assessment_detail`` or ``committee_table`` loaded it)."""
    criteria = list(application.call.criteria.all()) if criteria is None else criteria
    weights = {c.pk: c.weight for c in criteria}
    assignments = sorted(application.assignments.all(), key=lambda a: (a.invited_at, a.pk))
    counted = [a for a in assignments if counts(a)]
    reports = []
    for index, assignment in enumerate(counted):
        by_criterion = {s.criterion_id: s for s in assignment.scores.all()}
        reports.append(
            Report(
                assignment=assignment,
                label=referee_label(index),
                scores=[by_criterion.get(c.pk) for c in criteria],
                weighted=weighted_score([_score_map(assignment)], weights),
            )
        )
    maps = [_score_map(a) for a in counted]
    return Assessment(
        application=application,
        criteria=criteria,
        reports=reports,
        weighted=weighted_score(maps, weights),
        criterion_means=criterion_means(maps, criteria),
        pending=[
            a
            for a in assignments
            if a.role == AssignmentRole.REFEREE and not a.declared_conflict and a.report_submitted_at is None
        ],
        conflicts=[a for a in assignments if a.declared_conflict],
        committee=[a for a in assignments if a.role == AssignmentRole.COMMITTEE and not a.declared_conflict],
        requested=sum((line.amount for line in application.budget_lines.all()), Decimal("0.00")),
    )


@dataclass(frozen=True)
class AnonymousReport:
    """A referee report as the applicant sees it: a letter, the motivations and comments; no name,
    no e-mail address, no assignment id and no score."""

    label: str
    motivations: list[tuple[str, str]]  # (criterion name, motivation)
    comments: str


def reports_visible_to_applicant(application: Application) -> bool:
    """From the rebuttal step on (when the procedure has one), otherwise once the decision is made."""
    if application.status in (A.AWARDED, A.REJECTED):
        return True
    if StepKind.REBUTTAL not in application.procedure:
        return False
    return any(c.to_status == A.REBUTTAL for c in application.status_changes.all())


def anonymised_reports(application: Application) -> list[AnonymousReport]:
    """The counted reports for the applicant, in a stable order (the order of assignment)."""
    criteria = list(application.call.criteria.all())
    assignments = (
        RefereeAssignment.objects.filter(
            application=application,
            role=AssignmentRole.REFEREE,
            declared_conflict=False,
            report_submitted_at__isnull=False,
        )
        .order_by("invited_at", "pk")
        .prefetch_related("scores")
    )
    reports = []
    for index, assignment in enumerate(assignments):
        motivations = {s.criterion_id: s.motivation for s in assignment.scores.all()}
        reports.append(
            AnonymousReport(
                label=referee_label(index),
                motivations=[(c.name, motivations[c.pk]) for c in criteria if c.pk in motivations],
                comments=assignment.report,
            )
        )
    return reports


def rebuttal_due(application: Application) -> dt.datetime | None:
    """When the rebuttal must be in: the call's rebuttal days after the reports were shared (the
    application's move into the rebuttal step), or None when the call sets no deadline."""
    days = application.call.rebuttal_days
    if not days:
        return None
    started = [c.changed_at for c in application.status_changes.all() if c.to_status == A.REBUTTAL]
    if not started:
        return None
    return max(started) + dt.timedelta(days=days)


# --- the committee --------------------------------------------------------------------------------


def committee_applications(call: Call, user, *, office: bool) -> QuerySet[Application]:
    """The call's applications that reached the committee; a committee member gets only those they are
    assigned to and declared no conflict for."""
    queryset = Application.objects.filter(call=call, status__in=COMMITTEE_TABLE_STATUSES)
    if not office:
        queryset = queryset.filter(
            Q(
                assignments__user=user,
                assignments__role=AssignmentRole.COMMITTEE,
                assignments__declared_conflict=False,
                assignments__declared_at__isnull=False,
            )
        )
    return (
        queryset.select_related("hub", "lead_applicant", "rebuttal", "ranking", "ranking__ranked_by")
        .prefetch_related(_assignments_prefetch(), "budget_lines")
        .order_by("pk")
        .distinct()
    )


def committee_table(call: Call, user, *, office: bool) -> list[Assessment]:
    """The committee's table, in a fixed number of queries: ranked applications by rank, then the
    others by weighted score (highest first). Applications whose procedure has no committee step are
    left out."""
    criteria = list(call.criteria.all())
    rows = [
        assessment_of(application, criteria)
        for application in committee_applications(call, user, office=office)
        if StepKind.COMMITTEE in application.procedure
    ]

    def order(row: Assessment):
        ranking = row.ranking
        return (
            ranking is None,
            ranking.rank if ranking else 0,
            -(row.weighted if row.weighted is not None else Decimal("-1")),
            row.application.pk,
        )

    return sorted(rows, key=order)


def may_join_committee(user, call: Call) -> bool:
    """Whether ``user`` sits on the committee for at least one application of ``call`` (no conflict)."""
    return RefereeAssignment.objects.filter(
        user=user,
        role=AssignmentRole.COMMITTEE,
        application__call=call,
        declared_conflict=False,
        declared_at__isnull=False,
    ).exists()


def call_overview(call: Call) -> list[Assessment]:
    """The office's overview of a call's applications in assessment (submitted, not a draft)."""
    criteria = list(call.criteria.all())
    applications = (
        Application.objects.filter(call=call)
        .exclude(status__in=(A.DRAFT, A.WITHDRAWN))
        .select_related("hub", "lead_applicant", "rebuttal", "ranking", "decision")
        .prefetch_related(_assignments_prefetch(), "budget_lines")
        .order_by("pk")
    )
    return [assessment_of(application, criteria) for application in applications]
