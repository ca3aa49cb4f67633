#!/usr/bin/env bash
# Benchmark (not a test): area-weighted aggregation of the 41,088 US tracts (ALAND, AWATER) onto the us-atlas
# 2023 counties, mobmap against R sf::st_interpolate_aw on the same inputs in the same run (both in EPSG:5070).
# Usage: bench/aggregate_national.sh [MOBMAP_BINARY]   (default build/src/app/mobmap)
# Prints wall seconds and peak MiB of each (median of RUNS, default 3) and the ratio.
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

measure() {  # prints "seconds peak_MiB"
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  awk '{printf "%s %.0f\n", $1, $2 / 1024}' "$work/t"
}
median() { sort -n | awk '{v[NR] = $0} END {print v[int((NR + 1) / 2)]}'; }

mob=(); rr=(); mobmem=0; rmem=0
for ((i = 0; i < runs; i++)); do
  read -r s m < <(measure "$mobmap" aggregate "$tracts" "$counties" --target-layer counties --sum ALAND,AWATER --json)
  mob+=("$s"); mobmem=$m
  read -r s m < <(measure Rscript "$work/aw.R" "$tracts" "$counties")
  rr+=("$s"); rmem=$m
done
"$mobmap" aggregate "$tracts" "$counties" --target-layer counties --sum ALAND --json >"$work/j.json"
python3 - "$work/j.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
t = j["totals"]["ALAND"]
print(f"mobmap ALAND: sources {t['sources']:.0f} = counties {t['targets']:.1f} + uncovered {t['uncovered']:.1f}; "
      f"slivers dropped {j['diagnostics']['slivers_dropped']}, tracts outside {j['diagnostics']['sources_outside']}")
PY
m=$(printf '%s\n' "${mob[@]}" | median); r=$(printf '%s\n' "${rr[@]}" | median)
echo "mobmap aggregate: ${m} s, ${mobmem} MiB (runs: ${mob[*]})"
echo "R sf::st_interpolate_aw: ${r} s, ${rmem} MiB (runs: ${rr[*]})"
awk -v m="$m" -v r="$r" 'BEGIN {printf "ratio mobmap / R: %.3f (R takes %.1fx as long)\n", m / r, r / m}'
