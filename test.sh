#!/usr/bin/env bash
# Lint, type-check and run the whole test suite on SQLite and then on PostgreSQL.
# Installs what the tests need when missing (the venv, Debian's chromium + chromium-driver) and starts
# PostgreSQL and Redis on 127.0.0.1 when they are not running. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh
./scripts/services.sh

echo "==> ruff and mypy"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy trainer/

export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/15}
echo "==> tests on SQLite"
.venv/bin/python -m pytest -n 2 -p no:cacheprovider "$@"
echo "==> tests on PostgreSQL"
TEST_DATABASE_URL=${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/trainer_test} \
  .venv/bin/python -m pytest -n 2 -p no:cacheprovider "$@"
