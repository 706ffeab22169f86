#!/usr/bin/env bash
# Checks deploy/systemd/councild.service with `systemd-analyze verify`, where systemd is installed: any warning
# (an unknown key, a value it cannot parse) fails the check, since systemd only ignores such lines.
#
#     scripts/check-systemd-unit.sh [COUNCILD]     the councild binary ExecStart names (default .build/debug/councild)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v systemd-analyze >/dev/null; then
    echo "systemd-analyze is not installed: the systemd unit is not checked"
    exit 0
fi
councild="$(realpath "${1:-.build/debug/councild}")"
[ -x "$councild" ] || { echo "no councild at $councild: build it first" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed "s|/usr/local/bin/councild|$councild|" deploy/systemd/councild.service >"$work/councild.service"
output="$(systemd-analyze verify "$work/councild.service" 2>&1)" || { echo "$output" >&2; exit 1; }
if [ -n "$output" ]; then
    echo "$output" >&2
    echo "deploy/systemd/councild.service: systemd-analyze verify warns; fix the unit" >&2
    exit 1
fi
echo "deploy/systemd/councild.service: systemd-analyze verify found nothing to say"
