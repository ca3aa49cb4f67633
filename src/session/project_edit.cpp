#include "session/project_edit.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "core/atomic_file.h"
#include "io/project_file.h"
#include "session/long_table.h"
#include "session/map_kind.h"

namespace mobmap::session {

namespace fs = std::filesystem;

namespace {

fs::path absolute(const std::string& p) {
  std::error_code ec;
  fs::path a = fs::absolute(p, ec);
  return ec ? fs::path(p) : a.lexically_normal();
}

bool samePath(const fs::path& a, const std::string& b) { return a.lexically_normal() == absolute(b); }

template <class T>
std::string uniqueName(const std::vector<T>& items, std::string wanted) {
  if (wanted.empty()) wanted = "layer";
  auto taken = [&](const std::string& n) { return std::any_of(items.begin(), items.end(), [&](const T& i) { return i.name == n; }); };
  if (!taken(wanted)) return wanted;
  for (int i = 2;; ++i)
    if (!taken(wanted + " " + std::to_string(i))) return wanted + " " + std::to_string(i);
}

// The layer reading `source` (FILE or FILE:LAYER for a context entry when `sourceLayer` is empty), added when
// the project has none.
ProjectLayer& layerFor(Project& p, const std::string& source, const std::string& sourceLayer) {
  for (ProjectLayer& l : p.layers)
    if (samePath(l.source, source) && l.sourceLayer == sourceLayer) return l;
  for (ProjectLayer& l : p.layers)  // a context entry names FILE:LAYER
    if (!l.sourceLayer.empty() && sourceLayer.empty() && absolute(l.source.string() + ":" + l.sourceLayer) == absolute(source))
      return l;
  ProjectLayer l;
  l.name = uniqueName(p.layers, fs::path(source).stem().string());
  l.source = absolute(source);
  l.sourceLayer = sourceLayer;
  p.layers.push_back(std::move(l));
  return p.layers.back();
}

ProjectTable& tableFor(Project& p, const std::string& source, const std::string& sourceLayer) {
  for (ProjectTable& t : p.tables)
    if (samePath(t.source, source) && t.sourceLayer == sourceLayer) return t;
  ProjectTable t;
  t.name = uniqueName(p.tables, fs::path(source).stem().string());
  t.source = absolute(source);
  t.sourceLayer = sourceLayer;
  p.tables.push_back(std::move(t));
  return p.tables.back();
}

fs::path recentFile() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  const fs::path dir = xdg && *xdg ? fs::path(xdg) : fs::path(home && *home ? home : ".") / ".config";
  return dir / "mobmap" / "recent-projects";
}

}  // namespace

Project loadProject(const std::string& file) { return io::readProject(file); }
bool isProjectPath(const std::string& path) { return io::isProjectFile(path); }

std::string defaultViewName(const ViewSpec& spec) { return spec.field.empty() ? std::string("map") : spec.field; }

std::string defaultProjectPath(const std::string& dataFile) {
  const fs::path d = absolute(dataFile);
  return (d.parent_path() / (d.stem().string() + "-project.toml")).string();
}

