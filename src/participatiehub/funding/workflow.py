"""The application state machine and the procedure as data.

A call's procedure is its enabled ``CallStep`` rows in order. At submission the application keeps a
copy (``Application.procedure``, a list of step kinds), so a later change of the call does not change
an application under way. Each step has the status of ``constants.STEP_STATUS``; moving on is always
"to the next step of the application's own procedure" (``application_advance``), never a status picked
by the caller. Transitions are checked against ``constants.TRANSITIONS``, written with a history row,
and made under a row lock.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from participatiehub.accounts.selectors import roles_for_user
from participatiehub.core.exceptions import ServiceError

from .constants import STEP_STATUS, TRANSITIONS, Actor, ApplicationStatus, StepKind
from .models import Application, ApplicationStatusChange, Call

A = ApplicationStatus


def procedure_problems(kinds: list[str]) -> list[str]:
    """What is wrong with a procedure (enabled step kinds in order); an empty list when it can run."""
    problems = []
    if any(kind not in StepKind.values for kind in kinds):
        problems.append(_("Unknown step in the procedure."))
        return problems
    if len(set(kinds)) != len(kinds):
        problems.append(_("Each step can be in the procedure only once."))
    if StepKind.DECISION not in kinds:
        problems.append(_("The procedure needs a decision step."))
    elif kinds[-1] != StepKind.DECISION:
        problems.append(_("The decision must be the last step."))
    if StepKind.COMPLETENESS in kinds and kinds[0] != StepKind.COMPLETENESS:
        problems.append(_("The completeness check must be the first step."))
    if StepKind.REBUTTAL in kinds:
        if StepKind.REFEREES not in kinds or kinds.index(StepKind.REBUTTAL) < kinds.index(StepKind.REFEREES):
            problems.append(_("A rebuttal answers the referees: it must come after the referees step."))
    return problems


def call_procedure(call: Call) -> list[str]:
    """The call's procedure now: its enabled steps in order (uses prefetched ``steps`` when there)."""
    steps = sorted((s for s in call.steps.all() if s.enabled), key=lambda s: (s.order, s.pk))
    return [s.kind for s in steps]


def current_step(application: Application) -> str | None:
    """The step of its procedure the application is in, or None (draft, returned or decided)."""
    if application.status in (A.SUBMITTED, A.RESUBMITTED):
        return StepKind.COMPLETENESS if StepKind.COMPLETENESS in application.procedure else None
    for kind, status in STEP_STATUS.items():
        if status == application.status and kind in application.procedure:
            return kind
    return None


def next_step(application: Application) -> str | None:
    """The step after the current one in the application's own procedure."""
    procedure = list(application.procedure)
    step = current_step(application)
    if step is None:
        if application.status in (A.SUBMITTED, A.RESUBMITTED) and procedure:
            return procedure[0]  # a procedure without a completeness check starts at its first step
        return None
    index = procedure.index(step)
    return procedure[index + 1] if index + 1 < len(procedure) else None


def actors_for(user, application: Application) -> set[str]:
    roles = roles_for_user(user)
    actors = set()
    if application.hub_id in roles.hub_ids:
        actors.add(Actor.APPLICANT)
    if roles.is_programme_office:
        actors.add(Actor.OFFICE)
    return actors


@transaction.atomic
def application_transition(
    *, application: Application, to_status: str, user=None, system: bool = False, reason: str = "", at=None
) -> ApplicationStatusChange:
    """Move ``application`` to ``to_status`` when the table allows it for this user's role.

    ``system=True`` is for moves the platform makes itself. Refusals raise ServiceError with a Dutch
    message and change nothing."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if to_status not in A.values:
        raise ServiceError(_("Unknown status."))
    rule = TRANSITIONS.get((locked.status, to_status))
    if rule is None:
        raise ServiceError(
            _("An application cannot go from “%(from)s” to “%(to)s”.")
            % {"from": A(locked.status).label, "to": A(to_status).label}
        )
    if system:
        if Actor.SYSTEM not in rule["by"]:
            raise ServiceError(_("This step must be taken by a person."))
    elif not actors_for(user, locked) & rule["by"]:
        who = ", ".join(sorted(str(Actor(a).label) for a in rule["by"] if a != Actor.SYSTEM))
        raise ServiceError(_("Only the %(who)s may take this step.") % {"who": who})
    reason = (reason or "").strip()
    if rule["reason"] and not reason:
        raise ServiceError(_("Give a reason. The applicant will see it."))
    now = at or timezone.now()
    change = ApplicationStatusChange.objects.create(
        application=locked,
        from_status=locked.status,
        to_status=to_status,
        changed_at=now,
        changed_by=None if system else user,
        reason=reason,
    )
    Application.objects.filter(pk=locked.pk).update(status=to_status, version=F("version") + 1, updated_at=now)
    application.refresh_from_db()
    return change


@transaction.atomic
def application_advance(
    *, application: Application, user=None, system: bool = False, reason: str = ""
) -> ApplicationStatusChange:
    """Move the application to the next step of its own (frozen) procedure."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    step = next_step(locked)
    if step is None:
        raise ServiceError(_("This application has no next step."))
    change = application_transition(
        application=locked, to_status=STEP_STATUS[step], user=user, system=system, reason=reason
    )
    application.refresh_from_db()
    return change
