#pragma once
// Corrections for testing many areas at once, as R's p.adjust computes them.
//
// Bonferroni: p'ᵢ = min(1, m·pᵢ). Benjamini–Hochberg (false discovery rate): with the m p values sorted
// ascending, p'₍ᵢ₎ = min over k ≥ i of min(1, m·p₍ₖ₎ / k). A test is rejected (significant) at level alpha
// when its adjusted p is at most alpha; for BH this rejects exactly the step-up procedure's hypotheses.
#include <string_view>
#include <vector>

namespace mobmap::analysis {

enum class PCorrection { None, Bonferroni, FalseDiscoveryRate };

// Parses "none", "bonferroni", "fdr" or "bh" (case-insensitive); throws mobmap::UsageError otherwise.
PCorrection parsePCorrection(std::string_view name);
// "none", "bonferroni", "fdr".
std::string_view pCorrectionName(PCorrection c);
// A phrase for a figure's source line: "no correction for multiple comparisons", "Bonferroni correction for
// 791 comparisons", "Benjamini–Hochberg false discovery rate over 791 comparisons".
std::string pCorrectionPhrase(PCorrection c, std::size_t comparisons);

// The p values adjusted as p.adjust(p, method = "BH"), in the input order. Throws mobmap::Error for a p value
// outside [0, 1] or not a number.
std::vector<double> benjaminiHochberg(const std::vector<double>& p);

// The p values adjusted as p.adjust(p, method = "bonferroni").
std::vector<double> bonferroni(const std::vector<double>& p);

// Adjusted as `c` says (None returns p unchanged).
std::vector<double> adjustPValues(const std::vector<double>& p, PCorrection c);

}  // namespace mobmap::analysis
