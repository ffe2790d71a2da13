#!/usr/bin/env bash
# Sets everything up as run.sh does, then runs every test of the solution against the real PostGIS.
# Exits non-zero if any test fails; a test that needs PostGIS fails (never skips) when the server is missing.
set -euo pipefail
. "$(dirname "$0")/provision.sh"
cm_provision

results="$CLINICMAP_ROOT/.data/test-results"
rm -rf "$results"
status=0
for project in "$CLINICMAP_ROOT"/tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  cm_log "running $name"
  dotnet test "$project" -c "$CLINICMAP_CONFIG" --no-build -nologo \
    --logger "console;verbosity=normal" --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
done

# One closing line for the whole run, summed over every test project's TRX report,
# printed plainly as "N passed, N failed" so that CI reads the count.
passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
echo "$passed passed, $failed failed"
[ "$passed" -gt 0 ] || { cm_log "no test ran"; exit 1; }
exit $status
