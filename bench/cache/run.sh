#!/usr/bin/env bash
# The binary cache benchmark (issue 3): `asterfarm cache serve` against nginx serving the same `nix copy --to file://`
# directory, in one run, peers alternated round by round. Prints one JSON object (progress goes to stderr).
#
#   bench/cache/run.sh [WORKDIR]        (default /tmp/asterfarm-cachebench; the closure and caches are kept there)
#
# Environment: ROUNDS (3), DURATION (seconds per wrk run, 8), WARMUP (seconds, 2), MEMORY_DURATION (seconds, 15),
# ASTERFARM (a built `asterfarm` to use instead of building src/Coordinator in Release).
# Needs: nix (2.8), nginx, wrk, curl, jq, openssl (bench/cache/setup.sh installs them on Debian). Loopback only; every
# process it starts is stopped on exit.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${1:-/tmp/asterfarm-cachebench}
rounds=${ROUNDS:-3}
duration=${DURATION:-8}
warmup=${WARMUP:-2}
memory_duration=${MEMORY_DURATION:-15}
small_count=300
upload_small=20
token=cachebench-token

export NIX_CONFIG=$'experimental-features = nix-command\nsandbox = false\nsubstituters =\n'
mkdir -p "$work"
run=$(mktemp -d /tmp/cachebench-run.XXXXXX)
chmod 755 "$run"
pids=()

log() { echo "cachebench: $*" >&2; }

stop() { # stop PID: TERM, then KILL after 10 s
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local pid
  for pid in "${pids[@]}"; do stop "$pid"; done
  rm -rf "$run"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_ready() { # wait_ready URL PID
  local i
  for ((i = 0; i < 300; i++)); do
    curl -fsS -o /dev/null --max-time 2 "$1/nix-cache-info" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { log "server for $1 exited"; return 1; }
    sleep 0.1
  done
  log "server for $1 not ready after 30 s"
  return 1
}

hwm_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# ---------------------------------------------------------------------------------------------------------------
# 1. The closure (real Nix) and the caches (`nix copy --to file://`), built once per WORKDIR.
log "building the test closure with nix-build (once per store)"
mapfile -t small < <(nix-build --no-out-link --max-jobs 2 "$here/closure.nix" -A small --arg count "$small_count" 2>"$run/build.log")
big1g=$(nix-build --no-out-link "$here/closure.nix" -A big1g 2>>"$run/build.log")
big4g=$(nix-build --no-out-link "$here/closure.nix" -A big4g 2>>"$run/build.log")
upload_paths=("$big1g" "${small[@]:0:upload_small}")

copy_cache() { # copy_cache DIR COMPRESSION PATHS...
  local dir=$1 compression=$2
  shift 2
  if [ ! -e "$dir/.complete" ]; then
    log "nix copy --to file://$dir?compression=$compression"
    rm -rf "$dir"
    timeout 1200 nix copy --to "file://$dir?compression=$compression" "$@" 2>>"$run/copy.log" || { tail -5 "$run/copy.log" >&2; exit 1; }
    touch "$dir/.complete"
  fi
}
copy_cache "$work/cache-none" none "${small[@]}" "$big1g" "$big4g"
copy_cache "$work/cache-zstd" zstd "${small[@]}" "$big1g"

nar_url() { # nar_url DIR STOREPATH -> /nar/….nar[.zst]
  local h
  h=$(basename "$2" | cut -c1-32)
  echo "/$(awk '/^URL: / { print $2 }' "$1/$h.narinfo")"
}
nar1g=$(nar_url "$work/cache-none" "$big1g")
nar4g=$(nar_url "$work/cache-none" "$big4g")
nar1g_zst=$(nar_url "$work/cache-zstd" "$big1g")
(cd "$work/cache-none" && ls -- *.narinfo | sed 's|^|/|') >"$run/narinfo-urls"
narinfo_count=$(wc -l <"$run/narinfo-urls")

# ---------------------------------------------------------------------------------------------------------------
# 2. The servers.
if [ -z "${ASTERFARM:-}" ]; then
  log "dotnet build src/Coordinator -c Release"
  dotnet build "$repo/src/Coordinator" -c Release -v q -nologo >"$run/dotnet-build.log" 2>&1 || { cat "$run/dotnet-build.log" >&2; exit 1; }
  ASTERFARM=$repo/src/Coordinator/bin/Release/net10.0/asterfarm
fi
echo "$token" >"$run/token"
echo "machine 127.0.0.1 login asterfarm password $token" >"$run/netrc"

start_ours() { # start_ours DIR -> sets ours_pid, ours_url
  local port
  port=$(free_port)
  "$ASTERFARM" cache serve --dir "$1" --listen "127.0.0.1:$port" --token-file "$run/token" >>"$run/asterfarm.log" 2>&1 &
  ours_pid=$!
  pids+=("$ours_pid")
  ours_url=http://127.0.0.1:$port
  wait_ready "$ours_url" "$ours_pid"
}

start_nginx() { # start_nginx DIR -> sets nginx_pid, nginx_url
  local port prefix=$run/nginx
  port=$(free_port)
  mkdir -p "$prefix/logs" "$prefix/tmp"
  cat >"$prefix/nginx.conf" <<EOF
daemon off;
user root;
worker_processes auto;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $prefix/tmp/body;
  proxy_temp_path $prefix/tmp/proxy;
  fastcgi_temp_path $prefix/tmp/fastcgi;
  uwsgi_temp_path $prefix/tmp/uwsgi;
  scgi_temp_path $prefix/tmp/scgi;
  types { text/x-nix-narinfo narinfo; text/x-nix-cache-info nix-cache-info; }
  default_type application/x-nix-nar;
  server {
    listen 127.0.0.1:$port;
    root $1;
    location /.asterfarm/ { deny all; }
  }
}
EOF
  nginx -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/logs/error.log" &
  nginx_pid=$!
  pids+=("$nginx_pid")
  nginx_url=http://127.0.0.1:$port
  wait_ready "$nginx_url" "$nginx_pid"
}

