"""The state machine: every (from, to) pair for every kind of user.

Allowed steps succeed and append exactly one history row; everything else is refused with a
message and changes nothing (status, version, history).
"""

from __future__ import annotations

import itertools

import pytest

from participatiehub.core.exceptions import ServiceError
from participatiehub.questions.constants import TRANSITIONS, Actor, QuestionStatus
from participatiehub.questions.models import PolicyQuestion, QuestionStatusChange
from participatiehub.questions.workflow import actors_for, allowed_transitions, question_transition

from .factories import PolicyQuestionFactory

pytestmark = pytest.mark.django_db

STATUSES = list(QuestionStatus.values)
#: The role each kind of user has on a question of ``org`` in ``hub``.
ROLE = {
    "coordinator": Actor.COORDINATOR,
    "other_coordinator": None,
    "decision_maker": Actor.DECISION_MAKER,
    "other_decision_maker": None,
    "programme_office": None,
    "anonymous": None,
}


def snapshot(question: PolicyQuestion) -> tuple:
    fresh = PolicyQuestion.objects.get(pk=question.pk)
    return fresh.status, fresh.version, QuestionStatusChange.objects.filter(question=question).count()


@pytest.mark.parametrize(("from_status", "to_status"), list(itertools.product(STATUSES, STATUSES)))
def test_every_pair_for_every_actor(hub, org, actors, from_status, to_status):
    rule = TRANSITIONS.get((from_status, to_status))
    for name, user in actors.items():
        question = PolicyQuestionFactory(hub=hub, asking_organisation=org, status=from_status)
        status, version, rows = snapshot(question)
        allowed = rule is not None and ROLE[name] in rule["by"]
        if allowed:
            change = question_transition(question=question, to_status=to_status, user=user, reason="Omdat het moet.")
            assert snapshot(question) == (to_status, version + 1, rows + 1), name
            assert (change.from_status, change.to_status, change.actor) == (from_status, to_status, ROLE[name])
            assert change.changed_by == user
            assert question.status == to_status  # the caller's object is refreshed
        else:
            with pytest.raises(ServiceError) as excinfo:
                question_transition(question=question, to_status=to_status, user=user, reason="Omdat het moet.")
            assert excinfo.value.messages and excinfo.value.messages[0], name
            assert snapshot(question) == (status, version, rows), name


@pytest.mark.parametrize(("from_status", "to_status"), list(itertools.product(STATUSES, STATUSES)))
def test_every_pair_for_the_platform(hub, org, from_status, to_status):
    rule = TRANSITIONS.get((from_status, to_status))
    question = PolicyQuestionFactory(hub=hub, asking_organisation=org, status=from_status)
    before = snapshot(question)
    if rule is not None and Actor.SYSTEM in rule["by"]:
        change = question_transition(question=question, to_status=to_status, system=True)
        assert change.actor == Actor.SYSTEM and change.changed_by is None
        assert snapshot(question) == (to_status, before[1] + 1, before[2] + 1)
    else:
        with pytest.raises(ServiceError):
            question_transition(question=question, to_status=to_status, system=True)
        assert snapshot(question) == before


@pytest.mark.parametrize(("pair", "rule"), [(p, r) for p, r in TRANSITIONS.items() if r["reason"]])
def test_reason_required(hub, org, actors, pair, rule):
    from_status, to_status = pair
    name = "coordinator" if Actor.COORDINATOR in rule["by"] else "decision_maker"
    question = PolicyQuestionFactory(hub=hub, asking_organisation=org, status=from_status)
    before = snapshot(question)
    for reason in ("", "   "):
        with pytest.raises(ServiceError, match="Give a reason"):
            question_transition(question=question, to_status=to_status, user=actors[name], reason=reason)
    assert snapshot(question) == before


def test_unknown_status_is_refused(question, coord):
    with pytest.raises(ServiceError, match="Unknown status"):
        question_transition(question=question, to_status="flying", user=coord)


def test_refusal_messages_say_why(question, asker, coord):
    with pytest.raises(ServiceError, match="Only the hub coordinator may take this step"):
        question_transition(question=question, to_status=QuestionStatus.ACCEPTED, user=asker)
    with pytest.raises(ServiceError, match="cannot go from"):
        question_transition(question=question, to_status=QuestionStatus.CLOSED, user=coord)


def test_allowed_transitions_per_role(question, coord, asker, other_coord, other_asker):
    assert set(allowed_transitions(coord, question)) == {
        QuestionStatus.ACCEPTED,
        QuestionStatus.DECLINED,
        QuestionStatus.CLARIFICATION_ASKED,
    }
    assert allowed_transitions(asker, question) == []
    assert allowed_transitions(other_coord, question) == []
    assert allowed_transitions(other_asker, question) == []
    assert actors_for(None, question) == set()
