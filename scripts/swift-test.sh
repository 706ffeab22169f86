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
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES="${COUNCIL_TEST_MINUTES:-15}"
LOG="$(mktemp -t swift-test.XXXXXX)"
trap 'rm -f "$LOG"' EXIT
quoted="$(printf '%q ' "${SWIFT:-swift}" test "$@")"

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
    # `script` gives the run a terminal, so its output arrives line by line in the log as well as here.
    setsid script -qefc "$quoted" "$LOG" </dev/null &
    run=$!
    status=0
    if timeout "${MINUTES}m" tail --pid="$run" -f /dev/null; then
        wait "$run" || status=$?
        exit "$status"
    fi
    pkill -9 -s "$run" 2>/dev/null || true
    wait "$run" 2>/dev/null || true
    echo "swift test hung: no end after $MINUTES minutes (attempt $attempt). Tests that started and never finished:" >&2
    unfinished >&2
done
exit 1
