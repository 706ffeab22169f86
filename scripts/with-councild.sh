#!/usr/bin/env bash
# Runs a command beside a councild started for it:
#
#     scripts/with-councild.sh [--tls] CMD [ARGS...]
#
# Starts the built councild (.build/debug/councild; `swift build` first) on a free loopback port with the in-memory
# store and the demo keys, exports what the client suites expect, runs CMD, and stops councild with SIGTERM
# whatever happened (SIGKILL if it has not stopped 15 s later). Exits with CMD's status, or non-zero if councild did
# not stop cleanly (exit 0). Should this script itself be killed, councild stops too: its standard input is a pipe
# only this script holds (`--stop-at-stdin-end`).
#
#   COUNCIL_ADDRESS   host:port of the server
#   COUNCIL_KEY       petition-office's key (submit, read)
#   COUNCIL_GRID_KEY  grid-platform's key (submit, read; may verify, evaluate and withdraw its own cases)
#   COUNCIL_HALL_KEY  hall-staff's key (every scope)
#
# With --tls, councild speaks mutual TLS with certificates scripts/make-test-pki.sh makes for the run: petition-office
# authenticates by certificate and key together, grid-platform by certificate alone (COUNCIL_GRID_KEY is empty),
# hall-staff by key over TLS. It also exports:
#
#   COUNCIL_TLS_DIR                              the certificates (revoked.pem, stranger.pem, … for refusal tests)
#   COUNCIL_TLS_CA                               the CA that signed councild's certificate
#   COUNCIL_TLS_CERT, COUNCIL_TLS_KEY            petition-office's client certificate and key
#   COUNCIL_GRID_TLS_CERT, COUNCIL_GRID_TLS_KEY  grid-platform's client certificate and key
set -uo pipefail
cd "$(dirname "$0")/.."
tls=false
if [ "${1:-}" = "--tls" ]; then
  tls=true
  shift
fi
[ $# -gt 0 ] || { echo "usage: $0 [--tls] CMD [ARGS...]" >&2; exit 2; }

COUNCILD=${COUNCILD:-.build/debug/councild}
[ -x "$COUNCILD" ] || { echo "$COUNCILD is not built: run swift build first" >&2; exit 2; }

log=$(mktemp "${TMPDIR:-/tmp}/councild.XXXXXX.log")
config=()
pki=""
if $tls; then
  pki=$(mktemp -d "${TMPDIR:-/tmp}/council-pki.XXXXXX")
  scripts/make-test-pki.sh "$pki" >/dev/null
  cat >"$pki/councild.json" <<EOF
{ "tls": { "certificate": "$pki/server.pem", "privateKey": "$pki/server-key.pem", "clientCA": "$pki/ca.pem",
           "revokedSerials": "$pki/revoked-serials.txt",
           "clientSystems": [
             { "system": "petition-office", "commonName": "petition-office", "keyRequired": true },
             { "system": "grid-platform", "commonName": "grid-platform", "scopes": ["submit", "read"] } ] } }
EOF
  config=(--config "$pki/councild.json")
fi
# councild reads a FIFO that only this script keeps open for writing; CMD runs with that descriptor closed.
fifo="$log.stdin"
mkfifo "$fifo"
"$COUNCILD" "${config[@]}" --memory --demo --listen 127.0.0.1:0 --stop-at-stdin-end <"$fifo" >"$log" 2>&1 &
pid=$!
exec {keep}>"$fifo"
rm -f "$fifo"
stop() {  # stops councild: SIGTERM, SIGKILL after 15 s; returns its exit status (1 if it had already exited)
  if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null
    return 1
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid"
}
trap 'stop 2>/dev/null; rm -f "$log"; [ -n "$pki" ] && rm -rf "$pki"' EXIT

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
echo "councild listening on $address (pid $pid)$($tls && echo ", mutual TLS")"

export COUNCIL_ADDRESS="$address"
export COUNCIL_KEY=demo-petition-office
export COUNCIL_GRID_KEY=demo-grid-platform
export COUNCIL_HALL_KEY=demo-hall-staff
if $tls; then
  export COUNCIL_GRID_KEY=""
  export COUNCIL_TLS_DIR="$pki" COUNCIL_TLS_CA="$pki/ca.pem"
  export COUNCIL_TLS_CERT="$pki/petition-office.pem" COUNCIL_TLS_KEY="$pki/petition-office-key.pem"
  export COUNCIL_GRID_TLS_CERT="$pki/grid-platform.pem" COUNCIL_GRID_TLS_KEY="$pki/grid-platform-key.pem"
fi
"$@" {keep}>&-
status=$?

stop
stopped=$?
trap 'rm -f "$log"; [ -n "$pki" ] && rm -rf "$pki"' EXIT
if [ "$stopped" -ne 0 ]; then
  echo "councild did not stop cleanly on SIGTERM (exit $stopped):" >&2
  tail -20 "$log" >&2
  [ "$status" -eq 0 ] && status=1
else
  echo "councild stopped cleanly on SIGTERM"
fi
exit "$status"
