"""Seeded generator of realistic Dutch-style pools for the selection benchmark.

A pool is what a hub gets after sending letters: volunteers who signed up, described by six
categories, and quotas close to the population's shares. Shapes (rounded, invented for the
benchmark, in the spirit of CBS figures for a Dutch region):

- gender (man / vrouw), age band (16–24 … 75+, seven bands), education (laag / middelbaar /
  hoog), area (eight municipalities of a region, one city), migration background (geen /
  westers / niet-westers) and care experience (geen / mantelzorger / werkt in zorg / client);
- correlations in the population: education by age band (older people more often "laag", young
  adults more often "middelbaar"), migration background by area (the city has most) and by age
  (younger more often), care experience by age (clients among the old, carers between 45 and 74)
  and by gender (women more often carers or care workers);
- who signs up is not the population: older, highly educated people and people with care
  experience answer more often, young people and people with a migration background less
  (a response propensity per category);
- quotas: each value's population share of the seats, rounded, ± 1 or 2 seats (seeded per
  category), the minimum capped by the volunteers who have the value.

Sizes (pool → seats): 300 → 30, 800 → 60, 1,500 → 100, 2,500 → 150. Such pools have hundreds
of distinct profiles (about 260 / 600 / 900 / 1,200), which is what makes exact LEXIMIN hard.

Deterministic: numpy's PCG64 from the seed, nothing else. ``write(folder, size, seed)`` writes
the format of the shared instances (``people.csv``, ``features.csv``, ``panel_size.txt``).

    python bench/sortition/pools.py OUT_DIR [--sizes 300,800] [--seeds 1,2,3]
"""

from __future__ import annotations

import argparse
import csv
import functools
from pathlib import Path

import numpy as np

SEATS = {300: 30, 800: 60, 1500: 100, 2500: 150}
SIZES = tuple(SEATS)
SEEDS = (1, 2, 3)

GENDER = ("man", "vrouw")
AGE = ("16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+")
AGE_SHARE = np.array([0.13, 0.16, 0.15, 0.16, 0.17, 0.13, 0.10])
EDUCATION = ("laag", "middelbaar", "hoog")
# P(education | age band): rows follow AGE.
EDU_BY_AGE = np.array(
    [
        [0.35, 0.50, 0.15],
        [0.15, 0.40, 0.45],
        [0.18, 0.38, 0.44],
        [0.24, 0.40, 0.36],
        [0.30, 0.40, 0.30],
        [0.38, 0.36, 0.26],
        [0.52, 0.30, 0.18],
    ]
)
AREA = ("stad", "noord", "oost", "zuid", "west", "midden", "kust", "heuvel")
AREA_SHARE = np.array([0.34, 0.11, 0.10, 0.10, 0.09, 0.09, 0.09, 0.08])
MIGRATION = ("geen", "westers", "niet-westers")
# P(migration | area), rows follow AREA; younger people a little more often (AGE_MIG below).
MIG_BY_AREA = np.array(
    [
        [0.58, 0.12, 0.30],
        [0.82, 0.09, 0.09],
        [0.80, 0.10, 0.10],
        [0.78, 0.09, 0.13],
        [0.76, 0.11, 0.13],
        [0.84, 0.08, 0.08],
        [0.81, 0.11, 0.08],
        [0.88, 0.07, 0.05],
    ]
)
AGE_MIG = np.array([1.5, 1.4, 1.2, 1.0, 0.8, 0.6, 0.5])
CARE = ("geen", "mantelzorger", "werkt in zorg", "client")
# P(care | age band) for men; women: carers and care workers more often (CARE_WOMEN).
CARE_BY_AGE = np.array(
    [
        [0.82, 0.06, 0.06, 0.06],
        [0.72, 0.09, 0.12, 0.07],
        [0.66, 0.13, 0.13, 0.08],
        [0.58, 0.20, 0.13, 0.09],
        [0.55, 0.23, 0.10, 0.12],
        [0.56, 0.22, 0.04, 0.18],
        [0.56, 0.12, 0.01, 0.31],
    ]
)
CARE_WOMEN = np.array([1.0, 1.4, 2.2, 1.0])
# Response propensity (relative) per value of each category.
RESPONSE = {
    "gender": np.array([1.0, 1.05]),
    "age": np.array([0.45, 0.65, 0.8, 1.0, 1.25, 1.5, 1.1]),
    "education": np.array([0.55, 0.9, 1.6]),
    "migration": np.array([1.0, 0.85, 0.55]),
    "care": np.array([0.9, 1.4, 1.5, 1.2]),
}
FEATURES = ("gender", "age", "education", "area", "migration", "care")
VALUES = {
    "gender": GENDER,
    "age": AGE,
    "education": EDUCATION,
    "area": AREA,
    "migration": MIGRATION,
    "care": CARE,
}


