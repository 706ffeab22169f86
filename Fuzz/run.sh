#!/usr/bin/env bash
# Builds the libFuzzer target (release, address sanitizer) and fuzzes frame and envelope decoding.
#
#     Fuzz/run.sh [SECONDS]     default 600
#
# The corpus starts from Schemas/testdata and Tests/CouncilWireTests/Regressions; new inputs go to Fuzz/corpus
# (not committed). A crash writes crash-* into Fuzz/artifacts: copy it into Tests/CouncilWireTests/Regressions
# so the test suite replays it for ever.
#
# The sanitizers are not asked for with `--sanitize=fuzzer --sanitize=address`. SwiftPM keeps those values in a set
# and passes them to the Swift driver as separate `-sanitize=` options in the set's order, which changes from one
# `swift build` to the next, and the driver keeps only the last one: each Swift module compiled got either coverage
# or ASan, at random, and kept it until its sources changed. When ASan came last, only the C targets carried
# counters and libFuzzer loaded about 3,700 of them instead of more than 100,000. So SwiftPM is given `fuzzer` alone
# (for the link and the C targets) and the rest goes to the compilers directly, always in the same order. The check
# after the build fails if any object of the decoder or the target lacks coverage counters or ASan.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
flags=(-c release --sanitize=fuzzer -Xswiftc -sanitize=address,fuzzer -Xcc -fsanitize=address --scratch-path ../.build-fuzz)
swift build "${flags[@]}"
bin="$(swift build "${flags[@]}" --show-bin-path)"
binary="$bin/CouncilWireFuzz"

# Every object that defines code in the decoder's modules and the target must carry coverage counters and ASan.
missing=()
for module in CouncilWire CouncilWireC CCouncilWireSupport CouncilAPI CouncilKit CouncilWireFuzz; do
  for object in "$bin/$module.build"/*.o "$bin/$module.build"/*/*.o; do
    [ -f "$object" ] || continue
    symbols="$(nm "$object")"
    grep -q ' [Tt] ' <<<"$symbols" || continue
    grep -q __sanitizer_cov_8bit_counters_init <<<"$symbols" || missing+=("$object (coverage)")
    grep -q __asan_ <<<"$symbols" || missing+=("$object (address sanitizer)")
  done
done
if [ ${#missing[@]} -gt 0 ]; then
  printf 'not instrumented: %s\n' "${missing[@]}" >&2
  exit 1
fi
mkdir -p corpus artifacts
seeds=(corpus)
for folder in ../Schemas/testdata ../Tests/CouncilWireTests/Regressions; do
  [ -d "$folder" ] && seeds+=("$folder")
done
"$binary" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix=artifacts/ "${seeds[@]}"
