"""Profile one instance with our engine: per-level log lines on stderr.

Usage: .venv/bin/python bench/sortition/hard.py [INSTANCE] [--maximin] [--debug]
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "fairlot" / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from compare import data_dir  # noqa: E402
from fairlot import select  # noqa: E402
from fairlot.io import load_instance  # noqa: E402


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    name = args[0] if args else "nl_burgerberaad_4070"
    logging.basicConfig(
        level=logging.DEBUG if "--debug" in sys.argv else logging.INFO,
        format="%(relativeCreated)8.0f ms %(message)s",
        stream=sys.stderr,
    )
    inst = load_instance(data_dir() / name)
    t0 = time.perf_counter()

    def progress(frac: float, text: str) -> None:
        print(f"{time.perf_counter() - t0:8.1f}s {frac:5.1%} {text}", file=sys.stderr, flush=True)

    res = select(inst, "maximin" if "--maximin" in sys.argv else "leximin", progress=progress)
    print(
        f"total {res.timings['total']:.1f}s settled {res.settled_seconds} min {res.min_probability:.9f} "
        f"gini {res.gini:.4f} levels {len(res.levels)} panels {len(res.panel_probabilities)}"
    )
    print(res.stats)


if __name__ == "__main__":
    main()
