#!/usr/bin/env bash
# Page benchmark on PostgreSQL with a national-scale data set, behind gunicorn, 16 concurrent clients.
# Prints a table and, last, one JSON line per page. See docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PY:-$ROOT/.venv/bin/python}
DB=${BENCH_DB:-participatiehub_bench}
PORT=${BENCH_PORT:-8765}
# 2 cores shared by gunicorn, PostgreSQL and the load generator: 4 sync workers (see docs/benchmarks.md).
WORKERS=${BENCH_WORKERS:-4}
THREADS=${BENCH_THREADS:-1}
ORGS=${BENCH_ORGANISATIONS:-10000}
BODIES=${BENCH_BODIES:-20000}
CONTACTS=${BENCH_CONTACTS:-50000}
QUESTIONS=${BENCH_QUESTIONS:-20000}
CLIENTS=${BENCH_CLIENTS:-16}
REQUESTS=${BENCH_REQUESTS:-400}

scripts/pg_test_db.sh "$DB"
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB
export PYTHONPATH="$ROOT/src:$ROOT/bench${PYTHONPATH:+:$PYTHONPATH}"
export DJANGO_SETTINGS_MODULE=bench_settings
export DJANGO_SECURE_SSL_REDIRECT=false
export PH_LOG_LEVEL=${PH_LOG_LEVEL:-ERROR}

echo "== database $DB: migrate, regions, scale data"
"$PY" manage.py migrate --no-input -v 0
if "$PY" manage.py help import_regions >/dev/null 2>&1; then
  "$PY" manage.py import_regions -v 0 >/dev/null
fi
"$PY" manage.py generate_scale_data --reset --organisations "$ORGS" --bodies "$BODIES" --contacts "$CONTACTS" \
  --questions "$QUESTIONS"
# A database in use is vacuumed and analysed by autovacuum; right after a bulk load it is not yet, and
# PostgreSQL would count and plan without its visibility map and statistics. Do what autovacuum would.
psql -h 127.0.0.1 -U postgres -d "$DB" -q -c "VACUUM (ANALYZE)"
"$PY" manage.py collectstatic --no-input -v 0
SESSION_JSON=$("$PY" bench/bench_session.py)
HUB=$("$PY" -c 'import json,sys; print(json.loads(sys.argv[1])["hub"])' "$SESSION_JSON")
COOKIE=$("$PY" -c 'import json,sys; print(json.loads(sys.argv[1])["cookie"])' "$SESSION_JSON")
OFFICE_COOKIE=$("$PY" -c 'import json,sys; print(json.loads(sys.argv[1])["office_cookie"])' "$SESSION_JSON")
# A public question of that hub with the whole chain: feedback given, at least 3 recommendations.
QUESTION=$("$PY" manage.py shell -v 0 -c "
from django.db.models import Count
from participatiehub.questions.models import PolicyQuestion
q = (PolicyQuestion.objects.filter(status='feedback_given', hub__slug='$HUB')
     .annotate(n=Count('trajectory__advice__recommendations')).filter(n__gte=3).order_by('pk').first()
     or PolicyQuestion.objects.filter(status='feedback_given').order_by('pk').first())
print(q.pk if q else 0)" | tail -1)

echo "== gunicorn on 127.0.0.1:$PORT ($WORKERS workers x $THREADS threads)"
GUNICORN_ARGS=(--bind "127.0.0.1:$PORT" --workers "$WORKERS" --log-level warning --chdir "$ROOT")
if [ "$THREADS" -gt 1 ]; then GUNICORN_ARGS+=(--threads "$THREADS"); fi
"$ROOT/.venv/bin/gunicorn" "${GUNICORN_ARGS[@]}" participatiehub.wsgi:application &
GUNICORN_PID=$!
trap 'kill "$GUNICORN_PID" 2>/dev/null || true; wait "$GUNICORN_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  if "$PY" -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PORT/__bench__/minimal/', timeout=1)" 2>/dev/null; then break; fi
  if ! kill -0 "$GUNICORN_PID" 2>/dev/null; then echo "gunicorn stopped; see the messages above" >&2; exit 1; fi
  sleep 0.5
done

echo "== load: $CLIENTS clients, $REQUESTS requests per page, hub $HUB, question $QUESTION"
"$PY" bench/load.py --base "http://127.0.0.1:$PORT" --hub "$HUB" --cookie "$COOKIE" --office-cookie "$OFFICE_COOKIE" --question "$QUESTION" \
  --clients "$CLIENTS" --requests "$REQUESTS" ${BENCH_PAGES:+--pages "$BENCH_PAGES"}
