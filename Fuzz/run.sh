#!/usr/bin/env bash
# Builds the libFuzzer targets (release, address sanitizer) and fuzzes each in turn for SECONDS.
#
#     Fuzz/run.sh [SECONDS] [TARGET...]     default 600 seconds each; targets frames, requests and responses
#
#   frames     any bytes as one frame's payload and as a stream of length-prefixed frames
#   requests   the first byte picks a method (its field number in Call.request), the rest is its request message
#   responses  likewise for Response.response: what a client decodes
#
# Each target starts from its corpus in Fuzz/corpus/TARGET (committed) and from seeds made by Fuzz/inputs.py out of
# Schemas/testdata and Tests/CouncilWireTests/Regressions, plus one empty message per method. After the run the
# corpus is minimized with -merge=1 back into Fuzz/corpus/TARGET: commit it when it has grown. The last lines
# printed give each target's executions, exec/s, coverage (cov: counters, ft: features), corpus and crashes; the
# full logs are in .build-fuzz/logs.
#
# A crash writes crash-* into Fuzz/artifacts/TARGET (not committed). Keep it as a regression test: a frames input
# as it is, a requests or responses input wrapped as a frame by `Fuzz/inputs.py frame TARGET FILE`, into
# Tests/CouncilWireTests/Regressions with a line in its README.md; RegressionTests replays every file there.
#
# The sanitizers are not asked for with `--sanitize=fuzzer --sanitize=address`. SwiftPM keeps those values in a set
# and passes them to the Swift driver as separate `-sanitize=` options in the set's order, which changes from one
# `swift build` to the next, and the driver keeps only the last one: each Swift module compiled got either coverage
# or ASan, at random, and kept it until its sources changed. When ASan came last, only the C targets carried
# counters and libFuzzer loaded about 4,000 of them instead of more than 100,000. So SwiftPM is given `fuzzer` alone
# (for the link and the C targets) and the rest goes to the compilers directly, always in the same order. The check
# after the build fails if any object of the decoder or the targets lacks coverage counters or ASan.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(frames requests responses)

scratch=../.build-fuzz
flags=(-c release --sanitize=fuzzer -Xswiftc -sanitize=address,fuzzer -Xcc -fsanitize=address --scratch-path "$scratch")
swift build "${flags[@]}"
bin="$(swift build "${flags[@]}" --show-bin-path)"

# Every object that defines code in the decoder's modules and the targets must carry coverage counters and ASan.
missing=()
for module in CouncilWire CouncilWireC CCouncilWireSupport CouncilAPI CouncilKit FuzzChecks \
  fuzz_frames fuzz_requests fuzz_responses; do
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

seeds="$scratch/seeds"
rm -rf "$seeds"
python3 inputs.py seeds "$seeds" ../Schemas/testdata/*.bin \
  $(find ../Tests/CouncilWireTests/Regressions -type f ! -name '*.md' | sort)
mkdir -p "$scratch/logs"

failed=0
summary=()
for target in "${targets[@]}"; do
  binary="$bin/fuzz-$target"
  [ -x "$binary" ] || { echo "no fuzz target $target" >&2; exit 2; }
  mkdir -p "corpus/$target" "artifacts/$target"
  log="$scratch/logs/$target.log"
  touch "$scratch/logs/$target.start"
  status=0
  "$binary" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="artifacts/$target/" "corpus/$target" "$seeds/$target" 2>&1 | tee "$log" || status=$?
  [ "$status" -eq 0 ] || failed=1

  # Minimize: keep the smallest set of inputs that reaches everything the corpus and the seeds reached.
  merged="$scratch/merged-$target"
  rm -rf "$merged" && mkdir -p "$merged"
  "$binary" -merge=1 -max_len=8192 -timeout=10 -rss_limit_mb=2048 "$merged" "corpus/$target" "$seeds/$target" \
    >"$scratch/logs/$target-merge.log" 2>&1
  rm -rf "corpus/$target" && mv "$merged" "corpus/$target"

  last="$(grep -E '^#[0-9]+' "$log" | tail -1)"
  summary+=("$(printf '%-10s %s runs  %s exec/s  cov %s  ft %s  corpus %s files (%s after merge, %s bytes)  crashes %s' \
    "$target" \
    "$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")" \
    "$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")" \
    "$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")" \
    "$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")" \
    "$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")" \
    "$(find "corpus/$target" -type f | wc -l)" \
    "$(cat "corpus/$target"/* 2>/dev/null | wc -c)" \
    "$(find "artifacts/$target" -type f -newer "$scratch/logs/$target.start" | wc -l)")")
done
grep -h 'Loaded 1 modules' "$scratch/logs/${targets[0]}.log" | head -1
printf '%s\n' "${summary[@]}"
exit "$failed"
