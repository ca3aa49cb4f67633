#!/usr/bin/env bash
# Benchmark: how long the viewer's window stops responding when a slow map type is asked for, on the 41,088
# US tracts under Xvfb. Each run is `mobmap us41k.gpkg --field ALAND --size 1920x1080 --timings --frames F
# --map-type T`: the view is installed and the map type asked for in the same pass of the loop, so
# `longest_frame_ms` (the longest pass of the viewer's loop from the one that installed the view on, the
# classification-change frame of --timings left out) is the longest the window froze, and `first_frame_s`
# includes the wait for the map type when it is computed in the loop. T = choropleth (the reference) and
# lisa (999 permutations), interleaved N rounds. With MOBMAP_BEFORE=<an older mobmap binary> the same runs
# of that binary are interleaved with them (an older binary may not print longest_frame_ms). Not a test.
#
# usage: bench/map_type_switch.sh
# environment: MOBMAP_BENCH_DIR (default /tmp/mobmap-bench, must hold us41k.gpkg: see viewer_national.sh),
#              BENCH_RUNS (default 2), BENCH_FRAMES (default 5), MOBMAP_BUILD_DIR (default build/),
#              MOBMAP_BEFORE (optional)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${MOBMAP_BENCH_DIR:-/tmp/mobmap-bench}"
RUNS="${BENCH_RUNS:-2}"
FRAMES="${BENCH_FRAMES:-5}"
BUILD_DIR="${MOBMAP_BUILD_DIR:-$REPO/build}"
GPKG="$BENCH_DIR/us41k.gpkg"
XVFB=(xvfb-run -a -s "-screen 0 1920x1200x24")

die() { printf 'map_type_switch.sh: %s\n' "$*" >&2; exit 1; }
[[ -f "$GPKG" ]] || die "no $GPKG: run bench/viewer_national.sh once to build it"
[[ -x "$BUILD_DIR/src/app/mobmap" ]] || die "no $BUILD_DIR/src/app/mobmap: build the mobmap target"
mkdir -p "$BENCH_DIR/logs" "$BENCH_DIR/bin"
cp "$BUILD_DIR/src/app/mobmap" "$BENCH_DIR/bin/mobmap-after"
BINS=(after)
if [[ -n "${MOBMAP_BEFORE:-}" ]]; then
  cp "$MOBMAP_BEFORE" "$BENCH_DIR/bin/mobmap-before"
  BINS=(before after)
fi

field() { sed -n "s/.*\\b$1=\\([0-9.]*\\).*/\\1/p" "$2" | head -1; }
echo "| round | binary | map type | first_frame_s | longest_frame_ms | recolour_ms | wall s |"
echo "|---:|---|---|---:|---:|---:|---:|"
for ((round = 1; round <= RUNS; round++)); do
  for bin in "${BINS[@]}"; do
    for type in choropleth lisa; do
      log="$BENCH_DIR/logs/map-type-$bin-$type.log"
      tf="$BENCH_DIR/logs/map-type-$bin-$type.time"
      "${XVFB[@]}" /usr/bin/time -f '%e' -o "$tf" "$BENCH_DIR/bin/mobmap-$bin" "$GPKG" --field ALAND --size 1920x1080 \
        --timings --frames "$FRAMES" --map-type "$type" >"$log" 2>&1 || die "mobmap failed; see $log"
      echo "| $round | $bin | $type | $(field first_frame_s "$log") | $(field longest_frame_ms "$log") |" \
        "$(field recolour_ms "$log") | $(cat "$tf") |"
    done
  done
done
