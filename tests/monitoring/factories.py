"""Builders for the monitoring tests: records with exactly the moments a test needs (Dutch time).

The services would stamp "now"; these write the moments directly, so a hand-computed figure for a
past quarter can be checked (``created_at`` and ``recorded_at`` are set after creation)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from participatiehub.funding.constants import AdvanceStatus
from participatiehub.funding.models import AdvancePayment, Grant
from participatiehub.hubs.models import HubStatusChange
from participatiehub.panels.constants import SelectionStatus
from participatiehub.panels.models import Pool, PopulationShare, SelectedMember, Selection
from participatiehub.participants.models import Participant
from participatiehub.questions.constants import LadderRung, QuestionStatus
from participatiehub.questions.models import PolicyQuestion, QuestionStatusChange
from participatiehub.trajectories.models import Advice, Feedback, Recommendation, Response, Trajectory
from tests.factories import OrganisationFactory, ParticipationBodyFactory, UserFactory
from tests.funding.grant_helpers import quick_grant
from tests.questions.factories import PolicyQuestionFactory

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    """A moment in Dutch time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def created(obj, moment: dt.datetime):
    type(obj).objects.filter(pk=obj.pk).update(created_at=moment)
    obj.created_at = moment
    return obj


def history(hub, *steps: tuple[str, dt.datetime]) -> None:
    """The hub's status history: (status, moment), oldest first; the hub's status becomes the last one."""
    previous = ""
    for status, moment in steps:
        HubStatusChange.objects.create(hub=hub, from_status=previous, to_status=status, changed_at=moment)
        previous = status
    type(hub).objects.filter(pk=hub.pk).update(status=previous)
    hub.status = previous


def organisation(hub, moment, *, health=False, care=False, support=False):
    org = OrganisationFactory(hub=hub, domain_health=health, domain_care=care, domain_support=support)
    return created(org, moment)


def body(hub, moment, form, *, health=False, care=False, support=False):
    item = ParticipationBodyFactory(hub=hub, form=form, domain_health=health, domain_care=care, domain_support=support)
    return created(item, moment)


def question(hub, submitted: dt.datetime, *, asker=None, promised=LadderRung.ADVISE) -> PolicyQuestion:
    """A question without history; the asking organisation is made now (after every quarter tested)."""
    return PolicyQuestionFactory(
        hub=hub,
        asking_organisation=asker or OrganisationFactory(hub=hub),
        submitted_at=submitted,
        promised_rung=promised,
        history=False,
    )


def moved(q: PolicyQuestion, to_status: str, moment: dt.datetime) -> QuestionStatusChange:
    PolicyQuestion.objects.filter(pk=q.pk).update(status=to_status)
    return QuestionStatusChange.objects.create(
        question=q, from_status="", to_status=to_status, changed_at=moment, actor="coordinator"
    )


def chain(
    q: PolicyQuestion,
    *,
    delivered: dt.datetime | None = None,
    answers: list[tuple[str, str, dt.datetime]] = (),
    answered: dt.datetime | None = None,
    feedback: dt.datetime | None = None,
    rung: str = "",
) -> Trajectory:
    """A question's trajectory: advice delivered at ``delivered`` with one recommendation per answer
    (decision, reason, recorded at), the status change to "answered" and the feedback published."""
    trajectory = Trajectory.objects.create(question=q, hub=q.hub, delivered_rung=rung)
    if delivered is not None:
        advice = Advice.objects.create(trajectory=trajectory, summary="Advies", delivered_at=delivered)
        for number, (decision, reason, recorded) in enumerate(answers, start=1):
            recommendation = Recommendation.objects.create(advice=advice, number=number, text=f"Aanbeveling {number}")
            response = Response.objects.create(
                recommendation=recommendation, decision=decision, reason=reason, decided_on=recorded.date()
            )
            Response.objects.filter(pk=response.pk).update(recorded_at=recorded)
    if answered is not None:
        moved(q, QuestionStatus.ANSWERED, answered)
    if feedback is not None:
        Feedback.objects.create(
            trajectory=trajectory, what_was_asked="Vraag", what_participants_said="Inbreng", published_at=feedback
        )
        moved(q, QuestionStatus.FEEDBACK_GIVEN, feedback)
    return trajectory


def grant(hub, amount: str, awarded: dt.datetime) -> Grant:
    made = quick_grant(hub=hub, lead_applicant=UserFactory(), amount=Decimal(amount))
    Grant.objects.filter(pk=made.pk).update(awarded_at=awarded)
    return made


def payment(made: Grant, amount: str, paid: dt.datetime | None) -> AdvancePayment:
    return AdvancePayment.objects.create(
        grant=made,
        planned_on=(paid or at(2025, 6, 1)).date(),
        amount=Decimal(amount),
        status=AdvanceStatus.PAID if paid else AdvanceStatus.PLANNED,
        paid_at=paid,
    )


def selection(hub, finished: dt.datetime, *, seated: list[dict], shares: dict, status=SelectionStatus.DONE):
    """A finished selection of a pool with ``shares`` {(category, value): share}; ``seated`` holds the
    seated members' answers (the pool's categories are the shares' categories)."""
    categories = sorted({category for category, _value in shares})
    pool = Pool.objects.create(hub=hub, name="Pool", panel_size=len(seated), categories=categories)
    PopulationShare.objects.bulk_create(
        PopulationShare(pool=pool, category=c, value=v, share=Decimal(str(s))) for (c, v), s in shares.items()
    )
    attributes = {f"P-{i:010d}": answers for i, answers in enumerate(seated)}
    made = Selection.objects.create(
        pool=pool,
        seed="12345",
        status=status,
        finished_at=finished,
        result={"attributes": attributes},
    )
    for i, pseudonym in enumerate(attributes):
        participant = Participant.objects.create(hub=hub, display_name=f"Inwoner {i}", attributes=seated[i])
        SelectedMember.objects.create(
            selection=made, participant=participant, probability=0.5, seated=True, pseudonym=pseudonym
        )
    return made
