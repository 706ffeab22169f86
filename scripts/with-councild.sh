#!/usr/bin/env bash
# Runs a command beside a councild started for it:
#
#     scripts/with-councild.sh CMD [ARGS...]
#
# Starts the built councild (.build/debug/councild; `swift build` first) on a free loopback port with the in-memory
# store and the demo keys, exports what the client suites expect, runs CMD, and stops councild with SIGTERM
# whatever happened. Exits with CMD's status, or non-zero if councild did not stop cleanly (exit 0).
#
#   COUNCIL_ADDRESS   host:port of the server
#   COUNCIL_KEY       petition-office's key (submit, read)
#   COUNCIL_GRID_KEY  grid-platform's key (submit, read; may verify, evaluate and withdraw its own cases)
#   COUNCIL_HALL_KEY  hall-staff's key (every scope)
set -uo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || { echo "usage: $0 CMD [ARGS...]" >&2; exit 2; }

COUNCILD=${COUNCILD:-.build/debug/councild}
[ -x "$COUNCILD" ] || { echo "$COUNCILD is not built: run swift build first" >&2; exit 2; }

log=$(mktemp "${TMPDIR:-/tmp}/councild.XXXXXX.log")
"$COUNCILD" --memory --demo --listen 127.0.0.1:0 >"$log" 2>&1 &
pid=$!
stop() {
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    wait "$pid"
    return $?
  fi
  wait "$pid" 2>/dev/null
  return 1
}
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$log"' EXIT

address=""
for _ in $(seq 1 100); do
  address=$(grep -o 'address=[0-9.]*:[0-9]*' "$log" | head -1 | cut -d= -f2)
  [ -n "$address" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$address" ]; then
  echo "councild did not start:" >&2
  cat "$log" >&2
  exit 1
fi
echo "councild listening on $address (pid $pid)"

export COUNCIL_ADDRESS="$address"
export COUNCIL_KEY=demo-petition-office
export COUNCIL_GRID_KEY=demo-grid-platform
export COUNCIL_HALL_KEY=demo-hall-staff
"$@"
status=$?

stop
stopped=$?
trap 'rm -f "$log"' EXIT
if [ "$stopped" -ne 0 ]; then
  echo "councild did not stop cleanly on SIGTERM (exit $stopped):" >&2
  tail -20 "$log" >&2
  [ "$status" -eq 0 ] && status=1
else
  echo "councild stopped cleanly on SIGTERM"
fi
exit "$status"
