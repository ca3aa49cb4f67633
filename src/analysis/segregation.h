#pragma once
// Segregation indices over areas from group counts.
//
// With x_i the group's count in area i, t_i the area's total (a total field, else the sum of the groups),
// X = Σ x_i and T = Σ t_i over the areas used (t_i > 0, every count present):
//   dissimilarity from everyone else  D = ½ Σ |x_i/X − (t_i − x_i)/(T − X)|
//   pairwise dissimilarity            D_ab = ½ Σ |a_i/A − b_i/B|
//   isolation                         Σ (x_i/X)(x_i/t_i)
//   exposure of group x to group y    Σ (x_i/X)(y_i/t_i)
//   entropy (Theil) index             H = Σ t_i (E − E_i) / (T E),  E = −Σ_g P_g ln P_g with P_g = X_g/T,
//                                     E_i = −Σ_g p_gi ln p_gi with p_gi = x_gi/t_i (0 ln 0 = 0)
// When a total is given and the groups do not add up to it, the remainder t_i − Σ_g x_gi is one more group
// ("other") in the entropy index, so the shares sum to 1 (areas where the groups exceed the total are
// counted and their remainder taken as 0).
#include <optional>
#include <string>
#include <vector>

namespace mobmap::analysis {

struct SegregationInput {
  std::vector<std::string> groups;                          // group names
  std::vector<std::vector<std::optional<double>>> counts;   // counts[g][area]
  std::optional<std::vector<std::optional<double>>> total;  // t_i; absent = sum of the groups
};

struct SegregationResult {
  std::vector<std::string> groups;
  std::vector<double> groupTotals;                 // X per group
  double total = 0;                                // T
  std::size_t areas = 0;                           // areas given
  std::size_t areasUsed = 0;
  std::size_t areasZeroTotal = 0;                  // t_i = 0 (or ≤ 0): skipped
  std::size_t areasMissing = 0;                    // a count or the total missing or negative: skipped
  std::size_t areasGroupsExceedTotal = 0;          // Σ groups > t_i (only with a total field)
  bool remainderGroup = false;                     // entropy includes "other" = total − Σ groups
  std::vector<std::optional<double>> dissimilarity;             // per group; none when X = 0 or X = T
  std::vector<std::vector<std::optional<double>>> pairwise;     // [a][b]; none when A or B is 0
  std::vector<std::optional<double>> isolation;                 // per group; none when X = 0
  std::vector<std::vector<std::optional<double>>> exposure;     // [x][y]; none when X = 0
  std::optional<double> entropy;                   // E of the whole population
  std::optional<double> theilH;                    // none when E = 0 (one group only)
};

// The indices above. Throws mobmap::Error when the count columns differ in length or no area is usable.
SegregationResult segregation(const SegregationInput& input);

}  // namespace mobmap::analysis
