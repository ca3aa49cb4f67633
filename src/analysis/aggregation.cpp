#include "analysis/aggregation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <unordered_map>

#include "analysis/area_overlay.h"
#include "analysis/moe.h"
#include "core/coded_median.h"
#include "core/metric_columns.h"
#include "core/error.h"
#include "core/geoid.h"
#include "core/text.h"

namespace mobmap::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A numeric source column, or an Error naming the layer, the field and a text value found in it.
const Column& numericColumn(const AttributeTable& table, const std::string& name, std::string_view sourceName) {
  const Column& c = table.require(name, sourceName);
  if (c.isNumeric()) return c;
  std::string example;
  for (std::size_t r = 0; r < c.size() && example.empty(); ++r)
    if (!c.isMissing(r)) example = " (row " + std::to_string(r + 1) + ": '" + c.text(r) + "')";
  throw Error(std::string(sourceName) + ": field '" + c.name() + "' is not numeric" + example +
              "; aggregation needs numbers");
}

const Column* moeColumnFor(const AttributeTable& table, const AggregationRequest& req, const std::string& field,
                           std::string_view sourceName) {
  for (const auto& [est, moe] : req.moeFields)
    if (equalsIgnoreCase(est, field)) return &numericColumn(table, moe, sourceName);
  return nullptr;
}

std::string moeNameFor(const AggregationRequest& req, const std::string& field) {
  for (const auto& [est, moe] : req.moeFields)
    if (equalsIgnoreCase(est, field)) return moe;
  return {};
}

// Σ sᵢⱼ·xᵢ per target with MOE sqrt(Σ (sᵢⱼ·MOEᵢ)²), of the zero estimates only the largest MOE.
AggregatedField sumField(const std::string& name, const Column& x, const Column* moe, std::size_t targetCount,
                         const std::vector<Contribution>& contributions, const std::vector<double>& shareInside) {
  AggregatedField f;
  f.name = name;
  f.kind = FieldKind::Sum;
  f.value.assign(targetCount, 0.0);
  f.missing.assign(targetCount, 0);
  std::vector<std::size_t> present(targetCount, 0);
  // Each target's contributing estimates and weighted MOEs, for the Census Bureau's zero-estimate rule.
  std::vector<std::vector<double>> parts(moe ? targetCount : 0), partMoes(moe ? targetCount : 0);
  std::vector<bool> moeUnknown(targetCount, false);
  for (const Contribution& c : contributions) {
    if (x.isMissing(c.source)) {
      ++f.missing[c.target];
      continue;
    }
    f.value[c.target] += c.share * x.number(c.source);
    ++present[c.target];
    if (moe) {
      if (moe->isMissing(c.source)) {
        moeUnknown[c.target] = true;
      } else {
        parts[c.target].push_back(c.share * x.number(c.source));
        partMoes[c.target].push_back(c.share * moe->number(c.source));
      }
    }
  }
  if (moe) f.moe.assign(targetCount, kNaN);
  for (std::size_t j = 0; j < targetCount; ++j) {
    if (present[j] == 0) {
      f.value[j] = kNaN;
      continue;
    }
    f.targetTotal += f.value[j];
    if (moe && !moeUnknown[j]) f.moe[j] = sumMoeZeroRule(parts[j], partMoes[j]);
  }
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x.isMissing(i)) continue;
    f.sourceTotal += x.number(i);
    f.uncoveredTotal += x.number(i) * (1.0 - shareInside[i]);
  }
  return f;
}

