#!/usr/bin/env bash
# The Debian package: built with CPack from BUILD_DIR into a temporary folder,
# unpacked with dpkg -x, and run from there. Checks that every program runs
# (--version), that Depends names the package of every shared library the
# programs load, that the man pages and completion scripts are where man,
# bash-completion and Debian's zsh look, and that `cmake --install --prefix`
# lays out the same files. Usage: package.sh BUILD_DIR TOOL...
set -u
build=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

if ! (cd "$build" && cpack -G DEB -B "$tmp/out" >"$tmp/cpack.log" 2>&1); then
  cat "$tmp/cpack.log"
  bad "cpack failed"
  exit 1
fi
deb=$(ls "$tmp"/out/*.deb)
echo "package: $(basename "$deb")"
dpkg-deb -x "$deb" "$tmp/root"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"

for tool in "$@"; do
  exe="$tmp/root/usr/bin/$tool"
  out=$(env -i PATH=/usr/bin:/bin "$exe" --version 2>&1) || bad "$tool --version failed: $out"
  [[ $out == "$tool (jlkit) "* ]] || bad "$tool --version printed '$out'"
  # Each library the program links (its NEEDED entries; theirs are their
  # packages' business) belongs to a package named in Depends.
  for needed in $(readelf -d "$exe" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    lib=$(ldd "$exe" | awk -v n="$needed" '$1 == n && $3 ~ /^\// {print $3}')
    [ -n "$lib" ] || { bad "$tool: $needed not found"; continue; }
    pkg=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | head -1 | cut -d: -f1)
    [ -n "$pkg" ] || pkg=$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1)
    [ -n "$pkg" ] || { bad "$tool: no package owns $lib"; continue; }
    [[ ", $depends" == *", $pkg "* || ", $depends" == *", $pkg," || ", $depends" == *", $pkg" ]] ||
      bad "$tool loads $lib from $pkg, which Depends does not name"
  done
  man -M "$tmp/root/usr/share/man" -w "$tool" >/dev/null 2>&1 || bad "man cannot find $tool in the package"
  man_text=$(MANWIDTH=80 man -M "$tmp/root/usr/share/man" "$tool" 2>/dev/null | head -5)
  [[ $man_text == *"$tool"* ]] || bad "man $tool renders nothing"
  [ -s "$tmp/root/usr/share/bash-completion/completions/$tool" ] || bad "no bash completion for $tool"
  [ -s "$tmp/root/usr/share/zsh/vendor-completions/_$tool" ] || bad "no zsh completion for $tool"
done

# What `cmake --install --prefix` lays out: the same files, zsh's under site-functions.
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null || bad "cmake --install failed"
for tool in "$@"; do
  for f in "bin/$tool" "share/man/man1/$tool.1.gz" "share/bash-completion/completions/$tool" "share/zsh/site-functions/_$tool"; do
    [ -s "$tmp/prefix/$f" ] || bad "cmake --install did not install $f"
  done
  "$tmp/prefix/bin/$tool" --version >/dev/null || bad "installed $tool does not run"
done

[ $fail -eq 0 ] && echo "package: $# programs run from the unpacked package"
exit $fail
