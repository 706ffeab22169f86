#!/usr/bin/env bash
# Runs the Swift suites N times in a row beside `stress-ng --cpu 4 --sock 2` (Debian's package), as CI's loaded
# machines run them, and stops at the first failure or hang:
#
#     scripts/under-load.sh [N]        # default 3; build the tests first (`swift build --build-tests`)
#
# Each run goes through scripts/with-postgres.sh, so the PostgreSQL suites run too. A run still going after
# 240 s counts as hung: its processes are killed and the script fails. The full output of run i is in
# $TMPDIR/under-load-i.log.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
command -v stress-ng >/dev/null || scripts/ensure-packages.sh stress-ng
LOGS="${TMPDIR:-/tmp}"
stress-ng --cpu 4 --sock 2 --timeout $((RUNS * 300))s >/dev/null 2>&1 &
STRESS=$!
trap 'kill "$STRESS" 2>/dev/null; wait "$STRESS" 2>/dev/null || true' EXIT
for i in $(seq 1 "$RUNS"); do
    log="$LOGS/under-load-$i.log"
    setsid bash -c 'exec scripts/with-postgres.sh swift test --skip-build' >"$log" 2>&1 &
    run=$!
    for _ in $(seq 1 240); do kill -0 "$run" 2>/dev/null || break; sleep 1; done
    if kill -0 "$run" 2>/dev/null; then
        kill -9 -- "-$run" 2>/dev/null || true
        echo "run $i: hung after 240 s (output in $log)"
        exit 1
    fi
    status=0
    wait "$run" || status=$?
    echo "run $i: exit $status · $(grep -aE 'Test run with' "$log" | tail -n 1)"
    [ "$status" -eq 0 ] || { grep -aE '^✘' "$log" | head -n 20; exit "$status"; }
done
