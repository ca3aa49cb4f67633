// `mobmap render DATA --field F ... --out FIG` and `mobmap render PROJECT.toml --view NAME --out FIG`, and the
// disparity, cluster and composition views: --lisa F, --gap A,B, --ratio A,B, --small-multiples F1,F2,...,
// --bivariate X,Y, --dot-density G1,G2,..., --plurality G1,G2,..., --small-multiples-by COLUMN (one map per
// value of a long table's column) and the Moran scatter plot (--moran-scatter F).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

#include "cli/commands.h"
#include "cli/json_output.h"
#include "core/error.h"
#include "core/text.h"
#include "crs/display_crs.h"
#include "io/project_file.h"
#include "io/row_filter.h"
#include "io/source_reader.h"
#include "analysis/spatial_weights.h"
#include "render/bivariate_map.h"
#include "render/comparison_map.h"
#include "render/dot_density.h"
#include "render/figure_layout.h"
#include "render/hotspot_map.h"
#include "render/lisa_map.h"
#include "render/moran_scatter.h"
#include "render/plurality_map.h"
#include "render/small_multiples.h"
#include "render/thematic_map.h"
#include "render/vector/cairo_renderer.h"
#include "session/figure_export.h"
#include "session/long_table.h"
#include "session/note_callouts.h"
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
  // Disparity and cluster views (at most one; none = a choropleth of --field).
  std::string lisa, moranScatter, hotspots, weights = "queen", correction = "none";
  bool giPlain = false;  // --hotspots: Gi instead of Gi*
  double snap = analysis::kPoly2nbSnap, alpha = 0.05;
  int permutations = 999;
  std::uint64_t seed = 1;
  std::vector<std::string> gap, ratio, smallMultiples, panelTitles, bivariate;
  std::string smallMultiplesBy;  // a column of the joined long table: one map per value
  std::string palette;
  // Composition views: group fields as counts, or percentages / shares of --total.
  std::vector<std::string> dotDensity, plurality, groupLabels;
  std::string total;
  bool percent = false, share = false;
  double perDot = 100;
  // Numbered note callouts (public notes only).
  std::string notes;
  bool callouts = false;
  bool noCallouts = false;
  // Significance of gaps, ratios and reference comparisons.
  double significance = 0;
  bool fdr = false;
  std::vector<std::string> ci;
  double referenceMoe = -1;
};

// The significance test the options ask for: --significance LEVEL [--fdr], uncertainty from --moe A=A_MOE,B=B_MOE
// or --ci A=LB:UB,B=LB:UB (a side not named falls back to its field's _moe or _lb/_ub columns).
render::SignificanceRequest significanceOf(const RenderOptions& o, const std::string& a, const std::string& b) {
  render::SignificanceRequest r;
  if (o.significance == 0) {
    if (o.fdr || !o.ci.empty()) throw UsageError("--fdr and --ci belong to a significance test: add --significance 0.90");
    return r;
  }
  r.level = o.significance;
  r.fdr = o.fdr;
  auto sideOf = [&](const std::string& field, const std::string& option) -> render::UncertaintyFields& {
    if (field == a) return r.a;
    if (!b.empty() && field == b) return r.b;
    throw UsageError(option + " names '" + field + "', which is not " + (b.empty() ? "the mapped field " + a : "one of " + a + ", " + b));
  };
  if (!o.moe.empty()) {
    for (const std::string& item : split(o.moe, ',')) {
      const std::size_t eq = item.find('=');
      if (eq == std::string::npos) {
        if (!b.empty()) throw UsageError("--moe with --gap or --ratio reads A=A_MOE,B=B_MOE");
        r.a.moe = std::string(trim(item));
        continue;
      }
      sideOf(std::string(trim(item.substr(0, eq))), "--moe").moe = std::string(trim(item.substr(eq + 1)));
    }
  }
  for (const std::string& item : o.ci) {
    const std::size_t eq = item.find('='), colon = item.find(':', eq == std::string::npos ? 0 : eq);
    if (eq == std::string::npos || colon == std::string::npos)
      throw UsageError("--ci '" + item + "': expected FIELD=LOWER:UPPER (e.g. A=A_lb:A_ub)");
    render::UncertaintyFields& u = sideOf(std::string(trim(item.substr(0, eq))), "--ci");
    u.lower = std::string(trim(item.substr(eq + 1, colon - eq - 1)));
    u.upper = std::string(trim(item.substr(colon + 1)));
  }
  return r;
}

// The group fields of --dot-density or --plurality with their labels and units.
render::GroupFields groupFieldsOf(const RenderOptions& o, const std::vector<std::string>& fields) {
  if (o.percent && o.share) throw UsageError("use --percent or --share, not both");
  if ((o.percent || o.share) && o.total.empty()) throw UsageError("--percent and --share need --total (the count they are shares of)");
  render::GroupFields g;
  g.fields = fields;
  g.labels = o.groupLabels;
  g.total = o.total;
  g.units = o.percent ? render::GroupUnits::Percent : o.share ? render::GroupUnits::Share : render::GroupUnits::Counts;
  return g;
}

