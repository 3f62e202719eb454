#!/usr/bin/env bash
# Builds the libFuzzer targets in build-fuzz (clang, ASan + UBSan) and runs
# each for SECONDS_PER_TARGET (default 60) on a copy of fuzz/corpus/TARGET
# that grows in build-fuzz/corpus. Exits non-zero when a target crashes,
# leaks or times out, naming the input that did it.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (TARGET: expr, csv, ...)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(expr line_reader enrich csv xml url)

if ! command -v clang++ >/dev/null; then
  echo "fuzz: installing clang"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq clang >/dev/null
fi
scripts/setup.sh

build="build-fuzz"
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJLKIT_FUZZ=ON \
  -DJLKIT_TESTS=OFF -DJLKIT_BENCH=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

status=0
for t in "${targets[@]}"; do
  corpus=$build/corpus/$t artifacts=$build/crashes/$t/ log=$build/logs/$t.log
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  cp -r "fuzz/corpus/$t/." "$corpus"
  dict=()
  [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
  echo "fuzz: $t for ${seconds}s (log: $log)"
  if "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$artifacts" "${dict[@]}" "$corpus" >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units' "$log" || true
  else
    status=1
    echo "fuzz: $t FAILED; the input that did it:"
    grep -E 'Test unit written to|^SUMMARY' "$log" || tail -20 "$log"
    echo "fuzz: reproduce with: $build/fuzz/fuzz_$t FILE"
  fi
done
exit $status
