# Starts councild nodes on one database for a script, and stops them when it exits. Source it:
#
#     COUNCILD=path/to/councild; source scripts/councild-nodes.sh
#     start_node node-1; NODE1="$(node_address node-1)"
#
# Each node runs with --demo on a free loopback port against $COUNCIL_POSTGRES_URL (see scripts/with-postgres.sh);
# its log is kept in a temporary folder that is removed, with the nodes, when the sourcing script exits: each node
# gets SIGTERM, and SIGKILL if it has not stopped 15 s later. (COUNCILD may be an older build, so the nodes are not
# given --stop-at-stdin-end.)
NODE_LOGS="$(mktemp -d -t councild-nodes.XXXXXX)"
NODE_PIDS=()

stop_nodes() {  # SIGTERM to every node, then SIGKILL to those still running after 15 s
    local p left
    [ ${#NODE_PIDS[@]} -gt 0 ] || return 0
    kill -TERM "${NODE_PIDS[@]}" 2>/dev/null || true
    for _ in $(seq 1 150); do
        left=0
        for p in "${NODE_PIDS[@]}"; do kill -0 "$p" 2>/dev/null && left=1 || true; done
        [ "$left" -eq 1 ] || break
        sleep 0.1
    done
    kill -KILL "${NODE_PIDS[@]}" 2>/dev/null || true
    for p in "${NODE_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    NODE_PIDS=()
}
trap 'stop_nodes; rm -rf "$NODE_LOGS"' EXIT

start_node() {  # start_node NAME: starts a node in the background
    "$COUNCILD" --database "$COUNCIL_POSTGRES_URL" --demo --listen 127.0.0.1:0 --log-level warning \
        >/dev/null 2>"$NODE_LOGS/$1.log" &
    NODE_PIDS+=($!)
}

node_address() {  # node_address NAME: waits up to 30 s for the node's banner and prints its address
    for _ in $(seq 1 300); do
        local found
        found="$(sed -n 's/.*running in demo mode on \([0-9.]*:[0-9]*\).*/\1/p' "$NODE_LOGS/$1.log" 2>/dev/null | head -n 1)"
        [[ -n "$found" ]] && { echo "$found"; return; }
        sleep 0.1
    done
    echo "$1 did not start:" >&2; cat "$NODE_LOGS/$1.log" >&2; exit 1
}
