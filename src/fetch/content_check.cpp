#include "fetch/content_check.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "fetch/csv_text.h"

namespace mobmap::fetch {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) out += char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string readHead(const fs::path& file, std::size_t n) {
  std::ifstream in(file, std::ios::binary);
  std::string head(n, '\0');
  in.read(head.data(), static_cast<std::streamsize>(n));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head;
}

std::string readAll(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::uint32_t le32(const unsigned char* p) { return p[0] | (p[1] << 8) | (p[2] << 16) | (std::uint32_t(p[3]) << 24); }
std::uint16_t le16(const unsigned char* p) { return std::uint16_t(p[0] | (p[1] << 8)); }

std::string joinNames(const std::vector<std::string>& names, std::size_t most = 8) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < most; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > most) out += ", ... (" + std::to_string(names.size()) + " in all)";
  return out.empty() ? "nothing" : out;
}

std::string htmlPhrase(const std::string& head) {
  std::string title = htmlPageTitle(head);
  return "an HTML page" + (title.empty() ? std::string() : " (\"" + title + "\")");
}

std::string checkZip(const fs::path& file) {
  auto names = zipEntryNames(file);
  if (!names) return "a ZIP archive that is cut off or damaged (its table of contents is missing or points past its end)";
  std::set<std::string> stems[3];  // .shp, .shx, .dbf
  const char* exts[3] = {".shp", ".shx", ".dbf"};
  for (const std::string& n : *names) {
    std::string l = lower(n);
    for (int i = 0; i < 3; ++i)
      if (l.size() > 4 && l.ends_with(exts[i])) stems[i].insert(l.substr(0, l.size() - 4));
  }
  for (const std::string& stem : stems[0])
    if (stems[1].count(stem) && stems[2].count(stem)) return "";
  if (!stems[0].empty()) return "a ZIP archive whose shapefile lacks its .shx or .dbf part (it holds: " + joinNames(*names) + ")";
  return "a ZIP archive without a shapefile (it holds: " + joinNames(*names) + ")";
}

std::string checkCensusTable(const fs::path& file, const std::vector<std::string>& required) {
  nlohmann::json j;
  const std::string text = readAll(file);
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // An error at the last byte: the text ended where more was due (a file cut off in transit).
    if (e.byte >= text.size()) return "JSON that is cut off before its end";
    std::string what = e.what();
    return "text that is not JSON (" + what.substr(0, 160) + ")";
  }
  if (!j.is_array() || j.empty() || !j[0].is_array())
    return "JSON that is not a Census API table (an array whose first element is the header row)";
  std::set<std::string> header;
  for (const auto& h : j[0]) {
    if (!h.is_string()) return "JSON whose header row holds a non-text entry, not a Census API table";
    header.insert(h.get<std::string>());
  }
  for (std::size_t r = 1; r < j.size(); ++r)
    if (!j[r].is_array() || j[r].size() != j[0].size())
      return "a Census API table whose row " + std::to_string(r) + " has " +
             std::to_string(j[r].is_array() ? j[r].size() : 0) + " cells for " + std::to_string(j[0].size()) + " header names";
  std::vector<std::string> missing;
  for (const std::string& v : required)
    if (!header.count(v)) missing.push_back(v);
  if (!missing.empty())
    return "a Census API table without the requested variable" + std::string(missing.size() > 1 ? "s " : " ") +
           joinNames(missing, 20) + " (its header has " + std::to_string(header.size()) + " names)";
  return "";
}

std::string checkCsv(const fs::path& file, const std::vector<std::string>& required) {
  std::string text = readAll(file);
  if (text.find('\0') != std::string::npos) return "binary data instead of CSV text";
  CsvText csv;
  try {
    csv = parseCsv(text, file.filename().string());
  } catch (const std::exception&) {
    return "CSV text cut off inside a quoted field";
  }
  std::vector<std::string> missing;
  for (const std::string& c : required)
    if (csv.column(c) < 0) missing.push_back(c);
  if (!missing.empty())
    return "CSV text without the expected column" + std::string(missing.size() > 1 ? "s " : " ") + joinNames(missing, 20) +
           " (its header: " + joinNames(csv.header) + ")";
  // A file cut off in transit ends in the middle of a row: the last line has fewer fields than the header and
  // no line break after it.
  if (!csv.rows.empty() && !text.empty() && text.back() != '\n') {
    std::size_t lastStart = text.find_last_of('\n');
    std::string last = lastStart == std::string::npos ? text : text.substr(lastStart + 1);
    std::size_t fields = 0;
    try {
      fields = parseCsv(last, "last row").header.size();
    } catch (const std::exception&) {
      return "CSV text cut off inside a quoted field of its last row";
    }
    if (fields < csv.header.size())
      return "CSV text cut off in its last row (" + std::to_string(fields) + " of " + std::to_string(csv.header.size()) + " fields)";
  }
  return "";
}

}  // namespace

