#!/usr/bin/env bash
# Builds the libFuzzer target (release, address sanitizer) and fuzzes frame and envelope decoding.
#
#     Fuzz/run.sh [SECONDS]     default 600
#
# The corpus starts from Schemas/testdata and Tests/CouncilWireTests/Regressions; new inputs go to Fuzz/corpus
# (not committed). A crash writes crash-* into Fuzz/artifacts: copy it into Tests/CouncilWireTests/Regressions
# so the test suite replays it for ever.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
swift build -c release --sanitize=fuzzer --sanitize=address --scratch-path ../.build-fuzz
binary="$(swift build -c release --sanitize=fuzzer --sanitize=address --scratch-path ../.build-fuzz --show-bin-path)/CouncilWireFuzz"
mkdir -p corpus artifacts
seeds=(corpus)
for folder in ../Schemas/testdata ../Tests/CouncilWireTests/Regressions; do
  [ -d "$folder" ] && seeds+=("$folder")
done
"$binary" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix=artifacts/ "${seeds[@]}"