# The servers share one cache directory; ours only reads it here (it adds its key, public-key and .asterfarm/).
start_nginx "$work/cache-none"
start_ours "$work/cache-none"
serve_pid=$ours_pid
serve_url=$ours_url
curl -fsS -o /dev/null "$serve_url$nar1g" --range 0-0 # sanity: both serve the NAR
curl -fsS -o /dev/null "$nginx_url$nar1g" --range 0-0

# ---------------------------------------------------------------------------------------------------------------
# 3. Load with wrk: one line "requests bytes duration_us errors".
cat >"$run/stats.lua" <<'EOF'
done = function(s)
  local e = s.errors
  io.write(string.format("WRK %d %d %d %d\n", s.requests, s.bytes, s.duration, e.connect + e.read + e.write + e.status + e.timeout))
end
EOF
cat >"$run/narinfo.lua" <<EOF
local urls = {}
for line in io.lines("$run/narinfo-urls") do urls[#urls + 1] = line end
local i = 0
request = function()
  i = i % #urls + 1
  return wrk.format("GET", urls[i])
end
$(cat "$run/stats.lua")
EOF

wrk_run() { # wrk_run SCRIPT CONNECTIONS THREADS SECONDS URL -> "requests bytes duration_us errors"
  local out
  out=$(timeout $(($4 + 120)) wrk -s "$1" -c "$2" -t "$3" -d "${4}s" --timeout 60s "$5")
  echo "$out" | awk '/^WRK / { print $2, $3, $4, $5 }'
}

cpu_ticks() { # cpu_ticks PID… -> utime + stime of the processes (clock ticks)
  local p t=0
  for p in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done
  echo "$t"
}

narinfo_run() { # narinfo_run PEER BASEURL PID… -> records narinfo (requests/s) and narinfo_cpu (server CPU µs per request)
  local peer=$1 url=$2 req bytes us errors c0 c1
  shift 2
  c0=$(cpu_ticks "$@")
  read -r req bytes us errors < <(wrk_run "$run/narinfo.lua" 64 2 "$duration" "$url")
  c1=$(cpu_ticks "$@")
  [ "$errors" -eq 0 ] || log "warning: $errors wrk errors against $url"
  record narinfo "$peer" "$(echo "$req $us" | awk '{ printf "%.0f\n", $1 / ($2 / 1e6) }')"
  record narinfo_cpu "$peer" "$(echo "$c0 $c1 $req $(getconf CLK_TCK)" | awk '{ printf "%.2f\n", ($2 - $1) / $4 * 1e6 / $3 }')"
}

nar_mibs() { # nar_mibs URL CONNECTIONS -> MiB/s
  local threads=2 req bytes us errors
  [ "$2" -gt 1 ] || threads=1
  read -r req bytes us errors < <(wrk_run "$run/stats.lua" "$2" "$threads" "$duration" "$1")
  [ "$errors" -eq 0 ] || log "warning: $errors wrk errors against $1"
  echo "$bytes $us" | awk '{ printf "%.1f\n", $1 / 1048576 / ($2 / 1e6) }'
}

declare -A fig # fig[name.peer] = "v1 v2 …" (one value per round)
record() { fig[$1.$2]="${fig[$1.$2]:-}${fig[$1.$2]:+ }$3"; }

log "warm-up ($warmup s each)"
for url in "$nginx_url" "$serve_url"; do
  wrk_run "$run/narinfo.lua" 16 2 "$warmup" "$url" >/dev/null
  wrk_run "$run/stats.lua" 2 1 "$warmup" "$url$nar1g" >/dev/null
done

for ((round = 1; round <= rounds; round++)); do
  log "round $round/$rounds: narinfo GETs/s, NAR MiB/s (c1, c16), zstd NAR c16 — nginx then ours, ${duration} s each"
  # shellcheck disable=SC2046 # nginx's workers
  narinfo_run nginx "$nginx_url" "$nginx_pid" $(ps -o pid= --ppid "$nginx_pid")
  narinfo_run ours "$serve_url" "$serve_pid"
  record nar_c1 nginx "$(nar_mibs "$nginx_url$nar1g" 1)"
  record nar_c1 ours "$(nar_mibs "$serve_url$nar1g" 1)"
  record nar_c16 nginx "$(nar_mibs "$nginx_url$nar1g" 16)"
  record nar_c16 ours "$(nar_mibs "$serve_url$nar1g" 16)"
done
stop "$nginx_pid"
stop "$serve_pid"

# The zstd variant: the same NAR compressed (pseudo-random bytes do not compress, so it measures serving .nar.zst).
start_nginx "$work/cache-zstd"
start_ours "$work/cache-zstd"
for ((round = 1; round <= rounds; round++)); do
  log "round $round/$rounds: zstd NAR c16"
  record nar_zst_c16 nginx "$(nar_mibs "$nginx_url$nar1g_zst" 16)"
  record nar_zst_c16 ours "$(nar_mibs "$ours_url$nar1g_zst" 16)"
done
stop "$nginx_pid"
stop "$ours_pid"

# ---------------------------------------------------------------------------------------------------------------
# 4. Upload: `nix copy --to http://` into an empty cache of ours (single node) vs `nix copy --to file://`.
seconds_of() { # seconds_of CMD… -> wall seconds (the command must succeed)
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >>"$run/upload.log" 2>&1 || { log "failed: $*"; tail -5 "$run/upload.log" >&2; return 1; }
  t1=$(date +%s.%N)
  echo "$t0 $t1" | awk '{ printf "%.3f\n", $2 - $1 }'
}

upload_round() { # upload_round COMPRESSION
  local c=$1 dir=$run/upload
  rm -rf "$dir"
  mkdir -p "$dir"
  record "upload_$c" nginx "$(XDG_CACHE_HOME=$dir/xdg-file seconds_of timeout 600 nix copy --to "file://$dir/file?compression=$c" "${upload_paths[@]}")"
  rm -rf "$dir/file"
  start_ours "$dir/ours"
  record "upload_$c" ours "$(XDG_CACHE_HOME=$dir/xdg-http seconds_of timeout 600 nix copy --to "$ours_url?compression=$c" --option netrc-file "$run/netrc" "${upload_paths[@]}")"
  stop "$ours_pid"
  [ "$(ls "$dir/ours"/*.narinfo | wc -l)" -eq "${#upload_paths[@]}" ] || { log "upload to ours stored $(ls "$dir/ours"/*.narinfo | wc -l) narinfos, expected ${#upload_paths[@]}"; return 1; }
  rm -rf "$dir"
}

for ((round = 1; round <= rounds; round++)); do
  log "round $round/$rounds: upload of 1 GiB + $upload_small small paths, compression=none then zstd"
  upload_round none
  upload_round zstd
done

# ---------------------------------------------------------------------------------------------------------------
# 5. Memory: a fresh cache process serving the 4 GiB NAR to 16 clients; nginx likewise (master + workers).
log "memory: 16 clients on the 4 GiB NAR, ${memory_duration} s each"
start_nginx "$work/cache-none"
read -r _ mem_nginx_bytes mem_nginx_us _ < <(wrk_run "$run/stats.lua" 16 2 "$memory_duration" "$nginx_url$nar4g")
nginx_hwm=0
for p in "$nginx_pid" $(ps -o pid= --ppid "$nginx_pid"); do nginx_hwm=$((nginx_hwm + $(hwm_kib "$p"))); done
stop "$nginx_pid"
start_ours "$work/cache-none"
ours_start_hwm=$(hwm_kib "$ours_pid")
read -r _ mem_ours_bytes mem_ours_us _ < <(wrk_run "$run/stats.lua" 16 2 "$memory_duration" "$ours_url$nar4g")
ours_hwm=$(hwm_kib "$ours_pid")
stop "$ours_pid"

# ---------------------------------------------------------------------------------------------------------------
# 6. One JSON object.
series() { echo "${fig[$1.$2]}" | tr ' ' '\n' | jq -s -c .; }
ratios() { paste -d' ' <(echo "${fig[$1.ours]}" | tr ' ' '\n') <(echo "${fig[$1.nginx]}" | tr ' ' '\n') | awk '{ printf "%.3f\n", $1 / $2 }' | jq -s -c .; }
metric() { # metric NAME UNIT HIGHER_IS_BETTER(true|false) TARGET_RATIO PEER_NAME
  jq -n -c --arg unit "$2" --argjson higher "$3" --argjson target "$4" --arg peer "$5" \
    --argjson ours "$(series "$1" ours)" --argjson peerv "$(series "$1" nginx)" --argjson ratios "$(ratios "$1")" '
    def med: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
    def best: if $higher then max else min end;
    {unit: $unit, ours: {best: ($ours | best), median: ($ours | med), rounds: $ours},
     ($peer): {best: ($peerv | best), median: ($peerv | med), rounds: $peerv},
     ratio: {best: ($ratios | best), median: ($ratios | med), rounds: $ratios}}
    + (if $target == null then {} else
        {target: ((if $higher then "ratio >= " else "ratio <= " end) + ($target | tostring)),
         target_met: (if $higher then ($ratios | med) >= $target else ($ratios | med) <= $target end)} end)'
}

jq -n \
  --argjson narinfo "$(metric narinfo requests/s true 0.85 nginx)" \
  --argjson narinfo_cpu "$(metric narinfo_cpu cpu_us_per_request false null nginx)" \
  --argjson nar_c1 "$(metric nar_c1 MiB/s true 0.5 nginx)" \
  --argjson nar_c16 "$(metric nar_c16 MiB/s true 0.8 nginx)" \
  --argjson nar_zst_c16 "$(metric nar_zst_c16 MiB/s true null nginx)" \
  --argjson upload_none "$(metric upload_none seconds false 1.5 nix_copy_file)" \
  --argjson upload_zstd "$(metric upload_zstd seconds false null nix_copy_file)" \
  --argjson rounds "$rounds" --argjson duration "$duration" --argjson narinfos "$narinfo_count" \
  --argjson ours_hwm "$ours_hwm" --argjson ours_start_hwm "$ours_start_hwm" --argjson nginx_hwm "$nginx_hwm" \
  --argjson mem_ours "$(echo "$mem_ours_bytes $mem_ours_us" | awk '{ printf "%.1f", $1 / 1048576 / ($2 / 1e6) }')" \
  --argjson mem_nginx "$(echo "$mem_nginx_bytes $mem_nginx_us" | awk '{ printf "%.1f", $1 / 1048576 / ($2 / 1e6) }')" \
  --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" --argjson cores "$(nproc)" '
  {benchmark: "cache", rounds: $rounds, seconds_per_run: $duration, cores: $cores, load_average: $load,
   narinfo_gets_per_s: ($narinfo + {keys: $narinfos, connections: 64}),
   narinfo_server_cpu_us_per_get: $narinfo_cpu,
   nar_download_1_connection: ($nar_c1 + {nar: "1 GiB, compression none"}),
   nar_download_16_connections: ($nar_c16 + {nar: "1 GiB, compression none"}),
   nar_download_16_connections_zstd: ($nar_zst_c16 + {nar: "1 GiB, compression zstd"}),
   upload_1gib_closure: ($upload_none + {compression: "none", replication: "single node (R = 1)", peer: "nix copy --to file://"}),
   upload_1gib_closure_zstd: ($upload_zstd + {compression: "zstd", replication: "single node (R = 1)", peer: "nix copy --to file://"}),
   memory_serving_4gib_nar_16_clients: {unit: "MiB", ours_peak_rss: ($ours_hwm / 1024 | . * 10 | round / 10),
     ours_rss_after_start: ($ours_start_hwm / 1024 | . * 10 | round / 10),
     nginx_peak_rss_all_processes: ($nginx_hwm / 1024 | . * 10 | round / 10),
     ours_mib_s: $mem_ours, nginx_mib_s: $mem_nginx, target: "ours_peak_rss < 300", target_met: ($ours_hwm / 1024 < 300)},
   all_targets_met: (([$narinfo, $nar_c1, $nar_c16, $upload_none] | all(.target_met)) and ($ours_hwm / 1024 < 300))}'
