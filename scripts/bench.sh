#!/usr/bin/env bash
# Measures ClinicMap on this machine, in one run, and ends with one line per figure: "name: value unit".
#  - import: the national list (6,753 rows) read → cleaned → resolved → placed → staged into a fresh database,
#    end to end through the CLI (process start included), best of 3; and the same without writing (--dry-run).
#  - ocr: field exact-match (name, address, phone after cleaning), wrong fields flagged for review or undetected,
#    rows accepted without review, pages refused, and seconds per page, on a fresh draw of pages rendered from real
#    rows by scripts/ocr-bench/render.py for every run (fonts, sizes, styles, columns, wrapping, titles; clean
#    screenshots, degraded scans and photos, scanned PDFs). The seed is drawn and printed (OCR_BENCH_SEED=N draws
#    the same pages again; OCR_BENCH_PAGES=P pages a set, default 6); the pages stay in .data/ocr-bench/SEED.
#  - serving: GET /api/v1/clinics/nearest (limit 10) with wrk at the 10,000 fixed points of scripts/bench/points.tsv
#    (64 connections for throughput, 16 for latency, 30 s each), and the raw PostGIS KNN query alone with pgbench at
#    the same points (16 clients, prepared statements, 30 s), and bare Kestrel answering the same URLs with one real
#    answer's bytes and no work (scripts/bench/ceiling, 64 connections, 30 s): the ceiling; on the national sample
#    and on a 10× synthetic copy (scripts/bench/tenfold.sql). BENCH_API_ROOT=DIR measures another checkout's build.
#  - odata: each query of scripts/bench/odata-queries.tsv with wrk (16 connections, 10 s, after a 3 s warm-up; A B B A, best of two)
#    against this build's /odata and, in the same run, a baseline build of ODATA_BASELINE_REF (default: the last
#    commit with the hand-built OData service, before Microsoft.AspNetCore.OData), both over one database holding the
#    national sample; prints each side's req/s and their ratio (this build ÷ baseline).
set -euo pipefail
# The run's output is kept in .data/bench.out, and its figures are written into docs/BENCHMARKS.md ("Latest figures").
if [ -z "${CLINICMAP_BENCH_RUN:-}" ]; then
  root=$(cd "$(dirname "$0")/.." && pwd)
  mkdir -p "$root/.data"
  status=0
  CLINICMAP_BENCH_RUN=1 "$0" "$@" | tee "$root/.data/bench.out" || status=${PIPESTATUS[0]}
  [ "$status" -ne 0 ] || python3 "$root/scripts/bench/write-doc.py" "$root/.data/bench.out" "$root/docs/BENCHMARKS.md" "${1:-all}"
  exit "$status"
fi
. "$(dirname "$0")/provision.sh"
cm_provision

sample="$CLINICMAP_ROOT/samples/national-fever-clinics-2020.json"
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
best() { sort -g | head -n 1; }

# "scripts/bench.sh import|ocr|serving|odata" runs only that part.
part=${1:-all}
if [ "$part" = all ] || [ "$part" = import ]; then
rows=$(cm_cli import "$sample" --publisher bench --dry-run --json | grep -o '"rows":[0-9]*' | head -n 1 | cut -d: -f2 || true)

# The dry runs first: measured after the staged runs, they also paid for the database's work on those.
dry_times=()
for i in 1 2 3; do
  start=$(now)
  cm_cli import "$sample" --publisher bench --dry-run --json >/dev/null || [ $? -eq 2 ]
  dry_times+=("$(calc "$(now) - $start")")
done

staged_times=()
for i in 1 2 3; do
  cm_psql -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS clinicmap_bench WITH (FORCE)" -c "CREATE DATABASE clinicmap_bench"
  CLINICMAP_DB="Host=127.0.0.1;Port=55432;Username=postgres;Database=clinicmap_bench" cm_cli migrate >/dev/null
  start=$(now)
  CLINICMAP_DB="Host=127.0.0.1;Port=55432;Username=postgres;Database=clinicmap_bench" \
    cm_cli import "$sample" --publisher bench --actor bench --json >/dev/null || [ $? -eq 2 ]
  staged_times+=("$(calc "$(now) - $start")")
done
staged_rows=$(cm_psql -d clinicmap_bench -c "SELECT count(*) FROM import_rows")
cm_psql -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS clinicmap_bench WITH (FORCE)"

