#!/usr/bin/env bash
# Runs every test of AsterFarm: installs what the tests need if missing, checks formatting,
# builds the solution and runs all test projects (including the real-Nix comparisons).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh
dotnet format AsterFarm.sln --verify-no-changes
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test AsterFarm.sln -c Release 2>&1 | tee "$log" || status=$?
# One closing line for the whole run, summed over the test assemblies.
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