// The map's warnings: on stderr, and in the JSON summary's "warnings".
void reportWarnings(const render::ThematicMap& map, nlohmann::json& j) {
  for (const std::string& w : map.warnings) std::cerr << "mobmap: warning: " << w << "\n";
  for (const std::string& w : map.warnings) j["warnings"].push_back(w);
}

// Two field names from "A,B"; throws mobmap::UsageError naming the option otherwise.
std::pair<std::string, std::string> fieldPair(const std::vector<std::string>& v, const char* option) {
  if (v.size() != 2 || v[0].empty() || v[1].empty()) throw UsageError(std::string(option) + " needs two fields: A,B");
  return {v[0], v[1]};
}

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
  for (const std::string& c : o.context) s.context.push_back({c, {}, -1});
  s.quality = o.quality;
  if (o.significance == 0) s.moe = o.moe;  // with --significance, --moe names the test's margins of error
  s.outlineColor = o.outlineColor;
  s.outlineWidth = o.outlineWidth;
  s.suppressLowQuality = o.suppressLowQuality;
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
    fo.widthPt = o.widthIn * 72;
    fo.heightPt = fo.widthPt * 0.625;
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

// The LISA options of a cluster map or a Moran scatter plot of `field`.
render::LisaMapRequest lisaRequestOf(const RenderOptions& o, const session::ViewSpec& spec, const std::string& field) {
  render::LisaMapRequest r;
  r.field = field;
  r.weights = analysis::parseWeightsSpec(o.weights);
  r.correction = analysis::parsePCorrection(o.correction);
  if (!(o.snap >= 0)) throw UsageError("--snap must be 0 or more");
  if (o.permutations < 0 || o.permutations > 1000000) throw UsageError("--permutations must be 0 to 1000000");
  r.snap = o.snap;
  r.permutations = o.permutations;
  r.seed = o.seed;
  r.alpha = o.alpha;
  r.style = spec.style;
  r.legendTitle = spec.legendTitle;
  return r;
}

// The numbers of a significance test: counts of significant, not significant and untested areas.
void significanceJson(const render::ComparisonMap& cm, const RenderOptions& o, nlohmann::json& j) {
  j.update({{"significance", o.significance}, {"fdr", o.fdr}, {"critical_z", cm.criticalZ},
            {"significant", cm.significantCount}, {"not_significant", cm.notSignificantCount},
            {"not_tested", cm.untestedCount}});
}