staged=$(printf '%s\n' "${staged_times[@]}" | best)
dry=$(printf '%s\n' "${dry_times[@]}" | best)
[ "$staged_rows" -eq "$rows" ] || { cm_log "staged $staged_rows rows of $rows"; exit 1; }
printf 'national list: %d rows; staged runs %s s; dry runs %s s\n' "$rows" "${staged_times[*]}" "${dry_times[*]}"
printf 'import_national_staged_seconds: %.2f s\n' "$staged"
printf 'import_national_staged_rows_per_second: %.0f rows/s\n' "$(calc "$rows / $staged")"
printf 'import_national_dry_run_seconds: %.2f s\n' "$dry"
printf 'import_national_dry_run_rows_per_second: %.0f rows/s\n' "$(calc "$rows / $dry")"
# Where a dry run's time goes, step by step (the JSON report's "stages"), so a slow step shows by name.
cm_cli import "$sample" --publisher bench --dry-run --json 2>/dev/null | python3 -c '
import json, sys
for s in json.load(sys.stdin)["stages"]:
    print("import_national_dry_run_stage_%s_ms: %.0f ms" % (s["stage"].replace(" ", "_").replace("-", "_"), s["milliseconds"]))' || [ ${PIPESTATUS[0]} -eq 2 ]

fi

# ---- OCR accuracy on rendered pages ----
if [ "$part" = all ] || [ "$part" = ocr ]; then
bench_packages=()
command -v chromium >/dev/null || bench_packages+=(chromium)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || bench_packages+=(fonts-noto-cjk)
for font in wqy-zenhei wqy-microhei arphic-uming arphic-ukai; do
  dpkg -s "fonts-$font" >/dev/null 2>&1 || bench_packages+=("fonts-$font")
done
convert -version 2>/dev/null | grep -q ImageMagick || bench_packages+=(imagemagick)
cm_apt_install "${bench_packages[@]}"
seed=${OCR_BENCH_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
renders="$CLINICMAP_ROOT/.data/ocr-bench/$seed"
rm -rf "$renders"
python3 "$CLINICMAP_ROOT/scripts/ocr-bench/render.py" "$renders" --seed "$seed" --pages "${OCR_BENCH_PAGES:-6}"
echo "ocr_bench_seed: $seed"
cm_tools ocr-bench "$renders" 2>"$CLINICMAP_ROOT/.data/ocr-bench.log"
echo "(every wrong OCR field, flagged or undetected, is listed in .data/ocr-bench.log)"
fi

# ---- Serving: the nearest endpoint from the in-memory index against the raw PostGIS KNN query ----
if [ "$part" = all ] || [ "$part" = serving ]; then
command -v wrk >/dev/null || cm_apt_install wrk
bench="$CLINICMAP_ROOT/scripts/bench"
dotnet build "$bench/ceiling/Ceiling.csproj" -c Release -v quiet -nologo >/dev/null
# BENCH_API_ROOT: serve another checkout's build (a git worktree, built) to measure it in the same conditions.
api_root=${BENCH_API_ROOT:-$CLINICMAP_ROOT}
serve_db=clinicmap_serve_bench
serve_cs="Host=127.0.0.1;Port=55432;Username=postgres;Database=$serve_db"
serve_port=5081
cm_psql -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $serve_db WITH (FORCE)" -c "CREATE DATABASE $serve_db"
CLINICMAP_DB="$serve_cs" cm_cli migrate >/dev/null
CLINICMAP_DB="$serve_cs" cm_cli import "$sample" --publisher bench --actor bench --json --publish --force "benchmark data" >/dev/null || [ $? -eq 2 ]
cm_psql -d "$serve_db" -c "CREATE TABLE bench_points (i serial PRIMARY KEY, lat float8 NOT NULL, lon float8 NOT NULL,
  g geography(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography) STORED)"
grep -v '^#' "$bench/points.tsv" | cm_psql -d "$serve_db" -c "\copy bench_points (lat, lon) FROM STDIN"

# wrk is one client address: the per-address limit of public reads (PublicLimit) is lifted for it, and the
# per-request log line (ClinicMap.Api.RequestLog) is measured as configured by BENCH_REQUEST_LOG (default on).
(cd "$api_root/src/ClinicMap.Api" && CLINICMAP_DB="${serve_cs/Username=postgres/Username=clinicmap_api}" PublicLimit__PerSecond=1000000000 PublicLimit__Burst=1000000000 \
  exec env "Logging__LogLevel__ClinicMap.Api.RequestLog=${BENCH_REQUEST_LOG:-Information}" dotnet "bin/$CLINICMAP_CONFIG/net10.0/ClinicMap.Api.dll" --urls "http://127.0.0.1:$serve_port" >"$CLINICMAP_ROOT/.data/bench-api.log" 2>&1) &
