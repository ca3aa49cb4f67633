#include "session/crs_choice.h"

#include <filesystem>
#include <map>

#include "core/column_roles.h"
#include "core/error.h"
#include "core/geoid.h"
#include "core/text.h"
#include "crs/crs_catalog.h"
#include "io/project_file.h"

namespace mobmap::session {

namespace {

CrsChoice choiceOf(const crs::CrsEntry& e, std::string why = {}) { return {e.code, e.name, std::move(why)}; }

bool samePath(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code ec;
  if (std::filesystem::equivalent(a, b, ec)) return true;
  return std::filesystem::weakly_canonical(a, ec) == std::filesystem::weakly_canonical(b, ec);
}

}  // namespace

std::vector<CrsChoice> searchCrsChoices(std::string_view query, std::size_t limit) {
  std::vector<CrsChoice> out;
  for (const crs::CrsEntry& e : crs::searchCrs(query, limit)) out.push_back(choiceOf(e));
  return out;
}

std::string stateOfAreas(const AttributeTable& attributes) {
  // The area key (a plain "id" column need not hold FIPS codes), then the state code columns of TIGER files.
  const Column* key = areaKeyColumn(attributes);
  std::vector<const Column*> candidates{key && toLower(key->name()) != "id" ? key : nullptr};
  for (const char* name : {"STATEFP", "STATEFP10", "STATEFP20"}) candidates.push_back(attributes.find(name));
  for (const Column* c : candidates) {
    if (!c) continue;
    std::map<std::string, std::size_t> count;
    std::size_t values = 0;
    for (std::size_t r = 0; r < c->size(); ++r) {
      if (c->isMissing(r)) continue;
      std::string v = c->displayText(r);
      if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos) continue;
      // A leading zero lost to a number column: 4-, 6-, 10- and 11-digit codes of states 01-09 lack it.
      if (v.size() == 1 || v.size() == 4 || v.size() == 6 || v.size() == 10) v = "0" + v;
      ++values;
      ++count[v.substr(0, 2)];
    }
    for (const auto& [state, n] : count)
      if (values > 0 && n * 2 > values)
        if (auto s = stateNameOfFips(state)) return *s;
  }
  return {};
}

std::vector<CrsChoice> suggestCrsChoices(const Extent& extent, const std::string& state, std::size_t limit) {
  std::vector<CrsChoice> out;
  for (const crs::CrsSuggestion& s : crs::suggestCrs(extent, limit, state)) out.push_back(choiceOf(s.crs, s.why));
  return out;
}

std::string saveLayerCrs(const std::string& projectFile, const ViewSpec& spec, const std::string& crs) {
  Project project = io::readProject(projectFile);
  for (ProjectLayer& l : project.layers) {
    if (!samePath(l.source, spec.data) || l.sourceLayer != spec.layer) continue;
    l.crs = crs;
    io::writeProject(project, projectFile);
    return l.name;
  }
  throw Error(projectFile + ": no layer reads " + spec.data + ", so its CRS cannot be kept in the project");
}

}  // namespace mobmap::session
