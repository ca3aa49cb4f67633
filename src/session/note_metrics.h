#pragma once
// Notes next to numbers: the metric values, with their quality flags, of the areas each note falls in, read from
// a Mobility Metrics table (Urban's county or place files, or any table keyed by GEOID) for a notes export.
//
// Usage:
//   notes::ExtraColumns cols = noteMetricColumns(notes, "mobility_metrics_county.csv", "state+county",
//                                                "year = 2023 AND subgroup = 'All'", warnings);
//   notes::writeNotes(notes, "notes.csv", notes::Audience::Public, cols);
#include <string>
#include <vector>

#include "notes/note.h"
#include "notes/note_exchange.h"

namespace mobmap::session {

// For each note, the row of `tablePath` (rows passing `where`, OGR SQL; all when empty) whose key (`keySpec`:
// "GEOID" or a composite "state+county", normalised as joins normalise keys) is one of the note's area ids or,
// for an 11- or 12-digit tract or block-group id, its 5-digit county: columns "metrics_area", then every column
// the metric catalog knows (neither a bound nor a flag) and its quality flag ("<metric>_quality", as the file
// spells it). Notes in no area of the table get no values. A key matching several rows uses the first and adds
// a warning (give `where` a year and subgroup). Throws mobmap::Error naming the file, key or filter.
notes::ExtraColumns noteMetricColumns(const std::vector<notes::Note>& notes, const std::string& tablePath,
                                      const std::string& keySpec, const std::string& where, std::vector<std::string>& warnings);

}  // namespace mobmap::session
