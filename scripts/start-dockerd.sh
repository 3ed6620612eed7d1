#!/usr/bin/env bash
# Starts the Docker engine the deployment tests use (tests/AsterFarm.Deployment.Tests), unless one already answers.
# The engine leaves the host's forwarding alone: iptables=false (no FORWARD policy DROP, no NAT or isolation rules),
# ip-forward=false (net.ipv4.ip_forward is not changed), ip-masq=false. The partition tests' bridged network
# namespaces (tests/AsterFarm.Integration.Tests/Partitions) run on the same machine in the same CI run, and with the
# host's br_netfilter (bridge-nf-call-iptables = 1) a FORWARD policy of DROP would cut their bridge.
# The containers need no more: they talk to each other on one user-defined bridge network (layer 2, Docker's embedded
# DNS for the network aliases), the host reaches them through published ports (docker-proxy), nothing leaves the
# machine. The settings come from /etc/docker/daemon.json when it exists (scripts/install-prerequisites.sh writes it,
# so an engine started by the docker.io package has them too), else from flags.
# Needs root (or sudo). Log: $ASTERFARM_DOCKERD_LOG (default /var/log/asterfarm-dockerd.log).
set -euo pipefail

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
forward_policy() { $sudo iptables -S FORWARD 2>/dev/null | head -n 1 || true; }
answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if ! answers; then
  command -v dockerd >/dev/null || { echo "dockerd is missing: install docker.io (scripts/install-prerequisites.sh)" >&2; exit 1; }
  flags=(--iptables=false --ip-forward=false --ip-masq=false)
  if [ -e /etc/docker/daemon.json ]; then
    grep -q '"iptables": *false' /etc/docker/daemon.json \
      || { echo "/etc/docker/daemon.json does not set \"iptables\": false; the partition tests need it (see $0)" >&2; exit 1; }
    flags=()
  fi
  log=${ASTERFARM_DOCKERD_LOG:-/var/log/asterfarm-dockerd.log}
  before=$(forward_policy)
  # setsid: the engine outlives this script and the shell that ran it, as a service would.
  $sudo setsid dockerd "${flags[@]}" >>"$log" 2>&1 </dev/null &
  for _ in $(seq 1 60); do
    answers && break
    sleep 1
  done
  answers || { echo "dockerd did not start within 60 s; the end of $log:" >&2; tail -n 30 "$log" >&2; exit 1; }
  [ "$(forward_policy)" == "$before" ] \
    || { echo "dockerd changed the FORWARD policy ($before -> $(forward_policy)); the partition tests need it unchanged" >&2; exit 1; }
fi
# An engine started otherwise (with its default iptables=true) turns the FORWARD policy to DROP: refuse to go on.
if forward_policy | grep -q -- '-P FORWARD DROP'; then
  echo "the FORWARD policy is DROP (a Docker engine started with iptables enabled?); the partition tests need ACCEPT:" >&2
  echo "stop that engine and run $0, or run: iptables -P FORWARD ACCEPT" >&2
  exit 1
fi