// Composes the figure of a view (not the plain choropleth) and fills `j` with its numbers.
render::Figure composeView(const RenderOptions& o, const session::ViewSpec& spec, const session::ViewData& data,
                           render::FigureOptions& fo, nlohmann::json& j) {
  const Layer& layer = data.layer;
  const std::vector<render::ContextLayer> context = session::figureContext(data);
  render::CairoTextMetrics metrics;
  const render::ThematicRequest base = session::thematicRequest(spec);

  if (!o.moranScatter.empty()) {
    const render::MoranScatter ms = render::buildMoranScatter(layer, lisaRequestOf(o, spec, o.moranScatter), spec.data);
    render::MoranScatterFigureOptions so{fo.widthPt, fo.heightPt, o.title, o.subtitle, spec.source};
    render::MoranScatterFigure mf = render::composeMoranScatter(ms, so, metrics);
    // The slope as drawn (page y grows downwards; both axes share one scale).
    const auto& line = mf.figure.lines[mf.regressionLine].points;
    const double slope = -(line[1].y - line[0].y) / (line[1].x - line[0].x);
    nlohmann::json pseudoP = ms.global.pseudoP ? nlohmann::json(*ms.global.pseudoP) : nlohmann::json(nullptr);
    std::size_t significant = 0;
    for (const render::MoranScatterPoint& p : ms.points) significant += p.significant;
    j.update({{"view", "moran_scatter"}, {"field", o.moranScatter}, {"weights", o.weights}, {"permutations", o.permutations},
              {"seed", o.seed}, {"alpha", o.alpha}, {"I", ms.global.I}, {"pseudo_p", pseudoP}, {"points", ms.points.size()},
              {"significant", significant}, {"missing", ms.missing}, {"line_slope", slope}});
    return std::move(mf.figure);
  }
  if (!o.hotspots.empty()) {
    render::HotSpotMapRequest r{lisaRequestOf(o, spec, o.hotspots), !o.giPlain};
    render::HotSpotMap hm = render::buildHotSpotMap(layer, r, spec.data);
    if (fo.title.empty()) fo.title = "Hot spots of " + hm.map.metricLabel + (r.star ? " (Gi*)" : " (Gi)");
    std::map<std::string, std::size_t> counts;
    for (const std::string& c : hm.result.cls) ++counts[c];
    j.update({{"view", "hotspots"}, {"field", o.hotspots}, {"statistic", r.star ? "Gi*" : "Gi"}, {"weights", o.weights},
              {"class_counts", counts}, {"missing", hm.map.missing}, {"legend", legendJson(hm.map.legend)},
              {"method_text", hm.map.methodText}});
    reportWarnings(hm.map, j);
    return render::composeFigure(layer, hm.map, context, fo, metrics);
  }
  if (!o.lisa.empty()) {
    render::LisaMapRequest r = lisaRequestOf(o, spec, o.lisa);
    render::LisaMap lm = render::buildLisaMap(layer, r, spec.data);
    if (lm.islands > 0)
      std::cerr << "mobmap: note: " << lm.islands << " areas have no neighbours: not tested, shown as such\n";
    if (fo.title.empty()) fo.title = "Clusters of " + lm.map.metricLabel + " (LISA)";
    nlohmann::json counts;
    for (auto c : {analysis::LisaCluster::HighHigh, analysis::LisaCluster::LowLow, analysis::LisaCluster::HighLow,
                   analysis::LisaCluster::LowHigh, analysis::LisaCluster::NotSignificant})
      counts[std::string(analysis::lisaClusterLabel(c))] = lm.result.counts[static_cast<int>(c)];
    j.update({{"view", "lisa"}, {"field", o.lisa}, {"weights", o.weights}, {"permutations", o.permutations},
              {"seed", o.seed}, {"alpha", o.alpha}, {"correction", analysis::pCorrectionName(r.correction)},
              {"cluster_counts", counts}, {"islands", lm.islands}, {"method_text", lm.map.methodText},
              {"missing", lm.map.missing}, {"legend", legendJson(lm.map.legend)}});
    reportWarnings(lm.map, j);
    return render::composeFigure(layer, lm.map, context, fo, metrics);
  }
  if (!o.gap.empty() || !o.ratio.empty()) {
    const bool gap = !o.gap.empty();
    auto [a, b] = fieldPair(gap ? o.gap : o.ratio, gap ? "--gap" : "--ratio");
    render::ComparisonRequest r;
    r.fieldA = a;
    r.fieldB = b;
    r.kind = gap ? render::Comparison::Gap : render::Comparison::Ratio;
    r.base = base;
    r.significance = significanceOf(o, a, b);
    render::ComparisonMap cm = render::buildComparisonMap(layer.attributes, r, spec.data);
    if (fo.title.empty()) fo.title = cm.map.legend.heading;
    const auto& c = cm.map.classification;
    j.update({{"view", gap ? "gap" : "ratio"}, {"field", cm.field}, {"method", analysis::methodName(c.method)},
              {"breaks", c.breaks}, {"counts", c.counts}, {"missing", cm.map.missing}, {"missing_a", cm.missingA},
              {"missing_b", cm.missingB}, {"zero_denominator", cm.zeroDenominator}, {"low_quality", cm.map.lowQualityCount},
              {"reference", cm.map.referenceText}, {"legend", legendJson(cm.map.legend)}});
    if (cm.tested) significanceJson(cm, o, j);
    j["method_text"] = cm.map.methodText;
    reportWarnings(cm.map, j);
    return render::composeFigure(layer, cm.map, context, fo, metrics);
  }
  if (o.significance != 0 && !o.field.empty()) {  // each area against a reference value with its own MOE
    const std::optional<double> value = parseNumber(o.reference);
    if (!value) throw UsageError("a test against a reference needs --reference VALUE (a number) and --reference-moe MOE");
    render::ComparisonRequest r;
    r.fieldA = o.field;
    r.kind = render::Comparison::Reference;
    r.base = base;
    r.referenceValue = *value;
    r.referenceMoe = o.referenceMoe < 0 ? 0 : o.referenceMoe;
    r.significance = significanceOf(o, o.field, "");
    render::ComparisonMap cm = render::buildComparisonMap(layer.attributes, r, spec.data);
    if (fo.title.empty()) fo.title = cm.map.legend.heading;
    const auto& c = cm.map.classification;
    j.update({{"view", "reference"}, {"field", cm.field}, {"method", analysis::methodName(c.method)}, {"breaks", c.breaks},
              {"counts", c.counts}, {"missing", cm.map.missing}, {"low_quality", cm.map.lowQualityCount},
              {"reference", r.referenceValue}, {"reference_moe", r.referenceMoe}, {"legend", legendJson(cm.map.legend)}});
    significanceJson(cm, o, j);
    j["method_text"] = cm.map.methodText;
    reportWarnings(cm.map, j);
    return render::composeFigure(layer, cm.map, context, fo, metrics);
  }
  if (!o.smallMultiples.empty()) {
    if (!o.panelTitles.empty() && o.panelTitles.size() != o.smallMultiples.size())
      throw UsageError("--panel-titles needs one title per field of --small-multiples");
    std::vector<render::PanelSource> panels;
    for (std::size_t i = 0; i < o.smallMultiples.size(); ++i)
      panels.push_back({&layer.attributes, o.smallMultiples[i], o.panelTitles.empty() ? "" : o.panelTitles[i]});
    render::SharedClassMaps sm = render::buildSharedClassMaps(panels, base, spec.data);
    const auto& c = sm.shared.classification;
    nlohmann::json pj = nlohmann::json::array();
    for (std::size_t i = 0; i < sm.panels.size(); ++i) {
      std::vector<std::size_t> counts(c.counts.size(), 0);
      for (int f : sm.panels[i].fillIndex)
        if (f >= 0 && f < static_cast<int>(counts.size())) ++counts[static_cast<std::size_t>(f)];
      pj.push_back({{"field", o.smallMultiples[i]}, {"title", sm.panels[i].title}, {"counts", counts},
                    {"missing", sm.panels[i].missing}, {"low_quality", sm.panels[i].lowQualityCount}});
    }
    j.update({{"view", "small_multiples"}, {"method", analysis::methodName(c.method)}, {"breaks", c.breaks},
              {"counts", c.counts}, {"panels", pj}, {"legend", legendJson(sm.shared.legend)}});
    reportWarnings(sm.shared, j);
    return render::composeSmallMultiples(layer, sm.shared, sm.panels, context, fo, metrics);
  }
  if (!o.dotDensity.empty()) {
    render::DotDensityRequest r;
    r.groups = groupFieldsOf(o, o.dotDensity);
    r.perDot = o.perDot;
    r.seed = o.seed;
    r.ramp = o.ramp;
    r.style = spec.style;
    r.legendTitle = spec.legendTitle;
    render::DotDensityMap dm = render::buildDotDensityMap(layer, r, spec.data);
    if (fo.title.empty()) fo.title = dm.map.metricLabel;
    nlohmann::json groups = nlohmann::json::array();
    for (std::size_t g = 0; g < dm.groupDots.size(); ++g)
      groups.push_back({{"field", o.dotDensity[g]}, {"people", dm.groupPeople[g]}, {"dots", dm.groupDots[g]}});
    j.update({{"view", "dot_density"}, {"per_dot", o.perDot}, {"seed", o.seed}, {"groups", groups},
              {"dots", dm.dots.points.size()}, {"unplaced", dm.unplaced}, {"missing", dm.map.missing},
              {"legend", legendJson(dm.map.legend)}});
    reportWarnings(dm.map, j);
    return render::composeDotDensity(layer, dm, context, fo, metrics);
  }
  if (!o.plurality.empty()) {
    render::PluralityRequest r{groupFieldsOf(o, o.plurality), o.ramp, spec.style, spec.legendTitle};
    render::PluralityMap pm = render::buildPluralityMap(layer.attributes, r, spec.data);
    if (fo.title.empty()) fo.title = pm.map.metricLabel;
    nlohmann::json groups = nlohmann::json::array();
    for (std::size_t g = 0; g < pm.majority.size(); ++g)
      groups.push_back({{"field", o.plurality[g]}, {"majority", pm.majority[g]}, {"plurality", pm.plurality[g]}});
    j.update({{"view", "plurality"}, {"groups", groups}, {"ties", pm.ties}, {"no_people", pm.noPeople},
              {"missing", pm.map.missing}, {"legend", legendJson(pm.map.legend)}});
    reportWarnings(pm.map, j);
    return render::composeFigure(layer, pm.map, context, fo, metrics);
  }
  auto [x, y] = fieldPair(o.bivariate, "--bivariate");
  render::BivariateRequest r{x, y, o.palette, spec.style, spec.legendTitle};
  render::BivariateMap bm = render::buildBivariateMap(layer.attributes, r, spec.data);
  if (fo.title.empty()) fo.title = bm.map.metricLabel;
  j.update({{"view", "bivariate"}, {"x", x}, {"y", y}, {"x_breaks", bm.x.breaks}, {"y_breaks", bm.y.breaks},
            {"cells", bm.map.legend.grid->counts}, {"missing", bm.map.missing}, {"low_quality", bm.map.lowQualityCount},
            {"legend", legendJson(bm.map.legend)}});
  reportWarnings(bm.map, j);
  return render::composeFigure(layer, bm.map, context, fo, metrics);
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
                                             nlohmann::json& j) {
  const std::string store = o.notes.empty() ? spec.notesStore : o.notes;
  if (store.empty()) throw UsageError("--callouts needs --notes STORE (or a project with a [notes] store)");
  std::size_t internal = 0;
  const std::vector<notes::Note> chosen = session::notesToCallOut(session::readNoteSource(store), spec.calloutNotes, &internal);
  std::vector<render::NoteCallout> callouts = session::publicNoteCallouts(chosen, displayCrs);
  std::cerr << "mobmap: notes: " << callouts.size() << " public notes called out from " << store << " (" << internal
            << " internal notes left out)\n";
  j["callouts"] = {{"store", store}, {"public", callouts.size()}, {"internal_left_out", internal}};
  return callouts;
}

