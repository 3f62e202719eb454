#!/usr/bin/env bash
# Installs what building and testing need, skipping what is already there.
# Quiet when everything is present. Debian packages only (plus Azurite from
# npm once a later program needs it).
set -euo pipefail
packages=(build-essential cmake pkg-config libcurl4-openssl-dev libssl-dev zlib1g-dev libsimdjson-dev
          libcxxopts-dev libgtest-dev libbenchmark-dev libisal-dev libpcre2-dev jq python3 gzip curl openssl ca-certificates time parallel
          dpkg-dev man-db zsh)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Azurite, the Azure Storage emulator, for the blobappend tests (npm registry).
azurite_version=3.35.0
root=$(cd "$(dirname "$0")/.." && pwd)
if ! grep -qs "\"version\": \"$azurite_version\"" "$root/node_modules/azurite/package.json"; then
  echo "setup: installing azurite $azurite_version (npm)"
  (cd "$root" && npm install --no-save --no-package-lock --no-audit --no-fund --silent "azurite@$azurite_version" >/dev/null)
fi
