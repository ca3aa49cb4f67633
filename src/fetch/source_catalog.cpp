#include "fetch/source_catalog.h"

#include <cctype>

#include <fstream>
#include <sstream>
#include <toml++/toml.h>

#include "core/error.h"
#include "fetch/detail/fetch_embedded.h"

namespace mobmap::fetch {

namespace {

std::string where(const std::string& origin, const toml::node& node) {
  const toml::source_position pos = node.source().begin;
  return origin + ":" + std::to_string(pos.line);
}

std::string requireString(const toml::table& t, const std::string& key, const std::string& section, const std::string& origin) {
  const toml::node* n = t.get(key);
  if (!n) throw Error(where(origin, t) + ": [" + section + "] needs the key '" + key + "'");
  auto v = n->value<std::string>();
  if (!v) throw Error(where(origin, *n) + ": '" + section + "." + key + "' must be a string");
  return *v;
}

std::string optionalString(const toml::table& t, const std::string& key) { return t[key].value_or(std::string()); }

SourceFile readFile(const toml::table& t, const std::string& section, const std::string& origin) {
  return {requireString(t, "source", section, origin), requireString(t, "path", section, origin)};
}

const toml::table& requireTable(const toml::table& root, const std::string& key, const std::string& origin) {
  const toml::table* t = root[key].as_table();
  if (!t) throw Error(origin + ": needs a [" + key + "] section");
  return *t;
}

template <typename View, typename F>
void eachTable(const View& arr, const std::string& section, const std::string& origin, F f) {
  if (!arr) return;
  const toml::array* a = arr.as_array();
  if (!a) throw Error(origin + ": '" + section + "' must be an array of tables ([[" + section + "]])");
  for (const toml::node& n : *a) {
    const toml::table* t = n.as_table();
    if (!t) throw Error(where(origin, n) + ": each '" + section + "' entry must be a table");
    f(*t);
  }
}

}  // namespace

std::string fillTemplate(const std::string& text, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t open = text.find('{', i);
    if (open == std::string::npos) break;
    std::size_t close = text.find('}', open);
    if (close == std::string::npos) break;
    out += text.substr(i, open - i);
    auto it = values.find(text.substr(open + 1, close - open - 1));
    out += it != values.end() ? it->second : text.substr(open, close - open + 1);
    i = close + 1;
  }
  return out + text.substr(i);
}

SourceCatalog SourceCatalog::builtIn() { return parse(embeddedFile("sources.toml"), "sources.toml (built in)"); }

SourceCatalog SourceCatalog::read(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw Error(file.string() + ": cannot read the sources file");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), file.string());
}

