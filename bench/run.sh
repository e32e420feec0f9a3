#!/usr/bin/env bash
# The benchmark suite in one command: a throw-away PostgreSQL (as the tests start it),
# then bench/run.py on SQLite and PostgreSQL; extra arguments go to bench/run.py
# (e.g. --quick, --pg-sizes 1000,10000). Needs the `bench` extra: pip install -e '.[bench]'.
set -eo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
start_test_postgres
trap stop_test_postgres EXIT
export MIEUX_BENCH_PG_URL="$MIEUX_TEST_DATABASE_URL"
PYTHON=${PYTHON:-.venv/bin/python}
PYTHONPATH=. "$PYTHON" -m bench.run "$@"
