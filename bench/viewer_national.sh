#!/usr/bin/env bash
# Benchmark: the viewer on the 41,088 US tracts under Xvfb (Mesa llvmpipe, a software rasteriser). In the
# same run it times, N rounds each:
#   - GDAL merely reading the layer (`ogr2ogr -f Memory /vsimem/x IN tracts`), the baseline;
#   - `mobmap IN --field ALAND --size 1920x1080 --timings --frames F`: process start to the first complete
#     frame, the median frame while panning (whole window and map canvas alone), the process's CPU time per
#     panning frame (all threads, llvmpipe's included: less sensitive to other load), a classification change to
#     the end of the next frame, and peak memory (/usr/bin/time);
#   - the same with `--full-detail` (level of detail off), to show what the coarser levels save;
#   - when python3-qgis is installed, QGIS rendering the same map (../shared/bench/peers/render_qgis.py,
#     its in-process render phase with BENCH_SPLIT=1).
# and prints medians and the ratios the performance targets name. Not a test: nothing here runs in CI.
#
# usage: bench/viewer_national.sh            (see bench/README.md)
# environment:
#   MOBMAP_BENCH_DIR   cache and output folder (default /tmp/mobmap-bench)
#   BENCH_RUNS         timed rounds (default 3)
#   BENCH_FRAMES       timed panning frames per viewer run (default 30)
#   MOBMAP_BUILD_DIR   the project's build folder (default: build/ in the repository)
#   MOBMAP_SHARED_DIR  the shared data folder (default: ../shared next to the repository)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${MOBMAP_BENCH_DIR:-/tmp/mobmap-bench}"
RUNS="${BENCH_RUNS:-3}"
FRAMES="${BENCH_FRAMES:-30}"
BUILD_DIR="${MOBMAP_BUILD_DIR:-$REPO/build}"
SHARED="${MOBMAP_SHARED_DIR:-$REPO/../shared}"
TRACTS_DIR="$SHARED/data/us-tracts-cb2018-500k-partial"
QGIS_SCRIPT="$SHARED/bench/peers/render_qgis.py"
BUILT_MOBMAP="$BUILD_DIR/src/app/mobmap"
GPKG="$BENCH_DIR/us41k.gpkg"
XVFB=(xvfb-run -a -s "-screen 0 1920x1200x24")

note() { printf '%s\n' "$*" >&2; }
die() { note "viewer_national.sh: $*"; exit 1; }

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer"
[[ "$FRAMES" =~ ^[1-9][0-9]*$ ]] || die "BENCH_FRAMES must be a positive integer"
command -v xvfb-run >/dev/null || die "xvfb-run is missing (Debian package xvfb)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian package time)"
command -v ogr2ogr >/dev/null || die "ogr2ogr is missing (Debian package gdal-bin)"
mkdir -p "$BENCH_DIR/out" "$BENCH_DIR/logs" "$BENCH_DIR/bin"

if [[ ! -x "$BUILT_MOBMAP" ]]; then
  note "building mobmap in $BUILD_DIR ..."
  [[ -f "$BUILD_DIR/CMakeCache.txt" ]] || cmake -S "$REPO" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD_DIR" -j2 --target mobmap >/dev/null
fi
# A run copy, so a rebuild during the benchmark cannot change what is measured.
MOBMAP="$BENCH_DIR/bin/mobmap-viewer"
cp "$BUILT_MOBMAP" "$MOBMAP"

# The national input, merged once as every national benchmark reads it.
source "$REPO/bench/us_tracts.sh"
merge_us_tracts "$GPKG" "$TRACTS_DIR" || die "cannot build $GPKG"

QGIS=0
if [[ -f "$QGIS_SCRIPT" ]] && dpkg-query -W -f='${Status}' python3-qgis 2>/dev/null | grep -q "install ok installed"; then
  QGIS=1
else
  note "note: python3-qgis or $QGIS_SCRIPT missing: no QGIS comparison"
fi

median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else printf "%.3f\n", (v[NR/2]+v[NR/2+1])/2}'; }
field() { sed -n "s/.*\\b$1=\\([0-9.]*\\).*/\\1/p" "$2" | head -1; }
declare -A VALS=()
add() { VALS[$1]+="$2 "; }
med() { tr ' ' '\n' <<<"${VALS[$1]:-}" | grep -v '^$' | median; }
maxof() { tr ' ' '\n' <<<"${VALS[$1]:-}" | grep -v '^$' | sort -g | tail -1; }