// Σ wᵢⱼ·xᵢ / Σ wᵢⱼ per target.
AggregatedField meanField(const std::string& name, const Column& x, const Column* moe, const Column* weight,
                          const std::vector<double>& sourceArea, std::size_t targetCount,
                          const std::vector<Contribution>& contributions) {
  AggregatedField f;
  f.name = name;
  f.kind = FieldKind::Mean;
  f.value.assign(targetCount, 0.0);
  f.missing.assign(targetCount, 0);
  std::vector<double> wsum(targetCount, 0.0), moeSq(targetCount, 0.0);
  std::vector<bool> moeUnknown(targetCount, false);
  for (const Contribution& c : contributions) {
    double w = c.share;
    if (weight) w *= weight->isMissing(c.source) ? kNaN : weight->number(c.source);
    else w *= c.source < sourceArea.size() ? sourceArea[c.source] : 1.0;
    if (x.isMissing(c.source) || std::isnan(w)) {
      ++f.missing[c.target];
      continue;
    }
    // "250,000 or more" is not an amount: a top- or bottom-coded median stays out of the mean.
    if (censusCodedMedian(x.name(), x.number(c.source))) {
      ++f.missing[c.target];
      ++f.codedLeftOut;
      continue;
    }
    f.value[c.target] += w * x.number(c.source);
    wsum[c.target] += w;
    if (moe) {
      if (moe->isMissing(c.source)) moeUnknown[c.target] = true;
      else moeSq[c.target] += std::pow(w * moe->number(c.source), 2);
    }
  }
  if (moe) f.moe.assign(targetCount, kNaN);
  for (std::size_t j = 0; j < targetCount; ++j) {
    if (!(wsum[j] > 0)) {
      f.value[j] = kNaN;
      continue;
    }
    f.value[j] /= wsum[j];
    if (moe && !moeUnknown[j]) f.moe[j] = std::sqrt(moeSq[j]) / wsum[j];
  }
  return f;
}

AggregatedField rateField(const RateSpec& rate, const AggregatedField& num, const AggregatedField& den) {
  const std::size_t n = num.value.size();
  AggregatedField f;
  f.name = rate.name;
  f.kind = FieldKind::Rate;
  if (!num.moeField.empty() && !den.moeField.empty()) f.moeField = num.moeField + "/" + den.moeField;
  f.value.assign(n, kNaN);
  f.missing.assign(n, 0);
  const bool withMoe = !num.moe.empty() && !den.moe.empty();
  if (withMoe) f.moe.assign(n, kNaN);
  for (std::size_t j = 0; j < n; ++j) {
    f.missing[j] = std::max(num.missing[j], den.missing[j]);
    const double x = num.value[j], y = den.value[j];
    if (std::isnan(x) || std::isnan(y) || y == 0) continue;
    f.value[j] = x / y;
    if (!withMoe || std::isnan(num.moe[j]) || std::isnan(den.moe[j])) continue;
    if (std::abs(x) <= std::abs(y)) {
      bool fallback = false;
      f.moe[j] = proportionMoe(x, num.moe[j], y, den.moe[j], &fallback);
      if (fallback) ++f.ratioFormulaFallbacks;
    } else {
      f.moe[j] = ratioMoe(x, num.moe[j], y, den.moe[j]);
      ++f.ratioFormulaFallbacks;
    }
  }
  return f;
}

std::string formatShare(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", s);
  return buf;
}

}  // namespace

RateSpec RateSpec::parse(std::string_view text) {
  const std::size_t eq = text.find('=');
  const std::size_t slash = text.find('/', eq == std::string_view::npos ? 0 : eq);
  if (eq == std::string_view::npos || slash == std::string_view::npos)
    throw UsageError("--rate '" + std::string(text) + "': expected NAME=NUMERATOR/DENOMINATOR");
  RateSpec r{std::string(trim(text.substr(0, eq))), std::string(trim(text.substr(eq + 1, slash - eq - 1))),
             std::string(trim(text.substr(slash + 1)))};
  if (r.name.empty() || r.numerator.empty() || r.denominator.empty())
    throw UsageError("--rate '" + std::string(text) + "': expected NAME=NUMERATOR/DENOMINATOR");
  return r;
}

std::string_view methodName(AggregationMethod method) {
  switch (method) {
    case AggregationMethod::Key: return "key";
    case AggregationMethod::AreaWeighted: return "area-weighted";
    case AggregationMethod::Dissolve: return "dissolve";
  }
  return "";
}

std::string_view fieldKindName(FieldKind kind) {
  switch (kind) {
    case FieldKind::Sum: return "sum";
    case FieldKind::Mean: return "mean";
    case FieldKind::Rate: return "rate";
  }
  return "";
}

