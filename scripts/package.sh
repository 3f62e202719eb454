#!/usr/bin/env bash
# Builds the Debian package: installs what is missing, builds in BUILD_DIR
# (default build, Release) and runs CPack there (prefix /usr).
# Prints the path of the .deb; `sudo apt install ./PATH` installs it with its
# dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
build=${BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"${JOBS:-$(nproc)}"
(cd "$build" && cpack -G DEB >/dev/null)
ls "$PWD/$build"/jlkit_*.deb
