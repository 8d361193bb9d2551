"""Known facts about the shared reference instances (skipped when the data is absent)."""

import pytest
from fairlot import InfeasibleQuotas, Issue, round_to_uniform, select, verify
from fairlot.io import load_instance
from fairlot.model import people_panel_satisfies


def test_tight_instance_is_infeasible_and_says_why(sortition_data):
    inst = load_instance(sortition_data / "sa_generated_500_tight")
    with pytest.raises(InfeasibleQuotas) as exc:
        select(inst)
    issues = exc.value.issues
    assert Issue("infeasible.minimums_above_seats", feature="Gender", total=76, seats=75) in issues
    assert Issue("infeasible.minimums_above_seats", feature="age_bracket", total=76, seats=75) in issues
    rel = exc.value.relaxations
    assert len(rel) == 2 and all(r.bound == "min" and r.old - r.new == 1 for r in rel)
    assert {r.feature for r in rel} == {"Gender", "age_bracket"}


@pytest.mark.parametrize("algorithm", ["leximin", "maximin"])
def test_nature_small_everyone_ten_percent(sortition_data, algorithm):
    inst = load_instance(sortition_data / "nature_example_small_20")
    res = select(inst, algorithm)
    assert res.min_probability == pytest.approx(0.1, abs=1e-6)
    if algorithm == "leximin":
        assert max(res.probabilities.values()) == pytest.approx(0.1, abs=1e-6)


@pytest.mark.parametrize("algorithm", ["leximin", "maximin"])
def test_sa_base_150_minimum_is_one_eleventh(sortition_data, algorithm):
    inst = load_instance(sortition_data / "sa_base_150")
    res = select(inst, algorithm)
    assert res.min_probability == pytest.approx(1 / 11, abs=1e-6)
    assert sum(res.probabilities.values()) == pytest.approx(inst.panel_size, abs=1e-6)
    for _, panel in res.lottery():
        assert people_panel_satisfies(inst, panel)
    if algorithm == "leximin":
        assert res.settled_seconds is not None and res.settled_seconds <= res.timings["total"]
        uni = round_to_uniform(res, m=1000, seed=2024, time_limit=2.0)
        assert uni.max_deviation <= uni.bound
        assert people_panel_satisfies(inst, verify(uni.published(), "Staatsloterij 2025"))


@pytest.mark.slow
def test_sa_generated_500_leximin(sortition_data):
    inst = load_instance(sortition_data / "sa_generated_500")
    res = select(inst)
    assert res.min_probability == pytest.approx(0.15, abs=1e-6)
    assert sum(res.probabilities.values()) == pytest.approx(75, abs=1e-6)
