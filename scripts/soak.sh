#!/usr/bin/env bash
# The network-fault tests (tests/integration/test_faults.py) for many rounds,
# each with a new seed and new data: `scripts/soak.sh [ROUNDS] [RATE]`
# (default 20 rounds at a fault rate of 0.3). JLKIT_FAULT_SEED picks the first
# seed and JLKIT_FAULT_RETRIES the attempts per request (below 8, a program
# that gives up is accepted when it fails cleanly). Builds first, as
# scripts/test.sh does, and starts its own moto and Azurite.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-20}
rate=${2:-0.3}
scripts/setup.sh
build=${BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DJLKIT_TESTS=ON >/dev/null
cmake --build "$build" -j"$(nproc)"
state=$(mktemp -d)
trap 'tests/servers/moto.sh stop "$state"; tests/servers/azurite.sh stop "$state"; rm -rf "$state"' EXIT
tests/servers/moto.sh start "$state"
tests/servers/azurite.sh start "$state"
JLKIT_FAULT_ROUNDS=$rounds JLKIT_FAULT_RATE=$rate \
  python3 tests/integration/test_faults.py "$build/bin" "$state"
