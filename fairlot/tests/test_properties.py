"""Property tests: valid panels, probabilities, symmetry, rounding, draw and verify."""

import numpy as np
import pytest
from fairlot import (
    ENGINE_VERSION,
    InfeasibleQuotas,
    Instance,
    Issue,
    Progress,
    Quota,
    SelectionError,
    draw,
    round_to_uniform,
    seed_to_index,
    select,
    verify,
)
from fairlot.model import people_panel_satisfies
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@st.composite
def small_instances(draw_):
    n_features = draw_(st.integers(1, 3))
    values = {f"f{j}": [f"v{i}" for i in range(draw_(st.integers(2, 3)))] for j in range(n_features)}
    pool = draw_(st.integers(4, 25))
    rows = [{f: draw_(st.sampled_from(vs)) for f, vs in values.items()} for _ in range(pool)]
    k = draw_(st.integers(1, min(pool, 10)))
    anchor = draw_(st.permutations(range(pool)))[:k]  # quotas around a real panel: mostly feasible
    quotas = []
    for f, vs in values.items():
        for v in vs:
            have = sum(1 for i in anchor if rows[i][f] == v)
            lo = max(0, have - draw_(st.integers(0, 2)))
            hi = min(k, have + draw_(st.integers(0, 3)))
            quotas.append(Quota(f, v, lo, hi))
    households = None
    if draw_(st.integers(0, 3)) == 0:
        households = {f"p{i}": draw_(st.sampled_from(["", "", "", "h1", "h2"])) for i in range(pool)}
    people = {f"p{i}": r for i, r in enumerate(rows)}
    return Instance(people=people, quotas=quotas, panel_size=k, households=households)


def profile(instance, pid):
    return tuple(instance.people[pid][q.feature] for q in instance.quotas)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    small_instances(), st.sampled_from(["leximin", "maximin"]), st.integers(0, 10**6), st.text(min_size=1, max_size=12)
)
def test_lottery_properties(instance, algorithm, seed, draw_seed):
    try:
        res = select(instance, algorithm, seed=seed)
    except InfeasibleQuotas as exc:
        assert exc.issues and all(isinstance(i, Issue) and str(i) for i in exc.issues)
        return
    k = instance.panel_size
    assert res.engine_version == ENGINE_VERSION and res.algorithm == algorithm
    # probabilities sum to the panel size and lie in [0, 1]
    assert sum(res.probabilities.values()) == pytest.approx(k, abs=1e-6)
    assert all(-1e-9 <= p <= 1 + 1e-9 for p in res.probabilities.values())
    assert res.panel_probabilities.sum() == pytest.approx(1.0, abs=1e-9)
    # every panel in the lottery is valid
    for _, panel in res.lottery(seed=seed):
        assert people_panel_satisfies(instance, panel)
    # interchangeable volunteers (same values, no household code) get the same probability
    if algorithm == "leximin":
        groups = {}
        for pid in instance.people:
            if instance.households and instance.households.get(pid):
                continue
            groups.setdefault(profile(instance, pid), []).append(res.probabilities[pid])
        for probs in groups.values():
            assert max(probs) - min(probs) <= 1e-9
    # rounding: m valid panels; marginals within the documented bound
    m = 50
    uni = round_to_uniform(res, m=m, seed=seed)
    assert uni.m == m
    assert all(people_panel_satisfies(instance, p) for p in uni.panels)
    assert uni.max_deviation <= uni.bound + 1e-9
    # per type the rounded marginal deviates at most max_deviation; within a type the
    # round-robin expansion adds at most 1/m per person
    for pid in instance.people:
        assert abs(uni.marginals[pid] - res.probabilities[pid]) <= uni.max_deviation + 1.0 / m + 1e-9
    # draw: reproducible and verifiable
    data = uni.published()
    p1 = draw(data, draw_seed)
    assert p1 == draw(data, draw_seed) == verify(data, draw_seed)
    assert people_panel_satisfies(instance, p1)
    # the expansion is deterministic given the seed
    again = round_to_uniform(res, m=m, seed=seed)
    assert again.panels == uni.panels


def test_seed_to_index_is_documented_sha256():
    import hashlib

    assert seed_to_index(12345, 1000) == int(hashlib.sha256(b"12345").hexdigest(), 16) % 1000
    assert seed_to_index("  Lotto 1-2-3 ", 7) == int(hashlib.sha256(b"Lotto 1-2-3").hexdigest(), 16) % 7


