#pragma once
// Numbered note callouts on a figure: a numbered marker at each note's place on the map and, in a box beside
// it (under the legend), the numbered titles with short quotes, word-wrapped to the box and never beyond it.
// Backend-neutral: adds LineItems and TextItems to a Figure. Which notes may appear (public ones only) is the
// caller's choice; see session/note_callouts.h.
//
// Usage:
//   std::vector<NoteCallout> c = {{{x, y}, "Bus cuts", "\"The 14 stopped running.\""}};
//   CalloutResult r = addNoteCallouts(fig, c, {legendX, top, width, bottom}, metrics, k);
#include <cstddef>
#include <string>
#include <vector>

#include "core/geometry.h"
#include "render/figure.h"
#include "render/text_metrics.h"

namespace mobmap::render {

// One note to call out: where (display CRS of the figure's maps) and what to list.
struct NoteCallout {
  Point location;
  std::string title;
  std::string quote;  // a short quote or excerpt; empty for none
};

// A page rectangle for the numbered list: x, top, width, and the y it must not pass.
struct CalloutBox {
  double x = 0, top = 0, width = 0, bottom = 0;
};

struct CalloutResult {
  std::vector<int> numbers;      // per callout: its number on the figure, 0 when not shown
  std::size_t shown = 0;         // callouts with a marker and a list entry
  std::size_t outsideMap = 0;    // left out: the place is outside every map frame
  std::size_t notListed = 0;     // left out: no room left in the box
};

// Quotes longer than this many characters (UTF-8 code points) are cut at a word and end in "…".
constexpr std::size_t kCalloutQuoteChars = 140;

// `text` with line breaks turned into spaces and cut to at most `maxChars` code points at a word boundary,
// followed by "…" when cut.
std::string shortQuote(const std::string& text, std::size_t maxChars = kCalloutQuoteChars);

// Wraps `text` to `width` points, breaking only at `separator` (" ": at white space, the words joined by one
// space; " · ": between the parts of a source line); a piece wider than `width` is broken between code points,
// so no line is wider than `width` (unless a single code point is). The one text-wrapping routine of figures,
// callouts and the atlas.
std::vector<std::string> wrapText(const std::string& text, double width, const TextStyle& style,
                                  const TextMetrics& metrics, const std::string& separator = " ");

// Numbers the callouts that fall inside a map frame 1, 2, ... in the given order, lists as many as fit in `box`
// (a heading "Community notes", then "n  title — quote" wrapped to the box) and draws a numbered marker for each
// listed one on every map panel whose extent holds it. `k` scales sizes (1 for a 720 × 450 pt page).
CalloutResult addNoteCallouts(Figure& fig, const std::vector<NoteCallout>& callouts, const CalloutBox& box,
                              const TextMetrics& metrics, double k = 1);

// Draws a numbered marker at `location` on every map panel whose extent holds it (no list): the atlas, which
// lists its notes under the map, uses it so the map shows the same numbers. Returns whether one was drawn.
bool addCalloutMarker(Figure& fig, Point location, int number, double k = 1);

}  // namespace mobmap::render
