#!/usr/bin/env bash
# Quick start: installs the prerequisites (Debian packages; root or sudo), builds AsterFarm, starts the
# embedded farm (`asterfarm up`: coordinator, binary cache and a sandboxed builder that also builds riscv64-linux
# and aarch64-linux under QEMU), submits the sample examples/asternixos-mini (a miniature AsterNixOS image for
# three architectures) as real Nix instantiates it, and prints where the three initramfs images are in the farm's
# cache: store path, narinfo URL and NAR URL per architecture.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh

state=.state/quickstart
# Builds run as an unprivileged host uid (AsterFarm:Sandbox:BuildUser, 65534), which must reach the builder's store and
# work directories: a checkout under a private directory (e.g. /root) keeps the farm's state elsewhere.
if [ "$(id -u)" -eq 0 ] && ! setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$PWD" 2>/dev/null; then
  state=/var/tmp/asterfarm-quickstart
  echo "==> $PWD is not reachable by the build user (uid 65534); the farm's state goes to $state"
fi
bin="$state/bin"
mkdir -p "$state"
echo "==> building AsterFarm (Release)"
dotnet build src/Coordinator -c Release -o "$bin" -v quiet -nologo >/dev/null
dotnet build src/Builder -c Release -o "$bin" -v quiet -nologo >/dev/null
af() { dotnet "$bin/asterfarm.dll" "$@"; }
export NIX_CONFIG="experimental-features = nix-command
substituters =
sandbox = false"

port=${ASTERFARM_QUICKSTART_PORT:-18080}
api="http://127.0.0.1:$port"
rm -rf "$state/farm"
echo "==> asterfarm up (log: $state/up.log)"
# Started directly (not through the af function) so that $! is the farm process itself.
dotnet "$bin/asterfarm.dll" up --state "$state/farm" --http-port "$port" --port $((port + 1)) >"$state/up.log" 2>&1 &
up_pid=$!
trap 'kill -TERM $up_pid 2>/dev/null; wait $up_pid 2>/dev/null || true' EXIT
# Ready when a builder has registered with the scheduler (the nodes API then shows its slots).
for _ in $(seq 1 120); do
  curl -fs "$api/api/v1/nodes" 2>/dev/null | grep -q '"freeSlots"' && break
  kill -0 $up_pid 2>/dev/null || { cat "$state/up.log"; exit 1; }
  sleep 1
done
curl -fs "$api/api/v1/nodes" | grep -q '"freeSlots"' || { echo "the farm did not come up; see $state/up.log" >&2; exit 1; }
af nodes --coordinator "$api"

echo "==> nix-instantiate examples/asternixos-mini"
mapfile -t drvs < <(nix-instantiate examples/asternixos-mini 2>/dev/null)
printf '%s\n' "${drvs[@]}"

echo "==> asterfarm submit (${#drvs[@]} roots: tools, cross-built userlands, selftests under QEMU, initramfs images)"
af submit "${drvs[@]}" --coordinator "$api" --token-file "$state/farm/token"

echo "==> the three initramfs images in the farm's cache (each image is <store path>/initramfs.cpio)"
for drv in "${drvs[@]}"; do
  [[ $drv == *-asternixos-mini-initramfs-* ]] || continue
  arch=${drv##*-initramfs-}
  out=$(nix-store -q --outputs "$drv")
  hash=$(basename "$out" | cut -c1-32)
  nar=$(curl -fs "$api/$hash.narinfo" | sed -n 's/^URL: //p')
  [[ -n $nar ]] || { echo "$out is not in the farm's cache" >&2; exit 1; }
  echo "${arch%.drv}"
  echo "  store path: $out"
  echo "  narinfo:    $api/$hash.narinfo"
  echo "  NAR:        $api/$nar"
done

echo "==> dashboard: $api/ (runs, timeline, machines, queue, cache; served while asterfarm up runs, which this script stops on exit)"

key=$(grep -o 'cache public key: .*' "$state/up.log" | cut -d' ' -f4)
echo "==> a Nix client substitutes from it with: --option substituters $api --option trusted-public-keys $key"
