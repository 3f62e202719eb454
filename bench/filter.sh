#!/usr/bin/env bash
# Throughput of jlfilter against jq on a synthetic access log (warm cache).
# Usage: bench/filter.sh [MB] ; needs build/bin/jlfilter, jq, hyperfine optional.
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-200}
data=${TMPDIR:-/tmp}/jlkit_bench_$mb.jsonl
[ -f "$data" ] || python3 bench/gen_access_log.py "$mb" >"$data"
bytes=$(stat -c %s "$data")
run() {  # name, command...
  local name=$1; shift
  cat "$data" >/dev/null
  local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N)
  awk -v n="$name" -v b="$bytes" -v a="$t0" -v z="$t1" 'BEGIN { printf "%-45s %7.2f s %8.0f MB/s\n", n, z-a, b/1e6/(z-a) }'
}
for expr in '.status == 500' '.status >= 500 and .method == "POST"' '.ua | test("bot"; "i")' 'any(.tags[]; . == "canary")'; do
  run "jlfilter '$expr'" build/bin/jlfilter "$expr" "$data"
  run "jq -c 'select($expr)'" jq -c "select($expr)" "$data"
done
grep -m1 'model name' /proc/cpuinfo
