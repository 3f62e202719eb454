#!/usr/bin/env bash
# Runs one end-to-end case: tests/e2e/cases/NAME/{cmd,stdin,expected_stdout,
# expected_stderr,expected_status,expected_file.*}. The command runs in a
# scratch copy of the case directory with the built programs first on PATH.
# Missing expected_stdout/expected_stderr mean "empty"; expected_status
# defaults to 0.
set -u
bin_dir=$1
case_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$case_dir"/. "$work"/
cd "$work" || exit 1
stdin=/dev/null
[ -f stdin ] && stdin=stdin
PATH="$bin_dir:$PATH" bash -c "$(cat cmd)" <"$stdin" >actual_stdout 2>actual_stderr
status=$?
fail=0
want_status=0
[ -f expected_status ] && want_status=$(cat expected_status)
if [ "$status" != "$want_status" ]; then
  echo "exit status: got $status, want $want_status"
  fail=1
fi
for stream in stdout stderr; do
  want=expected_$stream
  [ -f "$want" ] || : >"$want"
  if ! cmp -s "$want" "actual_$stream"; then
    echo "--- $stream differs (want / got):"
    diff -u "$want" "actual_$stream" | head -40
    fail=1
  fi
done
for want in expected_file.*; do
  [ -e "$want" ] || continue
  name=${want#expected_file.}
  if ! cmp -s "$want" "$name"; then
    echo "--- file $name differs (want / got):"
    diff -u "$want" "$name" | head -40
    fail=1
  fi
done
if [ $fail -ne 0 ]; then
  echo "command: $(cat cmd)"
fi
exit $fail
