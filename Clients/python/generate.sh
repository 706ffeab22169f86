#!/usr/bin/env bash
# Regenerates councilclient/council_pb2.py (and its .pyi stub) from Schemas/council.proto, the one source of truth.
#
#     ./generate.sh          write the generated code
#     ./generate.sh --check  regenerate into a temporary folder and fail if the committed code differs
#
# protoc must be Debian's protobuf-compiler 3.21.12 (libprotoc 3.21.12): its Python output needs the protobuf
# runtime 4.21.x, which requirements.txt pins (protobuf==4.21.12). A newer protoc would need a newer runtime.
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
generate() {  # $1: output folder
  protoc -I "$schemas" --python_out="$1" --pyi_out="$1" council.proto
}
if [ "${1:-}" = "--check" ]; then
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  generate "$scratch"
  for f in council_pb2.py council_pb2.pyi; do
    if ! cmp -s "$scratch/$f" "councilclient/$f"; then
      echo "councilclient/$f is stale: run ./generate.sh and commit the result" >&2
      exit 1
    fi
  done
  echo "councilclient/council_pb2.py matches Schemas/council.proto"
else
  generate councilclient
  echo "wrote councilclient/council_pb2.py and council_pb2.pyi"
fi
