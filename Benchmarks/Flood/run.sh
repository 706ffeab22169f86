#!/usr/bin/env bash
# Starts a councild (COUNCILD, default the debug build) with max_connections MAX (default 256) and floods it with
# twice as many silent sockets while a valid client connects TRIES times; prints flood.py's figures.
#
#     Benchmarks/Flood/run.sh [COUNCILD] [MAX] [TRIES]
set -euo pipefail
cd "$(dirname "$0")/../.."
councild="${1:-.build/debug/councild}"
max="${2:-256}"
tries="${3:-300}"
[ -x "$councild" ] || { echo "$councild is not built: run swift build first" >&2; exit 2; }
make -C Clients/python venv >/dev/null
ulimit -n "$(( max * 4 + 1024 ))" 2>/dev/null || true
dir=$(mktemp -d)
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
echo "{ \"limits\": { \"maxConnections\": $max } }" >"$dir/councild.json"
"$councild" --config "$dir/councild.json" --memory --demo --listen 127.0.0.1:0 >"$dir/log" 2>&1 &
pid=$!
address=""
for _ in $(seq 1 100); do
  address=$(grep -o 'address=[0-9.]*:[0-9]*' "$dir/log" | head -1 | cut -d= -f2 || true)
  [ -n "$address" ] && break
  sleep 0.1
done
[ -n "$address" ] || { cat "$dir/log" >&2; exit 1; }
echo "councild $councild, max_connections $max, defaults otherwise"
Clients/python/.venv/bin/python Benchmarks/Flood/flood.py --address "$address" --key demo-hall-staff \
  --flood "$(( max * 2 ))" --tries "$tries"
