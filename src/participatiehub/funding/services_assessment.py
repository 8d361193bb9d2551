"""Writes for the assessment: assigning referees and committee members, conflicts of interest, scores
and reports, the rebuttal, the committee's ranking and the office's decision.

Each function is one transaction, checks who may act (``funding.*`` permissions in rules.py) and
refuses with a Dutch ``ServiceError`` that changes nothing. The application moves only along its own
frozen procedure (``workflow.application_advance``): referees → rebuttal (if in the procedure) →
committee (if) → decision; every move writes a history row with who, when and why, and e-mails whom it
concerns (``_announce``). On an award the grants module makes the grant (``services_grants.grant_create_from_decision``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participatiehub.accounts.constants import Role
from participatiehub.accounts.models import User
from participatiehub.accounts.selectors import roles_for_user
from participatiehub.core.exceptions import ServiceError

from . import selectors_assessment as reads
from . import workflow
from .constants import (
    FINAL_STATUSES,
    ApplicationStatus,
    AssignmentRole,
    DecisionOutcome,
    RankingAdvice,
    StepKind,
)
from .models import (
    Application,
    ApplicationStatusChange,
    Call,
    CommitteeRanking,
    Decision,
    Rebuttal,
    RefereeAssignment,
    Score,
)
from .services import _link, _mail_context, _send, budget_total, office_addresses
from .services_grants import grant_create_from_decision
from .templatetags.funding import deadline_text, euro

A = ApplicationStatus

MANAGE = "funding.manage_assessment"
DECIDE = "funding.decide"
REBUT = "funding.rebut"
RANK = "funding.rank_applications"

#: The account role an assessor needs for each assignment role.
ASSESSOR_ROLE = {AssignmentRole.REFEREE: Role.REFEREE, AssignmentRole.COMMITTEE: Role.COMMITTEE_MEMBER}
#: The step of the procedure each assignment role works in.
ASSIGNMENT_STEP = {AssignmentRole.REFEREE: StepKind.REFEREES, AssignmentRole.COMMITTEE: StepKind.COMMITTEE}

MAX_TEXT = 10000


def _require(actor, perm: str, obj=None, message: str | None = None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise ServiceError(message or _("You may not do this."))


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update().select_related("call", "hub", "lead_applicant").get(pk=application.pk)
    )


def _lock_for_office(actor, application: Application, there, refusal: str) -> Application:
    """The application locked for the office's move out of a step; refused unless ``there(locked)``."""
    _require(actor, MANAGE, message=_("Only the programme office may do this."))
    locked = _lock(application)
    if not there(locked):
        raise ServiceError(refusal)
    return locked


def _step_index(application: Application) -> int:
    """The place of the application's current step in its procedure (-1 before the first step)."""
    step = workflow.current_step(application)
    return application.procedure.index(step) if step in application.procedure else -1


def step_ahead_or_current(application: Application, kind: str) -> bool:
    """Whether ``kind`` is in the application's procedure and not yet behind it."""
    if application.status in FINAL_STATUSES or application.status in (A.DRAFT, A.RETURNED):
        return False
    if kind not in application.procedure:
        return False
    return application.procedure.index(kind) >= _step_index(application)


# --- e-mail ---------------------------------------------------------------------------------------


def _mail(template: str, recipients, application: Application, *, purpose: str, **extra) -> None:
    links = {
        "assessment_link": _link("funding:assessment_office", application.pk),
        "rebuttal_link": _link("funding:assessment_rebuttal", application.pk),
    }
    _send(f"assessment/{template}", recipients, _mail_context(application, **links, **extra), purpose=purpose)


def _move_on(application: Application, locked: Application, *, actor, reason: str) -> Application:
    """The office's move of ``locked`` to its next step; ``application`` (the caller's copy) refreshed."""
    _advance(locked, actor=actor, reason=reason)
    application.refresh_from_db()
    return application


def _mail_assessors(application: Application, role: str, template: str, purpose: str, **extra) -> None:
    """E-mail the assessors of ``role`` who have not declared a conflict."""
    addresses = list(
        application.assignments.filter(role=role, declared_conflict=False, user__is_active=True)
        .order_by("pk")
        .values_list("user__email", flat=True)
    )
    _mail(template, addresses, application, purpose=purpose, **extra)


