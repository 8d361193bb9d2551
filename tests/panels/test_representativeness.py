"""Representativeness: pool and panel composition against the population shares."""
# ruff: noqa: F811 - fixtures are imported from tests/panels/test_pools_support.py

from __future__ import annotations

from decimal import Decimal

from django.template.loader import render_to_string

import pytest

from participatiehub.panels import services
from participatiehub.panels.models import PopulationShare
from participatiehub.panels.selectors import representativeness
from participatiehub.panels.tasks import run_selection
from tests.panels.test_pools_support import _english, coord, hub, small_pool  # noqa: F401

pytestmark = pytest.mark.django_db


def test_no_pool_yet(hub):
    assert representativeness(hub) is None
    assert "There is no pool yet." in render_to_string("panels/_representativeness.html", {"representativeness": None})


def test_pool_and_panel_against_population(hub, coord, run_tasks):
    pool = small_pool(hub, seats=4, size=8)
    PopulationShare.objects.create(pool=pool, category="gender", value="woman", share=Decimal("0.6"))
    PopulationShare.objects.create(pool=pool, category="gender", value="man", share=Decimal("0.4"))
    data = representativeness(hub)
    gender = next(t for t in data["tables"] if t["category"] == "gender")
    woman = next(r for r in gender["rows"] if r["label"] == "Woman")
    assert woman["population_pct"] == pytest.approx(60) and woman["pool_pct"] == pytest.approx(50)
    assert woman["panel_pct"] is None and woman["pool_gap"] == pytest.approx(-10)

    selection = services.selection_start(pool=pool, actor=coord, seed="7", panel_count=10)
    run_selection.enqueue(selection.pk)
    run_tasks()
    data = representativeness(hub)
    assert data["panel_size"] == 4
    woman = next(r for r in data["tables"][0]["rows"] if r["label"] == "Woman")
    assert woman["panel_pct"] == pytest.approx(50)
    html = render_to_string("panels/_representativeness.html", {"representativeness": data})
    assert "60.0%" in html or "60,0%" in html
    assert "Jansen" not in html
