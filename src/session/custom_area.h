#pragma once
// Custom areas made in the viewer: tracts picked on the map, merged into one named area with the sums of the
// layer's counts and their ACS margins of error. Keeps GEOS and GDAL out of UI code.
//
// Usage:
//   session::CustomArea a = session::buildCustomArea(view.data.layer, {"East side", {3, 4, 9}});
//   a.layer (one feature, display CRS) draws as an overlay with a.mesh; a.values lists value, MOE and CV.
//   session::writeCustomArea(a, "east-side.gpkg");
#include <atomic>
#include <cstddef>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "core/layer.h"
#include "render/tessellation.h"

namespace mobmap::session {

struct CustomAreaRequest {
  std::string name;
  std::vector<std::size_t> members;  // rows of the source layer
};

// One aggregated count of a custom area.
struct CustomAreaValue {
  std::string field;
  double value = 0;        // sum over the members with a value (NaN when none has one)
  double moe = 0;          // sqrt(Σ MOEᵢ²) from the field's `<field>_moe` column; NaN when there is none
  double cv = 0;           // (MOE / 1.645) / value; NaN without an MOE
  bool lowReliability = false;  // CV > 40%
  std::size_t missing = 0;      // members without a value
};

struct CustomArea {
  std::string name;
  Layer layer;                          // one feature: the union of the members, with name, n_sources and the
                                        // aggregated columns (F, F_moe, F_cv, F_low_cv)
  render::LayerMesh mesh;               // of layer.geometry, for drawing
  std::vector<CustomAreaValue> values;  // in the order of countFields(source)
  std::size_t members = 0;
};

// The numeric columns of `layer` that hold counts: every value a non-negative whole number, and the name not
// an ID, a year, a companion column (_moe, _lb, _ub, _quality, shape_) or a median / mean / rate / share.
std::vector<std::string> countFields(const Layer& layer);

// Merges the request's members of `source` (any CRS; the result keeps it) into one area and sums the count
// fields, with MOEs where `<field>_moe` columns exist. Throws mobmap::Error for an empty name, no members or
// a member out of range.
CustomArea buildCustomArea(const Layer& source, const CustomAreaRequest& request);

// Writes the area's layer (geometry and aggregated columns) to `path` (format by extension, as io::writeLayer).
// Throws mobmap::Error naming the path.
void writeCustomArea(const CustomArea& area, const std::string& path);

// buildCustomArea() on a worker thread.
class CustomAreaJob {
 public:
  CustomAreaJob() = default;
  ~CustomAreaJob();
  CustomAreaJob(const CustomAreaJob&) = delete;
  CustomAreaJob& operator=(const CustomAreaJob&) = delete;

  struct Result {
    std::optional<CustomArea> area;  // nullopt on failure
    std::string error;
  };

  // Starts building from a copy of `source`; a job already running is waited for and its result dropped.
  void start(const Layer& source, CustomAreaRequest request);
  // True from start() until the result has been taken.
  bool busy() const { return m_future.valid(); }
  // The result once the worker has finished (once), else nullopt without waiting.
  std::optional<Result> takeResult();

 private:
  std::future<Result> m_future;
};

}  // namespace mobmap::session
