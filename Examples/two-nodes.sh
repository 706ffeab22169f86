#!/usr/bin/env bash
# Two councild nodes on one PostgreSQL database, as a city-wide deployment runs them.
#
#   Examples/two-nodes.sh              build, start a throwaway PostgreSQL 15 and two councild nodes on it
#   Examples/two-nodes.sh --no-build   use the binaries already in .build
#
# A petition is submitted through node 1, read and accepted through node 2, and a watch on node 1 times how long
# node 2's change takes to reach it (PostgreSQL tells the other nodes of each commit with NOTIFY; each node also reads
# the shared event sequence once a second, in case a notification was missed).
# Everything is stopped and deleted on exit (scripts/with-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" != "--no-build" ]]; then
    swift build --product councild >&2
    swift build --product councilctl >&2
fi
BIN="$(swift build --show-bin-path)"

if [[ -z "${COUNCIL_POSTGRES_URL:-}" ]]; then
    exec scripts/with-postgres.sh "$0" --no-build
fi

COUNCILD="$BIN/councild"
source scripts/councild-nodes.sh
start_node node-1
NODE1="$(node_address node-1)"  # the first node migrates the schema; the second starts on it
start_node node-2
NODE2="$(node_address node-2)"
echo "node 1: $NODE1    node 2: $NODE2    database: throwaway PostgreSQL 15"

ctl() { "$BIN/councilctl" "$@"; }
REF="XF-TWO-$(date +%s)"

echo; echo "\$ councilctl --server $NODE1 --system petition-office submit … --external-reference $REF"
NUMBER="$(ctl --server "$NODE1" --system petition-office --key demo-petition-office submit \
    --title 小区南门路灯不亮 --description '南门路灯连续三晚不亮，居民夜间出行不便。' --source petitionOffice \
    --community QX03 --category infrastructure --external-reference "$REF" 2>/dev/null)"
echo "$NUMBER"

echo; echo "\$ councilctl --server $NODE2 show petition-office/$REF     (read through the other node)"
ctl --server "$NODE2" --key demo-hall-staff show "petition-office/$REF" | head -n 6

# Watch node 1 for the next new event, then accept through node 2 and time its arrival.
ctl --server "$NODE1" --key demo-hall-staff watch --count 1 > "$NODE_LOGS/watch.txt" &
WATCH=$!
sleep 0.5  # let the watch subscribe before the change it should see
START_NS="$(date +%s%N)"
echo; echo "\$ councilctl --server $NODE2 accept $NUMBER --expected-version 1"
ctl --server "$NODE2" --key demo-hall-staff accept "$NUMBER" --expected-version 1
wait "$WATCH"
END_NS="$(date +%s%N)"
echo; echo "node 1's watch: $(cat "$NODE_LOGS/watch.txt")"
echo "from accept sent on node 2 to the event in node 1's watch: $(( (END_NS - START_NS) / 1000000 )) ms (includes starting councilctl)"

echo; echo "\$ councilctl --server $NODE1 decline $NUMBER --expected-version 1 --reason 过期的判断     (stale across nodes)"
ctl --server "$NODE1" --key demo-hall-staff decline "$NUMBER" --expected-version 1 --reason 过期的判断 || echo "exit $?: refused as stale"
