#!/usr/bin/env bash
# Seed 000: many small JSON objects under s3://.../folderN/YYYY-MM-DD merged
# into one Azure append blob, each record tagged with the folder ("type") and
# date of its key; a ledger of written keys makes every rerun (after a
# failure, or when new objects arrived) append exactly what is missing.
#
#   seed000.sh s3://bucket/ az://account/container/data.json az://account/container/metadata
set -euo pipefail
src=$1 data=$2 ledger=$3
s3ls --urls "$src" | while read -r url; do
  s3cat --source-field _src "$url" |
    jlenrich --extract 'type,date=._src:^s3://[^/]+/([^/]+)/(.*)$' --drop _src |
    blobappend --defer-done --ledger "$ledger" --key "$url" "$data" >/dev/null &&
    blobappend --mark-done --ledger "$ledger" --key "$url" "$data" </dev/null >/dev/null ||
    exit 1  # (set -e ignores a failure inside &&): stop here; a rerun appends what is missing
done
