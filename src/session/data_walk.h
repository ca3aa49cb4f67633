#pragma once
// The data walk kit, after the Urban Institute's "Data Walks" practice (residents walk past posters of the data
// about their community, react to each, and the reactions come back to the planners): for each view of a project
//   - a poster page in data_walk.pdf (11 × 17 in, landscape): the map large, beside it a plain-language reading
//     generated from the numbers (highest and lowest areas with their margins of error, the spread, the gap
//     between the ends and whether the margins of error allow calling it real), the quality caveats and
//     discussion prompts;
//   - a feedback sheet in feedback.pdf (US Letter, portrait): the same map with its areas numbered, lines for
//     reactions with the consent question, and the list of numbered areas;
//   - the rows of feedback.csv, one per numbered area (its label point as lon/lat), where reactions are typed and
//     then imported as notes of source type "data walk" (the command is printed on the sheet).
//
// Usage:
//   DataWalkResult r = exportDataWalk(io::readProject("project.toml"), {.outDir = "walk"},
//                                     [](const std::string& line) { std::cerr << line << "\n"; });
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "core/missing_value.h"
#include "core/project.h"
#include "render/number_format.h"
#include "session/atlas_export.h"

namespace mobmap::session {

// One area as the reading sees it.
struct AreaReading {
  std::string name;
  double value = std::nan("");
  double se = std::nan("");  // standard error; NaN when the data give no margin of error
  bool weak = false;         // hatched on the map as unreliable (weak quality flag or high CV, by the map's rule)
};

// The numbers of one map, for readTheNumbers.
struct ReadingInput {
  std::string metric;           // "Poverty rate"
  render::NumberFormat format;  // as the legend prints values
  std::string areaNoun = "areas";  // "tracts", "counties"
  std::vector<AreaReading> areas;  // every area of the map, with or without a value
  MissingCounts missingReasons;    // why areas without a value have none
  double level = 0.90;             // the confidence level of the margins of error shown and tested
};

struct NumbersReading {
  std::vector<std::string> reading;  // what the numbers say
  std::vector<std::string> caveats;  // what to keep in mind when reading them
};

// The plain-language reading of `in`: the range with the areas at both ends, the middle half, the three highest
// and lowest areas (with "± MOE" at `level` where known), the ratio and gap between the ends and whether the gap
// is statistically significant at `level` (z = (A − B)/√(SE_A² + SE_B²), the Census Bureau's test), and the
// caveats (areas without a value and why, the areas the map hatches as unreliable, what margins of error mean or
// that there are none). Throws mobmap::Error when no area has a value.
NumbersReading readTheNumbers(const ReadingInput& in);

// Discussion prompts for a poster of a map of `areaNoun` ("tracts").
std::vector<std::string> discussionPrompts(const std::string& areaNoun);

struct DataWalkOptions {
  std::filesystem::path outDir;    // created when missing
  std::vector<std::string> views;  // empty = every view, in project order
};

struct DataWalkPoster {
  std::string view, title;
  NumbersReading reading;
  std::vector<std::string> prompts;
  std::size_t areas = 0;          // areas numbered on its feedback sheet and listed in feedback.csv
  std::size_t numbersPlaced = 0;  // numbers drawn on the sheet's map (the others' areas are too small to hold one)
};

struct DataWalkResult {
  std::vector<DataWalkPoster> posters;
  std::string postersFile = "data_walk.pdf", feedbackFile = "feedback.pdf", feedbackCsv = "feedback.csv";
  int posterPages = 0, feedbackPages = 0;
  std::vector<std::string> warnings;
};

// Writes the kit into options.outDir. The three files are written under temporary names and moved into place
// only when all are complete. Throws mobmap::UsageError for an unknown view and mobmap::Error for data problems
// (naming the view); nothing is left behind then.
DataWalkResult exportDataWalk(const Project& project, const DataWalkOptions& options, const ExportProgress& progress);

}  // namespace mobmap::session
