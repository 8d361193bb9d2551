"""Command line: ``python -m fairlot select …`` and ``python -m fairlot verify …`` (README.md)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence

from . import ALGORITHMS, SelectionError, read_instance, round_to_uniform, select, verify


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m fairlot", description="Fair selection by lot (fairlot).")
    sub = parser.add_subparsers(dest="command", required=True)

    sel = sub.add_parser(
        "select",
        help="compute everyone's selection probability; optionally the lottery to publish",
        description="Print id,probability for every volunteer (CSV). With --lottery, also round the "
        "lottery to --panels equally likely panels and write the JSON to publish before the seed is known.",
    )
    sel.add_argument("people", help="CSV: an id column and one column per feature")
    sel.add_argument("quotas", help="CSV: feature,value,min,max")
    sel.add_argument("--size", type=int, required=True, help="number of seats in the panel")
    sel.add_argument("--algorithm", choices=ALGORITHMS, default="leximin")
    sel.add_argument("--id-column", default="id", help="column of the people file with the id (default: id)")
    sel.add_argument("--households", metavar="COLUMN", help="column with a household code: one seat per household")
    sel.add_argument("--seated", metavar="ID", nargs="*", default=[], help="ids already in the panel (replacement)")
    sel.add_argument("--seed", default="0", help="seed of the rounding and of the order within a type (default: 0)")
    sel.add_argument("--panels", type=int, default=1000, help="m, the number of equally likely panels (default: 1000)")
    sel.add_argument("--lottery", metavar="FILE", help="write the published lottery (JSON) here; '-' for stdout")
    sel.add_argument("--tolerance", type=float, default=0.0, help="accept this much below LEXIMIN (default: 0)")
    sel.add_argument(
        "--exact-seconds",
        type=float,
        default=0.0,
        help="budget in CPU seconds: exact LEXIMIN if done by then, else the best lottery found that keeps the exact smallest chance",
    )
    sel.add_argument("--progress", action="store_true", help="show progress on stderr")

    ver = sub.add_parser(
        "verify",
        help="redo the draw from published data and the seed",
        description="Check the published lottery against its fingerprint and print the ids of the panel "
        "that the seed selects, one per line.",
    )
    ver.add_argument("lottery", help="the published JSON ('-' for stdin)")
    ver.add_argument("--seed", required=True, help="the seed announced beforehand, as text")
    return parser


def _select(args: argparse.Namespace) -> int:
    instance = read_instance(
        args.people, args.quotas, args.size, id_column=args.id_column, household_column=args.households
    )

    def progress(fraction: float, message) -> None:
        print(f"{fraction:6.1%}  {message}", file=sys.stderr, flush=True)

    result = select(
        instance,
        args.algorithm,
        seated=args.seated,
        progress=progress if args.progress else None,
        tolerance=args.tolerance,
        exact_seconds=args.exact_seconds,
    )
    if args.lottery != "-":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["id", "probability"])
        for pid, p in result.probabilities.items():
            writer.writerow([pid, f"{p:.6f}"])
    if args.lottery:
        uniform = round_to_uniform(result, m=args.panels, seed=args.seed)
        text = json.dumps(uniform.published(), ensure_ascii=False, indent=1) + "\n"
        if args.lottery == "-":
            sys.stdout.write(text)
        else:
            with open(args.lottery, "w", encoding="utf-8") as fh:
                fh.write(text)
    return 0


def _verify(args: argparse.Namespace) -> int:
    if args.lottery == "-":
        published = json.load(sys.stdin)
    else:
        with open(args.lottery, encoding="utf-8") as fh:
            published = json.load(fh)
    if not isinstance(published, dict):
        published = {}
    for pid in verify(published, args.seed):
        print(pid)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Exit codes: 0 done, 1 the engine refused (its issues on stderr), 2 a file could not be read."""
    args = _parser().parse_args(argv)
    try:
        return _select(args) if args.command == "select" else _verify(args)
    except SelectionError as exc:
        for issue in exc.issues:
            print(f"{issue} [{issue.code}]", file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:  # a missing file, not JSON, not UTF-8
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
