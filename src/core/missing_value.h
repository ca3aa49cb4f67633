#pragma once
// The one rule for what a cell means "missing", and why.
//
// Every reader (CSV/XLSX/ODS text through core/table_typing, numeric GDAL fields through io) and every column
// built in memory (Column::appendNumber) applies it, so classification, maps, aggregation, Moran/LISA and the
// viewer never see a missing-value code as a number.
//
//   cell                                             meaning
//   "", NA, N/A, ".", null                           missing (blank / not available)
//   -666666666  or "-"                               Census: no estimate (too few sample observations)
//   -999999999  or "N"                               Census: not displayed (too few sample cases)
//   -888888888  or "(X)"                             Census: not applicable
//   -222222222  or "**"                              Census: margin of error not computed (too few observations)
//   -333333333  or "***"                             Census: margin of error not computed (open-ended median)
//   -555555555  or "*****"                           Census: controlled estimate; on an MOE column this is
//                                                    MOE 0 (no sampling error), not missing
//   "*"                                              Census: value flagged and not shown
//   inf, -inf, NaN (number or text)                  not a finite number
//   |value| >= 1e300                                 an extreme value used as a missing-value code
// The Census codes are recognised as integers, as reals (-666666666.0) and as text of either.
//
// Usage:
//   MissingReason r = missingReasonOfText(cell, isMoeColumnName(name));
//   if (r != MissingReason::None) column.appendMissing(r);
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace mobmap {

enum class MissingReason : std::uint8_t {
  None,                // not missing
  Blank,               // empty cell, null field, or a value computed as "no value"
  NotAvailable,        // NA, N/A, ".", null
  CensusNoEstimate,    // -666666666, "-"
  CensusNotDisplayed,  // -999999999, "N"
  CensusNotApplicable, // -888888888, "(X)"
  CensusMoeNotComputed,// -222222222, "**"
  CensusMoeOpenEnded,  // -333333333, "***"
  CensusControlled,    // -555555555, "*****" on a value (not MOE) column
  CensusFlagged,       // "*"
  NotFinite,           // inf, -inf, NaN
  Extreme,             // |v| >= 1e300
  UndefinedRatio,      // a:b text with b = 0 (see core/table_typing.h)
  NoJoinMatch,         // a joined column on a row with no matching row in the joined table
};

// A short stable key for JSON ("census_no_estimate", "na", ...); "" for None.
std::string_view missingReasonKey(MissingReason reason);
// A short human sentence for legends and reports, naming the code when it has one
// ("Census: estimate not available, too few sample observations (-666666666)").
std::string_view missingReasonText(MissingReason reason);

// A few words for a legend line: "NA", "blank", "Census -666666666", "inf/NaN", "no join match".
std::string_view missingReasonShort(MissingReason reason);

// True when a column name says it holds margins of error: *_moe, moe_*, *moe, or a Census API variable
// ending in M (B19013_001M).
bool isMoeColumnName(std::string_view columnName);

// What a number means. On an MOE column -555555555 (controlled) is a value of 0, returned in `value`.
struct NumberMeaning {
  MissingReason reason = MissingReason::None;  // None: the number is a value
  double value = 0;                            // the value when reason is None
};
NumberMeaning classifyNumber(double v, bool moeColumn);

// The missing reason of a text cell, or None when the cell is not a missing mark (it may still not be a
// number). Census text marks ("-", "N", "(X)", "*", "**", "***", "*****") are reported here; whether they
// count as missing in a column of words is table_typing's decision (see there).
// On an MOE column, "*****" yields None: the caller reads it as 0 via moeControlledValue().
MissingReason missingReasonOfText(std::string_view cell, bool moeColumn);
// True for the marks that are missing-value codes only in a numeric column ("-", "N", "*"): in a column of
// words they are ordinary text (a direction "N", a dash in a name).
bool isAmbiguousCensusMark(std::string_view cell);
// The value a Census "controlled" MOE cell stands for (0), when `cell` is "*****" or -555555555 and the
// column is an MOE column; else nullopt.
std::optional<double> moeControlledValue(std::string_view cell, bool moeColumn);

// Counts of missing cells by reason (None never counted).
using MissingCounts = std::map<MissingReason, std::size_t>;
// "12 blank or NA; 3 Census: estimate not available, ... (-666666666)" — "" when empty.
std::string describeMissingCounts(const MissingCounts& counts);
// "3 NA, 2 Census -666666666" — "" when empty.
std::string shortMissingCounts(const MissingCounts& counts);

}  // namespace mobmap
