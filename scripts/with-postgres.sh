#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL 15 server:
#
#     scripts/with-postgres.sh CMD [ARGS...]
#
# Installs postgresql-15 when missing, initialises a cluster in a fresh folder, starts it on 127.0.0.1 on a free
# port, creates the database `council_test`, exports COUNCIL_POSTGRES_URL and runs CMD. Whatever happens, the server
# is stopped and its folder removed afterwards. Exits with CMD's status.
#
# As root the cluster belongs to the `postgres` user (initdb refuses to run as root); otherwise to the caller.
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -gt 0 ] || { echo "usage: $0 CMD [ARGS...]" >&2; exit 2; }

PG_VERSION=15
PG_BIN=/usr/lib/postgresql/$PG_VERSION/bin
if [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
  scripts/ensure-packages.sh "postgresql-$PG_VERSION"
fi

if [ "$(id -u)" -eq 0 ]; then
  RUNUSER=$(command -v runuser || echo /usr/sbin/runuser)  # /usr/sbin may be missing from a CI PATH
  as_owner() { "$RUNUSER" -u postgres -- "$@"; }
else
  as_owner() { "$@"; }
fi

DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/council-postgres.XXXXXX")
server_started=0
cleanup() {
  local status=$?
  if [ "$server_started" -eq 1 ]; then
    as_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR/cluster" -m fast -w stop >/dev/null 2>&1 \
      || as_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR/cluster" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DATA_DIR"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DATA_DIR"; fi
as_owner "$PG_BIN/initdb" -D "$DATA_DIR/cluster" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
  >"$DATA_DIR/initdb.log" 2>&1 || { cat "$DATA_DIR/initdb.log" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $((20000 + RANDOM % 40000))
}

# A port found free can be taken before the server binds it: try a few.
for attempt in 1 2 3 4 5; do
  PORT=$(free_port)
  # Tests open several pools at once, so allow more connections than the default 100.
  if as_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR/cluster" -l "$DATA_DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA_DIR -c max_connections=300" start >/dev/null; then
    server_started=1
    break
  fi
done
if [ "$server_started" -ne 1 ]; then
  echo "PostgreSQL did not start; its log:" >&2
  cat "$DATA_DIR/server.log" >&2 || true
  exit 1
fi

"$PG_BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE council_test"
export COUNCIL_POSTGRES_URL="postgres://postgres@127.0.0.1:$PORT/council_test?sslmode=disable"
echo "PostgreSQL $PG_VERSION for this run: $COUNCIL_POSTGRES_URL"

set +e
"$@"
status=$?
set -e
exit "$status"
