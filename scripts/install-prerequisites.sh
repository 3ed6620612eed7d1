#!/usr/bin/env bash
# Installs the Debian packages AsterFarm and its tests need (real Nix 2.8 as the reference, and the
# tools later stages use). Idempotent and quick when everything is present; needs root (or sudo).
set -euo pipefail

# nix-setup-systemd brings /etc/nix/nix.conf (sandbox = false on Debian) and the nixbld build users.
packages=(nix-bin nix-setup-systemd xz-utils zstd curl
  bubblewrap util-linux qemu-user-static postgresql iproute2
  gcc libc6-dev gcc-riscv64-linux-gnu libc6-dev-riscv64-cross gcc-aarch64-linux-gnu libc6-dev-arm64-cross
  chromium chromium-driver  # the dashboard's browser tests and benchmark
  openssh-server openssh-client  # remote Nix machines over SSH (tests start a loopback sshd)
  prometheus  # the metrics test starts a loopback Prometheus that scrapes a node's /metrics
  docker.io mmdebstrap)  # the deployment tests: images and containers

# The deployment tests' Docker engine must leave the host's forwarding alone (the partition tests' bridge runs beside
# it; see scripts/start-dockerd.sh). Written before docker.io is installed, so an engine its package starts is set so too.
if [ ! -e /etc/docker/daemon.json ]; then
  sudo_=""
  [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  $sudo_ mkdir -p /etc/docker
  echo '{ "iptables": false, "ip-forward": false, "ip-masq": false }' | $sudo_ tee /etc/docker/daemon.json >/dev/null
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