SourceCatalog SourceCatalog::parse(std::string_view text, const std::string& origin) {
  toml::table root;
  try {
    root = toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    throw Error(origin + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
  if (root["format_version"].value_or(int64_t(0)) != 1)
    throw Error(origin + ": format_version must be 1");
  SourceCatalog cat;
  const toml::table& sources = requireTable(root, "source", origin);
  for (const auto& [key, node] : sources) {
    const toml::table* t = node.as_table();
    if (!t) throw Error(where(origin, node) + ": [source." + std::string(key.str()) + "] must be a table");
    std::string url = requireString(*t, "url", "source." + std::string(key.str()), origin);
    while (!url.empty() && url.back() == '/') url.pop_back();
    cat.baseUrls[std::string(key.str())] = url;
  }
  cat.tracts = readFile(requireTable(root, "tracts", origin), "tracts", origin);
  cat.places = readFile(requireTable(root, "places", origin), "places", origin);
  if (const toml::table* counties = root["counties"].as_table()) cat.counties = readFile(*counties, "counties", origin);
  const toml::table& acs = requireTable(root, "acs", origin);
  cat.acs = readFile(acs, "acs", origin);
  cat.acsLabel = optionalString(acs, "label");
  eachTable(acs["table"], "acs.table", origin, [&](const toml::table& t) {
    AcsTable table{requireString(t, "id", "acs.table", origin), optionalString(t, "title"), {}};
    eachTable(t["variables"], "acs.table.variables", origin, [&](const toml::table& v) {
      table.variables.push_back({requireString(v, "code", "acs.table.variables", origin),
                                 requireString(v, "name", "acs.table.variables", origin)});
    });
    if (table.variables.empty()) throw Error(where(origin, t) + ": ACS table " + table.id + " lists no variables");
    if (table.variables.size() > 24)
      throw Error(where(origin, t) + ": ACS table " + table.id + " lists more than 24 variables (the API takes 50 per request, "
                  "two per variable); split it into several [[acs.table]] entries");
    cat.acsTables.push_back(std::move(table));
  });
  eachTable(acs["derived"], "acs.derived", origin, [&](const toml::table& t) {
    cat.acsDerived.push_back({requireString(t, "name", "acs.derived", origin), requireString(t, "numerator", "acs.derived", origin),
                              requireString(t, "denominator", "acs.derived", origin)});
  });
  if (const toml::table* pop = root["population"].as_table()) {
    cat.population = readFile(*pop, "population", origin);
    cat.populationVariable = requireString(*pop, "variable", "population", origin);
  }
  if (const toml::table* mm = root["mobility"].as_table()) {
    cat.mobilityLabel = optionalString(*mm, "label");
    eachTable((*mm)["county"], "mobility.county", origin,
              [&](const toml::table& t) { cat.mobilityCounty.push_back(readFile(t, "mobility.county", origin)); });
    eachTable((*mm)["place"], "mobility.place", origin,
              [&](const toml::table& t) { cat.mobilityPlace.push_back(readFile(t, "mobility.place", origin)); });
  }
  eachTable(root["view"], "view", origin, [&](const toml::table& t) {
    StartingView v{requireString(t, "name", "view", origin), requireString(t, "field", "view", origin),
                   optionalString(t, "title"), optionalString(t, "source"), optionalString(t, "legend_title"),
                   optionalString(t, "map"), optionalString(t, "per")};
    bool rate = false;
    for (const AcsDerived& d : cat.acsDerived) rate = rate || d.name == v.field;
    if (!rate && v.map.empty() && v.per.empty()) {
      // Only medians, averages and percentages make an honest choropleth; counts grow with the area's size.
      std::string f;
      for (char c : v.field) f += char(std::tolower(static_cast<unsigned char>(c)));
      bool ratioLike = f.find("median") != std::string::npos || f.find("mean") != std::string::npos ||
                       f.find("rate") != std::string::npos || f.find("pct") != std::string::npos ||
                       f.find("share") != std::string::npos || f.find("per_") != std::string::npos;
      if (!ratioLike)
        throw Error(where(origin, t) + ": view " + v.name + " would draw " + v.field + ", a count, as a choropleth; give "
                    "per = \"<denominator>\" (a percentage) or map = \"dot_density\"");
    }
    cat.views.push_back(std::move(v));
  });
  for (const SourceFile* f : {&cat.tracts, &cat.places, &cat.acs, &cat.counties, &cat.population})
    if (!f->path.empty() && !cat.baseUrls.count(f->source)) throw Error(origin + ": '" + f->source + "' is not a [source.NAME] section");
  return cat;
}

void SourceCatalog::overrideBaseUrl(const std::string& name, const std::string& url) {
  auto it = baseUrls.find(name);
  if (it == baseUrls.end()) {
    std::string known;
    for (const auto& [k, v] : baseUrls) known += (known.empty() ? "" : ", ") + k;
    throw UsageError("--source-url: unknown source '" + name + "' (known: " + known + ")");
  }
  std::string u = url;
  while (!u.empty() && u.back() == '/') u.pop_back();
  it->second = u;
}

std::string SourceCatalog::relativeUrl(const SourceFile& file, const std::map<std::string, std::string>& values) const {
  std::string u = url(file, values);
  return u.substr(baseUrls.at(file.source).size() + 1);
}

std::string SourceCatalog::url(const SourceFile& file, const std::map<std::string, std::string>& values) const {
  auto it = baseUrls.find(file.source);
  if (it == baseUrls.end()) throw Error("sources: '" + file.source + "' is not a [source.NAME] section");
  std::string path = fillTemplate(file.path, values);
  if (path.find('{') != std::string::npos && path.find('}') != std::string::npos)
    throw Error("sources: the path '" + file.path + "' has a placeholder mobmap cannot fill");
  return it->second + "/" + path;
}

std::vector<std::string> applySourceUrls(SourceCatalog& catalog, const std::vector<std::string>& nameEqualsUrl) {
  std::vector<std::string> httpMirrors;
  for (const std::string& s : nameEqualsUrl) {
    const std::size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == s.size())
      throw UsageError("--source-url " + s + ": expected NAME=URL, e.g. census_geo=http://mirror.example/tiger");
    std::string base = s.substr(eq + 1);
    catalog.overrideBaseUrl(s.substr(0, eq), base);
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (base.rfind("http://", 0) == 0) httpMirrors.push_back(base + "/");
  }
  return httpMirrors;
}

}  // namespace mobmap::fetch
