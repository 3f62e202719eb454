#!/usr/bin/env bash
# Before and after: the JSON programs of revision REV against the working
# tree's build, on the same data, alternating the two binaries run by run
# (best of RUNS), so that a change's gain is measured in one go on a shared
# machine. Usage: bench/compare.sh REV [MB] [RUNS]
# REV is built once into build/compare-REV (a git worktree in build/).
set -euo pipefail
cd "$(dirname "$0")/.."
rev=$(git rev-parse --short "${1:?usage: bench/compare.sh REV [MB] [RUNS]}")
mb=${2:-250} runs=${3:-5}
old=build/compare-$rev
if [ ! -x "$old/build/bin/jlfilter" ]; then
  [ -d "$old" ] || git worktree add -q -f --detach "$old" "$rev"
  cmake -S "$old" -B "$old/build" -DCMAKE_BUILD_TYPE=Release -DJLKIT_TESTS=OFF -DJLKIT_BENCH=OFF --no-warn-unused-cli >/dev/null
  cmake --build "$old/build" -j"$(nproc)" --target jlfilter jl2csv jlenrich >/dev/null
fi
cmake --build build -j"$(nproc)" --target jlfilter jl2csv jlenrich >/dev/null
data=${TMPDIR:-/tmp}/jlkit-compare-$mb.jsonl
[ -s "$data" ] || { python3 bench/gen_access_log.py "$mb" >"$data.tmp" && mv "$data.tmp" "$data"; }
[ -s "$data.gz" ] || gzip -6 -c "$data" >"$data.gz"
bytes=$(stat -c %s "$data")

# ab LABEL PROGRAM ARGS...: best wall time of each binary over $runs rounds.
ab() {
  local label=$1 prog=$2 best_old=inf best_new=inf i t0 t1
  shift 2
  cat "$data" "$data.gz" >/dev/null
  for ((i = 0; i < runs; i++)); do
    t0=$EPOCHREALTIME; "$old/build/bin/$prog" "$@" >/dev/null 2>&1 || true; t1=$EPOCHREALTIME
    best_old=$(awk -v a="$t0" -v b="$t1" -v m="$best_old" 'BEGIN { d = b - a; print (m == "inf" || d < m) ? d : m }')
    t0=$EPOCHREALTIME; "build/bin/$prog" "$@" >/dev/null 2>&1 || true; t1=$EPOCHREALTIME
    best_new=$(awk -v a="$t0" -v b="$t1" -v m="$best_new" 'BEGIN { d = b - a; print (m == "inf" || d < m) ? d : m }')
  done
  L=$label awk -v n="$bytes" -v o="$best_old" -v w="$best_new" \
    'BEGIN { printf "| %s | %.0f | %.0f | %.2f× |\n", ENVIRON["L"], n / 1e6 / o, n / 1e6 / w, o / w }'
}

echo "| case, $mb MB (best of $runs) | $rev MB/s | working tree MB/s | gain |"
echo "|---|---|---|---|"
ab "jlfilter '.status == 404 and .request.method == \"GET\"'" jlfilter '.status == 404 and .request.method == "GET"' "$data"
ab "jlfilter '.client.user == \"user01234\"'" jlfilter '.client.user == "user01234"' "$data"
ab "jlfilter '.status >= 500'" jlfilter '.status >= 500' "$data"
ab "jlfilter '.ua \\| test(\"bot\"; \"i\")'" jlfilter '.ua | test("bot"; "i")' "$data"
ab "jl2csv -f ts,request.method,status,client.user,request.path" jl2csv -f ts,request.method,status,client.user,request.path "$data"
ab "jlenrich --set --extract --date-parts" jlenrich --set 'env="prod"' --extract 'client,client_version=.ua:^([^/ ]+)/(\S+)' --date-parts .ts "$data"
ab "jlfilter (the first) FILE.gz" jlfilter '.status == 404 and .request.method == "GET"' "$data.gz"
ab "jl2csv -f … FILE.gz" jl2csv -f ts,request.method,status,client.user,request.path "$data.gz"
