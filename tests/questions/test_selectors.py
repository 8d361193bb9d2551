"""Selectors: scoping, the public list's filters, and similar questions on both databases."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.http import Http404
from django.utils import timezone

import pytest

from participatiehub.questions import selectors
from participatiehub.questions.constants import PUBLIC_STATUSES, QuestionStatus

from .factories import PolicyQuestionFactory

pytestmark = pytest.mark.django_db
S = QuestionStatus
NOT_PUBLIC = [s for s in S.values if s not in PUBLIC_STATUSES]


def test_public_questions_only_public_statuses(hub, org):
    for status in S.values:
        PolicyQuestionFactory(hub=hub, asking_organisation=org, status=status, title=f"Vraag {status}")
    titles = {q.title for q in selectors.public_questions()}
    assert titles == {f"Vraag {s}" for s in PUBLIC_STATUSES}
    for status in NOT_PUBLIC:
        question = PolicyQuestionFactory(hub=hub, asking_organisation=org, status=status)
        with pytest.raises(Http404):
            selectors.public_question(question.pk)


def test_public_questions_defer_contact_details(hub, org):
    PolicyQuestionFactory(hub=hub, asking_organisation=org, status=S.ACCEPTED)
    (question,) = selectors.public_questions()
    assert {"contact_name", "contact_email"} <= question.get_deferred_fields()
    assert {"contact_name", "contact_email"} <= selectors.public_question(question.pk).get_deferred_fields()


def test_public_filters(hub, other_hub, org, far_org):
    a = PolicyQuestionFactory(
        hub=hub, asking_organisation=org, status=S.ACCEPTED, agreements=["wozo"], themes=["wonen"]
    )
    b = PolicyQuestionFactory(
        hub=other_hub, asking_organisation=far_org, status=S.CLOSED, agreements=["iza_azwa", "gala"], title="Jeugdzorg"
    )
    assert list(selectors.public_questions(hub="amsterdam")) == [b]
    assert list(selectors.public_questions(agreement="wozo")) == [a]
    assert list(selectors.public_questions(agreement="gala")) == [b]
    assert list(selectors.public_questions(status=S.CLOSED)) == [b]
    # A filter on a status that is not public is ignored: it never shows hidden questions.
    assert set(selectors.public_questions(status=S.SUBMITTED)) == {a, b}
    assert list(selectors.public_questions(q="jeugd")) == [b]
    assert list(selectors.public_questions(q="gemeente amsterdam")) == [b]
    assert list(selectors.public_questions(theme="wonen")) == [a]


def test_inbox_open_first_and_scoped(hub, other_hub, org, far_org):
    now = timezone.now()
    old_open = PolicyQuestionFactory(hub=hub, asking_organisation=org, submitted_at=now - dt.timedelta(days=30))
    new_done = PolicyQuestionFactory(hub=hub, asking_organisation=org, status=S.ACCEPTED, submitted_at=now)
    waiting = PolicyQuestionFactory(
        hub=hub, asking_organisation=org, status=S.CLARIFICATION_ASKED, submitted_at=now - dt.timedelta(days=1)
    )
    PolicyQuestionFactory(hub=other_hub, asking_organisation=far_org)
    assert list(selectors.inbox_for_hub(hub)) == [waiting, old_open, new_done]
    assert list(selectors.inbox_for_hub(hub, status=S.ACCEPTED)) == [new_done]
    counts = {status: n for status, _label, n in selectors.inbox_counts(hub)}
    assert counts[S.SUBMITTED] == 1 and counts[S.ACCEPTED] == 1 and counts[S.CLARIFICATION_ASKED] == 1
    assert sum(counts.values()) == 3


def test_questions_for_decision_maker(hub, org, other_org, asker):
    mine = PolicyQuestionFactory(hub=hub, asking_organisation=org, status=S.DECLINED)
    PolicyQuestionFactory(hub=hub, asking_organisation=other_org)
    assert list(selectors.questions_for_decision_maker(asker)) == [mine]
    assert selectors.question_for_decision_maker(asker, mine.pk) == mine
    assert list(selectors.questions_for_decision_maker(None)) == []


# --- similar questions: run on SQLite and on PostgreSQL (CI) -----------------------------------


@pytest.fixture
def earlier(hub, org, far_org):
    now = timezone.now()
    alike = PolicyQuestionFactory(
        hub=hub,
        asking_organisation=org,
        status=S.CLOSED,
        title="Eenzaamheid onder ouderen in de wijk",
        summary="Hoe bereiken we eenzame ouderen die alleen wonen in de wijk?",
        submitted_at=now - dt.timedelta(days=400),
    )
    unrelated = PolicyQuestionFactory(
        hub=hub,
        asking_organisation=org,
        title="Parkeerbeleid rond het ziekenhuis",
        summary="Waar komen de parkeerplaatsen voor bezoekers?",
        submitted_at=now - dt.timedelta(days=300),
    )
    elsewhere = PolicyQuestionFactory(
        hub=far_org.hub,
        asking_organisation=far_org,
        title="Eenzaamheid onder ouderen",
        summary="Eenzame ouderen die alleen wonen bereiken.",
        submitted_at=now - dt.timedelta(days=200),
    )
    return alike, unrelated, elsewhere


def _new_question(hub, org, **kwargs):
    return PolicyQuestionFactory(
        hub=hub,
        asking_organisation=org,
        title="Ouderen en eenzaamheid",
        summary="Wij willen eenzame ouderen in onze wijken beter bereiken.",
        **kwargs,
    )


def test_similar_questions(hub, org, earlier):
    alike, unrelated, elsewhere = earlier
    question = _new_question(hub, org)
    result = selectors.similar_questions(question)
    assert [s.question for s in result] == [alike]  # same hub only, not itself, not the unrelated one
    assert 0 < result[0].score <= 1
    assert result[0].label
    assert "ouderen" in result[0].shared


def test_similar_questions_only_earlier_ones(hub, org, earlier):
    alike, *_rest = earlier
    question = _new_question(hub, org, submitted_at=alike.submitted_at - dt.timedelta(days=1))
    assert selectors.similar_questions(question) == []


def test_similar_questions_without_words(hub, org, earlier):
    question = PolicyQuestionFactory(hub=hub, asking_organisation=org, title="Wat?", summary="Hoe dan?")
    assert selectors.similar_questions(question) == []


def test_similar_questions_limit(hub, org):
    for i in range(8):
        PolicyQuestionFactory(
            hub=hub,
            asking_organisation=org,
            title=f"Ouderen en eenzaamheid {i}",
            summary="Eenzame ouderen bereiken.",
            submitted_at=timezone.now() - dt.timedelta(days=10 + i),
        )
    assert len(selectors.similar_questions(_new_question(hub, org), limit=3)) == 3


def test_similar_questions_postgres_stems_dutch_words(hub, org):
    """'wijken' and 'wijk', 'eenzame' and 'eenzaam' share a Dutch stem on PostgreSQL; the fallback misses them."""
    earlier = PolicyQuestionFactory(
        hub=hub,
        asking_organisation=org,
        title="Eenzaam in de wijk",
        summary="Buurtwerk tegen eenzaamheid.",
        submitted_at=timezone.now() - dt.timedelta(days=30),
    )
    question = PolicyQuestionFactory(hub=hub, asking_organisation=org, title="Eenzame wijken", summary="Wat doen we?")
    expected = [earlier] if connection.vendor == "postgresql" else []
    assert [s.question for s in selectors.similar_questions(question)] == expected


def test_significant_words():
    assert selectors.significant_words("Hoe bereiken wij de eenzame ouderen?", "Zorg voor ouderen") == {
        "bereiken",
        "eenzame",
        "ouderen",
        "zorg",
    }


def test_public_search_matches_every_word_anywhere():
    from participatiehub.questions import selectors
    from participatiehub.questions.constants import QuestionStatus
    from tests.questions.factories import PolicyQuestionFactory

    hit = PolicyQuestionFactory(title="Mantelzorgers in Zeist beter ondersteunen", status=QuestionStatus.ACCEPTED)
    PolicyQuestionFactory(title="Mantelzorgers in Utrecht", status=QuestionStatus.ACCEPTED)
    found = list(selectors.public_questions(q="mantelzorgers zeist"))
    assert found == [hit]
