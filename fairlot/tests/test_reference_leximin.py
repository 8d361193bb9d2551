"""The engine's LEXIMIN equals a brute-force reference on tiny pools.

The reference is deliberately independent of the engine: it enumerates all valid panels of
*individuals* (no types), then computes LEXIMIN with one LP per level plus, for every person
still free, an LP that checks whether that person can get more than the level value.
"""

import itertools

import highspy
import numpy as np
import pytest
from fairlot import InfeasibleQuotas, Instance, Quota, select
from fairlot.leximin import find_lottery
from fairlot.model import compile_instance, panel_satisfies
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_face_and_second_process import no_peel

TOL = 1e-6


# ---------------------------------------------------------------------------------------------
# brute-force reference
# ---------------------------------------------------------------------------------------------
def all_panels(instance: Instance) -> list[tuple[str, ...]]:
    ids = list(instance.people)
    out = []
    for combo in itertools.combinations(ids, instance.panel_size):
        ok = True
        for q in instance.quotas:
            cnt = sum(1 for pid in combo if instance.people[pid][q.feature] == q.value)
            if not (q.min <= cnt <= q.max):
                ok = False
                break
        if ok and instance.households:
            codes = [instance.households.get(pid) for pid in combo if instance.households.get(pid)]
            ok = len(codes) == len(set(codes))
        if ok:
            out.append(combo)
    return out


def _lp(M, lower_bounds, objective_row=None, z_rows=None):
    """max objective over lam (panels) [+ z]; rows: M lam (+/- z) >= lower bounds; sum lam = 1."""
    n_people, n_panels = M.shape
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("primal_feasibility_tolerance", 1e-10)
    h.setOptionValue("dual_feasibility_tolerance", 1e-10)
    inf = highspy.kHighsInf
    ncols = n_panels + 1  # last column: z
    cost = np.zeros(ncols)
    if objective_row is None:
        cost[-1] = 1.0
    else:
        cost[:n_panels] = M[objective_row]
    h.addVars(ncols, np.zeros(ncols), np.concatenate([np.full(n_panels, inf), [inf]]))
    h.changeColsCost(ncols, np.arange(ncols, dtype=np.int32), cost)
    for i in range(n_people):
        coeffs = list(M[i])
        idx = list(range(n_panels))
        if z_rows is not None and i in z_rows:
            idx.append(n_panels)
            coeffs.append(-1.0)
        h.addRow(lower_bounds[i], inf, len(idx), np.array(idx, dtype=np.int32), np.array(coeffs))
    h.addRow(1.0, 1.0, n_panels, np.arange(n_panels, dtype=np.int32), np.ones(n_panels))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return h.getInfo().objective_function_value


def reference_leximin(instance: Instance) -> dict[str, float] | None:
    panels = all_panels(instance)
    if not panels:
        return None
    ids = list(instance.people)
    M = np.array([[1.0 if pid in p else 0.0 for p in panels] for pid in ids])
    fixed: dict[int, float] = {}
    while len(fixed) < len(ids):
        free = [i for i in range(len(ids)) if i not in fixed]
        lb = [fixed.get(i, 0.0) - 1e-9 for i in range(len(ids))]
        z = _lp(M, lb, z_rows=set(free))
        newly = []
        for i in free:
            lb2 = [fixed.get(j, z) - 1e-9 for j in range(len(ids))]
            best = _lp(M, lb2, objective_row=i)
            if best <= z + 1e-7:
                newly.append(i)
        assert newly, "reference: no person could be fixed"
        for i in newly:
            fixed[i] = z
    return {ids[i]: fixed[i] for i in range(len(ids))}


# ---------------------------------------------------------------------------------------------
# instances
# ---------------------------------------------------------------------------------------------
def make_instance(rows, quotas, k, households=None):
    people = {f"p{i}": dict(r) for i, r in enumerate(rows)}
    hh = None
    if households is not None:
        hh = {f"p{i}": code for i, code in enumerate(households)}
    return Instance(people=people, quotas=[Quota(*q) for q in quotas], panel_size=k, households=hh)


