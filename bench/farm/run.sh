#!/usr/bin/env bash
# The end-to-end farm benchmark (issue 5, benchmark 2): COUNT trivial derivations as a chain and COUNT leaves under
# one root (fan-in), built by `asterfarm up` (one builder, 2 native slots, sandboxed, every output uploaded to the
# farm's cache) and by `nix-build -j2` (Nix 2.8, no sandbox) in the same run, rounds alternating which side goes
# first. Prints one JSON object (progress to stderr).
#
#   bench/farm/run.sh [WORKDIR]        (default /tmp/asterfarm-farmbench; wiped at start)
#
# Environment: ROUNDS (3), COUNT (200), SLOTS (2), ASTERFARM_BIN (a directory with asterfarm.dll and
# asterfarm-builder.dll built together, instead of building src/Coordinator and src/Builder in Release).
#
# Nothing is built beforehand on either side: every round instantiates bench/farm/dag.nix with fresh nonces (one
# for Nix, one for the farm), so Nix's outputs are new store paths and the farm's cache (a fresh state directory)
# holds none of them. The farm's time is `asterfarm submit` from start to the run's end: uploading the .drv files,
# loading the DAG, scheduling, building and uploading every output. Nix's time is nix-build's (the .drv files are
# written by nix-instantiate before either clock starts). A warm-up run of 10 derivations on each side comes first.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${1:-/tmp/asterfarm-farmbench}
rounds=${ROUNDS:-3}
count=${COUNT:-200}
slots=${SLOTS:-2}

export NIX_CONFIG=$'experimental-features = nix-command\nsandbox = false\nsubstituters =\n'
rm -rf "$work"
mkdir -p "$work"
up_pid=

log() { echo "farmbench: $*" >&2; }

cleanup() {
  if [[ -n $up_pid ]]; then
    kill -TERM "$up_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$up_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$up_pid" 2>/dev/null || true
    wait "$up_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

bin=${ASTERFARM_BIN:-}
if [[ -z $bin ]]; then
  bin="$work/bin"
  log "building asterfarm and asterfarm-builder (Release) into $bin"
  dotnet build "$repo/src/Coordinator" -c Release -o "$bin" -v quiet -nologo >/dev/null
  dotnet build "$repo/src/Builder" -c Release -o "$bin" -v quiet -nologo >/dev/null
fi

http_port=$(free_port)
api="http://127.0.0.1:$http_port"
log "asterfarm up --slots $slots --no-emulation (log: $work/up.log)"
dotnet "$bin/asterfarm.dll" up --state "$work/state" --http-port "$http_port" --port "$(free_port)" \
  --builders 1 --slots "$slots" --no-emulation >"$work/up.log" 2>&1 &
up_pid=$!
for _ in $(seq 1 300); do
  grep -qs "registered with" "$work/up.log" && break
  kill -0 "$up_pid" 2>/dev/null || { cat "$work/up.log" >&2; exit 1; }
  sleep 0.2
done
grep -q 'registered with' "$work/up.log" || { log "no builder registered; see $work/up.log"; exit 1; }

instantiate() { # instantiate SHAPE COUNT NONCE -> drv path
  nix-instantiate "$here/dag.nix" --argstr shape "$1" --arg count "$2" --argstr nonce "$3" 2>/dev/null
}

nix_build() { # nix_build DRV -> seconds
  local start
  start=$(now)
  nix-build -j2 --option sandbox false --no-out-link "$1" >/dev/null 2>"$work/nix-build.log" || { cat "$work/nix-build.log" >&2; exit 1; }
  echo "$(now) - $start" | bc
}

farm_build() { # farm_build DRV -> seconds
  local start
  start=$(now)
  dotnet "$bin/asterfarm.dll" submit "$1" --coordinator "$api" --token-file "$work/state/token" --json >"$work/submit.json" 2>"$work/submit.log" \
    || { cat "$work/submit.log" "$work/submit.json" >&2; exit 1; }
  echo "$(now) - $start" | bc
}

stamp=$(date +%s%N)
log "warm-up (10 derivations each)"
nix_build "$(instantiate chain 10 "$stamp-warm-nix")" >/dev/null
farm_build "$(instantiate chain 10 "$stamp-warm-farm")" >/dev/null

results="$work/results.jsonl"
: >"$results"
for ((round = 1; round <= rounds; round++)); do
  for shape in chain fanin; do
    nix_drv=$(instantiate "$shape" "$count" "$stamp-$round-nix")
    farm_drv=$(instantiate "$shape" "$count" "$stamp-$round-farm")
    if ((round % 2 == 1)); then
      nix_s=$(nix_build "$nix_drv")
      farm_s=$(farm_build "$farm_drv")
    else
      farm_s=$(farm_build "$farm_drv")
      nix_s=$(nix_build "$nix_drv")
    fi
    load=$(cut -d' ' -f1 /proc/loadavg)
    log "round $round $shape: nix-build ${nix_s}s, asterfarm ${farm_s}s (load $load)"
    echo "{\"round\":$round,\"shape\":\"$shape\",\"nix_s\":$nix_s,\"farm_s\":$farm_s,\"load\":$load}" >>"$results"
  done
done

derivations() { [[ $1 == chain ]] && echo "$count" || echo $((count + 1)); }
summary() { # summary SHAPE -> JSON
  local n
  n=$(derivations "$1")
  jq -s --arg shape "$1" --argjson n "$n" '
    def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
    [.[] | select(.shape == $shape)] as $r
    | ($r | map(.nix_s) | median) as $nix | ($r | map(.farm_s) | median) as $farm
    | {derivations: $n,
       nix_s: ($r | map(.nix_s)), farm_s: ($r | map(.farm_s)),
       nix_drv_per_s: ($n / $nix * 10 | round / 10), farm_drv_per_s: ($n / $farm * 10 | round / 10),
       throughput_ratio: ($nix / $farm * 1000 | round / 1000),
       best_throughput_ratio: ([$r[] | .nix_s / .farm_s] | max * 1000 | round / 1000),
       target_met: ($nix / $farm >= 2)}' "$results"
}
jq -n --argjson chain "$(summary chain)" --argjson fanin "$(summary fanin)" --argjson slots "$slots" --argjson rounds "$rounds" \
  '{slots: $slots, rounds: $rounds, chain: $chain, fanin: $fanin, target: "farm throughput >= 2 x nix-build -j2 (median)"}'
