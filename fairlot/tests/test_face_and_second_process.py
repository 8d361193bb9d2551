"""The fast path's face restriction and the second pricing process change speed, never results."""

import itertools
import types

import numpy as np
import pytest
from fairlot import Instance, Quota
from fairlot import leximin as leximin_module
from fairlot.io import load_instance
from fairlot.leximin import find_lottery, relaxed_leximin
from fairlot.model import compile_instance, panel_satisfies
from fairlot.oracle import PanelOracle, PeelResult
from fairlot.pricer import PricingWorker


def tick_clock(monkeypatch) -> None:
    """A fresh engine clock that ticks once per reading, so a time budget stops the exact phase
    after the same rounds in every run."""
    clock = itertools.count()
    cpu = itertools.count()  # the exact budget counts CPU seconds
    monkeypatch.setattr(
        leximin_module,
        "time",
        types.SimpleNamespace(perf_counter=lambda: float(next(clock)), process_time=lambda: float(next(cpu))),
    )


def no_peel(monkeypatch) -> None:
    """A pool where the peel (engine 1.8) finds nothing, so the column generation does all the
    work and a budget can stop it: what the budget tests are about."""
    monkeypatch.setattr(PanelOracle, "peel", lambda self, x, **kw: PeelResult([], [], 1.0, "stuck"))


def skewed_instance(seed: int = 3, pool: int = 60, k: int = 12) -> Instance:
    """Many volunteers of one kind, few of the others: LEXIMIN pushes some quotas to a bound."""
    rng = np.random.default_rng(seed)
    people = {}
    for i in range(pool):
        people[f"p{i}"] = {
            "age": rng.choice(["young", "middle", "old"], p=[0.15, 0.3, 0.55]),
            "edu": rng.choice(["low", "mid", "high"], p=[0.2, 0.3, 0.5]),
            "area": rng.choice(["north", "south"], p=[0.3, 0.7]),
        }
    quotas = [
        Quota("age", "young", 3, 5),
        Quota("age", "middle", 3, 5),
        Quota("age", "old", 3, 5),
        Quota("edu", "low", 3, 5),
        Quota("edu", "mid", 3, 5),
        Quota("edu", "high", 3, 5),
        Quota("area", "north", 5, 7),
        Quota("area", "south", 5, 7),
    ]
    return Instance(people=people, quotas=quotas, panel_size=k)


def test_face_keeps_the_quotas_that_the_target_meets_exactly():
    tm = compile_instance(skewed_instance())
    p = relaxed_leximin(tm, np.ones(tm.num_types, dtype=bool))
    x = p * tm.n
    cnt = tm.A @ x
    at_min = np.abs(cnt - tm.qmin) <= 1e-5
    at_max = np.abs(cnt - tm.qmax) <= 1e-5
    assert at_min.any() or at_max.any(), "the instance should have a tight quota"

    oracle = PanelOracle(tm)
    fixed = oracle.restrict_to_face(x)
    assert fixed["rows"] == int(at_min.sum() + at_max.sum())
    rng = np.random.default_rng(0)
    for _ in range(15):
        res = oracle.solve(rng.normal(size=tm.num_types))
        assert res.panels
        for c in res.panels:
            got = tm.A @ c
            assert panel_satisfies(tm, c)
            assert np.all(got[at_min] == tm.qmin[at_min])
            assert np.all(got[at_max] == tm.qmax[at_max])

    # Back to all valid panels: some weights now give a panel outside the face.
    oracle.unrestrict()
    outside = 0
    for _ in range(30):
        res = oracle.solve(rng.normal(size=tm.num_types))
        got = tm.A @ res.panels[0]
        outside += int(np.any(got[at_min] != tm.qmin[at_min]) or np.any(got[at_max] != tm.qmax[at_max]))
    assert outside > 0


