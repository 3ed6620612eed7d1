#!/usr/bin/env bash
# Remote-build overhead: our builder driving a remote Nix machine over SSH vs Nix's own remote build
# (nix-build --max-jobs 0 --builders) to the same machine, on 100-derivation chains, rounds alternating.
# The "machine" is a loopback sshd whose key runs nix-store --serve --write on a private chroot store.
# Usage: bench/remote/run.sh [COUNT=100] [ROUNDS=3]   (root; openssh-server, nix-bin; see bench/README.md)
set -euo pipefail
count=${1:-100}
rounds=${2:-3}
repo=$(cd "$(dirname "$0")/../.." && pwd)
d=$(mktemp -d /tmp/asterfarm-bench-remote-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; chmod -R u+w "$d" 2>/dev/null || true; rm -rf "$d"; }
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

ssh-keygen -q -t ed25519 -N '' -f "$d/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$d/client_key"
mkdir -p "$d/remote" /run/sshd
cat > "$d/serve.sh" <<SERVE
#!/bin/sh
export NIX_CONFIG='sandbox-paths = /bin /usr /lib /lib64 /etc/passwd /etc/group
substituters ='
exec $(command -v nix-store) --store 'local?root=$d/remote' --serve --write
SERVE
chmod +x "$d/serve.sh"
echo "command=\"$d/serve.sh\",restrict $(cat "$d/client_key.pub")" > "$d/authorized_keys"
sshport=$(port)
cat > "$d/sshd_config" <<CONF
Port $sshport
ListenAddress 127.0.0.1
HostKey $d/host_key
AuthorizedKeysFile $d/authorized_keys
PidFile none
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin prohibit-password
MaxStartups 100
CONF
/usr/sbin/sshd -D -e -f "$d/sshd_config" 2>"$d/sshd.log" & pids+=($!)
hostkey=$(cut -d' ' -f1,2 "$d/host_key.pub")
echo "[127.0.0.1]:$sshport $hostkey" > "$d/known_hosts"
echo "ssh://root@127.0.0.1:$sshport x86_64-linux $d/client_key 1 1 - - $(printf '%s' "$hostkey" | base64 -w0)" > "$d/machines"

dotnet build -c Release "$repo/src/Coordinator" -v q >/dev/null
dotnet build -c Release "$repo/bench/AsterFarm.Bench.Builder" -v q >/dev/null
head -c 32 /dev/urandom | base64 > "$d/token"
cacheport=$(port)
dotnet "$repo/src/Coordinator/bin/Release/net10.0/asterfarm.dll" cache serve --dir "$d/cache" \
  --listen "127.0.0.1:$cacheport" --token-file "$d/token" >"$d/cache.log" 2>&1 & pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$cacheport/nix-cache-info" >/dev/null && break; sleep 0.2; done

dotnet "$repo/bench/AsterFarm.Bench.Builder/bin/Release/net10.0/AsterFarm.Bench.Builder.dll" remote-overhead \
  --cache "http://127.0.0.1:$cacheport/" --token-file "$d/token" --machines "$d/machines" \
  --nix-builders "ssh://root@127.0.0.1 x86_64-linux $d/client_key 1" \
  --nix-sshopts "-p $sshport -o UserKnownHostsFile=$d/known_hosts -o StrictHostKeyChecking=yes" \
  --count "$count" --rounds "$rounds"
