#!/usr/bin/env bash
# Seed 002: the upload/list helpers. Uploads every file of a directory with
# its Content-Type taken from the extension, then lists the JSON files with
# a glob and sums up the prefix. Credentials come as the AWS CLI finds them:
# a profile with role_arn (assume-role through STS) just works.
#
#   AWS_PROFILE=etl seed002.sh ./reports s3://bucket/reports/
set -euo pipefail
dir=$1 dst=${2%/}/
for f in "$dir"/*; do
  [ -f "$f" ] && s3put --input "$f" "$dst$(basename "$f")"
done
s3ls "$dst**.json"
s3ls --summarize "$dst"
