#pragma once
// Moving values from source areas (tracts) onto target areas (neighborhoods): key-based sums, area-weighted
// and population-weighted aggregation, rates from aggregated counts, and ACS margins of error.
//
// Usage:
//   analysis::AggregationRequest req;
//   req.sumFields = {"Pop2014"};
//   req.sourceKey = "commarea"; req.targetKey = "ComAreaID";          // leave both empty for area weights
//   analysis::AggregationResult r = analysis::aggregate(tracts, areas, req);  // same projected CRS
//   Layer out = analysis::aggregatedLayer(areas, r);
//
// Formulas (target j, source i, share sᵢⱼ = the part of i's count that goes to j: 1 with a key, else
// area(i ∩ j) / area(i)):
//   sum:   Σ sᵢⱼ·xᵢ                       MOE sqrt(Σ (sᵢⱼ·MOEᵢ)²), where of the estimates that are zero only the
//                                          largest MOE enters (the Census Bureau's zero-estimate rule)
//   mean:  Σ wᵢⱼ·xᵢ / Σ wᵢⱼ               wᵢⱼ = sᵢⱼ·popᵢ with a weight field (intersection population), else
//                                          sᵢⱼ·area(i) (intersection area); MOE sqrt(Σ (wᵢⱼ·MOEᵢ)²) / Σ wᵢⱼ
//   rate:  (Σ sᵢⱼ·numᵢ) / (Σ sᵢⱼ·denᵢ)    MOE by the ACS proportion formula (ratio formula when num > den or
//                                          when the value under the root is negative), see analysis/moe.h
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/attribute_table.h"
#include "core/layer.h"

namespace mobmap::analysis {

// A rate computed from counts: NAME = NUMERATOR / DENOMINATOR, each aggregated first.
struct RateSpec {
  std::string name;
  std::string numerator;
  std::string denominator;

  // Parses "NAME=NUM/DEN"; throws mobmap::UsageError when malformed.
  static RateSpec parse(std::string_view text);
};

struct AggregationRequest {
  std::vector<std::string> sumFields;    // counts (extensive): summed, apportioned by area share without a key
  std::vector<std::string> meanFields;   // rates, shares, averages (intensive): weighted means
  std::string weightField;               // a population count weighting the means; empty = area weights
  std::vector<std::pair<std::string, std::string>> moeFields;  // estimate field -> its 90% MOE field
  std::vector<RateSpec> rates;
  std::string sourceKey;                 // with targetKey: key-based (may be composite, "state+county")
  std::string targetKey;
  double sliverShare = 1e-6;             // area-weighted: pieces below this share of their source are dropped
};

enum class AggregationMethod { Key, AreaWeighted, Dissolve };
enum class FieldKind { Sum, Mean, Rate };

// "key", "area-weighted", "dissolve"; "sum", "mean", "rate".
std::string_view methodName(AggregationMethod method);
std::string_view fieldKindName(FieldKind kind);

struct AggregatedField {
  std::string name;
  FieldKind kind = FieldKind::Sum;
  std::string moeField;                // the source MOE field(s) used; empty when none
  std::vector<double> value;           // per target; NaN when no contributing source has a value
  std::vector<double> moe;             // per target (empty when the field has no MOE); NaN when unknown
  std::vector<std::size_t> missing;    // per target: contributing sources whose value (or weight) is missing
  double sourceTotal = 0;              // sums: Σ xᵢ over all sources
  double targetTotal = 0;              // sums: Σ over targets
  double uncoveredTotal = 0;           // sums: Σ xᵢ·(1 − Σⱼ sᵢⱼ), the part outside every target
  std::size_t ratioFormulaFallbacks = 0;  // rates: targets whose MOE used the ratio formula
  std::size_t codedLeftOut = 0;        // means: sources left out for a top- or bottom-coded median (core/coded_median.h)
};

// One source feeding one target with share `share` of its counts.
struct Contribution {
  std::size_t source = 0;
  std::size_t target = 0;
  double share = 1;
};

struct AggregationResult {
  AggregationMethod method = AggregationMethod::Key;
  std::size_t sourceCount = 0;
  std::size_t targetCount = 0;
  std::vector<AggregatedField> fields;      // sums, then means, then rates, in request order
  std::vector<std::size_t> sourcesPerTarget;
  std::vector<double> coverage;             // per target: share of its area covered by its sources (NaN unknown)
  std::vector<double> sourceShareInside;    // per source: Σⱼ sᵢⱼ (0 = outside every target)
  std::size_t sourcesOutside = 0;           // sources that reach no target (no overlap, or key unmatched)
  std::size_t sourcesPartlyOutside = 0;     // area-weighted: sources with 0 < Σⱼ sᵢⱼ < 1 − 1e-9
  std::size_t sourcesWithoutKey = 0;        // key-based: sources whose key is missing
  std::size_t sourcesInOverlap = 0;         // area-weighted: Σⱼ sᵢⱼ > 1 + 1e-9 (targets overlap)
  std::size_t targetsWithoutSources = 0;
  std::size_t duplicateTargetKeys = 0;
  std::size_t sourcesRepaired = 0;          // invalid rings made valid before measuring
  std::size_t targetsRepaired = 0;
  std::size_t sliversDropped = 0;
  double sliverShare = 0;
  std::vector<std::size_t> outsideExamples; // up to 5 source rows outside every target
  std::vector<std::string> notes;           // caveats for the user
  std::vector<std::string> warnings;        // results that are not what their name says (a summed median)
};

// Aggregates `source` onto `target` (both already in one projected CRS): by key when the request names both
// keys, else by area overlay. Throws mobmap::Error naming the layer and field for a missing or non-numeric
// field, an empty target layer, keys that never match, or layers that do not overlap at all.
AggregationResult aggregate(const Layer& source, const Layer& target, const AggregationRequest& request);

// The arithmetic behind aggregate(): moves the request's fields of `source` onto `targetCount` targets along
// `contributions`. `sourceArea` (one per source row, may be empty) supplies the weights of means when the
// request has no weight field. Throws mobmap::Error as aggregate() does for fields.
AggregationResult aggregateContributions(const AttributeTable& source, std::string_view sourceName,
                                         std::size_t targetCount, const std::vector<Contribution>& contributions,
                                         const std::vector<double>& sourceArea, const AggregationRequest& request);

}  // namespace mobmap::analysis
