#!/usr/bin/env bash
# Quick start: installs the prerequisites (Debian packages; root or sudo), builds AsterFarm, and runs
# it on the sample in examples/hello: the derivations real Nix instantiates, read and re-hashed by
# AsterFarm; a NAR hash; a narinfo signed with a fresh key and verified.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh

state=.state/quickstart
mkdir -p "$state"
echo "==> building AsterFarm (Release)"
dotnet build src/Coordinator -c Release -o "$state/bin" -v quiet -nologo >/dev/null
af() { dotnet "$state/bin/asterfarm.dll" "$@"; }
export NIX_CONFIG="experimental-features = nix-command
substituters =
sandbox = false"

echo "==> nix-instantiate examples/hello"
drv=$(nix-instantiate examples/hello 2>/dev/null)
echo "$drv"

echo "==> asterfarm drv show $drv --closure /nix/store"
af drv show "$drv" --closure /nix/store

echo "==> building the sample with nix-build (the farm takes this over in a later stage)"
out=$(nix-build examples/hello --no-out-link 2>/dev/null)
echo "$out"
echo "==> asterfarm nar hash $out   (nix-store -q --hash says $(nix-store -q --hash "$out"))"
af nar hash "$out"

echo "==> a signed binary cache entry"
rm -rf "$state/cache" "$state/quickstart-1."*
nix copy --to "file://$PWD/$state/cache?compression=none" "$out"
narinfo="$state/cache/$(basename "$out" | cut -c1-32).narinfo"
af key generate quickstart-1 --secret-key-file "$state/quickstart-1.sk" --public-key-file "$state/quickstart-1.pk" >/dev/null
af narinfo sign "$narinfo" --key-file "$state/quickstart-1.sk" --in-place
cat "$narinfo"
af narinfo verify "$narinfo" --public-key-file "$state/quickstart-1.pk"
