#include "session/view_spec.h"

#include "core/error.h"
#include "io/project_file.h"
#include "session/long_table.h"
#include "session/map_kind.h"
#include "style/color.h"

namespace mobmap::session {

void retargetRows(ViewSpec& spec, const std::string& newWhere) {
  if (newWhere == spec.where) return;
  const bool subgroup = filterSubgroup(newWhere) != filterSubgroup(spec.where), year = filterYear(newWhere) != filterYear(spec.where);
  for (std::string* text : {&spec.title, &spec.subtitle, &spec.legendTitle})
    if (namesRowsOf(*text, spec.where, subgroup, year)) text->clear();
  spec.where = newWhere;
}

void applyProjectView(ViewSpec& spec, const std::string& viewName) {
  const std::string projectFile = spec.data;
  Project project = io::readProject(projectFile);
  const ProjectView* view = project.findView(viewName);
  if (!view) {
    std::string names;
    for (const ProjectView& v : project.views) names += (names.empty() ? "" : ", ") + v.name;
    throw Error(projectFile + ": no view named '" + viewName + "' (views: " + names + ")");
  }
  const ProjectLayer* layer = project.findLayer(view->layer);
  if (!layer) throw Error(projectFile + ": view '" + view->name + "' names unknown layer '" + view->layer + "'");
  spec.data = layer->source.string();
  spec.layer = layer->sourceLayer;
  if (spec.assignCrs.empty()) spec.assignCrs = layer->crs;
  for (const ProjectJoin& j : project.joins) {
    if (j.layer != view->layer) continue;
    const ProjectTable* t = project.findTable(j.table);
    if (!t) throw Error(projectFile + ": join on layer '" + j.layer + "' names unknown table '" + j.table + "'");
    spec.join = t->source.string();
    spec.joinLayer = t->sourceLayer;
    spec.on = j.on;
    spec.where = j.where;
    break;  // one join per layer in this format version
  }
  // The view's year and subgroup select rows of a long table (Urban's Mobility Metrics layout).
  auto addCondition = [&](const std::string& condition) {
    spec.where = spec.where.empty() ? condition : "(" + spec.where + ") AND " + condition;
  };
  if (view->year) addCondition("year = " + std::to_string(*view->year));
  if (!view->subgroup.empty()) {
    std::string quotedGroup = "'";
    for (char c : view->subgroup) quotedGroup += c == '\'' ? std::string("''") : std::string(1, c);
    addCondition("subgroup = " + quotedGroup + "'");
  }
  auto fill = [](std::string& target, const std::string& value) {
    if (target.empty()) target = value;
  };
  fill(spec.field, view->field);
  fill(spec.title, view->title);
  fill(spec.subtitle, view->subtitle);
  fill(spec.legendTitle, view->legendTitle);
  fill(spec.method, view->method);
  if (spec.breaks.empty()) spec.breaks = view->breaks;
  fill(spec.ramp, view->ramp);
  fill(spec.reference, view->reference);
  fill(spec.source, view->source);
  if (!view->style.empty() && spec.style == "choropleth") spec.style = view->style;
  if (spec.classes == 0 && view->classes) spec.classes = *view->classes;
  fill(spec.per, view->per);
  if (spec.notesStore.empty() && !project.notesStore.empty()) spec.notesStore = project.notesStore.string();
  if (spec.calloutNotes.empty()) spec.calloutNotes = view->notes;
  // The view's map kind, unless the caller asked for one.
  if (spec.map.kind == MapKind::Choropleth && spec.map.by.empty() && !view->map.empty()) {
    std::optional<MapKind> kind = parseMapKind(view->map);
    if (!kind) throw Error(projectFile + ": view '" + view->name + "' has unknown map '" + view->map + "'");
    spec.map.kind = *kind;
    spec.map.fields = view->mapFields;
    if (spec.map.fields.empty() && *kind != MapKind::Choropleth) spec.map.fields = {mappedField(spec)};
    for (int y : view->changeYears) spec.map.years.push_back(std::to_string(y));
    if (!view->changeAs.empty()) spec.map.measure = render::parseChangeMeasure(view->changeAs);
  }
  if (spec.map.significance == 0 && view->significance) {  // the view's significance test, unless the caller has one
    spec.map.significance = *view->significance;
    spec.map.fdr = spec.map.fdr || view->fdr;
  }
  if (!spec.extentLonLat && view->extent) {
    Extent e;
    e.add((*view->extent)[0], (*view->extent)[1]);
    e.add((*view->extent)[2], (*view->extent)[3]);
    spec.extentLonLat = e;
  }
  for (const std::string& overlay : view->overlays) {
    const ProjectLayer* ctx = project.findLayer(overlay);
    if (!ctx) throw Error(projectFile + ": view '" + view->name + "' names unknown overlay layer '" + overlay + "'");
    ContextSource c{ctx->source.string() + (ctx->sourceLayer.empty() ? "" : ":" + ctx->sourceLayer), {}, -1, ctx->crs};
    if (!ctx->color.empty()) c.color = style::parseHexColor(ctx->color);
    if (ctx->lineWidthPt) c.lineWidthPt = *ctx->lineWidthPt;
    spec.context.push_back(std::move(c));
  }
}

std::vector<std::string> projectViewNames(const std::string& projectFile) {
  std::vector<std::string> names;
  for (const ProjectView& v : io::readProject(projectFile).views) names.push_back(v.name);
  return names;
}

std::string mappedField(const ViewSpec& spec) {
  return spec.per.empty() ? spec.field : spec.field + "_pct_" + spec.per;
}

render::ThematicRequest thematicRequest(const ViewSpec& spec) {
  render::ThematicRequest req;
  req.field = mappedField(spec);
  req.style = spec.style;
  if (!spec.method.empty()) req.overrides.method = spec.method;
  if (spec.classes > 0) req.overrides.classes = spec.classes;
  if (!spec.ramp.empty()) req.overrides.ramp = spec.ramp;
  if (!spec.reference.empty()) req.overrides.reference = spec.reference;
  if (spec.outlineWidth >= 0) req.overrides.outlineWidthPt = spec.outlineWidth;
  if (!spec.outlineColor.empty()) req.overrides.outline = style::parseHexColor(spec.outlineColor);
  req.manualBreaks = spec.breaks;
  req.legendTitle = spec.legendTitle;
  if (req.legendTitle.empty() && !spec.per.empty()) req.legendTitle = spec.field + " (% of " + spec.per + ")";
  req.qualityField = spec.quality;
  req.moeField = spec.moe;
  req.suppressLowQuality = spec.suppressLowQuality;
  return req;
}

}  // namespace mobmap::session