def _announce(application: Application) -> None:
    """E-mail whom the application's new step concerns."""
    status = application.status
    lead = [application.lead_applicant.email]
    if status == A.IN_ASSESSMENT:
        link = _link("funding:assessment_score", application.pk)
        _mail_assessors(
            application, AssignmentRole.REFEREE, "referees_start.txt", "funding_assessment", assess_link=link
        )
    elif status == A.REBUTTAL:
        due = reads.rebuttal_due(Application.objects.prefetch_related("status_changes").get(pk=application.pk))
        with translation.override(settings.LANGUAGE_CODE):
            due_text = deadline_text(due) if due else ""
        _mail(
            "rebuttal_open.txt",
            lead,
            application,
            purpose="funding_rebuttal",
            due=due_text,
        )
        return
    elif status == A.COMMITTEE:
        link = _link("funding:assessment_committee", application.call.slug)
        _mail_assessors(
            application, AssignmentRole.COMMITTEE, "committee_start.txt", "funding_committee", committee_link=link
        )
    elif status == A.DECISION:
        _mail("office_decision_due.txt", office_addresses(), application, purpose="funding_decision")
    _mail("step.txt", lead, application, purpose="funding_step")


def _advance(application: Application, *, actor, reason: str = "", system: bool = False) -> ApplicationStatusChange:
    """Move on to the next step of the application's own procedure and tell whom it concerns.

    ``system=True`` with an ``actor`` is a move the platform makes because of the actor's action (the
    applicant's rebuttal): the history row names the actor."""
    change = workflow.application_advance(
        application=application, user=None if system else actor, system=system, reason=reason
    )
    if system and actor is not None:
        ApplicationStatusChange.objects.filter(pk=change.pk).update(changed_by=actor)
    application.refresh_from_db()
    application = Application.objects.select_related("call", "hub", "lead_applicant").get(pk=application.pk)
    _announce(application)
    return change


# --- assignments (the office) ---------------------------------------------------------------------


def assessor_choices(role: str):
    """The active users who hold the account role for ``role`` (referee or committee member)."""
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__role=ASSESSOR_ROLE[role],
            role_assignments__revoked_at__isnull=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


@transaction.atomic
def assignment_add(*, actor, application: Application, user: User, role: str) -> RefereeAssignment:
    """Ask ``user`` to assess ``application`` as referee or committee member; they are e-mailed and
    must first declare whether they have a conflict of interest."""
    _require(actor, MANAGE, message=_("Only the programme office may assign assessors."))
    if role not in AssignmentRole.values:
        raise ServiceError(_("Unknown role."))
    locked = _lock(application)
    if not step_ahead_or_current(locked, ASSIGNMENT_STEP[role]):
        raise ServiceError(_("This step is not (or no longer) part of this application's procedure."))
    if not assessor_choices(role).filter(pk=user.pk).exists():
        raise ServiceError(
            _("This person does not have the role “%(role)s”.") % {"role": Role(ASSESSOR_ROLE[role]).label}
        )
    if locked.hub_id in roles_for_user(user).hub_ids:
        raise ServiceError(_("A coordinator of the applicant's hub cannot assess this application."))
    try:
        with transaction.atomic():
            assignment = RefereeAssignment.objects.create(
                application=locked, user=user, role=role, invited_at=timezone.now(), invited_by=actor
            )
    except IntegrityError:
        raise ServiceError(_("This person is already assigned to this application.")) from None
    _mail(
        "invited.txt",
        [user.email],
        locked,
        purpose="funding_assessment",
        assessor=user,
        role=AssignmentRole(role).label,
        declare_link=_link("funding:assessment_declare", locked.pk),
    )
    return assignment


@transaction.atomic
def assignment_remove(*, actor, assignment: RefereeAssignment) -> None:
    _require(actor, MANAGE, message=_("Only the programme office may assign assessors."))
    locked = RefereeAssignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.report_submitted_at is not None:
        raise ServiceError(_("This report has been submitted. It stays part of the assessment."))
    locked.delete()


# --- the assessor -----------------------------------------------------------------------------------


def _lock_own(actor, assignment: RefereeAssignment) -> RefereeAssignment:
    if actor is None or assignment.user_id != actor.pk:
        raise ServiceError(_("This assessment is not assigned to you."))
    return (
        RefereeAssignment.objects.select_for_update()
        .select_related("application", "application__call", "application__hub", "application__lead_applicant")
        .get(pk=assignment.pk)
    )