api_pid=$!
trap 'kill $api_pid 2>/dev/null || true' EXIT
clinics_served() { curl -s "http://127.0.0.1:$serve_port/readyz" | grep -o '"clinics":[0-9]*' | cut -d: -f2; }
for _ in $(seq 1 120); do [ -n "$(clinics_served)" ] && break; sleep 0.5; done
[ -n "$(clinics_served)" ] || { cm_log "the API did not become ready; see .data/bench-api.log"; exit 1; }

to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }'; }
serve_figures=()
measure() {
  local label=$1 throughput latency knn rps p50 p99 tps ticks_before ticks_after served
  wrk -t2 -c64 -d10s -s "$bench/nearest.lua" "http://127.0.0.1:$serve_port" >/dev/null   # 10 s warm-up (JIT, caches), discarded
  # The API's processor time (user + system, in clock ticks) across the throughput run: its cost per request.
  ticks_before=$(awk '{ print $14 + $15 }' "/proc/$api_pid/stat")
  throughput=$(wrk -t2 -c64 -d30s -s "$bench/nearest.lua" "http://127.0.0.1:$serve_port")
  ticks_after=$(awk '{ print $14 + $15 }' "/proc/$api_pid/stat")
  served=$(awk '/requests in/ { print $1 }' <<<"$throughput")
  latency=$(wrk -t2 -c16 -d30s --latency -s "$bench/nearest.lua" "http://127.0.0.1:$serve_port")
  knn=$(pgbench -h 127.0.0.1 -p 55432 -U postgres -n -M prepared -c 16 -j 2 -T 30 -f "$bench/knn.sql" "$serve_db" 2>&1)
  rps=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' <<<"$throughput")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$latency" | to_ms)
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$latency" | to_ms)
  tps=$(awk '/^tps/ { printf "%.0f", $3 }' <<<"$knn")
  # The ceiling: Kestrel answering the same URLs with the bytes of one real answer and no work at all.
  curl -s "http://127.0.0.1:$serve_port/api/v1/clinics/nearest?lat=39.91&lon=116.40&limit=10" >"$CLINICMAP_ROOT/.data/ceiling-body.json"
  dotnet "$bench/ceiling/bin/Release/net10.0/Ceiling.dll" "$CLINICMAP_ROOT/.data/ceiling-body.json" "http://127.0.0.1:5085" >/dev/null 2>&1 &
  local ceiling_pid=$! ceiling
  for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:5085/" && break; sleep 0.5; done
  wrk -t2 -c64 -d5s -s "$bench/nearest.lua" "http://127.0.0.1:5085" >/dev/null
  ceiling=$(wrk -t2 -c64 -d30s -s "$bench/nearest.lua" "http://127.0.0.1:5085" | awk '/Requests\/sec/ { printf "%.0f", $2 }')
  kill $ceiling_pid 2>/dev/null || true
  grep -q "Non-2xx" <<<"$throughput$latency" && { cm_log "the API answered errors under load: $throughput"; exit 1; }
  printf '%s (%s clinics): API %s req/s at 64 connections, p50 %s ms and p99 %s ms at 16; raw PostGIS KNN %s queries/s; bare Kestrel %s req/s\n' "$label" "$(clinics_served)" "$rps" "$p50" "$p99" "$tps" "$ceiling"
  serve_figures+=("nearest_${label}_rps: $rps req/s" "nearest_${label}_p50: $p50 ms" "nearest_${label}_p99: $p99 ms"
                  "postgis_knn_${label}_qps: $tps queries/s" "nearest_${label}_vs_postgis: $(calc "$rps / $tps" | awk '{ printf "%.2f", $1 }') x"
                  "nearest_${label}_ceiling_rps: $ceiling req/s" "nearest_${label}_vs_ceiling: $(calc "$rps / $ceiling" | awk '{ printf "%.2f", $1 }') x"
                  "nearest_${label}_api_rss: $(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$api_pid/status") MB"
                  "nearest_${label}_api_cpu_per_request: $(calc "($ticks_after - $ticks_before) / $(getconf CLK_TCK) * 1000000 / $served" | awk '{ printf "%.0f", $1 }') us"
                  "nearest_${label}_api_cores_per_1000_rps: $(calc "($ticks_after - $ticks_before) / $(getconf CLK_TCK) * 1000 / $served" | awk '{ printf "%.3f", $1 }') cores")
}
measure national
national_count=$(clinics_served)
cm_psql -d "$serve_db" -f "$bench/tenfold.sql" >/dev/null
for _ in $(seq 1 120); do [ "$(clinics_served)" -gt "$national_count" ] && break; sleep 0.5; done
measure tenfold
kill $api_pid 2>/dev/null || true
cm_psql -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $serve_db WITH (FORCE)"
printf '%s\n' "${serve_figures[@]}"
fi

