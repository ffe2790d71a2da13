#!/usr/bin/env bash
# Measures ClinicMap on this machine, in one run, and ends with one line per figure: "name: value unit".
#  - import: the national list (6,753 rows) read → cleaned → resolved → placed → staged into a fresh database,
#    end to end through the CLI (process start included), best of 3; and the same without writing (--dry-run).
#  - ocr: field exact-match (name, address, phone after cleaning) and seconds per page on pages rendered from real
#    rows by scripts/ocr-bench/render.py (Chromium + fonts-noto-cjk; clean and degraded; ruled and unruled),
#    with wrong fields split into flagged for review and undetected. The renders are cached in .data/ocr-bench.
set -euo pipefail
. "$(dirname "$0")/provision.sh"
cm_provision

sample="$CLINICMAP_ROOT/samples/national-fever-clinics-2020.json"
rows=$(cm_cli import "$sample" --publisher bench --dry-run --json | grep -o '"rows":[0-9]*' | head -n 1 | cut -d: -f2 || true)

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
best() { sort -g | head -n 1; }

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

dry_times=()
for i in 1 2 3; do
  start=$(now)
  cm_cli import "$sample" --publisher bench --dry-run --json >/dev/null || [ $? -eq 2 ]
  dry_times+=("$(calc "$(now) - $start")")
done

staged=$(printf '%s\n' "${staged_times[@]}" | best)
dry=$(printf '%s\n' "${dry_times[@]}" | best)
[ "$staged_rows" -eq "$rows" ] || { cm_log "staged $staged_rows rows of $rows"; exit 1; }
printf 'national list: %d rows; staged runs %s s; dry runs %s s\n' "$rows" "${staged_times[*]}" "${dry_times[*]}"
printf 'import_national_staged_seconds: %.2f s\n' "$staged"
printf 'import_national_staged_rows_per_second: %.0f rows/s\n' "$(calc "$rows / $staged")"
printf 'import_national_dry_run_seconds: %.2f s\n' "$dry"
printf 'import_national_dry_run_rows_per_second: %.0f rows/s\n' "$(calc "$rows / $dry")"

# ---- OCR accuracy on rendered pages ----
bench_packages=()
command -v chromium >/dev/null || bench_packages+=(chromium)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || bench_packages+=(fonts-noto-cjk)
convert -version 2>/dev/null | grep -q ImageMagick || bench_packages+=(imagemagick)
cm_apt_install "${bench_packages[@]}"
renders="$CLINICMAP_ROOT/.data/ocr-bench"
stamp=$(sha256sum "$CLINICMAP_ROOT/scripts/ocr-bench/render.py" "$sample" | sha256sum | cut -c1-16)
if [ ! -f "$renders/$stamp" ]; then
  rm -rf "$renders"
  python3 "$CLINICMAP_ROOT/scripts/ocr-bench/render.py" "$renders" 2 >/dev/null
  touch "$renders/$stamp"
fi
cm_cli ocr-bench "$renders" 2>"$CLINICMAP_ROOT/.data/ocr-bench.log"
echo "(every undetected OCR error is listed in .data/ocr-bench.log)"

