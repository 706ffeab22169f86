#!/usr/bin/env bash
# Builds both clients and runs both suites; exits non-zero when anything failed.
#
#     Clients/run-tests.sh
#
# Offline (always): the C client's golden-frame, framing and fake-server tests, the same tests and the example
# programs under valgrind (leaks are errors), the check that the committed Python _pb2 code matches the schema,
# and the Python suite (golden frames, wire edges, fake server, examples).
#
# Live (when COUNCIL_ADDRESS is set): both suites' live tests run against that councild, and so do the example
# programs (the C ones under valgrind). What they need from the server:
#
#   COUNCIL_ADDRESS        host:port of councild
#   COUNCIL_KEY            key of client system "petition-office" (scopes submit, read): live tests and
#                          petition_transfer
#   COUNCIL_GRID_KEY       key of client system "grid-platform" (scopes submit, read; verifies its own cases):
#                          grid_report
#   COUNCIL_HALL_KEY       key of client system "hall-staff" (scopes read, manage): the examples play the hall with
#                          it so their cases resolve, and the live tests check refused transitions
#
# Debian packages come from scripts/ensure-packages.sh (protobuf-c pinned as in the top-level Makefile); the
# Python virtualenv is Clients/python/.venv (protobuf and pytest from PyPI).
set -uo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

failures=()
step() {  # step NAME COMMAND...: runs it, remembers a failure, goes on
  local name="$1"
  shift
  echo
  echo "==> $name"
  if "$@"; then
    echo "<== $name: ok"
  else
    echo "<== $name: FAILED"
    failures+=("$name")
  fi
}

PROTOBUF_C_VERSION="1.4.1-1+b1"
PROTOBUF_VERSION="3.21.12-3+deb12u1"
scripts/ensure-packages.sh gcc make pkg-config valgrind python3 python3-venv libssl-dev openssl \
  "protobuf-c-compiler=$PROTOBUF_C_VERSION" "libprotobuf-c-dev=$PROTOBUF_C_VERSION" \
  "protobuf-compiler=$PROTOBUF_VERSION" || { echo "installing Debian packages failed" >&2; exit 1; }

if [ -n "${COUNCIL_ADDRESS:-}" ]; then
  echo "COUNCIL_ADDRESS=$COUNCIL_ADDRESS: the live tests and example flows run against it"
else
  echo "COUNCIL_ADDRESS is not set: running the offline parts only (golden frames, framing, the fake server);"
  echo "the live tests are skipped and the example programs run against the fake server only"
fi

# ---- C ----
step "C: build" make -C Clients/c all
step "C: tests" make -C Clients/c test
step "C: tests and examples under valgrind" make -C Clients/c valgrind

# ---- Python ----
step "Python: virtualenv" make -C Clients/python venv
step "Python: generated code matches the schema" make -C Clients/python check-generated
step "Python: tests" make -C Clients/python test

# ---- the example programs against a live councild ----
if [ -n "${COUNCIL_ADDRESS:-}" ]; then
  if [ -z "${COUNCIL_HALL_KEY:-}" ]; then
    echo
    echo "COUNCIL_HALL_KEY is not set: skipping the live example flows (nobody would resolve their cases)"
  else
    stamp="$(date +%s)-$$"
    py="$root/Clients/python/.venv/bin/python"
    vg=(valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=1)
    step "C example: petition_transfer (live)" \
      "${vg[@]}" Clients/c/build/petition_transfer --key "${COUNCIL_KEY:-}" --reference "c-$stamp" --wait 60
    step "Python example: petition_transfer (live)" \
      "$py" Clients/python/examples/petition_transfer.py --key "${COUNCIL_KEY:-}" --reference "py-$stamp" --wait 60
    if [ -n "${COUNCIL_GRID_KEY:-}" ]; then
      step "C example: grid_report (live)" \
        "${vg[@]}" Clients/c/build/grid_report --key "$COUNCIL_GRID_KEY" --reference "c-$stamp" --wait 60
      step "Python example: grid_report (live)" \
        "$py" Clients/python/examples/grid_report.py --key "$COUNCIL_GRID_KEY" --reference "py-$stamp" --wait 60
    else
      echo
      echo "COUNCIL_GRID_KEY is not set: skipping the live grid_report flows"
    fi
  fi
fi

echo
if [ ${#failures[@]} -gt 0 ]; then
  echo "client tests FAILED: ${failures[*]}"
  exit 1
fi
echo "client tests passed"
