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
#include <utility>
#include <vector>

#include "core/geometry.h"
#include "render/figure.h"
#include "render/text_metrics.h"

namespace mobmap::render {

// One note to call out: where (display CRS of the figure's maps) and what to list.
struct NoteCallout {
  NoteCallout() = default;
  NoteCallout(Point at, std::string title_, std::string quote_, bool quoted_ = false, std::string credit_ = {},
              std::vector<std::vector<Point>> outline_ = {})
      : location(at), title(std::move(title_)), quote(std::move(quote_)), quoted(quoted_), credit(std::move(credit_)),
        outline(std::move(outline_)) {}

  Point location;                            // the marker's place
  std::string title;
  std::string quote;                         // the note's text (cut to a short excerpt here); empty for none
  bool quoted = false;                       // the text is the speaker's own words: printed in quotation marks
  std::string credit;                        // who said it (when attributed), the source and the date
  std::vector<std::vector<Point>> outline;   // an area note's rings (display CRS), drawn as an outline
  std::string value;                         // the mapped value of the area the note stands in, or "" (listed
                                             // under the credit: session::addCalloutAreaValues)
};

// A page rectangle for the numbered list: x, top, width, and the y it must not pass; the list's heading.
struct CalloutBox {
  double x = 0, top = 0, width = 0, bottom = 0;
  std::string heading = "Community notes";
};

// Where a marker was drawn: on the page, and the place it stands for (they differ when it was moved aside).
struct MarkerPlacement {
  int number = 0;
  Point place;   // page point of the note's place
  Point marker;  // page point of the marker's centre
  double radius = 0;
};

struct CalloutResult {
  std::vector<MarkerPlacement> markers;  // every marker drawn, on every panel
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
// (the heading, then per note its number, title, text — in quotation marks only when `quoted` — and credit,
// wrapped to the box; when not all fit, a last line "N more notes not shown"), and for each listed one draws a
// numbered marker on every map panel whose extent holds it and an area note's outline. Markers never overprint
// one another: one that would is moved aside to the nearest free place and joined to its place by a leader line
// (a dot marks the place). `k` scales sizes (1 for a 720 × 450 pt page). Figures and atlas pages both use it.
CalloutResult addNoteCallouts(Figure& fig, const std::vector<NoteCallout>& callouts, const CalloutBox& box,
                              const TextMetrics& metrics, double k = 1);

// The height the list of `callouts` takes in a box `width` wide (heading included, every note listed): how much
// room a page would need to list them all.
double noteListHeight(const std::vector<NoteCallout>& callouts, double width, const TextMetrics& metrics, double k = 1);



}  // namespace mobmap::render
