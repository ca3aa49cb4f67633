// Names and labels of the classification methods.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "analysis/classification.h"
#include "core/error.h"

namespace mobmap::analysis {

namespace {

struct MethodInfo {
  ClassMethod method;
  std::string_view name;
  std::string_view label;
};

constexpr std::array<MethodInfo, 8> kMethods{{
    {ClassMethod::Quantile, "quantile", "Quantile"},
    {ClassMethod::EqualInterval, "equal", "Equal interval"},
    {ClassMethod::NaturalBreaks, "jenks", "Natural breaks (Jenks)"},
    {ClassMethod::StdDev, "stddev", "Standard deviation"},
    {ClassMethod::BoxMap, "box", "Box map (hinge 1.5)"},
    {ClassMethod::Percentile, "percentile", "Percentile"},
    {ClassMethod::Manual, "manual", "Manual breaks"},
    {ClassMethod::Separability, "separability", "Class separability (Sun, Wong & Kronenfeld 2015)"},
}};

const MethodInfo& infoOf(ClassMethod method) {
  for (const MethodInfo& info : kMethods) {
    if (info.method == method) return info;
  }
  throw Error("unknown classification method value " + std::to_string(static_cast<int>(method)));
}

}  // namespace

ClassMethod parseClassMethod(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const MethodInfo& info : kMethods) {
    if (lower == info.name) return info.method;
  }
  std::string valid;
  for (const MethodInfo& info : kMethods) {
    if (!valid.empty()) valid += ", ";
    valid += info.name;
  }
  throw UsageError("unknown classification method '" + std::string(name) + "'; valid methods: " + valid);
}

std::string_view methodName(ClassMethod method) { return infoOf(method).name; }

std::string_view methodLabel(ClassMethod method) { return infoOf(method).label; }

}  // namespace mobmap::analysis
