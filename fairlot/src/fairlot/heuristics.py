"""Cheap heuristic pricing: local search with single swaps between types.

The exact pricing problem ("max sum_t w_t c_t over valid panels") is a MIP (``oracle.py``). In
column generation most rounds do not need the *best* panel, only *some* panels whose value
exceeds the threshold mu. This module finds many of them in milliseconds:

* ``improve``: steepest ascent from a valid panel, one swap (one seat moves from type a to type
  b) at a time, keeping every quota, the panel size, the type sizes and the households valid;
* ``neighbours``: the single swaps of a panel that keep it valid and above a threshold.

A swap a -> b changes the count of value v only for the features where a and b differ. So it is
valid iff for every feature f where they differ, the value of a may lose a seat (count > min)
and the value of b may gain one (count < max). With bit masks per type ("features whose value
cannot lose / gain a seat") and a precomputed T x T mask of differing features this is a few
vectorised numpy operations per step. Everything returned is checked with ``panel_satisfies``
by the caller's master anyway; here validity is maintained by construction.
"""

from __future__ import annotations

import numpy as np

from .model import TypeModel


class SwapSearch:
    def __init__(self, tm: TypeModel):
        self.tm = tm
        T = tm.num_types
        self.T = T
        nf = len(tm.features)
        if nf > 63:
            raise ValueError("too many features for the swap search")
        self.nf = nf
        self.n = tm.n.astype(np.int64)
        A = tm.A.astype(bool)
        self.A64 = tm.A.astype(np.int64)
        # vals[t, f] = quota row of type t's value for feature f
        vals = np.zeros((T, nf), dtype=np.int64)
        for r, f in enumerate(tm.feature_of_row):
            vals[A[r], f] = r
        self.vals = vals
        self.qmin = tm.qmin.astype(np.int64)
        self.qmax = tm.qmax.astype(np.int64)
        self.bits = np.int64(1) << np.arange(nf, dtype=np.int64)
        dtype = np.uint8 if nf <= 8 else (np.uint16 if nf <= 16 else np.uint64)
        self.dtype = dtype
        diff = np.zeros((T, T), dtype=dtype)
        for f in range(nf):
            diff |= (vals[:, f][:, None] != vals[:, f][None, :]).astype(dtype) << dtype(f)
        self.diff = diff
        self.hh_of = np.full(T, -1, dtype=np.int64)
        for i, hh in enumerate(tm.households):
            self.hh_of[np.asarray(hh, dtype=np.int64)] = i
        self.num_hh = len(tm.households)

    # -------------------------------------------------------------------------------------------
    def _masks(self, c: np.ndarray, cnt: np.ndarray):
        """(rem_bad per type, add_bad per type) as feature bit masks, and 'addable' per type."""
        at_min = cnt[self.vals] <= self.qmin[self.vals]  # (T, F): value cannot lose a seat
        at_max = cnt[self.vals] >= self.qmax[self.vals]  # value cannot gain a seat
        rem_bad = (at_min.astype(np.int64) @ self.bits).astype(self.dtype)
        add_bad = (at_max.astype(np.int64) @ self.bits).astype(self.dtype)
        addable = c < self.n
        if self.num_hh:
            hh_cnt = np.bincount(self.hh_of[self.hh_of >= 0], weights=c[self.hh_of >= 0], minlength=self.num_hh)
            in_hh = self.hh_of >= 0
            addable &= ~in_hh | (hh_cnt[np.maximum(self.hh_of, 0)] < 1)
        return rem_bad, add_bad, addable

    def swap_gains(self, c: np.ndarray, w: np.ndarray, cnt: np.ndarray | None = None):
        """For the types a in the panel (``sel``): gain matrix (len(sel), T) of moving one seat from
        a to b, -inf where the swap is not valid."""
        if cnt is None:
            cnt = self.A64 @ c
        sel = np.nonzero(c > 0)[0]
        rem_bad, add_bad, addable = self._masks(c, cnt)
        bad = rem_bad[sel][:, None] | add_bad[None, :]
        ok = (self.diff[sel] & bad) == 0
        ok &= addable[None, :]
        gain = w[None, :] - w[sel][:, None]
        gain = np.where(ok, gain, -np.inf)
        gain[np.arange(len(sel)), sel] = -np.inf
        return sel, gain, cnt

    def improve(self, c: np.ndarray, w: np.ndarray, *, max_steps: int = 400, tol: float = 1e-12) -> np.ndarray:
        """Steepest ascent by valid single swaps; returns a new (valid) count vector."""
        c = np.array(c, dtype=np.int64)
        cnt = self.A64 @ c
        for _ in range(max_steps):
            sel, gain, cnt = self.swap_gains(c, w, cnt)
            i = int(np.argmax(gain))
            a_i, b = divmod(i, self.T)
            if not gain[a_i, b] > tol:
                break
            a = int(sel[a_i])
            c[a] -= 1
            c[b] += 1
            cnt -= self.A64[:, a]
            cnt += self.A64[:, b]
        return c

    def neighbours(
        self,
        c: np.ndarray,
        w: np.ndarray,
        threshold: float,
        limit: int,
        w_keep: np.ndarray | None = None,
        keep_slack: float = 0.0,
    ) -> list[np.ndarray]:
        """Up to ``limit`` valid single-swap neighbours of c with value w.c' > threshold, best
        first, at most one per added type (for diversity). With ``w_keep``: only swaps that lose
        at most ``keep_slack`` in value under w_keep (e.g. stay optimal at a smoothed point)."""
        c = np.asarray(c, dtype=np.int64)
        base = float(w @ c)
        sel, gain, _ = self.swap_gains(c, w)
        if w_keep is not None:
            keep = (w_keep[None, :] - w_keep[sel][:, None]) >= -keep_slack
            gain = np.where(keep, gain, -np.inf)
        need = threshold - base
        best_a = np.argmax(gain, axis=0)  # per added type b: best type to remove
        best_g = gain[best_a, np.arange(self.T)]
        cand = np.nonzero(best_g > need)[0]
        if len(cand) == 0:
            return []
        cand = cand[np.argsort(-best_g[cand])][:limit]
        out = []
        for b in cand:
            d = c.copy()
            d[sel[best_a[b]]] -= 1
            d[b] += 1
            out.append(d)
        return out