# ---- OData: this build against the baseline build, query by query ----
if [ "$part" = all ] || [ "$part" = odata ]; then
command -v wrk >/dev/null || cm_apt_install wrk
bench="$CLINICMAP_ROOT/scripts/bench"
baseline_ref=${ODATA_BASELINE_REF:-62424e3}
baseline="$CLINICMAP_ROOT/.data/odata-baseline"
if [ "$(git -C "$baseline" rev-parse HEAD 2>/dev/null)" != "$(git -C "$CLINICMAP_ROOT" rev-parse "$baseline_ref")" ]; then
  git -C "$CLINICMAP_ROOT" worktree remove --force "$baseline" 2>/dev/null || rm -rf "$baseline"
  git -C "$CLINICMAP_ROOT" worktree prune
  git -C "$CLINICMAP_ROOT" worktree add --detach "$baseline" "$baseline_ref" >/dev/null
fi
dotnet build "$baseline/src/ClinicMap.Api/ClinicMap.Api.csproj" -c "$CLINICMAP_CONFIG" -v quiet -nologo >/dev/null
odata_db=clinicmap_odata_bench
odata_cs="Host=127.0.0.1;Port=55432;Username=postgres;Database=$odata_db"
cm_psql -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $odata_db WITH (FORCE)" -c "CREATE DATABASE $odata_db"
CLINICMAP_DB="$odata_cs" cm_cli migrate >/dev/null
CLINICMAP_DB="$odata_cs" cm_cli import "$sample" --publisher bench --actor bench --json --publish --force "benchmark data" >/dev/null || [ $? -eq 2 ]
odata_pids=()
trap 'kill "${odata_pids[@]}" 2>/dev/null || true' EXIT
start_api() { # directory port log
  (cd "$1/src/ClinicMap.Api" && CLINICMAP_DB="${odata_cs/Username=postgres/Username=clinicmap_api}" PublicLimit__PerSecond=1000000000 PublicLimit__Burst=1000000000 \
    PublicUrl__BaseUrl="http://127.0.0.1:$2" exec dotnet "bin/$CLINICMAP_CONFIG/net10.0/ClinicMap.Api.dll" --urls "http://127.0.0.1:$2" >"$3" 2>&1) &
  odata_pids+=($!)
}
start_api "$CLINICMAP_ROOT" 5083 "$CLINICMAP_ROOT/.data/bench-odata-new.log"
start_api "$baseline" 5084 "$CLINICMAP_ROOT/.data/bench-odata-baseline.log"
for port in 5083 5084; do
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/readyz" | grep -q '"clinics"' && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:$port/readyz" | grep -q '"clinics"' || { cm_log "the API on $port did not become ready; see .data/bench-odata-*.log"; exit 1; }
done
odata_figures=()
rps_of() { # port query
  local url="http://127.0.0.1:$1/odata/Clinics?$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="=&$"))' "$2")" out
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 200 ] || { cm_log "port $1 did not answer 200 to $2"; exit 1; }
  wrk -t2 -c16 -d3s "$url" >/dev/null
  out=$(wrk -t2 -c16 -d10s "$url")
  grep -q "Non-2xx" <<<"$out" && { cm_log "port $1 answered errors under load to $2"; exit 1; }
  awk '/Requests\/sec/ { printf "%.0f", $2 }' <<<"$out"
}
while IFS=$'\t' read -r name query; do
  case "$name" in ''|'#'*) continue ;; esac
  # A B B A, best of two each: the order a server is measured in cancels out.
  new1=$(rps_of 5083 "$query"); old1=$(rps_of 5084 "$query"); old2=$(rps_of 5084 "$query"); new2=$(rps_of 5083 "$query")
  new=$(( new1 > new2 ? new1 : new2 )); old=$(( old1 > old2 ? old1 : old2 ))
  printf 'odata %s: this build %s req/s, baseline (%s) %s req/s\n' "$name" "$new" "$baseline_ref" "$old"
  odata_figures+=("odata_${name}_rps: $new req/s" "odata_${name}_baseline_rps: $old req/s" "odata_${name}_vs_baseline: $(calc "$new / $old" | awk '{ printf "%.2f", $1 }') x")
done <"$bench/odata-queries.tsv"
kill "${odata_pids[@]}" 2>/dev/null || true
cm_psql -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $odata_db WITH (FORCE)"
printf '%s\n' "${odata_figures[@]}"
fi
