#!/usr/bin/env bash
# Runs `swift test` with the given arguments so that a hung run fails in minutes, naming the tests that never
# finished, instead of holding a CI machine for its whole time:
#
#     scripts/swift-test.sh [ARGS...]      # COUNCIL_TEST_MINUTES (default 15) bounds one run
#
# The suites take well under a minute, a few on a loaded machine. A run still going after the bound is killed with
# every process it started, the tests that started and never finished are listed, and the suites run once more:
# a second hang, like any failure, fails. (The whole test process has been seen to stall, rarely, on a machine
# loaded far beyond its two cores; the listing is what tracks it down.)
#
# Nothing a run started outlives it: the tests run in a session of their own (`script` makes one), and whatever is
# left in it when the run ends, is cut off or this script is interrupted — councild children of a test process that
# crashed, say — is named and stopped, with SIGTERM and then SIGKILL.
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES="${COUNCIL_TEST_MINUTES:-15}"
LOG="$(mktemp -t swift-test.XXXXXX)"
run="" tests="" watchdog=""  # script's pid (its session's id), the tests' session, the bound on the run
trap '[ -z "$watchdog" ] || kill "$watchdog" 2>/dev/null || true; stop_run; rm -f "$LOG"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
quoted="$(printf '%q ' "${SWIFT:-swift}" test "$@")"

own_session="$(ps -o sid= -p $$ | tr -d ' ')"

run_processes() {  # the live processes of the run's two sessions (never this script's own), as "PID ARGS" lines
    local session
    for session in $run $tests; do
        [ "$session" != "$own_session" ] || continue
        ps -o pid=,stat=,args= -s "$session" 2>/dev/null | awk '$2 !~ /^Z/ { $2 = ""; print }' || true
    done
}

signal_run() {  # signal_run SIGNAL: sends SIGNAL to every live process of the run; fails if there is none
    local pids
    pids="$(run_processes | awk '{ print $1 }')"
    [ -n "$pids" ] || return 1
    kill "-$1" $pids 2>/dev/null || true
}

stop_run() {  # stops every process of the run: SIGTERM, then SIGKILL to what is left after 10 s
    [ -n "$run" ] || return 0
    if signal_run TERM; then
        for _ in $(seq 1 100); do [ -n "$(run_processes)" ] || break; sleep 0.1; done
        signal_run KILL || true
    fi
    wait "$run" 2>/dev/null || true
    run="" tests=""
}

unfinished() {  # the tests of the log in $LOG that started and did not finish
    sed 's/\x1b\[[0-9;]*m//g' "$LOG" | python3 -c '
import re, sys
started, ended = [], set()
for line in sys.stdin:
    if m := re.search(r"Test \"(.*)\" started\.", line): started.append(m.group(1))
    if m := re.search(r"Test \"(.*)\" (with \d+ test cases? )?(passed|failed)", line): ended.add(m.group(1))
for name in dict.fromkeys(started):
    if name not in ended: print("  " + name)'
}

for attempt in 1 2; do
    # `script` gives the run a terminal, so its output arrives line by line in the log as well as here. It runs the
    # tests in a new session, whose id is that of its child: a signal to script's session would miss them.
    setsid script -qefc "$quoted" "$LOG" </dev/null &
    run=$!
    for _ in $(seq 1 100); do  # until script's child has made its session
        # ps fails while script has no child yet: that is a reason to look again, not to stop (set -e, pipefail).
        tests="$(ps -o sid= --ppid "$run" 2>/dev/null | head -n 1 | tr -d ' ' || true)"
        if { [ -n "$tests" ] && [ "$tests" != "$run" ]; } || ! kill -0 "$run" 2>/dev/null; then break; fi
        sleep 0.05
    done
    status=0
    # Waited for in the background: a signal to this script is handled at once, not when the bound runs out.
    timeout "${MINUTES}m" tail --pid="$run" -f /dev/null &
    watchdog=$!
    if wait "$watchdog"; then
        wait "$run" || status=$?
        left="$(run_processes)"
        if [ -n "$left" ]; then
            echo "swift test left processes running; stopping them:" >&2
            echo "$left" >&2
        fi
        stop_run
        exit "$status"
    fi
    stop_run
    echo "swift test hung: no end after $MINUTES minutes (attempt $attempt). Tests that started and never finished:" >&2
    unfinished >&2
done
exit 1
