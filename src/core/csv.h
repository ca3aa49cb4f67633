#pragma once
// CSV records as the exact text of each field (IDs keep their leading zeros): the one CSV reader that the
// source downloads and the notes' survey imports share.
#include <string>
#include <string_view>
#include <vector>

namespace mobmap {

// The records of CSV `text` by RFC 4180 with `separator` between fields: quoted fields keep separators, quotes
// ("" for one) and line breaks byte for byte; outside quotes CR LF, LF or a lone CR ends a record; a UTF-8 byte
// order mark is skipped and blank lines are dropped. Records keep their own widths. Throws mobmap::Error naming
// `origin` and the line where a quoted field that is never closed opens.
std::vector<std::vector<std::string>> parseCsvRecords(std::string_view text, const std::string& origin, char separator = ',');

// One field as CSV text: quoted (quotes doubled) when it holds `separator`, a quote or a line break.
std::string csvField(std::string_view value, char separator = ',');

}  // namespace mobmap
