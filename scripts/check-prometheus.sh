#!/usr/bin/env bash
# Checks what Council Hall ships for Prometheus and Grafana, and that a real Prometheus can use councild's metrics:
#
#     scripts/check-prometheus.sh [--offline]
#
# Offline (needs only Debian's prometheus package, which it installs when missing):
#   * `promtool check rules` on deploy/prometheus/council-alerts.yml and `promtool test rules` on its unit tests;
#   * every alert is tested: the unit tests must fail with any one alert renamed;
#   * `promtool check config` on the example deploy/prometheus/prometheus.yml;
#   * every council_* name in the rules and in deploy/grafana/councild-dashboard.json is a metric of README.md's
#     table, and the dashboard is importable (scripts/check-prometheus.py names).
#
# Live (skipped with --offline): starts the built councild (COUNCILD, default .build/debug/councild) on a fresh SQLite
# file with TLS (certificates from scripts/make-test-pki.sh) and its admin listener on free loopback ports, and a real
# Prometheus that scrapes it every second and loads the alerting rules; then scripts/check-prometheus.py live drives a
# short load of real calls through the Python client and checks what Prometheus's HTTP API gives back (see there).
# Both processes are stopped and their files removed whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

offline=false
case "${1:-}" in
  --offline) offline=true ;;
  "") ;;
  *) echo "usage: $0 [--offline]" >&2; exit 2 ;;
esac

RULES=deploy/prometheus/council-alerts.yml
RULE_TESTS=deploy/prometheus/council-alerts.test.yml
EXAMPLE_CONFIG=deploy/prometheus/prometheus.yml
DASHBOARD=deploy/grafana/councild-dashboard.json

fail() { echo "check-prometheus: FAILED: $*" >&2; exit 1; }

# Debian's package, without its recommended node exporter and collectors. Installing it does not start a Prometheus
# service where no init system runs (a CI container); where systemd runs, Debian starts one on port 9090, which
# this script does not use.
if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
  scripts/ensure-packages.sh --no-install-recommends prometheus
fi
scripts/ensure-packages.sh python3 python3-venv  # the live part runs the Python client from its virtualenv

