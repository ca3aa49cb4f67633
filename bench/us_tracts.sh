# Sourced by the national benchmarks: builds the merged US tract GeoPackage they all read.
#
# merge_us_tracts GPKG TRACTS_DIR: merges the 45 state files of TRACTS_DIR (us-tracts-cb2018-500k-partial) into
# GPKG, layer `tracts`, once (an existing GPKG is kept; it is written under another name and moved into place, so
# an interrupted merge leaves nothing half-built). -mapFieldType Integer=Integer64: the first files give
# ALAND/AWATER 32-bit Integer fields, but later states have land areas above 2^31 m^2 (e.g. 24,578,569,671),
# which would overflow when appended. Warns when the result does not hold the expected 41,088 tracts.
merge_us_tracts() {
  local gpkg="$1" dir="$2"
  if [[ ! -f "$gpkg" ]]; then
    [[ -d "$dir" ]] || { printf 'no tract data at %s (set MOBMAP_SHARED_DIR)\n' "$dir" >&2; return 1; }
    printf 'merging %s/*.json into %s ...\n' "$dir" "$gpkg" >&2
    local tmp="${gpkg%.gpkg}.partial.gpkg" f
    rm -f "$tmp"
    for f in "$dir"/*.json; do
      ogr2ogr -f GPKG -append -nln tracts -nlt MULTIPOLYGON -mapFieldType Integer=Integer64 "$tmp" "$f"
    done
    mv "$tmp" "$gpkg"
  fi
  local count
  count=$(ogrinfo -so "$gpkg" tracts | sed -n 's/^Feature Count: //p')
  [[ "$count" == 41088 ]] || printf 'warning: %s has %s tracts, expected 41088 (delete it to rebuild)\n' "$gpkg" "$count" >&2
}