@pytest.mark.parametrize("seed", [1, 3, 7])
def test_leximin_is_the_same_with_or_without_face_and_second_process(seed):
    tm = compile_instance(skewed_instance(seed))
    plain = find_lottery(tm, face=False, parallel=False)
    fast = find_lottery(tm, face=True, parallel=True)
    # The second process peels (engine 1.8) and prices in the fast path.
    assert fast.stats["peel"]["process"] == "second"
    assert fast.stats["second_process_mip_calls"] > 0 or fast.stats["rounds"] - fast.stats["level_one_rounds"] <= 5
    np.testing.assert_allclose(fast.type_probabilities, plain.type_probabilities, atol=1e-6)
    for c in fast.panels:
        assert panel_satisfies(tm, c)
    assert abs(fast.probabilities.sum() - 1.0) < 1e-9


def test_second_process_answers_like_the_local_oracle():
    tm = compile_instance(skewed_instance())
    local = PanelOracle(tm)
    w = np.random.default_rng(5).normal(size=tm.num_types)
    with PricingWorker(tm) as worker:
        assert worker.alive
        remote = worker.call("solve", w, rel_gap=0.0)
    mine = local.solve(w, rel_gap=0.0)
    assert remote.best_value == pytest.approx(mine.best_value, abs=1e-9)
    assert worker.proc is None  # closed


def test_a_dead_second_process_is_dropped_and_the_result_stays_right(monkeypatch):
    tm = compile_instance(skewed_instance(seed=7))
    expected = find_lottery(tm, parallel=False)

    class DyingWorker(PricingWorker):
        def __init__(self, tm_):
            super().__init__(tm_)
            self.proc.kill()
            self.proc.wait()

    monkeypatch.setattr(leximin_module, "PricingWorker", DyingWorker)
    got = find_lottery(tm, parallel=True)
    assert got.stats["second_process_mip_calls"] == 0
    np.testing.assert_allclose(got.type_probabilities, expected.type_probabilities, atol=1e-6)


def test_worker_that_cannot_start_is_not_alive(monkeypatch):
    import subprocess

    def refuse(*args, **kwargs):
        raise OSError("no processes here")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    worker = PricingWorker(compile_instance(skewed_instance()))
    assert not worker.alive
    assert worker.call("solve", np.ones(3)) is None
    worker.close()


@pytest.mark.slow
def test_face_and_second_process_on_the_peer_test_pool(sortition_data):
    tm = compile_instance(load_instance(sortition_data / "sa_base_150"))
    plain = find_lottery(tm, face=False, parallel=False)
    fast = find_lottery(tm, face=True, parallel=True)
    np.testing.assert_allclose(fast.type_probabilities, plain.type_probabilities, atol=1e-6)
    assert fast.type_probabilities.min() == pytest.approx(1 / 11, abs=1e-6)


@pytest.mark.parametrize("seed", [1, 3, 7])
def test_tolerance_stops_the_fast_path_as_soon_as_every_type_is_close_enough(seed, caplog):
    tm = compile_instance(skewed_instance(seed))
    p = relaxed_leximin(tm, np.ones(tm.num_types, dtype=bool))
    exact = find_lottery(tm, parallel=False)
    assert exact.stats["abs_tol"] == 0.0
    assert exact.stats["max_shortfall"] <= 1e-6

    caplog.clear()
    with caplog.at_level("INFO", logger="fairlot.leximin"):
        loose = find_lottery(tm, parallel=False, abs_tol=0.02)
    # The aim is p - tolerance, inside the panel polytope: no restriction to the exact face.
    assert not any("fast path restricted to a face" in r.getMessage() for r in caplog.records)
    assert loose.stats["fast_path"]
    assert np.all(loose.type_probabilities >= p - 0.02 - 1e-6)
    assert loose.stats["max_shortfall"] == pytest.approx(
        max(0.0, float(np.max(p - loose.type_probabilities))), abs=1e-12
    )
    assert loose.stats["max_shortfall"] <= 0.02 + 1e-6
    for c in loose.panels:
        assert panel_satisfies(tm, c)
    assert abs(loose.probabilities.sum() - 1.0) < 1e-9
    assert abs(float(loose.type_probabilities @ tm.n) - tm.k) < 1e-6

    # Any lottery is within a tolerance of 1: after the exact first level (the smallest
    # probability never gets a tolerance) the first master LP that keeps it is accepted.
    first = find_lottery(tm, parallel=False, abs_tol=1.0)
    assert first.stats["rounds"] - first.stats["level_one_rounds"] <= 2
    assert first.type_probabilities.min() >= first.stats["level_one_value"] - 1e-8


