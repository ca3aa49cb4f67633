#include "core/csv.h"

#include "core/error.h"

namespace mobmap {

std::vector<std::vector<std::string>> parseCsvRecords(std::string_view text, const std::string& origin, char separator) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool inQuotes = false, fieldStarted = false;
  std::size_t line = 1, quoteLine = 0;
  auto endField = [&] {
    record.push_back(std::move(field));
    field.clear();
    fieldStarted = false;
  };
  auto endRecord = [&] {
    endField();
    if (!(record.size() == 1 && record[0].empty())) records.push_back(std::move(record));
    record.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (inQuotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        inQuotes = false;
      } else {
        if (c == '\n' || (c == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) ++line;
        field += c;
      }
    } else if (c == '"' && !fieldStarted) {
      inQuotes = fieldStarted = true;
      quoteLine = line;
    } else if (c == separator) {
      endField();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
      endRecord();
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (inQuotes)
    throw Error(origin + ":" + std::to_string(quoteLine) + ": a quoted field is never closed (the file is cut short?)");
  if (fieldStarted || !record.empty()) endRecord();
  return records;
}

std::string csvField(std::string_view value, char separator) {
  if (value.find_first_of(std::string{separator, '"', '\r', '\n'}) == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace mobmap
