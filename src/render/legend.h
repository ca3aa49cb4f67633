#pragma once
// The legend model: what the legend says, independent of where and how it is drawn.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "render/figure.h"

namespace mobmap::render {

// What a legend swatch stands for: a class of values, or one of the kinds of "no value" that each get their
// own swatch (never a class colour): missing data, values withheld as low quality, values drawn hatched as
// low quality, a comparison group absent (a ratio's divisor is 0), or areas not significant.
enum class SwatchKind { Class, Missing, Suppressed, LowQuality, Absent, NotSignificant };

// "class", "missing", "suppressed", "low_quality", "absent", "not_significant".
const char* swatchKindName(SwatchKind kind);

struct LegendEntry {
  std::string label;    // "> 12.5% – 20.1%"
  std::size_t count = 0;
  Fill fill;
  SwatchKind kind = SwatchKind::Class;
};

// A mark on a diverging legend at the reference value, between classes or inside one.
struct ReferenceMark {
  double position = 0;  // in class units from the top of the class list: 2.0 = boundary between classes 1 and 2
  std::string label;    // "Reference: parity (1.0)"
};

// A two-variable (bivariate) legend: a 3 × 3 grid of swatches, x classes left to right and y classes bottom
// to top, with each cell's count and the class limits along both axes.
struct BivariateLegend {
  std::vector<Fill> cells;              // row-major from the bottom row: cells[y * columns + x]
  std::vector<std::size_t> counts;      // same order
  int columns = 3, rows = 3;
  std::string xLabel, yLabel;           // "Blk14P (%) →", "Pov14 (%) ↑"
  std::vector<std::string> xTicks, yTicks;  // class limits: columns + 1 and rows + 1 labels
};

struct Legend {
  std::string heading;                 // metric label
  std::string scope;                   // subgroup and year of the rows drawn ("Black, 2023"); may be empty
  std::string unitLine;                // "Share of households, %" etc.; may be empty
  std::string rule;                    // "Darker = worse outcome" / "Darker = higher value"
  std::vector<LegendEntry> classes;    // in order, lowest values first
  std::vector<LegendEntry> special;    // no data, suppressed, low quality: each its own swatch
  std::optional<ReferenceMark> reference;
  std::optional<BivariateLegend> grid; // drawn instead of the class list when present
  std::string footnote;                // "Classes include their upper bound."
  bool dotSwatches = false;            // class swatches drawn as dots of the fill colour (dot density)
};

}  // namespace mobmap::render
