#!/usr/bin/env bash
# The demo: on a fresh clone, installs what is missing, builds, starts moto
# (S3) and Azurite (Azure) on free loopback ports, creates seed-like data in
# them, runs every seed's pipeline (examples/seedNNN.sh), reports what each
# produced, and stops the servers (also when interrupted).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
state=$(mktemp -d "${TMPDIR:-/tmp}/jlkit-demo.XXXXXX")
cleanup() {
  tests/servers/moto.sh stop "$state"
  tests/servers/azurite.sh stop "$state"
  rm -rf "$state"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
tests/servers/moto.sh start "$state"
tests/servers/azurite.sh start "$state"
moto=http://127.0.0.1:$(cat "$state/moto.port")
export PATH=$root/build/bin:$PATH HOME=$state AWS_EC2_METADATA_DISABLED=true
export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1 AWS_ENDPOINT_URL=$moto
az_endpoint=http://127.0.0.1:$(cat "$state/azurite.port")/devstoreaccount1
# The emulator's well-known account, on the port Azurite got.
export AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=$az_endpoint"
b=demo
python3 scripts/demo_data.py "$state" $b first
section() { printf '\n== %s\n' "$*"; }
show() { printf '   %s\n' "$@"; }

section "seed 000: S3 objects into one Azure append blob, with a ledger (three runs, a new object before the third)"
data=az://devstoreaccount1/housing/data.json ledger=az://devstoreaccount1/housing/metadata
for run in 1 2 3; do
  [ $run = 3 ] && python3 scripts/demo_data.py "$state" $b more
  examples/seed000.sh s3://$b-housing/ $data $ledger 2>"$state/seed000.err"
  show "run $run: $(s3ls --urls s3://$b-housing/ | wc -l) objects, $(grep -c "in the ledger already" "$state/seed000.err" || true) skipped as appended already"
done
blob() { curl -s "$az_endpoint/housing/$1?$(cd tests/integration && python3 -c 'from azure import Azure; import sys; print(Azure(sys.argv[1]).account_sas())' "$state")"; }
show "objects in S3: $(s3ls --urls s3://$b-housing/ | wc -l)" \
     "records in the blob: $(blob data.json | wc -l) (distinct: $(blob data.json | sort -u | wc -l))" \
     "blob size: $(blob data.json | wc -c) bytes; keys in the ledger: $(blob metadata | grep -c '"event":"done"')" \
     "first record: $(blob data.json | head -n 1)"

section "seed 001: gzipped JSON lines (some Python reprs) filtered to CSV in S3"
examples/seed001.sh s3://$b/raw/ '.k == "v" and .c != null' a,b,c s3://$b/out/matches.csv |
  sed 's/^/   stored: /'
show "rows: $(($(s3cat s3://$b/out/matches.csv | wc -l) - 1))" "first rows:"
s3cat s3://$b/out/matches.csv | head -n 4 | sed 's/^/     /'

section "seed 002: uploads with types from the extension, glob and summary"
mkdir -p "$state/reports"
printf 'a,b\n1,2\n' >"$state/reports/q1.csv"; printf '{"a":1}\n' >"$state/reports/q1.json"; printf 'notes\n' >"$state/reports/notes.txt"
examples/seed002.sh "$state/reports" s3://$b/reports/ 2>&1 | sed 's/^/   /'

section "seed 003: a producer's stream into one object"
examples/seed003.sh s3://$b/exports/dump.jsonl.gz python3 -c '
import json
for i in range(200000): print(json.dumps({"i": i, "sq": i * i}))' | sed 's/^/   stored: /'
show "lines read back: $(s3cat s3://$b/exports/dump.jsonl.gz | wc -l)"

section "seed 004: hourly ETL into year/month/day partitions (two runs, new input in between)"
examples/seed004.sh s3://$b/firehose/ s3://$b/processed/ "$state/etl"
show "run 1: $(wc -l <"$state/etl/written.jsonl") objects, checkpoint $(cat "$state/etl/checkpoint")"
python3 scripts/demo_data.py "$state" $b after
examples/seed004.sh s3://$b/firehose/ s3://$b/processed/ "$state/etl"
show "run 2: $(wc -l <"$state/etl/written.jsonl") objects in all, checkpoint $(cat "$state/etl/checkpoint")" "partitions:"
s3ls --delimiter / s3://$b/processed/year=2024/month=05/ | jl2csv --no-header -f url | sed 's/^/     /'
show "records: $(s3ls s3://$b/processed/ | s3cat | wc -l) of $(s3ls s3://$b/firehose/ | s3cat | wc -l) in the input" \
     "a processed record: $(s3ls s3://$b/processed/ | s3cat | head -n 1)"
printf '\nAll five seed pipelines ran; the servers stop now.\n'
