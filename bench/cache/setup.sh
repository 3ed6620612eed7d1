#!/usr/bin/env bash
# Installs what bench/cache/run.sh needs on Debian (idempotent; root or sudo). Not needed by the tests.
set -euo pipefail
packages=(nix-bin nginx-light wrk curl jq openssl procps python3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
command -v nginx >/dev/null && missing=("${missing[@]/nginx-light/}")
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
