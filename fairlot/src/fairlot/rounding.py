"""Rounding a lottery to a uniform lottery over m panels (Flanigan, Kehne, Procaccia, "Fair
Sortition Made Transparent", NeurIPS 2021), and expansion of type counts to persons.

Rounding. Given lam_P over panels, we want integers x_P >= 0 with sum x_P = m, so that panel P is
listed x_P times among m equally likely panels and every person's share of the m panels is close
to their probability. Three deterministic steps, no solver and no clock (the same input and seed
give the same panels on any machine and under any load):

1. each x_P becomes floor(m lam_P) or ceil(m lam_P) by a seeded dependent (Srinivasan) rounding;
2. pairwise exchanges (one panel down instead of up, another up instead of down) while they lower
   sum_t (dev_t / max dev)^8 over the types' deviations (:func:`round_lottery`);
3. single-seat moves inside the m panels, each keeping its panel valid, until every person is
   within 1/m of their probability (:func:`repair_listing`, also chains of two moves).

``round_to_uniform`` tries a few seeded starts and keeps the first that puts everyone within 1/m.
A cap of 120 CPU seconds is only a safety net: when reached, step 3 is left out (deterministic).

Documented bound: after steps 1-2 every panel count moves by less than one, so for every type t
    |pi'_t - pi_t| <= (1/m) * sum_{P fractional} |x_P - m lam_P| * c_{Pt}/n_t
                   <  (number of fractional panels containing t) / m;
step 3 moves a type only towards its probability or to within 1/m of it, so the bound reported
is max(that bound, 1/m). The achieved deviations (per type and per person) are reported
(``UniformLottery.max_deviation``, ``max_person_deviation``) next to it.

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

import numpy as np

from .model import TypeModel


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
    max_swaps: int | None = None,
) -> RoundingResult:
    """Panel counts x_P (floor or ceil of m lam_P, summing to m): the seeded dependent rounding,
    then pairwise exchanges (one panel rounded down instead of up, another up instead of down)
    while they lower sum_t (dev_t / max dev)^8, the deviations of the types' probabilities.
    Deterministic: no solver, no clock; a fixed budget of exchanges."""
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

    def deviation(x: np.ndarray) -> float:
        return float(np.max(np.abs((x / m) @ a - target))) if len(x) else 0.0

    dep = dependent_rounding(ml, seed)
    best = dep.copy()
    method = "dependent"
    bound_t = (np.maximum(frac, 1 - frac) * (frac > 0)) @ a / m
    F = np.flatnonzero((frac > 0) & (best >= base) & (best <= base + 1))
    if len(F) >= 2:
        u = (best[F] - base[F]).astype(np.float64)
        AF = a[F]  # (|F|, T)
        D = (u - frac[F]) @ AF  # deviation per type, in panels (times m)
        power, width = 8.0, 24
        budget = max_swaps if max_swaps is not None else 4 * len(F)
        for _ in range(budget):
            top = float(np.max(np.abs(D)))
            if top <= 1e-12:
                break
            sD = D / top
            obj = float(np.sum(np.abs(sD) ** power))
            grad = AF @ (np.sign(sD) * np.abs(sD) ** (power - 1))
            up, down = np.flatnonzero(u > 0.5), np.flatnonzero(u < 0.5)
            if len(up) == 0 or len(down) == 0:
                break
            out_ = up[np.lexsort((up, -grad[up]))[:width]]
            in_ = down[np.lexsort((down, grad[down]))[:width]]
            trial = D[None, None, :] - AF[out_][:, None, :] + AF[in_][None, :, :]
            score = np.sum(np.abs(trial / top) ** power, axis=2)
            i, j = np.unravel_index(int(np.argmin(score)), score.shape)
            if score[i, j] >= obj * (1 - 1e-12):
                break
            u[out_[i]], u[in_[j]] = 0.0, 1.0
            D = D - AF[out_[i]] + AF[in_[j]]
            method = "dependent+exchanges"
        best = base.copy()
        best[F] += u
        rest = np.setdiff1d(np.arange(len(ml)), F)
        best[rest] = dep[rest]
    best = best.astype(np.int64)
    return RoundingResult(
        counts=best,
        max_deviation=deviation(best),
        bound=float(np.max(bound_t)) if len(bound_t) else 0.0,
        method=method,
        seconds=time.perf_counter() - t0,
    )


@dataclass
class RepairResult:
    listing: np.ndarray  # (m, T) type counts of the m panels, in listing order
    moves: int  # single-seat swaps made
    left: int  # types still outside their window (0 = every person within 1/m)
    timed_out: bool = False  # the safety-net time cap was hit: the listing is the unrepaired one


def repair_listing(
    tm: TypeModel,
    listing: np.ndarray,
    type_probabilities: np.ndarray,
    *,
    max_moves: int | None = None,
    time_limit: float | None = None,
) -> RepairResult:
    """Move single seats between types inside the m panels until every person's share of the m
    panels is within 1/m of its probability, where single swaps allow it.

    A person of type t in the uniform lottery sits in floor or ceil of S_t / n_t of the m panels
    (S_t = the type's seats in all m panels; round-robin, :func:`expand_uniform`). Every person is
    within 1/m of the probability pi_t (the target tau_t = m pi_t, in panels) when S_t lies in
    the window [n_t ceil(tau_t - 1), n_t floor(tau_t + 1)]. A move takes one seat of a type above
    its window (or gives one to a type below it) in one panel and gives it to (takes it from)
    another type in the same panel that stays in its window, preferring types on the other side
    of theirs; the panel must keep every quota, its type sizes and the household rule. So every
    move lowers the total distance to the windows and puts nobody outside: the deviation of a
    type never grows beyond max(its start, 1/m).

    Deterministic: integer arithmetic on the counts, ties broken by type and panel number, a
    fixed budget of moves (no clock). Types no move can help stay as they are (``left``).
    ``time_limit`` (CPU seconds of this process, so other programs' load hardly moves it) is
    only a safety net: when it is reached the unrepaired listing is returned (``timed_out``),
    which is just as deterministic."""
    t0 = time.process_time()
    C = np.array(listing, dtype=np.int64)
    m, T = C.shape
    if m == 0 or T == 0:
        return RepairResult(C, 0, 0)
    n = tm.n.astype(np.int64)
    A = tm.A.astype(np.int64)  # (V, T)
    Q = C @ A.T  # (m, V) seats per quota value
    S = C.sum(axis=0)
    # Round the target so that noise in the last digits of a probability cannot move a window.
    tau = np.round(np.asarray(type_probabilities, dtype=np.float64) * m, 9)
    lo = n * np.ceil(tau - 1.0).astype(np.int64)
    hi = n * np.floor(tau + 1.0).astype(np.int64)
    lo = np.maximum(lo, 0)
    hh_of = np.full(T, -1, dtype=np.int64)
    for i, hh in enumerate(tm.households):
        hh_of[np.asarray(hh, dtype=np.int64)] = i
    budget = max_moves if max_moves is not None else 20 * m + 10 * T
    moves = 0
    stuck = np.zeros(T, dtype=bool)
    moves_at_stuck = -1

    def move(j: int, src: int, dst: int) -> None:
        C[j, src] -= 1
        C[j, dst] += 1
        Q[j] += A[:, dst] - A[:, src]
        S[src] -= 1
        S[dst] += 1

    def valid(J: np.ndarray, src: int, dst: np.ndarray) -> np.ndarray:
        """ok[j, d]: one seat from ``src`` to type dst[d] in panel J[j] keeps the panel valid."""
        can_dec = Q[J] - 1 >= tm.qmin  # (|J|, V)
        can_inc = Q[J] + 1 <= tm.qmax
        dec = (A[:, [src]] == 1) & (A[:, dst] == 0)  # (V, |dst|): values that lose a seat
        inc = (A[:, [src]] == 0) & (A[:, dst] == 1)
        bad = (~can_dec).astype(np.int64) @ dec + (~can_inc).astype(np.int64) @ inc
        ok = (bad == 0) & (C[np.ix_(J, dst)] < n[dst]) & (C[J, src][:, None] >= 1)
        hd = hh_of[dst]
        if np.any(hd >= 0):
            for d in np.flatnonzero(hd >= 0):
                same = np.flatnonzero(hh_of == hd[d])
                others = C[np.ix_(J, same)].sum(axis=1) - (C[J, src] if hh_of[src] == hd[d] else 0)
                ok[:, d] &= others + 1 <= 1
        return ok

    everyone = np.arange(T)

    def first_panel(src: int, dst: int) -> int | None:
        J = np.flatnonzero(C[:, src] >= 1)
        ok = valid(J, src, np.array([dst]))[:, 0] if len(J) else np.zeros(0, dtype=bool)
        return int(J[np.flatnonzero(ok)[0]]) if ok.any() else None

    def chain(t: int, is_over: bool) -> bool:
        """Two moves through an intermediate type x whose seats stay the same: t -> x -> y
        (t over its window, y has room) or y -> x -> t (t under, y can spare one)."""
        if is_over:
            J = np.flatnonzero(C[:, t] >= 1)
            ends = np.flatnonzero((S < hi) & (everyone != t))
        else:
            J = np.flatnonzero(C[:, t] < n[t])
            ends = np.flatnonzero((S > lo) & (everyone != t))
        if len(J) == 0 or len(ends) == 0:
            return False
        others = everyone[everyone != t]
        if is_over:
            ok = valid(J, t, others)  # t -> x
            xs = others[ok.any(axis=0)]
        else:
            xs = [x for x in others if first_panel(int(x), t) is not None]  # x -> t
        for x in xs:
            x = int(x)
            cand = ends[ends != x]
            if is_over:
                Jx = np.flatnonzero(C[:, x] >= 1)
                if len(Jx) == 0:
                    continue
                okx = valid(Jx, x, cand)
                hit = np.flatnonzero(okx.any(axis=0))
                if len(hit) == 0:
                    continue
                j1 = first_panel(t, x)
                move(j1, t, x)
                y = int(cand[hit[0]])
                j2 = first_panel(x, y)
                if j2 is None:
                    move(j1, x, t)  # undo
                    continue
                move(j2, x, y)
                return True
            for y in cand[:256]:
                y = int(y)
                j1 = first_panel(x, t)
                if j1 is None:
                    break
                move(j1, x, t)
                j2 = first_panel(y, x)
                if j2 is None:
                    move(j1, t, x)  # undo
                    continue
                move(j2, y, x)
                return True
        return False

    while moves < budget:
        if time_limit is not None and time.process_time() - t0 > time_limit:
            C = np.array(listing, dtype=np.int64)
            S = C.sum(axis=0)
            return RepairResult(C, 0, int(np.sum((S > hi) | (S < lo))), timed_out=True)
        over = S - hi
        under = lo - S
        worst = np.maximum(over, under) / n  # in panels of one person
        worst[stuck] = 0
        t = int(np.argmax(worst))
        if worst[t] <= 0:
            if stuck.any() and moves > moves_at_stuck:
                # moves since a type got stuck may have opened a way for it: try once more
                stuck[:] = False
                moves_at_stuck = moves
                continue
            break
        if over[t] > 0:
            # give a seat of t to a type with room; the most under its window first
            room = np.flatnonzero((S < hi) & (np.arange(T) != t))
            order = room[np.lexsort((room, (S[room] - lo[room]) / n[room]))]
            J = np.flatnonzero(C[:, t] >= 1)
            found = None
            for start in range(0, len(order), 256):
                part = order[start : start + 256]
                ok = valid(J, t, part)
                cols = np.flatnonzero(ok.any(axis=0))
                if len(cols):
                    d = int(cols[0])
                    found = (int(J[np.flatnonzero(ok[:, d])[0]]), t, int(part[d]))
                    break
        else:
            # take a seat for t from a type that can spare one; the most over its window first
            spare = np.flatnonzero((S > lo) & (np.arange(T) != t))
            order = spare[np.lexsort((spare, -(S[spare] - hi[spare]) / n[spare]))]
            found = None
            J = np.flatnonzero(C[:, t] < n[t])
            for src in order:
                Js = J[C[J, src] >= 1]
                if len(Js) == 0:
                    continue
                ok = valid(Js, int(src), np.array([t]))[:, 0]
                if ok.any():
                    found = (int(Js[np.flatnonzero(ok)[0]]), int(src), t)
                    break
        if found is None and chain(t, over[t] > 0):
            moves += 2
            continue
        if found is None:
            stuck[t] = True
            continue
        move(*found)
        moves += 1
    left = int(np.sum((S > hi) | (S < lo)))
    return RepairResult(C, moves, left)


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