// The row filter of one panel of --small-multiples-by: `where` AND column = value (single quotes doubled).
std::string panelFilter(const std::string& where, const std::string& column, const std::string& value, bool numeric) {
  const bool plainName = !column.empty() && std::all_of(column.begin(), column.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
  std::string condition = plainName ? column : "\"" + column + "\"";
  condition += " = ";
  if (numeric) {
    condition += value;
  } else {
    condition += "'";
    for (char c : value) condition += c == '\'' ? std::string("''") : std::string(1, c);
    condition += "'";
  }
  return where.empty() ? condition : "(" + where + ") AND " + condition;
}

// `render BOUNDARIES --join LONG_TABLE --field F --small-multiples-by COLUMN`: the join is made once per distinct
// value of COLUMN among the rows that pass --where, and the maps share classes from their pooled values.
void runSmallMultiplesBy(const RenderOptions& o, const session::ViewSpec& spec) {
  if (spec.join.empty() || spec.field.empty())
    throw UsageError("--small-multiples-by needs --join (a long table, one row per area and group) and --field");
  if (!o.smallMultiples.empty() || !o.panelTitles.empty())
    throw UsageError("--small-multiples-by titles the maps with the column's values; leave out --small-multiples and --panel-titles");
  if (toLower(o.smallMultiplesBy) == "subgroup" && session::filterSubgroup(spec.where))
    throw UsageError("--where already picks one subgroup; leave the subgroup condition out with --small-multiples-by subgroup");
  const render::OutputFormat format = render::outputFormatFor(o.out);
  const auto outDir = std::filesystem::absolute(o.out).parent_path();
  if (!std::filesystem::is_directory(outDir))
    throw Error(o.out + ": cannot write: folder " + outDir.string() + " does not exist");

  std::vector<std::string> values;
  bool numeric = false;
  {
    const AttributeTable table = io::readTable(spec.join, spec.joinLayer);
    const Column& column = table.require(o.smallMultiplesBy, spec.join);
    numeric = column.isNumeric();
    const std::vector<bool> pass =
        spec.where.empty() ? std::vector<bool>(table.rowCount(), true) : io::selectRows(table, spec.where, spec.join);
    for (std::size_t r = 0; r < table.rowCount(); ++r) {
      if (!pass[r] || column.isMissing(r)) continue;
      std::string v = column.displayText(r);
      if (std::find(values.begin(), values.end(), v) == values.end()) values.push_back(std::move(v));
    }
  }
  if (values.empty())
    throw Error(spec.join + ": no rows with a value of '" + o.smallMultiplesBy + "'" +
                (spec.where.empty() ? std::string() : " where " + spec.where));
  if (values.size() > 16)
    throw UsageError(spec.join + ": '" + o.smallMultiplesBy + "' has " + std::to_string(values.size()) +
                     " values; small multiples show at most 16 maps (narrow them with --where)");

  std::vector<session::ViewData> data;
  data.reserve(values.size());
  for (const std::string& v : values) {
    session::ViewSpec s = spec;
    s.where = panelFilter(spec.where, o.smallMultiplesBy, v, numeric);
    data.push_back(session::loadViewData(s, session::FieldSelection::MappedOnly));
    for (const std::string& n : data.back().notes) std::cerr << "mobmap: " << v << ": " << n << "\n";
  }
  const std::string field = session::mappedField(spec);
  std::vector<render::PanelSource> panels;
  for (std::size_t i = 0; i < values.size(); ++i) panels.push_back({&data[i].layer.attributes, field, values[i]});
  render::SharedClassMaps sm = render::buildSharedClassMaps(panels, session::thematicRequest(spec), spec.data);

  const session::ViewData& first = data.front();
  for (const std::string& w : first.layer.warnings) std::cerr << "mobmap: warning: " << w << "\n";
  render::FigureOptions fo = session::defaultFigureOptions(spec, first);
  const double dpi = applyPageOptions(o, first.displayCrs, fo);
  nlohmann::json j = {{"out", o.out},
                      {"format", format == render::OutputFormat::Png ? "png" : format == render::OutputFormat::Svg ? "svg" : "pdf"}};
  if (wantsCallouts(o, spec)) fo.callouts = calloutsFor(o, spec, first.displayCrs, j);
  const std::vector<render::ContextLayer> context = session::figureContext(first);
  render::CairoTextMetrics metrics;
  render::Figure fig = render::composeSmallMultiples(first.layer, sm.shared, sm.panels, context, fo, metrics);
  render::writeFigure(fig, o.out, dpi);
  j.update(figureTextsJson(fig));
  j["warnings"] = nlohmann::json::array();
  reportWarnings(sm.shared, j);

  const auto& c = sm.shared.classification;
  nlohmann::json pj = nlohmann::json::array();
  for (std::size_t i = 0; i < sm.panels.size(); ++i) {
    std::vector<std::size_t> counts(c.counts.size(), 0);
    for (int f : sm.panels[i].fillIndex)
      if (f >= 0 && f < static_cast<int>(counts.size())) ++counts[static_cast<std::size_t>(f)];
    pj.push_back({{"value", values[i]}, {"title", sm.panels[i].title}, {"counts", counts},
                  {"missing", sm.panels[i].missing}, {"low_quality", sm.panels[i].lowQualityCount}});
  }
  nlohmann::json frames = nlohmann::json::array();
  for (const render::MapPanel& p : fig.panels) {
    const auto& v = p.viewport;
    frames.push_back({std::lround(v.x * dpi / 72), std::lround(v.y * dpi / 72), std::lround(v.width * dpi / 72),
                      std::lround(v.height * dpi / 72)});
  }
  j.update({{"view", "small_multiples"}, {"field", field}, {"by", o.smallMultiplesBy}, {"values", values},
            {"method", analysis::methodName(c.method)}, {"breaks", c.breaks}, {"counts", c.counts}, {"panels", pj},
            {"legend", legendJson(sm.shared.legend)}, {"map_frames_px", frames}, {"display_crs", first.displayCrs},
            {"width_pt", fo.widthPt}, {"height_pt", fo.heightPt}});
  if (format == render::OutputFormat::Png) {
    j["width_px"] = std::lround(fo.widthPt * dpi / 72);
    j["height_px"] = std::lround(fo.heightPt * dpi / 72);
  }
  if (o.json) std::cout << j.dump(2) << "\n";
  else std::cout << "wrote " << o.out << "\n";
}

void runRender(RenderOptions o) {
  session::ViewSpec spec = specOf(o);
  if (!o.view.empty()) {
    if (!io::isProjectFile(o.data)) throw UsageError("--view needs a project file (.toml) as DATA");
    session::applyProjectView(spec, o.view);
  }
  const int views = !o.lisa.empty() + !o.hotspots.empty() + !o.gap.empty() + !o.ratio.empty() + !o.smallMultiples.empty() + !o.bivariate.empty() +
                    !o.dotDensity.empty() + !o.plurality.empty() + !o.moranScatter.empty();
  const bool referenceTest = views == 0 && o.significance != 0;  // --field tested against --reference: a view too
  if (referenceTest && o.field.empty()) throw UsageError("--significance tests --gap, --ratio, or --field F against --reference VALUE");
  if (o.significance != 0 && views == 1 && o.gap.empty() && o.ratio.empty())
    throw UsageError("--significance tests --gap, --ratio, or --field against a --reference VALUE with --reference-moe");
  if (o.referenceMoe >= 0 && !referenceTest) throw UsageError("--reference-moe belongs to --field F --reference VALUE --significance LEVEL");
  if (views > 1) throw UsageError("--lisa, --hotspots, --gap, --ratio, --small-multiples, --bivariate, --dot-density, --plurality and --moran-scatter are different figures: give one");
  if (!o.smallMultiplesBy.empty()) {
    if (views > 0) throw UsageError("--small-multiples-by maps --field once per value; leave out the other views");
    runSmallMultiplesBy(o, spec);
    return;
  }
  if (views == 1 && !o.field.empty() && !referenceTest) throw UsageError("--field makes a choropleth; leave it out with --lisa, --gap, --ratio, --small-multiples, --bivariate, --dot-density, --plurality or --moran-scatter");
  if (views == 0 && spec.field.empty()) throw UsageError("--field is required (or --view with a project, or one of --lisa, --gap, --ratio, --small-multiples, --bivariate, --dot-density, --plurality)");
  const render::OutputFormat format = render::outputFormatFor(o.out);
  // Fail before the work when the figure could not be written anyway.
  const auto outDir = std::filesystem::absolute(o.out).parent_path();
  if (!std::filesystem::is_directory(outDir))
    throw Error(o.out + ": cannot write: folder " + outDir.string() + " does not exist");

  if (views == 1) {  // the view names the data; its field (and a --per denominator) belong to its choropleth
    spec.field.clear();
    spec.per.clear();
  }
  if (referenceTest) spec.field.clear();
  // A choropleth to PNG needs no more detail than the image can show: generalise while reading. Other views
  // analyse the geometry (contiguity, dot placement) and vector figures can be zoomed: they keep every vertex.
  std::optional<session::RasterTarget> raster;
  if (views == 0 && !referenceTest && format == render::OutputFormat::Png) {
    render::FigureOptions page;
    const double pxPerPt = applyPageSize(o, page) / 72;
    raster = session::RasterTarget{static_cast<int>(std::lround(page.widthPt * pxPerPt)),
                                   static_cast<int>(std::lround(page.heightPt * pxPerPt)), spec.extentLonLat};
    if (!o.extent.empty()) raster->extentLonLat = o.extent.size() == 4 ? Extent{o.extent[0], o.extent[1], o.extent[2], o.extent[3]} : Extent{};
  }
  session::ViewData data = session::loadViewData(spec, views || referenceTest ? session::FieldSelection::All : session::FieldSelection::MappedOnly,
                                                 raster ? &*raster : nullptr);
  const Layer& layer = data.layer;
  const std::string& displayCrs = data.displayCrs;
  for (const std::string& w : layer.warnings) std::cerr << "mobmap: warning: " << w << "\n";

  render::FigureOptions fo = session::defaultFigureOptions(spec, data);
  const double dpi = applyPageOptions(o, displayCrs, fo);
  nlohmann::json j = {{"out", o.out},
                      {"format", format == render::OutputFormat::Png ? "png" : format == render::OutputFormat::Svg ? "svg" : "pdf"}};
  if (wantsCallouts(o, spec)) fo.callouts = calloutsFor(o, spec, displayCrs, j);
  j["warnings"] = nlohmann::json::array();
  if (views == 1 || referenceTest) {
    render::Figure fig = composeView(o, spec, data, fo, j);
    render::writeFigure(fig, o.out, dpi);
    j.update(figureTextsJson(fig));
    // Where the maps are in the PNG, for checks and for cropping: [x, y, width, height] in pixels.
    nlohmann::json frames = nlohmann::json::array();
    for (const render::MapPanel& p : fig.panels) {
      const auto& v = p.viewport;
      frames.push_back({std::lround(v.x * dpi / 72), std::lround(v.y * dpi / 72), std::lround(v.width * dpi / 72),
                        std::lround(v.height * dpi / 72)});
    }
    j["map_frames_px"] = frames;
  } else {
    render::ThematicMap map = render::buildThematicMap(layer.attributes, session::thematicRequest(spec), spec.data);
    j.update(figureTextsJson(session::exportFigure(data, map, fo, o.out, dpi)));
    reportWarnings(map, j);
    const auto& c = map.classification;
    j.update({{"field", spec.field},
              {"method", map.uniqueValues ? std::string("unique") : std::string(analysis::methodName(c.method))},
              {"breaks", c.breaks},
              {"counts", c.counts},
              {"missing", map.missing},
              {"missing_reasons", missingReasonsJson(map.missingReasons)},
              {"low_quality", map.lowQualityCount},
              {"suppressed", map.suppressed},
              {"gvf", c.gvf},
              {"legend", legendJson(map.legend)}});
    if (!map.limitCrossing.empty())
      j["class_limits"] = {{"interval", map.limitCrossingLevel}, {"limits", std::vector<double>(c.breaks.begin() + 1, c.breaks.end() - 1)},
                           {"share_crossing", map.limitCrossing}};
  }

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
                                               "ratio, small-multiples, bivariate, dot-density or plurality map, with title, legend, scale bar, "
                                               "north arrow and source line.");
  cmd->add_option("DATA", o->data, "Vector source, or a project file with --view")->required();
  cmd->add_option("--view", o->view, "Render this view of a project file");
  cmd->add_option("--field", o->field, "Field to map");
  cmd->add_option("--layer", o->layer, "Layer of a multi-layer source");
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
  cmd->add_option("--quality", o->quality, "Urban quality-flag field (default: FIELD_quality when present)");
  cmd->add_option("--moe", o->moe, "ACS margin-of-error field (default: FIELD_moe when present); with --significance "
                                   "A=A_MOE,B=B_MOE");
  cmd->add_option("--significance", o->significance, "With --gap, --ratio, or --field and a numeric --reference: test each "
                                                     "difference at this confidence level (e.g. 0.90); not significant "
                                                     "areas get a neutral class");
  cmd->add_flag("--fdr", o->fdr, "With --significance: Benjamini-Hochberg false discovery rate across the areas");
  cmd->add_option("--ci", o->ci, "With --significance: 95% confidence bounds, A=LB:UB,B=LB:UB (Urban's _lb/_ub)")->delimiter(',');
  cmd->add_option("--reference-moe", o->referenceMoe, "With --field, --reference VALUE and --significance: the reference's "
                                                      "90% margin of error");
  cmd->add_flag("--suppress-low-quality", o->suppressLowQuality, "Give low-quality values their own class instead of hatching");
  cmd->add_option("--out", o->out, "Output figure: .png, .svg or .pdf")->required();
  cmd->add_option("--size", o->size, "PNG size in pixels, WIDTHxHEIGHT (96 dpi type)");
  cmd->add_option("--width-in", o->widthIn, "Figure width in inches (height = 0.625 x width)")->capture_default_str();
  cmd->add_option("--dpi", o->dpi, "PNG resolution in dots per inch")->capture_default_str();
  cmd->add_option("--extent", o->extent, "Map extent in lon/lat: MINLON,MINLAT,MAXLON,MAXLAT (default: the data; "
                                         "the contiguous US for US-wide data)")->delimiter(',');
  cmd->add_flag("--km", o->km, "Scale bar in kilometres (default miles)");
  cmd->add_option("--lisa", o->lisa, "LISA cluster map of this field (local Moran's I, as `mobmap lisa`)");
  cmd->add_option("--moran-scatter", o->moranScatter, "Moran scatter plot of this field: standardised value against its "
                                                      "spatial lag, LISA quadrant colours, slope = Moran's I");
  cmd->add_option("--weights", o->weights, "With --lisa, --moran-scatter or --hotspots: queen, rook, knn:K or distance:D")
      ->capture_default_str();
  cmd->add_option("--correction", o->correction, "With --lisa: none, bonferroni or fdr (multiple comparisons)")->capture_default_str();
  cmd->add_option("--hotspots", o->hotspots, "Hot-spot map of this field: Getis-Ord Gi* (as `mobmap hotspots --star`)");
  cmd->add_flag("--gi", o->giPlain, "With --hotspots: Gi (the area itself left out) instead of Gi*");
  cmd->add_option("--snap", o->snap, "With --lisa: vertices this close (display-CRS units) count as shared");
  cmd->add_option("--permutations", o->permutations, "With --lisa: permutations for the pseudo p (0: analytical p)")->capture_default_str();
  cmd->add_option("--seed", o->seed, "With --lisa: seed of the permutations; with --dot-density: seed of the dot places")->capture_default_str();
  cmd->add_option("--alpha", o->alpha, "With --lisa: significance level")->capture_default_str();
  cmd->add_option("--gap", o->gap, "Gap map A-B of two fields, A,B (diverging around 0)")->delimiter(',');
  cmd->add_option("--ratio", o->ratio, "Ratio map A/B of two fields, A,B (diverging around 1)")->delimiter(',');
  cmd->add_option("--small-multiples", o->smallMultiples, "One map per field, F1,F2,..., on shared classes")->delimiter(',');
  cmd->add_option("--small-multiples-by", o->smallMultiplesBy, "One map of --field per value of this column of the "
                                                               "--join long table (e.g. subgroup), on shared classes");
  cmd->add_option("--panel-titles", o->panelTitles, "With --small-multiples: a title per map, T1,T2,...")->delimiter(',');
  cmd->add_option("--bivariate", o->bivariate, "Bivariate map of two fields X,Y (3 x 3 tertiles)")->delimiter(',');
  cmd->add_option("--palette", o->palette, "With --bivariate: pink_blue (default), purple_gold, green_blue, teal_red");
  cmd->add_option("--dot-density", o->dotDensity, "Dot-density map of group fields G1,G2,... (one dot per --per people)")->delimiter(',');
  cmd->add_option("--per", o->perDot, "With --dot-density: people per dot")->capture_default_str();
  cmd->add_option("--plurality", o->plurality, "Largest group per area of group fields G1,G2,... (majority / plurality)")->delimiter(',');
  cmd->add_option("--group-labels", o->groupLabels, "With --dot-density or --plurality: a legend name per group")->delimiter(',');
  cmd->add_option("--total", o->total, "With --dot-density or --plurality: total population field");
  cmd->add_flag("--percent", o->percent, "The group fields are percentages (0-100) of --total");
  cmd->add_flag("--share", o->share, "The group fields are shares (0-1) of --total");
  cmd->add_option("--notes", o->notes, "Notes store (.gpkg, PG:..., or a .geojson/.csv of notes): its public notes "
                                       "become numbered callouts on the map, listed under the legend");
  cmd->add_flag("--callouts", o->callouts, "Numbered callouts of public notes (from --notes, else the project's [notes] store)");
  cmd->add_flag("--no-callouts", o->noCallouts, "No note callouts, even for a project view that names notes");
  cmd->add_flag("--json", o->json, "Print a JSON summary on stdout");
  cmd->callback([o, &exitCode] {
    runRender(*o);
    exitCode = 0;
  });
}

}  // namespace mobmap::cli
