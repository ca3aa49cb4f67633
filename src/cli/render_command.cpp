// `mobmap render DATA --field F ... --out FIG` and `mobmap render PROJECT.toml --view NAME --out FIG`.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "core/text.h"
#include "crs/display_crs.h"
#include "io/project_file.h"
#include "render/figure_layout.h"
#include "render/thematic_map.h"
#include "render/vector/cairo_renderer.h"
#include "session/figure_export.h"
#include "session/view_data.h"
#include "session/view_spec.h"

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

// The data and style part of the options, as the viewer shares it.
session::ViewSpec specOf(const RenderOptions& o) {
  session::ViewSpec s;
  s.data = o.data;
  s.layer = o.layer;
  s.join = o.join;
  s.joinLayer = o.joinLayer;
  s.on = o.on;
  s.where = o.where;
  s.field = o.field;
  s.method = o.method;
  s.ramp = o.ramp;
  s.reference = o.reference;
  s.style = o.style;
  s.classes = o.classes;
  s.breaks = o.breaks;
  s.title = o.title;
  s.subtitle = o.subtitle;
  s.source = o.source;
  s.legendTitle = o.legendTitle;
  s.context = o.context;
  s.quality = o.quality;
  s.moe = o.moe;
  s.outlineColor = o.outlineColor;
  s.outlineWidth = o.outlineWidth;
  s.suppressLowQuality = o.suppressLowQuality;
  return s;
}

void runRender(RenderOptions o) {
  session::ViewSpec spec = specOf(o);
  if (!o.view.empty()) {
    if (!io::isProjectFile(o.data)) throw UsageError("--view needs a project file (.toml) as DATA");
    session::applyProjectView(spec, o.view);
  }
  if (spec.field.empty()) throw UsageError("--field is required (or --view with a project)");
  const render::OutputFormat format = render::outputFormatFor(o.out);
  // Fail before the work when the figure could not be written anyway.
  const auto outDir = std::filesystem::absolute(o.out).parent_path();
  if (!std::filesystem::is_directory(outDir))
    throw Error(o.out + ": cannot write: folder " + outDir.string() + " does not exist");

  session::ViewData data = session::loadViewData(spec, session::FieldSelection::MappedOnly);
  const Layer& layer = data.layer;
  const std::string& displayCrs = data.displayCrs;
  for (const std::string& w : layer.warnings) std::cerr << "mobmap: warning: " << w << "\n";
  render::ThematicMap map = render::buildThematicMap(layer.attributes, session::thematicRequest(spec), spec.data);

  render::FigureOptions fo = session::defaultFigureOptions(spec, data);
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
  fo.miles = !o.km;
  if (!o.extent.empty()) {
    if (o.extent.size() != 4 || o.extent[0] >= o.extent[2] || o.extent[1] >= o.extent[3])
      throw UsageError("--extent must read MINLON,MINLAT,MAXLON,MAXLAT");
    fo.extent = crs::projectLonLatBox({o.extent[0], o.extent[1], o.extent[2], o.extent[3]}, displayCrs);
  }
  session::exportFigure(data, map, fo, o.out, dpi);

  for (const std::string& n : data.notes) std::cerr << "mobmap: " << n << "\n";
  if (o.json) {
    const auto& c = map.classification;
    nlohmann::json j = {{"out", o.out},
                        {"format", format == render::OutputFormat::Png ? "png" : format == render::OutputFormat::Svg ? "svg" : "pdf"},
                        {"field", spec.field},
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
