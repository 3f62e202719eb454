#!/usr/bin/env bash
# blobappend into a local Azurite (in memory, started and stopped here):
# throughput and peak memory by block size, from a file and from a pipe.
# Usage: bench/azure.sh [MB]. Needs build/bin/blobappend and node_modules/azurite.
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-200}
data=${TMPDIR:-/tmp}/jlkit_bench_$mb.jsonl
[ -f "$data" ] || python3 bench/gen_access_log.py "$mb" >"$data"
state=$(mktemp -d)
trap 'tests/servers/azurite.sh stop "$state"; rm -rf "$state"' EXIT
tests/servers/azurite.sh start "$state"
port=$(cat "$state/azurite.port")
export AZURE_STORAGE_CONNECTION_STRING="UseDevelopmentStorage=true"
ep=http://127.0.0.1:$port/devstoreaccount1
(cd tests/integration && python3 -c "import sys; from azure import Azure; Azure(sys.argv[1]).create_container('bench')" "$state")
bytes=$(stat -c %s "$data")
for bs in 4M 16M 100M; do
  /usr/bin/time -f "%e %M" -o "$state/t" build/bin/blobappend --endpoint-url "$ep" --block-size "$bs" --input "$data" \
    "az://devstoreaccount1/bench/file-$bs" >/dev/null
  read -r secs kb <"$state/t"
  awk -v n="--block-size $bs --input" -v b="$bytes" -v s="$secs" -v k="$kb" 'BEGIN { printf "%-32s %6.2f s %6.0f MB/s  max RSS %4.0f MB\n", n, s, b/1e6/s, k/1024 }'
done
cat "$data" | /usr/bin/time -f "%e %M" -o "$state/t" build/bin/blobappend --endpoint-url "$ep" "az://devstoreaccount1/bench/pipe" >/dev/null
read -r secs kb <"$state/t"
awk -v b="$bytes" -v s="$secs" -v k="$kb" 'BEGIN { printf "%-32s %6.2f s %6.0f MB/s  max RSS %4.0f MB\n", "stdin, default 4M", s, b/1e6/s, k/1024 }'
