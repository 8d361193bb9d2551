"""A budget bounds the run on a realistic pool, and the smallest probability stays exact."""

import importlib.util
import time
from pathlib import Path

import pytest
from fairlot import load_instance, select

POOLS = Path(__file__).resolve().parents[2] / "bench" / "sortition" / "pools.py"


@pytest.fixture(scope="module")
def generated_300(tmp_path_factory):
    """The benchmark's generated Dutch-style pool of 300 volunteers (30 seats, ~257 types)."""
    if not POOLS.exists():
        pytest.skip("bench/sortition/pools.py is not next to the engine")
    spec = importlib.util.spec_from_file_location("bench_pools", POOLS)
    pools = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pools)
    return load_instance(pools.write(tmp_path_factory.mktemp("pools"), 300, 1))


@pytest.mark.slow
def test_a_small_budget_ends_the_run_in_time_with_the_exact_smallest_probability(generated_300):
    maximin = select(generated_300, "maximin").min_probability
    budget = 1.5
    cpu0, wall0 = time.process_time(), time.perf_counter()
    res = select(generated_300, "leximin", exact_seconds=budget)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    # Exact LEXIMIN takes about 3 CPU seconds here (engine 1.8): the budget stops it, after level 1.
    assert res.stats["budget_spent"] and not res.stats["exact"]
    assert res.stats["smallest_exact"] and res.stats["exact_levels"] == 1
    # Within the budget plus one solver call's minimum and the blend (a small margin).
    assert res.stats["budget_seconds"] <= budget + 1.5
    assert cpu <= budget + 3.0, (cpu, wall)
    assert res.min_probability == pytest.approx(maximin, abs=1e-7)
    assert res.min_probability >= maximin - 1e-9
    assert abs(sum(res.probabilities.values()) - 30) < 1e-6
