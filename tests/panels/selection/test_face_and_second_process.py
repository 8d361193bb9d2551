"""The fast path's face restriction and the second pricing process change speed, never results."""

import numpy as np
import pytest

from participatiehub.panels.selection import Instance, Quota
from participatiehub.panels.selection import leximin as leximin_module
from participatiehub.panels.selection.io import load_instance
from participatiehub.panels.selection.leximin import find_lottery, relaxed_leximin
from participatiehub.panels.selection.model import compile_instance, panel_satisfies
from participatiehub.panels.selection.oracle import PanelOracle
from participatiehub.panels.selection.pricer import PricingWorker


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
    assert fast.stats["second_process_mip_calls"] > 0 or fast.stats["rounds"] <= 1
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
    with caplog.at_level("INFO", logger="participatiehub.panels.selection.leximin"):
        loose = find_lottery(tm, parallel=False, abs_tol=0.02)
    # The aim is p - tolerance, inside the panel polytope: no restriction to the exact face.
    assert not any("restricted to a face" in r.getMessage() for r in caplog.records)
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

    # Any lottery is within a tolerance of 1: the first master LP is accepted.
    first = find_lottery(tm, parallel=False, abs_tol=1.0)
    assert first.stats["rounds"] == 1


def test_tolerance_goes_through_select_and_must_not_be_negative():
    from participatiehub.panels.selection import select

    res = select(skewed_instance(3), "leximin", tolerance=0.02)
    assert res.stats["abs_tol"] == 0.02
    assert res.stats["max_shortfall"] <= 0.02 + 1e-6
    with pytest.raises(ValueError):
        find_lottery(compile_instance(skewed_instance(3)), abs_tol=-0.1)
