#!/usr/bin/env bash
# The benchmark runner: jlkit's programs against their peers (cat, wc, gzip,
# jq, gojq, Miller, DuckDB, curl, the AWS CLI, rclone) on a synthetic access
# log, with local S3 (moto) and Azure (Azurite) servers on loopback.
#
# On a fresh clone it installs what is missing (scripts/setup.sh, then the
# peers: Debian packages, DuckDB from npm into build/bench-peers), builds,
# generates the data once into ${TMPDIR:-/tmp}/jlkit-bench/, measures every
# case (median wall time of several runs, page cache warm, peak RSS from GNU
# time), and prints the table; it is also written as markdown, with the
# machine and the peers' versions, to --out. A peer that cannot be installed
# or fails shows n/a; the run goes on.
#
# Usage: bench/run.sh [--quick] [--out FILE]
#   --quick     100 MB of data, 3 runs, 256 MiB objects: a few minutes
#               (default: 250 MB, 5 runs, 1 GiB objects, ~15 minutes)
#   --out FILE  the markdown table (default build/bench-results.md)
set -euo pipefail
export LC_ALL=C.UTF-8 # EPOCHREALTIME and awk with a '.' decimal point

quick=0 out=build/bench-results.md
while [ $# -gt 0 ]; do
  case $1 in
  --quick) quick=1 ;;
  --out) out=${2:?--out needs a file}; shift ;;
  --out=*) out=${1#--out=} ;;
  -h | --help) sed -n '2,/^set -euo/{/^set -euo/d; s/^# \{0,1\}//; p}' "$0"; exit 0 ;;
  *) echo "run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case $out in /*) ;; *) out=$PWD/$out ;; esac # relative to where it was called from
cd "$(dirname "$0")/.."
root=$(pwd)
bin=$root/build/bin
peers=$root/build/bench-peers # DuckDB's npm packages: local, never committed (build/)
# The generated data, reused while the generator is unchanged.
cache=${TMPDIR:-/tmp}/jlkit-bench/gen-$(sha1sum bench/gen_access_log.py | cut -c 1-8)
started=$SECONDS
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

if [ $quick = 1 ]; then
  mode=quick base_mb=100 reps=3 small_mb=20 obj_bytes=$((256 << 20)) blob_bytes=$((64 << 20)) ranged_reps=3
else
  # ranged_reps: s3cat with its defaults and `aws s3 cp` to stdout read the
  # 1 GiB object in 128 ranges; moto's cost per range makes each run minutes.
  mode=full base_mb=250 reps=5 small_mb=100 obj_bytes=$((1 << 30)) blob_bytes=$((256 << 20)) ranged_reps=1
fi
slow_reps=3 # jq, gojq, Miller (on a fifth of the data) and the uploads to moto

# The cases' expressions, exactly as the issue gives them.
F1='.status == 404 and .request.method == "GET"'
F2='.client.user == "user01234"'
# shellcheck disable=SC2016 # Miller's and jq's own $ variables
MLR1='$status == 404 && $request.method == "GET"' # Miller 6: `.` indexes a map
SQL1="status=404 AND request.method='GET'"
CSV_FIELDS=ts,request.method,status,client.user,request.path
JQ_CSV='[.ts,.request.method,.status,.client.user,.request.path] | @csv'
ENRICH=(--set 'env="prod"' --extract 'client,client_version=.ua:^([^/ ]+)/(\S+)' --date-parts .ts)
# jq 1.6 cannot parse fractional seconds (jq #1117): they are cut before fromdate.
# shellcheck disable=SC2016
{
  JQ_ENRICH='.env = "prod" | (.ua | capture("^(?<client>[^/ ]+)/(?<client_version>\\S+)") // {}) as $c | . + $c'
  JQ_ENRICH+=' | (.ts | sub("\\.[0-9]+Z$"; "Z") | fromdate | gmtime) as $t'
  JQ_ENRICH+=' | .year = ($t[0]|tostring) | .month = ("0\($t[1]+1)"[-2:]) | .day = ("0\($t[2])"[-2:]) | .hour = ("0\($t[3])"[-2:])'
}

say() { printf '%s\n' "$*" >&2; }
section() { printf '\n== %s  [%d:%02d]\n' "$*" $(((SECONDS - started) / 60)) $(((SECONDS - started) % 60)) >&2; }
size() { stat -c %s "$1"; }
mb() { awk -v b="$1" 'BEGIN { printf "%.0f MB", b / 1e6 }'; }
warm() { cat "$@" >/dev/null; } # page cache warm: every case reads its input once first

