#!/usr/bin/env bash
# Benchmark: Participatiehub selection engine vs sortition-algorithms (peer).
#
# Creates a separate virtualenv .venv-bench (numpy/highspy pinned to the versions of the
# project's .venv, plus sortition-algorithms, which is installed ONLY here and never in the
# project's requirements), then runs compare.py. Extra arguments go to compare.py, e.g.
#   bench/sortition/run.sh --only sa_base_150 --peer-timeout 120
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
MAIN_PY="${MAIN_PY:-$ROOT/.venv/bin/python}"
BENCH_VENV="${BENCH_VENV:-$ROOT/.venv-bench}"
PEER_PIN="sortition-algorithms==0.12.15"

if [ ! -x "$BENCH_VENV/bin/python" ] || ! "$BENCH_VENV/bin/python" -c "import sortition_algorithms, highspy, numpy" 2>/dev/null; then
    echo "Creating $BENCH_VENV ..." >&2
    "$MAIN_PY" -m venv "$BENCH_VENV"
    # Same numpy/highspy versions as the project's virtualenv.
    PINS="$("$MAIN_PY" -m pip freeze 2>/dev/null | grep -iE '^(numpy|highspy)==' || true)"
    # shellcheck disable=SC2086
    "$BENCH_VENV/bin/python" -m pip install --quiet $PINS "$PEER_PIN"
fi

export PYTHONPATH="$ROOT/fairlot/src${PYTHONPATH:+:$PYTHONPATH}"
exec "$BENCH_VENV/bin/python" "$ROOT/bench/sortition/compare.py" "$@"
