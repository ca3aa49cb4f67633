#!/usr/bin/env bash
# Benchmark (not a test): contiguity weights, `mobmap moran` and `mobmap lisa` on the 41,088 US tracts, against
# GDAL's read + reproject of the same file (ogr2ogr -t_srs EPSG:5070 -f Memory) measured in the same rounds.
#
# Usage: bench/spatial_stats.sh [BUILD_DIR]   (default build/; needs src/app/mobmap and bench/bench_spatial_stats)
# Environment: RUNS (rounds, default 3), PERMUTATIONS (default 999), SIZES (feature counts for the growth table,
# default "10000 20000 41088"), MOBMAP_SHARED_DATA (default ../shared/data), MOBMAP_BENCH_DIR (/tmp/mobmap-bench),
# MOBMAP_BEFORE (optional: an older mobmap binary whose moran and lisa runs are interleaved with the others).
#
# Prints, per command, the median wall time and the median CPU time (user + sys, all threads) of RUNS rounds, the
# ratios the issue sets targets on, and the growth of each step with the number of areas (first N tracts of
# the file, which is ordered by state). Whole-process times include reading and reprojecting the layer.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="${1:-$root/build}"
data="${MOBMAP_SHARED_DATA:-$root/../shared/data}"
cache="${MOBMAP_BENCH_DIR:-/tmp/mobmap-bench}"
runs="${RUNS:-3}"
perms="${PERMUTATIONS:-999}"
sizes="${SIZES:-10000 20000 41088}"
work="$(mktemp -d /tmp/mobmap-statbench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$cache"
tracts="$cache/us41k.gpkg"
source "$root/bench/us_tracts.sh"
merge_us_tracts "$tracts" "$data/us-tracts-cb2018-500k-partial"
# Private copies, so that a rebuild during the run cannot change what is measured.
cp "$build/src/app/mobmap" "$work/mobmap"
cp "$build/bench/bench_spatial_stats" "$work/bench_spatial_stats"
[[ -n "${MOBMAP_BEFORE:-}" ]] && cp "$MOBMAP_BEFORE" "$work/mobmap-before"

measure() {  # prints "wall_s cpu_s peak_MiB"
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  awk '{printf "%s %.2f %.0f\n", $1, $2 + $3, $4 / 1024}' "$work/t"
}
median() { sort -n | awk '{v[NR] = $0} END {print v[int((NR + 1) / 2)]}'; }

declare -A wall cpu mem
names=(gdal moran lisa)
[[ -n "${MOBMAP_BEFORE:-}" ]] && names+=(moran_before lisa_before)
for ((i = 0; i < runs; i++)); do
  read -r w c m < <(measure ogr2ogr -t_srs EPSG:5070 -f Memory /vsimem/x "$tracts" tracts)
  wall[gdal]+="$w "; cpu[gdal]+="$c "; mem[gdal]=$m
  read -r w c m < <(measure "$work/mobmap" moran "$tracts" --field ALAND --permutations "$perms" --json)
  wall[moran]+="$w "; cpu[moran]+="$c "; mem[moran]=$m
  read -r w c m < <(measure "$work/mobmap" lisa "$tracts" --field ALAND --permutations "$perms" --json)
  wall[lisa]+="$w "; cpu[lisa]+="$c "; mem[lisa]=$m
  if [[ -n "${MOBMAP_BEFORE:-}" ]]; then
    read -r w c m < <(measure "$work/mobmap-before" moran "$tracts" --field ALAND --permutations "$perms" --json)
    wall[moran_before]+="$w "; cpu[moran_before]+="$c "; mem[moran_before]=$m
    read -r w c m < <(measure "$work/mobmap-before" lisa "$tracts" --field ALAND --permutations "$perms" --json)
    wall[lisa_before]+="$w "; cpu[lisa_before]+="$c "; mem[lisa_before]=$m
  fi
done
med() { printf '%s\n' $1 | median; }
gdal=$(med "${wall[gdal]}")

printf 'machine: %s CPUs (%s), load average at the end: %s\n' "$(nproc)" \
  "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'rounds: %s; permutations: %s; medians over rounds\n\n' "$runs" "$perms"
printf '| command | wall s | CPU s | peak MiB | wall / GDAL read + reproject |\n|---|---:|---:|---:|---:|\n'
declare -A label=([gdal]="GDAL read + reproject (ogr2ogr -t_srs EPSG:5070)" [moran]="mobmap moran --permutations $perms"
       [lisa]="mobmap lisa --permutations $perms" [moran_before]="before: mobmap moran --permutations $perms"
       [lisa_before]="before: mobmap lisa --permutations $perms")
for k in "${names[@]}"; do
  w=$(med "${wall[$k]}"); c=$(med "${cpu[$k]}")
  awk -v l="${label[$k]}" -v w="$w" -v c="$c" -v m="${mem[$k]}" -v g="$gdal" \
    'BEGIN {printf "| %s | %.2f | %.2f | %s | %.2f |\n", l, w, c, m, w / g}'
done

echo
echo "In-process steps (bench_spatial_stats, $runs repeats each, median), by number of areas:"
printf '| areas | vertices | queen weights s (CPU s) | moran %s s (CPU s) | lisa %s s (CPU s) | weights µs/area |\n' "$perms" "$perms"
printf '|---:|---:|---:|---:|---:|---:|\n'
for n in $sizes; do
  "$work/bench_spatial_stats" "$tracts" tracts ALAND "$n" "$perms" "$runs" >"$work/s.txt"
  cat "$work/s.txt" >"$work/s-$n.txt"
  awk '
    /^features/ {areas = $2; vertices = $6; sub(",", "", vertices)}
    /^queen weights/ {qw = $3; qc = $6}
    /^moran/ {mw = $4; mc = $7}
    /^lisa/ {lw = $4; lc = $7}
    END {printf "| %s | %s | %.3f (%.3f) | %.3f (%.3f) | %.3f (%.3f) | %.2f |\n", areas, vertices, qw, qc, mw, mc, lw, lc, qw / areas * 1e6}
  ' "$work/s.txt"
done
last=$(echo "$sizes" | awk '{print $NF}')
echo
sed -n '/^digest/p' "$work/s-$last.txt"
qw=$(awk '/^queen weights/ {print $3}' "$work/s-$last.txt")
echo
awk -v q="$qw" -v g="$gdal" -v mw="$(med "${wall[moran]}")" -v lw="$(med "${wall[lisa]}")" 'BEGIN {
  printf "- queen weights (%s areas) / GDAL read + reproject: %.3f (target at most 0.3: %s)\n", "'"$last"'", q / g, q / g <= 0.3 ? "met" : "NOT met"
  printf "- moran, whole process / GDAL read + reproject: %.2f (target at most 2: %s)\n", mw / g, mw / g <= 2 ? "met" : "NOT met"
  printf "- lisa, whole process / GDAL read + reproject: %.2f (target at most 2: %s)\n", lw / g, lw / g <= 2 ? "met" : "NOT met"
}'
