#include "core/table_join.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/join_diagnosis.h"

namespace mobmap {

namespace {

constexpr std::size_t kExamples = 5;

void addExample(std::vector<std::string>& examples, const std::string& key) {
  if (examples.size() < kExamples) examples.push_back(key.empty() ? "(missing key)" : key);
}

}  // namespace

JoinResult joinTables(const AttributeTable& left, const KeySpec& leftKey, std::string_view leftName,
                      const AttributeTable& right, const KeySpec& rightKey, std::string_view rightName,
                      const std::vector<bool>& rightRowSelected) {
  std::vector<std::string> leftKeys = buildKeys(left, leftKey, leftName);
  std::vector<std::string> rightKeys = buildKeys(right, rightKey, rightName);
  auto selected = [&](std::size_t r) { return rightRowSelected.empty() || rightRowSelected[r]; };
  restoreLostLeadingZero(leftKeys, rightKeys);

  JoinResult result;
  JoinReport& rep = result.report;
  rep.leftRows = leftKeys.size();

  // First right row of each key, and how often each key occurs; std::map keeps examples in key order.
  std::unordered_map<std::string, std::size_t> firstRow;
  std::map<std::string, std::size_t> rightCount;
  for (std::size_t r = 0; r < rightKeys.size(); ++r) {
    if (!selected(r) || rightKeys[r].empty()) continue;
    ++rep.rightRows;
    firstRow.try_emplace(rightKeys[r], r);
    ++rightCount[rightKeys[r]];
  }
  for (std::size_t r = 0; r < rightKeys.size(); ++r)
    if (selected(r) && rightKeys[r].empty()) ++rep.rightRows;
  for (const auto& [key, count] : rightCount)
    if (count > 1) {
      ++rep.duplicateRight;
      addExample(rep.duplicateRightExamples, key);
    }

  std::unordered_map<std::string, std::size_t> leftCount;
  result.rightRowOf.resize(leftKeys.size());
  std::vector<std::string> unmatchedLeftKeys;
  for (std::size_t l = 0; l < leftKeys.size(); ++l) {
    const std::string& key = leftKeys[l];
    if (!key.empty()) ++leftCount[key];
    auto it = key.empty() ? firstRow.end() : firstRow.find(key);
    if (it == firstRow.end()) {
      ++rep.unmatchedLeft;
      addExample(rep.unmatchedLeftExamples, key);
      unmatchedLeftKeys.push_back(key);
      continue;
    }
    result.rightRowOf[l] = it->second;
    ++rep.matched;
  }
  for (const auto& [key, count] : leftCount)
    if (count > 1) ++rep.duplicateLeft;

  std::vector<std::string> unmatchedRightKeys;
  for (const auto& [key, count] : rightCount)
    if (!leftCount.contains(key)) {
      ++rep.unmatchedRight;
      addExample(rep.unmatchedRightExamples, key);
      unmatchedRightKeys.push_back(key);
    }

  rep.notes = diagnoseJoin(rep, leftKeys, rightKeys, unmatchedLeftKeys, unmatchedRightKeys);
  return result;
}

AttributeTable appendJoinedColumns(const AttributeTable& left, const AttributeTable& right, const JoinResult& join) {
  AttributeTable out = left;
  if (left.columnCount() == 0) out.setRowCountWithoutColumns(left.rowCount());
  for (const Column& rc : right.columns()) {
    std::string name = rc.name();
    while (out.find(name) != nullptr) name += "_joined";  // GeoPackage names are case-insensitive
    Column joined(name, rc.type());
    joined.setReadNote(rc.readNote());
    for (const auto& row : join.rightRowOf) {
      if (!row)
        joined.appendMissing(MissingReason::NoJoinMatch);
      else
        joined.appendFrom(rc, *row);
    }
    out.addColumn(std::move(joined));
  }
  return out;
}

}  // namespace mobmap
