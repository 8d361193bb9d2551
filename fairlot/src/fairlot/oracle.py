"""The panel oracle: a HiGHS MIP over type counts that is built once and re-solved many times.

Variables c_t (integer, 0..n_t); constraints
    qmin_v <= sum_{t has value v} c_t <= qmax_v     (one row per quota)
    sum_t c_t = k                                     (panel size)
    sum_{t in h} c_t <= 1                             (one row per household with >= 2 members)
Only the objective changes between calls (``changeColsCost``), so the model is built once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from .errors import SolverError
from .messages import Issue
from .model import TypeModel, panel_satisfies

INF = highspy.kHighsInf


def new_highs(threads: int | None = None) -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    if threads:
        h.setOptionValue("threads", int(threads))
    return h


def add_empty_cols(h: highspy.Highs, cost: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
    num = len(cost)
    h.addCols(
        num,
        np.asarray(cost, dtype=np.float64),
        np.asarray(lower, dtype=np.float64),
        np.asarray(upper, dtype=np.float64),
        0,
        np.zeros(num, dtype=np.int32),
        np.zeros(0, dtype=np.int32),
        np.zeros(0, dtype=np.float64),
    )


def add_rows_dense(h: highspy.Highs, lower, upper, rows: list[tuple[np.ndarray, np.ndarray]]) -> None:
    """Add rows given as (indices, values) pairs."""
    starts = []
    idx = []
    val = []
    pos = 0
    for ind, vals in rows:
        starts.append(pos)
        idx.append(np.asarray(ind, dtype=np.int32))
        val.append(np.asarray(vals, dtype=np.float64))
        pos += len(ind)
    h.addRows(
        len(rows),
        np.asarray(lower, dtype=np.float64),
        np.asarray(upper, dtype=np.float64),
        pos,
        np.asarray(starts, dtype=np.int32),
        np.concatenate(idx) if idx else np.zeros(0, dtype=np.int32),
        np.concatenate(val) if val else np.zeros(0, dtype=np.float64),
    )


@dataclass
class OracleResult:
    panels: list[np.ndarray]  # improving panels found (best first), as type-count vectors
    best_value: float  # objective of the best panel (-inf if none)
    bound: float  # proven upper bound on the objective
    status: str


@dataclass
class PeelResult:
    panels: list[np.ndarray]  # the panels taken, in order
    weights: list[float]  # the weight each got in the greedy lottery (summing to 1 - mass_left)
    mass_left: float  # the share of x not written as panels
    outcome: str  # "done" | "stuck" | "budget" | "steps"


class PanelOracle:
    """max sum_t w_t c_t over valid panels, with the HiGHS model kept warm between calls."""

    def __init__(self, tm: TypeModel, *, threads: int | None = None, relax_quotas: bool = False):
        self.tm = tm
        T = tm.num_types
        self.T = T
        h = new_highs(threads)
        h.setOptionValue("mip_rel_gap", 1e-4)
        h.setOptionValue("mip_abs_gap", 0.0)
        # Measured on the 4,070-person instance: presolve costs more than it saves for these
        # small, repeatedly solved models, and more heuristic effort finds panels sooner.
        h.setOptionValue("presolve", "off")
        h.setOptionValue("mip_heuristic_effort", 0.3)
        # Measured on the generated 800-person pool (engine 1.8): every pricing MIP is solved in
        # its root node, and the feasibility-jump heuristic took a third of its time.
        h.setOptionValue("mip_heuristic_run_feasibility_jump", False)
        self._build(h)
        h.changeColsIntegrality(T, np.arange(T, dtype=np.int32), np.full(T, highspy.HighsVarType.kInteger))
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        # The same model without integrality: its optimum is often a panel already (then it is
        # the MIP's optimum, found in a fiftieth of the time), and its bound alone can prove that
        # no panel beats a threshold.
        lp = new_highs(threads)
        for opt, val in (
            ("presolve", "off"),
            ("solver", "simplex"),
            ("primal_feasibility_tolerance", 1e-9),
            ("dual_feasibility_tolerance", 1e-9),
        ):
            lp.setOptionValue(opt, val)
        self._build(lp)
        lp.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.lp = lp
        self.lp_first = True
        self.lp_answers = 0
        self.h = h
        self._threshold = None
        self._face = None
        self._found: list[tuple[float, np.ndarray]] = []
        self._scale = 1.0
        h.cbMipInterrupt.subscribe(self._on_interrupt)
        h.cbMipImprovingSolution.subscribe(self._on_improving)
        self.calls = 0
        self.seconds = 0.0
        self._all_idx = np.arange(T, dtype=np.int32)

    def _build(self, h: highspy.Highs) -> None:
        tm = self.tm
        T = self.T
        add_empty_cols(h, np.zeros(T), np.zeros(T), tm.n.astype(np.float64))
        rows = []
        lo = []
        up = []
        for v in range(len(tm.values)):
            ind = np.nonzero(tm.A[v])[0]
            rows.append((ind, np.ones(len(ind))))
            lo.append(float(tm.qmin[v]))
            up.append(float(tm.qmax[v]))
        rows.append((np.arange(T), np.ones(T)))
        lo.append(float(tm.k))
        up.append(float(tm.k))
        for hh in tm.households:
            rows.append((np.array(hh), np.ones(len(hh))))
            lo.append(-INF)
            up.append(1.0)
        add_rows_dense(h, lo, up, rows)

    # -- restricting to a face ----------------------------------------------------------------
    def restrict_to_face(self, x: np.ndarray, tol: float = 1e-5) -> dict:
        """Only panels that can be in a lottery whose expected counts are exactly ``x``.

        If the mean of a lottery equals x, every panel in it keeps each quota that x meets with
        equality (a mean of values <= q equals q only if all are q), has c_t = n_t where
        x_t = n_t and c_t = 0 where x_t = 0. Returns counts of what was fixed."""
        tm = self.tm
        x = np.asarray(x, dtype=np.float64)
        n = tm.n.astype(np.float64)
        cnt = tm.A @ x
        at_min = np.abs(cnt - tm.qmin) <= tol
        at_max = np.abs(cnt - tm.qmax) <= tol
        full = np.abs(x - n) <= tol
        empty = x <= tol
        return self.restrict(at_min, at_max, full, empty)

    def restrict(self, at_min: np.ndarray, at_max: np.ndarray, full: np.ndarray, empty: np.ndarray) -> dict:
        """Only panels that meet the quotas ``at_min`` at their minimum and ``at_max`` at their
        maximum, with c_t = n_t for the ``full`` types and c_t = 0 for the ``empty`` ones."""
        tm = self.tm
        n = tm.n.astype(np.float64)
        V = len(tm.values)
        lo = np.where(at_max, tm.qmax, tm.qmin).astype(np.float64)
        hi = np.where(at_min, tm.qmin, tm.qmax).astype(np.float64)
        clo = np.where(full, n, 0.0)
        chi = np.where(empty, 0.0, n)
        for h in (self.h, self.lp):
            h.changeRowsBounds(V, np.arange(V, dtype=np.int32), lo, hi)
            h.changeColsBounds(self.T, self._all_idx, clo, chi)
        self._face = (lo, hi, clo, chi)
        return {"rows": int(at_min.sum() + at_max.sum()), "full": int(full.sum()), "empty": int(empty.sum())}

    def unrestrict(self) -> None:
        tm = self.tm
        V = len(tm.values)
        for h in (self.h, self.lp):
            h.changeRowsBounds(V, np.arange(V, dtype=np.int32), tm.qmin.astype(np.float64), tm.qmax.astype(np.float64))
            h.changeColsBounds(self.T, self._all_idx, np.zeros(self.T), tm.n.astype(np.float64))
        self._face = None

    # -- peeling a target into panels ---------------------------------------------------------
    def peel(
        self,
        x: np.ndarray,
        *,
        seed: int = 0,
        seconds: float | None = None,
        should_stop: Callable[[], bool] | None = None,
        tol: float = 1e-7,
    ) -> PeelResult:
        """Write the expected counts ``x`` (a point of the LP relaxation, e.g. the relaxation's
        LEXIMIN) as a lottery over panels, greedily: take a panel v in the smallest face of the
        relaxation that holds the rest R (quotas R meets with equality, types at 0 or at n_t),
        give it the largest weight that keeps R - weight * v in the relaxation (times the mass
        left), and go on with the rest, which lies in a smaller face. Each step fixes at least
        one more quota or type, so it ends within T + 1 steps: with nothing left (x is a lottery
        over these panels) or stuck (the rest's face holds no panel; the relaxation has room
        there that panels do not). Which panel: the best for the rest's shares R_t / (mass n_t),
        so types that still need much come first (a seeded hair of noise breaks ties).

        ``seconds``: CPU seconds of this process for the whole peel (each MIP gets what is
        left); ``should_stop()``, asked before every step, can end it too. The panels are valid
        whatever happens; the caller weighs them with an LP."""
        tm = self.tm
        T = self.T
        n = tm.n.astype(np.float64)
        A = np.asarray(tm.A, dtype=np.float64)
        rng = np.random.default_rng(seed)
        R = np.asarray(x, dtype=np.float64).copy()
        mass = 1.0
        panels: list[np.ndarray] = []
        weights: list[float] = []
        end = None if seconds is None else time.process_time() + seconds
        outcome = "steps"
        try:
            for _ in range(2 * T + 2):
                left = None if end is None else end - time.process_time()
                if (left is not None and left <= 0) or (should_stop is not None and should_stop()):
                    outcome = "budget"
                    break
                cnt = A @ R
                at_min = cnt - mass * tm.qmin <= tol
                at_max = (mass * tm.qmax - cnt <= tol) & ~at_min
                full = mass * n - R <= tol
                empty = R <= tol
                self.restrict(at_min, at_max, full, empty)
                w = R / (mass * n) + 1e-3 * rng.random(T)
                res = self.solve(w, threshold=-INF, stop_gap=0.02, time_limit=None if left is None else max(left, 0.5))
                if not res.panels:
                    outcome = "stuck" if res.status != "time_limit" else "budget"
                    break
                v = res.panels[0].astype(np.float64)
                av = A @ v
                step = [mass]
                m = (v > 0) & ~full
                if m.any():
                    step.append(float(np.min(R[m] / v[m])))
                m = (v < n) & ~empty
                if m.any():
                    step.append(float(np.min((mass * n[m] - R[m]) / (n[m] - v[m]))))
                d = av - tm.qmin
                m = (d > 0) & ~at_min
                if m.any():
                    step.append(float(np.min((cnt[m] - mass * tm.qmin[m]) / d[m])))
                d = tm.qmax - av
                m = (d > 0) & ~at_max
                if m.any():
                    step.append(float(np.min((mass * tm.qmax[m] - cnt[m]) / d[m])))
                weight = max(0.0, min(step))
                panels.append(res.panels[0])
                weights.append(weight)
                if weight <= 0.0:
                    outcome = "stuck"
                    break
                R = np.maximum(R - weight * v, 0.0)
                mass -= weight
                if mass <= 1e-12:
                    outcome = "done"
                    break
        finally:
            self.unrestrict()
        return PeelResult(panels=panels, weights=weights, mass_left=max(mass, 0.0), outcome=outcome)

    def in_face(self, c: np.ndarray) -> bool:
        if self._face is None:
            return True
        lo, hi, clo, chi = self._face
        cnt = self.tm.A @ c
        return bool(np.all(cnt >= lo) and np.all(cnt <= hi) and np.all(c >= clo) and np.all(c <= chi))

    # -- callbacks ---------------------------------------------------------------------------
    def _on_interrupt(self, e) -> None:
        # The interrupt flag is not reset by HiGHS between runs: clear it explicitly.
        e.interrupt(False)
        if self._threshold is None:
            return
        d = e.data_out
        # Proven: no panel beats the threshold -> stop.
        if d.mip_dual_bound <= self._threshold:
            e.interrupt()
        # Found a panel beating the threshold and the gap is already moderate -> good enough.
        elif d.mip_primal_bound > self._threshold and (
            d.mip_dual_bound - d.mip_primal_bound <= self._stop_gap * max(1.0, abs(d.mip_dual_bound))
        ):
            e.interrupt()

    def _on_improving(self, e) -> None:
        sol = np.array(e.data_out.mip_solution, dtype=np.float64)
        if len(sol) >= self.T:
            self._found.append((float(e.data_out.objective_function_value), sol[: self.T]))

    # -- solving -----------------------------------------------------------------------------
    def solve(
        self,
        weights: np.ndarray,
        threshold: float | None = None,
        *,
        stop_gap: float = 0.02,
        rel_gap: float = 1e-4,
        time_limit: float | None = None,
        presolve: bool = False,
    ) -> OracleResult:
        """Maximise weights . c. With ``threshold``: return all found panels whose value exceeds it
        (best first); stop early once the dual bound proves that none exists, or once a panel
        above the threshold is known and the relative gap is below ``stop_gap``."""
        t0 = time.perf_counter()
        w = np.asarray(weights, dtype=np.float64)
        wmax = float(np.max(np.abs(w))) if len(w) else 0.0
        scale = 1.0 / wmax if wmax > 0 else 1.0
        if self.lp_first:
            quick = self._solve_lp(w, scale, threshold)
            if quick is not None:
                self.calls += 1
                self.lp_answers += 1
                self.seconds += time.perf_counter() - t0
                return quick
        self.h.changeColsCost(self.T, self._all_idx, w * scale)
        self._threshold = None if threshold is None else threshold * scale
        self._stop_gap = stop_gap
        self._found = []
        # HiGHS compares time_limit with the total run time of this object over all its runs
        # (HiGHS issue 1477), so the limit of this call is added to what has run so far.
        self.h.setOptionValue("time_limit", self.h.getRunTime() + float(time_limit) if time_limit else INF)
        self.h.setOptionValue("presolve", "choose" if presolve else "off")
        # With a threshold the callback decides when to stop, so HiGHS itself must not stop early.
        self.h.setOptionValue("mip_rel_gap", 0.0 if threshold is not None else float(rel_gap))
        self.h.run()
        self.calls += 1
        status = self.h.getModelStatus()
        info = self.h.getInfo()
        bound = float(info.mip_dual_bound) / scale
        cands = list(self._found)
        sol = self.h.getSolution()
        if sol.value_valid:
            cands.append((float(info.objective_function_value), np.array(sol.col_value)[: self.T]))
        panels: list[np.ndarray] = []
        seen = set()
        best = -np.inf
        scored = []
        for _, x in cands:
            c = np.rint(x).astype(np.int64)
            key = c.tobytes()
            if key in seen or not panel_satisfies(self.tm, c) or not self.in_face(c):
                continue
            seen.add(key)
            val = float(w @ c)
            scored.append((val, c))
        scored.sort(key=lambda s: -s[0])
        if scored:
            best = scored[0][0]
        if threshold is not None:
            panels = [c for val, c in scored if val > threshold]
        else:
            panels = [c for _, c in scored]
        if status == highspy.HighsModelStatus.kInfeasible:
            sname = "infeasible"
        elif status == highspy.HighsModelStatus.kOptimal:
            sname = "optimal"
        elif status == highspy.HighsModelStatus.kInterrupt:
            sname = "interrupted"
        elif status == highspy.HighsModelStatus.kTimeLimit:
            sname = "time_limit"
        else:
            sname = str(status)
        if sname not in ("infeasible", "optimal", "interrupted", "time_limit"):
            raise SolverError([Issue("solver.unexpected_status", status=sname)])
        self.seconds += time.perf_counter() - t0
        return OracleResult(panels=panels, best_value=best, bound=bound, status=sname)

    def _solve_lp(self, w: np.ndarray, scale: float, threshold: float | None) -> OracleResult | None:
        """The LP relaxation: an answer when its optimum is a panel (then it is the MIP's optimum
        too) or when its bound proves that no panel beats ``threshold``; None otherwise."""
        lp = self.lp
        lp.changeColsCost(self.T, self._all_idx, w * scale)
        lp.run()
        status = lp.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return OracleResult(panels=[], best_value=-np.inf, bound=-np.inf, status="infeasible")
        if status != highspy.HighsModelStatus.kOptimal:
            return None
        obj = float(lp.getInfo().objective_function_value)
        # The LP bound is exact up to its tolerances: round it up a hair before trusting it.
        safe = (obj + 1e-9 * max(1.0, abs(obj))) / scale
        if threshold is not None and safe <= threshold:
            return OracleResult(panels=[], best_value=-np.inf, bound=safe, status="optimal")
        x = np.array(lp.getSolution().col_value)[: self.T]
        c = np.rint(x)
        if np.max(np.abs(x - c), initial=0.0) > 1e-9:
            return None
        c = c.astype(np.int64)
        if not panel_satisfies(self.tm, c) or not self.in_face(c):
            return None
        val = float(w @ c)
        panels = [c] if threshold is None or val > threshold else []
        return OracleResult(panels=panels, best_value=val, bound=max(safe, val), status="optimal")
