#include "core/join_diagnosis.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "core/table_join.h"
#include "core/text.h"

namespace mobmap {

namespace {

// The most common key length among non-empty keys (0 when none).
std::size_t typicalLength(const std::vector<std::string>& keys) {
  std::map<std::size_t, std::size_t> count;
  for (const std::string& k : keys)
    if (!k.empty()) ++count[k.size()];
  std::size_t best = 0, bestCount = 0;
  for (const auto& [len, n] : count)
    if (n > bestCount) best = len, bestCount = n;
  return best;
}

std::string describeLength(std::size_t n) {
  switch (n) {
    case 2: return "2 characters (state FIPS)";
    case 5: return "5 characters (county GEOID, state+county)";
    case 7: return "7 characters (place GEOID, state+place)";
    case 11: return "11 characters (census tract GEOID)";
    case 12: return "12 characters (block group GEOID)";
    default: return std::to_string(n) + " characters";
  }
}

std::vector<std::string> keysIn(const std::vector<std::string>& keys, const std::string& lo, const std::string& hi) {
  std::vector<std::string> out;
  for (const std::string& k : keys)
    if (k.size() == lo.size() && k >= lo && k <= hi) out.push_back(k);
  return out;
}

std::string listed(const std::vector<std::string>& keys) {
  std::string out;
  for (const std::string& k : keys) out += (out.empty() ? "" : ", ") + k;
  return out;
}

}  // namespace

std::vector<std::string> diagnoseJoin(const JoinReport& report, const std::vector<std::string>& leftKeys,
                                      const std::vector<std::string>& rightKeys,
                                      const std::vector<std::string>& unmatchedLeftKeys,
                                      const std::vector<std::string>& unmatchedRightKeys) {
  std::vector<std::string> notes;
  const std::size_t leftLen = typicalLength(leftKeys), rightLen = typicalLength(rightKeys);
  if (leftLen != 0 && rightLen != 0 && leftLen != rightLen)
    notes.push_back("keys have different lengths: boundaries mostly " + describeLength(leftLen) + ", table mostly " +
                    describeLength(rightLen) + "; check that both sides describe the same kind of geography");

  // Connecticut replaced its 8 counties by 9 planning regions in Census geography from 2022.
  if (auto regions = keysIn(unmatchedRightKeys, "09110", "09190"); !regions.empty())
    notes.push_back(std::to_string(regions.size()) + " unmatched table keys are Connecticut planning regions (" +
                    listed(regions) +
                    "), which replaced Connecticut's 8 counties in Census geography from 2022: use 2022 or later "
                    "boundaries (e.g. us-atlas 2023) for data years 2022 and later");
  if (auto counties = keysIn(unmatchedRightKeys, "09001", "09015"); !counties.empty())
    notes.push_back(std::to_string(counties.size()) + " unmatched table keys are Connecticut's former counties (" +
                    listed(counties) + "), which 2022 and later boundaries replace by planning regions: use boundaries "
                    "of the same vintage as the data year");
  if (auto regions = keysIn(unmatchedLeftKeys, "09110", "09190"); !regions.empty())
    notes.push_back(std::to_string(regions.size()) + " boundaries without data are Connecticut planning regions (" +
                    listed(regions) + "): the table predates the 2022 change from counties to planning regions");
  if (auto counties = keysIn(unmatchedLeftKeys, "09001", "09015"); !counties.empty())
    notes.push_back(std::to_string(counties.size()) + " boundaries without data are Connecticut's former counties (" +
                    listed(counties) + "): data for 2022 and later uses the planning regions; use boundaries of "
                    "the same vintage as the data year");
  if (auto alaska = keysIn(unmatchedRightKeys, "02063", "02066"); !alaska.empty())
    notes.push_back("unmatched table keys " + listed(alaska) +
                    " are Alaska census areas created in 2019 from Valdez-Cordova (02261): use 2020 or later boundaries");

  if (auto islands = keysIn(unmatchedLeftKeys, "60000", "78999"); !islands.empty())
    notes.push_back(std::to_string(islands.size()) +
                    " boundaries without data are in Puerto Rico or the island areas (state codes 60-78), which "
                    "many national tables, including the Mobility Metrics, do not cover");
  const double leftRate = report.leftRows ? double(report.matched) / double(report.leftRows) : 0;
  if (report.leftRows > 0 && leftRate < 0.9) {
    std::string note = "only " + std::to_string(report.matched) + " of " + std::to_string(report.leftRows) +
                       " boundaries (" + formatNumber(std::round(leftRate * 1000) / 10) + "%) found a table row";
    if (leftLen == 11 && rightLen == 11)
      note += "; tract GEOIDs changed between the 2010 and 2020 censuses (many tracts were split, merged or "
              "renumbered), so check that the boundaries and the table use the same tract vintage";
    else if (report.rightRows == 0)
      note += "; the table has no rows after filtering: check the --where expression";
    else
      note += "; check the key columns and, for long tables, that --where selects one row per area";
    notes.push_back(note);
  }
  if (report.duplicateRight > 0)
    notes.push_back(std::to_string(report.duplicateRight) +
                    " table keys occur on more than one row (the first row was used); a long table (years, "
                    "subgroups) needs a --where filter such as \"year = 2023 AND subgroup = 'All'\"");
  return notes;
}

namespace {

std::string examples(const std::vector<std::string>& keys) {
  std::string out;
  for (const std::string& k : keys) out += (out.empty() ? "" : ", ") + k;
  return out.empty() ? "" : " (e.g. " + out + ")";
}

bool keyLike(const std::string& name) {
  const std::string n = toLower(name);
  for (const char* k : {"geoid", "geoid10", "geoid20", "geo_id", "geoid_10", "geoid_20", "fips", "id", "affgeoid", "geocode"})
    if (n == k) return true;
  return n.starts_with("geoid") || n.ends_with("fips") || n.ends_with("_id");
}

}  // namespace

std::string joinReportText(const JoinReport& r, const std::string& leftName, const std::string& rightName) {
  std::ostringstream s;
  double pct = r.leftRows ? 100.0 * double(r.matched) / double(r.leftRows) : 0;
  s << "join " << leftName << " <- " << rightName << ": matched " << r.matched << " of " << r.leftRows
    << " features (" << formatNumber(std::round(pct * 10) / 10) << "%)\n";
  s << "  unmatched features: " << r.unmatchedLeft << examples(r.unmatchedLeftExamples) << "\n";
  s << "  unmatched table keys: " << r.unmatchedRight << examples(r.unmatchedRightExamples) << "\n";
  s << "  duplicate table keys: " << r.duplicateRight << examples(r.duplicateRightExamples) << "\n";
  for (const std::string& n : r.notes) s << "  note: " << n << "\n";
  return s.str();
}

std::vector<std::string> proposeJoinKeys(const std::vector<std::string>& left, const std::vector<std::string>& right) {
  std::vector<std::string> out;
  auto add = [&](const std::string& l, const std::string& r) {
    const std::string k = l + "=" + r;
    if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  };
  for (const std::string& l : left)
    if (keyLike(l))
      for (const std::string& r : right)
        if (equalsIgnoreCase(l, r)) add(l, r);
  for (const std::string& l : left)
    if (keyLike(l))
      for (const std::string& r : right)
        if (keyLike(r)) add(l, r);
  auto has = [&](const char* name) {
    return std::any_of(right.begin(), right.end(), [&](const std::string& r) { return equalsIgnoreCase(r, name); });
  };
  if (has("state") && has("county"))
    for (const std::string& l : left)
      if (keyLike(l)) add(l, has("tract") ? "state+county+tract" : "state+county");
  return out;
}

}  // namespace mobmap