def test_tolerance_goes_through_select_and_must_not_be_negative():
    from fairlot import select

    res = select(skewed_instance(3), "leximin", tolerance=0.02)
    assert res.stats["abs_tol"] == 0.02
    assert res.stats["max_shortfall"] <= 0.02 + 1e-6
    with pytest.raises(ValueError):
        find_lottery(compile_instance(skewed_instance(3)), abs_tol=-0.1)


@pytest.mark.parametrize("seed", [1, 3])
def test_exact_within_the_budget_and_the_best_lottery_found_when_it_is_spent(seed, monkeypatch):
    no_peel(monkeypatch)
    tm = compile_instance(spread_instance(seed))
    p = relaxed_leximin(tm, np.ones(tm.num_types, dtype=bool))
    exact = find_lottery(tm, parallel=False)
    assert exact.stats["fast_path_phases"] == ["exact"] and exact.stats["exact"]
    assert exact.stats["smallest_exact"] and exact.stats["exact_levels"] is None

    # Enough time: the exact result.
    patient = find_lottery(tm, parallel=False, exact_seconds=3600)
    assert patient.stats["fast_path_phases"] == ["exact"]
    assert patient.stats["exact"] and patient.stats["exact_seconds"] == 3600
    assert not patient.stats["budget_spent"]
    np.testing.assert_allclose(patient.type_probabilities, exact.type_probabilities, atol=1e-6)

    # No time: level 1 is finished exactly all the same, then the run stops at once and blends
    # the panels it has: nobody below the exact smallest probability.
    hasty = find_lottery(tm, parallel=False, exact_seconds=1e-9)
    assert hasty.stats["fast_path_phases"] == ["timeout"] and hasty.stats["budget_spent"]
    assert hasty.stats["smallest_exact"] and hasty.stats["exact_levels"] == 1
    assert hasty.type_probabilities.min() >= exact.type_probabilities.min() - 1e-8
    assert hasty.stats["level_one_value"] == pytest.approx(exact.type_probabilities.min(), abs=1e-8)
    gap = p - hasty.type_probabilities
    assert hasty.stats["max_shortfall"] == pytest.approx(max(0.0, float(gap.max())), abs=1e-12)
    assert hasty.stats["exact"] is False
    for c in hasty.panels:
        assert panel_satisfies(tm, c)
    assert abs(hasty.probabilities.sum() - 1.0) < 1e-9
    assert abs(float(hasty.type_probabilities @ tm.n) - tm.k) < 1e-6


def test_exact_seconds_goes_through_select_and_must_not_be_negative(monkeypatch):
    from fairlot import select

    no_peel(monkeypatch)
    res = select(spread_instance(), "leximin", exact_seconds=1e-9)
    assert res.stats["fast_path_phases"] == ["timeout"] and not res.stats["exact"]
    assert res.stats["smallest_exact"] and res.stats["exact_seconds"] == 1e-9
    assert res.min_probability == pytest.approx(select(spread_instance(), "maximin").min_probability, abs=1e-8)
    with pytest.raises(ValueError):
        find_lottery(compile_instance(skewed_instance(3)), abs_tol=0.01, exact_seconds=-1)
    with pytest.raises(ValueError):
        find_lottery(compile_instance(skewed_instance(3)), exact_seconds=1, level_one_seconds=-1)


