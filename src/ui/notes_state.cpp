#include "ui/notes_state.h"

#include <algorithm>
#include <filesystem>

#include "core/text.h"
#include "notes/codebook.h"

namespace mobmap::ui {

std::vector<std::size_t> notesInViewOrder(const NotesState& s, const std::string& pillar, const std::string& predictor,
                                          std::vector<int>* ranks) {
  std::vector<std::pair<int, std::size_t>> order;
  for (std::size_t i = 0; i < s.all.size(); ++i) {
    int rank = 2;
    if (!pillar.empty()) {
      const std::vector<std::string> pillars = notes::notePillars(s.all[i], s.codebook);
      const std::vector<std::string> predictors = notes::notePredictors(s.all[i], s.codebook);
      if (!predictor.empty() && std::find(predictors.begin(), predictors.end(), predictor) != predictors.end())
        rank = 0;
      else if (std::find(pillars.begin(), pillars.end(), pillar) != pillars.end())
        rank = 1;
    }
    order.push_back({rank, i});
  }
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::size_t> out;
  if (ranks) ranks->clear();
  for (const auto& [rank, i] : order) {
    out.push_back(i);
    if (ranks) ranks->push_back(rank);
  }
  return out;
}

bool notePassesFilter(const NotesState& s, const notes::Note& note) {
  if (!trim(s.filterTag).empty()) {
    const std::string want = toLower(trim(s.filterTag));
    bool found = false;
    for (const std::string& t : note.tags) found = found || toLower(t) == want;
    if (!found) return false;
  }
  if (!trim(s.filterAuthor).empty() && toLower(trim(note.author)) != toLower(trim(s.filterAuthor))) return false;
  if (s.filterSourceType > 0 && static_cast<int>(note.sourceType) != s.filterSourceType - 1) return false;
  if (s.publishedOnly && !notes::mayPublish(note)) return false;  // the consent gate, on a projector
  if (s.filterConsent > 0 && static_cast<int>(note.consent) != s.filterConsent - 1) return false;
  if (s.filterPillar > 0) {
    // Tagged with the pillar itself, or with a theme the project's codebook ties to it (as `notes list --pillar`).
    const std::vector<std::string>& pillars = notes::pillarNames();
    const std::size_t want = static_cast<std::size_t>(s.filterPillar - 1);
    if (want >= pillars.size()) return false;
    bool speaks = false;
    for (const std::string& p : notes::notePillars(note, s.codebook)) speaks = speaks || p == pillars[want];
    if (!speaks) return false;
  }
  return true;
}

std::string defaultNotesStore(const std::string& projectFile, const std::string& dataFile) {
  namespace fs = std::filesystem;
  if (!projectFile.empty()) return (fs::path(projectFile).parent_path() / "notes.gpkg").string();
  if (dataFile.empty()) return "notes.gpkg";
  const fs::path data(dataFile);
  return (data.parent_path() / (data.stem().string() + "-notes.gpkg")).string();
}

NoteDraft newNoteDraft(Point lonLat, const std::string& author) {
  NoteDraft d;
  d.note.geometryWkt = notes::pointWkt(lonLat.x, lonLat.y);
  d.note.consent = notes::Consent::Internal;
  d.note.dateHeard = notes::utcNow().substr(0, 10);
  d.note.author = author;
  return d;
}

std::optional<NoteRequest> undoMoveRequest(const NotesState& s) {
  if (!s.lastMoved) return std::nullopt;
  for (const notes::Note& n : s.all) {
    if (n.id != s.lastMoved->id) continue;
    NoteRequest r{NoteRequest::Kind::UndoMove, n};
    r.note.geometryWkt = s.lastMoved->geometryWkt;
    r.note.areaIds = s.lastMoved->areaIds;
    return r;
  }
  return std::nullopt;
}

}  // namespace mobmap::ui
