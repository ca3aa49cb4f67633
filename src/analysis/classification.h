#pragma once
// Map classification: turning one numeric (or categorical) attribute into the classes of a choropleth.
//
// Usage: collect a field's values as std::optional<double> (nullopt = missing), call
// classify(values, ClassMethod::NaturalBreaks, 5), then colour feature i by result.classOf[i]
// (-1 = missing: draw it with the missing swatch, never as a class). The legend shows
// result.classLabels[c] and result.counts[c]; result.note explains anything surprising (collapsed
// quantile classes, clipped standard-deviation breaks, values outside manual breaks).
//
// Class boundaries are closed on the upper side: with breaks b0 < b1 < ... < bn,
//   class 0 = [b0, b1],  class i = (b_i, b_{i+1}] for i >= 1,
// so a value equal to a break belongs to the class below it. Labels say so: "≤ 12.5" for class 0 and
// "> 12.5 – 20.1" (meaning 12.5 < x ≤ 20.1) for the others.
//
// Errors: a field with no values, too few distinct values for the requested classes, or a single
// distinct value throws mobmap::Error with a message such as
// "field has only 1 distinct value; cannot make 5 classes" (callers prefix the field name). Bad
// arguments (unknown method name, class count outside 2–9, malformed manual breaks) throw
// mobmap::UsageError, a mobmap::Error.
//
// Non-finite values (NaN, ±infinity) are treated as missing.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mobmap::analysis {

enum class ClassMethod { Quantile, EqualInterval, NaturalBreaks, StdDev, BoxMap, Percentile, Manual, Separability };

// Parses "quantile", "equal", "jenks", "stddev", "box", "percentile", "manual" or "separability" (case-insensitive);
// throws mobmap::UsageError listing the valid names otherwise.
ClassMethod parseClassMethod(std::string_view name);

// The short name parseClassMethod accepts for this method ("jenks" for NaturalBreaks).
std::string_view methodName(ClassMethod method);

// A readable label for legends and figure captions, e.g. "Quantile", "Natural breaks (Jenks)".
std::string_view methodLabel(ClassMethod method);

// Fewest and most classes classify() accepts where the class count is chosen by the caller.
inline constexpr int kMinClasses = 2;
inline constexpr int kMaxClasses = 9;

struct Classification {
  ClassMethod method = ClassMethod::Quantile;
  // n+1 boundaries for n classes. front() is the minimum and back() the maximum of the present values,
  // except for Manual breaks (see classify()). Non-decreasing, except that for BoxMap breaks[1] and
  // breaks[5] are the fences, which may lie outside [front(), back()].
  std::vector<double> breaks;
  std::vector<std::size_t> counts;       // n counts, one per class (a class may be empty)
  std::vector<int> classOf;              // per input value: class index, or -1 when missing/out of range
  std::size_t missing = 0;               // values that were nullopt or non-finite
  std::size_t outOfRange = 0;            // Manual with full breaks only: present values outside them
  double gvf = 0;                        // goodness of variance fit 1 - SDCM/SDAM of the classes made
  std::vector<std::string> classLabels;  // n labels matching the boundaries, see the top of this file
  std::string note;                      // empty, or a sentence on anything the legend should explain
};