bool looksLikeHtml(std::string_view head) {
  std::string l = lower(head.substr(0, 2048));
  std::size_t start = 0;
  if (l.starts_with("\xef\xbb\xbf")) start = 3;
  start = l.find_first_not_of(" \t\r\n", start);
  if (start == std::string::npos) return false;
  for (const char* tag : {"<!doctype html", "<html", "<head", "<body", "<div", "<!--", "<meta", "<title"})
    if (l.compare(start, std::strlen(tag), tag) == 0) return true;
  return false;
}

std::string htmlPageTitle(std::string_view html) {
  std::string l = lower(html);
  auto element = [&](const std::string& tag) -> std::string {
    std::size_t open = l.find("<" + tag);
    if (open == std::string::npos) return {};
    std::size_t gt = l.find('>', open);
    std::size_t close = l.find("</" + tag, gt == std::string::npos ? open : gt);
    if (gt == std::string::npos || close == std::string::npos) return {};
    std::string raw(html.substr(gt + 1, close - gt - 1));
    std::string out;
    bool inTag = false, space = false;
    for (char c : raw) {
      if (c == '<') inTag = true;
      else if (c == '>') inTag = false;
      else if (!inTag) {
        if (std::isspace(static_cast<unsigned char>(c))) space = !out.empty();
        else {
          if (space) out += ' ';
          space = false;
          out += c;
        }
      }
    }
    if (out.size() > 120) out = out.substr(0, 120) + "...";
    return out;
  };
  std::string t = element("title");
  return t.empty() ? element("h1") : t;
}

std::string censusKeyPage(std::string_view html, std::string_view finalUrl, std::string_view keyErrorHeader) {
  std::string url = lower(finalUrl), header = lower(keyErrorHeader), text = lower(html);
  if (url.find("invalid_key") != std::string::npos || header.find("invalid") != std::string::npos ||
      text.find("invalid key") != std::string::npos || text.find("it is not valid") != std::string::npos)
    return "invalid";
  if (url.find("missing_key") != std::string::npos || header.find("missing") != std::string::npos ||
      text.find("missing key") != std::string::npos || text.find("key must be included") != std::string::npos)
    return "missing";
  return "";
}

std::optional<std::vector<std::string>> zipEntryNames(const fs::path& file) {
  std::string bytes = readAll(file);
  const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  if (n < 22) return std::nullopt;
  // The end-of-central-directory record: its signature within the last 22 + 65535 bytes (a comment may follow).
  std::size_t eocd = std::string::npos;
  for (std::size_t i = n - 22 + 1; i-- > 0 && n - i <= 22 + 65535;)
    if (le32(b + i) == 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd == std::string::npos) return std::nullopt;
  const std::size_t count = le16(b + eocd + 10);
  const std::size_t cdSize = le32(b + eocd + 12), cdOffset = le32(b + eocd + 16);
  if (cdOffset + cdSize > eocd) return std::nullopt;
  std::vector<std::string> names;
  std::size_t at = cdOffset;
  for (std::size_t e = 0; e < count; ++e) {
    if (at + 46 > eocd || le32(b + at) != 0x02014b50) return std::nullopt;
    const std::size_t compressed = le32(b + at + 20);
    const std::size_t nameLen = le16(b + at + 28), extraLen = le16(b + at + 30), commentLen = le16(b + at + 32);
    const std::size_t local = le32(b + at + 42);
    if (at + 46 + nameLen > eocd || local + 30 + compressed > cdOffset) return std::nullopt;
    names.emplace_back(bytes.substr(at + 46, nameLen));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

std::string checkDownload(const fs::path& file, Expect expect, const std::vector<std::string>& required) {
  std::string head = readHead(file, 4096);
  if (head.empty()) return "an empty file";
  if (looksLikeHtml(head)) return htmlPhrase(head);
  switch (expect) {
    case Expect::Any: return "";
    case Expect::ZipShapefile:
      if (!head.starts_with("PK\x03\x04") && !head.starts_with(std::string("PK\x05\x06", 4))) return "something that is not a ZIP archive";
      return checkZip(file);
    case Expect::CensusTable: return checkCensusTable(file, required);
    case Expect::Csv: return checkCsv(file, required);
  }
  return "";
}

}  // namespace mobmap::fetch