def _pick(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One index per row of ``probs`` (rows need not sum to 1)."""
    probs = probs / probs.sum(axis=1, keepdims=True)
    u = rng.random(len(probs))
    return np.minimum((probs.cumsum(axis=1) < u[:, None]).sum(axis=1), probs.shape[1] - 1)


def population(rng: np.random.Generator, count: int) -> dict[str, np.ndarray]:
    """``count`` people of the region (value indices per category)."""
    gender = rng.choice(2, size=count, p=[0.495, 0.505])
    age = rng.choice(len(AGE), size=count, p=AGE_SHARE)
    education = _pick(rng, EDU_BY_AGE[age])
    area = rng.choice(len(AREA), size=count, p=AREA_SHARE)
    mig = MIG_BY_AREA[area].copy()
    mig[:, 1:] *= AGE_MIG[age][:, None]
    migration = _pick(rng, mig)
    care = CARE_BY_AGE[age].copy()
    care[gender == 1] *= CARE_WOMEN
    care_i = _pick(rng, care)
    return {"gender": gender, "age": age, "education": education, "area": area, "migration": migration, "care": care_i}


@functools.cache
def shares() -> dict[str, np.ndarray]:
    """Population shares per category (from a large sample of the same model)."""
    big = population(np.random.default_rng([20261207, 0]), 400_000)
    return {f: np.bincount(big[f], minlength=len(VALUES[f])) / 400_000 for f in FEATURES}


def generate(size: int, seed: int) -> tuple[list[dict[str, str]], list[dict[str, object]], int]:
    """(people rows, quota rows, seats) of the pool with ``size`` volunteers and ``seed``."""
    if size not in SEATS:
        raise ValueError(f"size must be one of {sorted(SEATS)}")
    seats = SEATS[size]
    rng = np.random.default_rng([20261207, size, seed])
    share = shares()  # the same region for every pool
    chosen: dict[str, list[int]] = {f: [] for f in FEATURES}
    have = 0
    while have < size:
        batch = population(rng, 8 * size)
        weight = np.ones(8 * size)
        for f, resp in RESPONSE.items():
            weight *= resp[batch[f]]
        keep = rng.random(8 * size) < weight / 4.0
        for f in FEATURES:
            chosen[f].extend(batch[f][keep][: size - have].tolist())
        have = len(chosen["gender"])
    people = [{"id": f"p{i + 1:04d}", **{f: VALUES[f][chosen[f][i]] for f in FEATURES}} for i in range(size)]
    quotas: list[dict[str, object]] = []
    for f in FEATURES:
        margin = int(rng.integers(1, 3))  # 1 or 2 seats each side
        in_pool = np.bincount(np.asarray(chosen[f]), minlength=len(VALUES[f]))
        for v, value in enumerate(VALUES[f]):
            target = int(round(share[f][v] * seats))
            lo = max(0, min(target - margin, int(in_pool[v])))
            hi = max(lo, min(seats, target + margin))
            quotas.append({"feature": f, "value": value, "min": lo, "max": hi})
    return people, quotas, seats


def name(size: int, seed: int) -> str:
    return f"gen_nl_{size}_s{seed}"


def write(folder: Path, size: int, seed: int) -> Path:
    """Write the pool in the shared instances' format into ``folder/name(size, seed)``."""
    people, quotas, seats = generate(size, seed)
    out = Path(folder) / name(size, seed)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "people.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", *FEATURES])
        w.writeheader()
        w.writerows(people)
    with open(out / "features.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["feature", "value", "min", "max"])
        w.writeheader()
        w.writerows(quotas)
    (out / "panel_size.txt").write_text(f"{seats}\n", encoding="utf-8")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)))
    ap.add_argument("--seeds", default=",".join(map(str, SEEDS)))
    args = ap.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        for seed in (int(s) for s in args.seeds.split(",")):
            folder = write(Path(args.out), size, seed)
            people, _, seats = generate(size, seed)
            profiles = len({tuple(p[f] for f in FEATURES) for p in people})
            print(f"{folder}: {size} people, {seats} seats, {profiles} profiles")


if __name__ == "__main__":
    main()
