// `mobmap render DATA --field F ... --out FIG` and `mobmap render PROJECT.toml --view NAME --out FIG`.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "core/text.h"
#include "crs/display_crs.h"
#include "io/joined_source.h"
#include "io/project_file.h"
#include "io/source_reader.h"
#include "render/figure_layout.h"
#include "render/thematic_map.h"
#include "render/vector/cairo_renderer.h"
#include "style/color.h"
#include "style/metric_catalog.h"

namespace mobmap::cli {

namespace {

struct RenderOptions {
  std::string data, layer, view;
  std::string join, joinLayer, on, where;
  std::string field, method, ramp, reference, style = "choropleth";
  int classes = 0;
  std::vector<double> breaks;
  std::string title, subtitle, source, legendTitle;
  std::vector<std::string> context;
  std::string quality, moe, outlineColor;
  double outlineWidth = -1;
  bool suppressLowQuality = false;
  std::string out, size;
  std::vector<double> extent;
  double widthIn = 10, dpi = 200;
  bool km = false, json = false;
};

// "tracts" / "counties" / "places" from the width of the layer's GEOID-like key, else "areas".
std::string areaNounFor(const Layer& layer) {
  for (const Column& c : layer.attributes.columns()) {
    const std::string n = toLower(c.name());
    if (n != "geoid" && n != "geoid10" && n != "geoid20" && n != "id" && n != "fips") continue;
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

Layer loadLayer(const RenderOptions& o, std::vector<std::string>& notes) {
  if (o.join.empty()) {
    // Only what the map needs: the field, its quality flag / margin of error, and an ID to name the areas.
    std::vector<std::string> wanted = {o.field, o.field + "_quality", o.field + "_moe", o.quality, o.moe,
                                       "GEOID", "GEOID10", "GEOID20", "id", "fips"};
    if (const style::MetricInfo* m = style::MetricCatalog::builtin().find(o.field))
      wanted.insert(wanted.end(), m->qualityColumns.begin(), m->qualityColumns.end());
    return io::readLayer(o.data, o.layer, wanted);
  }
  if (o.on.empty()) throw UsageError("--join needs --on LEFT=RIGHT");
  io::JoinedLayer joined = io::loadJoined({o.data, o.layer, o.join, o.joinLayer, o.on, o.where, true});
  const JoinReport& r = joined.report;
  notes.push_back("join: matched " + std::to_string(r.matched) + " of " + std::to_string(r.leftRows) + " features");
  for (const std::string& n : r.notes) notes.push_back("join: " + n);
  return std::move(joined.layer);
}

// Fills `o` from a project view (explicit command-line options win).
void applyView(RenderOptions& o, std::vector<std::string>& contextPaths) {
  Project project = io::readProject(o.data);
  const ProjectView* view = project.findView(o.view);
  if (!view) {
    std::string names;
    for (const ProjectView& v : project.views) names += (names.empty() ? "" : ", ") + v.name;
    throw Error(o.data + ": no view named '" + o.view + "' (views: " + names + ")");
  }
  const ProjectLayer& layer = *project.findLayer(view->layer);
  o.data = layer.source.string();
  o.layer = layer.sourceLayer;
  for (const ProjectJoin& j : project.joins) {
    if (j.layer != view->layer) continue;
    const ProjectTable& t = *project.findTable(j.table);
    o.join = t.source.string();
    o.joinLayer = t.sourceLayer;
    o.on = j.on;
    o.where = j.where;
    break;  // one join per layer in this format version
  }
  auto fill = [](std::string& target, const std::string& value) {
    if (target.empty()) target = value;
  };
  fill(o.field, view->field);
  fill(o.title, view->title);
  fill(o.subtitle, view->subtitle);
  fill(o.method, view->method);
  fill(o.ramp, view->ramp);
  fill(o.reference, view->reference);
  fill(o.source, view->source);
  if (!view->style.empty() && o.style == "choropleth") o.style = view->style;
  if (o.classes == 0 && view->classes) o.classes = *view->classes;
  if (!view->contextLayer.empty()) {
    const ProjectLayer* ctx = project.findLayer(view->contextLayer);
    if (!ctx) throw Error(o.data + ": view '" + view->name + "' names unknown context layer '" + view->contextLayer + "'");
    contextPaths.push_back(ctx->source.string() + (ctx->sourceLayer.empty() ? "" : ":" + ctx->sourceLayer));
  }
}

void runRender(RenderOptions o) {
  std::vector<std::string> contextPaths = o.context;
  if (!o.view.empty()) {
    if (!io::isProjectFile(o.data)) throw UsageError("--view needs a project file (.toml) as DATA");
    applyView(o, contextPaths);
  }
  if (o.field.empty()) throw UsageError("--field is required (or --view with a project)");
  const render::OutputFormat format = render::outputFormatFor(o.out);
  // Fail before the work when the figure could not be written anyway.
  const auto outDir = std::filesystem::absolute(o.out).parent_path();
  if (!std::filesystem::is_directory(outDir))
    throw Error(o.out + ": cannot write: folder " + outDir.string() + " does not exist");

  std::vector<std::string> notes;
  Layer layer = loadLayer(o, notes);
  for (const std::string& w : layer.warnings) std::cerr << "mobmap: warning: " << w << "\n";
  const std::string displayCrs = crs::chooseDisplayCrs(layer);
  crs::reprojectLayer(layer, displayCrs);

  std::vector<Layer> contextLayers;
  for (const std::string& spec : contextPaths) {
    std::size_t colon = spec.rfind(':');
    bool hasLayer = colon != std::string::npos && colon > 1 && !std::filesystem::exists(spec);
    Layer ctx = io::readLayer(hasLayer ? spec.substr(0, colon) : spec, hasLayer ? spec.substr(colon + 1) : "");
    crs::reprojectLayer(ctx, displayCrs);
    contextLayers.push_back(std::move(ctx));
  }

  render::ThematicRequest req;
  req.field = o.field;
  req.style = o.style;
  if (!o.method.empty()) req.overrides.method = o.method;
  if (o.classes > 0) req.overrides.classes = o.classes;
  if (!o.ramp.empty()) req.overrides.ramp = o.ramp;
  if (!o.reference.empty()) req.overrides.reference = o.reference;
  if (o.outlineWidth >= 0) req.overrides.outlineWidthPt = o.outlineWidth;
  if (!o.outlineColor.empty()) req.overrides.outline = style::parseHexColor(o.outlineColor);
  req.manualBreaks = o.breaks;
  req.legendTitle = o.legendTitle;
  req.qualityField = o.quality;
  req.moeField = o.moe;
  req.suppressLowQuality = o.suppressLowQuality;
  render::ThematicMap map = render::buildThematicMap(layer.attributes, req, o.data);

  render::FigureOptions fo;
  double dpi = o.dpi;
  if (!o.size.empty()) {
    auto parts = split(o.size, 'x');
    auto w = parts.size() == 2 ? parseNumber(parts[0]) : std::nullopt, h = parts.size() == 2 ? parseNumber(parts[1]) : std::nullopt;
    if (!w || !h || *w < 50 || *h < 50 || *w > 20000 || *h > 20000)
      throw UsageError("--size must read WIDTHxHEIGHT in pixels, 50 to 20000 each (e.g. 1920x1080)");
    dpi = 96;  // a pixel size means a screen figure: 96 pixels per inch
    fo.widthPt = *w * 72 / dpi;
    fo.heightPt = *h * 72 / dpi;
  } else {
    if (o.widthIn < 1 || o.widthIn > 100 || o.dpi < 36 || o.dpi > 1200)
      throw UsageError("--width-in must be 1-100 inches and --dpi 36-1200");
    fo.widthPt = o.widthIn * 72;
    fo.heightPt = fo.widthPt * 0.625;
  }
  fo.title = o.title;
  fo.subtitle = o.subtitle;
  fo.source = o.source;
  fo.areaNoun = areaNounFor(layer);
  fo.miles = !o.km;
  fo.displayCrs = displayCrs;
  if (!o.extent.empty()) {
    if (o.extent.size() != 4 || o.extent[0] >= o.extent[2] || o.extent[1] >= o.extent[3])
      throw UsageError("--extent must read MINLON,MINLAT,MAXLON,MAXLAT");
    fo.extent = crs::projectLonLatBox({o.extent[0], o.extent[1], o.extent[2], o.extent[3]}, displayCrs);
  } else if (displayCrs == "EPSG:5070") {
    // US-wide data: show the contiguous US, as national atlases do, and say how many areas are left out.
    Extent conus = crs::projectLonLatBox(crs::contiguousUsLonLat(), displayCrs);
    if (!layer.geometry.extent().within(conus)) fo.extent = conus;
  }
  std::vector<render::ContextLayer> context;
  for (const Layer& c : contextLayers) context.push_back({&c});
  render::CairoTextMetrics metrics;
  render::Figure fig = render::composeFigure(layer, map, context, fo, metrics);
  render::writeFigure(fig, o.out, dpi);

  for (const std::string& n : notes) std::cerr << "mobmap: " << n << "\n";
  if (o.json) {
    const auto& c = map.classification;
    nlohmann::json j = {{"out", o.out},
                        {"format", format == render::OutputFormat::Png ? "png" : format == render::OutputFormat::Svg ? "svg" : "pdf"},
                        {"field", o.field},
                        {"method", analysis::methodName(c.method)},
                        {"breaks", c.breaks},
                        {"counts", c.counts},
                        {"missing", map.missing},
                        {"low_quality", map.lowQualityCount},
                        {"suppressed", map.suppressed},
                        {"gvf", c.gvf},
                        {"display_crs", displayCrs},
                        {"width_pt", fo.widthPt},
                        {"height_pt", fo.heightPt}};
    if (format == render::OutputFormat::Png) {
      j["width_px"] = std::lround(fo.widthPt * dpi / 72);
      j["height_px"] = std::lround(fo.heightPt * dpi / 72);
    }
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << "wrote " << o.out << "\n";
  }
}

}  // namespace

void addRenderCommand(CLI::App& app, int& exitCode) {
  auto o = std::make_shared<RenderOptions>();
  CLI::App* cmd = app.add_subcommand("render", "Render a choropleth figure (PNG, SVG or PDF) with title, legend, scale "
                                               "bar, north arrow and source line.");
  cmd->add_option("DATA", o->data, "Vector source, or a project file with --view")->required();
  cmd->add_option("--view", o->view, "Render this view of a project file");
  cmd->add_option("--field", o->field, "Field to map");
  cmd->add_option("--layer", o->layer, "Layer of a multi-layer source");
  cmd->add_option("--join", o->join, "Table to join first (CSV, XLSX, ODS, any vector source)");
  cmd->add_option("--join-layer", o->joinLayer, "Sheet or layer of the --join table");
  cmd->add_option("--on", o->on, "Join key LEFT=RIGHT (RIGHT may be composite, e.g. id=state+county)");
  cmd->add_option("--where", o->where, "Row filter on the joined table, e.g. \"year = 2023 AND subgroup = 'All'\"");
  cmd->add_option("--method", o->method, "quantile|equal|jenks|stddev|box|percentile|manual (default: the style's)");
  cmd->add_option("--classes", o->classes, "Number of classes, 2-9 (default: the style's)");
  cmd->add_option("--breaks", o->breaks, "Manual breaks a,b,...")->delimiter(',');
  cmd->add_option("--style", o->style, "Style name from styles/ (choropleth, diverging)")->capture_default_str();
  cmd->add_option("--ramp", o->ramp, "ColorBrewer ramp, e.g. YlGnBu, RdBu");
  cmd->add_option("--reference", o->reference, "Diverge around: a number, parity, zero, median, county or national");
  cmd->add_option("--outline-width", o->outlineWidth, "Area outline width in points (default: the style's)");
  cmd->add_option("--outline-color", o->outlineColor, "Area outline colour, #rrggbb (default: the style's)");
  cmd->add_option("--title", o->title, "Figure title (default: the metric's label)");
  cmd->add_option("--subtitle", o->subtitle, "Figure subtitle (place, year, group)");
  cmd->add_option("--source", o->source, "Source line: data source and year");
  cmd->add_option("--legend-title", o->legendTitle, "Legend heading (default: the metric's label)");
  cmd->add_option("--context", o->context, "Outline layer drawn over the map, FILE or FILE:LAYER (repeatable)");
  cmd->add_option("--quality", o->quality, "Urban quality-flag field (default: FIELD_quality when present)");
  cmd->add_option("--moe", o->moe, "ACS margin-of-error field (default: FIELD_moe when present)");
  cmd->add_flag("--suppress-low-quality", o->suppressLowQuality, "Give low-quality values their own class instead of hatching");
  cmd->add_option("--out", o->out, "Output figure: .png, .svg or .pdf")->required();
  cmd->add_option("--size", o->size, "PNG size in pixels, WIDTHxHEIGHT (96 dpi type)");
  cmd->add_option("--width-in", o->widthIn, "Figure width in inches (height = 0.625 x width)")->capture_default_str();
  cmd->add_option("--dpi", o->dpi, "PNG resolution in dots per inch")->capture_default_str();
  cmd->add_option("--extent", o->extent, "Map extent in lon/lat: MINLON,MINLAT,MAXLON,MAXLAT (default: the data; "
                                         "the contiguous US for US-wide data)")->delimiter(',');
  cmd->add_flag("--km", o->km, "Scale bar in kilometres (default miles)");
  cmd->add_flag("--json", o->json, "Print a JSON summary on stdout");
  cmd->callback([o, &exitCode] {
    runRender(*o);
    exitCode = 0;
  });
}

}  // namespace mobmap::cli
