#!/usr/bin/env bash
# Builds the C, Python and Java clients and runs their suites; exits non-zero when anything failed.
#
#     Clients/run-tests.sh [--live-only]
#
# --live-only skips the offline parts (they do not depend on the server) and runs only what talks to COUNCIL_ADDRESS:
# `make test` runs the whole script against a plaintext councild, then --live-only against a mutual-TLS one.
#
# Offline (always): the C client's golden-frame, framing and fake-server tests, the same tests and the example
# programs under valgrind (leaks are errors), the check that the committed Python _pb2 code matches the schema,
# the Python suite (golden frames, wire edges, fake server, examples), the check that the committed Java council.v1
# classes match the schema, and the Java build and offline tests (golden frames, framing, fake server).
#
# Live (when COUNCIL_ADDRESS is set): every suite's live tests run against that councild, and so do the example
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
# Over TLS (scripts/with-councild.sh --tls sets them): COUNCIL_TLS_CA, the CA of councild's certificate (every
# connection then speaks TLS); COUNCIL_TLS_CERT and COUNCIL_TLS_KEY, petition-office's client certificate (with
# COUNCIL_KEY: certificate and key together); COUNCIL_GRID_TLS_CERT and COUNCIL_GRID_TLS_KEY, grid-platform's (alone,
# with COUNCIL_GRID_KEY empty); COUNCIL_TLS_DIR, the test PKI, for the refusal checks (revoked, untrusted).
#
# Debian packages come from scripts/ensure-packages.sh (protobuf-c pinned as in the top-level Makefile); the
# Python virtualenv is Clients/python/.venv (protobuf and pytest from PyPI); the Java client builds with plain javac
# against Debian's libprotobuf-java and junit5 (Clients/java/build.sh), nothing downloaded.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
live_only=false
[ "${1:-}" = "--live-only" ] && live_only=true

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
PROTOBUF_VERSION="3.21.12-3+deb12u1"  # protoc, and the protobuf-java runtime its Java code needs
JUNIT5_VERSION="5.9.2-1"
scripts/ensure-packages.sh gcc make pkg-config valgrind python3 python3-venv libssl-dev openssl \
  "protobuf-c-compiler=$PROTOBUF_C_VERSION" "libprotobuf-c-dev=$PROTOBUF_C_VERSION" \
  "protobuf-compiler=$PROTOBUF_VERSION" \
  openjdk-17-jdk-headless "libprotobuf-java=$PROTOBUF_VERSION" "junit5=$JUNIT5_VERSION" \
  || { echo "installing Debian packages failed" >&2; exit 1; }

if [ -n "${COUNCIL_ADDRESS:-}" ]; then
  echo "COUNCIL_ADDRESS=$COUNCIL_ADDRESS: the live tests and example flows run against it"
else
  echo "COUNCIL_ADDRESS is not set: running the offline parts only (golden frames, framing, the fake server);"
  echo "the live tests are skipped and the example programs run against the fake server only"
fi

if $live_only; then
  [ -n "${COUNCIL_ADDRESS:-}" ] || { echo "--live-only needs COUNCIL_ADDRESS" >&2; exit 2; }
  step "C: build" make -C Clients/c all
  step "C: live tests under valgrind" valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
    --error-exitcode=1 Clients/c/build/test_live
  step "Python: virtualenv" make -C Clients/python venv
  step "Python: live tests" Clients/python/.venv/bin/python -m pytest -q -rs Clients/python/tests/test_live.py
  step "Java: build" Clients/java/build.sh
  step "Java: live tests" Clients/java/build.sh live
else
  # ---- C ----
  step "C: build" make -C Clients/c all
  step "C: tests" make -C Clients/c test
  step "C: tests and examples under valgrind" make -C Clients/c valgrind

  # ---- Python ----
  step "Python: virtualenv" make -C Clients/python venv
  step "Python: generated code matches the schema" make -C Clients/python check-generated
  step "Python: tests" make -C Clients/python test

  # ---- Java ----
  step "Java: generated code matches the schema" Clients/java/generate.sh --check
  step "Java: build and tests" Clients/java/build.sh test
  if [ -n "${COUNCIL_ADDRESS:-}" ]; then
    step "Java: live tests" Clients/java/build.sh live
  fi
fi

# ---- the example programs against a live councild ----
if [ -n "${COUNCIL_ADDRESS:-}" ]; then
  if [ -z "${COUNCIL_HALL_KEY:-}" ]; then
    echo
    echo "COUNCIL_HALL_KEY is not set: skipping the live example flows (nobody would resolve their cases)"
  else
    stamp="$(date +%s)-$$"
    py="$root/Clients/python/.venv/bin/python"
    java_examples=(java -cp "$(Clients/java/build.sh classpath):$root/Clients/java/build/examples")
    vg=(valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=1)
    step "C example: petition_transfer (live)" \
      "${vg[@]}" Clients/c/build/petition_transfer --key "${COUNCIL_KEY:-}" --reference "c-$stamp" --wait 60
    step "Python example: petition_transfer (live)" \
      "$py" Clients/python/examples/petition_transfer.py --key "${COUNCIL_KEY:-}" --reference "py-$stamp" --wait 60
    step "Java example: petition_transfer (live)" \
      "${java_examples[@]}" hall.council.examples.PetitionTransfer --key "${COUNCIL_KEY:-}" --reference "java-$stamp" \
      --wait 60
    # grid-platform by its key, or over mutual TLS by its certificate alone.
    grid=()
    [ -n "${COUNCIL_GRID_KEY:-}" ] && grid+=(--key "$COUNCIL_GRID_KEY")
    [ -n "${COUNCIL_GRID_TLS_CERT:-}" ] && grid+=(--cert "$COUNCIL_GRID_TLS_CERT" --cert-key "$COUNCIL_GRID_TLS_KEY")
    if [ ${#grid[@]} -gt 0 ]; then
      # petition-office's key and certificate in the environment are not grid-platform's.
      step "C example: grid_report (live)" \
        env -u COUNCIL_KEY -u COUNCIL_TLS_CERT -u COUNCIL_TLS_KEY \
        "${vg[@]}" Clients/c/build/grid_report "${grid[@]}" --reference "c-$stamp" --wait 60
      step "Python example: grid_report (live)" \
        env -u COUNCIL_KEY -u COUNCIL_TLS_CERT -u COUNCIL_TLS_KEY \
        "$py" Clients/python/examples/grid_report.py "${grid[@]}" --reference "py-$stamp" --wait 60
      step "Java example: grid_report (live)" \
        env -u COUNCIL_KEY -u COUNCIL_TLS_CERT -u COUNCIL_TLS_KEY \
        "${java_examples[@]}" hall.council.examples.GridReport "${grid[@]}" --reference "java-$stamp" --wait 60
    else
      echo
      echo "neither COUNCIL_GRID_KEY nor COUNCIL_GRID_TLS_CERT is set: skipping the live grid_report flows"
    fi
  fi
fi

echo
if [ ${#failures[@]} -gt 0 ]; then
  echo "client tests FAILED: ${failures[*]}"
  exit 1
fi
echo "client tests passed"
