#include "session/view_data.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>

#include "analysis/moe.h"
#include "core/background_job.h"
#include "core/column_roles.h"
#include "core/error.h"
#include "core/text.h"
#include "crs/display_crs.h"
#include "crs/transformer.h"
#include "io/joined_source.h"
#include "io/source_reader.h"
#include "session/detail/figure_export_raster.h"
#include "style/metric_catalog.h"

namespace mobmap::session {

namespace {

Layer loadLayer(const ViewSpec& s, FieldSelection fields, const RasterTarget* raster, std::vector<std::string>& notes,
                std::optional<JoinReport>& report, BackgroundJob<bool>& early) {
  // A national lon/lat layer needs transformations PROJ takes tens of milliseconds each to choose: they are
  // chosen on another thread while the features are read.
  std::function<void(const io::LayerFacts&)> chooseEarly;
  if (s.displayCrs.empty() && !s.extentLonLat && s.assignCrs.empty())
    chooseEarly = [&early](const io::LayerFacts& f) {
      if (!f.geographic) return;
      auto pairs = crs::likelyUsInsetTransformations(f.crsDefinition, f.extent);
      if (!pairs.empty())
        early.start("Choosing transformations", [pairs = std::move(pairs)](JobControl&) {
          crs::chooseTransformations(pairs);
          return true;
        });
    };
  if (s.join.empty()) {
    io::ReadOptions options;
    options.assignCrs = s.assignCrs;
    options.onFacts = chooseEarly;
    if (raster) options.vertexSpacing = [raster](const io::LayerFacts& f) { return rasterVertexSpacing(f, *raster); };
    if (fields == FieldSelection::All) return io::readLayer(s.data, s.layer, options);
    // Only what the map needs: the field, its quality flag / margin of error, and an ID to name the areas.
    std::vector<std::string> wanted = {s.field, s.field + "_quality", s.field + "_moe", s.quality, s.moe};
    wanted.insert(wanted.end(), areaKeyColumnNames().begin(), areaKeyColumnNames().end());
    if (!s.per.empty()) wanted.insert(wanted.end(), {s.per, s.per + "_moe"});
    if (const style::MetricInfo* m = style::MetricCatalog::builtin().find(s.field))
      wanted.insert(wanted.end(), m->qualityColumns.begin(), m->qualityColumns.end());
    options.onlyFields = std::move(wanted);
    return io::readLayer(s.data, s.layer, options);
  }
  if (s.on.empty()) throw UsageError("--join needs --on LEFT=RIGHT");
  io::JoinedLayer joined = io::loadJoined({s.data, s.layer, s.join, s.joinLayer, s.on, s.where, true, s.assignCrs, chooseEarly});
  const JoinReport& r = joined.report;
  notes.push_back("join: matched " + std::to_string(r.matched) + " of " + std::to_string(r.leftRows) + " features");
  for (const std::string& n : r.notes) notes.push_back("join: " + n);
  report = r;
  return std::move(joined.layer);
}

// Adds the percentage column 100 × field / per that a spec with `per` maps, and its margin of error by the
// Census Bureau's formula for a derived proportion p = x / y: MOE = sqrt(MOE_x² − p²·MOE_y²) / y, or with
// + under the root when the difference is negative (ACS General Handbook, ch. 8). A zero or missing
// denominator gives a missing value.
void addPercentColumn(Layer& layer, const ViewSpec& spec, const std::string& sourceName) {
  const std::string name = mappedField(spec);
  if (layer.attributes.find(name)) return;
  const Column& x = layer.attributes.require(spec.field, sourceName);
  const Column& y = layer.attributes.require(spec.per, sourceName);
  if (!x.isNumeric() || !y.isNumeric())
    throw Error(sourceName + ": 'per' needs numeric fields, and " + (x.isNumeric() ? spec.per : spec.field) + " holds text");
  const Column* xMoe = layer.attributes.find(spec.field + "_moe");
  const Column* yMoe = layer.attributes.find(spec.per + "_moe");
  Column pct(name, FieldType::Real);
  Column moe(name + "_moe", FieldType::Real);
  const bool withMoe = xMoe && yMoe && xMoe->isNumeric() && yMoe->isNumeric();
  for (std::size_t r = 0; r < layer.attributes.rowCount(); ++r) {
    auto xv = x.optionalNumber(r), yv = y.optionalNumber(r);
    if (!xv || !yv || *yv == 0) {
      pct.appendMissing(!xv ? x.missingReason(r) : !yv ? y.missingReason(r) : MissingReason::Blank);
      moe.appendMissing();
      continue;
    }
    const double p = *xv / *yv;
    pct.appendNumber(100 * p);
    auto mx = withMoe ? xMoe->optionalNumber(r) : std::nullopt, my = withMoe ? yMoe->optionalNumber(r) : std::nullopt;
    if (!mx || !my) {
      moe.appendMissing();
      continue;
    }
    moe.appendNumber(100 * analysis::proportionMoe(*xv, *mx, *yv, *my));
  }
  layer.attributes.addColumn(std::move(pct));
  if (withMoe) layer.attributes.addColumn(std::move(moe));
}

// A context entry, FILE or FILE:LAYER, read with its assigned CRS.
Layer readContextLayer(const ContextSource& c) {
  const std::string& entry = c.source;
  std::size_t colon = entry.rfind(':');
  bool hasLayer = colon != std::string::npos && colon > 1 && !std::filesystem::exists(entry);
  io::ReadOptions options;
  options.assignCrs = c.assignCrs;
  return io::readLayer(hasLayer ? entry.substr(0, colon) : entry, hasLayer ? entry.substr(colon + 1) : "", options);
}

}  // namespace

ViewData loadViewData(const ViewSpec& spec, FieldSelection fields, const RasterTarget* raster, double* readSeconds,
                      double* reprojectSeconds, VertexPositions* positions) {
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); };
  ViewData d;
  const Clock::time_point t0 = Clock::now();
  BackgroundJob<bool> early;  // waited for (if still running) when this returns
  d.layer = loadLayer(spec, fields, raster, d.notes, d.joinReport, early);
  if (!spec.per.empty()) addPercentColumn(d.layer, spec, spec.join.empty() ? spec.data : spec.data + " + " + spec.join);
  if (readSeconds) *readSeconds = seconds(t0);
  const Clock::time_point t1 = Clock::now();
  if (positions) *positions = vertexPositions(d.layer.geometry);
  if (d.layer.crsDefinition.empty() && spec.planarWithoutCrs && spec.displayCrs.empty()) {
    // No usable CRS: drawn in the file's own coordinates (displayCrs stays empty), overlays only when they
    // have no CRS either, since nothing can be moved into coordinates of unknown meaning.
    if (reprojectSeconds) *reprojectSeconds = seconds(t1);
    for (const ContextSource& c : spec.context) {
      Layer ctx = readContextLayer(c);
      if (!ctx.crsDefinition.empty()) {
        d.notes.push_back(c.source + ": not drawn over " + spec.data + ", which has no CRS to move it into");
        continue;
      }
      d.contextLayers.push_back({std::move(ctx), c.color, c.lineWidthPt});
    }
    return d;
  }
  std::optional<std::vector<crs::Inset>> insets;
  if (spec.displayCrs.empty() && !spec.extentLonLat) insets = crs::reprojectIfNationalUs(d.layer, positions);
  const bool composite = insets.has_value();
  if (composite) {
    d.displayCrs = "EPSG:5070";
    d.insets = std::move(*insets);
  } else {
    d.displayCrs = spec.displayCrs.empty() ? crs::chooseDisplayCrs(d.layer) : spec.displayCrs;
    crs::reprojectLayer(d.layer, d.displayCrs, positions);
  }
  d.displayCrsName = d.insets.empty() ? crs::shortCrsName(d.displayCrs)
                                      : crs::shortCrsName(d.displayCrs) + " with Alaska, Hawaii and Puerto Rico insets";
  if (reprojectSeconds) *reprojectSeconds = seconds(t1);
  auto readOverlay = [&](const ContextSource& c) {
    Layer ctx = readContextLayer(c);
    if (composite && ctx.crsIsGeographic) crs::reprojectWithUsInsets(ctx);
    else crs::reprojectLayer(ctx, d.displayCrs);
    return ctx;
  };
  for (const ContextSource& c : spec.context) d.contextLayers.push_back({readOverlay(c), c.color, c.lineWidthPt});
  if (!spec.labels.empty()) {
    if (spec.labelField.empty()) throw UsageError("--labels needs --label-field FIELD (the names to write on the map)");
    d.labelLayer = readOverlay(ContextSource{spec.labels, std::nullopt, -1, ""});
  }
  return d;
}

std::vector<render::ContextLayer> figureContext(const ViewData& data) {
  std::vector<render::ContextLayer> context;
  for (const OverlayLayer& c : data.contextLayers) context.push_back({&c.layer, c.color, c.lineWidthPt});
  return context;
}

std::string areaNounFor(const Layer& layer) {
  if (const Column* key = areaKeyColumn(layer.attributes)) {
    const Column& c = *key;
    for (std::size_t r = 0; r < c.size(); ++r) {
      if (c.isMissing(r)) continue;
      std::size_t len = c.displayText(r).size();
      if (len == 10 || len == 11) return "tracts";
      if (len == 4 || len == 5) return "counties";
      if (len == 6 || len == 7) return "places";
      break;
    }
  }
  return "areas";
}

}  // namespace mobmap::session
