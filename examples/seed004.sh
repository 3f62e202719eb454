#!/usr/bin/env bash
# Seed 004: hourly ETL of Firehose access records (yyyy/mm/dd/hh/ keys):
# client and client_version derived from the user agent, the session id
# renamed, UTC date parts added, written Hive-style by year/month/day for
# Athena. Each run processes only the objects that arrived since the last
# one (a checkpoint of the last key); a run that fails is redone on the same
# batch with the same object names, so nothing is ever written twice.
#
#   seed004.sh s3://bucket/firehose/ s3://bucket/processed/ ./state
set -euo pipefail
src=$1 dst=$2 state=$3
mkdir -p "$state"
# A batch is fixed before it is processed: an unfinished one is redone as it was.
if [ ! -f "$state/batch.jsonl" ]; then
  s3ls --start-after "$(cat "$state/checkpoint" 2>/dev/null || true)" "$src" >"$state/batch.new"
  mv "$state/batch.new" "$state/batch.jsonl"
fi
if [ -s "$state/batch.jsonl" ]; then
  last=$(tail -n 1 "$state/batch.jsonl" | jl2csv --tsv --no-header -f key)
  s3cat <"$state/batch.jsonl" |
    jlenrich --move SESSION_ID=.payload.sessionId \
      --extract 'client,client_version=.userAgent:^([^/ ]+)(?:/(\S+))?' \
      --date-parts .timestamp:ms --date-parts-fields year,month,day |
    s3put --partition-by .year,.month,.day --gzip --run-id "$(printf %s "$last" | tr -c 'A-Za-z0-9._-' _)" "$dst" \
      >>"$state/written.jsonl"
  printf '%s\n' "$last" >"$state/checkpoint"
fi
rm "$state/batch.jsonl"
