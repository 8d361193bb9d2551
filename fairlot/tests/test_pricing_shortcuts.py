"""Engine 1.8's shortcuts change speed, never results: the LP relaxation answering a pricing call,
level 1 priced inside the face that complementary slackness gives, and the second process that is
not waited for."""

import time

import numpy as np
import pytest
from fairlot import leximin as leximin_module
from fairlot.leximin import find_lottery, relaxed_leximin
from fairlot.model import compile_instance, panel_satisfies
from fairlot.oracle import PanelOracle
from fairlot.pricer import PricingWorker
from test_face_and_second_process import no_peel, skewed_instance, spread_instance


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_lp_answers_only_with_the_mips_optimum(seed):
    tm = compile_instance(skewed_instance(seed, pool=80, k=12))
    rng = np.random.default_rng(seed)
    quick, mip = PanelOracle(tm), PanelOracle(tm)
    mip.lp_first = False
    for _ in range(40):
        w = rng.random(tm.num_types) * rng.choice([1.0, 1e-3, 50.0])
        a = quick.solve(w, rel_gap=0.0)
        b = mip.solve(w, rel_gap=0.0)
        assert a.panels and panel_satisfies(tm, a.panels[0])
        assert a.best_value == pytest.approx(b.best_value, rel=1e-9, abs=1e-12)
        assert a.bound >= b.best_value - 1e-9 * abs(b.best_value)
        # A threshold at (or above) the optimum: no panel, and a bound that proves it.
        c = quick.solve(w, threshold=b.best_value * (1 + 1e-7))
        assert not c.panels and c.bound <= b.best_value * (1 + 1e-7) + 1e-12
        # Just below it: the optimal panel comes back.
        d = quick.solve(w, threshold=b.best_value * (1 - 1e-6))
        assert d.panels and float(w @ d.panels[0]) > b.best_value * (1 - 1e-6)
    assert quick.lp_answers > 0  # the shortcut is taken on these pools


@pytest.mark.parametrize("seed", [1, 3, 5, 7, 9])
def test_maximin_is_the_same_with_level_one_in_the_face_or_not(seed):
    tm = compile_instance(skewed_instance(seed, pool=70, k=12))
    plain = find_lottery(tm, leximin=False, face=False, parallel=False)
    faced = find_lottery(tm, leximin=False, face=True, parallel=False)
    assert faced.levels[0]["value"] == pytest.approx(plain.levels[0]["value"], abs=1e-9)
    assert faced.type_probabilities.min() >= plain.levels[0]["value"] - 1e-8


def test_a_face_that_cannot_reach_the_bound_falls_back_to_every_panel(monkeypatch, caplog):
    """A wrong face (a needed type left out) ends below the relaxation's value; level 1 then
    prices over all panels and still finds the exact maximin."""
    tm = compile_instance(skewed_instance(3, pool=70, k=12))
    plain = find_lottery(tm, leximin=False, face=False, parallel=False)
    real = leximin_module.relaxation_center

    def wrong_face(*args, face_out=None, **kwargs):
        out = real(*args, face_out=face_out, **kwargs)
        if face_out is not None:
            empty = np.zeros(tm.num_types, dtype=bool)
            empty[int(np.argmax(tm.n))] = True  # the largest type may never sit on a panel
            face_out.update(empty=empty)
        return out

    monkeypatch.setattr(leximin_module, "relaxation_center", wrong_face)
    with caplog.at_level("INFO", logger="fairlot.leximin"):
        res = find_lottery(tm, leximin=False, face=True, parallel=False)
    assert any("all panels from here" in r.getMessage() for r in caplog.records)
    assert res.levels[0]["value"] == pytest.approx(plain.levels[0]["value"], abs=1e-9)
    assert res.type_probabilities.min() >= plain.levels[0]["value"] - 1e-8


def test_the_second_process_answers_without_being_waited_for():
    tm = compile_instance(skewed_instance(2, pool=60, k=12))
    w = np.linspace(1.0, 2.0, tm.num_types)
    with PricingWorker(tm) as worker:
        assert not worker.pending and not worker.ready()
        assert worker.submit("solve", w)
        assert worker.pending
        deadline = time.monotonic() + 30
        while not worker.ready() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert worker.ready()
        first = worker.result()
        assert first is not None and first.panels and not worker.pending
        # A second call while one is pending: the first answer is dropped, the second comes back.
        assert worker.submit("solve", w) and worker.submit("solve", -w)
        second = worker.result()
        assert second.best_value == pytest.approx(PanelOracle(tm).solve(-w).best_value)


def test_the_peel_writes_the_relaxations_leximin_as_panels():
    tm = compile_instance(spread_instance(2))
    p = relaxed_leximin(tm, np.ones(tm.num_types, dtype=bool))
    x = p * tm.n
    res = PanelOracle(tm).peel(x, seed=4)
    assert res.outcome in ("done", "stuck") and res.panels
    assert res.mass_left <= 1e-5
    for c in res.panels:
        assert panel_satisfies(tm, c)
    w = np.asarray(res.weights)
    assert np.all(w >= 0) and w.sum() == pytest.approx(1.0 - res.mass_left, abs=1e-12)
    # The greedy lottery's mean is x, but for the mass left.
    mean = w @ np.asarray(res.panels, dtype=np.float64)
    assert np.max(np.abs(mean - x)) <= res.mass_left * tm.n.max() + 1e-6
    # Seeded: the same panels again.
    again = PanelOracle(tm).peel(x, seed=4)
    assert [c.tolist() for c in again.panels] == [c.tolist() for c in res.panels]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_leximin_is_the_same_with_or_without_the_peel(seed, monkeypatch):
    tm = compile_instance(spread_instance(seed))
    peeled = find_lottery(tm, parallel=False)
    assert peeled.stats["peel"]["panels"] > 0 and peeled.stats["exact"]
    no_peel(monkeypatch)
    plain = find_lottery(tm, parallel=False)
    np.testing.assert_allclose(peeled.type_probabilities, plain.type_probabilities, atol=2e-6)
    assert peeled.type_probabilities.min() >= plain.stats["level_one_value"] - 2e-9


def test_a_spent_budget_skips_the_peel():
    tm = compile_instance(spread_instance(1))
    res = find_lottery(tm, parallel=False, exact_seconds=1e-9)
    assert res.stats["peel"] is None and res.stats["smallest_exact"]


def test_the_roundings_safety_cap_counts_cpu_seconds_not_the_wall_clock(monkeypatch):
    """A busy machine (here: a wall clock that jumps an hour at every reading) must not change
    the published panels; only this process's own CPU time counts for the cap."""
    import itertools
    import types

    import fairlot
    from fairlot import rounding, select

    res = select(spread_instance(3), "leximin")
    calm = fairlot.round_to_uniform(res, m=1000, seed=7)
    hours = itertools.count(step=3600.0)
    jumpy = types.SimpleNamespace(perf_counter=lambda: float(next(hours)), process_time=time.process_time)
    monkeypatch.setattr(rounding, "time", jumpy)
    monkeypatch.setattr(fairlot, "time", jumpy)
    busy = fairlot.round_to_uniform(res, m=1000, seed=7)
    assert busy.published()["panels_sha256"] == calm.published()["panels_sha256"]
    assert busy.method == calm.method
