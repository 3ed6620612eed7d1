#!/usr/bin/env bash
# Scheduler handover benchmark (issue 6): COORDINATORS coordinator processes (seeds of each other, one SQLite journal
# file shared on this machine, each with its own cache replica) and one builder (1 native slot) on loopback build a
# long chain (bench/farm/dag.nix, shape chain). Each round SIGKILLs the coordinator hosting the scheduler singleton
# mid-run and measures the time from the SIGKILL to the first build the builder receives from the successor (both
# clocks are this machine's: the builder's log lines carry HH:MM:SS.mmm), then starts the killed coordinator again
# (it rejoins as the youngest, so the next round kills the other one). Cluster and farm settings are the defaults
# unless given in the environment (e.g. AsterFarm__Cluster__StableAfter=00:00:05). Prints one JSON object (progress
# and the successor's membership/recovery lines to stderr).
#
#   bench/handover/run.sh [WORKDIR]      (default /tmp/asterfarm-handover; wiped at start)
#
# Environment: ROUNDS (5), COORDINATORS (2), CHAIN (2000 derivations: enough to outlast every round), ASTERFARM_BIN
# (a directory with asterfarm.dll and asterfarm-builder.dll built together, instead of building Release here).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${1:-/tmp/asterfarm-handover}
rounds=${ROUNDS:-5}
count=${COORDINATORS:-2}
chain=${CHAIN:-2000}

export NIX_CONFIG=$'experimental-features = nix-command\nsandbox = false\nsubstituters =\n'
rm -rf "$work"
mkdir -p "$work"
declare -A pids=()

log() { echo "handover: $*" >&2; }

cleanup() {
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Seconds since midnight of a log line's HH:MM:SS.mmm (or of `date +%T.%3N`).
seconds() { awk -F'[:.]' '{ printf "%.3f\n", $1 * 3600 + $2 * 60 + $3 + $4 / 1000 }' <<<"$1"; }

bin=${ASTERFARM_BIN:-}
if [[ -z $bin ]]; then
  bin="$work/bin"
  log "building asterfarm and asterfarm-builder (Release) into $bin"
  dotnet build "$repo/src/Coordinator" -c Release -o "$bin" -v quiet -nologo >/dev/null
  dotnet build "$repo/src/Builder" -c Release -o "$bin" -v quiet -nologo >/dev/null
fi

echo bench-token >"$work/token"
seeds=()
declare -A remoting=() http=()
for ((i = 1; i <= count; i++)); do
  remoting[$i]=$(free_port)
  http[$i]=$(free_port)
  seeds+=(--seed "akka.tcp://asterfarm@127.0.0.1:${remoting[$i]}")
done

start_coordinator() { # start_coordinator I (appends to its log)
  local i=$1
  AsterFarm__Persistence__Provider=Sqlite AsterFarm__Persistence__ConnectionString="Data Source=$work/scheduler.db" \
    AsterFarm__Cache__Directory="$work/cache-$i" AsterFarm__Cache__TokenFile="$work/token" \
    AsterFarm__Cache__Replication__WriteQuorum=1 \
    dotnet "$bin/asterfarm.dll" coordinator --hostname 127.0.0.1 --public-hostname 127.0.0.1 --port "${remoting[$i]}" \
    "${seeds[@]}" --http-host 127.0.0.1 --http-port "${http[$i]}" >>"$work/coordinator-$i.log" 2>&1 &
  pids[c$i]=$!
}

ready() { curl -fsS "http://127.0.0.1:${http[$1]}/healthz/ready" >/dev/null 2>&1; }
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2
  shift 2
  for _ in $(seq 1 $((limit * 5))); do "$@" && return 0; sleep 0.2; done
  log "timed out waiting for $what"
  exit 1
}

# The coordinator (index) the scheduler singleton runs on, as coordinator $1 sees the cluster.
host_of() {
  local address
  address=$(curl -fsS "http://127.0.0.1:${http[$1]}/api/v1/nodes" | jq -r '.[] | select(.schedulerHost) | .address' 2>/dev/null) || return 1
  for ((i = 1; i <= count; i++)); do
    [[ $address == "akka.tcp://asterfarm@127.0.0.1:${remoting[$i]}" ]] && { echo "$i"; return 0; }
  done
  return 1
}

for ((i = 1; i <= count; i++)); do start_coordinator "$i"; done
for ((i = 1; i <= count; i++)); do wait_for 120 "coordinator $i to be ready" ready "$i"; done

# The builder's cache is the last coordinator's; the benchmark only needs the cache to keep answering, and each
# coordinator reads through to the others.
builder_log="$work/builder.log"
dotnet "$bin/asterfarm-builder.dll" node --hostname 127.0.0.1 --public-hostname 127.0.0.1 --port "$(free_port)" "${seeds[@]}" \
  --http-host 127.0.0.1 --http-port "$(free_port)" --name bench-builder --cache "http://127.0.0.1:${http[$count]}/" \
  --token-file "$work/token" --slots 1 --emulated-system none \
  --store-dir-local "$work/builder/store" --work-dir "$work/builder/work" >"$builder_log" 2>&1 &
pids[builder]=$!
wait_for 120 "the builder to register" grep -qs "registered with" "$builder_log"

drv=$(nix-instantiate "$repo/bench/farm/dag.nix" --argstr shape chain --arg count "$chain" --argstr nonce "handover-$(date +%s%N)" 2>/dev/null)
coordinators=()
for ((i = 1; i <= count; i++)); do coordinators+=(--coordinator "http://127.0.0.1:${http[$i]}/"); done
run=$(dotnet "$bin/asterfarm.dll" submit "$drv" --no-wait "${coordinators[@]}" --token-file "$work/token")
log "run $run: a chain of $chain derivations"

results=()
for ((round = 1; round <= rounds; round++)); do
  observer=1
  wait_for 60 "a scheduler host" host_of "$observer" >/dev/null
  victim=$(host_of "$observer")
  ((victim == 1)) && observer=2 || observer=1
  # Let the new scheduler dispatch for a while first, so that a build is in flight at the kill.
  before=$(grep -c "Building " "$builder_log" || true)
  wait_for 60 "builds under the current scheduler" bash -c "(( \$(grep -c 'Building ' '$builder_log') >= $before + 10 ))"
  killed=$(date +%T.%3N)
  kill -KILL "${pids[c$victim]}"
  wait "${pids[c$victim]}" 2>/dev/null || true
  lines_at_kill=$(wc -l <"$builder_log")
  wait_for 120 "the successor's first dispatch" bash -c "tail -n +$((lines_at_kill + 1)) '$builder_log' | grep -q 'Building '"
  first=$(tail -n +$((lines_at_kill + 1)) "$builder_log" | grep -m1 'Building ' | grep -oE '^[0-9:.]+')
  elapsed=$(echo "$(seconds "$first") - $(seconds "$killed")" | bc)
  log "round $round: killed coordinator $victim at $killed; first dispatch by coordinator $observer at $first: ${elapsed} s"
  grep -E "Unreachable|unreachable|Downing|downing|removed|Removed|Recovered|Singleton|singleton" "$work/coordinator-$observer.log" \
    | awk -v from="$killed" '$1 >= from' | head -12 | sed 's/^/    /' >&2 || true
  results+=("$elapsed")
  start_coordinator "$victim"
  wait_for 120 "coordinator $victim to rejoin" ready "$victim"
done

printf '%s\n' "${results[@]}" | jq -s --argjson coordinators "$count" '
  def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  {coordinators: $coordinators, sigkill_to_first_dispatch_s: ., median_s: median, max_s: max}'
