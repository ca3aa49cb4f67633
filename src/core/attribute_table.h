#pragma once
// A typed, columnar attribute table: one Column per field, every column with rowCount() values.
//
// Usage:
//   AttributeTable t;
//   Column& c = t.addColumn("GEOID", FieldType::String);
//   c.appendText("17031010100"); c.appendMissing();
//   if (const Column* pov = t.find("Pov14")) double v = pov->number(row);
// Integer columns hold whole numbers (exact up to 2^53) in the same double storage as Real columns.
// Every missing cell keeps its reason (core/missing_value.h): a blank, NA, a Census annotation code, ...
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/missing_value.h"

namespace mobmap {

enum class FieldType { String, Integer, Real };

// "String", "Integer" or "Real".
std::string_view fieldTypeName(FieldType type);

class Column {
 public:
  Column(std::string name, FieldType type);

  const std::string& name() const { return m_name; }
  FieldType type() const { return m_type; }
  bool isNumeric() const { return m_type != FieldType::String; }
  std::size_t size() const { return m_present.size(); }

  // Reserves room for `rows` rows, so that a column read row by row is not reallocated as it grows.
  void reserve(std::size_t rows);
  // Appends a value; text only to String columns, numbers only to numeric ones.
  void appendText(std::string value);
  // Applies the missing-value rule (core/missing_value.h): NaN, ±inf, |v| >= 1e300 and the Census codes
  // (-666666666, ...) are appended as missing with their reason; on an MOE column (isMoeColumnName)
  // -555555555 is appended as 0.
  void appendNumber(double value);
  void appendMissing(MissingReason reason = MissingReason::Blank);
  // Appends row `row` of `source` (same kind of column): its value, or missing with the same reason.
  void appendFrom(const Column& source, std::size_t row);

  bool isMissing(std::size_t row) const { return !m_present[row]; }
  // Why a row is missing (None when it has a value).
  MissingReason missingReason(std::size_t row) const;
  // Counts of missing rows by reason, over all rows or over the rows where `rows[r]` is true.
  MissingCounts missingCounts() const;
  MissingCounts missingCounts(const std::vector<bool>& rows) const;
  // True when the name marks a margin-of-error column (see isMoeColumnName).
  bool isMoe() const { return m_moe; }
  // How the values were read from the file when not as written (e.g. "two shares a:b read as a / b");
  // "" when read as written.
  const std::string& readNote() const { return m_readNote; }
  void setReadNote(std::string note) { m_readNote = std::move(note); }
  // The text of a String column's row ("" when missing).
  const std::string& text(std::size_t row) const { return m_text[row]; }
  // The number of a numeric column's row (NaN when missing).
  double number(std::size_t row) const { return m_number[row]; }
  // The value as an optional number (nullopt when missing or not numeric).
  std::optional<double> optionalNumber(std::size_t row) const;
  // Every value as an optional number (all nullopt for a String column).
  std::vector<std::optional<double>> optionalNumbers() const;
  // Every value as optional text (numbers formatted as by displayText()).
  std::vector<std::optional<std::string>> optionalTexts() const;
  // The value as text whatever the type: numbers without a trailing ".0" for integers; "" when missing.
  std::string displayText(std::size_t row) const;

 private:
  std::string m_name;
  FieldType m_type;
  std::vector<std::string> m_text;
  std::vector<double> m_number;
  std::vector<bool> m_present;
  std::vector<MissingReason> m_reason;  // per row once any reason other than Blank was appended, else empty
  bool m_moe = false;
  std::string m_readNote;
  void pushReason(bool present, MissingReason reason);
};

class AttributeTable {
 public:
  std::size_t rowCount() const { return m_columns.empty() ? m_rowCountWithoutColumns : m_columns.front().size(); }
  std::size_t columnCount() const { return m_columns.size(); }
  const std::vector<Column>& columns() const { return m_columns; }
  Column& column(std::size_t i) { return m_columns[i]; }
  const Column& column(std::size_t i) const { return m_columns[i]; }

  // Adds an empty column; throws mobmap::Error if the name is taken. Adding a column invalidates references
  // to the others.
  Column& addColumn(std::string name, FieldType type);
  // Adds a filled column; its size must equal rowCount() unless the table has no columns yet.
  Column& addColumn(Column column);
  // The column with this exact name, else the one matching case-insensitively, else nullptr.
  const Column* find(std::string_view name) const;
  // Like find() but throws mobmap::Error naming `sourceName`, the field and the available fields.
  const Column& require(std::string_view name, std::string_view sourceName) const;
  // Column names in order.
  std::vector<std::string> names() const;
  // For tables with no columns (e.g. a layer with geometry only): the number of rows.
  void setRowCountWithoutColumns(std::size_t n) { m_rowCountWithoutColumns = n; }

 private:
  std::vector<Column> m_columns;
  std::size_t m_rowCountWithoutColumns = 0;
};

}  // namespace mobmap
