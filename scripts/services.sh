#!/usr/bin/env bash
# Make sure the local services the test runs use are up: PostgreSQL (with the test database, by
# pg_test_db.sh) and Redis on 127.0.0.1:6379 (started without persistence if it is not running).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/pg_test_db.sh "${1:-participatiehub}"
if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  if command -v redis-server >/dev/null; then
    redis-server --bind 127.0.0.1 --port 6379 --save "" --appendonly no --daemonize yes >/dev/null
    for _ in $(seq 1 20); do (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null && break; sleep 0.25; done
  else
    echo "Redis is not running on 127.0.0.1:6379 and redis-server is not installed." >&2
  fi
fi
