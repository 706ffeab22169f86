#!/usr/bin/env bash
# Installs the Debian packages named as arguments unless they are installed already.
# An argument may pin a version, `name=version`: a different installed version is replaced by that one.
# --no-install-recommends first leaves out what the packages only recommend (prometheus recommends a node exporter
# and its collectors, services a test has no use for).
set -euo pipefail
options=()
if [ "${1:-}" = "--no-install-recommends" ]; then
  options+=(--no-install-recommends)
  shift
fi
missing=()
for package in "$@"; do
  name="${package%%=*}"
  wanted=""
  [ "$name" != "$package" ] && wanted="${package#*=}"
  state="$(dpkg-query -W -f='${Status}|${Version}' "$name" 2>/dev/null || true)"
  if [[ "$state" != "install ok installed|"* ]]; then
    missing+=("$package")
  elif [ -n "$wanted" ] && [ "${state#*|}" != "$wanted" ]; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --allow-downgrades ${options[@]+"${options[@]}"} "${missing[@]}"
else
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --allow-downgrades ${options[@]+"${options[@]}"} "${missing[@]}"
fi
