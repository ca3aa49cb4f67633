#include "fetch/csv_text.h"

#include <fstream>
#include <sstream>

#include "core/atomic_file.h"
#include "core/csv.h"
#include "core/error.h"

namespace mobmap::fetch {

int CsvText::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return int(i);
  return -1;
}

CsvText parseCsv(std::string_view text, const std::string& origin) {
  std::vector<std::vector<std::string>> records = parseCsvRecords(text, origin);
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
