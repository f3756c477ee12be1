#!/usr/bin/env bash
# Install, create the database, load the demo question bank and accounts, and serve on 127.0.0.1:5000.
# Needs only Python 3.11+; uses SQLite in instance/ by default (DATABASE_URL for PostgreSQL).
#
#   ./run.sh         gunicorn, WEB_WORKERS sync workers (default 4 = 2 x cores, as measured in DESIGN.md),
#                    plus one grading worker process (`flask worker`): the grading consumer runs once,
#                    never once per web worker. trainer/serving.py's settings load the app and the
#                    understanding layer's tables once, in gunicorn's master, so the workers share them.
#   ./run.sh --dev   Flask's development server with the reloader; grading runs inside it.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh
.venv/bin/flask --app app init-db
.venv/bin/flask --app app seed-demo
PORT="${PORT:-5000}"

if [[ "${1:-}" == "--dev" ]]; then
  echo "==> Development server on http://127.0.0.1:${PORT}  (reloads on code changes; Ctrl+C to stop)"
  exec .venv/bin/flask --app app run --host 127.0.0.1 --port "${PORT}" --debug
fi

# The web workers only queue jobs; the one worker process below runs them.
export RUN_CONSUMER_IN_APP=0
.venv/bin/flask --app app worker &
worker=$!
trap 'kill -TERM "${worker}" 2>/dev/null || true; wait "${worker}" 2>/dev/null || true' EXIT INT TERM

echo "==> Serving on http://127.0.0.1:${PORT} with gunicorn (${WEB_WORKERS:-4} workers; Ctrl+C to stop)"
.venv/bin/gunicorn --config python:trainer.serving --bind "127.0.0.1:${PORT}" --workers "${WEB_WORKERS:-4}" \
  --worker-class sync --timeout "${WEB_TIMEOUT:-60}" --graceful-timeout 20 --no-control-socket \
  --access-logfile - "app:app"
