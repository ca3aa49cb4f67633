#pragma once
// Class breaks that keep classes apart given each value's sampling error: the class separability criterion of
// Sun, Wong & Kronenfeld, "A Classification Method for Choropleth Maps Incorporating Data Reliability
// Information", The Professional Geographer 67(1), 2015. The separability of a class limit is the z of the two
// least separable estimates on its two sides, min over x_i ≤ limit < x_j of (x_j − x_i) / √(SE_i² + SE_j²), read
// as the confidence 2Φ(z) − 1 that values on its two sides differ; the method places the limits where that
// separability is highest.
//
// How the limits are chosen here: every gap between two consecutive distinct values is a candidate limit with
// its separability; candidates are taken in order of falling separability (ties: the lower value first), each
// kept when every class it makes still holds at least `minClassSize` values, until classes − 1 limits are kept.
// The pure criterion (minClassSize 1) tends to split off single extreme values (Sun, Wong & Kronenfeld 2017,
// CaGIS 44(3), found its classes highly unbalanced), hence the minimum class size.
#include <cstddef>
#include <vector>

namespace mobmap::analysis {

struct SeparableBreaks {
  std::vector<double> breaks;        // min, the chosen limits (the largest value of each class), max
  std::vector<double> separability;  // z of each interior limit (breaks[1] … breaks[n−1]); +inf when no pair has sampling error
  std::size_t valuesUsed = 0;        // values with a finite value and standard error
};

// Breaks for `classes` classes of the values that have a finite standard error (values[i] with se[i]; NaN = none).
// Fewer classes when fewer limits fit the minimum class size. Throws mobmap::Error when the spans differ in length
// or fewer than 2 distinct values have a standard error, mobmap::UsageError for a class count outside 2–9.
SeparableBreaks separableBreaks(const std::vector<double>& values, const std::vector<double>& se, int classes,
                                std::size_t minClassSize);

// The separability z of each interior limit of `breaks` over the values with a standard error (see above):
// min over pairs x_i ≤ limit < x_j of (x_j − x_i) / √(SE_i² + SE_j²); +inf for a limit with no such pair.
std::vector<double> limitSeparability(const std::vector<double>& values, const std::vector<double>& se,
                                      const std::vector<double>& breaks);

// The confidence 2Φ(z) − 1 that two values z standard errors apart differ.
double separabilityConfidence(double z);

}  // namespace mobmap::analysis
