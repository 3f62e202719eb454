#!/usr/bin/env bash
# Seed 003: one big unpartitioned object from a job's output stream, without
# running out of memory or hitting a part-count ceiling; it appears only when
# complete (a failed job leaves no partial object).
#
#   seed003.sh s3://bucket/exports/dump.jsonl.gz ./export-job --all
set -euo pipefail
out=$1
shift
"$@" | s3put --gzip "$out"