# One viewer run: KEY EXTRA-ARGS...
viewer_run() {
  local key=$1 log="$BENCH_DIR/logs/viewer-$1.log" tf="$BENCH_DIR/logs/viewer-$1.time"
  shift
  "${XVFB[@]}" /usr/bin/time -f '%e %M' -o "$tf" "$MOBMAP" "$GPKG" --field ALAND --size 1920x1080 --timings \
    --frames "$FRAMES" --screenshot "$BENCH_DIR/out/viewer-$key.png" "$@" >"$log" 2>&1 || die "mobmap failed; see $log"
  local w m
  read -r w m <"$tf"
  add "$key/first" "$(field first_frame_s "$log")"
  add "$key/frame" "$(field frame_ms "$log")"
  add "$key/map" "$(field map_ms "$log")"
  add "$key/cpu" "$(field frame_cpu_ms "$log")"
  add "$key/recolour" "$(field recolour_ms "$log")"
  add "$key/level" "$(field lod_level "$log")"
  add "$key/detail" "$(field settled_s "$log")"
  add "$key/read" "$(field read_s "$log")"
  add "$key/reproject" "$(field reproject_s "$log")"
  add "$key/levels" "$(field levels_s "$log")"
  add "$key/loaded" "$(field load_done_s "$log")"
  add "$key/bgdetail" "$(field detail_tessellate_s "$log")"
  add "$key/bglevels" "$(field finer_levels_s "$log")"
  add "$key/wall" "$w"
  add "$key/mem" "$((m / 1024))"
}

note "warm-up ..."
ogr2ogr -f Memory /vsimem/x "$GPKG" tracts
viewer_run warmup
for ((round = 1; round <= RUNS; round++)); do
  tf="$BENCH_DIR/logs/gdal-read.time"
  /usr/bin/time -f '%e %M' -o "$tf" ogr2ogr -f Memory /vsimem/x "$GPKG" tracts
  read -r w m <"$tf"
  add gdal/wall "$w"
  add gdal/mem "$((m / 1024))"
  viewer_run lod
  viewer_run full --full-detail
  if [[ $QGIS -eq 1 ]]; then
    log="$BENCH_DIR/logs/viewer-qgis.log"
    (cd "$(dirname "$QGIS_SCRIPT")" && BENCH_SPLIT=1 /usr/bin/python3 "$QGIS_SCRIPT" "$GPKG" tracts ALAND \
      "$BENCH_DIR/out/viewer-qgis.png") >"$log" 2>&1 || die "QGIS failed; see $log"
    add qgis/render "$(sed -n 's/.*render(read+reproject+draw)=\([0-9.]*\).*/\1/p' "$log")"
  fi
  note "  round $round of $RUNS done"
done

gdal=$(med gdal/wall)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "n/a"}'; }
echo "## Viewer benchmark: 41,088 US tracts, 1920x1080 window, Xvfb ($(date -u +%Y-%m-%d), $(nproc) CPUs)"
echo
echo "rounds: $RUNS; panning frames per run: $FRAMES; medians over rounds; peak = largest of the rounds"
echo "GDAL read (ogr2ogr -f Memory): $gdal s, peak $(maxof gdal/mem) MiB"
echo
echo "| viewer | first frame s | / GDAL read | settled s | frame ms | map ms | CPU ms / frame | recolour ms | level drawn | peak MiB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for key in lod full; do
  label="level of detail"
  [[ $key == full ]] && label="full detail (--full-detail)"
  echo "| $label | $(med $key/first) | $(ratio "$(med $key/first)" "$gdal") | $(med $key/detail) | $(med $key/frame) |" \
       "$(med $key/map) | $(med $key/cpu) | $(med $key/recolour) | $(med $key/level) | $(maxof $key/mem) |"
done
echo
if [[ -n "$(tr -d ' ' <<<"${VALS[lod/read]:-}")" ]]; then  # builds before the stage timings print none
  echo "load stages (level of detail run, medians, s): read $(med lod/read), reproject $(med lod/reproject)," \
       "shared boundaries + first level $(med lod/levels), view handed over at $(med lod/loaded) after start;" \
       "behind the first frame (built only when a zoom asks for them): finer levels $(med lod/bglevels), full detail $(med lod/bgdetail)"
  echo
fi
if [[ $QGIS -eq 1 ]]; then
  q=$(med qgis/render)
  echo "QGIS render (read + reproject + draw, in process): $q s; its 1/30: $(awk -v q="$q" 'BEGIN {printf "%.1f", q * 1000 / 30}') ms"
  echo "frame time / QGIS render: level of detail $(ratio "$(med lod/frame)" "$(awk -v q="$q" 'BEGIN {print q * 1000}')")," \
       "full detail $(ratio "$(med full/frame)" "$(awk -v q="$q" 'BEGIN {print q * 1000}')") (target under 1/30 = 0.033)"
fi
echo "Raw values: $(for k in "${!VALS[@]}"; do printf '%s=[%s] ' "$k" "${VALS[$k]% }"; done)"
