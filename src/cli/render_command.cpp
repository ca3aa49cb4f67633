// `mobmap render DATA --field F ... --out FIG` and `mobmap render PROJECT.toml --view NAME --out FIG`, and the
// other map kinds of session/map_kind.h (--lisa F, --gap A,B, --ratio A,B, --change F --years Y1,Y2,
// --small-multiples F1,F2,..., --bivariate X,Y, --dot-density G1,..., --plurality G1,..., --moran-scatter F,
// --small-multiples-by COLUMN). This file only turns options into a view spec: session::loadMap builds the map
// and session::composeMapFigure lays out its figure, as for the viewer and the atlas.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

#include "cli/commands.h"
#include "cli/detail/json_output.h"
#include "core/error.h"
#include "core/text.h"
#include "crs/display_crs.h"
#include "io/project_file.h"
#include "render/vector/cairo_renderer.h"
#include "session/figure_export.h"
#include "session/map_kind.h"
#include "session/area_value.h"
#include "session/note_callouts.h"
#include "notes/publication.h"
#include "session/view_data.h"
#include "session/view_spec.h"

namespace mobmap::cli {

namespace {

struct RenderOptions {
  std::string data, layer, view, assignCrs;
  std::string join, joinLayer, on, where;
  std::string field, method, ramp, reference, style = "choropleth";
  int classes = 0;
  std::vector<double> breaks;
  std::string title, subtitle, source, legendTitle;
  std::vector<std::string> context;
  std::string labels, labelField;
  std::string quality, outlineColor;
  std::string moe;  // the choropleth's ACS margin of error, or with --significance the test's (A=A_MOE,B=B_MOE)
  double outlineWidth = -1;
  bool suppressLowQuality = false;
  std::string out, size;
  std::vector<double> extent;
  double widthIn = 10, heightIn = 0, dpi = 200;
  std::string crs;  // display CRS asked for (empty: chosen for the data)
  bool km = false, json = false;
  // The fields of each map-kind option (--lisa, --gap, ...), by kind name; at most one is given.
  std::map<std::string, std::vector<std::string>> kindFields;
  session::MapKindSpec kind;  // the options of the kinds beyond their fields
  std::string changeAs = "difference";
  bool percent = false, share = false, giPlain = false;
  // Numbered note callouts (public notes only).
  std::string notes;
  bool callouts = false;
  bool noCallouts = false;
  bool calloutValues = false;
};

// The map kind the options ask for (its option given), or nullopt for none. Throws mobmap::UsageError when
// more than one is given.
std::optional<session::MapKind> requestedKind(const RenderOptions& o) {
  std::optional<session::MapKind> kind;
  std::string options;
  for (const session::MapKindInfo& k : session::mapKinds()) {
    if (k.option.empty()) continue;
    options += (options.empty() ? "" : ", ") + std::string(k.option);
    auto it = o.kindFields.find(std::string(k.name));
    if (it == o.kindFields.end() || it->second.empty()) continue;
    if (kind) throw UsageError(options + " and the other map kinds are different figures: give one");
    kind = k.kind;
  }
  return kind;
}

// The view spec the options describe (a project view's spec when --view is given, the options winning).
session::ViewSpec specOf(const RenderOptions& o) {
  session::ViewSpec s;
  s.data = o.data;
  s.layer = o.layer;
  s.assignCrs = o.assignCrs;
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
  for (const std::string& c : o.context) s.context.push_back({c, {}, -1, {}});
  s.labels = o.labels;
  s.labelField = o.labelField;
  s.quality = o.quality;
  s.moe = o.kind.significance == 0 ? o.moe : std::string();
  s.outlineColor = o.outlineColor;
  s.outlineWidth = o.outlineWidth;
  s.suppressLowQuality = o.suppressLowQuality;
  s.displayCrs = o.crs;
  if (o.extent.size() == 4) s.extentLonLat = Extent{o.extent[0], o.extent[1], o.extent[2], o.extent[3]};

  s.map = o.kind;
  s.map.giStar = !o.giPlain;
  if (s.map.significance != 0) s.map.testMoe = o.moe;
  if (o.percent && o.share) throw UsageError("use --percent or --share, not both");
  s.map.units = o.percent ? render::GroupUnits::Percent : o.share ? render::GroupUnits::Share : render::GroupUnits::Counts;
  s.map.measure = render::parseChangeMeasure(o.changeAs);
  const std::optional<session::MapKind> kind = requestedKind(o);
  if (kind) {
    s.map.kind = *kind;
    s.map.fields = o.kindFields.at(std::string(session::mapKindInfo(*kind).name));
  }
  if (!o.view.empty()) {
    if (!io::isProjectFile(o.data)) throw UsageError("--view needs a project file (.toml) as DATA");
    session::applyProjectView(s, o.view);
  }
  if (!s.map.by.empty()) {
    if (kind) throw UsageError("--small-multiples-by maps --field once per value; leave out the other views");
    s.map.kind = session::MapKind::SmallMultiples;
    return s;
  }
  if (kind && !o.field.empty() && *kind != session::MapKind::Change)
    throw UsageError("--field makes a choropleth; leave it out with --lisa, --gap, --ratio, --change, --small-multiples, "
                     "--bivariate, --dot-density, --plurality or --moran-scatter");
  if (!kind && s.map.kind == session::MapKind::Choropleth && s.field.empty())
    throw UsageError("--field is required (or --view with a project, or one of --lisa, --gap, --ratio, --change, "
                     "--small-multiples, --bivariate, --dot-density, --plurality)");
  const bool comparison = kind == session::MapKind::Gap || kind == session::MapKind::Ratio || kind == session::MapKind::Change;
  const bool referenceTest = !kind && s.map.significance != 0;  // --field tested against --reference
  if (s.map.significance != 0 && !comparison && !referenceTest)
    throw UsageError("--significance tests --gap, --ratio, --change, or --field against a --reference VALUE with --reference-moe");
  if (s.map.referenceMoe >= 0 && !referenceTest)
    throw UsageError("--reference-moe belongs to --field F --reference VALUE --significance LEVEL");
  if (kind) {  // the kind names its fields; the view's field (and a --per denominator) belong to its choropleth
    s.field.clear();
    s.per.clear();
  }
  return s;
}

// Page size from the options; returns the PNG dpi.
double applyPageSize(const RenderOptions& o, render::FigureOptions& fo) {
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
    if (o.heightIn != 0 && (o.heightIn < 1 || o.heightIn > 100)) throw UsageError("--height-in must be 1-100 inches");
    fo.widthPt = o.widthIn * 72;
    fo.heightPt = o.heightIn > 0 ? o.heightIn * 72 : fo.widthPt * 0.625;
  }
  return dpi;
}

// Page size, scale-bar units and extent from the options; returns the PNG dpi.
double applyPageOptions(const RenderOptions& o, const std::string& displayCrs, render::FigureOptions& fo) {
  const double dpi = applyPageSize(o, fo);
  fo.miles = !o.km;
  if (!o.extent.empty()) {
    if (o.extent.size() != 4 || o.extent[0] >= o.extent[2] || o.extent[1] >= o.extent[3])
      throw UsageError("--extent must read MINLON,MINLAT,MAXLON,MAXLAT");
    fo.extent = crs::projectLonLatBox({o.extent[0], o.extent[1], o.extent[2], o.extent[3]}, displayCrs);
  }
  return dpi;
}

// Whether the figure calls out notes: asked with --notes / --callouts, or by default for a project view that
// names notes (unless --no-callouts).
bool wantsCallouts(const RenderOptions& o, const session::ViewSpec& spec) {
  if (o.noCallouts) return false;
  return o.callouts || !o.notes.empty() || (!spec.calloutNotes.empty() && !spec.notesStore.empty());
}

// The callouts: the public notes of --notes STORE, or of the project's [notes] store; for a project view that
// names notes, only those (by title). Counts what was left out in `j`.
std::vector<render::NoteCallout> calloutsFor(const RenderOptions& o, const session::ViewSpec& spec, const std::string& displayCrs,
                                             const std::vector<crs::Inset>& insets,
                                             nlohmann::json& j) {
  const std::string store = o.notes.empty() ? spec.notesStore : o.notes;
  if (store.empty()) throw UsageError("--callouts needs --notes STORE (or a project with a [notes] store)");
  std::size_t internal = 0;
  const std::vector<notes::Note> chosen = session::notesToCallOut(session::readNoteSource(store), spec.calloutNotes, &internal);
  std::vector<notes::Note> shown;
  std::vector<render::NoteCallout> callouts = session::publicNoteCallouts(chosen, displayCrs, &shown, insets);
  std::cerr << "mobmap: notes: " << callouts.size() << " public notes called out from " << store << " (" << internal
            << " internal or coalition notes left out";
  if (chosen.size() > callouts.size())
    std::cerr << "; " << chosen.size() - callouts.size() << " withheld: no protected location to show or not on the map";
  std::cerr << ")\n";
  // Where each callout stands, as drawn: the published location (lon/lat), never a recorded point it may not show.
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const std::optional<Point> ll = notes::labelPoint(shown[i].geometryWkt);
    items.push_back({{"title", shown[i].title}, {"lon", ll ? ll->x : 0.0}, {"lat", ll ? ll->y : 0.0},
                     {"x", callouts[i].location.x}, {"y", callouts[i].location.y},
                     {"location_mode", notes::locationModeName(shown[i].location)}, {"kind", notes::noteKindName(shown[i].kind)},
                     {"credit", callouts[i].credit}, {"geometry", shown[i].geometryWkt}});
  }
  j["callouts"] = {{"store", store}, {"public", callouts.size()}, {"internal_left_out", internal},
                   {"withheld", chosen.size() - callouts.size()}, {"items", items}};
  return callouts;
}

