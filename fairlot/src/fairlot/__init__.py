"""fairlot: fair selection by lot for citizens' panels (pure Python + numpy + HiGHS; no Django).

Instance in, lottery out, verify::

    inst = Instance(people={...}, quotas=[Quota("gender", "woman", 10, 12), ...], panel_size=24)
    result = select(inst, algorithm="leximin")          # or "maximin", "legacy"
    result.probabilities["p17"]                          # selection probability of a person
    uniform = round_to_uniform(result, m=1000, seed=7)   # m equally likely panels
    data = uniform.published()                           # publish before the seed is known
    panel = draw(data, seed="2025-06-01 Lotto 4 8 15 16 23 42")
    assert verify(data, seed="2025-06-01 Lotto 4 8 15 16 23 42") == panel

Algorithms: LEXIMIN (Flanigan et al., Nature 2021) by column generation over volunteer types,
maximin (its first level) and the legacy sequential draw (Monte Carlo estimate) for comparison.
Errors carry ``issues`` and the progress callback gets a ``Progress``: stable codes with
parameters (fairlot.messages) that applications translate; ``str()`` gives English.
``__all__`` is the public API; see README.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from .draw import FORMAT, FORMATS, draw, publish, seed_to_index, verify
from .errors import InfeasibleQuotas, InvalidInstance, Relaxation, SelectionError, SolverError
from .feasibility import check_feasible
from .io import load_instance, read_instance
from .legacy import legacy_lottery
from .leximin import find_lottery
from .messages import TEMPLATES, Issue, Message, Progress
from .model import (
    Instance,
    Labels,
    Quota,
    TypeModel,
    compile_instance,
    is_whole,
    people_panel_satisfies,
    shown_number,
)
from .rounding import expand_one, expand_uniform, repair_listing, round_lottery

__version__ = "1.8.0"
ENGINE_VERSION = __version__
ALGORITHMS = ("leximin", "maximin", "legacy")
#: The reference implementation ends each LEXIMIN level once it improves by at most this much
#: (an absolute probability); ``tolerance=`` without a budget compares like for like with it. The
#: application passes no tolerance, only the budget ``DEFAULT_EXACT_SECONDS`` (its setting
#: ``SELECTION_EXACT_SECONDS``): the smallest chance is always exact.
REFERENCE_TOLERANCE = 0.0005
DEFAULT_EXACT_SECONDS = 300
#: round_to_uniform tries at most this many seeded starts (rounding.py).
ROUNDING_STARTS = 8

__all__ = [
    "ALGORITHMS",
    "DEFAULT_EXACT_SECONDS",
    "ENGINE_VERSION",
    "FORMAT",
    "FORMATS",
    "REFERENCE_TOLERANCE",
    "TEMPLATES",
    "InfeasibleQuotas",
    "Instance",
    "InvalidInstance",
    "Issue",
    "Labels",
    "Message",
    "Progress",
    "Quota",
    "Relaxation",
    "SelectionError",
    "SelectionResult",
    "SolverError",
    "UniformLottery",
    "check",
    "draw",
    "gini",
    "load_instance",
    "people_panel_satisfies",
    "publish",
    "read_instance",
    "round_to_uniform",
    "seed_to_index",
    "select",
    "verify",
]

ProgressFn = Callable[[float, Progress], None]


def gini(values: Iterable[float]) -> float:
    """Gini coefficient (0 = everyone the same probability)."""
    x = np.sort(np.asarray(list(values), dtype=np.float64))
    if len(x) == 0 or x.sum() <= 0:
        return 0.0
    i = np.arange(1, len(x) + 1)
    return float((2.0 * (i * x).sum()) / (len(x) * x.sum()) - (len(x) + 1.0) / len(x))


@dataclass
class SelectionResult:
    """Outcome of :func:`select`.

    ``probabilities``: person id -> selection probability (already seated members: 1.0).
    ``panel_counts`` / ``panel_probabilities``: the lottery as type-count vectors (over the pool
    without seated members) and their probabilities; ``panel_people(i, seed)`` expands panel i to
    person ids (deterministic given the seed, fair within a type), seated members included.
    """

    algorithm: str
    engine_version: str
    instance: Instance
    type_model: TypeModel
    seated: list[str]
    probabilities: dict[str, float]
    type_probabilities: np.ndarray
    panel_counts: np.ndarray
    panel_probabilities: np.ndarray
    timings: dict[str, float]
    settled_seconds: float | None = None
    levels: list[dict] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    @property
    def min_probability(self) -> float:
        return min(self.probabilities.values()) if self.probabilities else 0.0

    @property
    def gini(self) -> float:
        return gini(self.probabilities.values())

    def panel_people(self, i: int, seed: object = 0) -> list[str]:
        return list(self.seated) + expand_one(self.type_model, self.panel_counts[i], seed, label=i)

    def lottery(self, seed: object = 0) -> list[tuple[float, list[str]]]:
        """The lottery as (probability, person ids) pairs."""
        return [(float(p), self.panel_people(i, seed)) for i, p in enumerate(self.panel_probabilities)]


@dataclass
class UniformLottery:
    """m equally likely panels (person ids), from :func:`round_to_uniform`."""

    panels: list[list[str]]
    marginals: dict[str, float]
    max_deviation: float  # max over types |rounded marginal - lottery marginal|
    bound: float  # documented bound on that deviation (see rounding.py): max(rounding bound, 1/m)
    method: str
    seed: object
    algorithm: str
    engine_version: str
    seconds: float
    #: max over people |share of the m panels - probability| (within 1/m when outside_window is 0)
    max_person_deviation: float = 0.0
    #: types whose members are not all within 1/m (no single-seat move could help them)
    outside_window: int = 0

    @property
    def m(self) -> int:
        return len(self.panels)

    def published(self) -> dict:
        return publish(
            self.panels,
            engine_version=self.engine_version,
            algorithm=self.algorithm,
            draw_procedure="index = int(sha256(utf8(seed)), big-endian) mod m; panels numbered 0..m-1",
        )


def select(
    instance: Instance,
    algorithm: str = "leximin",
    *,
    seated: Iterable[str] = (),
    progress: ProgressFn | None = None,
    seed: int = 0,
    legacy_draws: int = 1000,
    threads: int | None = None,
    time_limit: float | None = None,
    tolerance: float = 0.0,
    exact_seconds: float = 0.0,
    level_one_seconds: float | None = None,
) -> SelectionResult:
    """Compute the selection lottery and everyone's selection probability.

    ``seated``: ids of members who already sit (replacement round); they are in every panel.
    ``tolerance`` (LEXIMIN, default 0 = exact): accept a lottery in which every probability is at
    most this much (absolute) below its LEXIMIN value; see ``leximin.find_lottery(abs_tol=…)``.
    ``exact_seconds`` (> 0, LEXIMIN and maximin): a budget in CPU seconds of the engine's process.
    LEXIMIN is exact if that takes at most this long; otherwise the run stops there and returns
    the best lottery over the panels found that keeps the exact smallest probability
    (``stats["exact"]``, ``stats["smallest_exact"]``, ``stats["exact_levels"]`` say what is exact).
    The smallest probability is finished exactly also past the budget, up to the safety cap
    ``level_one_seconds`` (default twice the budget, at least 60 s). A run takes at most
    max(exact_seconds, level_one_seconds) CPU seconds plus about a second (one solver call's
    minimum) and the search for the first panels.
    ``progress(fraction, Progress)``: called as the work goes on; fraction never goes back.
    Raises InvalidInstance / InfeasibleQuotas (with ``issues`` and ``relaxations``) / SolverError."""
    if algorithm not in ALGORITHMS:
        raise SelectionError(
            [Issue("input.unknown_algorithm", algorithm=str(algorithm), choices=", ".join(ALGORITHMS))]
        )
    t0 = time.perf_counter()
    seated_ids: list[str] = []
    work = instance
    seated = list(seated)
    if seated:
        work, seated_ids = instance.with_seated(seated)
    if progress:
        progress(0.0, Progress("progress.checking"))
    tm = compile_instance(work)
    if work.panel_size == 0:
        # Everyone is already seated: the only panel is the seated members.
        probs = {pid: 0.0 for pid in instance.people}
        for pid in seated_ids:
            probs[pid] = 1.0
        return SelectionResult(
            algorithm,
            ENGINE_VERSION,
            instance,
            tm,
            seated_ids,
            probs,
            np.zeros(tm.num_types),
            np.zeros((1, tm.num_types), dtype=np.int64),
            np.ones(1),
            {"total": time.perf_counter() - t0},
        )
    check_feasible(tm)
    t_feas = time.perf_counter() - t0

    def sub_progress(lo: float, hi: float):
        if progress is None:
            return None
        return lambda f, message: progress(lo + (hi - lo) * f, message)

    settled = None
    levels: list[dict] = []
    stats: dict = {}
    if algorithm == "legacy":
        panels, lam, stats = legacy_lottery(tm, draws=legacy_draws, seed=seed, progress=sub_progress(0.05, 1.0))
        type_probs = (lam @ panels) / tm.n
    else:
        res = find_lottery(
            tm,
            leximin=(algorithm == "leximin"),
            progress=sub_progress(0.05, 1.0),
            threads=threads,
            seed=seed,
            time_limit=time_limit,
            abs_tol=tolerance,
            exact_seconds=exact_seconds,
            level_one_seconds=level_one_seconds,
        )
        panels, lam, type_probs = res.panels, res.probabilities, res.type_probabilities
        levels, stats = res.levels, res.stats
        if res.settled_seconds is not None:
            settled = t_feas + res.settled_seconds
    probs: dict[str, float] = {}
    removed = set(instance.people) - set(tm.person_ids)
    for pid in instance.people:
        probs[pid] = 0.0
    for pid, t in zip(tm.person_ids, tm.type_of, strict=False):
        probs[pid] = float(type_probs[t])
    for pid in removed:
        probs[pid] = 0.0
    for pid in seated_ids:
        probs[pid] = 1.0
    total = time.perf_counter() - t0
    if progress:
        progress(1.0, Progress("progress.done"))
    return SelectionResult(
        algorithm=algorithm,
        engine_version=ENGINE_VERSION,
        instance=instance,
        type_model=tm,
        seated=seated_ids,
        probabilities=probs,
        type_probabilities=np.asarray(type_probs),
        panel_counts=np.asarray(panels, dtype=np.int64),
        panel_probabilities=np.asarray(lam, dtype=np.float64),
        timings={"feasibility": t_feas, "solve": total - t_feas, "total": total},
        settled_seconds=settled,
        levels=levels,
        stats=stats,
    )


def check(instance: Instance, *, seated: Iterable[str] = ()) -> None:
    """Raise InvalidInstance or InfeasibleQuotas (the reasons and the smallest quota change that
    helps) if no panel satisfies the quotas; return None if one does. Cheaper than :func:`select`."""
    work = instance
    seated = list(seated)
    if seated:
        work, _ = instance.with_seated(seated)
        if work.panel_size == 0:
            return  # every seat is taken already
    check_feasible(compile_instance(work))


def round_to_uniform(
    result: SelectionResult, m: int = 1000, *, seed: object = 0, time_limit: float = 120.0
) -> UniformLottery:
    """Round the lottery to m equally likely panels and expand them to person ids.

    Deterministic given the result, m and ``seed``: the same panels on any machine and under any
    load (rounding.py: seeded dependent rounding, exchanges, then single-seat moves until every
    person is within 1/m of their probability where that is possible). ``time_limit`` (CPU
    seconds of this process: a busy machine does not bring it closer; engine 1.8, measured on the
    4,070 pool, where the moves take 81 s and a wall-clock cap was reached under load) is only a
    safety net for the last step; if it is reached the lottery before that step is used, which
    is deterministic too (``method`` says so)."""
    if not is_whole(m):
        raise SelectionError([Issue("input.panel_count_not_whole", m=shown_number(m))])
    if m <= 0:
        raise SelectionError([Issue("input.panel_count_not_positive")])
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    tm = result.type_model
    # A few deterministic starts (the seed, then the seed with a suffix); the first whose moves
    # bring every person within 1/m wins, otherwise the one with the fewest types left outside.
    # If the safety-net time cap is reached, the first start's rounding without moves is used:
    # deterministic too, only less close.
    best = None
    first = None
    for attempt in range(ROUNDING_STARTS):
        rr = round_lottery(
            result.panel_counts, result.panel_probabilities, tm.n, m, seed=seed if attempt == 0 else f"{seed}/{attempt}"
        )
        listing = np.repeat(np.asarray(result.panel_counts, dtype=np.int64), rr.counts, axis=0)
        if first is None:
            first = (rr, listing)
        left = max(0.0, time_limit - (time.process_time() - cpu0))
        repaired = repair_listing(tm, listing, result.type_probabilities, time_limit=left)
        if repaired.timed_out:
            rr, plain = first
            best = (rr, repair_listing(tm, plain, result.type_probabilities, max_moves=0))
            best[1].timed_out = True
            break
        if best is None or repaired.left < best[1].left:
            best = (rr, repaired)
        if repaired.left == 0:
            break
    rr, repaired = best
    listing = repaired.listing
    method = rr.method + ("" if repaired.timed_out else "+moves")
    people_panels = expand_uniform(tm, list(listing), seed)
    if result.seated:
        pos = {pid: i for i, pid in enumerate(result.instance.people)}
        people_panels = [sorted(list(result.seated) + p, key=pos.__getitem__) for p in people_panels]
    counts: dict[str, int] = {pid: 0 for pid in result.instance.people}
    for p in people_panels:
        for pid in p:
            counts[pid] += 1
    marginals = {pid: c / m for pid, c in counts.items()}
    type_marginals = listing.sum(axis=0) / (tm.n * float(m)) if len(listing) else np.zeros(tm.num_types)
    type_dev = float(np.max(np.abs(type_marginals - result.type_probabilities))) if tm.num_types else 0.0
    person_dev = max((abs(marginals[pid] - result.probabilities[pid]) for pid in marginals), default=0.0)
    return UniformLottery(
        panels=people_panels,
        marginals=marginals,
        max_deviation=type_dev,
        bound=max(rr.bound, 1.0 / m),
        method=method,
        seed=seed,
        algorithm=result.algorithm,
        engine_version=result.engine_version,
        seconds=time.perf_counter() - t0,
        max_person_deviation=person_dev,
        outside_window=repaired.left,
    )
