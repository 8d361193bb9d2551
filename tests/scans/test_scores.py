"""Scores: the mean answer per dimension rescaled to 0–100 (1 → 0, 5 → 100), "not applicable" left out,
one decimal, no score without answers; ``dimension_scores(year)`` (submitted only, the latest round of
the year, a fixed number of queries) and the national median over submitted responses."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from participatiehub.scans import selectors
from participatiehub.scans.constants import DIMENSION_CODES
from tests.factories import HubFactory

from .factories import answer_all, open_round, past_round, response_of

pytestmark = pytest.mark.django_db


def _by_dimension(values: dict[str, list]):
    """value_for(question): the next value of the question's dimension's list."""
    queues = {code: list(v) for code, v in values.items()}

    def value_for(question):
        queue = queues.get(question.dimension.code)
        return queue.pop(0) if queue else None

    return value_for


def test_the_score_is_the_mean_rescaled_to_0_100_without_not_applicable_with_one_decimal(office, hub):
    scan_round = open_round(year=2026, office=office)
    answer_all(
        response_of(scan_round, hub),
        _by_dimension(
            {
                "vision": [1, 1, 1, 1],  # → 0
                "network": [5, 5, 5, 5],  # → 100
                "reach": [4, "na", 5],  # mean 4.5 → 87.5
                "methods": [2, 3, 3, 3],  # mean 2.75 → 43.75 → 43.8
                "influence": [2, 2, 3],  # mean 2.333… → 33.3
                "feedback": ["na", "na", "na"],  # no score
                # continuity: no answers → no score
            }
        ),
    )
    scores = selectors.dimension_scores(2026)[hub.pk]
    assert scores == {
        "vision": Decimal("0.0"),
        "network": Decimal("100.0"),
        "reach": Decimal("87.5"),
        "methods": Decimal("43.8"),
        "influence": Decimal("33.3"),
    }
    assert "feedback" not in scores and "continuity" not in scores


def test_only_submitted_responses_count_and_the_latest_round_of_the_year(office, hub, other_hub):
    earlier = past_round(year=2025)
    answer_all(response_of(earlier, hub), lambda q: 1)
    latest = past_round(year=2025)
    answer_all(response_of(latest, hub), lambda q: 3)
    answer_all(response_of(latest, other_hub), lambda q: 5, submit=False)  # a draft: absent
    scores = selectors.dimension_scores(2025)
    assert set(scores) == {hub.pk}
    assert scores[hub.pk] == {code: Decimal("50.0") for code in DIMENSION_CODES}
    assert selectors.dimension_scores(2024) == {}


def test_dimension_scores_take_the_same_number_of_queries_for_3_and_30_hubs(office):
    def count(n: int) -> int:
        scan_round = past_round(year=2000 + n)
        for i in range(n):
            answer_all(response_of(scan_round, HubFactory()), lambda q, i=i: 1 + i % 5)
        with CaptureQueriesContext(connection) as queries:
            result = selectors.dimension_scores(2000 + n)
        assert len(result) == n
        return len(queries)

    assert count(3) == count(30) <= 3


def test_the_national_median_is_over_submitted_responses(office, hub):
    scan_round = past_round(year=2025)
    for value in (1, 2, 4, 5):  # scores 0, 25, 75, 100 → median 50
        answer_all(response_of(scan_round, HubFactory()), lambda q, value=value: value)
    answer_all(response_of(scan_round, hub), lambda q: 5, submit=False)  # a draft does not count
    median = selectors.median_scores(selectors.round_scores(scan_round.pk))
    assert median == {code: Decimal("50.0") for code in DIMENSION_CODES}


def test_the_comparison_has_the_hub_the_median_and_the_previous_year(office, hub, other_hub):
    previous = past_round(year=2025)
    answer_all(response_of(previous, hub), lambda q: 2)  # 25
    current = past_round(year=2026)
    response = answer_all(response_of(current, hub), lambda q: 4)  # 75
    answer_all(response_of(current, other_hub), lambda q: 5)  # 100; median of 75 and 100: 87.5
    result = selectors.comparison(response)
    assert [r.code for r in result.rows] == list(DIMENSION_CODES)
    row = result.rows[0]
    assert (row.hub, row.median, row.previous) == (Decimal("75.0"), Decimal("87.5"), Decimal("25.0"))
    assert result.has_previous and result.submitted_count == 2