void runRender(const RenderOptions& o) {
  const session::ViewSpec spec = specOf(o);
  // A choropleth tested against a reference draws the test's map, not classes of the field.
  const bool choropleth = spec.map.kind == session::MapKind::Choropleth && spec.map.significance == 0;
  const render::OutputFormat format = render::outputFormatFor(o.out);
  // Fail before the work when the figure could not be written anyway.
  const auto outDir = std::filesystem::absolute(o.out).parent_path();
  if (!std::filesystem::is_directory(outDir))
    throw Error(o.out + ": cannot write: folder " + outDir.string() + " does not exist");

  // A choropleth to PNG needs no more detail than the image can show: generalise while reading. Other kinds
  // analyse the geometry (contiguity, dot placement) and vector figures can be zoomed: they keep every vertex.
  std::optional<session::RasterTarget> raster;
  if (choropleth && format == render::OutputFormat::Png) {
    render::FigureOptions page;
    const double pxPerPt = applyPageSize(o, page) / 72;
    raster = session::RasterTarget{static_cast<int>(std::lround(page.widthPt * pxPerPt)),
                                   static_cast<int>(std::lround(page.heightPt * pxPerPt)), spec.extentLonLat};
    if (!o.extent.empty()) raster->extentLonLat = o.extent.size() == 4 ? Extent{o.extent[0], o.extent[1], o.extent[2], o.extent[3]} : Extent{};
  }
  const bool byValue = !spec.map.by.empty();
  const session::FieldSelection fields = choropleth || byValue ? session::FieldSelection::MappedOnly : session::FieldSelection::All;
  session::LoadedMap m = session::loadMap(spec, fields, raster ? &*raster : nullptr);
  const session::ViewData& data = m.data;
  const std::string& displayCrs = data.displayCrs;
  // The join reports of a map of several row sets come with the map; otherwise with the data.
  if (byValue)
    for (const std::string& n : m.built.notes) std::cerr << "mobmap: " << n << "\n";
  for (const std::string& w : data.layer.warnings) std::cerr << "mobmap: warning: " << w << "\n";
  if (!byValue)
    for (const std::string& n : m.built.notes) std::cerr << "mobmap: " << n << "\n";
  for (const std::string& w : m.built.warnings) std::cerr << "mobmap: warning: " << w << "\n";

  render::FigureOptions fo = session::defaultFigureOptions(spec, data);
  const double dpi = applyPageOptions(o, displayCrs, fo);
  nlohmann::json j = {{"out", o.out},
                      {"format", format == render::OutputFormat::Png ? "png" : format == render::OutputFormat::Svg ? "svg" : "pdf"}};
  if (wantsCallouts(o, spec)) fo.callouts = calloutsFor(o, spec, displayCrs, data.insets, j);
  if (o.calloutValues && !fo.callouts.empty()) {  // each note beside the number of the area it stands in
    session::addCalloutAreaValues(fo.callouts, spec, data.layer, m.built.map, m.built.map.legend.heading);
    for (std::size_t i = 0; i < fo.callouts.size(); ++i) j["callouts"]["items"][i]["area_value"] = fo.callouts[i].value;
  } else if (o.calloutValues) {
    throw UsageError("--callout-values goes with note callouts (--callouts, --notes STORE, or a view that names notes)");
  }
  render::CairoTextMetrics metrics;
  render::Figure fig = session::composeMapFigure(m.built, data, fo, metrics, &j);
  if (std::string w = render::missingCharactersWarning(fig); !w.empty()) std::cerr << "mobmap: warning: " << o.out << ": " << w << "\n";
  render::writeFigure(fig, o.out, dpi);
  j.update(figureTextsJson(fig));
  if (m.built.summary) j.update(*m.built.summary);
  // The map's warnings (on stderr too) and the legend as drawn; the scatter plot has neither.
  j["warnings"] = nlohmann::json::array();
  for (const std::string& w : m.built.warnings) j["warnings"].push_back(w);
  if (!m.built.scatter) {
    for (const std::string& w : m.built.map.warnings) std::cerr << "mobmap: warning: " << w << "\n";
    for (const std::string& w : m.built.map.warnings) j["warnings"].push_back(w);
    j["legend"] = legendJson(m.built.map.legend);
  }
  if (choropleth) j["missing_reasons"] = missingReasonsJson(m.built.map.missingReasons);
  if (!choropleth) {
    // Where the maps are in the PNG, for checks and for cropping: [x, y, width, height] in pixels.
    nlohmann::json frames = nlohmann::json::array();
    for (const render::MapPanel& p : fig.panels) {
      const auto& v = p.viewport;
      frames.push_back({std::lround(v.x * dpi / 72), std::lround(v.y * dpi / 72), std::lround(v.width * dpi / 72),
                        std::lround(v.height * dpi / 72)});
    }
    j["map_frames_px"] = frames;
  }

  if (!byValue)
    for (const std::string& n : data.notes) std::cerr << "mobmap: " << n << "\n";
  if (o.json) {
    j.update({{"display_crs", displayCrs}, {"width_pt", fo.widthPt}, {"height_pt", fo.heightPt}});
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
  CLI::App* cmd = app.add_subcommand("render", "Render a figure (PNG, SVG or PDF): a choropleth, or a LISA cluster, gap, "
                                               "ratio, change, small-multiples, bivariate, dot-density or plurality map, with title, legend, scale bar, "
                                               "north arrow and source line.");
  cmd->add_option("DATA", o->data, "Vector source, or a project file with --view")->required();
  cmd->add_option("--view", o->view, "Render this view of a project file");
  cmd->add_option("--field", o->field, "Field to map");
  cmd->add_option("--layer", o->layer, "Layer of a multi-layer source");
  addAssignCrsOption(*cmd, o->assignCrs);
  cmd->add_option("--join", o->join, "Table to join first (CSV, XLSX, ODS, any vector source)");
  cmd->add_option("--join-layer", o->joinLayer, "Sheet or layer of the --join table");
  cmd->add_option("--on", o->on, "Join key LEFT=RIGHT (RIGHT may be composite, e.g. id=state+county)");
  cmd->add_option("--where", o->where, "Row filter on the joined table, e.g. \"year = 2023 AND subgroup = 'All'\"");
  cmd->add_option("--method", o->method, "quantile|equal|jenks|stddev|box|percentile|manual|unique (default: the style's)");
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
  cmd->add_option("--labels", o->labels, "Orientation labels: a neighbourhood or place layer, FILE or FILE:LAYER, named on the map "
                                         "(with --label-field; placed without collisions)");
  cmd->add_option("--label-field", o->labelField, "With --labels: the field holding the names");
  cmd->add_option("--quality", o->quality, "Urban quality-flag field (default: FIELD_quality when present)");
  cmd->add_option("--moe", o->moe, "ACS margin-of-error field (default: FIELD_moe when present); with --significance "
                                   "A=A_MOE,B=B_MOE");
  cmd->add_option("--significance", o->kind.significance, "With --gap, --ratio, --change, or --field and a numeric --reference: test each "
                                                          "difference at this confidence level (e.g. 0.90); not significant "
                                                          "areas get a neutral class");
  cmd->add_flag("--fdr", o->kind.fdr, "With --significance: Benjamini-Hochberg false discovery rate across the areas");
  cmd->add_option("--ci", o->kind.ci, "With --significance: 95% confidence bounds, A=LB:UB,B=LB:UB (Urban's _lb/_ub)")->delimiter(',');
  cmd->add_option("--reference-moe", o->kind.referenceMoe, "With --field, --reference VALUE and --significance: the reference's "
                                                           "90% margin of error");
  cmd->add_flag("--suppress-low-quality", o->suppressLowQuality, "Give low-quality values their own class instead of hatching");
  cmd->add_option("--out", o->out, "Output figure: .png, .svg or .pdf")->required();
  cmd->add_option("--size", o->size, "PNG size in pixels, WIDTHxHEIGHT (96 dpi type)");
  cmd->add_option("--width-in", o->widthIn, "Figure width in inches")->capture_default_str();
  cmd->add_option("--height-in", o->heightIn, "Figure height in inches (default 0.625 x width); a page taller "
                                             "than wide puts the legend under the map");
  cmd->add_option("--crs", o->crs, "Display CRS, any PROJ definition (EPSG:3435, ESRI:102003, +proj=...); default: "
                                   "one centred on the data, or for national US data CONUS Albers with insets");
  cmd->add_option("--dpi", o->dpi, "PNG resolution in dots per inch")->capture_default_str();
  cmd->add_option("--extent", o->extent, "Map extent in lon/lat: MINLON,MINLAT,MAXLON,MAXLAT (default: the data; "
                                         "the contiguous US for US-wide data)")->delimiter(',');
  cmd->add_flag("--km", o->km, "Scale bar in kilometres (default miles)");
  // One option per map kind, from the table of kinds (session/map_kind.h).
  for (const session::MapKindInfo& k : session::mapKinds()) {
    if (k.option.empty()) continue;
    std::vector<std::string>& fields = o->kindFields[std::string(k.name)];
    CLI::Option* opt = cmd->add_option(std::string(k.option), fields, std::string(k.help));
    if (k.maxFields == 1) opt->expected(1);
    else opt->delimiter(',');
  }
  session::MapKindSpec& k = o->kind;
  cmd->add_option("--weights", k.weights, "With --lisa, --moran-scatter or --hotspots: queen, rook, knn:K, distance:D or idw:D")
      ->capture_default_str();
  cmd->add_option("--correction", k.correction, "With --lisa: none, bonferroni or fdr (multiple comparisons)")->capture_default_str();
  cmd->add_flag("--gi", o->giPlain, "With --hotspots: Gi (the area itself left out) instead of Gi*");
  cmd->add_option("--snap", k.snap, "With --lisa: vertices this close (display-CRS units) count as shared");
  cmd->add_option("--permutations", k.permutations, "With --lisa: permutations for the pseudo p (0: analytical p)")->capture_default_str();
  cmd->add_option("--seed", k.seed, "With --lisa: seed of the permutations; with --dot-density: seed of the dot places")->capture_default_str();
  cmd->add_option("--alpha", k.alpha, "With --lisa: significance level")->capture_default_str();
  cmd->add_option("--years", k.years, "With --change: the two years compared, FROM,TO")->delimiter(',');
  cmd->add_option("--year-column", k.yearColumn, "With --change: the long table's year column")->capture_default_str();
  cmd->add_option("--change-as", o->changeAs, "With --change: difference, points (percentage points of a share or "
                                              "percentage) or percent (percent change)")->capture_default_str();
  cmd->add_option("--small-multiples-by", k.by, "One map of --field per value of this column of the "
                                                "--join long table (e.g. subgroup), on shared classes");
  cmd->add_option("--panel-titles", k.panelTitles, "With --small-multiples: a title per map, T1,T2,...")->delimiter(',');
  cmd->add_option("--palette", k.palette, "With --bivariate: pink_blue (default), purple_gold, green_blue, teal_red");
  cmd->add_option("--per", k.perDot, "With --dot-density: people per dot")->capture_default_str();
  cmd->add_option("--group-labels", k.groupLabels, "With --dot-density or --plurality: a legend name per group")->delimiter(',');
  cmd->add_option("--total", k.total, "With --dot-density or --plurality: total population field");
  cmd->add_flag("--percent", o->percent, "The group fields are percentages (0-100) of --total");
  cmd->add_flag("--share", o->share, "The group fields are shares (0-1) of --total");
  cmd->add_option("--notes", o->notes, "Notes store (.gpkg, PG:..., or a .geojson/.csv of notes): its public notes "
                                       "become numbered callouts on the map, listed under the legend");
  cmd->add_flag("--callouts", o->callouts, "Numbered callouts of public notes (from --notes, else the project's [notes] store)");
  cmd->add_flag("--no-callouts", o->noCallouts, "No note callouts, even for a project view that names notes");
  cmd->add_flag("--callout-values", o->calloutValues,
                "With callouts: each listed note gives the mapped value of the area it stands in (with its MOE)");
  cmd->add_flag("--json", o->json, "Print a JSON summary on stdout");
  cmd->callback([o, &exitCode] {
    runRender(*o);
    exitCode = 0;
  });
}

}  // namespace mobmap::cli
