#pragma once
// The Census Bureau's top- and bottom-coded medians: when a median falls in the open-ended top or bottom
// interval of its distribution, the ACS publishes the interval's edge moved one step outwards, and the value
// means "this much or more" / "this much or less", not an amount. The one rule everything applies (legends,
// inspectors, means).
//
//   median of (column name)                                  top-coded          bottom-coded
//   household, family, nonfamily income; earnings (B19013,    250001 ("250,000    2499 ("2,499
//     B19113, B19202, B19019, B19049, B20002, B20017, B20018)  or more")           or less")
//   home value (B25077, B25097)                               2000001            9999
//   gross or contract rent (B25064, B25058, B25031)           3501 ("3,500 or    —
//                                                             more"; ACS 2015 on)
// (Before 2015 rents were top-coded at 2001, a value that is an ordinary rent today: it is not read as coded.)
// A column counts as such a median when its name holds "median" and a word of the row above ("income",
// "earning", "value", "rent"), or the Census table code (B19013_001E); any other column is never coded.
//
// Usage:
//   if (auto c = censusCodedMedian(column.name(), v)) label = codedMedianText(*c);   // "250,000 or more"
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mobmap {

struct CodedMedian {
  bool top = true;       // "or more" (top-coded) or "or less" (bottom-coded)
  double shownAs = 0;    // the number a reader is shown: 250000 for 250001, 2499 for 2499
};

// The coding of `value` in the column `columnName`, or nullopt when the value is an ordinary amount.
std::optional<CodedMedian> censusCodedMedian(std::string_view columnName, double value);

// "250,000 or more" / "2,499 or less"; `number` replaces the plain grouped number when given ("$250,000").
std::string codedMedianText(const CodedMedian& coded, const std::string& number = {});

// True when the column holds medians that the Census Bureau top- or bottom-codes (see the table above).
bool isCodedMedianColumn(std::string_view columnName);

class Column;

// A cell as a person should read it: a coded median as its meaning with the published number after it
// ("250,000 or more (250001)"), anything else as Column::displayText.
std::string readableCellText(const Column& column, std::size_t row);

}  // namespace mobmap
