#!/usr/bin/env bash
# Regenerates src/generated (the council.v1 message classes) from Schemas/council.proto, the one source of truth.
#
#     ./generate.sh          write the generated code
#     ./generate.sh --check  regenerate into a temporary folder and fail if the committed code differs
#
# protoc must be Debian's protobuf-compiler 3.21.12, the release of the protobuf-java runtime Debian's
# libprotobuf-java (3.21.12) installs: generated code and runtime must come from the same release.
# protoc's Java generator is given the schema with its presence oneofs spelt as proto3 `optional` (java-view.py says
# why); the wire is the same.
set -euo pipefail
cd "$(dirname "$0")"
schemas="../../Schemas"
expected="3.21.12"
if ! command -v protoc >/dev/null; then
  echo "protoc is missing: install Debian's protobuf-compiler ($expected), e.g. make deps" >&2
  exit 1
fi
version="$(protoc --version | awk '{print $2}')"
if [ "$version" != "$expected" ]; then
  echo "protoc is $version; the committed code is generated with $expected" >&2
  exit 1
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
generate() {  # $1: output folder
  mkdir -p "$scratch/schema" "$1"
  python3 java-view.py "$schemas/council.proto" "$scratch/schema/council.proto"
  protoc -I "$scratch/schema" --java_out="$1" council.proto
}
if [ "${1:-}" = "--check" ]; then
  generate "$scratch/out"
  if ! diff -r -q "$scratch/out" src/generated >/dev/null; then
    diff -r -q "$scratch/out" src/generated | head -5 >&2
    echo "Clients/java/src/generated is stale: run Clients/java/generate.sh and commit the result" >&2
    exit 1
  fi
  echo "Clients/java/src/generated matches Schemas/council.proto"
else
  rm -rf src/generated
  generate src/generated
  echo "wrote Clients/java/src/generated ($(find src/generated -name '*.java' | wc -l) files)"
fi
