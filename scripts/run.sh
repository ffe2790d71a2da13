#!/usr/bin/env bash
# Sets everything up, loads the samples, and serves the API and map on http://127.0.0.1:5080 until stopped.
set -euo pipefail
. "$(dirname "$0")/provision.sh"
cm_provision

cm_log "importing the samples"
set +e
cm_cli import "$CLINICMAP_ROOT/samples/national-fever-clinics-2020.json" \
  --publisher "各省卫生健康委员会（志愿者汇总）" --title "全国发热门诊名单（2020年2月11日汇总）" --published-on 2020-02-11 \
  --kind fever-clinic --actor run.sh --publish \
  --force "demo data: the rows that need review stay out until an operator resolves them at /operator"
status=$?
set -e
# 0: all rows accepted; 2: some rows wait for review (normal for real lists); anything else is a failure.
[ $status -eq 0 ] || [ $status -eq 2 ] || exit $status

cm_log "starting the import worker (lists uploaded through POST /api/v1/imports)"
# Exit 75: the worker stopped itself to end a job that outran its budget; it is started again at once.
( while :; do set +e; CLINICMAP_DB="$CLINICMAP_WORKER_DB" cm_cli worker; status=$?; set -e; [ $status -eq 75 ] || exit $status; cm_log "restarting the import worker"; done ) &
worker=$!
trap 'pkill -P $worker 2>/dev/null; kill $worker 2>/dev/null || true' EXIT

# Watching the commissions' notice pages is off by default: these machines reach no commission's website.
# CLINICMAP_WATCH=all watches every source under Sources/ with a watch section; CLINICMAP_WATCH=PATH-OR-NAME one.
if [ -n "${CLINICMAP_WATCH:-}" ]; then
  watch_args=(watch)
  [ "$CLINICMAP_WATCH" = all ] || watch_args+=(--source "$CLINICMAP_WATCH")
  cm_log "starting the watcher of the commissions' notice pages (${CLINICMAP_WATCH})"
  ( CLINICMAP_DB="$CLINICMAP_WATCHER_DB" cm_cli "${watch_args[@]}" ) &
  watcher=$!
  trap 'pkill -P $worker 2>/dev/null; kill $worker $watcher 2>/dev/null || true' EXIT
fi

cm_log "serving http://127.0.0.1:5080 (Ctrl-C to stop); review at http://127.0.0.1:5080/operator/"
cd "$CLINICMAP_ROOT/src/ClinicMap.Api"
# One process and no balancer to leave: Ctrl-C stops it without draining (Shutdown:DrainSeconds, docs/operations.md).
CLINICMAP_DB="$CLINICMAP_API_DB" Shutdown__DrainSeconds=0 dotnet "bin/$CLINICMAP_CONFIG/net10.0/ClinicMap.Api.dll"
