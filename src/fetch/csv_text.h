#pragma once
// Plain CSV text in and out, values kept as the exact text (IDs keep their leading zeros).
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace mobmap::fetch {

struct CsvText {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;   // each as wide as the header (short rows padded with "")

  // The index of a column by exact name, or -1.
  int column(std::string_view name) const;
};

// Parses CSV by core/csv.h's rules into a header and rows padded to its width.
CsvText parseCsv(std::string_view text, const std::string& origin);

// Reads and parses a CSV file.
CsvText readCsvFile(const std::filesystem::path& file);

// Writes the CSV to `file` (through a temporary file renamed at the end) and, beside it, a GDAL .csvt file
// giving each column's type ("String", "Integer", "Real"), so that IDs stay strings when read back.
void writeCsvWithTypes(const std::filesystem::path& file, const CsvText& csv, const std::vector<std::string>& types);

}  // namespace mobmap::fetch
