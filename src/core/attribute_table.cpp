#include "core/attribute_table.h"

#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/text.h"

namespace mobmap {

std::string_view fieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::String: return "String";
    case FieldType::Integer: return "Integer";
    case FieldType::Real: return "Real";
  }
  return "String";
}

Column::Column(std::string name, FieldType type) : m_name(std::move(name)), m_type(type), m_moe(isMoeColumnName(m_name)) {}

void Column::pushReason(bool present, MissingReason reason) {
  if (m_reason.empty()) {
    if (present || reason == MissingReason::Blank) return;
    m_reason.reserve(m_present.capacity());
    for (bool p : m_present) m_reason.push_back(p ? MissingReason::None : MissingReason::Blank);
    m_reason.pop_back();  // the row being appended, pushed below
  }
  m_reason.push_back(present ? MissingReason::None : reason);
}

void Column::reserve(std::size_t rows) {
  if (isNumeric())
    m_number.reserve(rows);
  else
    m_text.reserve(rows);
  m_present.reserve(rows);
}

void Column::appendText(std::string value) {
  m_text.push_back(std::move(value));
  m_present.push_back(true);
  pushReason(true, MissingReason::None);
}

void Column::appendNumber(double value) {
  const NumberMeaning meaning = classifyNumber(value, m_moe);
  if (meaning.reason != MissingReason::None) {
    appendMissing(meaning.reason);
    return;
  }
  m_number.push_back(meaning.value);
  m_present.push_back(true);
  pushReason(true, MissingReason::None);
}

void Column::appendMissing(MissingReason reason) {
  if (reason == MissingReason::None) reason = MissingReason::Blank;
  if (isNumeric())
    m_number.push_back(std::numeric_limits<double>::quiet_NaN());
  else
    m_text.emplace_back();
  m_present.push_back(false);
  pushReason(false, reason);
}

void Column::appendFrom(const Column& source, std::size_t row) {
  if (source.isMissing(row))
    appendMissing(source.missingReason(row));
  else if (isNumeric() && source.isNumeric())
    appendNumber(source.number(row));
  else if (!isNumeric() && !source.isNumeric())
    appendText(source.text(row));
  else if (isNumeric())
    appendMissing(MissingReason::Blank);
  else
    appendText(source.displayText(row));
}

MissingReason Column::missingReason(std::size_t row) const {
  if (m_present[row]) return MissingReason::None;
  return m_reason.empty() ? MissingReason::Blank : m_reason[row];
}

MissingCounts Column::missingCounts() const {
  MissingCounts out;
  for (std::size_t r = 0; r < size(); ++r)
    if (!m_present[r]) ++out[missingReason(r)];
  return out;
}

MissingCounts Column::missingCounts(const std::vector<bool>& rows) const {
  MissingCounts out;
  for (std::size_t r = 0; r < size() && r < rows.size(); ++r)
    if (rows[r] && !m_present[r]) ++out[missingReason(r)];
  return out;
}

std::optional<double> Column::optionalNumber(std::size_t row) const {
  if (!isNumeric() || !m_present[row]) return std::nullopt;
  return m_number[row];
}

std::vector<std::optional<double>> Column::optionalNumbers() const {
  std::vector<std::optional<double>> out(size());
  for (std::size_t r = 0; r < size(); ++r) out[r] = optionalNumber(r);
  return out;
}

std::vector<std::optional<std::string>> Column::optionalTexts() const {
  std::vector<std::optional<std::string>> out(size());
  for (std::size_t r = 0; r < size(); ++r)
    if (!isMissing(r)) out[r] = displayText(r);
  return out;
}

std::string Column::displayText(std::size_t row) const {
  if (!m_present[row]) return {};
  if (!isNumeric()) return m_text[row];
  return formatNumber(m_number[row]);
}

Column& AttributeTable::addColumn(std::string name, FieldType type) {
  return addColumn(Column(std::move(name), type));
}

Column& AttributeTable::addColumn(Column column) {
  for (const Column& c : m_columns)
    if (c.name() == column.name()) throw Error("duplicate field name '" + column.name() + "'");
  if (!m_columns.empty() && column.size() != rowCount() && column.size() != 0)
    throw Error("field '" + column.name() + "' has " + std::to_string(column.size()) + " values, table has " +
                std::to_string(rowCount()) + " rows");
  m_columns.push_back(std::move(column));
  return m_columns.back();
}

const Column* AttributeTable::find(std::string_view name) const {
  for (const Column& c : m_columns)
    if (c.name() == name) return &c;
  for (const Column& c : m_columns)
    if (equalsIgnoreCase(c.name(), name)) return &c;
  return nullptr;
}

const Column& AttributeTable::require(std::string_view name, std::string_view sourceName) const {
  if (const Column* c = find(name)) return *c;
  std::string available;
  for (const Column& c : m_columns) {
    if (!available.empty()) available += ", ";
    if (available.size() > 300) {
      available += "...";
      break;
    }
    available += c.name();
  }
  throw Error(std::string(sourceName) + ": no field named '" + std::string(name) + "' (fields: " + available + ")");
}

std::vector<std::string> AttributeTable::names() const {
  std::vector<std::string> out;
  out.reserve(m_columns.size());
  for (const Column& c : m_columns) out.push_back(c.name());
  return out;
}

}  // namespace mobmap
