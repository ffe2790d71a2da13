#!/usr/bin/env bash
# ClinicMap as it scales out, on one machine, idempotent like run.sh (and sharing provision.sh with it):
#  - the primary PostgreSQL on 127.0.0.1:55432 (provision.sh's private cluster) and a streaming hot standby on
#    127.0.0.1:55433 (.data/pg-standby, made by pg_basebackup through the replication slot "clinicmap_standby");
#  - two API processes on 127.0.0.1:5081 and :5082, each loading its index from the standby and writing to the
#    primary; one import worker, on the primary;
#  - HAProxy (Debian's haproxy) on 127.0.0.1:5080, balancing the two APIs, each checked on /readyz.
# "scripts/cluster.sh stop" ends everything it started (the primary too). Logs: .data/cluster/*.log.
set -euo pipefail
. "$(dirname "$0")/provision.sh"

STANDBY_PORT=55433
STANDBY_DATA="$CLINICMAP_ROOT/.data/pg-standby"
RUN="$CLINICMAP_ROOT/.data/cluster"
API_PORTS=(5081 5082)
SLOT=clinicmap_standby

# Ends the process whose pid is in $RUN/$1.pid, if it still runs: SIGTERM, then SIGKILL after $2 tenths of a
# second (default 50). An API process drains for Shutdown:DrainSeconds (5 s) before it stops listening.
stop_pidfile() {
  local file="$RUN/$1.pid" pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 "${2:-50}"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

cluster_stop() {
  stop_pidfile haproxy
  for port in "${API_PORTS[@]}"; do stop_pidfile "api-$port" 300 & done
  wait
  stop_pidfile worker
  pkill -f "clinicmap-import.dll worker" 2>/dev/null || true
  if [ -f "$STANDBY_DATA/PG_VERSION" ]; then cm_as_pg "$PG_BIN/pg_ctl" -D "$STANDBY_DATA" -m fast stop >/dev/null 2>&1 || true; fi
  cm_as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
  cm_log "cluster stopped"
}

if [ "${1:-}" = stop ]; then cluster_stop; exit 0; fi

cm_provision
mkdir -p "$RUN"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$CLINICMAP_ROOT/.data"

# The standby: a base backup of the primary through a physical replication slot (WAL is kept for it while it is
# down), started as a hot standby that follows the primary.
if [ ! -f "$STANDBY_DATA/PG_VERSION" ]; then
  cm_log "making the hot standby in .data/pg-standby (pg_basebackup)"
  # A slot keeps WAL for a standby that is down; past this the slot is given up (the standby is then made again).
  cm_psql -d postgres -c "ALTER SYSTEM SET max_slot_wal_keep_size = '2GB'" -c "SELECT pg_reload_conf()" >/dev/null
  [ -n "$(cm_psql -d postgres -c "SELECT 1 FROM pg_replication_slots WHERE slot_name = '$SLOT'")" ] \
    || cm_psql -d postgres -c "SELECT pg_create_physical_replication_slot('$SLOT')" >/dev/null
  cm_as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$STANDBY_DATA" -X stream -S "$SLOT" -R -c fast
  chmod 700 "$STANDBY_DATA"
  cat >>"$STANDBY_DATA/postgresql.auto.conf" <<CONF
port = $STANDBY_PORT
hot_standby = on
hot_standby_feedback = on
CONF
fi
if ! cm_as_pg "$PG_BIN/pg_ctl" -D "$STANDBY_DATA" status >/dev/null 2>&1; then
  cm_log "starting the standby on 127.0.0.1:$STANDBY_PORT"
  touch "$RUN/standby.log"; [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$RUN/standby.log"
  cm_as_pg "$PG_BIN/pg_ctl" -D "$STANDBY_DATA" -l "$RUN/standby.log" -w -t 60 start >/dev/null
fi

# The samples, as run.sh loads them (a second run finds them imported and changes nothing).
set +e
cm_cli import "$CLINICMAP_ROOT/samples/national-fever-clinics-2020.json" \
  --publisher "各省卫生健康委员会（志愿者汇总）" --title "全国发热门诊名单（2020年2月11日汇总）" --published-on 2020-02-11 \
  --kind fever-clinic --actor cluster.sh --publish --force "demo data: the rows that need review stay out until an operator resolves them" >/dev/null 2>&1
# A database whose sample was staged before but never published (an import without --publish) has nothing to serve.
if [ -z "$(cm_psql -d clinicmap -c "SELECT 1 FROM dataset_current")" ]; then
  cm_cli publish --actor cluster.sh --force "demo data: the rows that need review stay out until an operator resolves them" >/dev/null 2>&1
fi
set -e

standby_db() { echo "Host=127.0.0.1;Port=$STANDBY_PORT;Username=$1;Database=clinicmap"; }
for port in "${API_PORTS[@]}"; do
  if [ -f "$RUN/api-$port.pid" ] && kill -0 "$(cat "$RUN/api-$port.pid")" 2>/dev/null; then continue; fi
  cm_log "starting an API process on 127.0.0.1:$port"
  (cd "$CLINICMAP_ROOT/src/ClinicMap.Api" && CLINICMAP_DB="$CLINICMAP_API_DB" Database__ReadConnectionString="$(standby_db clinicmap_api)" \
    PublicUrl__BaseUrl="http://127.0.0.1:5080" exec dotnet "bin/$CLINICMAP_CONFIG/net10.0/ClinicMap.Api.dll" --urls "http://127.0.0.1:$port" \
    >"$RUN/api-$port.log" 2>&1) &
  echo $! >"$RUN/api-$port.pid"
done
if ! { [ -f "$RUN/worker.pid" ] && kill -0 "$(cat "$RUN/worker.pid")" 2>/dev/null; }; then
  ( while :; do set +e; CLINICMAP_DB="$CLINICMAP_WORKER_DB" cm_cli worker; status=$?; set -e; [ $status -eq 75 ] || exit $status; done ) >"$RUN/worker.log" 2>&1 &
  echo $! >"$RUN/worker.pid"
fi

cat >"$RUN/haproxy.cfg" <<CFG
# Written by scripts/cluster.sh: the two API processes behind one address, each checked on /readyz.
global
    maxconn 4096
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    retries 2
    option redispatch
frontend clinicmap
    bind 127.0.0.1:5080
    default_backend api
backend api
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    # A request that reached a process that died is sent to the other one (GETs are safe to repeat).
    retry-on conn-failure empty-response response-timeout
$(for port in "${API_PORTS[@]}"; do echo "    server api$port 127.0.0.1:$port check inter 500ms fall 2 rise 2"; done)
CFG
stop_pidfile haproxy
haproxy -f "$RUN/haproxy.cfg" -D -p "$RUN/haproxy.pid"

for port in "${API_PORTS[@]}"; do
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null || { cm_log "the API on $port is not ready; see .data/cluster/api-$port.log"; exit 1; }
done
# HAProxy sends traffic once its health checks have seen a process ready.
for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:5080/readyz" && break; sleep 0.25; done
curl -sf -o /dev/null "http://127.0.0.1:5080/readyz" || { cm_log "HAProxy routes to no API; see .data/cluster/"; exit 1; }
cm_log "serving http://127.0.0.1:5080 through HAProxy (APIs on ${API_PORTS[*]}, standby on $STANDBY_PORT); stop with scripts/cluster.sh stop"
