"""Feasibility check with plain explanations and the smallest quota relaxation.

``check_feasible`` raises :class:`InfeasibleQuotas` when no valid panel exists. Its ``issues``
explain why (simple counting arguments first, e.g. minimums adding up to more than the panel
size) and end with a proposal; ``relaxations`` holds the structured proposal: the smallest total
change of quota bounds (minimums lowered, maximums raised) that makes a panel possible, found
with a MIP with slack variables on every minimum and maximum.
"""

from __future__ import annotations

import highspy
import numpy as np

from .errors import InfeasibleQuotas, Relaxation, SolverError
from .messages import Issue
from .model import TypeModel
from .oracle import INF, PanelOracle, add_empty_cols, add_rows_dense, new_highs


def simple_diagnosis(tm: TypeModel) -> list[Issue]:
    """Counting arguments that each prove infeasibility."""
    issues: list[Issue] = []
    labels = tm.labels
    pool = len(tm.person_ids)
    k = tm.k
    if pool < k:
        issues.append(Issue("infeasible.pool_too_small", volunteers=pool, seats=k))
        return issues
    if tm.households:
        in_household = {t for hh in tm.households for t in hh}
        units = len(tm.households) + int(sum(tm.n[t] for t in range(tm.num_types) if t not in in_household))
        if units < k:
            issues.append(Issue("infeasible.too_few_households", households=units, seats=k))
    available = tm.A.astype(np.int64) @ tm.n
    for v, (f, val) in enumerate(tm.values):
        lo, hi = int(tm.qmin[v]), int(tm.qmax[v])
        if lo > hi:
            issues.append(Issue("infeasible.min_above_max", labels.shown(f, val), min=lo, max=hi))
        if lo > available[v]:
            issues.append(
                Issue("infeasible.min_above_volunteers", labels.shown(f, val), min=lo, volunteers=int(available[v]))
            )
    for fi, f in enumerate(tm.features):
        rows = [v for v in range(len(tm.values)) if tm.feature_of_row[v] == fi]
        sum_min = int(sum(tm.qmin[v] for v in rows))
        sum_max = int(sum(tm.qmax[v] for v in rows))
        sum_cap = int(sum(min(tm.qmax[v], available[v]) for v in rows))
        feature = labels.feature(f)
        if sum_min > k:
            issues.append(Issue("infeasible.minimums_above_seats", feature=feature, total=sum_min, seats=k))
        if sum_max < k:
            issues.append(Issue("infeasible.maximums_below_seats", feature=feature, total=sum_max, seats=k))
        elif sum_cap < k:
            issues.append(Issue("infeasible.fillable_below_seats", feature=feature, total=sum_cap, seats=k))
    return issues


def minimal_relaxation(tm: TypeModel, *, time_limit: float = 60.0) -> list[Relaxation] | None:
    """Smallest total quota change (sum of lowered minimums and raised maximums) that allows a panel.

    Returns None if no quota change helps (too few volunteers or households)."""
    T = tm.num_types
    V = len(tm.values)
    h = new_highs()
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 0.0)
    # columns: c_t (T), s_lo (V), s_hi (V)
    cost = np.concatenate([np.zeros(T), np.ones(V), np.ones(V)])
    lower = np.zeros(T + 2 * V)
    upper = np.concatenate([tm.n.astype(np.float64), tm.qmin.astype(np.float64), np.full(V, float(tm.k))])
    add_empty_cols(h, cost, lower, upper)
    h.changeColsIntegrality(
        T + 2 * V, np.arange(T + 2 * V, dtype=np.int32), np.full(T + 2 * V, highspy.HighsVarType.kInteger)
    )
    rows, lo, up = [], [], []
    for v in range(V):
        ind = np.nonzero(tm.A[v])[0]
        # sum c + s_lo >= qmin
        rows.append((np.concatenate([ind, [T + v]]), np.ones(len(ind) + 1)))
        lo.append(float(tm.qmin[v]))
        up.append(INF)
        # sum c - s_hi <= qmax
        rows.append((np.concatenate([ind, [T + V + v]]), np.concatenate([np.ones(len(ind)), [-1.0]])))
        lo.append(-INF)
        up.append(float(tm.qmax[v]))
    rows.append((np.arange(T), np.ones(T)))
    lo.append(float(tm.k))
    up.append(float(tm.k))
    for hh in tm.households:
        rows.append((np.array(hh), np.ones(len(hh))))
        lo.append(-INF)
        up.append(1.0)
    add_rows_dense(h, lo, up, rows)
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return None
    sol = h.getSolution()
    if not sol.value_valid:
        raise SolverError([Issue("solver.no_relaxation")])
    x = np.rint(np.array(sol.col_value))
    out: list[Relaxation] = []
    for v, (f, val) in enumerate(tm.values):
        s_lo = int(x[T + v])
        s_hi = int(x[T + V + v])
        if s_lo > 0:
            out.append(tm.labels.relaxation(f, val, "min", int(tm.qmin[v]), int(tm.qmin[v]) - s_lo))
        if s_hi > 0:
            out.append(tm.labels.relaxation(f, val, "max", int(tm.qmax[v]), int(tm.qmax[v]) + s_hi))
    return out


def check_feasible(tm: TypeModel) -> None:
    """Raise InfeasibleQuotas (the reasons + the minimal relaxation) if no valid panel exists.

    The issues: ``infeasible.no_panel`` and the counting arguments, or ``infeasible.quotas_conflict``
    alone; then ``infeasible.proposal``, ``infeasible.no_quota_change_helps`` or
    ``infeasible.find_more_volunteers``."""
    issues = simple_diagnosis(tm)
    if not issues:
        oracle = PanelOracle(tm)
        res = oracle.solve(np.zeros(tm.num_types))
        if res.panels:
            return
        issues = [Issue("infeasible.quotas_conflict")]
    else:
        issues.insert(0, Issue("infeasible.no_panel"))
    enough = len(tm.person_ids) >= tm.k
    relax = minimal_relaxation(tm) if enough else None
    if relax:
        issues.append(Issue("infeasible.proposal", changes=tuple(relax)))
    elif relax is None and enough:
        issues.append(Issue("infeasible.no_quota_change_helps"))
    elif not enough:
        issues.append(Issue("infeasible.find_more_volunteers"))
    raise InfeasibleQuotas(issues, relax or [])
