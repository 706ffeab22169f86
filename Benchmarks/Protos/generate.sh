#!/bin/sh
# Regenerates Benchmarks/Sources/CouncilGRPCPeer/Generated from Schemas/council.proto and council_peer.proto:
# swift-protobuf messages for the whole schema and the grpc-swift-2 service of the gRPC peer. The output is
# committed; run this only after changing either proto (it builds the two protoc plugins first, ~10 minutes on
# 2 cores the first time).
#
#     Benchmarks/Protos/generate.sh
#
# Needs protoc (Debian's protobuf-compiler). The plugins are built from swift-protobuf 1.39.0 and
# grpc-swift-protobuf 2.4.1, the versions Benchmarks/Package.swift links, in Benchmarks/.build-protoc-plugins.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
benchmarks=$(dirname "$here")
root=$(dirname "$benchmarks")
work="$benchmarks/.build-protoc-plugins"
out="$benchmarks/Sources/CouncilGRPCPeer/Generated"

command -v protoc >/dev/null || { echo "protoc is missing: apt-get install protobuf-compiler" >&2; exit 1; }

mkdir -p "$work"
if [ ! -d "$work/grpc-swift-protobuf" ]; then
    git clone -q --depth 1 --branch 2.4.1 https://github.com/grpc/grpc-swift-protobuf "$work/grpc-swift-protobuf"
fi
# protoc-gen-swift is built from the swift-protobuf that checkout resolves: 1.39.0, the only one here.
(cd "$work/grpc-swift-protobuf" && swift build -c release --product protoc-gen-grpc-swift-2 && swift build -c release --product protoc-gen-swift)
bin="$work/grpc-swift-protobuf/.build/release"

# council.proto spells optional scalars `oneof _name { T name = n; }` for protoc-c; swift-protobuf names such a
# oneof like its field and the two collide. proto3 `optional T name = n;` is wire-identical (PROTOCOL.md §3), so
# the peer's code is generated from a copy that says it that way.
mkdir -p "$work/proto"
python3 - "$root/Schemas/council.proto" "$work/proto/council.proto" <<'PY'
import re, sys
source = open(sys.argv[1], encoding="utf-8").read()
pattern = re.compile(r"oneof _(\w+) \{\n\s*(\w[\w.]*) (\w+) = (\d+);\n\s*\}")
rewritten, count = pattern.subn(lambda m: f"optional {m.group(2)} {m.group(3)} = {m.group(4)};", source)
if re.search(r"^\s*oneof _", rewritten, re.M):
    sys.exit("council.proto has a oneof _name that is not a single optional scalar")
open(sys.argv[2], "w", encoding="utf-8").write(rewritten)
print(f"rewrote {count} oneof _name as optional")
PY

rm -rf "$out"
mkdir -p "$out"
protoc -I "$work/proto" -I "$here" \
    --plugin=protoc-gen-swift="$bin/protoc-gen-swift" --swift_out="$out" --swift_opt=Visibility=Public \
    --plugin=protoc-gen-grpc-swift="$bin/protoc-gen-grpc-swift-2" --grpc-swift_out="$out" \
    --grpc-swift_opt=Visibility=Public,Client=true,Server=true \
    council.proto council_peer.proto
echo "generated: $(ls "$out" | tr '\n' ' ')"
