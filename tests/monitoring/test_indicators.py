"""Every computed indicator against the hand-built records of conftest.py (figures worked out by hand)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from participatiehub.experience import selectors as experience_selectors
from participatiehub.monitoring.indicators import COMPUTED, compute
from participatiehub.monitoring.models import Indicator, Source
from participatiehub.questions.constants import QuestionStatus
from participatiehub.scans import selectors as scan_selectors
from participatiehub.trajectories.constants import Decision
from tests.factories import HubFactory, HubMunicipalityFactory

from . import factories as f
from .conftest import Q1

D = Decimal

# code: (figure of the busy hub, figure of the hub without records)
TABLE = {
    "municipalities_covered": ((D(3), None), (D(0), None)),
    "network_organisations": ((D(2), None), (D(0), None)),
    "network_bodies": ((D(3), None), (D(0), None)),
    "network_forms": ((D(2), None), (D(0), None)),
    "network_domains": ((D(3), None), (D(0), None)),
    "questions_received": ((D(2), None), (D(0), None)),
    "questions_accepted": ((D(2), None), (D(0), None)),
    "questions_declined": ((D(1), None), (D(0), None)),
    "questions_answered": ((D(3), None), (D(0), None)),
    # 1 (q3: 31 Dec 23:59 → 1 Jan 00:30 Dutch time), 59 (q4), 106 (q5)
    "days_to_advice": ((D("59.0"), 3), (None, 0)),
    # 30 (q5), 89 (q3: 1 Jan → 31 Mar 23:59), 90 (q7)
    "days_to_answer": ((D("89.0"), 3), (None, 0)),
    "rung_kept": ((D("50.0"), 2), (None, 0)),
    "recommendations_adopted": ((D("50.0"), 4), (None, 0)),
    "recommendations_partly_adopted": ((D("25.0"), 4), (None, 0)),
    "recommendations_not_adopted": ((D("25.0"), 4), (None, 0)),
    "answers_with_reason": ((D("50.0"), 4), (None, 0)),
    "feedback_on_time": ((D("50.0"), 2), (None, 0)),
    "panel_deviation": ((D("15.0"), 1), (None, 0)),
    "grants_awarded": ((D("40000.00"), 1), (D(0), 0)),
    "grants_paid": ((D("10000.00"), 1), (D(0), 0)),
    "cost_per_trajectory": ((D("5000.00"), 2), (None, 0)),
}


def test_the_table_covers_every_computed_indicator_and_the_catalogue(db):
    seeded = set(Indicator.objects.filter(source=Source.RECORDS).values_list("code", flat=True))
    assert set(TABLE) == set(COMPUTED) == seeded


@pytest.mark.parametrize("code", sorted(TABLE))
def test_computed_indicator(scenario, code):
    figures = compute(Q1)
    busy, empty = TABLE[code]
    assert figures[scenario.busy.pk][code] == busy
    assert figures[scenario.empty.pk][code] == empty


@pytest.mark.parametrize("code", sorted(TABLE))
def test_every_function_says_what_counts(code):
    doc = COMPUTED[code].function.__doc__ or ""
    assert len(doc) > 60


def test_the_next_quarter_gets_the_records_of_00_00_on_1_april(scenario):
    figures = compute(Q1.next(), [scenario.busy.pk])[scenario.busy.pk]
    assert figures["questions_received"] == (D(1), None)  # q2 at 00:00 on 1 April
    assert figures["network_organisations"] == (D(3), None)
    assert figures["grants_awarded"] == (D("60000.00"), 2)
    assert figures["grants_paid"] == (D("15000.00"), 2)
    assert figures["recommendations_adopted"] == (D("100.0"), 1)  # q4's answer at 00:00 on 1 April
    assert figures["feedback_on_time"] == (D("100.0"), 1)  # q7: answered 1 March, feedback 1 April
    assert figures["days_to_advice"] == (None, 0)


def test_a_median_of_an_even_number_of_cases(db):
    hub = HubFactory()
    for submitted in (f.at(2025, 1, 1), f.at(2025, 1, 2)):
        f.chain(f.question(hub, submitted), delivered=f.at(2025, 1, 12))
    assert compute(Q1, [hub.pk])[hub.pk]["days_to_advice"] == (D("10.5"), 2)


def test_shares_round_half_up_to_one_decimal(db):
    hub = HubFactory()
    q = f.question(hub, f.at(2025, 1, 1))
    moment = f.at(2025, 2, 1)
    f.chain(q, delivered=moment, answers=[(Decision.ADOPTED, "", moment)] + [(Decision.NOT_ADOPTED, "x", moment)] * 2)
    assert compute(Q1, [hub.pk])[hub.pk]["recommendations_adopted"] == (D("33.3"), 3)
    assert compute(Q1, [hub.pk])[hub.pk]["recommendations_not_adopted"] == (D("66.7"), 3)


def test_a_coverage_change_on_the_last_day(db):
    hub = HubFactory()
    HubMunicipalityFactory(hub=hub, valid_from=dt.date(2025, 3, 31))
    HubMunicipalityFactory(hub=hub, valid_from=dt.date(2024, 1, 1), valid_until=dt.date(2025, 3, 30))
    assert compute(Q1, [hub.pk])[hub.pk]["municipalities_covered"] == (D(1), None)


def test_a_question_accepted_twice_in_the_history_counts_once(db):
    hub = HubFactory()
    q = f.question(hub, f.at(2025, 1, 1))
    f.moved(q, QuestionStatus.ACCEPTED, f.at(2025, 1, 2))
    f.moved(q, QuestionStatus.ACCEPTED, f.at(2025, 1, 3))
    assert compute(Q1, [hub.pk])[hub.pk]["questions_accepted"] == (D(1), None)


def test_inactive_indicators_are_left_out_and_only_the_hubs_asked_for(scenario):
    Indicator.objects.filter(code="network_bodies").update(is_active=False)
    figures = compute(Q1, [scenario.empty.pk])
    assert list(figures) == [scenario.empty.pk]
    assert "network_bodies" not in figures[scenario.empty.pk]
    assert "network_organisations" in figures[scenario.empty.pk]
    assert compute(Q1, []) == {}


def test_a_computed_catalogue_row_without_a_function_is_left_out(db):
    hub = HubFactory()
    Indicator.objects.create(code="unknown", name="Onbekend", definition="x", unit="count", source=Source.RECORDS)
    assert "unknown" not in compute(Q1, [hub.pk])[hub.pk]


def test_self_reported_figures_come_from_the_scan_and_the_questionnaire(scenario, monkeypatch):
    calls = {}

    def scores(year):
        calls["year"] = year
        return {scenario.busy.pk: {"vision": D("62.5"), "reach": D("40.0")}}

    def shares(start, end):
        calls["window"] = (start, end)
        return {scenario.busy.pk: {"heard": (D("80.0"), 12)}}

    monkeypatch.setattr(scan_selectors, "dimension_scores", scores)
    monkeypatch.setattr(experience_selectors, "item_shares", shares)
    figures = compute(Q1)
    busy, empty = figures[scenario.busy.pk], figures[scenario.empty.pk]
    assert busy["scan_vision"] == (D("62.5"), None)
    assert busy["scan_reach"] == (D("40.0"), None)
    assert busy["scan_influence"] == (None, None)  # not answered
    assert busy["experience_heard"] == (D("80.0"), 12)
    assert busy["experience_again"] == (None, None)
    assert empty["scan_vision"] == (None, None) and empty["experience_heard"] == (None, None)
    # The scan round of the quarter's year; the questionnaire of the 12 months ending with the quarter.
    assert calls["year"] == 2025
    assert calls["window"] == (f.at(2024, 4, 1, 0, 0), f.at(2025, 4, 1, 0, 0))
    seeded = Indicator.objects.exclude(source=Source.RECORDS)
    assert {i.source_key for i in seeded.filter(source=Source.SCAN)} == {
        "vision",
        "network",
        "reach",
        "methods",
        "influence",
        "feedback",
        "continuity",
    }
    assert {i.source_key for i in seeded.filter(source=Source.QUESTIONNAIRE)} == {
        "heard",
        "clear",
        "diverse",
        "see_result",
        "again",
    }


def _records_for(hubs):
    for hub in hubs:
        HubMunicipalityFactory(hub=hub)
        f.organisation(hub, f.at(2025, 1, 1), health=True)
        f.body(hub, f.at(2025, 1, 1), "citizens_panel")
        q = f.question(hub, f.at(2025, 1, 2))
        f.moved(q, QuestionStatus.ACCEPTED, f.at(2025, 1, 3))
        moment = f.at(2025, 2, 1)
        f.chain(q, delivered=moment, answers=[(Decision.ADOPTED, "", moment)], answered=moment, feedback=moment)
        f.payment(f.grant(hub, "1000.00", f.at(2025, 1, 1)), "500.00", f.at(2025, 2, 1))


def _queries(hub_ids) -> int:
    with CaptureQueriesContext(connection) as captured:
        figures = compute(Q1, hub_ids)
    assert len(figures) == len(hub_ids)
    return len(captured.captured_queries)


def test_compute_takes_as_many_queries_for_30_hubs_as_for_3(db):
    hubs = HubFactory.create_batch(30)
    _records_for(hubs)
    few = _queries([h.pk for h in hubs[:3]])
    many = _queries([h.pk for h in hubs])
    assert few == many
    assert compute(Q1, [hubs[0].pk])[hubs[0].pk]["cost_per_trajectory"] == (D("500.00"), 1)


def test_the_self_reported_part_reads_the_scan_and_questionnaire_apps(scenario):
    """Nothing patched: a submitted 2025 scan and five questionnaire answers in the 12 months up to the
    quarter's end become the hub's figures; four answers (below the threshold) show nothing."""
    from tests.experience.factories import responses
    from tests.scans.factories import answer_all, past_round, response_of
    from tests.trajectories.factories import QuestionFactory, TrajectoryFactory

    figures = compute(Q1)
    assert figures[scenario.busy.pk]["scan_vision"] == (None, None)
    assert figures[scenario.busy.pk]["experience_heard"] == (None, None)

    scan_round = past_round(year=2025)
    answer_all(response_of(scan_round, scenario.busy), lambda question: 4)  # 4 on 1–5 → 75.0
    trajectory = TrajectoryFactory(question=QuestionFactory(hub=scenario.busy), hub=scenario.busy)
    in_window = f.at(2025, 2, 1)
    responses(trajectory, 5, submitted_at=in_window)  # "agree" on "heard": positive
    other = TrajectoryFactory(question=QuestionFactory(hub=scenario.empty), hub=scenario.empty)
    responses(other, 4, submitted_at=in_window)
    figures = compute(Q1)
    assert figures[scenario.busy.pk]["scan_vision"][0] == D("75.0")
    assert figures[scenario.busy.pk]["experience_heard"] == (D("100.0"), 5)
    assert figures[scenario.empty.pk]["experience_heard"] == (None, None)
    assert figures[scenario.empty.pk]["scan_vision"] == (None, None)
