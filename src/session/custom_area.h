#pragma once
// Custom areas made in the viewer: tracts picked on the map, merged into one named area with the sums of the
// layer's counts and their ACS margins of error. Keeps GEOS and GDAL out of UI code.
//
// Usage:
//   session::CustomArea a = session::buildCustomArea(view.data.layer, {"East side", {3, 4, 9}});
//   a.layer (one feature, display CRS) draws as an overlay with a.mesh; a.values lists value, MOE and CV.
//   session::writeCustomArea(a, "east-side.gpkg");
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/background_job.h"
#include "core/layer.h"
#include "render/tessellation.h"
#include "session/view_spec.h"

namespace mobmap::session {

// A rate a custom area recomputes from its summed numerator and denominator (a view's `per`).
struct CustomAreaRate {
  std::string name;         // the rate column ("pov_below_pct_pov_universe")
  std::string numerator, denominator;
  double scale = 100;       // 100 for a percentage
};

struct CustomAreaRequest {
  std::string name;
  std::vector<std::size_t> members;  // rows of the source layer
  std::vector<CustomAreaRate> rates; // recomputed from their counts instead of weighted
};

// How a column's values were combined into the custom area's.
enum class CombineRule {
  Sum,          // a count: summed, MOE = sqrt(Σ MOEᵢ²)
  Rate,         // recomputed from the summed numerator and denominator (MOE by the ACS proportion formula)
  Weighted,     // a rate, share or average: the members' values weighted by their population
  NotAdditive   // an ID, code, flag, median, per-capita value or density: no value (shown as "not additive")
};

// One column of a custom area.
struct CustomAreaValue {
  std::string field;
  CombineRule rule = CombineRule::Sum;
  std::string how;         // "sum", "100 × pov_below / pov_universe", "weighted by Pop2014", "not additive: a median"
  double value = 0;        // the combined value (NaN when no member has one, and for NotAdditive)
  double moe = 0;          // its 90% MOE; NaN when unknown
  double cv = 0;           // (MOE / 1.645) / value; NaN without an MOE
  bool lowReliability = false;  // CV > 40%
  std::size_t missing = 0;      // members without a value
};

struct CustomArea {
  std::string name;
  Layer layer;                          // one feature: the union of the members, with name, n_sources and the
                                        // aggregated columns (F, F_moe, F_cv, F_low_cv)
  render::LayerMesh mesh;               // of layer.geometry, for drawing
  std::vector<CustomAreaValue> values;  // sums, then rates, then weighted values, then the columns not additive
  std::size_t members = 0;
};

// The numeric columns of `layer` that hold counts (core/column_roles.h's columnAdditivity: whole non-negative
// numbers that are not IDs, codes, flags, medians, per-capita values or shares).
std::vector<std::string> countFields(const Layer& layer);

// The request for a custom area of `members` made while `spec` is shown: the view's percentage (`per`) is
// recomputed from its counts.
CustomAreaRequest customAreaRequest(const ViewSpec& spec, std::string name, std::vector<std::size_t> members);

// Merges the request's members of `source` (any CRS; the result keeps it) into one area and combines only what
// adds up (core/column_roles.h's columnAdditivity): counts are summed with their MOEs where `<field>_moe` columns
// exist; the request's rates are recomputed from their summed counts; other rates, shares and averages are
// weighted by the layer's population column (core::populationColumn), or are not additive when it has none;
// IDs, codes, flags, medians and per-capita values are listed as not additive and never summed. Throws
// mobmap::Error for an empty name, no members or a member out of range.
CustomArea buildCustomArea(const Layer& source, const CustomAreaRequest& request);

// Writes the area's layer (geometry and aggregated columns) to `path` (format by extension, as io::writeLayer).
// Throws mobmap::Error naming the path.
void writeCustomArea(const CustomArea& area, const std::string& path);

// buildCustomArea() on a worker thread (a BackgroundJob).
class CustomAreaJob {
 public:
  struct Result {
    std::optional<CustomArea> area;  // nullopt on failure
    std::string error;
  };

  // Starts building from a copy of `source` and returns at once; a job already running is superseded (its
  // result dropped).
  void start(const Layer& source, CustomAreaRequest request);
  // True from start() until the result has been taken.
  bool busy() const { return m_job.busy(); }
  // The result once the worker has finished (once), else nullopt without waiting.
  std::optional<Result> takeResult() { return m_job.takeResult(); }

 private:
  BackgroundJob<Result> m_job;
};

}  // namespace mobmap::session
