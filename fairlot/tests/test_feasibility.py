"""Infeasible quotas: the reasons as codes with parameters, and a minimal relaxation that works.
(The Dutch texts of these cases are checked where they are translated: tests/panels/test_engine_text.py.)"""

import pytest
from fairlot import InfeasibleQuotas, Instance, InvalidInstance, Issue, Quota, select


def apply(instance: Instance, relaxations) -> Instance:
    quotas = []
    for q in instance.quotas:
        lo, hi = q.min, q.max
        for r in relaxations:
            if (r.feature, r.value) == (q.feature, q.value):
                if r.bound == "min":
                    lo = r.new
                else:
                    hi = r.new
        quotas.append(Quota(q.feature, q.value, lo, hi))
    return Instance(instance.people, quotas, instance.panel_size, instance.households)


def pool(n_f=10, n_m=10):
    people = {}
    for i in range(n_f + n_m):
        people[f"p{i}"] = {"geslacht": "vrouw" if i < n_f else "man", "leeftijd": "16-24" if i % 4 == 0 else "25+"}
    return people


def test_minimums_add_up_to_more_than_panel():
    inst = Instance(
        pool(),
        [
            Quota("geslacht", "vrouw", 4, 5),
            Quota("geslacht", "man", 3, 5),
            Quota("leeftijd", "16-24", 0, 6),
            Quota("leeftijd", "25+", 0, 6),
        ],
        6,
    )
    with pytest.raises(InfeasibleQuotas) as exc:
        select(inst)
    issues = exc.value.issues
    assert issues[0] == Issue("infeasible.no_panel")
    assert Issue("infeasible.minimums_above_seats", feature="geslacht", total=7, seats=6) in issues
    assert str(issues[1]) == "The minimums for 'geslacht' add up to 7 seats, but the panel has 6."
    assert sum(r.old - r.new for r in exc.value.relaxations) == 1
    assert exc.value.relaxations[0].bound == "min"
    assert issues[-1] == Issue("infeasible.proposal", changes=tuple(exc.value.relaxations))
    assert exc.value.messages[-1].startswith("Proposal: lower the minimum for geslacht=")
    assert exc.value.suggestion == exc.value.messages[-1]
    select(apply(inst, exc.value.relaxations))  # feasible now


def test_not_enough_volunteers_with_a_value():
    inst = Instance(
        pool(),
        [
            Quota("geslacht", "vrouw", 0, 6),
            Quota("geslacht", "man", 0, 6),
            Quota("leeftijd", "16-24", 6, 6),
            Quota("leeftijd", "25+", 0, 6),
        ],
        6,
    )
    with pytest.raises(InfeasibleQuotas) as exc:
        select(inst)
    assert (
        Issue("infeasible.min_above_volunteers", feature="leeftijd", value="16-24", min=6, volunteers=5)
        in exc.value.issues
    )
    (r,) = exc.value.relaxations
    assert (r.feature, r.value, r.bound, r.old, r.new) == ("leeftijd", "16-24", "min", 6, 5)
    assert r.code == "relaxation.lower_min"
    assert r.params == {"feature": "leeftijd", "value": "16-24", "old": 6, "new": 5}
    assert r.message == "lower the minimum for leeftijd=16-24 from 6 to 5"
    select(apply(inst, exc.value.relaxations))


def test_maximums_too_small():
    inst = Instance(
        pool(),
        [
            Quota("geslacht", "vrouw", 0, 2),
            Quota("geslacht", "man", 0, 2),
            Quota("leeftijd", "16-24", 0, 6),
            Quota("leeftijd", "25+", 0, 6),
        ],
        6,
    )
    with pytest.raises(InfeasibleQuotas) as exc:
        select(inst)
    assert Issue("infeasible.maximums_below_seats", feature="geslacht", total=4, seats=6) in exc.value.issues
    assert sum(r.new - r.old for r in exc.value.relaxations) == 2
    assert all(r.bound == "max" and r.code == "relaxation.raise_max" for r in exc.value.relaxations)
    assert all(r.message.startswith("raise the maximum") for r in exc.value.relaxations)
    select(apply(inst, exc.value.relaxations))


def test_conflict_between_features_only():
    # Every quota is fine on its own, but women are all 16-24 and 16-24 may have at most 1 seat.
    people = {f"p{i}": {"g": "v" if i < 5 else "m", "a": "jong" if i < 5 else "oud"} for i in range(10)}
    inst = Instance(
        people, [Quota("g", "v", 2, 3), Quota("g", "m", 1, 3), Quota("a", "jong", 0, 1), Quota("a", "oud", 0, 4)], 4
    )
    with pytest.raises(InfeasibleQuotas) as exc:
        select(inst)
    assert exc.value.issues[0] == Issue("infeasible.quotas_conflict")
    assert sum(abs(r.new - r.old) for r in exc.value.relaxations) == 1
    select(apply(inst, exc.value.relaxations))


def test_pool_smaller_than_panel():
    inst = Instance(
        pool(2, 2),
        [
            Quota("geslacht", "vrouw", 0, 6),
            Quota("geslacht", "man", 0, 6),
            Quota("leeftijd", "16-24", 0, 6),
            Quota("leeftijd", "25+", 0, 6),
        ],
        6,
    )
    with pytest.raises(InfeasibleQuotas) as exc:
        select(inst)
    assert exc.value.codes == ["infeasible.no_panel", "infeasible.pool_too_small", "infeasible.find_more_volunteers"]
    assert exc.value.issues[1].params == {"volunteers": 4, "seats": 6}
    assert exc.value.relaxations == []


def test_too_few_households():
    people = {f"p{i}": {"g": "x"} for i in range(6)}
    inst = Instance(people, [Quota("g", "x", 0, 6)], 3, households={f"p{i}": f"h{i % 2}" for i in range(6)})
    with pytest.raises(InfeasibleQuotas) as exc:
        select(inst)
    assert Issue("infeasible.too_few_households", households=2, seats=3) in exc.value.issues


def test_unknown_value_is_invalid_input():
    people = {"p0": {"g": "x"}, "p1": {"g": "y"}}
    with pytest.raises(InvalidInstance) as exc:
        select(Instance(people, [Quota("g", "x", 0, 2)], 1))
    (issue,) = exc.value.issues
    assert issue == Issue("input.value_without_quota", feature="g", value="y", count=1, people="p1")
    assert "no quota" in str(issue)