@transaction.atomic
def conflict_declare(*, actor, assignment: RefereeAssignment, conflict: bool, note: str = "") -> RefereeAssignment:
    """Declare whether the assessor has a conflict of interest with this application.

    With a conflict they can no longer open the application and their scores never count; the office
    is told who declared. "No conflict" may later become a conflict (until the decision), not back."""
    locked = _lock_own(actor, assignment)
    application = locked.application
    if application.status not in reads.OPEN_FOR_DECLARATION:
        raise ServiceError(_("A decision has been made on this application. Nothing can be declared any more."))
    if locked.declared_conflict:
        raise ServiceError(_("You have already declared a conflict of interest for this application."))
    note = (note or "").strip()[:MAX_TEXT]
    now = timezone.now()
    if conflict:
        if not note:
            raise ServiceError(
                _("Explain briefly what the conflict of interest is. Only the programme office sees it.")
            )
        locked.declared_conflict = True
        locked.conflict_note = note
        locked.declared_at = now
        locked.save(update_fields=["declared_conflict", "conflict_note", "declared_at"])
        _mail(
            "office_conflict.txt",
            office_addresses(),
            application,
            purpose="funding_conflict",
            assessor=locked.user,
            role=AssignmentRole(locked.role).label,
            note=note,
        )
    else:
        if locked.declared_at is not None:
            raise ServiceError(_("You have already declared that you have no conflict of interest."))
        locked.declared_at = now
        locked.save(update_fields=["declared_at"])
    assignment.refresh_from_db()
    return assignment


def _clean_scores(criteria, scores: Mapping[int, tuple], *, complete: bool) -> list[tuple]:
    """(criterion, value, motivation) for each criterion with an answer; every problem at once."""
    problems, rows = [], []
    for criterion in criteria:
        value, motivation = scores.get(criterion.pk, (None, ""))
        motivation = (motivation or "").strip()[:MAX_TEXT]
        if value is None or value == "":
            if complete:
                problems.append(_("Give a score for “%(name)s”.") % {"name": criterion.name})
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            problems.append(_("The score for “%(name)s” must be a whole number.") % {"name": criterion.name})
            continue
        if not criterion.scale_min <= value <= criterion.scale_max:
            problems.append(
                _("The score for “%(name)s” must be from %(min)s to %(max)s.")
                % {"name": criterion.name, "min": criterion.scale_min, "max": criterion.scale_max}
            )
            continue
        if complete and not motivation:
            problems.append(_("Explain your score for “%(name)s”.") % {"name": criterion.name})
            continue
        rows.append((criterion, value, motivation))
    if problems:
        raise ServiceError(problems)
    return rows


@transaction.atomic
def report_save(
    *, actor, assignment: RefereeAssignment, scores: Mapping[int, tuple], comments: str = "", submit: bool = False
) -> RefereeAssignment:
    """Save the referee's scores (criterion id → (score, motivation)) and comments; with ``submit`` the
    report is sent: every criterion needs a score within its scale and a motivation, and from then on
    the report cannot change."""
    locked = _lock_own(actor, assignment)
    application = locked.application
    if locked.role != AssignmentRole.REFEREE:
        raise ServiceError(_("Only referees score applications."))
    if not reads.is_clear(locked):
        raise ServiceError(_("Declare first whether you have a conflict of interest."))
    if locked.report_submitted_at is not None:
        raise ServiceError(_("You have submitted your report. It cannot be changed any more."))
    if workflow.current_step(application) != StepKind.REFEREES:
        raise ServiceError(_("This application is not with the referees now."))
    criteria = list(application.call.criteria.all())
    if submit and not criteria:
        raise ServiceError(_("This call has no assessment criteria. Contact the programme office."))
    rows = _clean_scores(criteria, scores, complete=submit)
    for criterion, value, motivation in rows:
        Score.objects.update_or_create(
            assignment=locked, criterion=criterion, defaults={"value": value, "motivation": motivation}
        )
    locked.report = (comments or "").strip()[:MAX_TEXT]
    fields = ["report"]
    if submit:
        locked.report_submitted_at = timezone.now()
        fields.append("report_submitted_at")
    locked.save(update_fields=fields)
    if submit:
        waiting = application.assignments.filter(
            role=AssignmentRole.REFEREE, declared_conflict=False, report_submitted_at__isnull=True
        ).count()
        _mail(
            "office_report.txt",
            office_addresses(),
            application,
            purpose="funding_assessment",
            waiting=waiting,
        )
    assignment.refresh_from_db()
    return assignment


# --- moving on (the office) ---------------------------------------------------------------------