// Classifies the present values into classes.
// - Quantile: breaks at R type-7 quantiles (R's quantile() default, classInt "quantile"); breaks equal
//   because of ties are merged, giving fewer classes than asked (stated in `note`).
// - EqualInterval: `classes` intervals of equal width over [min, max].
// - NaturalBreaks: Fisher's exact optimal partition (minimum within-class sum of squares, the classInt
//   "fisher" optimum); tied values are never split between classes. Breaks are the largest value of
//   each class, front() = min.
// - StdDev: cuts at mean −2sd, −1sd, mean, +1sd, +2sd (sample sd, n−1) that fall strictly inside
//   (min, max): up to 6 classes; `classes` is ignored.
// - BoxMap: hinge 1.5; breaks [min, Q1−1.5·IQR, Q1, median, Q3, Q3+1.5·IQR, max] (type-7 quartiles),
//   6 classes: lower outlier, ≤25%, 25–50%, 50–75%, >75%, upper outlier. A fence beyond the data is
//   kept as computed (so breaks[1] < min or breaks[5] > max is possible) and its outlier class is
//   empty; a value exactly on a fence is in the class below it, like every other boundary.
//   `classes` is ignored.
// - Percentile: breaks at the 1st, 10th, 50th, 90th and 99th type-7 percentiles: 6 classes
//   (<1%, 1–10%, 10–50%, 50–90%, 90–99%, >99%), some possibly empty; `classes` is ignored.
// - Manual: `manualBreaks` strictly increasing, either classes−1 interior breaks or classes+1 full
//   breaks, told apart by their number. Interior breaks get the data's min and max added at the ends
//   (or the first/last break itself where it lies beyond the data), so every value falls in a class:
//   values outside the interior breaks are in the end classes. Full breaks are used as given and
//   values outside [first, last] are not clamped: they get classOf −1 and are counted in
//   `outOfRange` (and mentioned in `note`). Manual classes may be empty and need only one present value.
// - Separability needs each value's standard error: see analysis/separability.h (classify() throws
//   mobmap::UsageError for it).
// Throws mobmap::UsageError for a class count outside 2–9 (methods that use it) or bad manual breaks,
// and mobmap::Error when the values cannot make the classes.
Classification classify(const std::vector<std::optional<double>>& values, ClassMethod method, int classes,
                        const std::vector<double>& manualBreaks = {});

// 1 − SDCM/SDAM for `sortedValues` (ascending) split by `breaks` with the upper-closed rule above;
// values below breaks.front() or above breaks.back() count in the first or last class. Returns 1 when
// all values are equal (nothing to explain). Throws mobmap::Error on empty input or fewer than 2 breaks.
double goodnessOfVarianceFit(const std::vector<double>& sortedValues, const std::vector<double>& breaks);

// The p-quantile (0 ≤ p ≤ 1) of ascending `sortedValues` by R's type 7: linear interpolation between
// order statistics at h = (n−1)·p. Throws mobmap::Error on empty input.
double quantileType7(const std::vector<double>& sortedValues, double p);

// How naturalBreaks() searches: DivideAndConquer is O(k·n·log n) and exact because the within-class
// sum of squares of sorted data satisfies the quadrangle inequality; Exhaustive is the plain O(k·n²)
// dynamic programme, kept as a reference for tests and benchmarks.
enum class JenksSolver { DivideAndConquer, Exhaustive };

// Fisher's optimal partition of ascending `sortedValues` into `classes` groups of consecutive distinct
// values, minimising the within-class sum of squared deviations. Returns classes+1 breaks: the
// minimum, then the largest value of each class. Throws mobmap::Error when there are fewer distinct
// values than classes.
std::vector<double> naturalBreaks(const std::vector<double>& sortedValues, int classes,
                                  JenksSolver solver = JenksSolver::DivideAndConquer);

struct UniqueClassification {
  // Sorted by count (descending), then name; at most maxClasses entries. When there were more
  // categories, the last entry is "Other" (or "Other (merged)" if a kept category is called "Other")
  // and holds all the remaining ones.
  std::vector<std::string> categories;
  std::vector<std::size_t> counts;
  std::vector<int> classOf;  // per input value: index into categories, or -1 when missing
  std::size_t missing = 0;
  std::size_t merged = 0;  // how many distinct categories went into "Other" (0 when there is none)
};

// Unique-values classification of a categorical field. Throws mobmap::UsageError when maxClasses < 2
// and mobmap::Error when every value is missing.
UniqueClassification classifyUnique(const std::vector<std::optional<std::string>>& values, int maxClasses = 12);

}  // namespace mobmap::analysis
