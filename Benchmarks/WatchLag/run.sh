#!/usr/bin/env bash
# Times how long a change committed through one councild node takes to reach a watch on another node of the same
# PostgreSQL database (Benchmarks/WatchLag/watch_lag.py), beside a throwaway PostgreSQL 15:
#
#     Benchmarks/WatchLag/run.sh [COUNCILD [CASES [LABEL]]]
#
# COUNCILD is the councild binary to run as both nodes (default: a release build of this checkout), so two builds
# can be compared on the same machine one after the other. Uses the Python client's virtual environment
# (Clients/python/.venv, made by Clients/run-tests.sh or `make -C Clients/python venv`).
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNCILD="${1:-}"
CASES="${2:-200}"
LABEL="${3:-councild}"
if [[ -z "$COUNCILD" ]]; then
    swift build -c release --product councild >&2
    COUNCILD="$(swift build -c release --show-bin-path)/councild"
fi
COUNCILD="$(cd "$(dirname "$COUNCILD")" && pwd)/$(basename "$COUNCILD")"
if [[ -z "${COUNCIL_POSTGRES_URL:-}" ]]; then
    exec scripts/with-postgres.sh "$0" "$COUNCILD" "$CASES" "$LABEL"
fi
PYTHON=Clients/python/.venv/bin/python
[[ -x "$PYTHON" ]] || make -C Clients/python venv >&2

source scripts/councild-nodes.sh
start_node node-1
NODE1="$(node_address node-1)"  # the first node migrates the schema; the second starts on it
start_node node-2
NODE2="$(node_address node-2)"
PYTHONPATH=Clients/python "$PYTHON" Benchmarks/WatchLag/watch_lag.py --submit-to "$NODE1" --watch-on "$NODE2" --cases "$CASES" \
    --label "$LABEL"