@transaction.atomic
def referees_close(*, actor, application: Application, reason: str = "") -> Application:
    """End the referee step: on to the next step of the procedure. Needs at least one counted report;
    going on while referees are still writing needs a reason."""
    locked = _lock_for_office(
        actor,
        application,
        lambda a: workflow.current_step(a) == StepKind.REFEREES,
        _("This application is not with the referees now."),
    )
    referees = locked.assignments.filter(role=AssignmentRole.REFEREE, declared_conflict=False)
    if not referees.filter(report_submitted_at__isnull=False).exists():
        raise ServiceError(_("No referee report has been submitted yet."))
    reason = (reason or "").strip()
    if referees.filter(report_submitted_at__isnull=True).exists() and not reason:
        raise ServiceError(_("Not every referee has submitted a report. Say why you go on without them."))
    return _move_on(application, locked, actor=actor, reason=reason)


@transaction.atomic
def rebuttal_submit(*, actor, application: Application, text: str) -> Rebuttal:
    """The applicant's one rebuttal to the anonymised reports, before the deadline if the call has one.
    The application then goes on to its next step."""
    _require(actor, REBUT, application, _("Only the coordinators of this hub may write the rebuttal."))
    locked = _lock(application)
    if locked.status != A.REBUTTAL:
        raise ServiceError(_("This application is not waiting for a rebuttal."))
    if Rebuttal.objects.filter(application=locked).exists():
        raise ServiceError(_("The rebuttal has already been sent. You can send it only once."))
    due = reads.rebuttal_due(Application.objects.prefetch_related("status_changes").get(pk=locked.pk))
    now = timezone.now()
    if due and now >= due:
        raise ServiceError(_("The time for the rebuttal ended on %(when)s.") % {"when": deadline_text(due)})
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Write your rebuttal."))
    if len(text) > MAX_TEXT:
        raise ServiceError(_("The rebuttal can be at most %(n)s characters.") % {"n": MAX_TEXT})
    rebuttal = Rebuttal.objects.create(application=locked, text=text, author=actor, submitted_at=now)
    _mail(
        "office_rebuttal.txt",
        office_addresses(),
        locked,
        purpose="funding_rebuttal",
    )
    with translation.override(settings.LANGUAGE_CODE):  # the history is kept in the site's language
        reason = _("The applicant sent the rebuttal.")
    _advance(locked, actor=actor, system=True, reason=reason)
    application.refresh_from_db()
    return rebuttal


@transaction.atomic
def rebuttal_close(*, actor, application: Application, reason: str = "") -> Application:
    """Go on without a rebuttal: after the deadline, or before it with a reason."""
    locked = _lock_for_office(
        actor, application, lambda a: a.status == A.REBUTTAL, _("This application is not waiting for a rebuttal.")
    )
    due = reads.rebuttal_due(Application.objects.prefetch_related("status_changes").get(pk=locked.pk))
    reason = (reason or "").strip()
    if (due is None or timezone.now() < due) and not reason:
        raise ServiceError(_("The applicant can still send a rebuttal. Say why you go on without it."))
    if not reason:
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("No rebuttal was sent in time.")
    return _move_on(application, locked, actor=actor, reason=reason)


# --- the committee --------------------------------------------------------------------------------


@transaction.atomic
def ranking_save(*, actor, call: Call, rows: list[dict]) -> list[CommitteeRanking]:
    """Record the committee's ranking and advice for applications of ``call`` that are with the
    committee. ``rows``: dicts with application, rank (1 is best), advice and an optional note. A
    committee member ranks only the applications they may see (assigned, no conflict)."""
    _require(actor, RANK, call, _("Only the committee and the programme office may rank applications."))
    office = roles_for_user(actor).is_programme_office
    visible = {a.pk for a in reads.committee_applications(call, actor, office=office) if a.status == A.COMMITTEE}
    if not rows:
        raise ServiceError(_("There is nothing to rank."))
    problems = []
    ranks = [row.get("rank") for row in rows]
    for row in rows:
        application = row["application"]
        if application.pk not in visible:
            problems.append(_("“%(title)s” is not with the committee.") % {"title": application.title})
        if not isinstance(row.get("rank"), int) or row["rank"] < 1:
            problems.append(_("Give “%(title)s” a rank of 1 or more.") % {"title": application.title})
        if row.get("advice") not in RankingAdvice.values:
            problems.append(_("Choose an advice for “%(title)s”.") % {"title": application.title})
    if len(set(ranks)) != len(ranks):
        problems.append(_("Each rank can be given only once."))
    if problems:
        raise ServiceError(problems)
    now = timezone.now()
    saved = []
    for row in rows:
        ranking, _created = CommitteeRanking.objects.update_or_create(
            application=row["application"],
            defaults={
                "call": call,
                "rank": row["rank"],
                "advice": row["advice"],
                "note": (row.get("note") or "").strip()[:MAX_TEXT],
                "ranked_by": actor,
                "ranked_at": now,
            },
        )
        saved.append(ranking)
    if not office:
        with translation.override("nl"):
            context = {
                "call": call,
                "member": actor,
                "count": len(saved),
                "committee_link": _link("funding:assessment_committee", call.slug),
            }
        _send("assessment/office_ranking.txt", office_addresses(), context, purpose="funding_committee")
    return saved


