"""Infeasible quotas: Dutch explanations and a minimal relaxation that works."""

import pytest
from fairlot import InfeasibleQuotas, Instance, InvalidInstance, Quota, select


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
    msgs = exc.value.messages
    assert "De minimums voor 'geslacht' tellen op tot 7 plaatsen, maar het panel heeft er 6." in msgs
    assert sum(r.old - r.new for r in exc.value.relaxations) == 1
    assert exc.value.relaxations[0].bound == "min"
    assert msgs[-1].startswith("Voorstel: verlaag het minimum voor geslacht=")
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
        "Voor 'leeftijd = 16-24' zijn minimaal 6 plaatsen nodig, maar er zijn maar 5 aanmelders met die waarde."
        in exc.value.messages
    )
    (r,) = exc.value.relaxations
    assert (r.feature, r.value, r.bound, r.old, r.new) == ("leeftijd", "16-24", "min", 6, 5)
    assert r.message == "verlaag het minimum voor leeftijd=16-24 van 6 naar 5"
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
    assert "De maximums voor 'geslacht' tellen op tot 4 plaatsen, maar het panel heeft er 6." in exc.value.messages
    assert sum(r.new - r.old for r in exc.value.relaxations) == 2
    assert all(r.bound == "max" and r.message.startswith("verhoog het maximum") for r in exc.value.relaxations)
    select(apply(inst, exc.value.relaxations))


def test_conflict_between_features_only():
    # Every quota is fine on its own, but women are all 16-24 and 16-24 may have at most 1 seat.
    people = {f"p{i}": {"g": "v" if i < 5 else "m", "a": "jong" if i < 5 else "oud"} for i in range(10)}
    inst = Instance(
        people, [Quota("g", "v", 2, 3), Quota("g", "m", 1, 3), Quota("a", "jong", 0, 1), Quota("a", "oud", 0, 4)], 4
    )
    with pytest.raises(InfeasibleQuotas) as exc:
        select(inst)
    assert "zitten elkaar in de weg" in exc.value.messages[0]
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
    assert "Er zijn maar 4 aanmelders, maar het panel heeft 6 plaatsen." in " ".join(exc.value.messages)
    assert exc.value.relaxations == []


def test_too_few_households():
    people = {f"p{i}": {"g": "x"} for i in range(6)}
    inst = Instance(people, [Quota("g", "x", 0, 6)], 3, households={f"p{i}": f"h{i % 2}" for i in range(6)})
    with pytest.raises(InfeasibleQuotas) as exc:
        select(inst)
    assert any("huishoud" in m for m in exc.value.messages)


def test_unknown_value_is_invalid_input():
    people = {"p0": {"g": "x"}, "p1": {"g": "y"}}
    with pytest.raises(InvalidInstance) as exc:
        select(Instance(people, [Quota("g", "x", 0, 2)], 1))
    assert "geen quotum" in exc.value.messages[0]
