#!/usr/bin/env bash
# Runs every test of AsterFarm: installs what the tests need if missing, checks formatting,
# builds the solution, runs all test projects (including the real-Nix comparisons) and the quick start.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh
# The deployment tests need a Docker engine; started so that it leaves the partition tests' forwarding alone.
scripts/start-dockerd.sh
dotnet format AsterFarm.sln --verify-no-changes
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test AsterFarm.sln -c Release 2>&1 | tee "$log" || status=$?
# The README's main command, end to end on the embedded farm (asterfarm up builds the sample on QEMU builders):
# it is what a newcomer runs first, and it builds the programs the way a user does (both into one directory).
quickstart_log=$(mktemp)
trap 'rm -f "$log" "$quickstart_log"' EXIT
if ASTERFARM_QUICKSTART_PORT=${ASTERFARM_QUICKSTART_PORT:-18180} ./quickstart.sh >"$quickstart_log" 2>&1 \
  && [ "$(grep -c '^  store path: ' "$quickstart_log")" -eq 3 ]; then
  echo "quickstart: the sample's three images are in the farm's cache"
else
  echo "quickstart: FAILED; the end of its output:" >&2
  tail -n 60 "$quickstart_log" >&2
  status=1
fi
# One closing line for the whole run, summed over the test assemblies.
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
