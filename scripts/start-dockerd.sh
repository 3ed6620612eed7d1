#!/usr/bin/env bash
# Starts the Docker engine the deployment tests use, unless one already answers. It is started so that it
# leaves the host's forwarding alone: --iptables=false (no FORWARD policy DROP, no NAT or isolation rules),
# --ip-forward=false (net.ipv4.ip_forward is not changed) and --ip-masq=false. The partition tests' bridged
# network namespaces (tests/AsterFarm.Integration.Tests/Partitions) run on the same machine in the same CI run,
# and with the host's br_netfilter (bridge-nf-call-iptables = 1) a FORWARD policy of DROP would cut their bridge.
# The containers need no more: they talk to each other on one user-defined bridge network (layer 2, embedded DNS
# for the network aliases), the host reaches them at their bridge addresses, and nothing goes off the machine.
# Needs root (or sudo). Log: $ASTERFARM_DOCKERD_LOG (default /var/log/asterfarm-dockerd.log).
set -euo pipefail

if docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
  exit 0
fi
command -v dockerd >/dev/null || { echo "dockerd is missing: install docker.io (scripts/install-prerequisites.sh)" >&2; exit 1; }
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
log=${ASTERFARM_DOCKERD_LOG:-/var/log/asterfarm-dockerd.log}
policy_before=$($sudo iptables -S FORWARD 2>/dev/null | head -n 1 || true)
# setsid: the engine outlives this script and the shell that ran it, as a service would.
$sudo setsid dockerd --iptables=false --ip-forward=false --ip-masq=false >>"$log" 2>&1 </dev/null &
for _ in $(seq 1 60); do
  docker version --format '{{.Server.Version}}' >/dev/null 2>&1 && break
  sleep 1
done
docker version --format '{{.Server.Version}}' >/dev/null 2>&1 \
  || { echo "dockerd did not start within 60 s; the end of $log:" >&2; tail -n 30 "$log" >&2; exit 1; }
policy_after=$($sudo iptables -S FORWARD 2>/dev/null | head -n 1 || true)
if [ "$policy_before" != "$policy_after" ]; then
  echo "dockerd changed the FORWARD policy ($policy_before -> $policy_after); the partition tests need it unchanged" >&2
  exit 1
fi