@transaction.atomic
def committee_close(*, actor, application: Application, reason: str = "") -> Application:
    """The committee has advised: on to the decision (the office)."""
    locked = _lock_for_office(
        actor, application, lambda a: a.status == A.COMMITTEE, _("This application is not with the committee.")
    )
    if not CommitteeRanking.objects.filter(application=locked).exists() and not (reason or "").strip():
        raise ServiceError(_("The committee has not ranked this application yet. Say why you go on without it."))
    return _move_on(application, locked, actor=actor, reason=(reason or "").strip())


def committee_close_call(*, actor, call: Call) -> int:
    """Send every ranked application of ``call`` that is with the committee on to the decision."""
    _require(actor, MANAGE, message=_("Only the programme office may do this."))
    ranked = Application.objects.filter(call=call, status=A.COMMITTEE, ranking__isnull=False).order_by("pk")
    moved = 0
    for application in ranked:
        committee_close(actor=actor, application=application)
        moved += 1
    return moved


# --- the decision -------------------------------------------------------------------------------


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ServiceError(_("Give the amount in euros, for example 45000.")) from None
    if not amount.is_finite():
        raise ServiceError(_("Give the amount in euros, for example 45000."))
    return amount


@transaction.atomic
def decision_record(
    *,
    actor,
    application: Application,
    outcome: str,
    amount=None,
    conditions: str = "",
    reason: str = "",
    at=None,
) -> Decision:
    """The office's decision (at ``at``, default now). Award: an amount above € 0 and at most the amount
    requested (a lower amount needs a reason), with conditions; the grant is made, and its e-mail to the
    lead applicant gives the decision and links the award letter. Reject: a reason is required; the
    applicant is e-mailed. The office is e-mailed either way."""
    _require(actor, DECIDE, message=_("Only the programme office may decide on applications."))
    locked = _lock(application)
    if locked.status != A.DECISION:
        raise ServiceError(_("This application is not waiting for a decision."))
    if Decision.objects.filter(application=locked).exists():
        raise ServiceError(_("A decision has already been made on this application."))
    reason = (reason or "").strip()[:MAX_TEXT]
    conditions = (conditions or "").strip()[:MAX_TEXT]
    requested = budget_total(locked)
    if outcome == DecisionOutcome.AWARD:
        amount = _amount(amount)
        if amount <= 0:
            raise ServiceError(_("The amount awarded must be more than € 0."))
        if amount != amount.quantize(Decimal("0.01")):
            raise ServiceError(_("Give the amount in whole cents."))
        if amount > requested:
            raise ServiceError(
                _("The amount awarded cannot be more than the amount requested (%(requested)s).")
                % {"requested": euro(requested)}
            )
        if amount < requested and not reason:
            raise ServiceError(_("The amount is lower than requested. Say why. The applicant will see it."))
        to_status = A.AWARDED
    elif outcome == DecisionOutcome.REJECT:
        if not reason:
            raise ServiceError(_("Give a reason. The applicant will see it."))
        amount = None
        to_status = A.REJECTED
    else:
        raise ServiceError(_("Choose: award or reject."))
    now = at or timezone.now()
    decision = Decision.objects.create(
        application=locked,
        outcome=outcome,
        amount=amount,
        conditions=conditions,
        reason=reason,
        decided_by=actor,
        decided_at=now,
    )
    workflow.application_transition(application=locked, to_status=to_status, user=actor, reason=reason, at=now)
    # The grant (verlening, award letter, advance schedule) comes from the grants module, whose one
    # e-mail to the applicant gives the decision (amount, conditions, reason) and links the letter.
    grant = grant_create_from_decision(decision, actor, at=now) if outcome == DecisionOutcome.AWARD else None
    with translation.override(settings.LANGUAGE_CODE):  # amounts as the Dutch e-mails write them
        extra = {
            "amount": euro(amount) if amount is not None else "",
            "requested": euro(requested),
            "conditions": conditions,
            "reason": reason,
        }
    if grant is None:
        _mail("rejected.txt", [locked.lead_applicant.email], locked, purpose="funding_decision", **extra)
    _mail("office_decided.txt", office_addresses(), locked, purpose="funding_decision", decider=actor, **extra)
    application.refresh_from_db()
    return decision
