#include "core/missing_value.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

#include "core/text.h"

namespace mobmap {

std::string_view missingReasonKey(MissingReason reason) {
  switch (reason) {
    case MissingReason::None: return "";
    case MissingReason::Blank: return "blank";
    case MissingReason::NotAvailable: return "na";
    case MissingReason::CensusNoEstimate: return "census_no_estimate";
    case MissingReason::CensusNotDisplayed: return "census_not_displayed";
    case MissingReason::CensusNotApplicable: return "census_not_applicable";
    case MissingReason::CensusMoeNotComputed: return "census_moe_not_computed";
    case MissingReason::CensusMoeOpenEnded: return "census_moe_open_ended";
    case MissingReason::CensusControlled: return "census_controlled";
    case MissingReason::CensusFlagged: return "census_flagged";
    case MissingReason::NotFinite: return "not_finite";
    case MissingReason::Extreme: return "extreme_value";
    case MissingReason::UndefinedRatio: return "undefined_ratio";
    case MissingReason::NoJoinMatch: return "no_join_match";
  }
  return "";
}

std::string_view missingReasonText(MissingReason reason) {
  switch (reason) {
    case MissingReason::None: return "";
    case MissingReason::Blank: return "blank";
    case MissingReason::NotAvailable: return "NA (not available)";
    case MissingReason::CensusNoEstimate:
      return "Census: estimate not available, too few sample observations (-666666666)";
    case MissingReason::CensusNotDisplayed:
      return "Census: not displayed, too few sample cases (-999999999)";
    case MissingReason::CensusNotApplicable: return "Census: not applicable (-888888888)";
    case MissingReason::CensusMoeNotComputed:
      return "Census: margin of error not computed, too few sample observations (-222222222)";
    case MissingReason::CensusMoeOpenEnded:
      return "Census: margin of error not computed, median in an open-ended interval (-333333333)";
    case MissingReason::CensusControlled: return "Census: controlled-estimate code in a value column (-555555555)";
    case MissingReason::CensusFlagged: return "Census: value flagged and not shown (*)";
    case MissingReason::NotFinite: return "not a finite number (inf or NaN)";
    case MissingReason::Extreme: return "extreme value (|v| >= 1e300) used as a missing-value code";
    case MissingReason::UndefinedRatio: return "ratio undefined (second share is 0)";
    case MissingReason::NoJoinMatch: return "no matching row in the joined table";
  }
  return "";
}

std::string_view missingReasonShort(MissingReason reason) {
  switch (reason) {
    case MissingReason::None: return "";
    case MissingReason::Blank: return "blank";
    case MissingReason::NotAvailable: return "NA";
    case MissingReason::CensusNoEstimate: return "Census -666666666";
    case MissingReason::CensusNotDisplayed: return "Census -999999999";
    case MissingReason::CensusNotApplicable: return "Census -888888888";
    case MissingReason::CensusMoeNotComputed: return "Census -222222222";
    case MissingReason::CensusMoeOpenEnded: return "Census -333333333";
    case MissingReason::CensusControlled: return "Census -555555555";
    case MissingReason::CensusFlagged: return "Census *";
    case MissingReason::NotFinite: return "inf/NaN";
    case MissingReason::Extreme: return "|v| \u2265 1e300";
    case MissingReason::UndefinedRatio: return "ratio x:0";
    case MissingReason::NoJoinMatch: return "no join match";
  }
  return "";
}

std::string shortMissingCounts(const MissingCounts& counts) {
  std::string out;
  for (const auto& [reason, n] : counts) {
    if (reason == MissingReason::None || n == 0) continue;
    if (!out.empty()) out += ", ";
    out += std::to_string(n) + " " + std::string(missingReasonShort(reason));
  }
  return out;
}

bool isMoeColumnName(std::string_view columnName) {
  std::string_view t = trim(columnName);
  std::string n = toLower(t);
  if (n.ends_with("_moe") || n.starts_with("moe_") || n == "moe" || n.ends_with("moe")) return true;
  // Census API variable: table ID, "_", three digits, then "M" (B19013_001M, S1701_C01_001M).
  if (t.size() >= 6 && t.back() == 'M') {
    std::string_view stem = t.substr(0, t.size() - 1);
    std::size_t us = stem.rfind('_');
    if (us != std::string_view::npos && stem.size() - us - 1 == 3 && isAllDigits(stem.substr(us + 1)) &&
        std::isupper(static_cast<unsigned char>(t.front())))
      return true;
  }
  return false;
}

NumberMeaning classifyNumber(double v, bool moeColumn) {
  if (std::isnan(v)) return {MissingReason::Blank, 0};
  if (std::isinf(v)) return {MissingReason::NotFinite, 0};
  if (std::fabs(v) >= 1e300) return {MissingReason::Extreme, 0};
  if (v == -666666666) return {MissingReason::CensusNoEstimate, 0};
  if (v == -999999999) return {MissingReason::CensusNotDisplayed, 0};
  if (v == -888888888) return {MissingReason::CensusNotApplicable, 0};
  if (v == -222222222) return {MissingReason::CensusMoeNotComputed, 0};
  if (v == -333333333) return {MissingReason::CensusMoeOpenEnded, 0};
  if (v == -555555555) return moeColumn ? NumberMeaning{MissingReason::None, 0} : NumberMeaning{MissingReason::CensusControlled, 0};
  return {MissingReason::None, v};
}

namespace {

// "nan", "inf", "-inf", "infinity", "1e999": text that strtod reads as a non-finite or extreme number.
bool isNonFiniteText(std::string_view t) {
  std::string l = toLower(t);
  if (l.starts_with('+') || l.starts_with('-')) l.erase(0, 1);
  return l == "nan" || l == "inf" || l == "infinity" || l == "#num!" || l == "#div/0!";
}

}  // namespace

MissingReason missingReasonOfText(std::string_view cell, bool moeColumn) {
  std::string_view t = trim(cell);
  if (t.empty()) return MissingReason::Blank;
  if (t == "NA" || t == "N/A" || t == "n/a" || t == "." || equalsIgnoreCase(t, "null")) return MissingReason::NotAvailable;
  if (t == "-") return MissingReason::CensusNoEstimate;
  if (t == "N") return MissingReason::CensusNotDisplayed;
  if (t == "(X)") return MissingReason::CensusNotApplicable;
  if (t == "*") return MissingReason::CensusFlagged;
  if (t == "**") return MissingReason::CensusMoeNotComputed;
  if (t == "***") return MissingReason::CensusMoeOpenEnded;
  if (t == "*****") return moeColumn ? MissingReason::None : MissingReason::CensusControlled;
  if (isNonFiniteText(t)) return MissingReason::NotFinite;
  if (auto v = parseNumber(t)) return classifyNumber(*v, moeColumn).reason;
  // Decimal text too large for a double (1e999) parses to infinity.
  if (t.find_first_not_of("0123456789+-.eE") == std::string_view::npos) {
    std::string s(t);
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (end == s.c_str() + s.size() && !std::isfinite(d)) return MissingReason::NotFinite;
  }
  return MissingReason::None;
}

bool isAmbiguousCensusMark(std::string_view cell) {
  std::string_view t = trim(cell);
  return t == "-" || t == "N" || t == "*";
}

std::optional<double> moeControlledValue(std::string_view cell, bool moeColumn) {
  if (!moeColumn) return std::nullopt;
  std::string_view t = trim(cell);
  if (t == "*****") return 0.0;
  if (auto v = parseNumber(t); v && *v == -555555555) return 0.0;
  return std::nullopt;
}

std::string describeMissingCounts(const MissingCounts& counts) {
  std::string out;
  for (const auto& [reason, n] : counts) {
    if (reason == MissingReason::None || n == 0) continue;
    if (!out.empty()) out += "; ";
    out += std::to_string(n) + " " + std::string(missingReasonText(reason));
  }
  return out;
}

}  // namespace mobmap
