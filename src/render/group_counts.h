#pragma once
// The people of each group per area, read from a layer's fields for the composition views (dot density,
// plurality): fields that hold counts, or percentages (0-100) or shares (0-1) of a total field.
#include <optional>
#include <string>
#include <vector>

#include "core/attribute_table.h"
#include "core/group_overlap.h"
#include "style/color.h"

namespace mobmap::render {

enum class GroupUnits { Counts, Percent, Share };

struct GroupFields {
  std::vector<std::string> fields;   // one numeric field per group
  std::vector<std::string> labels;   // legend names; empty = the field names
  std::string total;                 // total population field: needed for Percent and Share; optional for Counts
  GroupUnits units = GroupUnits::Counts;
};

struct GroupCounts {
  std::vector<std::string> labels;                          // one per group
  std::vector<std::vector<std::optional<double>>> people;   // [group][area]; nullopt when the field is missing
  std::vector<std::optional<double>> total;                 // per area: the total field (people), or empty
  GroupOverlap overlap;                                     // areas where the groups add up past the total
  std::string overlapWarning;                               // "" when none (see core/group_overlap.h)
};

// Reads the groups' people per area: counts as they are, percentages and shares times the total. With a
// total, finds the areas where the groups overlap (add up past it) and the exclusive fields the table has. Throws
// mobmap::UsageError for no groups, labels that do not match the groups, or Percent / Share without a total;
// mobmap::Error naming `sourceName` for an unknown or text field, or a negative count.
GroupCounts readGroupCounts(const AttributeTable& table, const GroupFields& groups, const std::string& sourceName);

// One colour per group from a qualitative ColorBrewer ramp (styles/ramps.toml): `ramp`, or when empty the
// colour-blind-safe default for that many classes (Dark2 up to 3). Fewer than 3 groups take the first
// colours of the 3-class scheme. Throws mobmap::UsageError for a ramp that is not qualitative or has too
// few colours.
std::vector<style::Rgb> groupColors(const std::string& ramp, std::size_t groups);

}  // namespace mobmap::render
