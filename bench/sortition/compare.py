"""Benchmark: the Participatiehub selection engine vs sortition-algorithms (the "peer").

Runs every instance in <shared>/data/sortition/ (or --only NAME ...) with
  - ours: LEXIMIN (default; --algorithm maximin to compare like with like), and
  - peer: sortition-algorithms' maximin with the HiGHS back-end (its LEXIMIN needs Gurobi),
each in its own subprocess with a time limit, and prints a table followed by one JSON line per
instance and implementation:
  {"instance", "implementation", "algorithm", "status", "seconds", "min_prob", "gini", ...}
Our leximin lines also carry "settled_seconds" (when the smallest probability was settled),
"exact", "smallest_exact" and "max_shortfall". By default ours runs as the application does: a
budget of --exact-seconds (300) CPU seconds; exact LEXIMIN if done by then, else the run stops
there with the exact smallest probability and the best lottery of the panels found (engine 1.7);
--exact never stops; --tolerance T (with --exact-seconds 0) is the reference implementation's
stopping rule (0.0005) for a like-for-like comparison.

The peer's time limit is the larger of --peer-timeout (600 s) and --peer-timeout-factor (10) times
the time until our smallest probability was settled (the figure the table compares with the peer's
whole time), so a time-out still shows the 10x target.

Usage: bench/sortition/run.sh [--only NAME]... [--skip-peer] [--peer-timeout S] [--ours-timeout S]
                              [--exact | --tolerance T --exact-seconds S]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    base = (
        os.environ.get("PH_SHARED_DATA")
        or os.environ.get("PARTICIPATIEHUB_SHARED_DATA")
        or str(ROOT.parent / "shared" / "data")
    )
    return Path(base) / "sortition"


def gini(values) -> float:
    x = sorted(float(v) for v in values)
    n = len(x)
    s = sum(x)
    if n == 0 or s <= 0:
        return 0.0
    return (2.0 * sum((i + 1) * v for i, v in enumerate(x))) / (n * s) - (n + 1.0) / n


# --------------------------------------------------------------------------------------------
# workers (run in a subprocess, print one JSON object on the last line of stdout)
# --------------------------------------------------------------------------------------------
def worker_ours(
    folder: Path, algorithm: str, tolerance: float = 0.0, exact_seconds: float = 0.0, rounding: bool = True
) -> dict:
    sys.path.insert(0, str(ROOT / "fairlot" / "src"))
    from fairlot import ENGINE_VERSION, InfeasibleQuotas, select
    from fairlot.io import load_instance

    inst = load_instance(folder)
    t0 = time.perf_counter()
    last = [0.0]

    def progress(frac: float, text: str) -> None:
        now = time.perf_counter() - t0
        if now - last[0] > 30:
            last[0] = now
            print(f"  [{folder.name}] {now:6.0f}s {frac:4.0%} {text}", file=sys.stderr, flush=True)

    c0 = time.process_time()
    try:
        res = select(inst, algorithm, progress=progress, tolerance=tolerance, exact_seconds=exact_seconds)
    except InfeasibleQuotas as exc:
        return {"status": "infeasible", "seconds": time.perf_counter() - t0, "message": " ".join(exc.messages)}
    seconds = time.perf_counter() - t0
    out = {
        "status": "ok",
        "seconds": seconds,
        # CPU of this process and of the second pricing process (children that ended)
        "cpu_seconds": time.process_time() - c0 + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime,
        "types": res.type_model.num_types,
        "min_prob": res.min_probability,
        "gini": res.gini,
        "engine_version": ENGINE_VERSION,
        "levels": len(res.levels),
        "panels": int(len(res.panel_probabilities)),
    }
    if algorithm == "leximin":
        out["settled_seconds"] = res.settled_seconds
        out["tolerance"] = tolerance
        out["exact_seconds"] = exact_seconds
        out["exact"] = bool(res.stats.get("exact", True))
        out["max_shortfall"] = res.stats.get("max_shortfall", 0.0)
        out["level_one_value"] = res.stats.get("level_one_value")
        out["exact_phase_z"] = (res.stats.get("fast_path_z") or [None])[0]
        out["published_z"] = (res.stats.get("fast_path_z") or [None])[-1]
        out["smallest_exact"] = bool(res.stats.get("smallest_exact", True))
        out["exact_levels"] = res.stats.get("exact_levels")
        out["budget_seconds"] = res.stats.get("budget_seconds")
        out["peel"] = res.stats.get("peel")
    if rounding:
        out.update(check_rounding(res))
    return out


def check_rounding(res) -> dict:
    """The published lottery (m = 1,000): largest deviation of a person's share of the panels from
    their probability, and the same panels twice: once as is, once while two processes keep both
    cores busy (a different load)."""
    from fairlot import round_to_uniform

    m = 1000
    t0 = time.perf_counter()
    first = round_to_uniform(res, m=m, seed=2026)
    seconds = time.perf_counter() - t0
    burners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], stdout=subprocess.DEVNULL) for _ in range(2)
    ]
    try:
        second = round_to_uniform(res, m=m, seed=2026)
    finally:
        for b in burners:
            b.kill()
            b.wait()
    return {
        "lottery_seconds": seconds,
        "lottery_max_person_deviation": first.max_person_deviation,
        "lottery_max_type_deviation": first.max_deviation,
        "lottery_method": first.method,
        "lottery_same_under_load": first.published()["panels_sha256"] == second.published()["panels_sha256"],
    }


def worker_peer(folder: Path) -> dict:
    from sortition_algorithms import Settings
    from sortition_algorithms.committee_generation import find_distribution_maximin
    from sortition_algorithms.features import read_in_features
    from sortition_algorithms.people import read_in_people

    k = int((folder / "panel_size.txt").read_text().strip())
    with open(folder / "features.csv", newline="", encoding="utf-8") as fh:
        r = csv.DictReader(fh)
        f_head, f_body = list(r.fieldnames or []), list(r)
    with open(folder / "people.csv", newline="", encoding="utf-8") as fh:
        r = csv.DictReader(fh)
        p_head, p_body = list(r.fieldnames or []), list(r)
    t0 = time.perf_counter()
    try:
        features = read_in_features(f_head, f_body, k)[0]
        settings = Settings(id_column="id", columns_to_keep=[])
        people = read_in_people(p_head, p_body, features, settings)[0]
        t0 = time.perf_counter()
        c0 = time.process_time()
        committees, probs, _report = find_distribution_maximin(features, people, k, [], "highspy")
    except Exception as exc:  # the peer signals infeasible quotas with its own exception types
        name = type(exc).__name__
        # Its quota checks raise SelectionError / SelectionMultilineError ("Minimum for feature …
        # is more than number to select"); anything else is an error of the run.
        said_infeasible = "nfeasib" in name or "nfeasib" in str(exc) or name.startswith("Selection")
        status = "infeasible" if said_infeasible else "error"
        return {"status": status, "seconds": time.perf_counter() - t0, "message": f"{name}: {str(exc)[:300]}"}
    seconds = time.perf_counter() - t0
    marg = {row["id"]: 0.0 for row in p_body}
    for com, p in zip(committees, probs, strict=False):
        for pid in com:
            marg[pid] += p
    return {
        "status": "ok",
        "seconds": seconds,
        "cpu_seconds": time.process_time() - c0,
        "min_prob": min(marg.values()),
        "gini": gini(marg.values()),
    }


def settled_seconds(record: dict) -> float:
    """Seconds until our smallest probability was exact (the whole run where no level 1 is recorded)."""
    return record.get("settled_seconds") or record.get("seconds")


def run_worker(
    kind: str,
    folder: Path,
    algorithm: str,
    timeout: float,
    tolerance: float = 0.0,
    exact_seconds: float = 0.0,
    rounding: bool = True,
) -> dict:
    """Run one worker with a time limit. Its progress lines go on to our stderr as they come; on a
    time-out the last one is kept in the record ("last_progress"), so the JSON says how far it got."""
    cmd = [sys.executable, __file__, "--worker", kind, "--worker-instance", str(folder), "--algorithm", algorithm]
    cmd += ["--tolerance", repr(tolerance), "--exact-seconds", repr(exact_seconds)]
    if not rounding:
        cmd.append("--no-rounding")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    last: list[str] = []

    def forward() -> None:
        for line in proc.stderr:
            sys.stderr.write(line)
            if line.lstrip().startswith("["):
                last[:] = [line.strip()]

    chunks: list[str] = []
    # stderr belongs to the forwarding thread alone (communicate() would read it too and take
    # pieces of its lines); stdout is read by a second thread.
    reader = threading.Thread(target=forward, daemon=True)
    collector = threading.Thread(target=lambda: chunks.append(proc.stdout.read()), daemon=True)
    reader.start()
    collector.start()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        reader.join(timeout=5)
        record = {"status": "timeout", "seconds": time.perf_counter() - t0, "timeout": timeout}
        if last:
            record["last_progress"] = last[0]
        return record
    collector.join(timeout=30)
    reader.join(timeout=5)
    out = "".join(chunks)
    lines = [ln for ln in out.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"status": "error", "seconds": time.perf_counter() - t0, "message": f"exit code {proc.returncode}"}
    return json.loads(lines[-1])


def main() -> int:
    sys.path.insert(0, str(ROOT / "fairlot" / "src"))
    from fairlot import DEFAULT_EXACT_SECONDS, REFERENCE_TOLERANCE

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", action="append", help="instance name (repeatable)")
    ap.add_argument("--skip-peer", action="store_true")
    ap.add_argument("--peer-timeout", type=float, default=600.0, help="the peer's time limit (at least)")
    ap.add_argument(
        "--peer-timeout-factor",
        type=float,
        default=10.0,
        help="give the peer at least this many times our settled time, so that a time-out shows this speed-up",
    )
    ap.add_argument("--ours-timeout", type=float, default=3600.0)
    ap.add_argument("--algorithm", default="leximin", choices=["leximin", "maximin"])
    ap.add_argument(
        "--tolerance",
        type=float,
        default=0.0,
        help="LEXIMIN: accept every probability this much (absolute) below its LEXIMIN value (the "
        f"reference implementation's is {REFERENCE_TOLERANCE}); with a budget it only lets the run stop earlier",
    )
    ap.add_argument("--exact-seconds", type=float, default=DEFAULT_EXACT_SECONDS, help="LEXIMIN: time to be exact")
    ap.add_argument("--exact", action="store_true", help="LEXIMIN: always exact, no budget (--exact-seconds 0)")
    ap.add_argument(
        "--sizes",
        default="300,800,1500,2500",
        help="generated realistic pools (pools.py): these sizes ('' for none)",
    )
    ap.add_argument("--seeds", default="1,2,3", help="generated pools: these seeds")
    ap.add_argument("--generated-only", action="store_true", help="leave out the shared instances")
    ap.add_argument("--no-rounding", action="store_true", help="leave out the check of the 1,000-panel lottery")
    ap.add_argument("--worker", choices=["ours", "peer"], help=argparse.SUPPRESS)
    ap.add_argument("--worker-instance", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.exact:
        args.tolerance = 0.0
        args.exact_seconds = 0.0

    if args.worker:
        folder = Path(args.worker_instance)
        if args.worker == "ours":
            res = worker_ours(folder, args.algorithm, args.tolerance, args.exact_seconds, not args.no_rounding)
        else:
            res = worker_peer(folder)
        print(json.dumps(res))
        return 0

    base = data_dir()
    folders: dict[str, Path] = {}
    if base.is_dir() and not args.generated_only:
        folders.update({p.name: p for p in base.iterdir() if (p / "people.csv").exists()})
    elif not args.generated_only:
        print(f"No shared instances in {base}; only the generated pools", file=sys.stderr)
    if args.sizes:
        # Realistic pools (pools.py), generated now into a temporary folder: never committed.
        from pools import name as pool_name
        from pools import write as write_pool

        gen_dir = Path(tempfile.mkdtemp(prefix="bench-sortition-pools-"))
        for size in (int(x) for x in args.sizes.split(",") if x):
            for seed in (int(x) for x in args.seeds.split(",") if x):
                if not args.only or pool_name(size, seed) in args.only:
                    folders[pool_name(size, seed)] = write_pool(gen_dir, size, seed)
    names = sorted(folders)
    if args.only:
        unknown = set(args.only) - set(names)
        if unknown:
            print(f"Unknown instance(s): {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        names = [n for n in names if n in args.only]
    if not names:
        print("No instances", file=sys.stderr)
        return 2
    names.sort(key=lambda n: (sum(1 for _ in open(folders[n] / "people.csv")), n))

    records = []
    for name in names:
        folder = folders[name]
        pool = sum(1 for _ in open(folder / "people.csv")) - 1
        print(f"... {name} (pool {pool})", file=sys.stderr, flush=True)
        ours = run_worker(
            "ours", folder, args.algorithm, args.ours_timeout, args.tolerance, args.exact_seconds, not args.no_rounding
        )
        label = args.algorithm
        if ours.get("exact") is False:
            label += f" (budget {args.exact_seconds:g} s spent: smallest probability exact, the rest not)"
        records.append(
            {"instance": name, "implementation": "participatiehub", "algorithm": label, "pool": pool, **ours}
        )
        if not args.skip_peer:
            limit = args.peer_timeout
            if ours["status"] == "ok":
                limit = max(limit, args.peer_timeout_factor * settled_seconds(ours))
            peer = run_worker("peer", folder, "maximin", limit)
            records.append(
                {
                    "instance": name,
                    "implementation": "sortition-algorithms 0.12.15",
                    "algorithm": "maximin (highspy)",
                    "pool": pool,
                    **peer,
                }
            )

    def fmt(x, spec):
        return "-" if x is None else format(x, spec)

    print()
    hdr = (
        f"{'instance':24} {'pool':>5} {'types':>5} | {'ours s':>8} {'cpu s':>7} {'settled':>8} {'min p':>9} "
        f"{'exact':>5} | {'peer s':>8} {'min p':>9} | {'peer/settle':>11} {'min≥peer':>8} | {'dev×m':>5} {'same':>4}"
    )
    print(hdr)
    print("-" * len(hdr))
    failures: list[str] = []
    for name in names:
        o = next(r for r in records if r["instance"] == name and r["implementation"] == "participatiehub")
        p = next((r for r in records if r["instance"] == name and r["implementation"] != "participatiehub"), None)

        def cell(r, key, spec):
            if r is None:
                return "-"
            if r["status"] != "ok":
                return r["status"] if key == "seconds" else "-"
            return fmt(r.get(key), spec)

        ratio = "-"
        ok = "-"
        exact = {True: "yes", False: "no"}.get(o.get("exact"), "-") if o["status"] == "ok" else "-"
        settled = settled_seconds(o)
        if p is not None and o["status"] == "ok" and p["status"] == "ok":
            ratio = f"{p['seconds'] / settled:.1f}x"
            ok = "yes" if o["min_prob"] >= p["min_prob"] - 1e-6 else "NO"
            if ok == "NO":
                failures.append(f"{name}: smallest probability below the peer's")
            if o["pool"] >= 800 and settled >= p["seconds"]:
                failures.append(f"{name}: settled after the peer's whole time")
        elif p is not None and o["status"] == "ok" and p["status"] == "timeout":
            r_ = p["seconds"] / settled
            ratio = f">{r_:.1f}x" if r_ >= 1 else "?"
        elif p is not None and o["status"] == p["status"] == "infeasible":
            ok = "both inf."
        dev = o.get("lottery_max_person_deviation")
        same = {True: "yes", False: "NO"}.get(o.get("lottery_same_under_load"), "-")
        if dev is not None and dev > 2.0 / 1000 + 1e-12:
            failures.append(f"{name}: a person's share of the 1,000 panels is {dev * 1000:.2f}/m from their chance")
        if same == "NO":
            failures.append(f"{name}: other panels under load")
        if name.startswith("gen_") and o["status"] == "ok" and o["pool"] <= 1500 and o.get("exact") is False:
            failures.append(f"{name}: LEXIMIN not exact within the budget")
        print(
            f"{name:24} {o['pool']:>5} {cell(o, 'types', 'd'):>5} | {cell(o, 'seconds', '8.2f'):>8} "
            f"{cell(o, 'cpu_seconds', '7.1f'):>7} {cell(o, 'settled_seconds', '8.2f'):>8} "
            f"{cell(o, 'min_prob', '9.6f'):>9} {exact:>5} | {cell(p, 'seconds', '8.2f'):>8} "
            f"{cell(p, 'min_prob', '9.6f'):>9} | {ratio:>11} {ok:>8} | "
            f"{fmt(None if dev is None else dev * 1000, '5.2f'):>5} {same:>4}"
        )
        if o.get("peel"):
            pe = o["peel"]
            print(
                f"{'':24}   peel: {pe['panels']} panels in {pe['seconds']:.1f} s ({pe['process']} process), "
                f"{pe['mass_left']:.2g} of the target left ({pe['outcome']})"
            )
        if o.get("exact") is False and o.get("exact_phase_z") is not None:
            print(
                f"{'':24}   exact LEXIMIN reached {100 * o['exact_phase_z']:.3f}% of its goal in the budget; "
                f"published lottery {100 * (o.get('published_z') or 0):.3f}% with the exact smallest probability, "
                f"largest shortfall {o.get('max_shortfall', 0):.6f}"
            )
    print()
    print("settled = seconds until our smallest probability was exact (maximin, level 1); peer/settle = the peer's")
    print("whole time divided by that; dev×m = largest |share of the 1,000 panels - LEXIMIN chance| of a person,")
    print("times m; same = the same 1,000 panels in a second rounding while two processes kept the cores busy.")
    if failures:
        print("NOT MET:")
        for f in failures:
            print(f"  - {f}")
    else:
        print("Every check met.")
    print()
    for r in records:
        print(json.dumps(r, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
