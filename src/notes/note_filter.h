#pragma once
// Which notes a list or an export shows: tag, source type, author, date range, consent, area.
//
// Usage:
//   NoteFilter f;
//   f.tag = "transit"; f.from = "2025-01-01"; f.publicOnly = true;
//   for (const Note& n : store.list()) if (f.matches(n)) ...
// Empty members do not filter. Dates compare as YYYY-MM-DD text; a note with no date heard fails a date range.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/project.h"
#include "notes/note.h"

namespace mobmap::notes {

struct NoteFilter {
  std::string tag;                       // the note carries this tag (case-insensitive)
  std::optional<SourceType> sourceType;
  std::string author;                    // exact author (case-insensitive)
  std::string from;                      // dateHeard >= from
  std::string to;                        // dateHeard <= to
  std::optional<Consent> consent;
  bool publicOnly = false;               // leave out internal notes
  std::optional<std::set<std::string>> areaIds;  // the note falls in one of these areas
  std::string theme;                     // the note carries this codebook theme (a tag, case-insensitive)
  std::string pillar;                    // the note speaks to this pillar (notes/codebook.h: notePillars)
  std::vector<NoteTheme> codebook;       // the project's themes, for `pillar`

  // True when `note` passes every set condition.
  bool matches(const Note& note) const;
};

}  // namespace mobmap::notes
