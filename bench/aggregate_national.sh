#!/usr/bin/env bash
# Benchmark (not a test): area-weighted aggregation of the 41,088 US tracts (ALAND, AWATER) onto the us-atlas
# 2023 counties, mobmap against GDAL's read + reproject of both layers (ogr2ogr -t_srs EPSG:5070 -f Memory, one
# after the other) and R sf::st_interpolate_aw on the same inputs in the same run (both in EPSG:5070).
# Usage: bench/aggregate_national.sh [MOBMAP_BINARY]   (default build/src/app/mobmap)
# Prints wall seconds, CPU seconds (user + sys, all threads) and peak MiB of each (median of RUNS, default 3)
# and the ratios. BENCH_R=0 skips R (about 20 s a run).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
mobmap="${1:-$root/build/src/app/mobmap}"
data="${MOBMAP_SHARED_DATA:-$root/../shared/data}"
runs="${RUNS:-3}"
work="$(mktemp -d /tmp/mobmap-aggbench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

tracts=/tmp/mobmap-bench/us41k.gpkg  # shared with the other national benchmarks (bench/us_tracts.sh)
mkdir -p "$(dirname "$tracts")"
source "$root/bench/us_tracts.sh"
merge_us_tracts "$tracts" "$data/us-tracts-cb2018-500k-partial"
counties="$data/us-atlas/us-atlas-2023-4.0.0/counties-10m.json"

cat > "$work/aw.R" <<'RSCRIPT'
suppressMessages(library(sf))
a <- commandArgs(TRUE)
tr <- st_transform(st_read(a[1], "tracts", quiet = TRUE)[c("ALAND", "AWATER")], 5070)
co <- st_read(a[2], "counties", quiet = TRUE)
if (is.na(st_crs(co))) st_crs(co) <- 4326
co <- st_make_valid(st_transform(co, 5070))  # 10 counties have invalid rings; mobmap repairs them too
r <- suppressWarnings(st_interpolate_aw(tr, co, extensive = TRUE))
cat(sprintf("R total ALAND %.6f\n", sum(r$ALAND)), file = stderr())
RSCRIPT

measure() {  # prints "seconds peak_MiB cpu_seconds"
  /usr/bin/time -f "%e %M %U %S" -o "$work/t" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  awk '{printf "%s %.0f %.2f\n", $1, $2 / 1024, $3 + $4}' "$work/t"
}
median() { sort -n | awk '{v[NR] = $0} END {print v[int((NR + 1) / 2)]}'; }

cat > "$work/gdal.sh" <<'GDAL'
ogr2ogr -t_srs EPSG:5070 -f Memory /vsimem/x "$1" tracts && ogr2ogr -s_srs EPSG:4326 -t_srs EPSG:5070 -f Memory /vsimem/y "$2" counties  # the TopoJSON declares no CRS
GDAL
mob=(); rr=(); gd=(); mobcpu=(); gdcpu=(); mobmem=0; rmem=0
for ((i = 0; i < runs; i++)); do
  read -r s m c < <(measure bash "$work/gdal.sh" "$tracts" "$counties")
  gd+=("$s"); gdcpu+=("$c")
  read -r s m c < <(measure "$mobmap" aggregate "$tracts" "$counties" --target-layer counties --sum ALAND,AWATER --json)
  mob+=("$s"); mobcpu+=("$c"); mobmem=$m
  if [[ "${BENCH_R:-1}" != 0 ]]; then
    read -r s m c < <(measure Rscript "$work/aw.R" "$tracts" "$counties")
    rr+=("$s"); rmem=$m
  fi
done
"$mobmap" aggregate "$tracts" "$counties" --target-layer counties --sum ALAND --json >"$work/j.json"
python3 - "$work/j.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
t = j["totals"]["ALAND"]
print(f"mobmap ALAND: sources {t['sources']:.0f} = counties {t['targets']:.1f} + uncovered {t['uncovered']:.1f}; "
      f"slivers dropped {j['diagnostics']['slivers_dropped']}, tracts outside {j['diagnostics']['sources_outside']}")
PY
m=$(printf '%s\n' "${mob[@]}" | median); g=$(printf '%s\n' "${gd[@]}" | median)
mc=$(printf '%s\n' "${mobcpu[@]}" | median); gc=$(printf '%s\n' "${gdcpu[@]}" | median)
echo "GDAL read + reproject of both layers: ${g} s, ${gc} s CPU (runs: ${gd[*]})"
echo "mobmap aggregate: ${m} s, ${mc} s CPU, ${mobmem} MiB (runs: ${mob[*]})"
awk -v m="$m" -v g="$g" -v mc="$mc" -v gc="$gc" 'BEGIN {printf "ratio mobmap / GDAL read + reproject: %.2f wall, %.2f CPU (target at most 2: %s)\n", m / g, mc / gc, m / g <= 2 ? "met" : "NOT met"}'
if ((${#rr[@]})); then
  r=$(printf '%s\n' "${rr[@]}" | median)
  echo "R sf::st_interpolate_aw: ${r} s, ${rmem} MiB (runs: ${rr[*]})"
  awk -v m="$m" -v r="$r" 'BEGIN {printf "ratio mobmap / R: %.3f (R takes %.1fx as long)\n", m / r, r / m}'
fi
