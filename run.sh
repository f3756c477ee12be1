#!/usr/bin/env bash
# Install, create the database, load the demo question bank and accounts, and serve on 127.0.0.1:5000.
# Needs only Python 3.11+; uses SQLite in instance/ and grades in the background inside the app.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh
.venv/bin/flask --app app init-db
.venv/bin/flask --app app seed-demo
echo "==> Serving on http://127.0.0.1:${PORT:-5000}  (Ctrl+C to stop)"
exec .venv/bin/flask --app app run --host 127.0.0.1 --port "${PORT:-5000}"
