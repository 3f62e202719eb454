#!/usr/bin/env bash
# JSONTestSuite conformance of `jlfilter --strict`: every y_ file is accepted,
# every n_ file is rejected (status 1 with a FILE:LINE message), except the
# n_ files that are valid JSON-lines input: several values, or none.
set -u
jlfilter=$1
dir=$2
[ -d "$dir" ] || { echo "no conformance data at $dir; skipped"; exit 77; }
# Valid as a stream of JSON values (or an empty stream), which is what
# JSON-lines programs read.
stream_ok="n_structure_no_data.json n_single_space.json n_structure_UTF8_BOM_no_data.json n_structure_double_array.json n_structure_object_with_trailing_garbage.json"
fail=0
for f in "$dir"/y_*.json; do
  if ! "$jlfilter" --strict true "$f" >/dev/null 2>err.$$; then
    echo "rejected valid: $(basename "$f"): $(cat err.$$)"
    fail=1
  fi
done
for f in "$dir"/n_*.json; do
  name=$(basename "$f")
  case " $stream_ok " in *" $name "*) continue ;; esac
  out=$("$jlfilter" --strict true "$f" 2>err.$$)
  status=$?
  if [ $status -ne 1 ]; then
    echo "accepted invalid: $name (status $status, output: $(printf '%s' "$out" | head -c 80))"
    fail=1
  elif ! grep -q "^jlfilter: error: $f:[0-9]*: " err.$$; then
    echo "bad message for $name: $(cat err.$$)"
    fail=1
  fi
done
rm -f err.$$
exit $fail
