#!/usr/bin/env bash
# The end-to-end farm benchmark (issue 5, benchmark 2): COUNT trivial derivations as a chain and COUNT leaves under
# one root (fan-in) (bench/farm/dag.nix), built by `asterfarm up` (one builder, 2 native slots, sandboxed, every output uploaded to the
# farm's cache) and by `nix-build -j2` (Nix 2.8, no sandbox) in the same run, rounds alternating which side goes
# first. Prints one JSON object (progress to stderr).
#
#   bench/farm/run.sh [WORKDIR]        (default /tmp/asterfarm-farmbench; wiped at start)
#
# Environment: ROUNDS (3), COUNT (200), SLOTS (2), PIPELINE_SLOTS (up --pipeline-slots; default none), SHAPES ("chain fanin"; also "chain-ref"), ASTERFARM_BIN (a directory with asterfarm.dll and
# asterfarm-builder.dll built together, instead of building src/Coordinator and src/Builder in Release).
#
# Nothing is built beforehand on either side: every round instantiates bench/farm/dag.nix with fresh nonces (one
# for Nix, one for the farm), so Nix's outputs are new store paths and the farm's cache (a fresh state directory)
# holds none of them. The farm's time is `asterfarm submit` from start to the run's end: uploading the .drv files,
# loading the DAG, scheduling, building and uploading every output. Nix's time is nix-build's (the .drv files are
# written by nix-instantiate before either clock starts). A warm-up round of every shape on each side comes first
# (not counted): the farm is a long-running service, and its first builds would measure the .NET JIT.
# CPU time is recorded too (the machine is shared, so wall time includes waiting for a core): nix-build's and its
# builders'; the farm's is the submit command's plus what the `up` process and its builder (with the sandboxes it
# ran) used meanwhile.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${1:-/tmp/asterfarm-farmbench}
rounds=${ROUNDS:-3}
count=${COUNT:-200}
slots=${SLOTS:-2}
pipeline=${PIPELINE_SLOTS:-}
read -r -a shapes <<<"${SHAPES:-chain fanin}"

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
log "asterfarm up --slots $slots ${pipeline:+--pipeline-slots $pipeline }--no-emulation (log: $work/up.log)"
dotnet "$bin/asterfarm.dll" up --state "$work/state" --http-port "$http_port" --port "$(free_port)" \
  --builders 1 --slots "$slots" ${pipeline:+--pipeline-slots "$pipeline"} --no-emulation >"$work/up.log" 2>&1 &
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

clk=$(getconf CLK_TCK)
tree_cpu() { # tree_cpu PID -> CPU seconds of PID and its direct children (with what they reaped), from /proc
  local pid total=0 fields
  for pid in "$1" $(pgrep -P "$1"); do
    read -r -a fields <"/proc/$pid/stat" || continue
    total=$((total + fields[13] + fields[14] + fields[15] + fields[16]))
  done
  echo "scale=3; $total / $clk" | bc
}

nix_build() { # nix_build DRV -> "wall cpu" (nix-build and the builders it ran)
  "$here/timed.py" "$work/nix-build.log" nix-build -j2 --option sandbox false --no-out-link "$1" || { cat "$work/nix-build.log" >&2; exit 1; }
}

farm_build() { # farm_build DRV -> "wall cpu" (asterfarm submit, plus the farm's processes: up, its builder, the sandboxes)
  local before measured
  before=$(tree_cpu "$up_pid")
  measured=$("$here/timed.py" "$work/submit.log" dotnet "$bin/asterfarm.dll" submit "$1" --coordinator "$api" --token-file "$work/state/token" --json) \
    || { cat "$work/submit.log" >&2; exit 1; }
  local farm
  farm=$(echo "$(tree_cpu "$up_pid") - $before" | bc)
  log "  asterfarm submit: ${measured% *} s, ${measured#* } CPU-s; the farm's processes: $farm CPU-s"
  echo "$measured $farm" | awk '{printf "%s %.3f\n", $1, $2 + $3}'
}

stamp=$(date +%s%N)
log "warm-up (one round of every shape on each side, not counted)"
for shape in "${shapes[@]}"; do
  nix_build "$(instantiate "$shape" "$count" "$stamp-warm-nix")" >/dev/null
  farm_build "$(instantiate "$shape" "$count" "$stamp-warm-farm")" >/dev/null
done

results="$work/results.jsonl"
: >"$results"
for ((round = 1; round <= rounds; round++)); do
  for shape in "${shapes[@]}"; do
    nix_drv=$(instantiate "$shape" "$count" "$stamp-$round-nix")
    farm_drv=$(instantiate "$shape" "$count" "$stamp-$round-farm")
    nix_s= farm_s=
    if ((round % 2 == 1)); then
      read -r nix_s nix_cpu < <(nix_build "$nix_drv")
      read -r farm_s farm_cpu < <(farm_build "$farm_drv")
    else
      read -r farm_s farm_cpu < <(farm_build "$farm_drv")
      read -r nix_s nix_cpu < <(nix_build "$nix_drv")
    fi
    [[ -n $nix_s && -n $farm_s ]] || { log "round $round $shape: a build failed (see $work/nix-build.log, $work/submit.log)"; exit 1; }
    load=$(cut -d' ' -f1 /proc/loadavg)
    log "round $round $shape: nix-build ${nix_s} s (${nix_cpu} CPU-s), asterfarm ${farm_s} s (${farm_cpu} CPU-s) (load $load)"
    echo "{\"round\":$round,\"shape\":\"$shape\",\"nix_s\":$nix_s,\"farm_s\":$farm_s,\"nix_cpu_s\":$nix_cpu,\"farm_cpu_s\":$farm_cpu,\"load\":$load}" >>"$results"
  done
done

derivations() { [[ $1 == fanin ]] && echo $((count + 1)) || echo "$count"; }
summary() { # summary SHAPE -> JSON
  local n
  n=$(derivations "$1")
  jq -s --arg shape "$1" --argjson n "$n" '
    def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
    [.[] | select(.shape == $shape)] as $r
    | ($r | map(.nix_s) | median) as $nix | ($r | map(.farm_s) | median) as $farm
    | {derivations: $n,
       nix_s: ($r | map(.nix_s)), farm_s: ($r | map(.farm_s)),
       nix_cpu_ms_per_drv: ($r | map(.nix_cpu_s) | median * 1000 / $n * 10 | round / 10),
       farm_cpu_ms_per_drv: ($r | map(.farm_cpu_s) | median * 1000 / $n * 10 | round / 10),
       nix_drv_per_s: ($n / $nix * 10 | round / 10), farm_drv_per_s: ($n / $farm * 10 | round / 10),
       throughput_ratio: ($nix / $farm * 1000 | round / 1000),
       best_throughput_ratio: ([$r[] | .nix_s / .farm_s] | max * 1000 | round / 1000),
       target_met: ($nix / $farm >= 2)}' "$results"
}
summaries="{}"
for shape in "${shapes[@]}"; do
  summaries=$(jq -n --argjson all "$summaries" --arg shape "$shape" --argjson one "$(summary "$shape")" '$all + {($shape): $one}')
done
jq -n --argjson shapes "$summaries" --argjson slots "$slots" --argjson pipeline "${pipeline:-0}" --argjson rounds "$rounds" \
  '{slots: $slots, pipeline_slots: $pipeline, rounds: $rounds, target: "farm throughput >= 2 x nix-build -j2 (median)"} + $shapes'
