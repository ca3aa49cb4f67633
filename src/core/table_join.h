#pragma once
// Joining an attribute table (e.g. a Mobility Metrics CSV) to another one (e.g. boundaries) on a key,
// with the report a user needs to trust the result.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/attribute_table.h"
#include "core/geoid.h"

namespace mobmap {

struct JoinReport {
  std::size_t leftRows = 0;         // features / rows on the left
  std::size_t rightRows = 0;        // rows on the right after the row filter
  std::size_t matched = 0;          // left rows that found a right row
  std::size_t unmatchedLeft = 0;    // left rows with no right row (or a missing key)
  std::size_t unmatchedRight = 0;   // distinct right keys no left row has
  std::size_t duplicateRight = 0;   // distinct right keys that occur on more than one right row
  std::size_t duplicateLeft = 0;    // distinct left keys that occur on more than one left row
  std::vector<std::string> unmatchedLeftExamples;
  std::vector<std::string> unmatchedRightExamples;
  std::vector<std::string> duplicateRightExamples;
  std::vector<std::string> notes;   // plain-language explanations (low match rate, vintages, key widths)
};

struct JoinResult {
  std::vector<std::optional<std::size_t>> rightRowOf;  // per left row: the first matching right row
  JoinReport report;
};

// Matches left rows to right rows on normalised keys (see geoid.h). `rightRowSelected`, when not empty,
// marks the right rows that take part (from a --where filter). Never compares floating-point values.
JoinResult joinTables(const AttributeTable& left, const KeySpec& leftKey, std::string_view leftName,
                      const AttributeTable& right, const KeySpec& rightKey, std::string_view rightName,
                      const std::vector<bool>& rightRowSelected = {});

// The left table with the right table's columns appended (missing where a left row has no match). A right
// column whose name the left already has gets the suffix "_joined".
AttributeTable appendJoinedColumns(const AttributeTable& left, const AttributeTable& right, const JoinResult& join);

}  // namespace mobmap