def test_verify_detects_tampering():
    inst = Instance(
        people={f"p{i}": {"g": "a" if i % 2 else "b"} for i in range(10)},
        quotas=[Quota("g", "a", 2, 3), Quota("g", "b", 2, 3)],
        panel_size=5,
    )
    uni = round_to_uniform(select(inst), m=20, seed=3)
    data = uni.published()
    panel = verify(data, "seed")
    tampered = dict(data, panels=[list(p) for p in data["panels"]])
    tampered["panels"][seed_to_index("seed", 20)] = ["p0", "p1", "p2", "p3", "p4"]
    with pytest.raises(SelectionError) as exc:
        verify(tampered, "seed")
    assert exc.value.issues == [Issue("draw.fingerprint_differs")]
    assert panel == verify(data, "seed")


def test_uniform_rounding_on_known_lottery_is_exact():
    # nature-style: 4 types, 10% each: the uniform lottery over 1000 panels is exact.
    people = {}
    for i in range(40):
        people[f"p{i}"] = {"g": "f" if i < 20 else "m", "l": "c" if i % 2 else "l"}
    inst = Instance(
        people, [Quota("g", "f", 2, 2), Quota("g", "m", 2, 2), Quota("l", "c", 2, 2), Quota("l", "l", 2, 2)], 4
    )
    res = select(inst)
    assert res.min_probability == pytest.approx(0.1, abs=1e-9)
    uni = round_to_uniform(res, m=1000, seed="x")
    assert all(v == pytest.approx(0.1, abs=1e-3 + 1e-9) for v in uni.marginals.values())


def test_progress_callback_codes_and_monotone():
    people = {f"p{i}": {"g": "abc"[i % 3], "h": "xy"[i % 2]} for i in range(30)}
    inst = Instance(people, [Quota("g", v, 1, 3) for v in "abc"] + [Quota("h", v, 2, 4) for v in "xy"], 6)
    seen = []
    select(inst, progress=lambda f, text: seen.append((f, text)))
    assert seen[0] == (0.0, Progress("progress.checking")) and seen[-1] == (1.0, Progress("progress.done"))
    fractions = [f for f, _ in seen]
    assert all(0.0 <= f <= 1.0 for f in fractions)
    assert fractions == sorted(fractions)
    assert all(isinstance(t, Progress) and str(t) for _, t in seen)


def test_replacement_round_keeps_seated_members():
    people = {f"p{i}": {"g": "f" if i < 10 else "m"} for i in range(20)}
    inst = Instance(people, [Quota("g", "f", 3, 3), Quota("g", "m", 3, 3)], 6)
    res = select(inst, seated=["p0", "p11"])
    assert res.probabilities["p0"] == 1.0 and res.probabilities["p11"] == 1.0
    for pid in [f"p{i}" for i in range(1, 10)]:
        assert res.probabilities[pid] == pytest.approx(2 / 9)
    assert sum(res.probabilities.values()) == pytest.approx(6)
    for _, panel in res.lottery():
        assert "p0" in panel and "p11" in panel and people_panel_satisfies(inst, panel)
    uni = round_to_uniform(res, m=30, seed=1)
    assert all("p0" in p and people_panel_satisfies(inst, p) for p in uni.panels)


def test_replacement_over_maximum_is_reported():
    people = {f"p{i}": {"g": "f" if i < 10 else "m"} for i in range(20)}
    inst = Instance(people, [Quota("g", "f", 1, 1), Quota("g", "m", 3, 5)], 6)
    with pytest.raises(InfeasibleQuotas) as exc:
        select(inst, seated=["p0", "p1"])
    assert exc.value.issues[0] == Issue("infeasible.seated_above_maximum", feature="g", value="f", seated=2, max=1)
    assert "maximum is 1" in exc.value.messages[0]


