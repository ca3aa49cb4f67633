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

// Keys a spreadsheet mangled ("1.7031E+10"): left unmatched (their key emptied) and reported with the column
// and an example, never matched to the wrong area.
void dropLossyIds(const AttributeTable& table, const KeySpec& spec, std::string_view name, std::vector<std::string>& keys,
                  std::vector<std::string>& notes) {
  for (const std::string& col : spec.columns) {
    const Column* c = table.find(col);
    if (!c || c->isNumeric()) continue;
    std::size_t count = 0;
    std::string example;
    for (std::size_t r = 0; r < c->size() && r < keys.size(); ++r) {
      if (c->isMissing(r) || !isLossyScientificId(c->text(r))) continue;
      if (example.empty()) example = c->text(r);
      ++count;
      keys[r].clear();
    }
    if (count > 0)
      notes.push_back(std::string(name) + ": column '" + c->name() + "' holds " + std::to_string(count) +
                      (count == 1 ? " ID" : " IDs") + " in spreadsheet scientific notation (e.g. '" + example +
                      "'); the digits were lost when the file was saved from a spreadsheet, so " +
                      (count == 1 ? "that row is" : "those rows are") +
                      " left unmatched. Re-export the file with the ID column formatted as text.");
  }
}

}  // namespace

JoinResult joinTables(const AttributeTable& left, const KeySpec& leftKey, std::string_view leftName,
                      const AttributeTable& right, const KeySpec& rightKey, std::string_view rightName,
                      const std::vector<bool>& rightRowSelected) {
  std::vector<std::string> leftKeys = buildKeys(left, leftKey, leftName);
  std::vector<std::string> rightKeys = buildKeys(right, rightKey, rightName);
  auto selected = [&](std::size_t r) { return rightRowSelected.empty() || rightRowSelected[r]; };
  std::vector<std::string> lossyNotes;
  dropLossyIds(left, leftKey, leftName, leftKeys, lossyNotes);
  dropLossyIds(right, rightKey, rightName, rightKeys, lossyNotes);
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
  rep.notes.insert(rep.notes.begin(), lossyNotes.begin(), lossyNotes.end());
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
