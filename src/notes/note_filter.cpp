#include "notes/note_filter.h"

#include <algorithm>

#include "core/text.h"
#include "notes/codebook.h"

namespace mobmap::notes {

bool NoteFilter::matches(const Note& note) const {
  if (!tag.empty()) {
    bool found = false;
    for (const std::string& t : note.tags) found = found || equalsIgnoreCase(t, tag);
    if (!found) return false;
  }
  if (sourceType && note.sourceType != *sourceType) return false;
  if (!author.empty() && !equalsIgnoreCase(note.author, author)) return false;
  if ((!from.empty() || !to.empty()) && note.dateHeard.empty()) return false;
  if (!from.empty() && note.dateHeard < from) return false;
  if (!to.empty() && note.dateHeard > to) return false;
  if (consent && note.consent != *consent) return false;
  if (publicOnly && !mayPublish(note)) return false;
  if (!theme.empty() && std::none_of(note.tags.begin(), note.tags.end(), [&](const std::string& t) { return equalsIgnoreCase(t, theme); }))
    return false;
  if (!pillar.empty()) {
    const std::vector<std::string> pillars = notePillars(note, codebook);
    if (std::find(pillars.begin(), pillars.end(), pillar) == pillars.end()) return false;
  }
  if (areaIds) {
    bool found = false;
    for (const std::string& id : note.areaIds) found = found || areaIds->contains(id);
    if (!found) return false;
  }
  return true;
}

}  // namespace mobmap::notes
