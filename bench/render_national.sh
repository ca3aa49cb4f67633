#!/usr/bin/env bash
# Benchmark: a 1920x1080 PNG quantile choropleth of 41,088 US tracts (and of Chicago's 791 tracts), end to end
# from the file as one process, made by mobmap, by the peer scripts (QGIS, Mapnik, geopandas, R sf) and
# compared with GDAL's read-only and read+reproject baselines. Every command gets 1 warm-up run and N timed
# runs (wall time and peak RSS from /usr/bin/time), taken in rounds; the table shows medians and mobmap's ratios.
# Then bench_warm_render times a cold render against a warm re-render of another field in one process.
#
# usage: bench/render_national.sh            (see bench/README.md)
# environment:
#   MOBMAP_BENCH_DIR   cache and output folder (default /tmp/mobmap-bench)
#   BENCH_RUNS         timed runs per command (default 5)
#   BENCH_SLOW_RUNS    timed runs for geopandas and R sf, the slow peers (default: BENCH_RUNS)
#   BENCH_CHICAGO      0 to skip the Chicago variant (default 1)
#   MOBMAP_BUILD_DIR   the project's build folder (default: build/ in the repository)
#   MOBMAP_SHARED_DIR  the shared data folder (default: ../shared next to the repository)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${MOBMAP_BENCH_DIR:-/tmp/mobmap-bench}"
RUNS="${BENCH_RUNS:-5}"
SLOW_RUNS="${BENCH_SLOW_RUNS:-$RUNS}"
CHICAGO="${BENCH_CHICAGO:-1}"
BUILD_DIR="${MOBMAP_BUILD_DIR:-$REPO/build}"
SHARED="${MOBMAP_SHARED_DIR:-$REPO/../shared}"
PEERS="$SHARED/bench/peers"
TRACTS_DIR="$SHARED/data/us-tracts-cb2018-500k-partial"
CHICAGO_SHP="$SHARED/data/chicago-tracts-community-areas/tracts_sdoh_2014/Chi-SDOH.shp"
BUILT_MOBMAP="$BUILD_DIR/src/app/mobmap"
BUILT_WARM_BENCH="$BUILD_DIR/bench/bench_warm_render"
PY=/usr/bin/python3

