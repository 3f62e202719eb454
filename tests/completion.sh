#!/usr/bin/env bash
# The completion scripts, driven for real: bash's by calling the function as
# bash-completion would (COMP_WORDS, COMP_CWORD), zsh's by typing TAB into an
# interactive zsh on a pseudo-terminal (zsh/zpty). Every long option in
# --help must complete, and option values and file arguments too.
# Usage: completion.sh BIN_DIR TOOL...
set -u
bin=$(cd "$1" && pwd)
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
mkdir -p "$tmp/zsh" "$tmp/files"
touch "$tmp/files/records.jsonl" "$tmp/files/old.jsonl.gz"
printf '[default]\n[profile etl]\nrole_arn = x\n' >"$tmp/aws-config"

# bash: prints COMPREPLY for the words given (the last is the one completed).
bash_complete() {
  local tool=$1
  shift
  (cd "$tmp/files" && AWS_CONFIG_FILE="$tmp/aws-config" bash -c '
    source <("$0" --completion bash) || exit 1
    COMP_WORDS=("${@}"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    "_jlkit_${1}"; printf "%s\n" "${COMPREPLY[@]}"' "$bin/$tool" "$tool" "$@")
}
expect_bash() {  # TOOL WORD... :: EXPECTED...
  local args=() want
  while [ "$1" != "::" ]; do args+=("$1"); shift; done
  shift
  local got
  got=$(bash_complete "${args[@]}")
  for want in "$@"; do
    grep -qxF -- "$want" <<<"$got" || bad "bash: '${args[*]}' does not offer '$want' (got: $(echo $got))"
  done
}

# zsh: what TAB lists or inserts after the words typed, escape sequences
# removed. An interactive zsh -f on a pseudo-terminal, with only compinit and
# our scripts on fpath.
cat >"$tmp/complete.zsh" <<'ZSH'
zmodload zsh/zpty || exit 1
# Reads until the shell has printed `mark` on a line of its own (typed input
# is handled in order, so that comes after the completion), at most 60 s.
drain() {
  local chunk mark=$1
  out=
  for i in {1..1200}; do
    while zpty -r -t z chunk; do out+=$chunk; done
    [[ $out == *$mark$'\r'* ]] && return
    sleep 0.05
  done
}
zpty -b z "zsh -f -i"
zpty -w z "stty rows 500 cols 250; PS1='%% '; LISTMAX=100000; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D; cd $2; print READY-''1"
drain READY-1
zpty -n -w z "$3"$'\t'
zpty -w z $'\x15'"print DONE-''2"
drain DONE-2
print -r -- "$out"
zpty -d z
ZSH
zsh_complete() {
  AWS_CONFIG_FILE="$tmp/aws-config" timeout 60 zsh -f "$tmp/complete.zsh" "$tmp/zsh" "$tmp/files" "$*" |
    sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' | tr -d '\r\b'
}
expect_zsh() {  # "TOOL WORDS" EXPECTED...
  local line=$1 want got
  shift
  got=$(zsh_complete "$line")
  for want in "$@"; do
    grep -qF -- "$want" <<<"$got" || bad "zsh: '$line' does not offer '$want'"
  done
}

have_zsh=1
command -v zsh >/dev/null || { echo "zsh is not installed: its completions are checked for syntax only"; have_zsh=0; }
for tool in "$@"; do
  opts=$("$bin/$tool" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u)
  # shellcheck disable=SC2086
  expect_bash "$tool" -- "::" $opts
  "$bin/$tool" --completion zsh >"$tmp/zsh/_$tool"
  if [ $have_zsh -eq 1 ]; then
    zsh -n "$tmp/zsh/_$tool" || bad "zsh: _$tool is not valid zsh"
    # shellcheck disable=SC2086
    expect_zsh "$tool --" $opts
  fi
done
"$bin/jlfilter" --completion fish >/dev/null 2>&1 && bad "--completion fish accepted"

# Values: choices, files, profiles; and nothing offered where a value is free text.
expect_bash jlfilter --on-error "" :: fail skip keep:
expect_bash jlfilter --on-error = s :: skip
expect_bash jlfilter .a "" :: records.jsonl old.jsonl.gz
expect_bash jlfilter --slurpfile ids "" :: records.jsonl
expect_bash s3cat --decompress "" :: auto gzip none
expect_bash s3cat "rec" :: records.jsonl
expect_bash s3put --checksum c :: crc32c crc32
expect_bash s3put --input "" :: records.jsonl
expect_bash s3put --storage-class GL :: GLACIER GLACIER_IR
expect_bash s3ls --profile "" :: default etl
expect_bash jl2csv --completion "" :: bash zsh
[ -z "$(bash_complete s3ls --since "")" ] || bad "bash: s3ls --since offers words"
[ -z "$(bash_complete s3put s3://b/ "")" ] || bad "bash: s3put offers local files for its URL"
if [ $have_zsh -eq 1 ]; then
  expect_zsh "s3put --checksum " crc32c sha256 none
  expect_zsh "jlfilter --on-error=" fail skip keep:
  expect_zsh "s3cat --decompress " auto gzip none
  expect_zsh "jl2csv " records.jsonl old.jsonl.gz
  expect_zsh "jlfilter --slurpfile ids " records.jsonl
  expect_zsh "s3ls --profile " default etl
fi

[ $fail -eq 0 ] && echo "completion: $# programs, bash$([ $have_zsh -eq 1 ] && echo " and zsh")"
exit $fail
