"""The question state machine: one table of allowed transitions, append-only history, row locks."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from participatiehub.accounts.selectors import roles_for_user
from participatiehub.core.exceptions import ServiceError

from .constants import TRANSITIONS, Actor, QuestionStatus
from .models import PolicyQuestion, QuestionStatusChange


def actors_for(user, question: PolicyQuestion) -> set[str]:
    """The roles in which ``user`` may act on ``question``."""
    roles = roles_for_user(user)
    actors = set()
    if question.hub_id in roles.hub_ids:
        actors.add(Actor.COORDINATOR)
    if question.asking_organisation_id in roles.organisation_ids:
        actors.add(Actor.DECISION_MAKER)
    return actors


def allowed_transitions(user, question: PolicyQuestion) -> list[str]:
    mine = actors_for(user, question)
    return [to for (frm, to), rule in TRANSITIONS.items() if frm == question.status and rule["by"] & mine]


@transaction.atomic
def question_transition(
    *, question: PolicyQuestion, to_status: str, user=None, system: bool = False, reason: str = "", at=None
) -> QuestionStatusChange:
    """Move ``question`` to ``to_status`` if the table allows it for this user's role.

    ``system=True`` is for transitions the platform makes itself (e.g. all answers recorded).
    Refusals raise ServiceError with a Dutch message and change nothing.
    """
    locked = PolicyQuestion.objects.select_for_update().get(pk=question.pk)
    if to_status not in QuestionStatus.values:
        raise ServiceError(_("Unknown status."))
    rule = TRANSITIONS.get((locked.status, to_status))
    if rule is None:
        raise ServiceError(
            _("A question cannot go from “%(from)s” to “%(to)s”.")
            % {"from": QuestionStatus(locked.status).label, "to": QuestionStatus(to_status).label}
        )
    if system:
        actor = Actor.SYSTEM
        if Actor.SYSTEM not in rule["by"]:
            raise ServiceError(_("This step must be taken by a person."))
    else:
        mine = actors_for(user, locked) & rule["by"]
        if not mine:
            who = ", ".join(sorted(str(Actor(a).label) for a in rule["by"] if a != Actor.SYSTEM))
            raise ServiceError(_("Only the %(who)s may take this step.") % {"who": who})
        actor = Actor.COORDINATOR if Actor.COORDINATOR in mine else next(iter(mine))
    reason = (reason or "").strip()
    if rule["reason"] and not reason:
        raise ServiceError(_("Give a reason. The asker will see it."))
    change = QuestionStatusChange.objects.create(
        question=locked,
        from_status=locked.status,
        to_status=to_status,
        changed_at=at or timezone.now(),
        changed_by=user if not system else None,
        actor=actor,
        reason=reason,
    )
    PolicyQuestion.objects.filter(pk=locked.pk).update(
        status=to_status, version=F("version") + 1, updated_at=timezone.now()
    )
    question.refresh_from_db()
    return change
