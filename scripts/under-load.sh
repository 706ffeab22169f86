#!/usr/bin/env bash
# Runs the Swift suites N times in a row beside `stress-ng --cpu 4 --sock 2` (Debian's package), as CI's loaded
# machines run them, and stops at the first failure or hang:
#
#     scripts/under-load.sh [N]        # default 3; build the tests first (`swift build --build-tests`)
#
# Each run goes through scripts/with-postgres.sh, so the PostgreSQL suites run too. A run still going after
# 240 s counts as hung: its processes are stopped and the script fails. The full output of run i is in
# $TMPDIR/under-load-i.log. Each run has a session of its own; when it ends, hangs or this script is stopped, every
# process still in it (a councild a test started runs in a process group of its own) gets SIGTERM, and SIGKILL 30 s
# later — time for with-postgres.sh to stop its server.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
command -v stress-ng >/dev/null || scripts/ensure-packages.sh stress-ng
LOGS="${TMPDIR:-/tmp}"
run=""  # the pid of the run going on, which is also its session's id

run_processes() {  # the live processes of the run's session, as "PID ARGS" lines
    [ -n "$run" ] || return 0
    ps -o pid=,stat=,args= -s "$run" 2>/dev/null | awk '$2 !~ /^Z/ { $2 = ""; print }' || true
}

stop_run() {  # SIGTERM to every process of the run, SIGKILL to those left 30 s later
    local pids
    pids="$(run_processes | awk '{ print $1 }')"
    if [ -n "$pids" ]; then
        kill -TERM $pids 2>/dev/null || true
        for _ in $(seq 1 300); do [ -n "$(run_processes)" ] || break; sleep 0.1; done
        pids="$(run_processes | awk '{ print $1 }')"
        [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
    fi
    [ -z "$run" ] || wait "$run" 2>/dev/null || true
    run=""
}

stress-ng --cpu 4 --sock 2 --timeout $((RUNS * 300))s >/dev/null 2>&1 &
STRESS=$!
trap 'stop_run; kill "$STRESS" 2>/dev/null; wait "$STRESS" 2>/dev/null || true' EXIT
for i in $(seq 1 "$RUNS"); do
    log="$LOGS/under-load-$i.log"
    setsid bash -c 'exec scripts/with-postgres.sh swift test --skip-build' >"$log" 2>&1 &
    run=$!
    for _ in $(seq 1 240); do kill -0 "$run" 2>/dev/null || break; sleep 1; done
    if kill -0 "$run" 2>/dev/null; then
        stop_run
        echo "run $i: hung after 240 s (output in $log)"
        exit 1
    fi
    status=0
    wait "$run" || status=$?
    left="$(run_processes)"
    if [ -n "$left" ]; then
        echo "run $i left processes running; stopping them:"
        echo "$left"
    fi
    stop_run
    echo "run $i: exit $status · $(grep -aE 'Test run with' "$log" | tail -n 1)"
    [ "$status" -eq 0 ] || { grep -aE '^✘' "$log" | head -n 20; exit "$status"; }
done