state=$(mktemp -d "${TMPDIR:-/tmp}/jlkit-bench-run.XXXXXX")
cleanup() {
  tests/servers/moto.sh stop "$state" >/dev/null 2>&1 || true
  tests/servers/azurite.sh stop "$state" >/dev/null 2>&1 || true
  rm -rf "$state"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

###############################################################################
# Install and build

build() {
  section "setup and build"
  scripts/setup.sh
  grep -qs '^CMAKE_BUILD_TYPE:STRING=Release$' build/CMakeCache.txt ||
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
  if ! cmake --build build -j"$(nproc)" >"$state/build.log" 2>&1; then
    # The tree may be mid-edit; binaries from an earlier build still measure.
    local p
    for p in jlfilter jlenrich jl2csv s3cat s3put blobappend; do
      [ -x "$bin/$p" ] || { tail -n 30 "$state/build.log" >&2; exit 1; }
    done
    say "warning: the build failed (tail below); measuring the binaries already in build/bin"
    tail -n 5 "$state/build.log" >&2
  fi
}

# install_debs PACKAGE...: the missing ones from Debian, one at a time so that
# one failure costs only its own cases (they show n/a).
install_debs() {
  local p missing=() sudo=()
  for p; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  say "installing ${missing[*]} (Debian)"
  "${sudo[@]}" apt-get update -qq || true
  for p in "${missing[@]}"; do
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$p" >/dev/null 2>&1 ||
      say "warning: $p could not be installed: its cases show n/a"
  done
}

# DuckDB through its Node bindings: the `duckdb` npm package downloads its
# binary from outside the registry; @duckdb/node-api's bindings come from it.
duckdb_version=1.5.6-r.1
duck=$peers/duckdb-sql.mjs
install_duckdb() {
  if ! grep -qs "\"version\": \"$duckdb_version\"" "$peers/node_modules/@duckdb/node-api/package.json"; then
    say "installing @duckdb/node-api $duckdb_version (npm) into build/bench-peers"
    mkdir -p "$peers"
    # Its own package.json, so that npm installs here and not in a parent's node_modules.
    echo '{"name": "jlkit-bench-peers", "private": true}' >"$peers/package.json"
    (cd "$peers" && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "@duckdb/node-api@$duckdb_version" >"$state/npm.log" 2>&1) ||
      { say "warning: DuckDB did not install (tail below): its cases show n/a"; tail -n 5 "$state/npm.log" >&2; }
  fi
  cat >"$duck" <<'EOF'
#!/usr/bin/env node
// duckdb-sql.mjs SQL: runs one statement in an in-memory DuckDB (all cores).
// A SELECT's rows go to stdout, tab-separated; COPY ... TO '/dev/stdout'
// writes its own output (its row count is not printed).
import { DuckDBInstance } from '@duckdb/node-api';
const sql = process.argv[2];
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const result = await con.runAndReadAll(sql);
if (/^\s*select/i.test(sql)) for (const row of result.getRows()) console.log(row.join('\t'));
EOF
  chmod +x "$duck"
  # Unusable bindings: no script, so that every DuckDB row says "not installed".
  "$duck" "SELECT 1" >/dev/null 2>&1 || rm -f "$duck"
}

install_peers() {
  section "peers"
  install_debs gojq miller rclone
  command -v aws >/dev/null || say "note: the AWS CLI (aws) is not installed: its cases show n/a"
  install_duckdb
}

###############################################################################
# Data, generated once into the cache (each file written whole or not at all)

cached() { # FILE CMD...: FILE is CMD's output, made unless it is there
  [ -s "$1" ] && return 0
  local file=$1
  shift
  say "making $file"
  "$@" >"$file.tmp"
  mv "$file.tmp" "$file"
}
head_lines() { head -c "$2" "$1" | head -n -1; } # FILE BYTES: the whole lines in FILE's first BYTES
repeat_lines() { # FILE BYTES: FILE over and over, cut to the whole lines within BYTES
  local i n=$(($2 / $(size "$1") + 1))
  (set +o pipefail; for ((i = 0; i < n; i++)); do cat "$1"; done | head -c "$2" | head -n -1)
}

make_data() {
  section "data (cached in $cache)"
  mkdir -p "$cache"
  base=$cache/access-${base_mb}MB.jsonl
  cached "$base" python3 bench/gen_access_log.py "$base_mb"
  cached "$base.gz" gzip -6 -c "$base"
  # jq, gojq and Miller run ~50 MB/s or less: timed on a fifth, so the full run stays short.
  slice=$cache/access-${base_mb}MB-fifth.jsonl
  cached "$slice" head_lines "$base" $(($(size "$base") / 5))
  small=$cache/access-${small_mb}MB-head.jsonl
  cached "$small" head_lines "$base" $((small_mb * 1000000))
  # The S3 object (and the full run's big memory input): the log repeated,
  # whole lines, just under 1 GiB (quick: 256 MiB).
  obj=$cache/object-$((obj_bytes >> 20))MiB.jsonl
  cached "$obj" repeat_lines "$base" "$obj_bytes"
  blob=$cache/blob-$((blob_bytes >> 20))MiB.jsonl
  cached "$blob" head_lines "$obj" "$blob_bytes"
  # Memory: JSON tools read small and big; s3cat and s3put read s3_small and
  # the object (an S3 input needs ~100 MB to fill their window of parts).
  if [ $quick = 1 ]; then big=$base s3_small=$base; else big=$obj s3_small=$small; fi
  base_lines=$(wc -l <"$base") slice_lines=$(wc -l <"$slice")
  say "$(mb "$(size "$base")") ($base_lines lines), gzip $(mb "$(size "$base.gz")"), fifth $(mb "$(size "$slice")"), object $(size "$obj") B, blob $(size "$blob") B"
}

###############################################################################
# Measuring. Every row of the table has an id (case.program) and these fields.

declare -A ROW_CASE KIND LABEL MBPS RSS NOTE TARGET CMD
ROWS=()
row() { # ID CASE KIND LABEL: a new row; KIND is ours, peer or base (a baseline)
  ROWS+=("$1")
  ROW_CASE[$1]=$2
  KIND[$1]=$3
  LABEL[$1]=$4
  MBPS[$1]=n/a
  RSS[$1]=n/a
  NOTE[$1]=''
  TARGET[$1]=''
  CMD[$1]=''
}
note() { NOTE[$1]+="${NOTE[$1]:+; }$2"; }

# run_timed CMD...: one run, stdout to /dev/null; GNU time writes CMD's own
# peak RSS (KiB) as the last line of $state/rss. Input: $FEED through cat
# when set (a pipe, as in a pipeline), else none.
run_timed() {
  if [ -n "${FEED:-}" ]; then
    # shellcheck disable=SC2002 # a pipe on purpose: the program reads a stream
    cat "$FEED" | /usr/bin/time -f %M -o "$state/rss" "$@" >/dev/null 2>"$state/stderr"
  else
    /usr/bin/time -f %M -o "$state/rss" "$@" </dev/null >/dev/null 2>"$state/stderr"
  fi
}

# shown ARG...: the command line as one would type it, for the report
shown() {
  local a out='' plain='^[A-Za-z0-9_./:=,+@%-]+$'
  for a; do
    case $a in # the helpers below, by what they run
    s3curl_get) a="curl -sS --fail --aws-sigv4 aws:amz:us-east-1:s3 --user bench:bench" ;;
    s3curl_put) a="curl -sS --fail --aws-sigv4 aws:amz:us-east-1:s3 --user bench:bench -H 'Content-Type: application/x-ndjson' -T" ;;
    azcurl_blocks) a="curl -sS --fail -H 'x-ms-version: $az_version'" ;;
    *)
      if [[ ! $a =~ $plain ]]; then
        if [[ $a != *"'"* ]]; then a="'$a'"; elif [[ $a != *[\"\$\`\\]* ]]; then a="\"$a\""; else a=${a@Q}; fi
      fi
      ;;
    esac
    out+="${out:+ }$a"
  done
  echo "$out"
}

# measure ID BYTES RUNS CMD...: MB/s is BYTES over the median wall time of
# RUNS runs; RSS the largest peak of them. $PRE, when set, names a function
# run before each run, untimed. A failed run makes the row n/a.
measure() {
  local id=$1 bytes=$2 runs=$3 i t0 t1 kb max=0 times=()
  shift 3
  CMD[$id]="${FEED:+cat $(shown "$FEED") | }$(shown "$@")"
  for ((i = 0; i < runs; i++)); do
    [ -z "${PRE:-}" ] || "$PRE"
    t0=$EPOCHREALTIME
    if ! run_timed "$@"; then
      note "$id" "failed: $(grep -v '^Command exited' "$state/stderr" | tail -n 1 | cut -c 1-120)"
      say "  ${LABEL[$id]}: FAILED"
      sed 's/^/    /' "$state/stderr" | tail -n 5 >&2
      return 0
    fi
    t1=$EPOCHREALTIME
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
    kb=$(tail -n 1 "$state/rss")
    [ "$kb" -le "$max" ] || max=$kb
  done
  MBPS[$id]=$(printf '%s\n' "${times[@]}" | sort -g | awk -v b="$bytes" '{ t[NR] = $1 }
    END { m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%.2f", b / 1e6 / m }')
  RSS[$id]=$(awk -v k="$max" 'BEGIN { printf "%.1f", k / 1024 }')
  [ "$runs" = "$reps" ] || note "$id" "$runs run$([ "$runs" = 1 ] || echo s)"
  say "  ${LABEL[$id]}: $(fmt_mbps "${MBPS[$id]}") MB/s, max RSS ${RSS[$id]} MB (runs: $(printf '%.3f ' "${times[@]}")s)"
}

# bench ID CASE KIND LABEL BYTES_OF RUNS WANT CMD...: a row measured with
# `measure`; MB/s counts the bytes of the file BYTES_OF (the uncompressed
# one for gzip input). WANT, unless -, is the number of lines CMD must
# write: an untimed first run counts them (and warms up) and a mismatch is
# flagged in the row. A program that is not installed gives an n/a row.
bench() {
  local id=$1 case=$2 kind=$3 label=$4 bytes_of=$5 runs=$6 want=$7 got
  shift 7
  row "$id" "$case" "$kind" "$label"
  if ! command -v "$1" >/dev/null; then
    note "$id" "not installed"
    say "  $label: n/a (not installed)"
    return 0
  fi
  if [ "$want" != - ]; then
    got=$("$@" 2>/dev/null </dev/null | wc -l) || true
    [ "$got" = "$want" ] || note "$id" "WARNING: wrote $got lines, expected $want"
  fi
  measure "$id" "$(size "$bytes_of")" "$runs" "$@"
}

###############################################################################
# Local servers and their clients

export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
# Defaults only: no profile, config or CA bundle of the machine's (plain http
# on loopback; rclone cannot load a custom CA bundle with its transport).
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_REGION AWS_ENDPOINT_URL_S3 AWS_CA_BUNDLE
export AWS_CONFIG_FILE=$state/aws-config AWS_SHARED_CREDENTIALS_FILE=$state/aws-credentials
: >"$AWS_CONFIG_FILE"
: >"$AWS_SHARED_CREDENTIALS_FILE"
have_s3=0 have_azure=0 range_s=n/a

s3curl() { curl -sS --fail --aws-sigv4 "aws:amz:us-east-1:s3" --user bench:bench "$@"; }
object_size() { s3curl -I "$s3/$1" | tr -d '\r' | awk 'tolower($1) == "content-length:" { print $2 }'; }

start_s3() {
  # Parts of at least 5 MiB, as on AWS (moto.sh lowers it for the tests).
  S3_UPLOAD_PART_MIN_SIZE=5242880 tests/servers/moto.sh start "$state" || return 0
  s3=http://127.0.0.1:$(cat "$state/moto.port")
  export AWS_ENDPOINT_URL=$s3
  # rclone's remote "moto:", from the environment only.
  export RCLONE_CONFIG=$state/rclone.conf RCLONE_CONFIG_MOTO_TYPE=s3 RCLONE_CONFIG_MOTO_PROVIDER=Other \
    RCLONE_CONFIG_MOTO_ENDPOINT=$s3 RCLONE_CONFIG_MOTO_ACCESS_KEY_ID=bench \
    RCLONE_CONFIG_MOTO_SECRET_ACCESS_KEY=bench RCLONE_CONFIG_MOTO_REGION=us-east-1
  : >"$RCLONE_CONFIG"
  s3curl -X PUT -o /dev/null "$s3/bench"
  # rclone 1.60 reads an object back with ?versionId=null after a multipart
  # upload to an unversioned bucket, which moto refuses (400): its bucket is versioned.
  s3curl -X PUT -o /dev/null "$s3/bench-rclone"
  s3curl -X PUT -o /dev/null -H 'Content-Type: application/xml' "$s3/bench-rclone?versioning" \
    --data-binary '<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>'
  # The objects read back, uploaded with one plain PUT each.
  s3curl -T "$base.gz" -H 'Content-Type: application/gzip' -o /dev/null "$s3/bench/access.jsonl.gz"
  s3curl -T "$obj" -H 'Content-Type: application/x-ndjson' -o /dev/null "$s3/bench/object.jsonl"
  s3curl -T "$s3_small" -H 'Content-Type: application/x-ndjson' -o /dev/null "$s3/bench/small.jsonl"
  have_s3=1
}

az_version=2023-11-03
start_azure() {
  tests/servers/azurite.sh start "$state" || return 0
  az=http://127.0.0.1:$(cat "$state/azurite.port")/devstoreaccount1
  # An account SAS for curl, signed by the tests' own independent client.
  sas=$(cd tests/integration && python3 -c 'import sys; from azure import Azure; print(Azure(sys.argv[1]).account_sas())' "$state")
  export AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=$az"
  azcurl -X PUT "$az/bench?restype=container&$sas"
  have_azure=1
}
azcurl() { curl -sS --fail -o /dev/null -H "x-ms-version: $az_version" "$@"; }
fresh_append_blob() { # BLOB: an empty append blob (in memory: the last run's is deleted)
  azcurl -X DELETE "$az/bench/$1?$sas" 2>/dev/null || true
  azcurl -X PUT -H 'x-ms-blob-type: AppendBlob' -H 'Content-Length: 0' "$az/bench/$1?$sas"
}
blob_size() { curl -sS -I -H "x-ms-version: $az_version" "$az/bench/$1?$sas" | tr -d '\r' | awk 'tolower($1) == "content-length:" { print $2 }'; }

###############################################################################
# The cases

case_filter() {
  section "1 filter: $F1"
  warm "$base" "$slice"
  n_full=$("$bin/jlfilter" "$F1" "$base" | wc -l)
  local n_slice
  n_slice=$("$bin/jlfilter" "$F1" "$slice" | wc -l)
  bench 1.cat 1 base "cat FILE > /dev/null" "$base" "$reps" - cat "$base"
  bench 1.wc 1 base "wc -l FILE" "$base" "$reps" - wc -l "$base"
  bench 1.jlfilter 1 ours "jlfilter" "$base" "$reps" - "$bin/jlfilter" "$F1" "$base"
  bench 1.jq 1 peer "jq -c 'select(…)' ⅕" "$slice" "$slow_reps" "$n_slice" jq -c "select($F1)" "$slice"
  bench 1.gojq 1 peer "gojq -c 'select(…)' ⅕" "$slice" "$slow_reps" "$n_slice" gojq -c "select($F1)" "$slice"
  bench 1.mlr 1 peer "mlr --ijson --ojsonl filter ⅕" "$slice" "$slow_reps" "$n_slice" \
    mlr --ijson --ojsonl filter "$MLR1" "$slice"
  bench 1.duck 1 peer "DuckDB COPY … TO stdout (json)" "$base" "$reps" "$n_full" \
    "$duck" "COPY (SELECT * FROM read_ndjson_auto('$base') WHERE $SQL1) TO '/dev/stdout' (FORMAT json)"
  bench 1.duckc 1 peer "DuckDB SELECT count(*)" "$base" "$reps" 1 \
    "$duck" "SELECT count(*) FROM read_ndjson_auto('$base') WHERE $SQL1"
  if [ -x "$duck" ] && [ "$("$duck" "SELECT count(*) FROM read_ndjson_auto('$base') WHERE $SQL1")" != "$n_full" ]; then
    note 1.duckc "WARNING: count differs from jlfilter's $n_full"
  fi
}

# bench/json.sh's other predicates (adapted to the nested records), against jq.
more_predicate() { # CASE EXPR
  section "$1 filter: $2"
  warm "$base" "$slice"
  bench "$1.jlfilter" "$1" ours "jlfilter" "$base" "$reps" - "$bin/jlfilter" "$2" "$base"
  bench "$1.jq" "$1" peer "jq -c 'select(…)' ⅕" "$slice" "$slow_reps" "$("$bin/jlfilter" "$2" "$slice" | wc -l)" \
    jq -c "select($2)" "$slice"
}
case_more_predicates() {
  more_predicate 1b '.status >= 500 and .request.method == "POST"'
  more_predicate 1c '.ua | test("bot"; "i")'
  more_predicate 1d 'any(.tags[]; . == "canary")'
}

case_selective() {
  section "2 selective string equality: $F2"
  warm "$base" "$slice"
  bench 2.jlfilter 2 ours "jlfilter" "$base" "$reps" - "$bin/jlfilter" "$F2" "$base"
  bench 2.jq 2 peer "jq -c 'select(…)' ⅕" "$slice" "$slow_reps" "$("$bin/jlfilter" "$F2" "$slice" | wc -l)" \
    jq -c "select($F2)" "$slice"
}

case_csv() { # jl2csv, Miller and DuckDB write a header line, jq does not
  section "3 CSV of five fields: $CSV_FIELDS"
  warm "$base" "$slice"
  bench 3.jl2csv 3 ours "jl2csv -f …" "$base" "$reps" $((base_lines + 1)) "$bin/jl2csv" -f "$CSV_FIELDS" "$base"
  bench 3.jl2csv-inferred 3 ours "jl2csv (header inferred)" "$base" "$reps" $((base_lines + 1)) "$bin/jl2csv" "$base"
  bench 3.jq 3 peer "jq -r '[…] | @csv' ⅕" "$slice" "$slow_reps" "$slice_lines" jq -r "$JQ_CSV" "$slice"
  bench 3.mlr 3 peer "mlr --ocsv flatten then cut ⅕" "$slice" "$slow_reps" $((slice_lines + 1)) \
    mlr --ijson --ocsv flatten 'then' cut -o -f "$CSV_FIELDS" "$slice"
  bench 3.duck 3 peer "DuckDB COPY … TO stdout (csv)" "$base" "$reps" $((base_lines + 1)) \
    "$duck" "COPY (SELECT ts, request.method, status, client.user, request.path FROM read_ndjson_auto('$base')) TO '/dev/stdout' (FORMAT csv)"
}

case_enrich() {
  section "4 enrich: ${ENRICH[*]}"
  warm "$base" "$slice"
  bench 4.jlenrich 4 ours "jlenrich --set --extract --date-parts" "$base" "$reps" "$base_lines" \
    "$bin/jlenrich" "${ENRICH[@]}" "$base"
  bench 4.jq 4 peer "jq -c (the same fields) ⅕" "$slice" "$slow_reps" "$slice_lines" jq -c "$JQ_ENRICH" "$slice"
}

case_gzip() { # MB/s of the uncompressed bytes
  section "5 gzip input ($(mb "$(size "$base.gz")") of gzip -6)"
  warm "$base.gz"
  bench 5.gzip 5 base "gzip -dc" "$base" "$reps" - gzip -dc "$base.gz"
  bench 5.jlfilter 5 ours "jlfilter '…' FILE.gz" "$base" "$reps" "$n_full" "$bin/jlfilter" "$F1" "$base.gz"
  bench 5.jl2csv 5 ours "jl2csv -f … FILE.gz" "$base" "$reps" $((base_lines + 1)) \
    "$bin/jl2csv" -f "$CSV_FIELDS" "$base.gz"
  if [ $have_s3 = 1 ]; then
    bench 5.s3cat 5 ours "s3cat (the .gz object, from moto)" "$base" "$reps" "$base_lines" \
      "$bin/s3cat" s3://bench/access.jsonl.gz
  fi
}

case_s3cat() {
  section "6 S3 GET of $(size "$obj") bytes from moto"
  # moto copies the whole object to answer any ranged GET: what one costs here.
  local t0=$EPOCHREALTIME
  s3curl -r 0-0 -o /dev/null "$s3/bench/object.jsonl"
  range_s=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
  say "  one 1-byte ranged GET of the object: $range_s s"
  bench 6.curl 6 base "curl GET (one request)" "$obj" "$reps" - s3curl_get "$s3/bench/object.jsonl"
  bench 6.s3cat 6 ours "s3cat (defaults: 4 × 8M ranges)" "$obj" "$ranged_reps" - "$bin/s3cat" s3://bench/object.jsonl
  bench 6.s3cat-64M 6 ours "s3cat --part-size 64M" "$obj" "$slow_reps" - \
    "$bin/s3cat" --part-size 64M s3://bench/object.jsonl
  bench 6.aws 6 peer "aws s3 cp s3://… -" "$obj" "$ranged_reps" - aws s3 cp s3://bench/object.jsonl -
}

# A PUT's object must have the input's size (checked after its last run).
check_object() { # ID KEY [BUCKET]
  [ "${MBPS[$1]}" = n/a ] && return 0
  local got
  got=$(object_size "${3:-bench}/$2")
  [ "$got" = "$(size "$obj")" ] || note "$1" "WARNING: stored $got bytes, expected $(size "$obj")"
}

case_s3put() {
  section "7 S3 PUT of $(size "$obj") bytes to moto"
  warm "$obj"
  bench 7.curl 7 base "curl -T FILE (one PUT)" "$obj" "$slow_reps" - \
    s3curl_put "$obj" "$s3/bench/put-curl.jsonl"
  check_object 7.curl put-curl.jsonl
  FEED=$obj bench 7.s3put 7 ours "cat | s3put s3://…" "$obj" "$slow_reps" - "$bin/s3put" s3://bench/put-s3put.jsonl
  check_object 7.s3put put-s3put.jsonl
  FEED=$obj bench 7.aws 7 peer "cat | aws s3 cp - s3://…" "$obj" "$slow_reps" - aws s3 cp - s3://bench/put-aws.jsonl
  check_object 7.aws put-aws.jsonl
  FEED=$obj bench 7.rclone 7 peer "cat | rclone rcat" "$obj" "$slow_reps" - rclone rcat -q moto:bench-rclone/put-rclone.jsonl
  check_object 7.rclone put-rclone.jsonl bench-rclone
}

case_blobappend() {
  section "8 Azure append of $(size "$blob") bytes to Azurite, 4 MiB blocks"
  warm "$blob"
  # curl: exactly 4 MiB pieces, cut beforehand; one process sends them all on
  # one reused connection (-T PIECE URL per block), as a program would.
  mkdir -p "$state/pieces"
  split -b 4M -d -a 5 "$blob" "$state/pieces/p"
  local args=() piece
  for piece in "$state/pieces"/p*; do args+=(-T "$piece" "$az/bench/curl?comp=appendblock&$sas"); done
  PRE=fresh_curl_blob bench 8.curl 8 base "curl, one process, Append Block × $((${#args[@]} / 3))" "$blob" "$reps" - \
    azcurl_blocks "${args[@]}"
  CMD[8.curl]="curl -sS --fail -H 'x-ms-version: $az_version' -T pieces/p00000 '$az/bench/curl?comp=appendblock&SAS' … (a -T PIECE URL pair for each of the $((${#args[@]} / 3)) pieces)"
  [ "$(blob_size curl)" = "$(size "$blob")" ] || note 8.curl "WARNING: blob has $(blob_size curl) bytes"
  PRE=fresh_ba_blob bench 8.blobappend 8 ours "blobappend --block-size 4M --input" "$blob" "$reps" - \
    "$bin/blobappend" --block-size 4M --input "$blob" az://devstoreaccount1/bench/ba
  [ "$(blob_size ba)" = "$(size "$blob")" ] || note 8.blobappend "WARNING: blob has $(blob_size ba) bytes"
  # bench/azure.sh's variants: larger blocks, and a pipe instead of a file.
  local bs
  for bs in 16M 100M; do
    PRE=fresh_ba_blob bench "8.blobappend-$bs" 8 ours "blobappend --block-size $bs --input" "$blob" "$reps" - \
      "$bin/blobappend" --block-size "$bs" --input "$blob" az://devstoreaccount1/bench/ba
  done
  FEED=$blob PRE=fresh_ba_blob bench 8.blobappend-stdin 8 ours "cat | blobappend --block-size 4M" "$blob" "$reps" - \
    "$bin/blobappend" --block-size 4M az://devstoreaccount1/bench/ba
  [ "$(blob_size ba)" = "$(size "$blob")" ] || note 8.blobappend-stdin "WARNING: blob has $(blob_size ba) bytes"
  rm -rf "$state/pieces"
}
fresh_curl_blob() { fresh_append_blob curl; }
fresh_ba_blob() { fresh_append_blob ba; }

# GNU time runs programs, not shell functions: the curl commands above are
# scripts of their own in $state (written by write_helpers).
write_helpers() {
  cat >"$state/s3curl_get" <<EOF
#!/bin/sh
exec curl -sS --fail --aws-sigv4 "aws:amz:us-east-1:s3" --user bench:bench "\$1"
EOF
  cat >"$state/s3curl_put" <<EOF
#!/bin/sh
exec curl -sS --fail --aws-sigv4 "aws:amz:us-east-1:s3" --user bench:bench -H 'Content-Type: application/x-ndjson' -T "\$1" "\$2"
EOF
  cat >"$state/azcurl_blocks" <<EOF
#!/bin/sh
exec curl -sS --fail -H "x-ms-version: $az_version" "\$@"
EOF
  chmod +x "$state/s3curl_get" "$state/s3curl_put" "$state/azcurl_blocks"
  PATH=$state:$PATH
}

# Memory: peak RSS with a big input against a small one (target: within 10%).
declare -A MEM_LABEL MEM_SMALL MEM_SMALL_KB MEM_BIG MEM_BIG_KB
MEM_ROWS=()
peak_kb() { # CMD...: CMD's peak RSS in KiB (one run), or n/a
  if run_timed "$@"; then tail -n 1 "$state/rss"; else echo n/a; fi
}
mem_row() { # ID LABEL SMALL_FILE SMALL_KB BIG_FILE BIG_KB
  MEM_ROWS+=("$1")
  MEM_LABEL[$1]=$2
  MEM_SMALL[$1]=$3
  MEM_SMALL_KB[$1]=$4
  MEM_BIG[$1]=$5
  MEM_BIG_KB[$1]=$6
}
case_memory() {
  section "9 memory: peak RSS with a big input against a small one"
  warm "$small" "$big"
  mem_row jlfilter "jlfilter '…'" "$small" "$(peak_kb "$bin/jlfilter" "$F1" "$small")" \
    "$big" "$(peak_kb "$bin/jlfilter" "$F1" "$big")"
  mem_row jl2csv "jl2csv -f …" "$small" "$(peak_kb "$bin/jl2csv" -f "$CSV_FIELDS" "$small")" \
    "$big" "$(peak_kb "$bin/jl2csv" -f "$CSV_FIELDS" "$big")"
  mem_row jlenrich "jlenrich …" "$small" "$(peak_kb "$bin/jlenrich" "${ENRICH[@]}" "$small")" \
    "$big" "$(peak_kb "$bin/jlenrich" "${ENRICH[@]}" "$big")"
  if [ $have_s3 = 1 ]; then
    # The big side is the runs of cases 6 and 7 (the largest peak of them).
    mem_row s3cat "s3cat (defaults, from moto)" "$s3_small" "$(peak_kb "$bin/s3cat" s3://bench/small.jsonl)" \
      "$obj" "$(kb_of 6.s3cat)"
    mem_row s3put "cat | s3put (defaults, to moto)" "$s3_small" \
      "$(FEED=$s3_small peak_kb "$bin/s3put" s3://bench/put-small.jsonl)" "$obj" "$(kb_of 7.s3put)"
  fi
  local id
  for id in "${MEM_ROWS[@]}"; do
    say "  ${MEM_LABEL[$id]}: ${MEM_SMALL_KB[$id]} KiB ($(mb "$(size "${MEM_SMALL[$id]}")")) -> ${MEM_BIG_KB[$id]} KiB ($(mb "$(size "${MEM_BIG[$id]}")"))"
  done
}
kb_of() { awk -v m="${RSS[$1]:-n/a}" 'BEGIN { print m == "n/a" ? m : sprintf("%.0f", m * 1024) }'; }

###############################################################################
# Targets and the report

ratio() { # A B: A / B, or n/a
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b == 0) print "n/a"; else print a / b }'
}
fmt_ratio() { awk -v r="$1" 'BEGIN { f = r < 10 ? "%.2g×" : "%.0f×"; if (r == "n/a") print r; else printf f "\n", r }'; }
fmt_mbps() { awk -v m="$1" 'BEGIN { f = m < 10 ? "%.1f" : "%.0f"; if (m == "n/a") print m; else printf f "\n", m }'; }
mark() { awk -v v="$1" -v min="$2" 'BEGIN { if (v == "n/a") print "n/a"; else print (v >= min ? "✓" : "✗") }'; }
want_rss() { # ID MAX TEXT: peak RSS (MiB) at most MAX
  [ -n "${KIND[$1]:-}" ] || return 0
  TARGET[$1]+="${TARGET[$1]:+, }$3 $(awk -v v="${RSS[$1]}" -v max="$2" 'BEGIN { print v == "n/a" ? v : (v <= max ? "✓" : "✗") }')"
}
want_mbps() {
  [ -n "${KIND[$1]:-}" ] || return 0 # a case that did not run (its server did not start)
  TARGET[$1]+="${TARGET[$1]:+, }≥$2 MB/s $(mark "${MBPS[$1]}" "$2")"; }
want_ratio() { # ID OTHER MIN TEXT: MB/s of ID at least MIN times OTHER's
  [ -n "${KIND[$1]:-}" ] || return 0
  TARGET[$1]+="${TARGET[$1]:+, }$4 $(mark "$(ratio "${MBPS[$1]}" "${MBPS[$2]:-n/a}")" "$3")"
}
targets() {
  want_mbps 1.jlfilter 1500
  want_ratio 1.jlfilter 1.jq 25 "≥25× jq"
  want_ratio 1.jlfilter 1.duck 5 "≥5× DuckDB"
  want_ratio 2.jlfilter 1.jlfilter 1 "faster than case 1"
  want_mbps 3.jl2csv 600
  want_ratio 3.jl2csv 3.jq 12 "≥12× jq"
  want_ratio 3.jl2csv 3.duck 2 "≥2× DuckDB"
  want_mbps 4.jlenrich 500
  local id
  for id in 5.jlfilter 5.jl2csv 5.s3cat; do want_ratio $id 5.gzip 2 "≥2× gzip -dc"; done
  want_ratio 6.s3cat 6.curl 0.8 "≥80% of curl"
  want_ratio 6.s3cat 6.aws 5 "≥5× aws"
  want_rss 6.s3cat 60 "RSS ≤60 MB (s3cat(1))"
  want_rss 6.s3cat-64M 340 "RSS ≤340 MB (s3cat(1))"
  want_ratio 7.s3put 7.curl 0.8 "≥80% of curl"
  want_ratio 7.s3put 7.aws 1 "faster than aws"
  want_ratio 7.s3put 7.rclone 1 "faster than rclone"
  want_rss 7.s3put 60 "RSS ≤60 MB (s3put(1))"
  want_ratio 8.blobappend 8.curl 0.8 "≥80% of curl"
}

# Ours ÷ this row, for every row of ours in the same case.
ours_over() {
  local id=$1 o text=
  [ "${KIND[$id]}" = ours ] && { echo "—"; return; }
  for o in "${ROWS[@]}"; do
    if [ "${ROW_CASE[$o]}" != "${ROW_CASE[$id]}" ] || [ "${KIND[$o]}" != ours ]; then continue; fi
    text+="${text:+, }${o#*.} $(fmt_ratio "$(ratio "${MBPS[$o]}" "${MBPS[$id]}")")"
  done
  echo "${text:-—}"
}

declare -A case_names=([1]="1 filter" [1b]="1b status, POST" [1c]="1c test(bot)" [1d]="1d any(tags)" [2]="2 selective"
  [3]="3 csv" [4]="4 enrich" [5]="5 gzip" [6]="6 S3 GET" [7]="7 S3 PUT" [8]="8 Azure append")
tsv() { local IFS=$'\t'; echo "$*"; }
aligned_markdown() { # TSV on stdin (first line the header) to a markdown table, columns padded
  python3 -c '
import sys
rows = [line.rstrip("\n").split("\t") for line in sys.stdin]
w = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
line = lambda r: "| " + " | ".join(c.ljust(w[i]) for i, c in enumerate(r)) + " |"
print(line(rows[0])); print("|" + "|".join("-" * (n + 2) for n in w) + "|")
for r in rows[1:]: print(line(r))'
}
main_table() {
  local id last=
  {
    tsv case program "MB/s" "max RSS MB" "ours ÷ this" target notes
    for id in "${ROWS[@]}"; do
      local c=${case_names[${ROW_CASE[$id]}]}
      if [ "$c" = "$last" ]; then c=; else last=$c; fi
      tsv "$c" "${LABEL[$id]}" "$(fmt_mbps "${MBPS[$id]}")" "${RSS[$id]}" "$(ours_over "$id")" "${TARGET[$id]:-}" "${NOTE[$id]:-}"
    done
  } | aligned_markdown
}
memory_table() {
  local id r
  {
    tsv program "small input" "max RSS MB" "big input" "max RSS MB" "big ÷ small" "target ≤1.10"
    for id in "${MEM_ROWS[@]}"; do
      r=$(ratio "${MEM_BIG_KB[$id]}" "${MEM_SMALL_KB[$id]}")
      tsv "${MEM_LABEL[$id]}" "$(mb "$(size "${MEM_SMALL[$id]}")")" "$(kib_mb "${MEM_SMALL_KB[$id]}")" \
        "$(mb "$(size "${MEM_BIG[$id]}")")" "$(kib_mb "${MEM_BIG_KB[$id]}")" \
        "$(awk -v r="$r" 'BEGIN { print r == "n/a" ? r : sprintf("%.2f", r) }')" \
        "$(awk -v r="$r" 'BEGIN { print r == "n/a" ? r : (r <= 1.10 ? "✓" : "✗") }')"
    done
  } | aligned_markdown
}
kib_mb() { awk -v k="$1" 'BEGIN { print k == "n/a" ? k : sprintf("%.1f", k / 1024) }'; }

version_of() { "$@" 2>/dev/null | head -n 1 || true; }
machine_and_versions() {
  echo "- $(date -u '+%Y-%m-%d %H:%M UTC'), mode $mode; $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
  echo "- jlkit $(version_of "$bin/jlfilter" --version | awk '{ print $NF }') ($(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD 2>/dev/null || echo ', uncommitted changes')), gzip decoded by $(ldd "$bin/jlfilter" | grep -q libisal && echo ISA-L || echo zlib)"
  echo "- peers: $(version_of jq --version), $(version_of gojq --version | cut -d' ' -f1-2), Miller $(version_of mlr --version | awk '{ print $2 }')," \
    "DuckDB $([ -x "$duck" ] && "$duck" 'SELECT version()' || echo n/a) (@duckdb/node-api $duckdb_version, node $(node --version))," \
    "$(version_of aws --version | cut -d' ' -f1), $(version_of rclone version | cut -d' ' -f1-2), $(version_of curl --version | cut -d' ' -f1-2)," \
    "$(version_of gzip --version | cut -d' ' -f1-2); moto $(python3 -c 'import moto; print(moto.__version__)' 2>/dev/null)," \
    "Azurite $(sed -n 's/^ *"version": "\(.*\)",/\1/p' node_modules/azurite/package.json 2>/dev/null)"
  echo "- data: bench/gen_access_log.py $base_mb: $(size "$base") bytes, $base_lines lines; gzip -6 copy $(size "$base.gz") bytes;" \
    "a fifth ${slice##*/}: $(size "$slice") bytes, $slice_lines lines; S3 object $(size "$obj") bytes; Azure blob $(size "$blob") bytes"
}

footnotes() {
  cat <<EOF
- MB/s: input bytes (for case 5 the uncompressed bytes) ÷ the median wall time of
  $reps runs after an untimed one (which also checks the output's line count);
  page cache warm. max RSS: GNU time's %M of the program itself (MiB), the largest
  of its runs. "ours ÷ this": the MB/s of our program(s) of the case over this row's.
- ⅕: jq, gojq and Miller are timed on the first fifth of the data (whole lines,
  $(mb "$(size "$slice")")), $slow_reps runs: their MB/s are from that slice.
- DuckDB runs in node through @duckdb/node-api (startup included), on all
  $(nproc) cores. "COPY … (json)" writes the matching records to /dev/stdout, the
  work jlfilter does (the target compares with it); "count(*)" only counts them,
  reading two columns.
- Miller: filter '$MLR1' (Miller 6 indexes a map
  with '.'); its CSV is 'flatten then cut -o -f $CSV_FIELDS'.
- Case 4: jq 1.6 cannot read fractional seconds (cut before fromdate) and rounds the
  64-bit trace_id to a double. The extraction's "client" replaces the record's
  client object in both programs (the expression of the issue on this data).
- S3: moto on loopback with parts of at least 5 MiB. moto copies the whole object
  to answer a ranged GET, one request at a time per object (a 1-byte range of
  this object took $range_s s here), so programs that read an object in ranges
  (s3cat: $(($(size "$obj") / (8 << 20) + 1)) ranges with its defaults, $(($(size "$obj") / (64 << 20) + 1)) with --part-size 64M; aws: 8 MiB ranges)
  measure moto's cost per range, not their own; curl makes one request.
- s3cat(1): memory about (concurrency + 1) × part size + 15–20 MiB: 55–60 MiB with
  its defaults (--concurrency 4 --part-size 8M), about 340 MiB with --part-size 64M.
  s3put(1): the same bound for its parts (8 MiB, 4 uploading at once).
- Uploads: curl sends the file in one PUT (it needs the length first); s3put, aws
  and rclone read a pipe (cat FILE |) and upload in parts (8, 8 and 5 MiB). rclone
  writes to a versioned bucket (its read-back of ?versionId=null after a multipart
  upload is refused by moto otherwise). Each stored object's size is checked.
  s3put sends a CRC32C of every part (its default --checksum), aws a CRC32.
- Azure: Azurite in memory. curl is one process on one reused connection sending
  the blob's exact 4 MiB pieces (cut beforehand) with Append Block, account SAS;
  blobappend reads the file (--input) and appends blocks of at most 4 MiB ending at
  line ends, each conditional on its append position. Both append to a new empty
  append blob each run; the blob's final size is checked.
- Memory: one run each; for s3cat and s3put the big input is the object of cases 6
  and 7 (their largest peak there), the small one $(mb "$(size "$s3_small")") (smaller
  objects do not fill their window of parts).
- AWS_CA_BUNDLE and any AWS profile or config of the machine's are cleared: all
  traffic is plain http on loopback, and rclone cannot load a custom CA bundle.
EOF
}

report() {
  targets
  local elapsed=$((SECONDS - started)) table
  table=$(main_table)
  {
    echo "# jlkit benchmark ($mode run)"
    echo
    machine_and_versions
    echo "- elapsed: $((elapsed / 60)) min $((elapsed % 60)) s; load average (1, 5, 15 min) at the start $load_start," \
      "at the end $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores: anything else running skews the figures, compare ratios"
    echo
    echo "$table"
    echo
    echo "## Memory: peak RSS against input size"
    echo
    memory_table
    echo
    echo "## Notes"
    echo
    footnotes
    echo
    echo "## Commands"
    echo
    local id
    for id in "${ROWS[@]}"; do
      [ -z "${CMD[$id]}" ] || echo "- $id: \`${CMD[$id]//"$cache/"/}\`" | sed "s|$bin/||g; s|$state/||g; s|$peers/||g"
    done
  } >"$out"
  section "results (also in $out)"
  echo "$table"
  echo
  memory_table
  say "" "elapsed: $((elapsed / 60)) min $((elapsed % 60)) s"
}

###############################################################################

build
install_peers
make_data
write_helpers
case_filter
case_more_predicates
case_selective
case_csv
case_enrich
section "local servers"
start_s3
[ $have_s3 = 1 ] || say "warning: moto did not start: the S3 cases show n/a"
start_azure
[ $have_azure = 1 ] || say "warning: Azurite did not start: the Azure case shows n/a"
case_gzip
if [ $have_s3 = 1 ]; then case_s3cat; case_s3put; fi
if [ $have_azure = 1 ]; then case_blobappend; fi
case_memory
report
