"""The classic sequential ("legacy", greedy) draw, for comparison only.

One draw: repeatedly take the quota value that is most in need relative to the volunteers still
available with it, ratio = (min - seated) / available, pick a uniformly random available
volunteer with that value, seat them, and remove every volunteer who would break a maximum (and
the other members of their household). If a minimum can no longer be met, start again.

Its selection probabilities have no closed form: we estimate them by Monte Carlo over many seeded
draws. Drawing "a random available volunteer with value v" is simulated at the type level (pick a
type with probability proportional to its available members), which has the same distribution.
"""

from __future__ import annotations

import numpy as np

from .errors import SolverError
from .messages import Issue, Progress
from .model import TypeModel


def _one_draw(tm: TypeModel, rng: np.random.Generator, A: np.ndarray, hh_of: np.ndarray) -> np.ndarray | None:
    T = tm.num_types
    avail = tm.n.astype(np.int64).copy()
    per_value = A @ avail
    seated_v = np.zeros(len(tm.values), dtype=np.int64)
    counts = np.zeros(T, dtype=np.int64)
    qmin, qmax = tm.qmin, tm.qmax

    def remove_type(t: int, amount: int) -> None:
        nonlocal per_value
        if amount > 0:
            avail[t] -= amount
            per_value -= A[:, t] * amount

    # Values with max 0 exclude their volunteers from the start.
    for v in np.nonzero(qmax <= 0)[0]:
        for t in np.nonzero(A[v] & (avail > 0))[0]:
            remove_type(int(t), int(avail[t]))
    for _ in range(tm.k):
        need = qmin - seated_v
        if np.any((need > 0) & (per_value < need)):
            return None
        ok = per_value > 0
        if not ok.any():
            return None
        ratio = np.full(len(need), -np.inf)
        ratio[ok] = need[ok] / per_value[ok]
        best = np.flatnonzero(ratio == ratio.max())
        v = int(best[rng.integers(len(best))]) if len(best) > 1 else int(best[0])
        types = np.flatnonzero(A[v] & (avail > 0))
        weights = avail[types].astype(np.float64)
        idx = int(np.searchsorted(np.cumsum(weights), rng.random() * weights.sum(), side="right"))
        t = int(types[min(idx, len(types) - 1)])
        counts[t] += 1
        remove_type(t, 1)
        seated_v += A[:, t]
        for v2 in np.flatnonzero((A[:, t] > 0) & (seated_v >= qmax)):
            for t2 in np.flatnonzero(A[v2] & (avail > 0)):
                remove_type(int(t2), int(avail[t2]))
        if hh_of[t] >= 0:
            for t2 in tm.households[hh_of[t]]:
                remove_type(int(t2), int(avail[t2]))
    if np.any(seated_v < qmin) or np.any(seated_v > qmax) or counts.sum() != tm.k:
        return None
    return counts


def legacy_lottery(
    tm: TypeModel,
    *,
    draws: int = 2000,
    seed: int = 0,
    max_attempts_per_draw: int = 100,
    progress=None,
) -> tuple[np.ndarray, np.ndarray, dict]:
    """Monte Carlo estimate of the legacy algorithm: (panels, frequencies, stats).

    The empirical distribution of ``draws`` successful draws is returned as a lottery."""
    rng = np.random.default_rng(seed)
    A = tm.A.astype(np.int64)
    hh_of = np.full(tm.num_types, -1, dtype=np.int64)
    for i, hh in enumerate(tm.households):
        hh_of[hh] = i
    found: dict[bytes, int] = {}
    panels: dict[bytes, np.ndarray] = {}
    failures = 0
    for d in range(draws):
        for _attempt in range(max_attempts_per_draw):
            c = _one_draw(tm, rng, A, hh_of)
            if c is not None:
                break
            failures += 1
        else:
            raise SolverError([Issue("solver.legacy_no_panel", attempts=max_attempts_per_draw)])
        key = c.tobytes()
        found[key] = found.get(key, 0) + 1
        panels[key] = c
        if progress is not None and (d + 1) % max(1, draws // 50) == 0:
            progress((d + 1) / draws, Progress("progress.legacy_draw", draw=d + 1, draws=draws))
    keys = list(found)
    P = np.array([panels[k] for k in keys], dtype=np.int64)
    freq = np.array([found[k] for k in keys], dtype=np.float64) / draws
    return P, freq, {"draws": draws, "failed_attempts": failures}
