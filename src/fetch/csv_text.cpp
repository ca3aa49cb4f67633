#include "fetch/csv_text.h"

#include <fstream>
#include <sstream>

#include "core/atomic_file.h"
#include "core/error.h"

namespace mobmap::fetch {

int CsvText::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return int(i);
  return -1;
}

CsvText parseCsv(std::string_view text, const std::string& origin) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool inQuotes = false;
  bool fieldStarted = false;
  std::size_t line = 1, quoteLine = 0;
  auto endRecord = [&] {
    record.push_back(std::move(field));
    field.clear();
    if (!(record.size() == 1 && record[0].empty())) records.push_back(std::move(record));
    record.clear();
    fieldStarted = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inQuotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          inQuotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !fieldStarted) {
      inQuotes = true;
      fieldStarted = true;
      quoteLine = line;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      fieldStarted = false;
    } else if (c == '\r') {
      // part of CRLF; a lone CR is dropped too
    } else if (c == '\n') {
      ++line;
      endRecord();
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (inQuotes) throw Error(origin + ":" + std::to_string(quoteLine) + ": a quoted field is never closed");
  if (fieldStarted || !record.empty()) endRecord();
  CsvText csv;
  if (records.empty()) return csv;
  csv.header = std::move(records.front());
  for (std::size_t r = 1; r < records.size(); ++r) {
    records[r].resize(csv.header.size());
    csv.rows.push_back(std::move(records[r]));
  }
  return csv;
}

CsvText readCsvFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(file.string() + ": cannot read the file");
  std::stringstream ss;
  ss << in.rdbuf();
  return parseCsv(ss.str(), file.string());
}

std::string csvField(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void writeCsvWithTypes(const std::filesystem::path& file, const CsvText& csv, const std::vector<std::string>& types) {
  std::string text;
  auto line = [&](const std::vector<std::string>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) text += (i ? "," : "") + csvField(values[i]);
    text += "\n";
  };
  line(csv.header);
  for (const auto& row : csv.rows) line(row);
  std::string typeLine;
  for (std::size_t i = 0; i < types.size(); ++i) typeLine += (i ? ",\"" : "\"") + types[i] + "\"";
  std::filesystem::path csvt = file;
  csvt.replace_extension(".csvt");
  writeFileAtomically(csvt, typeLine + "\n");
  writeFileAtomically(file, text);
}

}  // namespace mobmap::fetch
