#!/usr/bin/env bash
# The whole test suite built with AddressSanitizer and UndefinedBehaviorSanitizer
# (-DJLKIT_SANITIZE=ON, in build-asan): any report fails the test that ran
# into it. `scripts/sanitize.sh [CTEST ARGS...]`, e.g. `-R unit` for a part.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
build=${BUILD_DIR:-build-asan}
jobs=${JOBS:-$(nproc)}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJLKIT_SANITIZE=ON -DJLKIT_TESTS=ON \
  -DJLKIT_WERROR=ON -DJLKIT_BENCH=OFF >/dev/null
cmake --build "$build" -j"$jobs"
# Leaks count too; a report stops the program with a status the tests see.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=86}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$build" --output-on-failure -j"$jobs" "$@"
