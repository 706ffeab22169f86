#!/usr/bin/env bash
# Regenerates what is made from Schemas/council.proto: the C of Sources/CouncilWireC (protoc-c), and the Swift the
# schema's methods and annotations describe (Schemas/codegen: CouncilAPI's types and methods, CouncilWire's mapping,
# the server's handler protocol and routing, the client's typed methods) with the table of methods in PROTOCOL.md.
#
#     Schemas/generate.sh            write the generated code
#     Schemas/generate.sh --check    regenerate into a temporary folder and fail if the committed output differs
#
# protoc-c must be Debian's protobuf-c-compiler 1.4.1, the same version as libprotobuf-c-dev: the generated
# header refuses to compile against another runtime version. The Swift generator needs python3 and protoc
# (Debian's protobuf-compiler), which reads the schema for it.
set -euo pipefail
cd "$(dirname "$0")/.."

expected="1.4.1"
if ! command -v protoc-c >/dev/null; then
  echo "protoc-c is missing: run 'make deps' (Debian protobuf-c-compiler $expected)" >&2
  exit 1
fi
version="$(protoc-c --version | awk 'NR == 1 {print $2}')"
if [ "$version" != "$expected" ]; then
  echo "protoc-c is $version; the committed code is generated with $expected" >&2
  exit 1
fi

generate() {  # $1: output folder for the target
  local out="$1" tmp
  tmp="$(mktemp -d)"
  protoc-c -I Schemas --c_out="$tmp" council.proto
  mkdir -p "$out/include"
  cp "$tmp/council.pb-c.c" "$out/council.pb-c.c"
  cp "$tmp/council.pb-c.h" "$out/include/council.pb-c.h"
  rm -rf "$tmp"
}

if [ "${1:-}" = "--check" ]; then
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  generate "$scratch"
  stale=0
  diff -u Sources/CouncilWireC/council.pb-c.c "$scratch/council.pb-c.c" >/dev/null || stale=1
  diff -u Sources/CouncilWireC/include/council.pb-c.h "$scratch/include/council.pb-c.h" >/dev/null || stale=1
  if [ "$stale" -ne 0 ]; then
    echo "Sources/CouncilWireC is stale: run Schemas/generate.sh and commit the result" >&2
    exit 1
  fi
  python3 Schemas/codegen/generate.py . --check
  echo "Sources/CouncilWireC and the generated Swift match Schemas/council.proto"
else
  generate Sources/CouncilWireC
  echo "wrote Sources/CouncilWireC/council.pb-c.c and include/council.pb-c.h"
  python3 Schemas/codegen/generate.py .
fi
