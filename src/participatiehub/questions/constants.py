from django.db import models
from django.utils.translation import gettext_lazy as _


class LadderRung(models.TextChoices):
    """The participation ladder: how much say participants get. Promised beforehand, delivered after."""

    INFORM = "inform", _("Inform")
    CONSULT = "consult", _("Consult")
    ADVISE = "advise", _("Advise")
    COPRODUCE = "coproduce", _("Co-produce")
    CODECIDE = "codecide", _("Co-decide")


LADDER_ORDER = [r.value for r in LadderRung]


class QuestionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    CLARIFICATION_ASKED = "clarification_asked", _("Clarification asked")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("Participation in progress")
    ADVICE_DELIVERED = "advice_delivered", _("Advice delivered")
    ANSWERED = "answered", _("Answered by the decision-maker")
    FEEDBACK_GIVEN = "feedback_given", _("Feedback given")
    CLOSED = "closed", _("Closed")


class Actor(models.TextChoices):
    """Who may make a transition: the hub's coordinator, the asking decision-maker, or the system."""

    COORDINATOR = "coordinator", _("hub coordinator")
    DECISION_MAKER = "decision_maker", _("decision-maker")
    SYSTEM = "system", _("the platform")


S = QuestionStatus
#: The state machine: (from, to) → who may do it, and whether a reason is required.
TRANSITIONS: dict[tuple[str, str], dict] = {
    (S.SUBMITTED, S.ACCEPTED): {"by": {Actor.COORDINATOR}, "reason": False},
    (S.SUBMITTED, S.DECLINED): {"by": {Actor.COORDINATOR}, "reason": True},
    (S.SUBMITTED, S.CLARIFICATION_ASKED): {"by": {Actor.COORDINATOR}, "reason": True},
    (S.CLARIFICATION_ASKED, S.SUBMITTED): {"by": {Actor.DECISION_MAKER, Actor.COORDINATOR}, "reason": True},
    (S.CLARIFICATION_ASKED, S.DECLINED): {"by": {Actor.COORDINATOR}, "reason": True},
    (S.ACCEPTED, S.IN_PROGRESS): {"by": {Actor.COORDINATOR, Actor.SYSTEM}, "reason": False},
    (S.IN_PROGRESS, S.ADVICE_DELIVERED): {"by": {Actor.COORDINATOR, Actor.SYSTEM}, "reason": False},
    (S.ADVICE_DELIVERED, S.ANSWERED): {"by": {Actor.SYSTEM}, "reason": False},
    (S.ANSWERED, S.FEEDBACK_GIVEN): {"by": {Actor.COORDINATOR, Actor.SYSTEM}, "reason": False},
    (S.FEEDBACK_GIVEN, S.CLOSED): {"by": {Actor.COORDINATOR}, "reason": False},
}

#: Statuses in which the question (its published parts) is visible to the public.
PUBLIC_STATUSES = frozenset({S.ACCEPTED, S.IN_PROGRESS, S.ADVICE_DELIVERED, S.ANSWERED, S.FEEDBACK_GIVEN, S.CLOSED})
#: Statuses that are still waiting in the hub's inbox.
INBOX_OPEN = frozenset({S.SUBMITTED, S.CLARIFICATION_ASKED})
