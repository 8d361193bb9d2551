"""Influence figures checked against values computed by hand on a small fixture.

Hub window: 8 weeks (56 days); "today" is 1 September 2025.

| q  | status           | submitted | advice    | days | answers (recorded)                 | all answered on | days | feedback  | in window? | promised → delivered |
|----|------------------|-----------|-----------|------|------------------------------------|-----------------|------|-----------|------------|----------------------|
| Q1 | feedback_given   | 01-01     | 02-10     | 40   | adopted 03-01, partly 03-12        | 03-12           | 30   | 04-20     | yes (39 d) | advise → advise      |
| Q2 | feedback_given   | 02-01     | 02-21     | 20   | adopted 03-03, not 03-13, adopted 04-02 | 04-02      | 40   | 06-30     | no (89 d)  | codecide → consult   |
| Q3 | advice_delivered | 03-01     | 04-10     | 40   | partly 05-01, (one open)           | –               | –    | –         | –          | advise → advise      |
| Q4 | in_progress      | 05-01     | draft     | –    | (2 draft recommendations)          | –               | –    | –         | –          | advise → (none)      |
| Q5 | declined         | 04-01     |           |      |                                    |                 |      |           |            |                      |
| Q6 | submitted        | 08-01     |           |      |                                    |                 |      |           |            |                      |
| Q7 | answered         | 06-01     | 07-01     | 30   | adopted 08-01                      | 08-01           | 31   | none yet  | window open until 09-26: not counted | consult → coproduce |

received 7; accepted 5 (Q1–Q4, Q7); declined 1.
median days to advice: 20, 30, 40, 40 → 35.   median days to answer: 30, 31, 40 → 31.
recommendations in delivered advice: 2 + 3 + 2 + 1 = 8; answered 7 (7/8), adopted 4 (1/2), partly 2 (1/4).
feedback within the window: 1 of 2 (Q7 is still inside its window).
ladder: (advise, advise) 2, (codecide, consult) 1 — less than promised, (consult, coproduce) 1.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

import pytest

from participatiehub.questions.constants import QuestionStatus
from participatiehub.trajectories import selectors
from participatiehub.trajectories.models import Response

from .factories import (
    AdviceFactory,
    FeedbackFactory,
    QuestionFactory,
    RecommendationFactory,
    ResponseFactory,
    TrajectoryFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 9, 1)


def at(month: int, day: int, hour: int = 12):
    return timezone.make_aware(dt.datetime(2025, month, day, hour, 0))


def _question(hub, asker, status, submitted, promised="advise"):
    return QuestionFactory(
        hub=hub, asking_organisation=asker, status=status, submitted_at=submitted, promised_rung=promised
    )


def _chain(question, *, delivered=None, delivered_rung="", answers=(), open_recs=0, feedback=None):
    trajectory = TrajectoryFactory(question=question, hub=question.hub, delivered_rung=delivered_rung)
    if delivered is None and not answers and not open_recs:
        return trajectory
    advice = AdviceFactory(trajectory=trajectory, delivered_at=delivered)
    number = 0
    for decision, recorded in answers:
        number += 1
        rec = RecommendationFactory(advice=advice, number=number)
        response = ResponseFactory(recommendation=rec, decision=decision, reason="r", decided_on=recorded.date())
        Response.objects.filter(pk=response.pk).update(recorded_at=recorded)
    for _ in range(open_recs):
        number += 1
        RecommendationFactory(advice=advice, number=number)
    if feedback:
        FeedbackFactory(trajectory=trajectory, published_at=feedback)
    return trajectory


@pytest.fixture
def fixture(hub, asker):
    hub.feedback_window_weeks = 8
    hub.save()
    S = QuestionStatus
    q1 = _question(hub, asker, S.FEEDBACK_GIVEN, at(1, 1))
    _chain(
        q1,
        delivered=at(2, 10),
        delivered_rung="advise",
        answers=[("adopted", at(3, 1)), ("partly_adopted", at(3, 12))],
        feedback=at(4, 20),
    )
    q2 = _question(hub, asker, S.FEEDBACK_GIVEN, at(2, 1), promised="codecide")
    _chain(
        q2,
        delivered=at(2, 21),
        delivered_rung="consult",
        answers=[
            ("adopted", at(3, 3)),
            ("not_adopted", at(3, 13)),
            ("adopted", at(4, 2, 23)),
        ],  # 23:00 local: still 2 April
        feedback=at(6, 30),
    )
    q3 = _question(hub, asker, S.ADVICE_DELIVERED, at(3, 1))
    _chain(q3, delivered=at(4, 10), delivered_rung="advise", answers=[("partly_adopted", at(5, 1))], open_recs=1)
    q4 = _question(hub, asker, S.IN_PROGRESS, at(5, 1))
    _chain(q4, delivered=None, open_recs=2)  # draft advice: not counted
    _question(hub, asker, S.DECLINED, at(4, 1))
    _question(hub, asker, S.SUBMITTED, at(8, 1))
    q7 = _question(hub, asker, S.ANSWERED, at(6, 1), promised="consult")
    _chain(q7, delivered=at(7, 1), delivered_rung="coproduce", answers=[("adopted", at(8, 1))])

    # Another hub's records never count for this hub.
    other = QuestionFactory(status=S.FEEDBACK_GIVEN, submitted_at=at(1, 1))
    _chain(other, delivered=at(1, 2), delivered_rung="inform", answers=[("not_adopted", at(1, 3))], feedback=at(1, 4))
    return hub


def test_figures_match_the_hand_computed_values(fixture, django_assert_num_queries):
    with django_assert_num_queries(3):
        figures = selectors.influence_figures(fixture, today=TODAY)
    assert figures["questions_received"] == 7
    assert figures["questions_accepted"] == 5
    assert figures["questions_declined"] == 1
    assert figures["advice_count"] == 4
    assert figures["median_days_to_advice"] == 35
    assert figures["answered_advice_count"] == 3
    assert figures["median_days_to_answer"] == 31
    assert figures["recommendations_total"] == 8
    assert figures["recommendations_answered"] == 7
    assert figures["recommendations_adopted"] == 4
    assert figures["recommendations_partly_adopted"] == 2
    assert figures["recommendations_not_adopted"] == 1
    assert figures["share_answered"] == 7 / 8
    assert figures["share_adopted"] == 0.5
    assert figures["share_partly_adopted"] == 0.25
    assert (figures["feedback_in_time"], figures["feedback_counted"]) == (1, 2)
    assert figures["share_feedback_in_time"] == 0.5
    assert figures["feedback_window_weeks"] == 8
    assert [(r["promised"], r["delivered"], r["count"], r["less_than_promised"]) for r in figures["ladder"]] == [
        ("consult", "coproduce", 1, False),
        ("advise", "advise", 2, False),
        ("codecide", "consult", 1, True),
    ]
    assert (figures["ladder_delivered_total"], figures["ladder_less_than_promised"]) == (4, 1)


def test_window_closing_counts_the_open_trajectory_as_late(fixture):
    figures = selectors.influence_figures(fixture, today=dt.date(2025, 9, 27))  # Q7's window ended 26 September
    assert (figures["feedback_in_time"], figures["feedback_counted"]) == (1, 3)


def test_a_longer_window_makes_q2_on_time(fixture):
    fixture.feedback_window_weeks = 13  # 91 days ≥ 89
    fixture.save()
    figures = selectors.influence_figures(fixture, today=TODAY)
    assert (figures["feedback_in_time"], figures["feedback_counted"]) == (2, 2)


def test_empty_hub_has_no_division_by_zero(hub):
    figures = selectors.influence_figures(hub, today=TODAY)
    assert figures["questions_received"] == 0
    assert figures["median_days_to_advice"] is None and figures["share_answered"] is None
    assert figures["ladder"] == []


def test_national_figures_include_every_hub(fixture, django_assert_num_queries):
    with django_assert_num_queries(3):
        figures = selectors.influence_figures_national(today=TODAY)
    assert figures["questions_received"] == 8
    assert figures["recommendations_total"] == 9


def test_influence_template_shows_the_same_numbers(fixture):
    from django.template.loader import render_to_string

    html = render_to_string(
        "trajectories/_influence.html", {"figures": selectors.influence_figures(fixture, today=TODAY)}
    )
    assert "88% (7 / 8)" in html
    assert "50% (4 / 8)" in html
    assert "25% (2 / 8)" in html
    assert "50% (1 / 2)" in html
    assert "Feedback within 8 weeks of the answer" in html
    assert ">35 " in html and ">31 " in html