def test_legacy_runs_and_is_worse_for_the_lonely_volunteer():
    people = {"p0": {"g": "f", "l": "c"}}
    for i in range(1, 20):
        people[f"p{i}"] = {"g": "f", "l": "l"}
    for i in range(20, 39):
        people[f"p{i}"] = {"g": "m", "l": "c"}
    people["p39"] = {"g": "m", "l": "l"}
    inst = Instance(
        people, [Quota("g", "f", 2, 2), Quota("g", "m", 2, 2), Quota("l", "c", 2, 2), Quota("l", "l", 2, 2)], 4
    )
    leg = select(inst, "legacy", legacy_draws=300, seed=1)
    lex = select(inst, "leximin")
    assert sum(leg.probabilities.values()) == pytest.approx(4)
    assert lex.min_probability >= leg.min_probability - 1e-9
    for _, panel in leg.lottery():
        assert people_panel_satisfies(inst, panel)
    np.testing.assert_allclose(sum(leg.panel_probabilities), 1.0)


def _maximin_by_enumeration(instance) -> float:
    """The maximin value computed independently of the engine: every panel of type counts is
    enumerated and one LP over all of them is solved (max z: every type's probability >= z)."""
    import highspy

    features = list(dict.fromkeys(q.feature for q in instance.quotas))
    sizes: dict[tuple, int] = {}
    for vals in instance.people.values():
        key = tuple(vals[f] for f in features)
        sizes[key] = sizes.get(key, 0) + 1
    types = list(sizes)
    k = instance.panel_size
    panels = []

    def extend(prefix: list[int], left: int) -> None:
        t = len(prefix)
        if t == len(types):
            if left == 0:
                panels.append(list(prefix))
            return
        for c in range(min(left, sizes[types[t]]) + 1):
            extend([*prefix, c], left - c)

    extend([], k)
    valid = []
    for c in panels:
        if all(
            q.min
            <= sum(ci for ci, ty in zip(c, types, strict=True) if ty[features.index(q.feature)] == q.value)
            <= q.max
            for q in instance.quotas
        ):
            valid.append(c)
    assert valid
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    num = len(valid)
    # columns: lambda_P (num), z; rows: sum_P lambda_P c_Pt / n_t - z >= 0 per type, sum lambda = 1
    inf = highspy.kHighsInf
    for _ in range(num):
        h.addVar(0.0, 1.0)
    h.addVar(-inf, inf)
    h.changeColCost(num, 1.0)
    for t, ty in enumerate(types):
        idx = [i for i, c in enumerate(valid) if c[t] > 0]
        h.addRow(
            0.0,
            inf,
            len(idx) + 1,
            np.array([*idx, num], dtype=np.int32),
            np.array([valid[i][t] / sizes[ty] for i in idx] + [-1.0]),
        )
    h.addRow(1.0, 1.0, num, np.arange(num, dtype=np.int32), np.ones(num))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return float(h.getInfo().objective_function_value)


@st.composite
def mid_size_instances(draw_):
    shape = draw_(st.sampled_from([(3, 3), (2, 2, 3), (2, 3), (4, 2)]))
    values = {f"f{j}": [f"v{i}" for i in range(nv)] for j, nv in enumerate(shape)}
    pool = draw_(st.integers(40, 120))
    weights = {f: [draw_(st.integers(1, 6)) for _ in vs] for f, vs in values.items()}
    rng = np.random.default_rng(draw_(st.integers(0, 10**6)))
    rows = [
        {f: vs[int(rng.choice(len(vs), p=np.array(weights[f]) / sum(weights[f])))] for f, vs in values.items()}
        for _ in range(pool)
    ]
    k = draw_(st.integers(4, 7))
    quotas = []
    for f, vs in values.items():
        for v in vs:
            share = sum(1 for r in rows if r[f] == v) / pool
            target = round(share * k)
            quotas.append(
                Quota(f, v, max(0, target - draw_(st.integers(0, 1))), min(k, target + draw_(st.integers(0, 2))))
            )
    return Instance(people={f"p{i}": r for i, r in enumerate(rows)}, quotas=quotas, panel_size=k)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mid_size_instances(), st.sampled_from([0.0, 0.0005, 0.05]))
def test_smallest_probability_never_below_an_independent_maximin(instance, tolerance):
    """Whatever the tolerance, the smallest probability is the exact maximin value (level 1 gets
    no tolerance), checked against an LP over every panel."""
    try:
        res = select(instance, "leximin", tolerance=tolerance, exact_seconds=0)
    except InfeasibleQuotas:
        return
    assert res.min_probability >= _maximin_by_enumeration(instance) - 1e-7
