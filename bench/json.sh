#!/usr/bin/env bash
# Throughput of the JSON-lines programs against jq on a synthetic access log
# (warm cache, best of three runs). Usage: bench/json.sh [MB]
# Needs build/bin/* and jq.
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-200}
data=${TMPDIR:-/tmp}/jlkit_bench_$mb.jsonl
[ -f "$data" ] || python3 bench/gen_access_log.py "$mb" >"$data"
bytes=$(stat -c %s "$data")
run() {  # name, command...
  local name=$1 best=
  shift
  cat "$data" >/dev/null
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null
    t1=$(date +%s.%N)
    best=$(awk -v a="$t0" -v z="$t1" -v b="$best" 'BEGIN { d = z - a; print (b == "" || d < b) ? d : b }')
  done
  awk -v n="$name" -v b="$bytes" -v d="$best" 'BEGIN { printf "%-62s %7.2f s %8.0f MB/s\n", n, d, b/1e6/d }'
}
j=build/bin
run "cat" cat "$data"
for expr in '.status == 500' '.status >= 500 and .method == "POST"' '.ua | test("bot"; "i")' 'any(.tags[]; . == "canary")'; do
  run "jlfilter '$expr'" $j/jlfilter "$expr" "$data"
  run "jq -c 'select($expr)'" jq -c "select($expr)" "$data"
done
enrich=(--set 'env="prod"' --extract 'client,client_version=.ua:^([^/ ]+)/(\S+)' --date-parts .ts)
run "jlenrich ${enrich[*]}" $j/jlenrich "${enrich[@]}" "$data"
run "jq -c (the same three fields)" jq -c '.env = "prod" | (.ua | capture("^(?<client>[^/ ]+)/(?<client_version>\\S+)") // {}) as $c | . + $c | (.ts | sub("\\.[0-9]+Z$"; "Z") | fromdate | gmtime) as $t | .year = ($t[0]|tostring) | .month = ("0\($t[1]+1)"[-2:]) | .day = ("0\($t[2])"[-2:]) | .hour = ("0\($t[3])"[-2:])' "$data"
run "jl2csv -f ts,method,status,ua,req.id" $j/jl2csv -f ts,method,status,ua,req.id "$data"
run "jq -r '[.ts,.method,.status,.ua,.req.id] | @csv'" jq -r '[.ts,.method,.status,.ua,.req.id] | @csv' "$data"
run "jl2csv (header inferred)" $j/jl2csv "$data"
grep -m1 'model name' /proc/cpuinfo
