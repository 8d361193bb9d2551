"""Rounding a lottery to a uniform lottery over m panels (Flanigan, Kehne, Procaccia, "Fair
Sortition Made Transparent", NeurIPS 2021), and expansion of type counts to persons.

Rounding. Given lam_P over panels, we want integers x_P >= 0 with sum x_P = m, so that panel P is
listed x_P times among m equally likely panels and every type's marginal changes little. Each x_P
is floor(m lam_P) or ceil(m lam_P); which ones are rounded up is chosen by an ILP minimising the
largest marginal deviation max_t |sum_P (x_P/m - lam_P) c_{Pt}/n_t| (HiGHS, with a time cap),
started from a seeded dependent (Srinivasan) rounding, which is also the fallback.

Documented bound: every panel count moves by less than one, so for every type t
    |pi'_t - pi_t| <= (1/m) * sum_{P fractional} |x_P - m lam_P| * c_{Pt}/n_t
                   <  (number of fractional panels containing t) / m,
and the ILP result is never worse than the dependent rounding it starts from. The achieved
maximum deviation is reported (``UniformLottery.max_deviation``), next to this bound.

Expansion. Type counts become persons deterministically from the seed and the person order:
the members of each type are put in a seeded order (SHA-256 of "seed:position in person order",
no Python ``random``), and the seats of the type over the m panels (in panel order) are filled
round-robin in that order. So members of a type get floor or ceil of (seats of the type)/n_t
appearances: fair within the type, and the same input + seed always gives the same panels.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

import highspy
import numpy as np

from .model import TypeModel
from .oracle import INF, add_empty_cols, add_rows_dense, new_highs


@dataclass
class RoundingResult:
    counts: np.ndarray  # x_P, sum m
    max_deviation: float  # achieved max_t |pi'_t - pi_t|
    bound: float  # documented bound (see module docstring), max over types
    method: str  # "ilp" or "dependent"
    seconds: float


def _hash_int(*parts: object) -> int:
    h = hashlib.sha256(":".join(str(p) for p in parts).encode("utf-8")).digest()
    return int.from_bytes(h, "big")


def _hash_unit(*parts: object) -> float:
    return (_hash_int(*parts) >> 203) / float(1 << 53)


def dependent_rounding(values: np.ndarray, seed: object) -> np.ndarray:
    """Srinivasan's dependent rounding of a vector with integral sum: every entry becomes its floor
    or ceil, the sum is kept, and E[result] = values. Deterministic given ``seed``."""
    x = np.asarray(values, dtype=np.float64).copy()
    base = np.floor(x + 1e-12)
    frac = x - base
    frac[np.abs(frac) < 1e-12] = 0.0
    idx = [i for i in range(len(x)) if 0.0 < frac[i] < 1.0]
    step = 0
    while len(idx) >= 2:
        i, j = idx[0], idx[1]
        a, b = frac[i], frac[j]
        up = min(1.0 - a, b)  # move mass to i
        down = min(a, 1.0 - b)  # move mass to j
        u = _hash_unit(seed, "dep", step)
        step += 1
        if u < down / (up + down):
            a, b = a + up, b - up
        else:
            a, b = a - down, b + down
        frac[i], frac[j] = a, b
        idx = [k for k in idx if 1e-9 < frac[k] < 1.0 - 1e-9]
    frac = np.rint(frac)
    return (base + frac).astype(np.int64)


def round_lottery(
    panels: np.ndarray,
    lam: np.ndarray,
    n: np.ndarray,
    m: int,
    *,
    seed: object = 0,
    time_limit: float = 5.0,
) -> RoundingResult:
    t0 = time.perf_counter()
    panels = np.asarray(panels, dtype=np.int64)
    lam = np.asarray(lam, dtype=np.float64)
    lam = lam / lam.sum()
    a = panels / n[None, :].astype(np.float64)  # (P, T)
    target = lam @ a
    ml = lam * m
    base = np.floor(ml + 1e-9)
    frac = ml - base
    frac[frac < 1e-9] = 0.0
    F = np.flatnonzero(frac > 0)
    r = int(round(m - base.sum()))

    def deviation(x: np.ndarray) -> float:
        return float(np.max(np.abs((x / m) @ a - target)))

    dep = dependent_rounding(ml, seed)
    best = dep
    method = "dependent"
    bound_t = (np.maximum(frac, 1 - frac) * (frac > 0)) @ a / m
    if len(F) > 0 and 0 < r < len(F):
        # ILP over u_f in {0,1} (round up fractional panel f), sum u = r, minimise d with
        # -d <= sum_f (u_f - frac_f) a_{ft} / m + (base part deviation) <= d for all types.
        a.shape[1]
        base_dev = (base @ a) / m - target  # deviation if nothing rounded up
        aF = a[F] / m  # (|F|, T)
        h = new_highs()
        h.setOptionValue("time_limit", float(time_limit))
        h.setOptionValue("mip_rel_gap", 1e-3)
        nF = len(F)
        add_empty_cols(h, np.concatenate([np.zeros(nF), [1.0]]), np.zeros(nF + 1), np.concatenate([np.ones(nF), [INF]]))
        h.changeColsIntegrality(nF, np.arange(nF, dtype=np.int32), np.full(nF, highspy.HighsVarType.kInteger))
        rows, lo, up = [], [], []
        touched = np.flatnonzero(np.any(aF > 0, axis=0))
        for t in touched:
            nz = np.flatnonzero(aF[:, t])
            ind = np.concatenate([nz, [nF]])
            # sum aF u - d <= -base_dev ;  sum aF u + d >= -base_dev
            rows.append((ind, np.concatenate([aF[nz, t], [-1.0]])))
            lo.append(-INF)
            up.append(-base_dev[t])
            rows.append((ind, np.concatenate([aF[nz, t], [1.0]])))
            lo.append(-base_dev[t])
            up.append(INF)
        rows.append((np.arange(nF), np.ones(nF)))
        lo.append(float(r))
        up.append(float(r))
        add_rows_dense(h, lo, up, rows)
        # MIP start: the dependent rounding.
        start = np.concatenate([(dep[F] - base[F]).astype(np.float64), [deviation(dep)]])
        sol = highspy.HighsSolution()
        sol.col_value = list(start)
        sol.value_valid = True
        try:
            h.setSolution(sol)
        except Exception:  # pragma: no cover - the start is only a hint
            pass
        h.run()
        s = h.getSolution()
        if s.value_valid:
            u = np.rint(np.array(s.col_value[:nF]))
            x = base.copy()
            x[F] += u
            if int(x.sum()) == m and np.all(x >= 0) and deviation(x) <= deviation(best) + 1e-12:
                best = x.astype(np.int64)
                method = "ilp"
    best = best.astype(np.int64)
    return RoundingResult(
        counts=best,
        max_deviation=deviation(best),
        bound=float(np.max(bound_t)) if len(bound_t) else 0.0,
        method=method,
        seconds=time.perf_counter() - t0,
    )


def member_order(tm: TypeModel, seed: object) -> list[list[str]]:
    """Members of every type in a seeded order (SHA-256 of seed and person position)."""
    pos = {pid: i for i, pid in enumerate(tm.person_ids)}
    return [sorted(members, key=lambda pid: _hash_int(seed, "member", pos[pid])) for members in tm.members]


def expand_uniform(tm: TypeModel, panel_list: list[np.ndarray], seed: object) -> list[list[str]]:
    """Expand a list of type-count panels to person ids, round-robin per type (see module doc).
    Each returned panel lists its person ids in the person order."""
    order = member_order(tm, seed)
    cursor = np.zeros(tm.num_types, dtype=np.int64)
    pos = {pid: i for i, pid in enumerate(tm.person_ids)}
    out: list[list[str]] = []
    for c in panel_list:
        ids: list[str] = []
        for t in np.flatnonzero(c):
            mem = order[t]
            nt = len(mem)
            start = int(cursor[t])
            for j in range(int(c[t])):
                ids.append(mem[(start + j) % nt])
            cursor[t] = (start + int(c[t])) % nt
        ids.sort(key=pos.__getitem__)
        out.append(ids)
    return out


def expand_one(tm: TypeModel, counts: np.ndarray, seed: object, label: object = 0) -> list[str]:
    """Expand one type-count panel: per type the first c_t members in a seeded order that depends on
    (seed, label), so each member of a type is equally likely over seeds."""
    pos = {pid: i for i, pid in enumerate(tm.person_ids)}
    ids: list[str] = []
    for t in np.flatnonzero(counts):
        mem = sorted(tm.members[t], key=lambda pid: _hash_int(seed, "one", label, pos[pid]))
        ids.extend(mem[: int(counts[t])])
    ids.sort(key=pos.__getitem__)
    return ids