HAND_MADE = {
    # The Nature paper's small example in miniature: one "female, conservative" volunteer.
    "lonely_conservative": make_instance(
        [{"g": "f", "l": "c"}] + [{"g": "f", "l": "l"}] * 4 + [{"g": "m", "l": "c"}] * 4 + [{"g": "m", "l": "l"}],
        [("g", "f", 2, 2), ("g", "m", 2, 2), ("l", "c", 2, 2), ("l", "l", 2, 2)],
        4,
    ),
    "three_features": make_instance(
        [
            {"a": "x", "b": "u", "c": "s"},
            {"a": "x", "b": "v", "c": "s"},
            {"a": "y", "b": "u", "c": "t"},
            {"a": "y", "b": "v", "c": "t"},
            {"a": "y", "b": "u", "c": "s"},
            {"a": "x", "b": "u", "c": "t"},
            {"a": "x", "b": "u", "c": "s"},
            {"a": "y", "b": "v", "c": "s"},
            {"a": "y", "b": "v", "c": "s"},
            {"a": "x", "b": "v", "c": "t"},
        ],
        [("a", "x", 2, 3), ("a", "y", 2, 3), ("b", "u", 1, 3), ("b", "v", 2, 4), ("c", "s", 2, 3), ("c", "t", 1, 2)],
        5,
    ),
    "many_levels": make_instance(
        [{"g": "a"}] * 1 + [{"g": "b"}] * 3 + [{"g": "c"}] * 6,
        [("g", "a", 0, 1), ("g", "b", 0, 1), ("g", "c", 1, 4)],
        4,
    ),
    "zero_probability": make_instance(
        [{"g": "a"}] * 2 + [{"g": "b"}] * 6,
        [("g", "a", 0, 0), ("g", "b", 3, 3)],
        3,
    ),
    # Three binary features: the LP relaxation's LEXIMIN is not reachable with real panels, so the
    # relaxation-guided fast path must fall back to the level-by-level method.
    "relaxation_gap": make_instance(
        [
            {"f0": "b", "f1": "b", "f2": "a"},
            {"f0": "a", "f1": "b", "f2": "b"},
            {"f0": "b", "f1": "a", "f2": "b"},
            {"f0": "b", "f1": "b", "f2": "a"},
            {"f0": "a", "f1": "b", "f2": "b"},
            {"f0": "a", "f1": "a", "f2": "a"},
            {"f0": "a", "f1": "b", "f2": "b"},
            {"f0": "b", "f1": "b", "f2": "b"},
            {"f0": "b", "f1": "a", "f2": "a"},
        ],
        [
            ("f0", "a", 2, 3),
            ("f0", "b", 3, 4),
            ("f1", "a", 1, 2),
            ("f1", "b", 3, 4),
            ("f2", "a", 2, 3),
            ("f2", "b", 2, 2),
        ],
        5,
    ),
    "households": make_instance(
        [{"g": "f"}] * 4 + [{"g": "m"}] * 5,
        [("g", "f", 2, 2), ("g", "m", 1, 2)],
        3,
        households=["h1", "h1", "h2", "", "h2", "h3", "h3", "", "h4"],
    ),
}


def assert_matches_reference(instance: Instance, algorithm="leximin"):
    ref = reference_leximin(instance)
    if ref is None:
        with pytest.raises(InfeasibleQuotas):
            select(instance, algorithm)
        return
    res = select(instance, algorithm)
    if algorithm == "leximin":
        for pid, p in ref.items():
            assert res.probabilities[pid] == pytest.approx(p, abs=TOL), (pid, res.probabilities, ref)
    else:
        assert res.min_probability == pytest.approx(min(ref.values()), abs=TOL)
    assert sum(res.probabilities.values()) == pytest.approx(instance.panel_size, abs=1e-6)


@pytest.mark.parametrize("name", sorted(HAND_MADE))
def test_leximin_matches_brute_force(name):
    assert_matches_reference(HAND_MADE[name])


