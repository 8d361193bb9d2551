"""A quarter's figures in one row: written with the snapshots, read by the national pages."""

from __future__ import annotations

import importlib
from decimal import Decimal

from django.apps import apps as django_apps

from participatiehub.monitoring import selectors
from participatiehub.monitoring.models import QuarterFigures
from participatiehub.monitoring.periods import Quarter
from participatiehub.monitoring.services import snapshot_correct, snapshot_take
from participatiehub.monitoring.summary import summarise
from tests.factories import programme_officer

from . import factories as f
from .conftest import Q1


def _from_snapshots(quarters: list[Quarter], hub_ids: list[int]) -> selectors.Figures:
    return selectors._figures_of(quarters, hub_ids)


def test_taking_snapshots_writes_the_quarters_row(scenario):
    snapshot_take(Q1)
    row = QuarterFigures.objects.get(period=str(Q1))
    hubs = [scenario.busy.pk, scenario.empty.pk]
    assert sorted(map(int, row.values)) == sorted(hubs)
    every = selectors.figures([Q1])
    assert every.values == _from_snapshots([Q1], hubs).values
    assert every.statuses == _from_snapshots([Q1], hubs).statuses
    # The medians, lowest and highest figures were worked out when the row was written, the same as
    # computed from the figures themselves.
    for indicator in selectors.catalogue(active_only=True):
        present = [r.get(indicator.pk) for r in every.values[str(Q1)].values()]
        assert every.stats(Q1, indicator.pk) == selectors.stats_of(present)


def test_a_correction_rewrites_the_row(scenario):
    snapshot_take(Q1)
    received = selectors.catalogue(active_only=True)
    code = {i.code: i.pk for i in received}["questions_received"]
    assert selectors.figures([Q1]).value(Q1, scenario.busy.pk, code) == Decimal("2.00")
    f.question(scenario.busy, f.at(2025, 2, 1))
    snapshot_correct(actor=programme_officer(), hub=scenario.busy, quarter=Q1, reason="Vergeten vraag")
    assert selectors.figures([Q1]).value(Q1, scenario.busy.pk, code) == Decimal("3.00")
    assert selectors.figures([Q1]).stats(Q1, code).high == Decimal("3.00")


def test_the_trend_quarters_give_their_medians_without_their_figures(scenario, django_assert_num_queries):
    snapshot_take(Q1)
    later = Q1.next()
    window = [Q1, later]
    with django_assert_num_queries(2):
        data = selectors.figures(window, every_indicator_in=[later])
    indicator = selectors.catalogue(active_only=True)[0]
    assert data.values[str(Q1)] == {}  # not read
    assert data.stats(Q1, indicator.pk) == selectors.figures([Q1]).stats(Q1, indicator.pk)
    assert set(data.statuses[str(Q1)]) == {scenario.busy.pk, scenario.empty.pk}


def test_summarise_handles_a_quarter_where_no_hub_has_a_figure():
    summary = summarise(
        [(1, 10, "operational"), (2, 11, "stopped")], [(1, 5, None), (2, 5, None), (2, 6, Decimal("4"))]
    )
    assert summary["values"] == {"10": {"5": None}, "11": {"5": None, "6": "4"}}
    assert summary["stats"] == {"5": [None, None, None, 0], "6": ["4", "4", "4", 1]}
    assert summary["statuses"] == {"10": "operational", "11": "stopped"}


def test_the_migration_fills_the_rows_of_snapshots_taken_before_it(scenario):
    snapshot_take(Q1)
    QuarterFigures.objects.all().delete()
    migration = importlib.import_module("participatiehub.monitoring.migrations.0004_quarter_figures")
    migration.fill(django_apps, None)
    assert list(QuarterFigures.objects.values_list("period", flat=True)) == [str(Q1)]
    assert selectors.figures([Q1]).values == _from_snapshots([Q1], [scenario.busy.pk, scenario.empty.pk]).values
