#!/usr/bin/env bash
# Quick start: installs the prerequisites (Debian packages; root or sudo), builds AsterFarm, starts the
# embedded farm (`asterfarm up`: coordinator, binary cache and a sandboxed builder on this machine),
# submits the sample in examples/hello as real Nix instantiates it, and shows the results in the
# farm's cache next to what real Nix computes for the same derivations.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh

state=.state/quickstart
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
for _ in $(seq 1 120); do
  curl -fs "$api/api/v1/nodes" 2>/dev/null | grep -q '"builder"' && break
  kill -0 $up_pid 2>/dev/null || { cat "$state/up.log"; exit 1; }
  sleep 1
done
curl -fs "$api/api/v1/nodes" | grep -q '"builder"' || { echo "the farm did not come up; see $state/up.log" >&2; exit 1; }

echo "==> nix-instantiate examples/hello"
drv=$(nix-instantiate examples/hello 2>/dev/null)
echo "$drv"
af drv show "$drv" --closure /nix/store | sed -n '1,12p'

echo "==> asterfarm submit $drv"
af submit "$drv" --coordinator "$api" --token-file "$state/farm/token"

out=$(nix-store -q --outputs "$drv")
hash=$(basename "$out" | cut -c1-32)
echo "==> the farm's cache: $api/$hash.narinfo"
curl -fs "$api/$hash.narinfo"
echo "==> real Nix computes for the same output: $(nix-store --realise "$drv" --option sandbox false >/dev/null 2>&1; nix-store -q --hash "$out")"
key=$(grep -o 'cache public key: .*' "$state/up.log" | cut -d' ' -f4)
echo "==> a Nix client substitutes from it with: --option substituters $api --option trusted-public-keys $key"