AggregationResult aggregateContributions(const AttributeTable& source, std::string_view sourceName,
                                         std::size_t targetCount, const std::vector<Contribution>& contributions,
                                         const std::vector<double>& sourceArea, const AggregationRequest& request) {
  if (request.sumFields.empty() && request.meanFields.empty() && request.rates.empty())
    throw UsageError("nothing to aggregate: give --sum, --mean or --rate fields");
  AggregationResult r;
  r.sourceCount = source.rowCount();
  r.targetCount = targetCount;
  r.sourcesPerTarget.assign(targetCount, 0);
  r.sourceShareInside.assign(r.sourceCount, 0.0);
  r.coverage.assign(targetCount, kNaN);
  for (const Contribution& c : contributions) {
    ++r.sourcesPerTarget[c.target];
    r.sourceShareInside[c.source] += c.share;
  }
  for (std::size_t j = 0; j < targetCount; ++j)
    if (r.sourcesPerTarget[j] == 0) ++r.targetsWithoutSources;
  for (std::size_t i = 0; i < r.sourceCount; ++i) {
    const double s = r.sourceShareInside[i];
    if (s == 0) {
      ++r.sourcesOutside;
      if (r.outsideExamples.size() < 5) r.outsideExamples.push_back(i);
    } else if (s < 1 - 1e-9) {
      ++r.sourcesPartlyOutside;
    } else if (s > 1 + 1e-9) {
      ++r.sourcesInOverlap;
    }
  }

  // Validate every field before computing anything.
  const Column* weight = request.weightField.empty() ? nullptr : &numericColumn(source, request.weightField, sourceName);
  auto sumOf = [&](const std::string& name) {
    const Column& x = numericColumn(source, name, sourceName);
    AggregatedField f = sumField(name, x, moeColumnFor(source, request, name, sourceName), targetCount,
                                 contributions, r.sourceShareInside);
    f.moeField = moeNameFor(request, name);
    if (f.moe.empty()) f.moeField.clear();
    return f;
  };
  for (const std::string& name : request.sumFields) r.fields.push_back(sumOf(name));
  for (const std::string& name : request.meanFields) {
    const Column& x = numericColumn(source, name, sourceName);
    const Column* moe = moeColumnFor(source, request, name, sourceName);
    AggregatedField f = meanField(name, x, moe, weight, sourceArea, targetCount, contributions);
    if (moe) f.moeField = moeNameFor(request, name);
    if (f.codedLeftOut > 0)
      r.warnings.push_back("'" + name + "': " + std::to_string(f.codedLeftOut) + " source value" + (f.codedLeftOut == 1 ? " is" : "s are") +
                           " a Census top- or bottom-coded median (such as 250001, \"250,000 or more\") and " +
                           (f.codedLeftOut == 1 ? "was" : "were") + " left out of the means");
    r.fields.push_back(std::move(f));
  }
  for (const RateSpec& rate : request.rates) r.fields.push_back(rateField(rate, sumOf(rate.numerator), sumOf(rate.denominator)));
  // Medians and per-capita values are not additive: say so whenever one is summed or averaged.
  auto warnNonAdditive = [&r](const std::string& name, const char* how) {
    if (std::string w = nonAdditiveWarning(name, how); !w.empty()) r.warnings.push_back(std::move(w));
  };
  for (const std::string& name : request.sumFields) warnNonAdditive(name, "summed");
  for (const std::string& name : request.meanFields) warnNonAdditive(name, "averaged");
  return r;
}

