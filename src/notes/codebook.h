#pragma once
// The project's codebook of themes tied to the Upward Mobility Framework: which pillars and predictors a note
// speaks to, from its tags. A tag that is a pillar's name speaks to that pillar; a tag that is a codebook theme
// speaks to the theme's pillar and predictor.
//
// Usage:
//   std::vector<NoteTheme> codebook = project.noteThemes;
//   for (const std::string& p : notePillars(note, codebook)) ...
//   NoteFilter f; f.pillar = canonicalPillar("rewarding work"); f.codebook = codebook;
#include <string>
#include <string_view>
#include <vector>

#include "core/project.h"
#include "notes/note.h"

namespace mobmap::notes {

// The pillar named `name`: its exact name (pillarNames), matched ignoring case, else the one pillar whose name
// starts with `name` ("rewarding" -> "Rewarding Work"). Throws mobmap::UsageError listing the pillars when none
// or several match.
std::string canonicalPillar(std::string_view name);

// The codebook themes among the note's tags (as the codebook spells them), in codebook order.
std::vector<std::string> noteThemes(const Note& note, const std::vector<NoteTheme>& codebook);

// The pillars the note speaks to: pillar names among its tags and the pillars of its themes, each once, in
// pillarNames order.
std::vector<std::string> notePillars(const Note& note, const std::vector<NoteTheme>& codebook);

// The predictors the note speaks to (those of its themes), each once.
std::vector<std::string> notePredictors(const Note& note, const std::vector<NoteTheme>& codebook);

// Problems with `codebook` against the framework: a pillar that is not one of the five, a predictor that is not
// one of `predictorsOfPillar(pillar)`, a theme named twice. Each message names the theme. Empty when sound.
std::vector<std::string> codebookProblems(const std::vector<NoteTheme>& codebook,
                                          const std::vector<std::pair<std::string, std::string>>& pillarPredictors);

}  // namespace mobmap::notes
