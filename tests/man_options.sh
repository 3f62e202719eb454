#!/usr/bin/env bash
# Holds the man pages in step with the programs:
# - every long option a program lists in --help is described in its page;
# - every page has the sections NAME, SYNOPSIS, DESCRIPTION, an options
#   section, EXIT STATUS, ENVIRONMENT, EXAMPLES and SEE ALSO;
# - the ENVIRONMENT section names every environment variable the program's
#   source reads. The variables are read off the source tree (the man
#   directory's parent): the string literals given to getenv() and its
#   wrappers, and every "AWS_..." or "AZURE_..." literal (some are read
#   through a list of names, as the STS endpoint is).
# Usage: man_options.sh BIN_DIR MAN_DIR TOOL...
set -u
bin_dir=$1
man_dir=$2
shift 2
src=$man_dir/..
fail=0
if [ ! -d "$src/libcommon" ] || [ ! -d "$src/tools" ]; then
  echo "no source tree at $src (libcommon/, tools/): cannot tell which environment variables are read"
  exit 1
fi

# The source a program's environment comes from: the shared layers, its own
# main, and the library part that only it (or its family) uses.
sources() {
  local dirs=("$src/libcommon/cli" "$src/libcommon/io" "$src/libcommon/http" "$src/tools/common")
  case $1 in
  s3ls | s3cat | s3put) dirs+=("$src/libcommon/aws") ;;
  blobappend) dirs+=("$src/libcommon/azure") ;;
  jlenrich) dirs+=("$src/libcommon/json") ;;
  esac
  find "${dirs[@]}" \( -name '*.cpp' -o -name '*.hpp' \) 2>/dev/null
  echo "$src/tools/$1.cpp"
}

# The variables those files read, one per line.
env_vars() {
  local files
  mapfile -t files < <(sources "$1")
  {
    grep -ohE '\b(getenv|getenv_str|secure_getenv|env)\(\s*"[A-Za-z_][A-Za-z0-9_]*"' "${files[@]}" 2>/dev/null |
      sed -E 's/.*"([A-Za-z0-9_]+)"/\1/'
    # Names in a list or table (a loop over them calls getenv with a variable).
    grep -ohE '"(AWS|AZURE)_[A-Z0-9_]+"' "${files[@]}" 2>/dev/null | tr -d '"'
  } | sort -u
}

# The text of section NAME (.SH NAME or .SH "NAME"), font escapes removed.
section() {
  awk -v want="$2" '
    /^\.SH/ { name = $0; sub(/^\.SH[ \t]+/, "", name); gsub(/"/, "", name); on = (name == want); next }
    on' "$1" | sed -E 's/\\f(\(..|\[[^]]*\]|.)//g; s/\\&//g; s/\\-/-/g'
}

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
  for name in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" ENVIRONMENT EXAMPLES "SEE ALSO"; do
    if ! grep -qE "^\.SH[ \t]+\"?$name\"?[ \t]*$" "$page"; then
      echo "$tool: $page has no $name section"
      fail=1
    fi
  done
  if ! grep -qE '^\.SH[ \t]+"?([A-Z]+ )*OPTIONS"?[ \t]*$' "$page"; then
    echo "$tool: $page has no OPTIONS section"
    fail=1
  fi
  environment=$(section "$page" ENVIRONMENT)
  vars=$(env_vars "$tool")
  for var in $vars; do
    if ! printf '%s\n' "$environment" | grep -qE "(^|[^A-Za-z0-9_])$var([^A-Za-z0-9_]|\$)"; then
      echo "$tool: its source reads $var, which the ENVIRONMENT section of $page does not name"
      fail=1
    fi
  done
done
exit $fail