AggregationResult aggregate(const Layer& source, const Layer& target, const AggregationRequest& request) {
  const std::string sourceName = source.source.empty() ? source.name : source.source;
  const std::string targetName = target.source.empty() ? target.name : target.source;
  if (target.featureCount() == 0) throw Error(targetName + ": the target layer has no features");
  if (source.featureCount() == 0) throw Error(sourceName + ": the source layer has no features");
  if (request.sourceKey.empty() != request.targetKey.empty())
    throw UsageError("--key needs both sides: SOURCE_FIELD=TARGET_FIELD");

  std::vector<Contribution> contributions;
  AggregationResult r;
  if (!request.sourceKey.empty()) {
    std::vector<std::string> srcKeys = buildKeys(source.attributes, KeySpec::parse(request.sourceKey), sourceName);
    std::vector<std::string> tgtKeys = buildKeys(target.attributes, KeySpec::parse(request.targetKey), targetName);
    restoreLostLeadingZero(srcKeys, tgtKeys);
    std::unordered_map<std::string, std::size_t> targetOf;
    std::size_t duplicates = 0;
    for (std::size_t j = 0; j < tgtKeys.size(); ++j)
      if (!tgtKeys[j].empty() && !targetOf.emplace(tgtKeys[j], j).second) ++duplicates;
    std::size_t withoutKey = 0;
    for (std::size_t i = 0; i < srcKeys.size(); ++i) {
      if (srcKeys[i].empty()) {
        ++withoutKey;
        continue;
      }
      if (auto it = targetOf.find(srcKeys[i]); it != targetOf.end()) contributions.push_back({i, it->second, 1.0});
    }
    if (contributions.empty())
      throw Error("no " + request.sourceKey + " value of " + sourceName + " matches a " + request.targetKey + " of " +
                  targetName + " (e.g. '" + (srcKeys.empty() ? std::string() : srcKeys.front()) + "' vs '" +
                  tgtKeys.front() + "')");
    std::size_t srcRepaired = 0, tgtRepaired = 0;
    const std::vector<double> srcArea = featureAreas(source.geometry, &srcRepaired);
    const std::vector<double> tgtArea = featureAreas(target.geometry, &tgtRepaired);
    r = aggregateContributions(source.attributes, sourceName, target.featureCount(), contributions, srcArea, request);
    r.method = AggregationMethod::Key;
    r.sourcesWithoutKey = withoutKey;
    r.duplicateTargetKeys = duplicates;
    r.sourcesRepaired = srcRepaired;
    r.targetsRepaired = tgtRepaired;
    std::vector<double> covered(target.featureCount(), 0.0);
    for (const Contribution& c : contributions) covered[c.target] += srcArea[c.source];
    for (std::size_t j = 0; j < covered.size(); ++j)
      if (tgtArea[j] > 0) r.coverage[j] = covered[j] / tgtArea[j];
    r.notes.push_back("key-based: each source counts wholly in the target its key names; coverage is the area of "
                      "a target's sources over the target's area");
    if (duplicates > 0)
      r.notes.push_back(std::to_string(duplicates) + " duplicate target keys: sources go to the first target with "
                        "that key");
    if (withoutKey > 0) r.notes.push_back(std::to_string(withoutKey) + " source areas have no key value");
  } else {
    OverlayOptions options;
    options.sliverShare = request.sliverShare;
    const AreaOverlay ov = overlayAreas(source.geometry, target.geometry, options);
    if (ov.pieces.empty())
      throw Error("no area of " + sourceName + " overlaps any area of " + targetName +
                  ": check that the layers cover the same place (and that their CRSs are declared correctly)");
    contributions.reserve(ov.pieces.size());
    std::vector<double> covered(target.featureCount(), 0.0);
    for (const OverlayPiece& p : ov.pieces) {
      contributions.push_back({p.source, p.target, p.area / ov.sourceArea[p.source]});
      covered[p.target] += p.area;
    }
    r = aggregateContributions(source.attributes, sourceName, target.featureCount(), contributions, ov.sourceArea,
                               request);
    r.method = AggregationMethod::AreaWeighted;
    r.sourcesRepaired = ov.sourcesRepaired;
    r.targetsRepaired = ov.targetsRepaired;
    r.sliversDropped = ov.sliversDropped;
    r.sliverShare = ov.sliverShare;
    for (std::size_t j = 0; j < covered.size(); ++j)
      if (ov.targetArea[j] > 0) r.coverage[j] = covered[j] / ov.targetArea[j];
    r.notes.push_back(std::string("area-weighted: counts are split by the share of each source's area in each "
                                  "target; means are weighted by ") +
                      (request.weightField.empty() ? "intersection area"
                                                   : "intersection population (" + request.weightField +
                                                         " × area share)") +
                      "; pieces under " + formatShare(request.sliverShare) +
                      " of a source's area are dropped as slivers");
    if (r.sourcesInOverlap > 0)
      r.notes.push_back(std::to_string(r.sourcesInOverlap) + " source areas are counted more than once because "
                        "target areas overlap");
  }
  if (r.sourcesRepaired + r.targetsRepaired > 0)
    r.notes.push_back("made valid before measuring: " + std::to_string(r.sourcesRepaired) + " source and " +
                      std::to_string(r.targetsRepaired) + " target geometries with invalid rings");
  if (r.sourcesOutside > 0)
    r.notes.push_back(std::to_string(r.sourcesOutside) + " source areas fall outside every target area; their "
                      "counts are reported as uncovered");
  if (r.targetsWithoutSources > 0)
    r.notes.push_back(std::to_string(r.targetsWithoutSources) + " target areas receive no source area (no data)");
  return r;
}

}  // namespace mobmap::analysis
