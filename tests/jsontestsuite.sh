#!/usr/bin/env bash
# JSONTestSuite conformance of the JSON-lines programs in their validating
# modes: `jlfilter --strict true`, `jlenrich --set x=1` (it checks every
# record fully) and `jl2csv --strict`. Usage: jsontestsuite.sh BIN/jlfilter DIR
# (jlenrich and jl2csv are taken from the same directory).
#
# - y_ files are accepted (status 0); jlenrich and jl2csv take objects only,
#   so a y_ file whose value is not an object is a bad record for them
#   (status 1, a FILE:LINE message saying so); what jlenrich writes is valid;
# - n_ files are rejected (status 1 with a FILE:LINE message), except the
#   ones that are valid JSON-lines input: several values, or none (jlfilter
#   takes them; jlenrich and jl2csv may refuse values that are not objects);
# - i_ files may be accepted or rejected, but a rejection has its message;
# - every run has 10 seconds: a hang, a crash (status 128 or more) or a
#   sanitizer report fails the test, whatever the file.
set -u
jlfilter=$1
dir=$2
bin=$(dirname "$jlfilter")
[ -d "$dir" ] || { echo "no conformance data at $dir; skipped"; exit 77; }
# Valid as a stream of JSON values (or an empty stream), which is what
# JSON-lines programs read.
stream_ok="n_structure_no_data.json n_single_space.json n_structure_UTF8_BOM_no_data.json n_structure_double_array.json n_structure_object_with_trailing_garbage.json"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# run NAME ARGV...: runs under a time limit; sets $status, leaves the output
# in $tmp/out and the messages in $tmp/err. A hang or crash is a failure.
run() {
  local name=$1
  shift
  timeout -k 5 10 "$@" >"$tmp/out" 2>"$tmp/err"
  status=$?
  err=
  [ -s "$tmp/err" ] && err=$(<"$tmp/err")
  if [ $status -eq 124 ]; then
    echo "hang (over 10 s): $name: $*"
    fail=1
  elif [ $status -ge 128 ]; then
    echo "crash (status $status): $name: $*: ${err:0:300}"
    fail=1
  elif [[ $err == *Sanitizer* || $err == *"runtime error:"* ]]; then
    echo "sanitizer report: $name: $*: ${err:0:600}"
    fail=1
  fi
}

# has_message PROG FILE: the first message is `PROG: error: FILE:LINE: ...`.
has_message() {
  [[ ${err%%$'\n'*} == "$1: error: $2:"[0-9]*": "* ]]
}

for f in "$dir"/*.json; do
  name=$(basename "$f")
  case "$name" in y_*) kind=y ;; n_*) kind=n ;; i_*) kind=i ;; *) continue ;; esac
  stream=0
  case " $stream_ok " in *" $name "*) stream=1 ;; esac
  # The value is an object when its first byte (after spaces) is a brace.
  object=0
  start=
  LC_ALL=C IFS= read -r -d '' -n 256 start <"$f"
  start=${start#"${start%%[! $'\t\r\n']*}"}
  [ "${start:0:1}" = "{" ] && object=1
  for prog in jlfilter jlenrich jl2csv; do
    case $prog in
      jlfilter) argv=("$bin/jlfilter" --strict true) ;;
      jlenrich) argv=("$bin/jlenrich" --set x=1) ;;
      jl2csv) argv=("$bin/jl2csv" --strict) ;;
    esac
    run "$name" "${argv[@]}" "$f"
    [ $status -eq 124 ] || [ $status -ge 128 ] && continue
    msg=${err:0:200}
    if [ $status -ne 0 ] && [ $status -ne 1 ]; then
      echo "$prog: status $status on $name: $msg"
      fail=1
    elif [ $status -eq 1 ] && ! has_message $prog "$f"; then
      echo "$prog: rejected $name without a FILE:LINE message: $msg"
      fail=1
    elif [ $kind = y ] && { [ $prog = jlfilter ] || [ $object = 1 ]; }; then
      if [ $status -ne 0 ]; then
        echo "$prog: rejected valid $name: $msg"
        fail=1
      elif [ $prog = jlenrich ] && ! "$bin/jlfilter" --strict true "$tmp/out" >/dev/null 2>&1; then
        echo "$prog: wrote invalid JSON for $name: $(head -c 200 "$tmp/out")"
        fail=1
      fi
    elif [ $kind = y ]; then
      # A value that is not an object: a bad record for jlenrich and jl2csv.
      if [ $status -ne 1 ] || [[ $err != *object* ]]; then
        echo "$prog: took $name, not an object, without saying so (status $status): $msg"
        fail=1
      fi
    elif [ $kind = n ] && [ $stream = 1 ]; then
      if [ $prog = jlfilter ] && [ $status -ne 0 ]; then
        echo "$prog: rejected $name, a valid stream of values: $msg"
        fail=1
      fi
    elif [ $kind = n ] && [ $status -ne 1 ]; then
      echo "$prog: accepted invalid $name (output: $(head -c 80 "$tmp/out"))"
      fail=1
    fi
  done
done
exit $fail
