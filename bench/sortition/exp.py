"""Experiment driver: maximin/leximin on one instance with keyword overrides for find_lottery.

Usage: .venv/bin/python bench/sortition/exp.py INSTANCE [leximin|maximin] [key=value ...]
"""
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import data_dir  # noqa: E402
from participatiehub.panels.selection.io import load_instance  # noqa: E402
from participatiehub.panels.selection.leximin import find_lottery  # noqa: E402
from participatiehub.panels.selection.model import compile_instance  # noqa: E402

logging.basicConfig(level=logging.DEBUG, format="%(relativeCreated)8.0f ms %(message)s", stream=sys.stderr)
name = sys.argv[1]
alg = sys.argv[2] if len(sys.argv) > 2 else "maximin"
kw = {}
for a in sys.argv[3:]:
    k, v = a.split("=")
    kw[k] = float(v) if "." in v else int(v)
tm = compile_instance(load_instance(data_dir() / name))
t0 = time.perf_counter()
res = find_lottery(tm, leximin=(alg == "leximin"), **kw)
p = res.type_probabilities
print(f"total {time.perf_counter() - t0:.1f}s settled {res.settled_seconds:.1f} min {p.min():.9f} levels {len(res.levels)}")
print(res.stats)