Project projectWithView(Project p, const std::string& viewName, const ViewSpec& spec, const std::string& notesStore) {
  ProjectLayer& layer = layerFor(p, spec.data, spec.layer);
  layer.crs = spec.assignCrs;
  const std::string layerName = layer.name;

  const std::optional<int> year = filterYear(spec.where);
  const std::optional<std::string> subgroup = filterSubgroup(spec.where);
  bool rowsInView = false;  // the year and subgroup are the view's, not the join's
  if (!spec.join.empty()) {
    const std::string tableName = tableFor(p, spec.join, spec.joinLayer).name;
    auto j = std::find_if(p.joins.begin(), p.joins.end(), [&](const ProjectJoin& x) { return x.layer == layerName; });
    if (j == p.joins.end()) {
      p.joins.push_back({layerName, tableName, spec.on, {}});
      // A filter that only picks a year and subgroup goes in the view, where the viewer's pickers change it.
      const std::string rowsOnly = withYearAndSubgroup("", year, subgroup);
      rowsInView = spec.where.empty() || spec.where == rowsOnly;
      if (!rowsInView) p.joins.back().where = spec.where;
    } else {
      j->table = tableName;
      j->on = spec.on;
      // The join's own year or subgroup conditions follow the rows shown; the others stay the join's.
      j->where = withYearAndSubgroup(j->where, filterYear(j->where) ? year : std::nullopt,
                                     filterSubgroup(j->where) ? subgroup : std::nullopt);
      rowsInView = !filterYear(j->where) && !filterSubgroup(j->where);
    }
  }

  auto v = std::find_if(p.views.begin(), p.views.end(), [&](const ProjectView& x) { return x.name == viewName; });
  if (v == p.views.end()) {
    p.views.push_back({});
    v = std::prev(p.views.end());
    v->name = viewName;
  }
  v->layer = layerName;
  v->field = spec.field;
  v->per = spec.per;
  v->year = rowsInView ? year : std::nullopt;
  v->subgroup = rowsInView && subgroup ? *subgroup : std::string();
  v->title = spec.title;
  v->subtitle = spec.subtitle;
  v->legendTitle = spec.legendTitle;
  v->source = spec.source;
  v->style = spec.style == "choropleth" ? std::string() : spec.style;
  v->method = spec.method;
  v->classes = spec.classes > 0 ? std::optional<int>(spec.classes) : std::nullopt;
  v->breaks = spec.breaks;
  v->ramp = spec.ramp;
  v->reference = spec.reference;
  v->notes = spec.calloutNotes;
  v->map = spec.map.kind == MapKind::Choropleth ? std::string() : std::string(mapKindInfo(spec.map.kind).name);
  v->mapFields = spec.map.kind == MapKind::Choropleth ? std::vector<std::string>{} : spec.map.fields;
  if (v->mapFields.size() == 1 && v->mapFields.front() == mappedField(spec)) v->mapFields.clear();  // the default
  v->significance = spec.map.significance > 0 ? std::optional<double>(spec.map.significance) : std::nullopt;
  v->fdr = spec.map.significance > 0 && spec.map.fdr;
  if (spec.extentLonLat) {
    const Extent& e = *spec.extentLonLat;
    v->extent = std::array<double, 4>{e.minX, e.minY, e.maxX, e.maxY};
  }
  std::vector<std::string> overlays;
  for (const ContextSource& c : spec.context) {
    ProjectLayer& o = layerFor(p, c.source, {});
    if (!c.assignCrs.empty()) o.crs = c.assignCrs;
    overlays.push_back(o.name);
  }
  v->overlays = std::move(overlays);
  if (!notesStore.empty()) p.notesStore = notesStore;
  return p;
}

void saveProject(const Project& project, const std::string& file) {
  io::writeProject(project, file);
  addRecentProject(file);
}

void saveNotesStore(const std::string& projectFile, const std::string& store) {
  Project project = io::readProject(projectFile);
  project.notesStore = store;
  io::writeProject(project, projectFile);
}

std::vector<std::string> recentProjects() {
  std::vector<std::string> out;
  std::ifstream in(recentFile());
  for (std::string line; std::getline(in, line) && out.size() < 10;) {
    std::error_code ec;
    if (!line.empty() && fs::exists(line, ec) && std::find(out.begin(), out.end(), line) == out.end()) out.push_back(line);
  }
  return out;
}

void addRecentProject(const std::string& projectFile) {
  std::vector<std::string> list = recentProjects();
  const std::string path = absolute(projectFile).string();
  std::erase(list, path);
  list.insert(list.begin(), path);
  if (list.size() > 10) list.resize(10);
  std::string text;
  for (const std::string& l : list) text += l + "\n";
  try {
    std::error_code ec;
    fs::create_directories(recentFile().parent_path(), ec);
    writeFileAtomically(recentFile(), text);
  } catch (const std::exception&) {
  }
}

}  // namespace mobmap::session
