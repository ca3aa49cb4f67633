#include "session/map_kind.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "analysis/moe.h"
#include "analysis/multiple_testing.h"
#include "core/error.h"
#include "core/geoid.h"
#include "core/text.h"
#include "io/row_filter.h"
#include "io/source_reader.h"
#include "render/bivariate_map.h"
#include "render/change_map.h"
#include "render/comparison_map.h"
#include "render/hotspot_map.h"
#include "render/lisa_map.h"
#include "render/plurality_map.h"
#include "render/small_multiples.h"
#include "render/vector/cairo_renderer.h"
#include "session/long_table.h"
#include "style/color_ramps.h"

namespace mobmap::session {

using nlohmann::json;

// The table of kinds: one row per kind. The command line makes one option of each row, the viewer lists the
// rows marked `viewer`, and project views name a row's `name`.
const std::vector<MapKindInfo>& mapKinds() {
  static const std::vector<MapKindInfo> kinds = {
      {MapKind::Choropleth, "choropleth", "", "Choropleth", "", "Classifying the map", 1, 1, true, false},
      {MapKind::Lisa, "lisa", "--lisa", "LISA clusters", "LISA cluster map of this field (local Moran's I, as `mobmap lisa`)", "Computing LISA clusters",
       1, 1, true, true},
      {MapKind::Gap, "gap", "--gap", "Gap (A \xe2\x88\x92 B)", "Gap map A-B of two fields, A,B (diverging around 0)", "Computing the gap map", 2, 2, true, false},
      {MapKind::Ratio, "ratio", "--ratio", "Ratio (A / B)", "Ratio map A/B of two fields, A,B (diverging around 1)", "Computing the ratio map", 2, 2, true, false},
      {MapKind::Change, "change", "--change", "Change between years",
       "Change map of this field between the two --years of the --join long table (diverging around no change)", "Computing the change map", 1, 1, false, false},
      {MapKind::SmallMultiples, "small_multiples", "--small-multiples", "Small multiples",
       "One map per field, F1,F2,..., on shared classes", "Classifying the maps", 1, -1, false, false},
      {MapKind::Bivariate, "bivariate", "--bivariate", "Bivariate", "Bivariate map of two fields X,Y (3 x 3 tertiles)", "Computing the bivariate map", 2, 2, true, false},
      {MapKind::DotDensity, "dot_density", "--dot-density", "Dot density",
       "Dot-density map of group fields G1,G2,... (one dot per --per people)", "Placing the dots", 1, -1, false, false},
      {MapKind::Plurality, "plurality", "--plurality", "Largest group",
       "Largest group per area of group fields G1,G2,... (majority / plurality)", "Finding the largest groups", 1, -1, false, false},
      {MapKind::MoranScatter, "moran_scatter", "--moran-scatter", "Moran scatter plot",
       "Moran scatter plot of this field: standardised value against its spatial lag, LISA quadrant colours, slope = Moran's I", "Computing the Moran scatter plot",
       1, 1, false, true},
      {MapKind::HotSpots, "hotspots", "--hotspots", "Hot spots (Getis-Ord)",
       "Hot-spot map of this field: Getis-Ord Gi* (as `mobmap hotspots --star`)", "Computing hot spots", 1, 1, false, true},
  };
  return kinds;
}

const MapKindInfo& mapKindInfo(MapKind kind) {
  for (const MapKindInfo& k : mapKinds())
    if (k.kind == kind) return k;
  return mapKinds().front();
}

std::optional<MapKind> parseMapKind(std::string_view name) {
  std::string n = toLower(name);
  std::replace(n.begin(), n.end(), '-', '_');
  for (const MapKindInfo& k : mapKinds())
    if (k.name == n) return k.kind;
  return std::nullopt;
}

namespace {


// The kind's fields, checked against its count: `spec.map.fields`, or for one-field kinds the view's field.
std::vector<std::string> kindFields(const ViewSpec& spec) {
  const MapKindInfo& info = mapKindInfo(spec.map.kind);
  std::vector<std::string> f = spec.map.fields;
  if (f.empty() && info.maxFields == 1) f.push_back(mappedField(spec));
  const bool countOk = static_cast<int>(f.size()) >= info.minFields && (info.maxFields < 0 || static_cast<int>(f.size()) <= info.maxFields);
  const bool namesOk = std::none_of(f.begin(), f.end(), [](const std::string& s) { return s.empty(); });
  if (!countOk || !namesOk) {
    const std::string what = info.option.empty() ? std::string(info.name) : std::string(info.option);
    if (info.minFields == 2 && info.maxFields == 2) {
      const std::string pair = spec.map.kind == MapKind::Bivariate ? "X,Y" : "A,B";
      throw UsageError(what + " needs two fields: " + pair);
    }
    throw UsageError(what + " needs " + (info.maxFields == 1 ? "a field" : "one or more fields"));
  }
  return f;
}

// The LISA options of the spec for `field`; the viewer's cached queen weights when they fit.
render::LisaMapRequest lisaRequestOf(const ViewSpec& spec, const std::string& field, const MapBuildInputs& inputs) {
  const MapKindSpec& k = spec.map;
  render::LisaMapRequest r;
  r.field = field;
  r.weights = analysis::parseWeightsSpec(k.weights);
  r.correction = analysis::parsePCorrection(k.correction);
  if (!(k.snap >= 0)) throw UsageError("--snap must be 0 or more");
  if (k.permutations < 0 || k.permutations > 1000000) throw UsageError("--permutations must be 0 to 1000000");
  r.snap = k.snap;
  r.permutations = k.permutations;
  r.seed = k.seed;
  r.alpha = k.alpha;
  r.style = spec.style;
  r.legendTitle = spec.legendTitle;
  if (r.weights.kind == analysis::WeightsKind::Queen && r.snap == analysis::kPoly2nbSnap) r.contiguity = inputs.contiguity;
  r.cancel = inputs.cancel;
  return r;
}

// The significance test of the spec for fields `a` (and `b` of a gap or ratio): its level, Benjamini-Hochberg,
// the sides' margins of error (testMoe "A=A_MOE,B=B_MOE", or one field for a reference test) and 95% bounds (ci
// "A=LB:UB"); a side not named falls back to its field's _moe or _lb/_ub columns.
render::SignificanceRequest significanceOf(const ViewSpec& spec, const std::string& a, const std::string& b) {
  const MapKindSpec& k = spec.map;
  render::SignificanceRequest r;
  if (k.significance == 0) {
    if (k.fdr || !k.ci.empty()) throw UsageError("--fdr and --ci belong to a significance test: add --significance 0.90");
    return r;
  }
  r.level = k.significance;
  r.fdr = k.fdr;
  auto sideOf = [&](const std::string& field, const std::string& option) -> render::UncertaintyFields& {
    if (field == a) return r.a;
    if (!b.empty() && field == b) return r.b;
    throw UsageError(option + " names '" + field + "', which is not " + (b.empty() ? "the mapped field " + a : "one of " + a + ", " + b));
  };
  if (!k.testMoe.empty()) {
    for (const std::string& item : split(k.testMoe, ',')) {
      const std::size_t eq = item.find('=');
      if (eq == std::string::npos) {
        if (!b.empty()) throw UsageError("--moe with --gap or --ratio reads A=A_MOE,B=B_MOE");
        r.a.moe = std::string(trim(item));
        continue;
      }
      sideOf(std::string(trim(item.substr(0, eq))), "--moe").moe = std::string(trim(item.substr(eq + 1)));
    }
  }
  for (const std::string& item : k.ci) {
    const std::size_t eq = item.find('='), colon = item.find(':', eq == std::string::npos ? 0 : eq);
    if (eq == std::string::npos || colon == std::string::npos)
      throw UsageError("--ci '" + item + "': expected FIELD=LOWER:UPPER (e.g. A=A_lb:A_ub)");
    render::UncertaintyFields& u = sideOf(std::string(trim(item.substr(0, eq))), "--ci");
    u.lower = std::string(trim(item.substr(eq + 1, colon - eq - 1)));
    u.upper = std::string(trim(item.substr(colon + 1)));
  }
  return r;
}

// The numbers of a significance test: counts of significant, not significant and untested areas.
void addSignificance(const analysis::DifferenceTests& t, const MapKindSpec& k, json& j) {
  j.update({{"significance", k.significance}, {"fdr", k.fdr}, {"critical_z", t.criticalZ},
            {"significant", t.significantCount}, {"not_significant", t.notSignificantCount},
            {"not_tested", t.untestedCount}});
}

// For each interior class limit of `map`, the share of areas whose confidence interval crosses it (when the map
// has the uncertainty to say).
void addClassLimits(const render::ThematicMap& map, json& j) {
  if (map.limitCrossing.empty()) return;
  const auto& breaks = map.classification.breaks;
  j["class_limits"] = {{"interval", map.limitCrossingLevel},
                       {"limits", std::vector<double>(breaks.begin() + 1, breaks.end() - 1)},
                       {"share_crossing", map.limitCrossing}};
  if (!map.limitSeparability.empty()) j["class_limits"]["separability"] = map.limitSeparability;
}

render::GroupFields groupFieldsOf(const ViewSpec& spec, const std::vector<std::string>& fields) {
  const MapKindSpec& k = spec.map;
  if (k.units != render::GroupUnits::Counts && k.total.empty())
    throw UsageError("--percent and --share need --total (the count they are shares of)");
  return {fields, k.groupLabels, k.total, k.units};
}

// The row filter `where` AND column = value (a plain name unquoted, text values quoted with quotes doubled).
std::string withCondition(const std::string& where, const std::string& column, const std::string& value, bool numeric) {
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

// The spec that loads one value of `column` of the joined long table: the year of a change map, the subgroup
// of one small multiple. A `year` condition already in the filter (a project view's year) is replaced.
ViewSpec specForValue(const ViewSpec& spec, const std::string& column, const std::string& value, bool numeric) {
  ViewSpec s = spec;
  if (column == "year" && numeric) {
    if (auto y = parseNumber(value); y && *y == std::floor(*y)) {
      s.where = withYearAndSubgroup(spec.where, static_cast<int>(*y), std::nullopt);
      return s;
    }
  }
  s.where = withCondition(spec.where, column, value, numeric);
  return s;
}

// The distinct values of `column` among the joined table's rows that pass the filter, in first-seen order, and
// whether the column is numeric.
std::pair<std::vector<std::string>, bool> columnValues(const ViewSpec& spec, const std::string& column) {
  const AttributeTable table = io::readTable(spec.join, spec.joinLayer);
  const Column& c = table.require(column, spec.join);
  const std::vector<bool> pass = spec.where.empty() ? std::vector<bool>(table.rowCount(), true) : io::selectRows(table, spec.where, spec.join);
  std::vector<std::string> values;
  for (std::size_t r = 0; r < table.rowCount(); ++r) {
    if (!pass[r] || c.isMissing(r)) continue;
    std::string v = c.displayText(r);
    if (std::find(values.begin(), values.end(), v) == values.end()) values.push_back(std::move(v));
  }
  return {values, c.isNumeric()};
}

// The values of --small-multiples-by, checked: 1 to 16 of them.
std::pair<std::vector<std::string>, bool> panelValues(const ViewSpec& spec) {
  const std::string& by = spec.map.by;
  if (spec.join.empty() || mappedField(spec).empty())
    throw UsageError("--small-multiples-by needs --join (a long table, one row per area and group) and --field");
  if (!spec.map.fields.empty() || !spec.map.panelTitles.empty())
    throw UsageError("--small-multiples-by titles the maps with the column's values; leave out --small-multiples and --panel-titles");
  if (toLower(by) == "subgroup" && filterSubgroup(spec.where))
    throw UsageError("--where already picks one subgroup; leave the subgroup condition out with --small-multiples-by subgroup");
  auto [values, numeric] = columnValues(spec, by);
  if (values.empty())
    throw Error(spec.join + ": no rows with a value of '" + by + "'" + (spec.where.empty() ? std::string() : " where " + spec.where));
  if (values.size() > 16)
    throw UsageError(spec.join + ": '" + by + "' has " + std::to_string(values.size()) +
                     " values; small multiples show at most 16 maps (narrow them with --where)");
  return {values, numeric};
}

// The two years of a change map, checked, and whether the year column is numeric.
std::pair<std::array<std::string, 2>, bool> changeYears(const ViewSpec& spec) {
  const MapKindSpec& k = spec.map;
  if (spec.join.empty())
    throw UsageError("--change compares two years of a long table: give --join TABLE (one row per area and year)");
  if (k.years.size() != 2 || k.years[0].empty() || k.years[1].empty() || k.years[0] == k.years[1])
    throw UsageError("--change needs two different years: --years FROM,TO");
  const AttributeTable table = io::readTable(spec.join, spec.joinLayer);
  const Column& c = table.require(k.yearColumn, spec.join);
  const bool numeric = c.isNumeric();
  for (const std::string& y : k.years) {
    const std::string where = specForValue(spec, k.yearColumn, y, numeric).where;
    const std::vector<bool> pass = io::selectRows(table, where, spec.join);
    if (std::find(pass.begin(), pass.end(), true) != pass.end()) continue;
    std::string offered;
    for (std::size_t r = 0; r < table.rowCount(); ++r) {
      if (c.isMissing(r)) continue;
      const std::string v = c.displayText(r);
      if (("," + offered + ",").find("," + v + ",") == std::string::npos) offered += (offered.empty() ? "" : ",") + v;
    }
    throw Error(spec.join + ": no rows where " + where + " (" + k.yearColumn + " has " +
                (offered.empty() ? std::string("no values") : offered) + ")");
  }
  return {{k.years[0], k.years[1]}, numeric};
}

// The areas the long table's rows of two years name: the table-side join keys (normalised as the join
// normalises them) of the rows of each year, compared. GEOIDs in only one year mean that the areas were
// renumbered, split or merged between the years (2010 vs 2020 census tracts; Connecticut's counties and planning
// regions), or that one year lacks rows.
KeySetDifference yearKeyDifference(const ViewSpec& spec, const AttributeTable& table, const std::array<std::string, 2>& years,
                                   bool numeric) {
  const std::size_t eq = spec.on.find('=');
  if (eq == std::string::npos) throw UsageError("--on must read LEFT=RIGHT (e.g. GEOID=GEO_ID or GEOID=state+county), got '" + spec.on + "'");
  const KeySpec rightKey = KeySpec::parse(trim(std::string_view(spec.on).substr(eq + 1)));
  std::vector<std::string> keys = buildKeys(table, rightKey, spec.join);
  std::vector<std::string> none;
  restoreLostLeadingZero(keys, none);
  std::array<std::vector<std::string>, 2> perYear;
  for (int y = 0; y < 2; ++y) {
    const std::vector<bool> pass = io::selectRows(table, specForValue(spec, spec.map.yearColumn, years[y], numeric).where, spec.join);
    for (std::size_t r = 0; r < table.rowCount(); ++r)
      if (pass[r]) perYear[y].push_back(keys[r]);
  }
  return compareKeySets(perYear[0], perYear[1]);
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Whether the keys are census tract GEOIDs (11 digits), judged from the examples of both sides.
bool tractKeys(const KeySetDifference& d) {
  for (const auto* v : {&d.onlyFirstExamples, &d.onlySecondExamples})
    for (const std::string& k : *v)
      if (k.size() != 11 || k.find_first_not_of("0123456789") != std::string::npos) return false;
  return !d.onlyFirstExamples.empty() || !d.onlySecondExamples.empty();
}

// The checks before a change is computed: census-tract vintages (from the GEOIDs each year's rows name, and for
// tract data from the years), and overlapping ACS periods. Refuses (mobmap::Error) tract data whose two years name
// different tracts (GEOIDs in only one year on both sides: 2010 and 2020 tracts), and tract data from both sides
// of 2019/2020 unless both years name the same tracts; warns about other GEOIDs in only one year and about
// overlapping 5-year ACS periods. Returns the standard-error factor for the test of overlapping ACS periods
// (1 when they do not overlap or are not ACS 5-year estimates) and its source-line text.
std::pair<double, std::string> checkChangeYears(const ViewSpec& spec, const Layer& layer, const AttributeTable& table,
                                                const std::array<std::string, 2>& years, bool numeric, bool acsLike,
                                                std::vector<std::string>& warnings, json& summary) {
  const std::string& from = years[0];
  const std::string& to = years[1];
  const KeySetDifference d = yearKeyDifference(spec, table, years, numeric);
  summary["geoids"] = {{"both", d.common}, {"only_from", d.onlyFirst}, {"only_to", d.onlySecond},
                       {"only_from_examples", d.onlyFirstExamples}, {"only_to_examples", d.onlySecondExamples}};
  const bool tracts = areaNounFor(layer) == "tracts" || tractKeys(d);
  auto onlyText = [&] {
    std::string t;
    if (d.onlyFirst > 0)
      t += std::to_string(d.onlyFirst) + " GEOID" + (d.onlyFirst == 1 ? "" : "s") + " only in " + from + " (e.g. " + joined(d.onlyFirstExamples) + ")";
    if (d.onlySecond > 0)
      t += (t.empty() ? "" : ", ") + std::to_string(d.onlySecond) + " only in " + to + " (e.g. " + joined(d.onlySecondExamples) + ")";
    return t + (d.common > 0 ? ", " + std::to_string(d.common) + " in both" : "");
  };
  const bool renumbered = d.onlyFirst > 0 && d.onlySecond > 0;
  const auto y0 = parseNumber(from), y1 = parseNumber(to);
  const bool across2020 = y0 && y1 && std::min(*y0, *y1) <= 2019 && std::max(*y0, *y1) >= 2020;
  if (tracts && renumbered)
    throw Error(spec.join + ": the " + from + " and " + to + " rows name different census tracts: " + onlyText() +
                ". Tract GEOIDs were renumbered, split and merged between the 2010 and 2020 censuses (ACS 2015-2019 and "
                "earlier are on 2010 tracts, ACS 2016-2020 and later on 2020 tracts), so a change between these years "
                "compares different areas. Bring both years to one vintage first (the Census Bureau's 2010-2020 tract "
                "relationship file), or compare two years on the same side of 2020");
  if (tracts && across2020 && d.onlyFirst + d.onlySecond > 0)
    throw Error(spec.join + ": a change of tract data from " + from + " to " + to + " compares different areas: " + onlyText() +
                ". Tract data up to 2019 (ACS 2015-2019 and earlier, the 2010 census) are on 2010 census tracts, data "
                "from 2020 (ACS 2016-2020 and later) on 2020 tracts. Bring both years to one vintage first (the Census "
                "Bureau's 2010-2020 tract relationship file), or compare two years on the same side of 2020");
  if (tracts && across2020)
    warnings.push_back(from + " and " + to + " lie on both sides of the 2020 census, but both years name the same " +
                       std::to_string(d.common) + " tract GEOIDs, so the rows are taken to be on one tract vintage "
                       "(brought to it, or tracts that did not change); a tract that kept its GEOID may still have "
                       "moved a boundary slightly");
  else if (d.onlyFirst + d.onlySecond > 0)
    warnings.push_back("the " + from + " and " + to + " rows name different areas: " + onlyText() +
                       "; areas in only one year have no change (no data)" +
                       (renumbered ? ": their boundaries or codes changed between the years (e.g. Connecticut's counties "
                                     "became planning regions in 2022)"
                                   : ""));
  double factor = 1;
  std::string factorText;
  if (acsLike && y0 && y1) {
    const int apart = static_cast<int>(std::fabs(*y1 - *y0));
    if (apart < 5) {
      const double lo = std::min(*y0, *y1), hi = std::max(*y0, *y1);
      const int shared = 5 - apart;
      warnings.push_back(from + " and " + to + " are 5-year ACS periods that overlap (" + std::to_string(static_cast<int>(hi) - 4) +
                         "-" + std::to_string(static_cast<int>(lo)) + " is in both): their estimates share survey years, so "
                         "the change is not between independent samples and understates what moved; compare periods at least "
                         "5 years apart" +
                         (spec.map.significance != 0
                              ? std::string("; the test scales the standard error of the change by √(1 − C), C = ") +
                                    std::to_string(shared) + "/5, as the Census Bureau's ACS Compass handbook (2008) approximates it"
                              : std::string()));
      factor = analysis::overlappingPeriodSeFactor(apart);
      factorText = "overlapping 5-year ACS periods: standard error × √(1 − " + std::to_string(shared) + "/5) (Census Bureau, ACS Compass handbook, 2008)";
    }
  }
  return {factor, factorText};
}

BuiltMap buildChange(const ViewSpec& spec, const Layer& layer, const std::string& field) {
  auto [years, numeric] = changeYears(spec);
  const std::string& column = spec.map.yearColumn;
  ViewSpec base = spec;
  base.field = field;
  base.per.clear();
  base.map = MapKindSpec{};
  BuiltMap b;
  json summary;
  const std::string src = toLower(spec.source);
  const AttributeTable table = io::readTable(spec.join, spec.joinLayer);
  const bool acsLike = (areaNounFor(layer) == "tracts" || src.find("acs") != std::string::npos || src.find("5-year") != std::string::npos ||
                        table.find(field + "_moe") || table.find(field + "_MOE")) &&
                       src.find("1-year") == std::string::npos;
  // Before anything is computed: do the two years name the same areas, and are they independent samples?
  const auto [seFactor, seFactorText] = checkChangeYears(spec, layer, table, years, numeric, acsLike, b.warnings, summary);
  std::array<ViewData, 2> year;
  for (int i = 0; i < 2; ++i) {
    year[i] = loadViewData(specForValue(base, column, years[i], numeric), FieldSelection::MappedOnly);
    for (const std::string& n : year[i].notes) b.notes.push_back(years[i] + ": " + n);
    if (year[i].layer.featureCount() != layer.featureCount())
      throw Error(spec.join + ": the " + years[i] + " rows were read over " + std::to_string(year[i].layer.featureCount()) +
                  " areas, the map has " + std::to_string(layer.featureCount()));
  }
  render::ChangeRequest r;
  r.field = field;
  r.fromLabel = years[0];
  r.toLabel = years[1];
  r.measure = spec.map.measure;
  r.base = thematicRequest(spec);
  r.significance = significanceOf(spec, field, "");
  if (r.significance.level != 0) {
    r.seFactor = seFactor;
    r.seFactorText = seFactorText;
  }
  render::ChangeMap cm = render::buildChangeMap(year[0].layer.attributes, year[1].layer.attributes, r, spec.join);
  const auto& c = cm.map.classification;
  summary.update(json{
      {"view", "change"}, {"field", field}, {"from", years[0]}, {"to", years[1]},
      {"measure", render::changeMeasureName(spec.map.measure)}, {"method", analysis::methodName(c.method)},
      {"breaks", c.breaks}, {"counts", c.counts}, {"missing", cm.map.missing}, {"missing_from", cm.missingFrom},
      {"missing_to", cm.missingTo}, {"zero_base", cm.zeroBase}, {"low_quality", cm.map.lowQualityCount},
      {"reference", cm.map.referenceText}, {"uncertainty", cm.uncertainty}, {"method_text", cm.map.methodText}});
  addClassLimits(cm.map, summary);
  if (cm.tested) {
    addSignificance(cm.test, spec.map, summary);
    summary["se_factor"] = r.seFactor;
  }
  b.summary = std::make_shared<json>(std::move(summary));
  b.defaultTitle = cm.map.metricLabel;
  const std::optional<std::string> subgroup = filterSubgroup(spec.where);
  b.scope = subgroup ? rowScopeText(withYearAndSubgroup("", std::nullopt, subgroup)) : std::string();
  b.map = std::move(cm.map);
  return b;
}

BuiltMap buildSmallMultiplesBy(const ViewSpec& spec) {
  auto [values, numeric] = panelValues(spec);
  const std::string field = mappedField(spec);
  ViewSpec base = spec;
  base.map = MapKindSpec{};
  BuiltMap b;
  b.kind = MapKind::SmallMultiples;
  std::vector<ViewData> data;
  data.reserve(values.size());
  for (const std::string& v : values) {
    data.push_back(loadViewData(specForValue(base, spec.map.by, v, numeric), FieldSelection::MappedOnly));
    for (const std::string& n : data.back().notes) b.notes.push_back(v + ": " + n);
  }
  std::vector<render::PanelSource> panels;
  for (std::size_t i = 0; i < values.size(); ++i) panels.push_back({&data[i].layer.attributes, field, values[i]});
  render::SharedClassMaps sm = render::buildSharedClassMaps(panels, thematicRequest(spec), spec.data);
  const auto& c = sm.shared.classification;
  json pj = json::array();
  for (std::size_t i = 0; i < sm.panels.size(); ++i) {
    std::vector<std::size_t> counts(c.counts.size(), 0);
    for (int f : sm.panels[i].fillIndex)
      if (f >= 0 && f < static_cast<int>(counts.size())) ++counts[static_cast<std::size_t>(f)];
    pj.push_back({{"value", values[i]}, {"title", sm.panels[i].title}, {"counts", counts},
                  {"missing", sm.panels[i].missing}, {"low_quality", sm.panels[i].lowQualityCount}});
  }
  b.summary = std::make_shared<json>(json{{"view", "small_multiples"}, {"field", field}, {"by", spec.map.by}, {"values", values},
                                          {"method", analysis::methodName(c.method)}, {"breaks", c.breaks},
                                          {"counts", c.counts}, {"panels", pj}});
  b.map = std::move(sm.shared);
  b.panels = std::move(sm.panels);
  return b;
}

// The gap or ratio request of the spec. When the spec's style options were chosen for the view's choropleth
// (the viewer), a sequential ramp gives way to the diverging style's.
render::ComparisonRequest comparisonRequestOf(const ViewSpec& spec, const std::vector<std::string>& f) {
  render::ComparisonRequest r;
  r.fieldA = f[0];
  r.fieldB = f[1];
  r.kind = spec.map.kind == MapKind::Gap ? render::Comparison::Gap : render::Comparison::Ratio;
  r.base = thematicRequest(spec);
  r.significance = significanceOf(spec, f[0], f[1]);
  if (spec.map.choroplethStyle) {
    const auto& ramps = style::RampCatalog::builtin();
    auto& ramp = r.base.overrides.ramp;
    if (ramp && ramps.has(*ramp) && ramps.kind(*ramp) != style::RampKind::Diverging) ramp.reset();
  }
  return r;
}

}  // namespace

BuiltMap buildMap(const ViewSpec& spec, const Layer& layer, const MapBuildInputs& inputs) {
  const MapKind kind = spec.map.kind;
  if (kind == MapKind::SmallMultiples && !spec.map.by.empty()) return buildSmallMultiplesBy(spec);
  const std::vector<std::string> f = kind == MapKind::Choropleth ? std::vector<std::string>{mappedField(spec)} : kindFields(spec);
  BuiltMap b;
  b.kind = kind;
  switch (kind) {
    case MapKind::Choropleth: {
      if (spec.map.significance != 0) {  // each area against a reference value with its own margin of error
        const std::optional<double> value = parseNumber(spec.reference);
        if (!value) throw UsageError("a test against a reference needs --reference VALUE (a number) and --reference-moe MOE");
        render::ComparisonRequest r;
        r.fieldA = f[0];
        r.kind = render::Comparison::Reference;
        r.base = thematicRequest(spec);
        r.referenceValue = *value;
        r.referenceMoe = spec.map.referenceMoe < 0 ? 0 : spec.map.referenceMoe;
        r.significance = significanceOf(spec, f[0], "");
        render::ComparisonMap cm = render::buildComparisonMap(layer.attributes, r, spec.data);
        const auto& c = cm.map.classification;
        json j{{"view", "reference"}, {"field", cm.field}, {"method", analysis::methodName(c.method)}, {"breaks", c.breaks},
               {"counts", c.counts}, {"missing", cm.map.missing}, {"low_quality", cm.map.lowQualityCount},
               {"reference", r.referenceValue}, {"reference_moe", r.referenceMoe}, {"method_text", cm.map.methodText}};
        addSignificance(cm.test, spec.map, j);
        addClassLimits(cm.map, j);
        b.summary = std::make_shared<json>(std::move(j));
        b.defaultTitle = cm.map.legend.heading;
        b.map = std::move(cm.map);
        break;
      }
      b.map = render::buildThematicMap(layer.attributes, thematicRequest(spec), spec.data);
      const auto& c = b.map.classification;
      const std::string method = b.map.uniqueValues ? std::string("unique") : std::string(analysis::methodName(c.method));
      json j{{"field", spec.field}, {"method", method}, {"breaks", c.breaks}, {"counts", c.counts},
             {"missing", b.map.missing}, {"low_quality", b.map.lowQualityCount}, {"suppressed", b.map.suppressed},
             {"gvf", c.gvf}};
      addClassLimits(b.map, j);
      b.summary = std::make_shared<json>(std::move(j));
      break;
    }
    case MapKind::Lisa: {
      render::LisaMap lm = render::buildLisaMap(layer, lisaRequestOf(spec, f[0], inputs), spec.data);
      if (lm.islands > 0) b.notes.push_back("note: " + std::to_string(lm.islands) + " areas have no neighbours: not tested, shown as such");
      json counts;
      for (auto c : {analysis::LisaCluster::HighHigh, analysis::LisaCluster::LowLow, analysis::LisaCluster::HighLow,
                     analysis::LisaCluster::LowHigh, analysis::LisaCluster::NotSignificant})
        counts[std::string(analysis::lisaClusterLabel(c))] = lm.result.counts[static_cast<int>(c)];
      const MapKindSpec& k = spec.map;
      b.summary = std::make_shared<json>(json{{"view", "lisa"}, {"field", f[0]}, {"weights", k.weights},
                                              {"permutations", k.permutations}, {"seed", k.seed}, {"alpha", k.alpha},
                                              {"correction", k.correction}, {"cluster_counts", counts}, {"islands", lm.islands},
                                              {"method_text", lm.map.methodText}, {"missing", lm.map.missing}});
      b.defaultTitle = "Clusters of " + lm.map.metricLabel + " (LISA)";
      b.map = std::move(lm.map);
      break;
    }
    case MapKind::Gap:
    case MapKind::Ratio: {
      render::ComparisonRequest r = comparisonRequestOf(spec, f);
      render::ComparisonMap cm;
      try {
        cm = render::buildComparisonMap(layer.attributes, r, spec.data);
      } catch (const UsageError&) {
        throw;
      } catch (const Error&) {
        if (!spec.map.choroplethStyle) throw;
        // The view's method and class count were chosen for its choropleth; when the diverging classes cannot
        // honour them, use the diverging style's own (as `mobmap render --gap` does without them).
        r.base.overrides.method.reset();
        r.base.overrides.classes.reset();
        r.base.overrides.ramp.reset();
        r.base.manualBreaks.clear();
        cm = render::buildComparisonMap(layer.attributes, r, spec.data);
      }
      const auto& c = cm.map.classification;
      json j{{"view", kind == MapKind::Gap ? "gap" : "ratio"}, {"field", cm.field}, {"method", analysis::methodName(c.method)},
             {"breaks", c.breaks}, {"counts", c.counts}, {"missing", cm.map.missing}, {"missing_a", cm.missingA},
             {"missing_b", cm.missingB}, {"zero_denominator", cm.zeroDenominator}, {"low_quality", cm.map.lowQualityCount},
             {"reference", cm.map.referenceText}, {"method_text", cm.map.methodText}};
      if (cm.tested) addSignificance(cm.test, spec.map, j);
      addClassLimits(cm.map, j);
      b.summary = std::make_shared<json>(std::move(j));
      b.defaultTitle = cm.map.legend.heading;
      b.map = std::move(cm.map);
      break;
    }
    case MapKind::HotSpots: {
      render::HotSpotMapRequest r{lisaRequestOf(spec, f[0], inputs), spec.map.giStar};
      render::HotSpotMap hm = render::buildHotSpotMap(layer, r, spec.data);
      std::map<std::string, std::size_t> counts;
      for (const std::string& c : hm.result.cls) ++counts[c];
      b.summary = std::make_shared<json>(json{{"view", "hotspots"}, {"field", f[0]}, {"statistic", r.star ? "Gi*" : "Gi"},
                                              {"weights", spec.map.weights}, {"class_counts", counts},
                                              {"missing", hm.map.missing}, {"method_text", hm.map.methodText}});
      b.defaultTitle = "Hot spots of " + hm.map.metricLabel + (r.star ? " (Gi*)" : " (Gi)");
      b.map = std::move(hm.map);
      break;
    }
    case MapKind::Change: return [&] {
      BuiltMap c = buildChange(spec, layer, f[0]);
      c.kind = kind;
      return c;
    }();
    case MapKind::SmallMultiples: {
      const auto& titles = spec.map.panelTitles;
      if (!titles.empty() && titles.size() != f.size())
        throw UsageError("--panel-titles needs one title per field of --small-multiples");
      std::vector<render::PanelSource> panels;
      for (std::size_t i = 0; i < f.size(); ++i) panels.push_back({&layer.attributes, f[i], titles.empty() ? "" : titles[i]});
      render::SharedClassMaps sm = render::buildSharedClassMaps(panels, thematicRequest(spec), spec.data);
      const auto& c = sm.shared.classification;
      json pj = json::array();
      for (std::size_t i = 0; i < sm.panels.size(); ++i) {
        std::vector<std::size_t> counts(c.counts.size(), 0);
        for (int fi : sm.panels[i].fillIndex)
          if (fi >= 0 && fi < static_cast<int>(counts.size())) ++counts[static_cast<std::size_t>(fi)];
        pj.push_back({{"field", f[i]}, {"title", sm.panels[i].title}, {"counts", counts},
                      {"missing", sm.panels[i].missing}, {"low_quality", sm.panels[i].lowQualityCount}});
      }
      b.summary = std::make_shared<json>(json{{"view", "small_multiples"}, {"method", analysis::methodName(c.method)},
                                              {"breaks", c.breaks}, {"counts", c.counts}, {"panels", pj}});
      b.map = std::move(sm.shared);
      b.panels = std::move(sm.panels);
      break;
    }
    case MapKind::Bivariate: {
      render::BivariateRequest r{f[0], f[1], spec.map.palette, spec.style, spec.legendTitle};
      render::BivariateMap bm = render::buildBivariateMap(layer.attributes, r, spec.data);
      b.summary = std::make_shared<json>(json{{"view", "bivariate"}, {"x", f[0]}, {"y", f[1]}, {"x_breaks", bm.x.breaks},
                                              {"y_breaks", bm.y.breaks}, {"cells", bm.map.legend.grid->counts},
                                              {"missing", bm.map.missing}, {"low_quality", bm.map.lowQualityCount}});
      b.defaultTitle = bm.map.metricLabel;
      b.map = std::move(bm.map);
      break;
    }
    case MapKind::DotDensity: {
      render::DotDensityRequest r;
      r.groups = groupFieldsOf(spec, f);
      r.perDot = spec.map.perDot;
      r.seed = spec.map.seed;
      r.ramp = spec.ramp;
      r.style = spec.style;
      r.legendTitle = spec.legendTitle;
      render::DotDensityMap dm = render::buildDotDensityMap(layer, r, spec.data);
      json groups = json::array();
      for (std::size_t g = 0; g < dm.groupDots.size(); ++g)
        groups.push_back({{"field", f[g]}, {"people", dm.groupPeople[g]}, {"dots", dm.groupDots[g]}});
      b.summary = std::make_shared<json>(json{{"view", "dot_density"}, {"per_dot", spec.map.perDot}, {"seed", spec.map.seed},
                                              {"groups", groups}, {"dots", dm.dots.points.size()}, {"unplaced", dm.unplaced},
                                              {"missing", dm.map.missing}});
      b.defaultTitle = dm.map.metricLabel;
      b.map = dm.map;
      b.dots = std::move(dm);
      break;
    }
    case MapKind::Plurality: {
      render::PluralityRequest r{groupFieldsOf(spec, f), spec.ramp, spec.style, spec.legendTitle};
      render::PluralityMap pm = render::buildPluralityMap(layer.attributes, r, spec.data);
      json groups = json::array();
      for (std::size_t g = 0; g < pm.majority.size(); ++g)
        groups.push_back({{"field", f[g]}, {"majority", pm.majority[g]}, {"plurality", pm.plurality[g]}});
      b.summary = std::make_shared<json>(json{{"view", "plurality"}, {"groups", groups}, {"ties", pm.ties},
                                              {"no_people", pm.noPeople}, {"missing", pm.map.missing}});
      b.defaultTitle = pm.map.metricLabel;
      b.map = std::move(pm.map);
      break;
    }
    case MapKind::MoranScatter: {
      render::MoranScatter ms = render::buildMoranScatter(layer, lisaRequestOf(spec, f[0], inputs), spec.data);
      json pseudoP = ms.global.pseudoP ? json(*ms.global.pseudoP) : json(nullptr);
      std::size_t significant = 0;
      for (const render::MoranScatterPoint& p : ms.points) significant += p.significant;
      const MapKindSpec& k = spec.map;
      b.summary = std::make_shared<json>(json{{"view", "moran_scatter"}, {"field", f[0]}, {"weights", k.weights},
                                              {"permutations", k.permutations}, {"seed", k.seed}, {"alpha", k.alpha},
                                              {"I", ms.global.I}, {"pseudo_p", pseudoP}, {"points", ms.points.size()},
                                              {"significant", significant}, {"missing", ms.missing}});
      b.scatter = std::move(ms);
      break;
    }
  }
  return b;
}

LoadedMap loadMap(const ViewSpec& spec, FieldSelection fields, const RasterTarget* raster, const MapBuildInputs& inputs) {
  ViewSpec primary = spec;
  // A kind that compares rows of a long table draws them over the areas of one of its values.
  if (spec.map.kind == MapKind::Change) {
    auto [years, numeric] = changeYears(spec);
    primary = specForValue(spec, spec.map.yearColumn, years[1], numeric);
    primary.field = kindFields(spec)[0];
  } else if (spec.map.kind == MapKind::SmallMultiples && !spec.map.by.empty()) {
    auto [values, numeric] = panelValues(spec);
    primary = specForValue(spec, spec.map.by, values.front(), numeric);
  }
  LoadedMap m;
  m.data = loadViewData(primary, fields, spec.map.kind == MapKind::Choropleth && spec.map.significance == 0 ? raster : nullptr);
  m.built = buildMap(spec, m.data.layer, inputs);
  // Such a map reports the join of each of its row sets itself (BuiltMap::notes).
  if (primary.where != spec.where) m.data.notes.clear();
  return m;
}

nlohmann::json coverageJson(const ViewData& data, const render::FigureOptions& options) {
  const std::size_t outside = render::areasOutside(data.layer, options.extent);
  nlohmann::json insets = nlohmann::json::array();
  for (const crs::Inset& i : data.insets)
    insets.push_back({{"name", i.name}, {"crs", i.crs}, {"scale", i.scale}, {"areas", i.features}});
  return {{"areas_drawn", render::areasWithGeometry(data.layer) - outside}, {"areas_not_drawn", outside}, {"insets", insets}};
}

render::Figure composeMapFigure(const BuiltMap& built, const ViewData& data, const render::FigureOptions& options,
                                const render::TextMetrics& metrics, nlohmann::json* facts) {
  render::FigureOptions fo = options;
  if (fo.title.empty()) fo.title = built.defaultTitle;
  if (built.scope) {  // the kind's own rows: a subtitle that only named the spec's rows names them instead
    if (fo.subtitle == fo.scope) fo.subtitle = *built.scope;
    fo.scope = *built.scope;
  }
  if (built.scatter) {
    render::MoranScatterFigureOptions so{fo.widthPt, fo.heightPt, options.title, fo.subtitle, fo.source};
    render::MoranScatterFigure mf = render::composeMoranScatter(*built.scatter, so, metrics);
    if (facts) {
      // The slope as drawn (page y grows downwards; both axes share one scale).
      const auto& line = mf.figure.lines[mf.regressionLine].points;
      (*facts)["line_slope"] = -(line[1].y - line[0].y) / (line[1].x - line[0].x);
    }
    return std::move(mf.figure);
  }
  if (facts) facts->update(coverageJson(data, fo));
  const std::vector<render::ContextLayer> context = figureContext(data);
  if (built.kind == MapKind::SmallMultiples)
    return render::composeSmallMultiples(data.layer, built.map, built.panels, context, fo, metrics);
  render::Figure fig = built.dots ? render::composeDotDensity(data.layer, *built.dots, context, fo, metrics)
                                  : render::composeFigure(data.layer, built.map, context, fo, metrics);
  if (facts && fo.labels.layer) (*facts)["labels"] = {{"placed", fig.labelsPlaced}, {"dropped", fig.labelsDropped}};
  return fig;
}

void writeMapFigure(const BuiltMap& built, const ViewData& data, const render::FigureOptions& options, const std::string& out,
                    double dpi) {
  render::CairoTextMetrics metrics;
  render::writeFigure(composeMapFigure(built, data, options, metrics), out, dpi);
}

}  // namespace mobmap::session
