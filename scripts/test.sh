#!/usr/bin/env bash
# Sets up, configures (warnings as errors), builds and runs every test.
# Exits non-zero on any failure. BUILD_DIR and JOBS may be overridden.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
build=${BUILD_DIR:-build}
jobs=${JOBS:-$(nproc)}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DJLKIT_WERROR=ON -DJLKIT_TESTS=ON >/dev/null
cmake --build "$build" -j"$jobs"
ctest --test-dir "$build" --output-on-failure -j"$jobs"