def test_a_longer_budget_never_gives_a_worse_smallest_probability(monkeypatch):
    """Whatever the budget, the result keeps the exact smallest probability and every type at
    least the share of its target that the budget reached (the blend of the panels found)."""
    no_peel(monkeypatch)
    tm = compile_instance(spread_instance())
    smallest = find_lottery(tm, parallel=False).type_probabilities.min()
    p = relaxed_leximin(tm, np.ones(tm.num_types, dtype=bool))
    checked = 0
    for budget in range(1, 80, 3):
        tick_clock(monkeypatch)
        res = find_lottery(tm, parallel=False, exact_seconds=budget)
        assert res.type_probabilities.min() >= smallest - 1e-8
        if not res.stats["budget_spent"]:
            assert res.stats["exact"]
            break
        z_blend = res.stats["fast_path_z"][-1]
        assert np.all(res.type_probabilities >= z_blend * p - 1e-8)
        checked += 1
    assert checked, "no budget stopped the run before it was exact"


def test_the_level_one_safety_cap_publishes_the_maximin_lottery_found_so_far(monkeypatch):
    tm = compile_instance(skewed_instance(3))
    tick_clock(monkeypatch)
    res = find_lottery(tm, parallel=False, exact_seconds=1, level_one_seconds=1e-9)
    assert res.stats["fast_path_phases"] == ["level_one_cap"]
    assert not res.stats["smallest_exact"] and not res.stats["exact"] and res.stats["exact_levels"] == 0
    assert res.stats["level_one_bound"] >= res.type_probabilities.min() - 1e-9
    assert abs(res.probabilities.sum() - 1.0) < 1e-9
    for c in res.panels:
        assert panel_satisfies(tm, c)


def test_maximin_with_a_budget_stops_level_by_level_and_keeps_the_levels_it_fixed(monkeypatch):
    tm = compile_instance(skewed_instance(3))
    exact = find_lottery(tm, parallel=False, fast_path=False)
    tick_clock(monkeypatch)
    res = find_lottery(tm, parallel=False, fast_path=False, exact_seconds=1e-9, level_one_seconds=1e9)
    assert res.stats["budget_spent"] and not res.stats["exact"]
    assert res.stats["exact_levels"] == 1 and res.stats["smallest_exact"]
    assert res.type_probabilities.min() >= exact.type_probabilities.min() - 1e-8


def spread_instance(seed: int = 1, pool: int = 100, k: int = 20) -> Instance:
    """Four categories with uneven shares and near-equal quotas: about 20 rounds to LEXIMIN."""
    rng = np.random.default_rng(seed)
    shares = {"a": [0.6, 0.3, 0.1], "b": [0.2, 0.3, 0.5], "c": [0.3, 0.7], "d": [0.4, 0.3, 0.2, 0.1]}
    people = {f"p{i}": {c: str(rng.choice(len(sh), p=sh)) for c, sh in shares.items()} for i in range(pool)}
    quotas = [
        Quota(c, str(v), k // len(sh) - 1, -(-k // len(sh)) + 1) for c, sh in shares.items() for v in range(len(sh))
    ]
    return Instance(people=people, quotas=quotas, panel_size=k)


def test_the_progress_bar_never_goes_back_when_the_budget_is_spent(monkeypatch):
    from fairlot import select

    no_peel(monkeypatch)
    inst = spread_instance()
    assert select(inst, "leximin").stats["rounds"] > 12
    tick_clock(monkeypatch)
    seen = []
    res = select(inst, "leximin", exact_seconds=40, progress=lambda f, _t: seen.append(f))
    assert res.stats["fast_path_phases"] == ["timeout"]
    assert max(seen[:-1]) > 0.6, "the exact phase got far before it ran out of time"
    assert seen == sorted(seen)


def test_the_progress_text_says_how_far_the_exact_calculation_got(monkeypatch):
    from fairlot import select

    no_peel(monkeypatch)
    tick_clock(monkeypatch)
    seen = []
    select(spread_instance(), "leximin", exact_seconds=400, progress=lambda _f, p: seen.append(p))
    goal = [p for p in seen if p.code.endswith("_reached")]
    assert goal and all(p.code == "progress.spreading_reached" for p in goal)
    assert all(0 <= p.params["percent"] <= 100 for p in goal)
    assert str(goal[0]).startswith("Spreading the chances: ") and str(goal[0]).endswith("% of the goal reached")
