#!/usr/bin/env bash
# Seed 001: filter gzipped JSON lines (some written as Python dict reprs)
# straight from S3 and stream the matches as CSV to one S3 object: constant
# memory in every process, nothing written to local disk.
#
#   seed001.sh s3://bucket/raw/ '.k == "v"' a,b,c s3://bucket/out.csv
set -euo pipefail
src=$1 predicate=$2 fields=$3 out=$4
s3ls "$src" | s3cat | jlfilter --python "$predicate" | jl2csv -f "$fields" | s3put "$out"