@pytest.mark.parametrize("name", sorted(HAND_MADE))
def test_maximin_min_matches_brute_force(name):
    assert_matches_reference(HAND_MADE[name], "maximin")


@st.composite
def tiny_instances(draw):
    n_features = draw(st.integers(1, 3))
    values = {f"f{j}": [f"v{i}" for i in range(draw(st.integers(2, 3)))] for j in range(n_features)}
    pool = draw(st.integers(3, 11))
    rows = [{f: draw(st.sampled_from(vs)) for f, vs in values.items()} for _ in range(pool)]
    k = draw(st.integers(1, min(pool, 6)))
    # Quotas around an "anchor" panel, so that most generated instances are feasible.
    anchor = draw(st.permutations(range(pool)))[:k]
    quotas = []
    for f, vs in values.items():
        for v in vs:
            have = sum(1 for i in anchor if rows[i][f] == v)
            lo = max(0, have - draw(st.integers(0, 2)))
            hi = min(k, have + draw(st.integers(0, 2)))
            quotas.append((f, v, lo, hi))
    households = None
    if draw(st.booleans()):
        households = [draw(st.sampled_from(["", "", "h1", "h2", "h3"])) for _ in range(pool)]
    return make_instance(rows, quotas, k, households)


# Derandomized so that a CI run is repeatable; the instance below, found by a random run on
# 7 December 2026, shows an engine defect recorded for issue 17 (households: without the peel two people end at
# 0.80001 / 0.99999 where LEXIMIN gives both 0.9).
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(tiny_instances())
def test_leximin_random_tiny_instances(instance):
    assert_matches_reference(instance)


def households_case():
    v = ("v0", "v1", "v2")
    rows = [
        (0, 0, 0), (0, 1, 0), (2, 0, 0), (0, 0, 0), (0, 0, 0), (0, 0, 0),
        (0, 2, 1), (0, 2, 0), (1, 2, 0), (2, 0, 0), (0, 0, 1),
    ]  # fmt: skip
    instance = make_instance(
        [{"f0": v[a], "f1": v[b], "f2": v[c]} for a, b, c in rows],
        [
            ("f0", "v0", 3, 4),
            ("f0", "v1", 0, 1),
            ("f0", "v2", 1, 1),
            ("f1", "v0", 2, 2),
            ("f1", "v1", 1, 1),
            ("f1", "v2", 2, 2),
            ("f2", "v0", 4, 5),
            ("f2", "v1", 0, 1),
        ],  # fmt: skip
        5,
        ["h1", "", "", "", "h1", "h1", "h1", "", "", "", ""],
    )
    return instance


def test_leximin_households_case_found_by_hypothesis():
    # Exact since engine 1.8: the peel writes the relaxation's LEXIMIN as panels.
    assert_matches_reference(households_case())


@pytest.mark.xfail(strict=True, reason="engine defect with households in the column generation alone; issue 17")
def test_leximin_households_case_without_the_peel(monkeypatch):
    no_peel(monkeypatch)
    assert_matches_reference(households_case())


def test_fast_path_falls_back_when_relaxation_is_out_of_reach():
    tm = compile_instance(HAND_MADE["relaxation_gap"])
    assert find_lottery(tm).stats["fast_path"] is False
    assert find_lottery(compile_instance(HAND_MADE["three_features"])).stats["fast_path"] is True


@pytest.mark.parametrize("name", sorted(HAND_MADE))
def test_fast_path_and_level_by_level_agree(name):
    tm = compile_instance(HAND_MADE[name])
    fast = find_lottery(tm)
    slow = find_lottery(tm, fast_path=False)
    assert np.allclose(fast.type_probabilities, slow.type_probabilities, atol=TOL)
    for res in (fast, slow):
        assert res.probabilities.sum() == pytest.approx(1.0, abs=1e-9)
        assert all(panel_satisfies(tm, c) for c in res.panels)
