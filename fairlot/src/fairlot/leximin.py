"""LEXIMIN (and maximin) over types by column generation with HiGHS.

Notation: types t with sizes n_t, panels P as count vectors c_P, a_{Pt} = c_{Pt} / n_t (the
probability contribution of panel P to one member of type t).

For a leximin level with fixed types F (fixed probability p_t) and unfixed types U we solve the
maximin LP

    primal:  max z  s.t.  sum_P lam_P a_{Pt} >= z (t in U),  >= p_t (t in F),  sum_P lam_P = 1
    dual:    min mu - sum_{t in F} p_t y_t  s.t.  sum_{t in U} y_t = 1,
             mu >= sum_t a_{Pt} y_t  for every panel P,  y >= 0.

As in Flanigan et al. (Nature 2021) we solve the *dual* with a cutting-plane method: the dual has
one variable per type (+ mu) and one row per known panel; the separation problem "is there a panel
with sum_t (y_t/n_t) c_t > mu?" is the MIP of ``oracle.PanelOracle`` (model reused, objective
changed only). Adding a row keeps the dual simplex warm. Rows (= panels) stay valid across
levels, so the portfolio is kept.

When no violated panel exists (within ``eps``) the restricted dual solution is optimal for the
full dual; every unfixed type with y_t > 0 then has probability exactly z in *every* optimal
lottery (complementary slackness), so we fix those types at z and go to the next level. The
primal lottery lam is read from the row duals of the panel rows.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import highspy
import numpy as np

from .errors import SolverError
from .heuristics import SwapSearch
from .messages import Issue, Progress
from .model import TypeModel
from .oracle import INF, PanelOracle, add_empty_cols, new_highs
from .pricer import PricingWorker

log = logging.getLogger(__name__)

ProgressFn = Callable[[float, Progress], None]

# Upper bound on the dual variables y_t. In primal terms this makes the lower bounds of fixed
# types "elastic" at a huge penalty, so that tiny numerical infeasibilities can never make the
# restricted dual unbounded. Far above any dual value met in practice (sum_{t in U} y_t = 1).
Y_CAP = 1e4
# From this many types on, a second process prices in parallel (its start-up costs ~1 s).
PARALLEL_MIN_TYPES = 400
# Fixed types are fixed slightly below the level value, for the same reason.
FIX_SLACK = 1e-9


@dataclass
class LotteryResult:
    panels: np.ndarray  # (num_panels, T) int64 type counts
    probabilities: np.ndarray  # (num_panels,) lottery weights, sum 1
    type_probabilities: np.ndarray  # (T,) selection probability of one member of each type
    levels: list[dict] = field(default_factory=list)  # leximin levels: value, #fixed, seconds
    settled_seconds: float | None = None  # when the smallest probability was settled
    stats: dict = field(default_factory=dict)


class DualMaster:
    """The restricted dual LP, kept in one HiGHS instance.

    ``scale[t]`` is the coefficient of one seat of type t: 1/n_t for probabilities (default),
    1/(n_t p_t) for probabilities relative to a target p (fast path)."""

    def __init__(
        self, tm: TypeModel, unfixed_mask: np.ndarray, threads: int | None = None, scale: np.ndarray | None = None
    ):
        self.tm = tm
        T = tm.num_types
        self.T = T
        h = new_highs(threads)
        for opt, val in (
            ("primal_feasibility_tolerance", 1e-9),
            ("dual_feasibility_tolerance", 1e-9),
            ("presolve", "off"),
            ("solver", "simplex"),
        ):
            h.setOptionValue(opt, val)
        # columns: y_0..y_{T-1} >= 0, mu free
        add_empty_cols(
            h,
            np.concatenate([np.zeros(T), [1.0]]),
            np.concatenate([np.zeros(T), [-INF]]),
            np.concatenate([np.full(T, Y_CAP), [INF]]),
        )
        ind = np.nonzero(unfixed_mask)[0]
        h.addRow(1.0, 1.0, len(ind), ind.astype(np.int32), np.ones(len(ind)))
        self.h = h
        self.num_panels = 0
        self.scale = (1.0 / tm.n.astype(np.float64)) if scale is None else np.asarray(scale, dtype=np.float64)
        self.panel_keys: set[bytes] = set()
        self.panels: list[np.ndarray] = []

    def add_panels(self, panels: list[np.ndarray]) -> int:
        """Add the cut mu - sum_t c_t scale_t y_t >= 0 for each new panel."""
        new = []
        for c in panels:
            key = np.asarray(c, dtype=np.int64).tobytes()
            if key in self.panel_keys:
                continue
            self.panel_keys.add(key)
            new.append(np.asarray(c, dtype=np.int64))
        if not new:
            return 0
        starts, idx, vals = [], [], []
        pos = 0
        for c in new:
            nz = np.nonzero(c)[0]
            starts.append(pos)
            idx.append(np.concatenate([nz, [self.T]]).astype(np.int32))
            vals.append(np.concatenate([-c[nz] * self.scale[nz], [1.0]]))
            pos += len(nz) + 1
        self.h.addRows(
            len(new),
            np.zeros(len(new)),
            np.full(len(new), INF),
            pos,
            np.asarray(starts, dtype=np.int32),
            np.concatenate(idx),
            np.concatenate(vals),
        )
        self.panels.extend(new)
        self.num_panels += len(new)
        return len(new)

    def fix(self, types: np.ndarray, value: float | np.ndarray) -> None:
        """Fix types at level ``value`` (one for all, or one per type): drop them from the sum
        y = 1 row, cost -value."""
        for t in types:
            self.h.changeCoeff(0, int(t), 0.0)
        values = np.broadcast_to(np.asarray(value, dtype=np.float64), (len(types),))
        self.h.changeColsCost(len(types), np.asarray(types, dtype=np.int32), -values)

    def solve(self, time_limit: float | None = None) -> tuple[np.ndarray, float, float, np.ndarray] | None:
        """Returns (y, mu, objective, lam) with lam the lottery over self.panels, or None when
        ``time_limit`` (seconds) ran out first (the caller keeps its previous solution)."""
        # HiGHS's time_limit counts the total run time of this object (see oracle.PanelOracle.solve).
        limit = self.h.getRunTime() + float(time_limit) if time_limit is not None else INF
        self.h.setOptionValue("time_limit", limit)
        self.h.run()
        status = self.h.getModelStatus()
        if status == highspy.HighsModelStatus.kTimeLimit:
            return None
        if status != highspy.HighsModelStatus.kOptimal:
            # Retry from scratch once (numerical trouble); then give up.
            self.h.clearSolver()
            self.h.run()
            status = self.h.getModelStatus()
            if status != highspy.HighsModelStatus.kOptimal:
                raise SolverError([Issue("solver.lottery_failed", status=self.h.modelStatusToString(status))])
        sol = self.h.getSolution()
        x = np.array(sol.col_value)
        y = np.maximum(x[: self.T], 0.0)
        mu = float(x[self.T])
        obj = float(self.h.getInfo().objective_function_value)
        lam = np.abs(np.array(sol.row_dual)[1:])
        return y, mu, obj, lam


def relaxation_center(
    tm: TypeModel,
    unfixed: np.ndarray,
    fixed_value: np.ndarray,
    scale: np.ndarray | None = None,
    zero: np.ndarray | None = None,
    face_out: dict | None = None,
) -> tuple[np.ndarray | None, float]:
    """Dual weights of the maximin LP over the *LP relaxation* of the panel polytope.

    Expected count vectors of lotteries lie in conv(panels), which is inside the relaxation
    Q = {x: quotas, sum x = k, 0 <= x <= n, households} (and x_t = 0 for the types in ``zero``,
    which are in no panel). The maximin LP over Q (max z: scale_t x_t >= z unfixed, >= fixed
    value fixed) is tiny (no column generation); its optimum is an upper bound and its dual y
    an excellent stability centre for the real problem. Returns (y, z_Q)."""
    T = tm.num_types
    n = tm.n.astype(np.float64)
    sc = (1.0 / n) if scale is None else np.asarray(scale, dtype=np.float64)
    upper = n.copy()
    if zero is not None:
        upper[zero] = 0.0
    h = new_highs()
    h.setOptionValue("presolve", "off")
    # columns x_0..x_{T-1}, z
    add_empty_cols(
        h, np.concatenate([np.zeros(T), [1.0]]), np.concatenate([np.zeros(T), [-INF]]), np.concatenate([upper, [INF]])
    )
    starts, idx, vals, lo, up = [], [], [], [], []
    pos = 0
    for t in range(T):
        starts.append(pos)
        if unfixed[t]:
            idx += [t, T]
            vals += [float(sc[t]), -1.0]
            lo.append(0.0)
            pos += 2
        else:
            idx.append(t)
            vals.append(float(sc[t]))
            lo.append(max(0.0, fixed_value[t] - 1e-9))
            pos += 1
        up.append(INF)
    h.addRows(
        T,
        np.array(lo),
        np.array(up),
        pos,
        np.array(starts, dtype=np.int32),
        np.array(idx, dtype=np.int32),
        np.array(vals),
    )
    for v in range(len(tm.values)):
        ind = np.nonzero(tm.A[v])[0].astype(np.int32)
        h.addRow(float(tm.qmin[v]), float(tm.qmax[v]), len(ind), ind, np.ones(len(ind)))
    h.addRow(float(tm.k), float(tm.k), T, np.arange(T, dtype=np.int32), np.ones(T))
    for hh in tm.households:
        ind = np.array(hh, dtype=np.int32)
        h.addRow(-INF, 1.0, len(ind), ind, np.ones(len(ind)))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None, np.inf
    sol = h.getSolution()
    y = np.abs(np.array(sol.row_dual)[:T])
    s = y[unfixed].sum()
    if s <= 0:
        return None, np.inf
    if face_out is not None:
        # Complementary slackness: a quota with a non-zero dual is met with equality, and a type
        # with a non-zero reduced cost sits at its bound, in *every* optimal x of this LP.
        V = len(tm.values)
        rd = np.abs(np.array(sol.row_dual)[T : T + V])
        rv = np.array(sol.row_value)[T : T + V]
        cd = np.abs(np.array(sol.col_dual)[:T])
        xv = np.array(sol.col_value)[:T]
        big = max(float(rd.max(initial=0.0)), float(cd.max(initial=0.0)), float(y.max()), 1e-300)
        tight = rd > 1e-7 * big
        bound = cd > 1e-7 * big
        face_out.update(
            at_min=tight & (np.abs(rv - tm.qmin) <= 1e-7),
            at_max=tight & (np.abs(rv - tm.qmax) <= 1e-7) & ~(np.abs(rv - tm.qmin) <= 1e-7),
            full=bound & (np.abs(xv - upper) <= 1e-7) & (upper > 0),
            empty=bound & (xv <= 1e-7),
        )
    return y / s, float(h.getInfo().objective_function_value)


def relaxed_leximin(tm: TypeModel, active: np.ndarray) -> np.ndarray | None:
    """The LEXIMIN probabilities over the LP relaxation Q (types outside ``active`` at 0).

    conv(panels) is inside Q, so this vector leximin-dominates the true LEXIMIN vector; if some
    lottery over real panels gives every type at least this probability, it *is* the LEXIMIN
    lottery (the leximin point of a convex set is unique, and both sum to k). Pure LPs: fast."""
    T = tm.num_types
    unfixed = active.copy()
    value = np.zeros(T)
    zero = ~active
    for _ in range(T + 1):
        if not unfixed.any():
            return value
        y, z = relaxation_center(tm, unfixed, value, zero=zero)
        if y is None or not np.isfinite(z):
            return None
        cand = np.nonzero(unfixed & (y > 1e-9))[0]
        if len(cand) == 0:
            return None
        value[cand] = z
        unfixed[cand] = False
    return None


@dataclass
class _Counters:
    mip_calls: int = 0
    lp_seconds: float = 0.0
    worker_calls: int = 0
    rounds: int = 0
    #: the last column generation stopped because its CPU budget was spent (not proven optimal)
    budget_spent: bool = False
    #: solver calls stopped by their time limit (derived from the budget)
    limited_calls: int = 0
    #: wall-clock seconds this process waited for the second pricing process (idle, so not in
    #: its CPU time, but part of the run: the budget counts them)
    waited: float = 0.0


# A solver call gets at least this many seconds, so that the one call that is under way when the
# budget ends can still return its best panel; the run may overshoot its budget by this much.
MIN_CALL_SECONDS = 0.5
# The default safety cap of level 1 is twice the budget, but at least this many CPU seconds.
LEVEL_ONE_MIN_SECONDS = 60.0


def _clock(counters: _Counters) -> float:
    """The budget's clock: CPU seconds of this process plus the time it waited, idle, for the
    second pricing process. Load from other programs hardly moves it."""
    return time.process_time() + counters.waited


def _remaining(deadline: float | None, counters: _Counters) -> float | None:
    """Budget seconds left before ``deadline`` (a ``_clock`` value), None = no budget."""
    return None if deadline is None else deadline - _clock(counters)


def _call_limit(deadline: float | None, counters: _Counters) -> float | None:
    """The time limit of one solver call: what is left of the budget, at least MIN_CALL_SECONDS.
    HiGHS counts wall-clock seconds, which are never fewer than the budget's clock advances while
    the call runs, so a call never runs past the budget by more than MIN_CALL_SECONDS."""
    left = _remaining(deadline, counters)
    return None if left is None else max(left, MIN_CALL_SECONDS)


def _column_generation(
    master: DualMaster,
    oracle: PanelOracle,
    unfixed: np.ndarray,
    fixed_value: np.ndarray,
    center: np.ndarray,
    *,
    eps: float,
    smoothing: float,
    counters: _Counters,
    label: str,
    on_round: Callable[[float, float, np.ndarray], bool] | None = None,
    swaps: SwapSearch | None = None,
    extra: int = 0,
    smooth_gap: float = 1e-4,
    worker: PricingWorker | None = None,
    alpha2: float = 0.35,
    deadline: float | None = None,
    inject: Callable[[], list[np.ndarray]] | None = None,
) -> tuple[np.ndarray, float, float, np.ndarray, float]:
    """Solve the restricted dual to optimality over *all* panels (exact pricing at the end).

    Pricing weights are y_t * scale_t. Wentges smoothing around ``center`` (its Lagrangian bound
    is a valid upper bound on the level value). ``on_round(z, ub, lam)`` may return True to stop
    early (the caller then does not rely on optimality). Returns (y, mu, z, lam, ub).

    ``inject()`` (if given) is asked for more panels before every master LP (the peel's, when
    they arrive from the second process).

    ``deadline`` (a ``_clock`` value): every LP and MIP gets the rest of the budget as
    its time limit (``_call_limit``); a MIP stopped by it still gives the panels it found. Once
    the budget is spent the last master solution is returned, ``counters.budget_spent`` is set and
    the caller must not rely on optimality (the lottery is valid, z is what it reaches)."""
    scale = master.scale
    fixed = ~unfixed
    counters.budget_spent = False

    def offset(v: np.ndarray) -> float:
        return float(fixed_value[fixed] @ v[fixed])

    def spent() -> bool:
        left = _remaining(deadline, counters)
        return left is not None and left <= 0

    center = np.minimum(center, Y_CAP)
    res = oracle.solve(center * scale, rel_gap=1e-5, presolve=True, time_limit=_call_limit(deadline, counters))
    counters.mip_calls += 1
    counters.limited_calls += res.status == "time_limit"
    ub_center = res.bound - offset(center)
    master.add_panels(res.panels)
    alpha = smoothing
    rounds = 0
    last = None
    worker_point = center

    def stop_here() -> tuple[np.ndarray, float, float, np.ndarray, float]:
        counters.budget_spent = True
        y_, mu_, z_, lam_ = last
        # The lottery of the last solved master, over the panels known now (new ones weigh 0).
        lam_ = np.concatenate([lam_, np.zeros(master.num_panels - len(lam_))])
        log.info("%s: budget spent after %d rounds at z=%.9f (bound %.9f)", label, rounds, z_, ub_center)
        return y_, mu_, z_, lam_, ub_center

    while True:
        if last is not None and spent():
            return stop_here()
        if inject is not None:
            master.add_panels(inject())
        t_lp = time.perf_counter()
        solved = master.solve(time_limit=_call_limit(deadline, counters) if last is not None else None)
        lp_time = time.perf_counter() - t_lp
        counters.lp_seconds += lp_time
        if solved is None:
            counters.limited_calls += 1
            return stop_here()
        y, mu, z, lam = solved
        last = solved
        rounds += 1
        counters.rounds += 1
        if on_round is not None and on_round(z, ub_center, lam):
            return y, mu, z, lam, ub_center
        if alpha > 0 and ub_center - z > 1e-7 * max(z, 1e-3):
            # Price at the smoothed point; its MIP bound gives a valid upper bound on z*.
            ys = alpha * center + (1.0 - alpha) * y
            t_mip = time.perf_counter()
            limit = _call_limit(deadline, counters)
            # With a second process: it prices at a second smoothed point (nearer to y) while this
            # one goes on; its answer is taken in whichever round it has arrived (engine 1.8: the
            # LP relaxation answers most pricing calls here in milliseconds, and waiting for the
            # other process's MIP made the run slower than one process alone).
            if worker is not None and not worker.pending:
                at2 = alpha2 * center + (1.0 - alpha2) * y
                if worker.submit("solve", at2 * scale, rel_gap=smooth_gap, time_limit=limit):
                    worker_point = at2
            res = oracle.solve(ys * scale, rel_gap=smooth_gap, time_limit=limit)
            counters.mip_calls += 1
            counters.limited_calls += res.status == "time_limit"
            ub_s = res.bound - offset(ys)
            if ub_s < ub_center:
                center, ub_center = ys, ub_s
            found = list(res.panels)
            res2 = worker.result() if worker is not None and worker.ready() else None
            if res2 is not None:
                counters.worker_calls += 1
                found += res2.panels
                ub_s2 = res2.bound - offset(worker_point)
                if ub_s2 < ub_center:
                    center, ub_center = worker_point, ub_s2
            cuts = [c for c in found if float((c * scale) @ y) > mu + eps]
            if extra and swaps is not None and res.panels:
                # More columns from one MIP: single swaps of its best panel that stay (near)
                # optimal at the smoothed point and are violated at y.
                ws = ys * scale
                slack = 1e-6 * max(abs(res.best_value), 1e-12)
                cuts += swaps.neighbours(res.panels[0], y * scale, mu + eps, extra, w_keep=ws, keep_slack=slack)
            log.debug(
                "%s round %d: z=%.9f ub=%.9f smoothed cuts=%d mip=%.3fs lp=%.3fs rows=%d",
                label,
                rounds,
                z,
                ub_center,
                len(cuts),
                time.perf_counter() - t_mip,
                lp_time,
                master.num_panels,
            )
            # (A cut that is already a row is violated only within the LP's tolerances: it
            # cannot move the master, so it does not count; this is what keeps the loop finite.)
            if cuts and master.add_panels(cuts):
                continue
        if spent():
            return stop_here()
        # Exact pricing at the LP dual itself.
        t_mip = time.perf_counter()
        res = oracle.solve(y * scale, threshold=mu + eps, time_limit=_call_limit(deadline, counters))
        counters.mip_calls += 1
        timed_out = res.status == "time_limit"
        counters.limited_calls += timed_out
        ub_y = res.bound - offset(y)
        if ub_y < ub_center:
            center, ub_center = y, ub_y
        log.debug(
            "%s round %d: z=%.9f mu=%.9f best=%.9f bound=%.9f exact new=%d status=%s mip=%.3fs",
            label,
            rounds,
            z,
            mu,
            res.best_value,
            res.bound,
            len(res.panels),
            res.status,
            time.perf_counter() - t_mip,
        )
        if res.panels and master.add_panels(res.panels):
            continue
        if res.panels or res.bound <= mu + eps or res.status == "infeasible":
            # No new panel beats the master (or only rows it has, within tolerances): optimal.
            return y, mu, z, lam, ub_center
        if timed_out:
            # Not proven: no improving panel found before the budget ran out.
            return stop_here()
        # Bound above the threshold but no panel (should not happen): solve to optimality.
        res = oracle.solve(y * scale, threshold=mu + eps, stop_gap=0.0, time_limit=_call_limit(deadline, counters))
        if res.status == "time_limit" and not res.panels:
            counters.limited_calls += 1
            return stop_here()
        if res.panels and master.add_panels(res.panels):
            continue
        return y, mu, z, lam, ub_center


def _aim(p: np.ndarray, tol: float, z: float) -> np.ndarray:
    """What a fast-path phase aims at: p itself (exact), or with a tolerance p - tol, never below
    p / 2 and, after an exact phase that ended at z (every type at least z * p), never below
    min(z * p, p - tol / 2): the tolerance is for the types that lag, and half of it stays as room
    for the others (right at what they had, the phase would be as slow as the exact one)."""
    if tol <= 0:
        return p
    return np.maximum.reduce([p - tol, np.minimum(z * p, p - tol / 2), 0.5 * p])


@dataclass
class _FastState:
    """What the fast-path phases share: the outcome of the last phase and when the smallest
    probability was settled (kept from the first phase that reached it)."""

    outcome: str = ""  # "exact" | "within_tol" | "timeout" | "abort" | "short"
    z: float = 0.0  # every type got at least z times its aim
    panels: list[np.ndarray] = field(default_factory=list)
    lam: np.ndarray | None = None
    settled: float | None = None
    floor: float = 0.0  # the exact maximin value (level 1): no phase may end below it


@dataclass
class _RunSettings:
    """The settings of one find_lottery run that every fast-path phase uses alike."""

    face: bool
    fast_tol: float
    eps: float
    smoothing: float
    extra_columns: int
    smooth_gap: float
    report: Callable[[float, Progress], None]
    t_start: float
    time_limit: float | None
    threads: int | None
    counters: _Counters
    swaps: SwapSearch


def _fast_path(
    tm: TypeModel,
    oracle: PanelOracle,
    worker: PricingWorker | None,
    state: _FastState,
    run: _RunSettings,
    *,
    p: np.ndarray,
    covered: np.ndarray,
    never: np.ndarray,
    seeds: list[np.ndarray],
    tol: float,
    deadline: float | None,
    accept_within: float = 0.0,
) -> None:
    """One column generation for "every type gets at least z * aim_t", aim = ``_aim(p, tol, …)``.
    Reaching that aim is reaching the tolerance, and a target off the boundary of the panel
    polytope needs far fewer panels than the exact point. Sets ``state.outcome``: "exact" / "within_tol" (accepted),
    "timeout" (``deadline``, a ``_clock`` value, passed: every solver call is limited
    to what is left of it), "abort" (a bound shows the aim is out of reach) or "short" (converged
    below it). ``accept_within`` (with the exact aim): also accept as soon as the lottery gives
    every type at least p_t minus this much and nobody less than the floor."""
    T = tm.num_types
    n = tm.n.astype(np.float64)
    p_min = float(p[covered].min())
    aim = _aim(p, tol, state.z)
    stop_tol = tol if tol > 0 else accept_within
    if tol > 0 and state.floor > 0:
        # The tolerance is for the later levels only: nobody below the exact maximin value.
        aim = np.where(covered, np.maximum(aim, np.minimum(p, state.floor)), aim)
    restrict = run.face and tol == 0
    scale = np.where(covered, 1.0 / (n * np.where(covered, aim, 1.0)), 1.0 / n)
    # With an exact level 1, the types whose aim is that smallest value are held at it (a fixed
    # level, as in the level-by-level method) rather than measured by z: then the lottery keeps
    # the exact maximin value however close to 1 z ends (the acceptance allows fast_tol).
    held = np.zeros(T, dtype=bool)
    if tol == 0 and state.floor > 0:
        held = covered & (aim <= (state.floor + FIX_SLACK) * (1.0 + 1e-9))
        if not (covered & ~held).any():
            held[:] = False  # every type at the smallest value: nothing to measure z by
    unfixed = covered & ~held
    fixed_value = np.zeros(T)
    fixed_value[held] = state.floor / aim[held]
    master = DualMaster(tm, unfixed, threads=run.threads, scale=scale)
    master.add_panels(seeds)
    if len(never):
        master.fix(never, 0.0)
    if held.any():
        master.fix(np.nonzero(held)[0], fixed_value[held])
    center, _ = relaxation_center(tm, unfixed, fixed_value, scale=scale, zero=~covered)
    if center is None:
        center = np.where(unfixed, 1.0, 0.0) / unfixed.sum()
    state.outcome = ""
    if tol > 0:
        # the bar stays where it is; the text says what is going on now
        run.report(0.0, Progress("progress.spreading_within", tolerance=tol))

    def on_round(z: float, ub: float, lam_: np.ndarray) -> bool:
        if ub < 1.0 - run.fast_tol:
            state.outcome = "abort"  # the aim is out of reach
            return True
        if state.settled is None or stop_tol > 0:
            # Only the panels in the lottery: with a tolerance this runs every round.
            used = np.nonzero(lam_ > 0)[0]
            P = np.asarray([master.panels[i] for i in used], dtype=np.float64).reshape(len(used), T)
            probs = (lam_[used] / max(lam_.sum(), 1e-300)) @ P / n
            lowest = probs[covered].min()
            if state.settled is None and lowest >= p_min - 1e-9 - tol:
                state.settled = time.perf_counter() - run.t_start
                run.report(0.5, Progress("progress.smallest_fixed", probability=float(min(p_min, lowest))))
            if (
                stop_tol > 0
                and np.all(probs[covered] >= p[covered] - stop_tol)
                and probs[covered].min() >= state.floor - 1e-9
            ):
                state.outcome = "within_tol"
                return True
        if tol == 0 and z >= 1.0 - run.fast_tol / 2:
            # Every type within fast_tol (relative) of its LEXIMIN value: that is the acceptance
            # test; no need to close the last millionth. (Half of it here: the final lottery,
            # cleaned of weights below 1e-12, must still pass the test with the LP's noise; at
            # exactly 1 - fast_tol a type with p = 1 ended 1.003e-6 below on the 1,500 pool.)
            state.outcome = "exact"
            return True
        now = time.perf_counter()
        if run.time_limit is not None and now - run.t_start > run.time_limit:
            raise SolverError([Issue("solver.time_limit")])
        if run.counters.rounds % 10 == 0:
            percent = 100 * min(float(z), 1.0)
            if tol == 0:
                reached = Progress("progress.spreading_reached", percent=percent)
            else:
                reached = Progress("progress.spreading_within_reached", tolerance=tol, percent=percent)
            run.report(0.05 + 0.9 * min(1.0, z), reached)
        return False

    if restrict:
        log.info("fast path restricted to a face: %s", oracle.restrict_to_face(p * n))
        if worker is not None:
            worker.call("restrict_to_face", p * n)
    try:
        _, _, z, lam, ub = _column_generation(
            master,
            oracle,
            unfixed,
            fixed_value,
            center,
            eps=run.eps,
            smoothing=run.smoothing,
            counters=run.counters,
            label="fast path" if tol == 0 else f"fast path (tolerance {tol:g})",
            on_round=on_round,
            swaps=run.swaps,
            extra=run.extra_columns,
            worker=worker,
            smooth_gap=run.smooth_gap,
            deadline=deadline,
        )
        if run.counters.budget_spent and not state.outcome:
            state.outcome = "timeout"
    finally:
        if restrict:
            oracle.unrestrict()
            if worker is not None:
                worker.call("unrestrict")
    state.panels = master.panels
    state.lam = np.asarray(lam, dtype=np.float64)
    state.z = min(float(z), 1.0)
    if not state.outcome:
        if z >= 1.0 - run.fast_tol:
            state.outcome = "exact" if tol == 0 else "within_tol"
        else:
            state.outcome = "short"
    log.info("fast path (tolerance %g): %s, z=%.9f, bound %.9f", tol, state.outcome, z, ub)


def _level_one(
    tm: TypeModel,
    oracle: PanelOracle,
    worker: PricingWorker | None,
    initial: list[np.ndarray],
    covered: np.ndarray,
    never: np.ndarray,
    counters: _Counters,
    report: Callable[[float, Progress], None],
    *,
    eps: float,
    smoothing: float,
    smooth_gap: float,
    threads: int | None,
    swaps: SwapSearch,
    extra: int,
    progress: ProgressFn | None,
    deadline: float | None = None,
    face: bool = True,
    inject: Callable[[], list[np.ndarray]] | None = None,
    rel_tol: float = 0.0,
) -> tuple[float, list[np.ndarray], np.ndarray, float, bool]:
    """The first LEXIMIN level (maximin) exactly: column generation on the dual with Wentges
    smoothing around the relaxation's dual, priced first in the face that complementary
    slackness gives (``face``), exact pricing at the end; ``rel_tol`` > 0 also ends it as soon as
    the value is within that share of a proven upper bound. Returns the maximin value,
    the panels found (all of them: they seed the later phases), the lottery over them, the upper
    bound and whether the value is proven exact (False only when ``deadline``, a safety net,
    ran out first)."""
    T = tm.num_types
    master = DualMaster(tm, covered, threads=threads)
    master.add_panels(initial)
    if len(never):
        master.fix(never, 0.0)
    face_info: dict = {}
    center, z_relax = relaxation_center(tm, covered, np.zeros(T), zero=~covered, face_out=face_info)
    if center is None:
        center = np.where(covered, tm.n.astype(np.float64), 0.0)
        center /= center.sum()
        face_info = {}

    def on_round(z_: float, ub: float, lam_: np.ndarray) -> bool:
        if progress is not None and counters.rounds % 10 == 0:
            report(
                0.05 * min(1.0, z_ / max(ub, 1e-12)),
                Progress("progress.smallest_between", low=float(z_), high=float(ub)),
            )
        # Settled to the engine's precision: within rel_tol (relative) of a proven upper bound.
        # (Closing the last ten-millionth can take as long as all the rest on pools with
        # thousands of profiles: measured on the 4,070 pool, 2e-7 from the bound after 75 s and
        # still not proven after 600 s.)
        return rel_tol > 0 and ub - z_ <= rel_tol * z_

    def generate(label: str):
        return _column_generation(
            master,
            oracle,
            covered,
            np.zeros(T),
            center,
            eps=eps,
            smoothing=smoothing,
            counters=counters,
            label=label,
            on_round=on_round,
            swaps=swaps,
            extra=extra,
            worker=worker,
            smooth_gap=smooth_gap,
            deadline=deadline,
            inject=inject,
        )

    restricted = bool(face and face_info)
    if restricted:
        # If the relaxation's value z_Q can be reached at all, the mean of every maximin lottery
        # is an optimal x of the relaxation, so every panel in it lies in the face that
        # complementary slackness gives: price only there. Reaching z_Q proves optimality (it is
        # an upper bound); if the face ends lower, price over all panels from there on.
        log.info("level 1 restricted to a face: %s", oracle.restrict(**face_info))
        if worker is not None:
            worker.call("restrict", **face_info)
    try:
        _, _, z, lam, ub = generate("level 1 (face)" if restricted else "level 1")
    finally:
        if restricted:
            oracle.unrestrict()
            if worker is not None:
                worker.call("unrestrict")
    if restricted and not counters.budget_spent and z < z_relax * (1.0 - max(rel_tol, 1e-9)) - 1e-12:
        log.info("level 1: the face ends at %.9f below %.9f: all panels from here", z, z_relax)
        _, _, z, lam, ub = generate("level 1")
    exact = not counters.budget_spent
    log.info(
        "level 1 (maximin) %s: %.9f (bound %.9f) after %d rounds, %d panels",
        "exact" if exact else "NOT settled (safety cap)",
        z,
        ub,
        counters.rounds,
        master.num_panels,
    )
    return float(z), list(master.panels), np.asarray(lam, dtype=np.float64), float(ub), exact


def _blend(
    tm: TypeModel, panels: list[np.ndarray], covered: np.ndarray, p: np.ndarray, floor: float
) -> tuple[np.ndarray, float] | None:
    """The anytime lottery: over the panels found so far, max z such that every covered type t
    gets at least z p_t (as the fast path measures progress) and at least ``floor`` (the exact
    smallest probability: the level-1 lottery is among these panels, so this is feasible).
    One LP; returns (lam, z) or None if HiGHS fails (numerical trouble)."""
    T = tm.num_types
    n = tm.n.astype(np.float64)
    P = np.asarray(panels, dtype=np.float64).reshape(len(panels), T)
    rows = np.nonzero(covered)[0]
    R = len(rows)
    row_of = np.full(T, -1, dtype=np.int64)
    row_of[rows] = np.arange(R)
    h = new_highs()
    h.setOptionValue("primal_feasibility_tolerance", 1e-9)
    h.setOptionValue("dual_feasibility_tolerance", 1e-9)
    # rows 0..R-1: prob_t >= floor; rows R..2R-1: prob_t - z p_t >= 0; row 2R: sum lam = 1
    h.addRows(
        2 * R + 1,
        np.concatenate([np.full(R, floor), np.zeros(R), [1.0]]),
        np.concatenate([np.full(2 * R, INF), [1.0]]),
        0,
        np.zeros(2 * R + 1, dtype=np.int32),
        np.zeros(0, dtype=np.int32),
        np.zeros(0),
    )
    starts, idx, vals = [], [], []
    pos = 0
    for c in P:
        nz = np.nonzero((c > 0) & covered)[0]
        starts.append(pos)
        r = row_of[nz]
        idx.append(np.concatenate([r, r + R, [2 * R]]).astype(np.int32))
        share = c[nz] / n[nz]
        vals.append(np.concatenate([share, share, [1.0]]))
        pos += 2 * len(nz) + 1
    h.addCols(
        len(P),
        np.zeros(len(P)),
        np.zeros(len(P)),
        np.full(len(P), INF),
        pos,
        np.asarray(starts, dtype=np.int32),
        np.concatenate(idx),
        np.concatenate(vals),
    )
    h.addCols(
        1,
        np.array([1.0]),
        np.array([0.0]),
        np.array([INF]),
        R,
        np.array([0], dtype=np.int32),
        (np.arange(R) + R).astype(np.int32),
        -p[rows].astype(np.float64),
    )
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    x = np.array(h.getSolution().col_value)
    lam = np.maximum(x[: len(P)], 0.0)
    return lam / lam.sum(), float(x[len(P)])


def find_lottery(
    tm: TypeModel,
    *,
    leximin: bool = True,
    eps: float = 1e-9,
    progress: ProgressFn | None = None,
    threads: int | None = None,
    seed: int = 0,
    time_limit: float | None = None,
    smoothing: float = 0.7,
    fast_path: bool = True,
    fast_tol: float = 1e-6,
    extra_columns: int = 0,
    parallel: bool | None = None,
    smooth_gap: float = 1e-4,
    face: bool = True,
    abs_tol: float = 0.0,
    exact_seconds: float = 0.0,
    level_one_first: bool = True,
    level_one_seconds: float | None = None,
    peel: bool = True,
) -> LotteryResult:
    """Leximin (or, with ``leximin=False``, maximin) lottery over panels of type counts.

    With ``fast_path`` LEXIMIN first tries the relaxation-guided route: compute the LEXIMIN
    vector p over the LP relaxation (pure LPs), then one column generation for "max z such that
    every type gets at least z p_t". z >= 1 - fast_tol proves the lottery LEXIMIN (within
    fast_tol relative); otherwise (or once the Lagrangian bound shows z < 1) it falls back to the
    level-by-level method, keeping all panels found.

    ``face``: during the fast path the pricing MIP only looks at panels that can be in a lottery
    whose mean is exactly the target (``PanelOracle.restrict_to_face``); the others can never
    reach z = 1, and skipping them needs fewer rounds. ``parallel`` (default: from
    ``PARALLEL_MIN_TYPES`` types on, with two or more cores) prices at a second dual point in a
    second process each round (``pricer.PricingWorker``).

    ``abs_tol`` (default 0: exact): the fast path also stops as soon as the lottery gives every
    type at least its relaxation-LEXIMIN probability minus ``abs_tol`` (an absolute probability).
    The reference implementation stops each level at such a tolerance (its EPS = 0.0005); with the
    same value the two are compared like for like. ``stats["max_shortfall"]`` reports the largest
    amount by which a type stays below its LEXIMIN value (0 when exact).

    ``exact_seconds`` (> 0): a budget in CPU seconds of this process, counted from the start of
    the run. Every LP and MIP gets what is left of it as its time limit. The smallest probability
    (level 1) is always finished exactly, also past the budget (``level_one_seconds`` is its
    safety cap, default twice the budget and at least 60 s); once the budget is spent the run stops and returns
    the best lottery over the panels found that keeps that exact smallest probability (anytime).
    ``stats["exact"]`` says whether the result is exact LEXIMIN, ``stats["smallest_exact"]``
    whether the smallest probability is, ``stats["exact_levels"]`` how many levels are.
    So the run takes at most max(exact_seconds, level_one_seconds) CPU seconds plus one solver
    call's minimum (``MIN_CALL_SECONDS``) and the cover phase. With a budget, ``abs_tol`` does
    not change the aim; it only lets the run stop earlier once every type is that close.

    ``peel`` (default True): before the fast path's column generation, write the relaxation's
    LEXIMIN greedily as panels (``PanelOracle.peel``; in the second process, while level 1 runs,
    when there is one) and start from them. ``stats["peel"]`` says how it went."""
    if abs_tol < 0 or exact_seconds < 0 or (level_one_seconds is not None and level_one_seconds < 0):
        raise ValueError("abs_tol, exact_seconds and level_one_seconds must be >= 0")
    if level_one_seconds is None and exact_seconds > 0:
        level_one_seconds = max(2.0 * exact_seconds, LEVEL_ONE_MIN_SECONDS)
    t_start = time.perf_counter()
    T = tm.num_types

    shown = [0.0]

    def report(frac: float, text: Progress) -> None:
        # The bar never goes back (a second fast-path phase starts its own count).
        shown[0] = max(shown[0], min(max(frac, 0.0), 1.0))
        if progress is not None:
            progress(float(shown[0]), text)

    oracle = PanelOracle(tm, threads=threads)
    if parallel is None:
        parallel = T >= PARALLEL_MIN_TYPES and (os.cpu_count() or 1) >= 2 and threads != 1
    worker = PricingWorker(tm) if parallel else None
    try:
        return _find_lottery(
            tm,
            oracle,
            worker,
            leximin=leximin,
            eps=eps,
            report=report,
            progress=progress,
            threads=threads,
            seed=seed,
            time_limit=time_limit,
            smoothing=smoothing,
            fast_path=fast_path,
            fast_tol=fast_tol,
            extra_columns=extra_columns,
            smooth_gap=smooth_gap,
            face=face,
            abs_tol=abs_tol,
            exact_seconds=exact_seconds,
            t_start=t_start,
            level_one_first=level_one_first,
            level_one_seconds=level_one_seconds,
            peel=peel,
        )
    finally:
        if worker is not None:
            worker.close()


def _find_lottery(
    tm: TypeModel,
    oracle: PanelOracle,
    worker: PricingWorker | None,
    *,
    leximin: bool,
    eps: float,
    report: Callable[[float, Progress], None],
    progress: ProgressFn | None,
    threads: int | None,
    seed: int,
    time_limit: float | None,
    smoothing: float,
    fast_path: bool,
    fast_tol: float,
    extra_columns: int,
    smooth_gap: float,
    face: bool,
    abs_tol: float,
    exact_seconds: float,
    t_start: float,
    level_one_first: bool = True,
    level_one_seconds: float | None = None,
    peel: bool = True,
) -> LotteryResult:
    T = tm.num_types
    n = tm.n.astype(np.float64)
    cpu_start = time.process_time()
    report(0.0, Progress("progress.start_panels"))

    # 1. Cover phase: find panels until every type that can sit in some panel is in one.
    # Types that are in no valid panel at all get probability 0 and are fixed right away.
    covered = np.zeros(T, dtype=bool)
    initial: list[np.ndarray] = []
    rng = np.random.default_rng(seed)
    swaps = SwapSearch(tm)
    last: np.ndarray | None = None
    while not covered.all():
        w = (~covered).astype(np.float64) * (1.0 + 0.01 * rng.random(T))
        if last is not None:
            # Cheap first: local search from the previous panel towards the uncovered types.
            c = swaps.improve(last, w)
            if np.any(c[~covered] > 0):
                initial.append(c)
                covered |= c > 0
                last = c
                report(0.05 * covered.mean(), Progress("progress.start_panels"))
                continue
        res = oracle.solve(w, rel_gap=0.05, presolve=True)
        if not res.panels:
            break
        c = res.panels[0]
        if not np.any(c[~covered] > 0):
            # Best panel covers no new type: check with an exact bound.
            if res.bound < 1.0 - 1e-6:
                break
            res = oracle.solve(w, rel_gap=0.0, presolve=True)
            c = res.panels[0] if res.panels else c
            if not np.any(c[~covered] > 0):
                break
        initial.append(c)
        covered |= c > 0
        last = c
        report(0.05 * covered.mean(), Progress("progress.start_panels"))
    if not initial:
        raise SolverError([Issue("solver.no_valid_panel")])
    t_cover = time.perf_counter() - t_start
    never = np.nonzero(~covered)[0]
    counters = _Counters()
    levels: list[dict] = []
    settled: float | None = None
    fast_used = False
    fast_panels: list[np.ndarray] = []
    lam = None
    panels_list: list[np.ndarray] = []
    target: np.ndarray | None = None
    outcomes: list[str] = []
    phase_z: list[float] = []

    # 2. Fast path (LEXIMIN only): level 1 (maximin) exactly, then reach the relaxation's LEXIMIN
    # vector in one column generation. With ``exact_seconds`` every solver call is limited to what
    # is left of that CPU budget; when it is spent, the lottery is the best blend of the panels
    # found that keeps the exact smallest probability (``_blend``): an anytime result.
    deadline = cpu_start + exact_seconds if exact_seconds > 0 else None
    level_one_deadline = None
    if level_one_seconds is not None and level_one_seconds > 0:
        level_one_deadline = cpu_start + level_one_seconds
    level_one_value: float | None = None
    level_one_rounds = 0
    level_one_exact = True
    level_one_bound: float | None = None
    budget_spent = False
    exact_levels: int | None = None
    peel_stats: dict | None = None

    def level_one(pricing_worker: PricingWorker | None, inject: Callable[[], list[np.ndarray]] | None = None):
        return _level_one(
            tm,
            oracle,
            pricing_worker,
            initial,
            covered,
            never,
            counters,
            report,
            eps=eps,
            smoothing=smoothing,
            smooth_gap=smooth_gap,
            threads=threads,
            swaps=swaps,
            extra=extra_columns,
            progress=progress,
            deadline=level_one_deadline,
            face=face,
            inject=inject,
            rel_tol=fast_tol / 2,  # half, as in the fast path: room for the LP's noise
        )

    if not leximin and level_one_first:
        # Maximin is level 1 alone.
        level_start = time.perf_counter()
        z1, panels_list, lam, ub1, level_one_exact = level_one(worker)
        level_one_value, level_one_bound, level_one_rounds = z1, ub1, counters.rounds
        budget_spent = not level_one_exact
        fast_used = True  # nothing more to do
        settled = time.perf_counter() - t_start
        levels.append(
            {
                "value": z1,
                "fixed": int(covered.sum()),
                "rounds": counters.rounds,
                "seconds": settled - (level_start - t_start),
            }
        )
    if leximin and fast_path:
        p = relaxed_leximin(tm, covered)
        if p is not None and np.all(p[covered] > 1e-12):
            fast = _FastState()
            seeds = initial
            # The peel (``PanelOracle.peel``): the relaxation's LEXIMIN written greedily as panels,
            # which on pools with hundreds of profiles gives nearly all of the exact lottery in
            # about one MIP per panel. With a second process it runs there while level 1 runs here.
            peel_seconds = None if deadline is None else max(exact_seconds, MIN_CALL_SECONDS)
            peeling = peel and worker is not None and worker.submit("peel", p * n, seed=seed, seconds=peel_seconds)
            peel_started = time.perf_counter()
            peeled = None
            peel_arrival: float | None = None

            def peel_arrived() -> list[np.ndarray]:
                # Level 1 takes the peel's panels as soon as the second process has them.
                nonlocal peeled, peel_arrival
                if peeling and peeled is None and worker.ready():
                    peeled = worker.result()
                    peel_arrival = time.perf_counter()
                    return list(peeled.panels) if peeled is not None else []
                return []

            if level_one_first:
                # Level 1 (the smallest probability, maximin) exactly, before anything else; only
                # the safety cap ``level_one_seconds`` can stop it (then nothing else is done).
                z1, level1_panels, lam1, ub1, level_one_exact = level_one(
                    None if peeling else worker, inject=peel_arrived
                )
                level_one_value = z1
                level_one_bound = ub1
                level_one_rounds = counters.rounds
                if not level_one_exact:
                    budget_spent = True
                    fast_used = True  # no level-by-level either: publish the level-1 lottery
                    panels_list = level1_panels
                    lam = lam1
                    exact_levels = 0
                    outcomes.append("level_one_cap")
                else:
                    fast.floor = max(0.0, z1 - FIX_SLACK)
                    fast.settled = time.perf_counter() - t_start
                    report(0.05, Progress("progress.smallest_fixed", probability=float(z1)))
                    seeds = initial + level1_panels
            if peeling and peeled is None:
                t_wait = time.perf_counter()
                peeled = worker.result()
                counters.waited += time.perf_counter() - t_wait
            elif (
                not peeling
                and peel
                and level_one_exact
                and not (deadline is not None and _remaining(deadline, counters) <= 0)
            ):
                peeled = oracle.peel(
                    p * n,
                    seed=seed,
                    should_stop=None if deadline is None else lambda: _remaining(deadline, counters) <= 0,
                )
            if peeled is not None:
                peel_stats = {
                    "panels": len(peeled.panels),
                    "mass_left": peeled.mass_left,
                    "outcome": peeled.outcome,
                    "seconds": (peel_arrival or time.perf_counter()) - peel_started,
                    "process": "second" if peeling else "this",
                }
                log.info("peel: %s", peel_stats)
                seeds = list(seeds) + list(peeled.panels)
            run = _RunSettings(
                face=face,
                fast_tol=fast_tol,
                eps=eps,
                smoothing=smoothing,
                extra_columns=extra_columns,
                smooth_gap=smooth_gap,
                report=report,
                t_start=t_start,
                time_limit=time_limit,
                threads=threads,
                counters=counters,
                swaps=swaps,
            )
            if level_one_exact:
                # Without a budget a tolerance is the aim (the reference's stopping rule, for
                # like-for-like benchmarks); with a budget the aim is exact and a tolerance only
                # lets it stop earlier.
                _fast_path(
                    tm,
                    oracle,
                    worker,
                    fast,
                    run,
                    p=p,
                    covered=covered,
                    never=never,
                    seeds=seeds,
                    tol=abs_tol if deadline is None else 0.0,
                    deadline=deadline,
                    accept_within=abs_tol if deadline is not None else 0.0,
                )
                fast_panels += fast.panels
                outcomes.append(fast.outcome)
                phase_z.append(fast.z)
                if fast.outcome == "timeout":
                    budget_spent = True
                    # Anytime: the panels of level 1 and of the fast path, blended so that nobody
                    # is below the exact smallest probability and the rest is as near p as they allow.
                    pool = list(seeds) + list(fast.panels)
                    blended = None
                    if level_one_first:
                        # The exact value first; a hair below it if the LP finds that infeasible.
                        blended = _blend(tm, pool, covered, p, float(level_one_value)) or _blend(
                            tm, pool, covered, p, fast.floor
                        )
                    if blended is not None:
                        lam, zb = blended
                        panels_list = pool
                        phase_z.append(zb)
                    else:
                        lam = fast.lam
                        panels_list = fast.panels
                    fast_used = True
                    target = p
                    exact_levels = 1 if level_one_first else 0
                    settled = fast.settled
                elif fast.outcome in ("exact", "within_tol"):
                    fast_used = True
                    target = p
                    panels_list = fast.panels
                    lam = fast.lam
                    settled = fast.settled if fast.settled is not None else time.perf_counter() - t_start
                if fast_used and fast.outcome != "timeout":
                    for v in np.unique(np.round(p[covered], 12)):
                        levels.append(
                            {
                                "value": float(v),
                                "fixed": int(np.sum(np.abs(p[covered] - v) < 5e-13)),
                                "rounds": counters.rounds,
                                "seconds": time.perf_counter() - t_start,
                            }
                        )
                if not fast_used:
                    log.info("fast path ended with %s: level by level", fast.outcome)

    # 3. Level by level (maximin = the first level). Level 1 has only the safety cap; the later
    # levels stop when the budget is spent (the last master lottery keeps every fixed level).
    if not fast_used:
        unfixed = covered.copy()
        fixed_value = np.zeros(T)
        master = DualMaster(tm, unfixed, threads=threads)
        master.add_panels(initial)
        master.add_panels(fast_panels)
        if len(never):
            master.fix(never, 0.0)
        z = 0.0
        while unfixed.any():
            level_start = time.perf_counter()
            r0 = counters.rounds
            center, z_relax = relaxation_center(tm, unfixed, fixed_value, zero=~covered)
            if center is None:
                center = np.where(unfixed, n, 0.0)
                center /= center.sum()

            def on_level_round(z_: float, ub: float, lam_: np.ndarray) -> bool:
                if progress is not None and counters.rounds % 10 == 0 and not levels:
                    report(
                        0.05 * min(1.0, z_ / max(ub, 1e-12)),
                        Progress("progress.smallest_between", low=float(z_), high=float(ub)),
                    )
                return False

            y, mu, z, lam, ub = _column_generation(
                master,
                oracle,
                unfixed,
                fixed_value,
                center,
                eps=eps,
                smoothing=smoothing,
                counters=counters,
                label=f"level {len(levels) + 1}",
                on_round=on_level_round,
                swaps=swaps,
                extra=extra_columns,
                worker=worker,
                smooth_gap=smooth_gap,
                deadline=level_one_deadline if not levels else deadline,
            )
            rounds = counters.rounds - r0
            if counters.budget_spent:
                # The budget (or, at level 1, the safety cap) is spent: publish this lottery.
                budget_spent = True
                exact_levels = len(levels)
                if not levels:
                    level_one_exact = False
                    level_one_value, level_one_bound = z, ub
                break
            if not levels:
                level_one_value = level_one_value if level_one_value is not None else z
            if not leximin:
                settled = time.perf_counter() - t_start
                levels.append(
                    {
                        "value": z,
                        "fixed": int(unfixed.sum()),
                        "rounds": rounds,
                        "seconds": time.perf_counter() - level_start,
                    }
                )
                break
            # Types with a positive dual weight cannot be raised above z: fix them.
            cand = np.nonzero(unfixed & (y > 1e-9))[0]
            if len(cand) == 0:
                cand = np.array([int(np.argmax(np.where(unfixed, y, -1.0)))])
            value = max(0.0, z - FIX_SLACK)
            fixed_value[cand] = value
            unfixed[cand] = False
            master.fix(cand, value)
            now = time.perf_counter() - t_start
            if settled is None:
                settled = now
            levels.append(
                {"value": z, "fixed": len(cand), "rounds": rounds, "seconds": time.perf_counter() - level_start}
            )
            done = 1.0 - unfixed.sum() / max(1, covered.sum())
            report(
                0.05 + 0.9 * done,
                Progress(
                    "progress.level_fixed",
                    level=len(levels),
                    probability=float(z),
                    groups=len(cand),
                    remaining=int(unfixed.sum()),
                ),
            )
            if time_limit is not None and now > time_limit:
                raise SolverError([Issue("solver.time_limit")])
        panels_list = master.panels

    # The last LP's primal solution (lam) satisfies all fixed lower bounds: it is the lottery.
    panels = np.array(panels_list, dtype=np.int64)
    lam = np.asarray(lam, dtype=np.float64)
    lam[lam < 1e-12] = 0.0
    lam = lam / lam.sum()
    keep = lam > 0
    panels = panels[keep]
    lam = lam[keep]
    type_probs = (lam @ panels) / n
    gap = target[covered] - type_probs[covered] if target is not None else np.zeros(1)
    shortfall = float(gap.max())
    exact = not budget_spent and (target is None or bool(np.all(gap <= fast_tol * target[covered])))
    if exact:
        exact_levels = None  # all of them
    report(1.0, Progress("progress.done"))
    return LotteryResult(
        panels=panels,
        probabilities=lam,
        type_probabilities=type_probs,
        levels=levels,
        settled_seconds=settled if level_one_exact else None,
        stats={
            "cover_seconds": t_cover,
            "mip_calls": oracle.calls,
            "mip_seconds": oracle.seconds,
            "lp_pricing_answers": oracle.lp_answers,
            "lp_seconds": counters.lp_seconds,
            "second_process_mip_calls": counters.worker_calls,
            "rounds": counters.rounds,
            "fast_path": fast_used,
            "fast_path_phases": outcomes,
            "fast_path_z": phase_z,
            # The peel: panels taken, the share of the target left, how it ended, wall seconds.
            "peel": peel_stats,
            "portfolio": len(panels_list),
            "types": T,
            "abs_tol": abs_tol,
            "exact_seconds": exact_seconds if exact_seconds > 0 else None,
            "level_one_seconds": level_one_seconds,
            # Exact: every type within fast_tol (relative) of LEXIMIN (always so level by level,
            # unless the budget stopped it).
            "exact": exact,
            # The smallest probability (level 1, maximin) proven exact; False only when the
            # safety cap level_one_seconds stopped it (level_one_bound is then an upper bound).
            "smallest_exact": level_one_exact,
            # How many LEXIMIN levels are exact when the result is not (None: all).
            "exact_levels": exact_levels,
            "budget_spent": budget_spent,
            "limited_solver_calls": counters.limited_calls,
            "max_shortfall": max(0.0, shortfall),
            "level_one_value": level_one_value,
            "level_one_bound": level_one_bound,
            "level_one_rounds": level_one_rounds,
            "cpu_seconds": time.process_time() - cpu_start,
            # What the budget counted: CPU seconds plus idle waiting for the second process.
            "budget_seconds": _clock(counters) - cpu_start,
        },
    )