note() { printf '%s\n' "$*" >&2; }
die() { note "render_national.sh: $*"; exit 1; }

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer"
[[ "$SLOW_RUNS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_SLOW_RUNS must be a positive integer"
[[ -d "$TRACTS_DIR" ]] || die "no tract data at $TRACTS_DIR (set MOBMAP_SHARED_DIR)"
[[ -d "$PEERS" ]] || die "no peer scripts at $PEERS (set MOBMAP_SHARED_DIR)"
mkdir -p "$BENCH_DIR/out" "$BENCH_DIR/logs"
BENCH_START=$SECONDS

# ---------------------------------------------------------------------------------------------------------
# Packages: the tools every run needs, then each peer's packages (a peer is skipped when they cannot be had).
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
APT_UPDATED=0
apt_install() {
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo -n)
  if [[ $APT_UPDATED -eq 0 ]]; then
    "${sudo[@]}" apt-get update -qq >"$BENCH_DIR/logs/apt-update.log" 2>&1 || return 1
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@" >>"$BENCH_DIR/logs/apt-install.log" 2>&1
}
# ensure PKG...: true when all are installed (installing the missing ones).
ensure() {
  local missing=() p
  for p in "$@"; do installed "$p" || missing+=("$p"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  note "installing ${missing[*]} ..."
  apt_install "${missing[@]}" || return 1
  for p in "${missing[@]}"; do installed "$p" || return 1; done
}

ensure gdal-bin time || die "cannot install gdal-bin and time (needed for every run)"
declare -A PEER_OK=()
declare -A PEER_PKGS=([qgis]="python3-qgis" [mapnik]="python3-mapnik"
                      [geopandas]="python3-geopandas python3-matplotlib" [rsf]="r-cran-sf r-cran-classint")
for peer in qgis mapnik geopandas rsf; do
  # shellcheck disable=SC2086
  if ensure ${PEER_PKGS[$peer]}; then
    PEER_OK[$peer]=1
  else
    note "note: skipping peer $peer: cannot install ${PEER_PKGS[$peer]} (see $BENCH_DIR/logs/apt-install.log)"
  fi
done

# ---------------------------------------------------------------------------------------------------------
# mobmap and the warm-render benchmark, built with the project.
if [[ ! -x "$BUILT_MOBMAP" || ! -x "$BUILT_WARM_BENCH" ]]; then
  note "building mobmap and bench_warm_render in $BUILD_DIR ..."
  [[ -f "$BUILD_DIR/CMakeCache.txt" ]] || cmake -S "$REPO" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD_DIR" -j2 --target mobmap bench_warm_render >/dev/null
fi
# Run copies, so a rebuild of the build folder during the benchmark cannot change or remove them mid-run.
mkdir -p "$BENCH_DIR/bin"
MOBMAP="$BENCH_DIR/bin/mobmap"
WARM_BENCH="$BENCH_DIR/bin/bench_warm_render"
cp "$BUILT_MOBMAP" "$MOBMAP"
cp "$BUILT_WARM_BENCH" "$WARM_BENCH"

# ---------------------------------------------------------------------------------------------------------
# The national input: the 45 state files merged into one GeoPackage, built once (bench/us_tracts.sh).
GPKG="$BENCH_DIR/us41k.gpkg"
source "$REPO/bench/us_tracts.sh"
merge_us_tracts "$GPKG" "$TRACTS_DIR" || exit 1

# ---------------------------------------------------------------------------------------------------------
# Timing. Commands of one case are run in rounds (one warm-up round, then N timed rounds, each running every
# command once), so a burst of load from elsewhere on the machine falls on all commands alike rather than on
# whichever command happened to run then. add_cmd CASE KEY RUNS CMD... registers a command; run_rounds CASE
# runs them and sets WALL[CASE/KEY] (median wall seconds) and MEM[CASE/KEY] (largest peak RSS of the timed
# runs, MiB). A command that fails is reported and left out of the table.
declare -A WALL=() MEM=() CMDLINE=() RUNS_OF=() WALLS=() MEMS=() FAILED=()
declare -a CASE_KEYS=()
median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else printf "%.3f\n", (v[NR/2]+v[NR/2+1])/2}'; }
add_cmd() {
  local id="$1/$2"
  RUNS_OF[$id]=$3
  shift 3
  CMDLINE[$id]=$(printf '%q ' "$@")
  CASE_KEYS+=("$id")
}
run_rounds() {
  local case=$1 id key log tf w m round max=0
  for id in "${CASE_KEYS[@]}"; do
    [[ $id == "$case"/* ]] || continue
    log="$BENCH_DIR/logs/${id/\//-}.log"
    if ! eval "${CMDLINE[$id]}" >"$log" 2>&1; then
      note "note: $id failed (warm-up), left out; see $log"
      FAILED[$id]=1
    fi
    ((RUNS_OF[$id] > max)) && max=${RUNS_OF[$id]}
  done
  for ((round = 1; round <= max; round++)); do
    for id in "${CASE_KEYS[@]}"; do
      [[ $id == "$case"/* && -z "${FAILED[$id]:-}" ]] && ((round <= RUNS_OF[$id])) || continue
      log="$BENCH_DIR/logs/${id/\//-}.log"
      tf="$BENCH_DIR/logs/${id/\//-}.time"
      if ! eval "/usr/bin/time -f '%e %M' -o $(printf '%q' "$tf") ${CMDLINE[$id]}" >>"$log" 2>&1; then
        note "note: $id failed (round $round), left out; see $log"
        FAILED[$id]=1
        continue
      fi
      read -r w m <"$tf"
      WALLS[$id]+="$w "
      MEMS[$id]+="$m "
    done
    note "  round $round of $max done"
  done
  for id in "${CASE_KEYS[@]}"; do
    [[ $id == "$case"/* && -z "${FAILED[$id]:-}" ]] || continue
    # shellcheck disable=SC2086
    WALL[$id]=$(printf '%s\n' ${WALLS[$id]} | median)
    # shellcheck disable=SC2086
    MEM[$id]=$(printf '%s\n' ${MEMS[$id]} | sort -n | tail -1 | awk '{printf "%.0f", $1 / 1024}')
    note "  $id: ${WALLS[$id]}s"
  done
}

# run_case CASE INPUT LAYER FIELD: times mobmap, the GDAL baselines and the available peers on one input.
run_case() {
  local case=$1 in=$2 layer=$3 field=$4 out="$BENCH_DIR/out"
  note "[$case] $in, layer $layer, field $field: 1 warm-up + $RUNS timed rounds (slow peers: $SLOW_RUNS)"
  # --outline-width 0.15 pt is 0.2 px at the 96 dpi that --size uses, as in the peer scripts.
  add_cmd "$case" mobmap "$RUNS" "$MOBMAP" render "$in" --layer "$layer" --field "$field" --method quantile \
    --classes 5 --ramp YlGnBu --outline-width 0.15 --outline-color "#808080" --size 1920x1080 \
    --out "$out/$case-mobmap.png"
  add_cmd "$case" gdal_read "$RUNS" ogr2ogr -f Memory /vsimem/x "$in" "$layer"
  add_cmd "$case" gdal_reproject "$RUNS" ogr2ogr -t_srs EPSG:5070 -f Memory /vsimem/x "$in" "$layer"
  [[ -n "${PEER_OK[qgis]:-}" ]] &&
    add_cmd "$case" qgis "$RUNS" "$PY" "$PEERS/render_qgis.py" "$in" "$layer" "$field" "$out/$case-qgis.png"
  [[ -n "${PEER_OK[mapnik]:-}" ]] &&
    add_cmd "$case" mapnik "$RUNS" "$PY" "$PEERS/render_mapnik.py" "$in" "$layer" "$field" "$out/$case-mapnik.png"
  [[ -n "${PEER_OK[rsf]:-}" ]] &&
    add_cmd "$case" rsf "$SLOW_RUNS" Rscript "$PEERS/render_rsf.R" "$in" "$layer" "$field" "$out/$case-rsf.png"
  [[ -n "${PEER_OK[geopandas]:-}" ]] &&
    add_cmd "$case" geopandas "$SLOW_RUNS" "$PY" "$PEERS/render_geopandas.py" "$in" "$layer" "$field" \
      "$out/$case-geopandas.png"
  run_rounds "$case"
}

# report CASE TITLE: the markdown table and the target checks.
report() {
  local case=$1 title=$2 m=${WALL[$1/mobmap]:-} mm=${MEM[$1/mobmap]:-}
  echo
  echo "### $title"
  echo
  if [[ -z "$m" ]]; then
    echo "mobmap did not run; see $BENCH_DIR/logs/$case-mobmap.log"
    return 0
  fi
  echo "| command | median wall s | peak MiB | ratio |"
  echo "|---|---:|---:|---|"
  local key label ratio fastest="" fastest_key="" min_peer_mem=""
  for key in mobmap gdal_read gdal_reproject qgis mapnik rsf geopandas; do
    [[ -n "${WALL[$case/$key]:-}" ]] || continue
    case $key in
      mobmap) label="mobmap render"; ratio="" ;;
      gdal_read | gdal_reproject)
        [[ $key == gdal_read ]] && label="GDAL read (ogr2ogr -f Memory)" ||
          label="GDAL read + reproject (ogr2ogr -t_srs EPSG:5070)"
        ratio=$(awk -v a="$m" -v b="${WALL[$case/$key]}" 'BEGIN {printf "mobmap / GDAL = %.2f", a / b}') ;;
      *)
        label="$key"
        ratio=$(awk -v a="${WALL[$case/$key]}" -v b="$m" 'BEGIN {printf "peer / mobmap = %.2f", a / b}')
        if [[ -z "$fastest" ]] || awk -v a="${WALL[$case/$key]}" -v b="$fastest" 'BEGIN {exit !(a < b)}'; then
          fastest=${WALL[$case/$key]}
          fastest_key=$key
        fi
        if [[ -z "$min_peer_mem" || ${MEM[$case/$key]} -lt $min_peer_mem ]]; then min_peer_mem=${MEM[$case/$key]}; fi ;;
    esac
    printf '| %s | %s | %s | %s |\n' "$label" "${WALL[$case/$key]}" "${MEM[$case/$key]}" "$ratio"
  done
  echo
  local verdict
  if [[ -n "$fastest" ]]; then
    verdict=$(awk -v p="$fastest" -v m="$m" 'BEGIN {r = p / m; printf "%.2fx (%s)", r, (r >= 3 ? "met" : "NOT met")}')
    echo "- at least 3x faster than the fastest peer ($fastest_key, $fastest s): $verdict"
    verdict=$(awk -v a="$mm" -v b="$min_peer_mem" 'BEGIN {printf "%s", (a < b ? "met" : "NOT met")}')
    echo "- peak memory below every peer's (lowest peer: $min_peer_mem MiB; mobmap $mm MiB): $verdict"
  else
    echo "- no peer ran: the peer targets cannot be checked"
  fi
  if [[ -n "${WALL[$case/gdal_reproject]:-}" ]]; then
    verdict=$(awk -v m="$m" -v g="${WALL[$case/gdal_reproject]}" \
      'BEGIN {r = m / g; printf "%.2fx (%s)", r, (r <= 2 ? "met" : "NOT met")}')
    echo "- within 2x of GDAL read + reproject: $verdict"
  fi
}

run_case national "$GPKG" tracts ALAND
if [[ "$CHICAGO" != 0 ]]; then
  if [[ -f "$CHICAGO_SHP" ]]; then
    run_case chicago "$CHICAGO_SHP" Chi-SDOH Pov14
  else
    note "note: no $CHICAGO_SHP; Chicago variant skipped"
    CHICAGO=0
  fi
fi

note "[warm] bench_warm_render: ALAND cold, then AWATER warm (median of 5) in one process"
WARM_OUT=$("$WARM_BENCH" "$GPKG" tracts ALAND AWATER "$BENCH_DIR/out" 5)

# ---------------------------------------------------------------------------------------------------------
echo
echo "## mobmap render benchmark, $(date -u +%Y-%m-%d)"
echo
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
  "$(awk '/^MemTotal/ {printf "%.1f GiB RAM", $2 / 1048576}' /proc/meminfo)"
echo "runs: 1 warm-up + $RUNS timed, in rounds (geopandas and R sf: $SLOW_RUNS); wall = median, peak = largest of the timed runs"
report national "National: 41,088 US tracts (us41k.gpkg, ALAND)"
[[ "$CHICAGO" != 0 ]] && report chicago "Chicago: 791 tracts (Chi-SDOH.shp, Pov14)"
echo
echo "### Warm render (bench_warm_render, national, one process)"
echo
printf '%s\n' "$WARM_OUT" | sed 's/^/    /'
echo
echo "figures: $BENCH_DIR/out/   logs: $BENCH_DIR/logs/   benchmark took $((SECONDS - BENCH_START)) s"
