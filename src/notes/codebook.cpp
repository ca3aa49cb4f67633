#include "notes/codebook.h"

#include <algorithm>
#include <set>

#include "core/error.h"
#include "core/text.h"

namespace mobmap::notes {

namespace {

bool hasTag(const Note& note, const std::string& tag) {
  return std::any_of(note.tags.begin(), note.tags.end(), [&](const std::string& t) { return equalsIgnoreCase(trim(t), trim(tag)); });
}

}  // namespace

std::string canonicalPillar(std::string_view name) {
  const std::string want = toLower(trim(name));
  for (const std::string& p : pillarNames())
    if (toLower(p) == want) return p;
  std::vector<std::string> found;
  for (const std::string& p : pillarNames())
    if (!want.empty() && toLower(p).starts_with(want)) found.push_back(p);
  if (found.size() == 1) return found.front();
  throw UsageError("'" + std::string(name) + "' is " + (found.empty() ? "not" : "more than one of") +
                   " the five pillars: " + joinTags(pillarNames()));
}

std::vector<std::string> noteThemes(const Note& note, const std::vector<NoteTheme>& codebook) {
  std::vector<std::string> out;
  for (const NoteTheme& t : codebook)
    if (hasTag(note, t.name) && std::find(out.begin(), out.end(), t.name) == out.end()) out.push_back(t.name);
  return out;
}

std::vector<std::string> notePillars(const Note& note, const std::vector<NoteTheme>& codebook) {
  std::set<std::string> found;
  for (const std::string& p : pillarNames())
    if (hasTag(note, p)) found.insert(p);
  for (const NoteTheme& t : codebook)
    if (!t.pillar.empty() && hasTag(note, t.name)) {
      try {
        found.insert(canonicalPillar(t.pillar));
      } catch (const Error&) {
        // A codebook pillar that names none is reported by codebookProblems; it ties the note to nothing.
      }
    }
  std::vector<std::string> out;
  for (const std::string& p : pillarNames())
    if (found.count(p)) out.push_back(p);
  return out;
}

std::vector<std::string> notePredictors(const Note& note, const std::vector<NoteTheme>& codebook) {
  std::vector<std::string> out;
  for (const NoteTheme& t : codebook)
    if (!t.predictor.empty() && hasTag(note, t.name) && std::find(out.begin(), out.end(), t.predictor) == out.end())
      out.push_back(t.predictor);
  return out;
}

std::vector<std::string> codebookProblems(const std::vector<NoteTheme>& codebook,
                                          const std::vector<std::pair<std::string, std::string>>& pillarPredictors) {
  std::vector<std::string> out;
  std::set<std::string> names;
  for (const NoteTheme& t : codebook) {
    if (!names.insert(toLower(trim(t.name))).second) out.push_back("theme '" + t.name + "' is listed twice");
    if (t.name.find_first_of(",;") != std::string::npos) out.push_back("theme '" + t.name + "' holds ',' or ';' (tags are separated by them)");
    if (t.pillar.empty()) continue;
    std::string pillar;
    try {
      pillar = canonicalPillar(t.pillar);
    } catch (const Error& e) {
      out.push_back("theme '" + t.name + "': pillar " + e.what());
      continue;
    }
    if (t.predictor.empty()) continue;
    bool known = false;
    std::vector<std::string> ofPillar;
    for (const auto& [p, predictor] : pillarPredictors) {
      if (p != pillar) continue;
      if (equalsIgnoreCase(predictor, t.predictor)) known = true;
      if (std::find(ofPillar.begin(), ofPillar.end(), predictor) == ofPillar.end()) ofPillar.push_back(predictor);
    }
    if (!known)
      out.push_back("theme '" + t.name + "': predictor '" + t.predictor + "' is not one of " + pillar +
                    "'s predictors in the metric catalog (" + joinTags(ofPillar) + ")");
  }
  return out;
}

}  // namespace mobmap::notes
