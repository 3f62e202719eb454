#!/usr/bin/env bash
# Every long option a program lists in --help must be described in its man page.
set -u
bin_dir=$1
man_dir=$2
shift 2
fail=0
for tool in "$@"; do
  page="$man_dir/$tool.1"
  if [ ! -f "$page" ]; then
    echo "$tool: no man page $page"
    fail=1
    continue
  fi
  for opt in $("$bin_dir/$tool" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
    # man pages escape dashes: \-\-opt
    esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
    if ! grep -q -- "$esc" "$page" && ! grep -q -- "$opt" "$page"; then
      echo "$tool: $opt is in --help but not in $page"
      fail=1
    fi
  done
done
exit $fail
