#!/usr/bin/env bash
# Make sure the local PostgreSQL runs and has the database the test run and the benchmark use.
set -euo pipefail
DB=${1:-participatiehub}
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  if command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  fi
  for _ in $(seq 1 20); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 0.5; done
fi
if ! psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='$DB'" | grep -q 1; then
  psql -h 127.0.0.1 -U postgres -c "create database $DB" >/dev/null
fi