work=$(mktemp -d "${TMPDIR:-/tmp}/check-prometheus.XXXXXX")
councild_pid=""
prometheus_pid=""
stop() {  # stop PID NAME: SIGTERM, up to 10 s to exit, then SIGKILL
  local pid="$1" i
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$2 did not stop on SIGTERM within 10 s: killed" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local status=$?
  stop "$prometheus_pid" prometheus
  stop "$councild_pid" councild
  if [ "$status" -ne 0 ]; then
    for log in "$work/councild.log" "$work/prometheus.log"; do
      [ -s "$log" ] && { echo "---- last lines of $(basename "$log") ----" >&2; tail -25 "$log" >&2; }
    done
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> $(promtool --version 2>&1 | head -1)"
echo "==> promtool check rules $RULES"
promtool check rules "$RULES"

echo "==> promtool test rules $RULE_TESTS"
promtool test rules "$RULE_TESTS"

echo "==> every alert has a test: the unit tests must fail with any one alert renamed"
mkdir "$work/renamed"
cp "$RULE_TESTS" "$work/renamed/"
alerts=$(sed -n 's/^ *- alert: *\([A-Za-z0-9_]*\) *$/\1/p' "$RULES")
[ -n "$alerts" ] || fail "no alerts found in $RULES"
for alert in $alerts; do
  sed "s/^\( *- alert: *\)$alert *\$/\1${alert}Renamed/" "$RULES" >"$work/renamed/$(basename "$RULES")"
  if promtool test rules "$work/renamed/$(basename "$RULE_TESTS")" >/dev/null 2>&1; then
    fail "$RULE_TESTS still passes with $alert renamed: no test shows $alert firing"
  fi
done
echo "$(echo "$alerts" | wc -w) alerts, each shown firing by a test"

echo "==> promtool check config $EXAMPLE_CONFIG"
promtool check config "$EXAMPLE_CONFIG"

echo "==> metric names in the rules and the dashboard"
python3 scripts/check-prometheus.py names README.md "$RULES" "$DASHBOARD"

if $offline; then
  echo "check-prometheus: offline checks passed (--offline: no live Prometheus)"
  exit 0
fi

# ---- live ----
COUNCILD=${COUNCILD:-.build/debug/councild}
[ -x "$COUNCILD" ] || fail "no councild at $COUNCILD: build it first (swift build --product councild)"

echo "==> the Python client's virtualenv"
make -s -C Clients/python venv >/dev/null

echo "==> councild (SQLite, TLS, admin listener) on free ports"
scripts/make-test-pki.sh "$work/pki" >/dev/null
cat >"$work/councild.json" <<EOF
{ "tls": { "certificate": "$work/pki/server.pem", "privateKey": "$work/pki/server-key.pem" } }
EOF
"$COUNCILD" --config "$work/councild.json" --database "$work/council.sqlite" --demo \
  --listen 127.0.0.1:0 --admin-listen 127.0.0.1:0 >"$work/councild.log" 2>&1 &
councild_pid=$!
address=""
admin=""
for _ in $(seq 1 600); do  # up to 60 s: a debug build on a loaded machine
  # The admin listener's line is `admin HTTP listener adminAddress=HOST:PORT` (`admin listening address=` also read).
  admin=$(sed -n 's/.* admin \(HTTP listener adminAddress\|listening address\)=\([0-9.]*:[0-9]*\).*/\2/p' \
    "$work/councild.log" | head -1)
  address=$(sed -n '/ admin /!s/.* listening address=\([0-9.]*:[0-9]*\).*/\1/p' "$work/councild.log" | head -1)
  [ -n "$admin" ] && [ -n "$address" ] && break
  kill -0 "$councild_pid" 2>/dev/null || fail "councild exited at start"
  sleep 0.1
done
[ -n "$address" ] || fail "councild did not log its listening address within 60 s"
[ -n "$admin" ] || fail "councild did not log its admin listener's address (admin HTTP listener adminAddress=HOST:PORT) within 60 s"
echo "councild (pid $councild_pid): calls on $address (TLS), admin on http://$admin"

echo "==> Prometheus scraping it every second, with the alerting rules"
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
cat >"$work/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - $PWD/$RULES
scrape_configs:
  - job_name: councild
    static_configs:
      - targets: ["$admin"]
EOF
promtool check config "$work/prometheus.yml" >/dev/null || fail "the test's own prometheus.yml is not valid"
prometheus_url=""
for attempt in 1 2 3 4 5; do  # a port found free can be taken before Prometheus binds it
  port=$(free_port)
  rm -rf "$work/tsdb"
  prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
    --web.listen-address="127.0.0.1:$port" >"$work/prometheus.log" 2>&1 &
  prometheus_pid=$!
  for _ in $(seq 1 600); do  # up to 60 s to open its storage and listen
    if ! kill -0 "$prometheus_pid" 2>/dev/null; then
      wait "$prometheus_pid" 2>/dev/null || true
      prometheus_pid=""
      break
    fi
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
        "http://127.0.0.1:$port/-/ready" 2>/dev/null; then
      prometheus_url="http://127.0.0.1:$port"
      break
    fi
    sleep 0.1
  done
  [ -n "$prometheus_url" ] && break
  if [ -n "$prometheus_pid" ]; then
    fail "Prometheus did not become ready within 60 s"
  fi
  echo "Prometheus exited at start (attempt $attempt): $(tail -1 "$work/prometheus.log")"
done
[ -n "$prometheus_url" ] || fail "Prometheus did not start in 5 attempts"
echo "Prometheus (pid $prometheus_pid) at $prometheus_url"

echo "==> a short load, then Prometheus's HTTP API"
Clients/python/.venv/bin/python scripts/check-prometheus.py live --councild "$address" --admin "$admin" \
  --prometheus "$prometheus_url" --ca "$work/pki/ca.pem" --readme README.md --dashboard "$DASHBOARD" \
  --seconds "${LOAD_SECONDS:-12}"

echo "check-prometheus: passed"
