#include "notes/note.h"

#include <array>
#include <charconv>
#include <ctime>
#include <utility>

#include "core/error.h"
#include "core/text.h"

namespace mobmap::notes {

namespace {

constexpr std::array<SourceType, 7> kSourceTypes = {SourceType::CommunityMeeting, SourceType::Interview,
                                                    SourceType::FocusGroup,       SourceType::Survey,
                                                    SourceType::SiteVisit,        SourceType::Document,
                                                    SourceType::DataWalk};

std::string normaliseName(std::string_view name) {
  std::string s = toLower(trim(name));
  for (char& c : s)
    if (c == '_' || c == '-') c = ' ';
  return s;
}

std::string exactNumber(double v) {
  std::array<char, 64> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return ec == std::errc() ? std::string(buf.data(), end) : formatNumber(v);
}

bool isDate(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  int month = (d[5] - '0') * 10 + (d[6] - '0');
  int day = (d[8] - '0') * 10 + (d[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

const std::vector<std::string>& pillarNames() {
  static const std::vector<std::string> names = {
      "Rewarding Work", "Opportunity-Rich & Inclusive Neighborhoods",
      "Healthy Environment & Access to Good Health Care", "Responsive & Just Governance",
      "High-Quality Education"};
  return names;
}

std::string sourceTypeName(SourceType t) {
  switch (t) {
    case SourceType::CommunityMeeting: return "community meeting";
    case SourceType::Interview: return "interview";
    case SourceType::FocusGroup: return "focus group";
    case SourceType::Survey: return "survey";
    case SourceType::SiteVisit: return "site visit";
    case SourceType::Document: return "document";
    case SourceType::DataWalk: return "data walk";
  }
  return "document";
}

const std::vector<SourceType>& sourceTypes() {
  static const std::vector<SourceType> all(kSourceTypes.begin(), kSourceTypes.end());
  return all;
}

SourceType parseSourceType(std::string_view name) {
  std::string n = normaliseName(name);
  for (SourceType t : kSourceTypes)
    if (sourceTypeName(t) == n) return t;
  std::string accepted;
  for (SourceType t : kSourceTypes) accepted += (accepted.empty() ? "" : ", ") + sourceTypeName(t);
  throw UsageError("unknown source type '" + std::string(name) + "' (use one of: " + accepted + ")");
}

bool mayShow(const Note& note, Audience audience) {
  switch (audience) {
    case Audience::Staff: return true;
    case Audience::Coalition: return note.consent != Consent::Internal;
    case Audience::Public: return note.consent == Consent::Public || note.consent == Consent::PublicAttributed;
  }
  return false;
}

bool mayPublish(const Note& note) { return mayShow(note, Audience::Public); }

bool mayAttribute(const Note& note) { return note.consent == Consent::PublicAttributed; }

std::string consentName(Consent c) {
  switch (c) {
    case Consent::Internal: return "internal";
    case Consent::Coalition: return "coalition";
    case Consent::Public: return "public";
    case Consent::PublicAttributed: return "public-attributed";
  }
  return "internal";
}

Consent parseConsent(std::string_view name) {
  std::string n = normaliseName(name);  // '-' and '_' read as ' '
  for (Consent c : {Consent::Internal, Consent::Coalition, Consent::Public, Consent::PublicAttributed})
    if (normaliseName(consentName(c)) == n) return c;
  if (n == "staff") return Consent::Internal;
  if (n == "members") return Consent::Coalition;
  throw UsageError("unknown consent level '" + std::string(name) +
                   "' (use internal, coalition, public or public-attributed)");
}

std::string audienceName(Audience a) {
  switch (a) {
    case Audience::Staff: return "staff";
    case Audience::Coalition: return "coalition";
    case Audience::Public: return "public";
  }
  return "public";
}

Audience parseAudience(std::string_view name) {
  std::string n = normaliseName(name);
  for (Audience a : {Audience::Staff, Audience::Coalition, Audience::Public})
    if (audienceName(a) == n) return a;
  throw UsageError("unknown audience '" + std::string(name) + "' (use staff, coalition or public)");
}

std::string locationModeName(LocationMode m) {
  switch (m) {
    case LocationMode::Exact: return "exact";
    case LocationMode::Generalised: return "generalised";
    case LocationMode::Jittered: return "jittered";
  }
  return "exact";
}

LocationMode parseLocationMode(std::string_view name) {
  std::string n = normaliseName(name);
  if (n == "exact") return LocationMode::Exact;
  if (n == "generalised" || n == "generalized" || n == "general") return LocationMode::Generalised;
  if (n == "jittered" || n == "jitter") return LocationMode::Jittered;
  throw UsageError("unknown location mode '" + std::string(name) + "' (use exact, generalised or jittered)");
}

std::string noteKindName(NoteKind k) {
  switch (k) {
    case NoteKind::Quote: return "quote";
    case NoteKind::Paraphrase: return "paraphrase";
    case NoteKind::Observation: return "observation";
  }
  return "paraphrase";
}

NoteKind parseNoteKind(std::string_view name) {
  std::string n = normaliseName(name);
  for (NoteKind k : {NoteKind::Quote, NoteKind::Paraphrase, NoteKind::Observation})
    if (noteKindName(k) == n) return k;
  throw UsageError("unknown note kind '" + std::string(name) + "' (use quote, paraphrase or observation)");
}

std::vector<std::string> parseTags(std::string_view text) {
  std::vector<std::string> tags;
  std::string piece;
  auto flush = [&] {
    std::string t(trim(piece));
    piece.clear();
    if (t.empty()) return;
    for (const std::string& have : tags)
      if (have == t) return;
    tags.push_back(std::move(t));
  };
  for (char c : text) {
    if (c == ',' || c == ';')
      flush();
    else
      piece += c;
  }
  flush();
  return tags;
}

std::string joinTags(const std::vector<std::string>& tags) {
  std::string s;
  for (const std::string& t : tags) s += (s.empty() ? "" : ", ") + t;
  return s;
}

std::string pointWkt(double lon, double lat) { return "POINT (" + exactNumber(lon) + " " + exactNumber(lat) + ")"; }

bool isValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    i += len;
  }
  return true;
}

void validateNote(const Note& note) {
  // Text is kept exactly or refused: a NUL byte would cut it short in every store and file format.
  const std::pair<const char*, const std::string*> texts[] = {{"title", &note.title},       {"text", &note.text},
                                                              {"source name", &note.sourceName}, {"author", &note.author},
                                                              {"speaker", &note.speaker}, {"public location", &note.publicWkt},
                                                              {"attachment", &note.attachment}, {"location", &note.geometryWkt}};
  std::string name = note.title.substr(0, note.title.find('\0'));
  if (!isValidUtf8(name)) name = "(title not UTF-8)";
  for (const auto& [field, value] : texts) {
    if (std::size_t at = value->find('\0'); at != std::string::npos)
      throw Error("note '" + name + "': the " + field + " holds a NUL byte (character 0) at byte " + std::to_string(at + 1) +
                  "; it would cut the text short, so nothing was stored: remove it and try again");
    if (!isValidUtf8(*value))
      throw Error("note '" + name + "': the " + field + " is not valid UTF-8 (save the text as UTF-8 and try again)");
  }
  for (const std::string& t : note.tags)
    if (t.find('\0') != std::string::npos || !isValidUtf8(t))
      throw Error("note '" + name + "': a tag holds a NUL byte or is not valid UTF-8");
  if (trim(note.title).empty()) throw Error("note has no title");
  if (trim(note.geometryWkt).empty()) throw Error("note '" + note.title + "' has no location (give a point or an area)");
  for (const std::string& t : note.tags) {
    if (t.find_first_of(",;") != std::string::npos)
      throw Error("note '" + note.title + "': tag '" + t + "' contains ',' or ';' (tags are separated by them)");
    if (trim(t).empty()) throw Error("note '" + note.title + "': empty tag");
  }
  if (note.location == LocationMode::Jittered &&
      !(note.jitterMinM > 0 && note.jitterMaxM >= note.jitterMinM && note.jitterMaxM <= 100000))
    throw Error("note '" + note.title + "': jitter distances " + formatNumber(note.jitterMinM) + " to " +
                formatNumber(note.jitterMaxM) + " m are not a range 0 < minimum <= maximum <= 100000 m");
  if (!note.dateHeard.empty() && !isDate(note.dateHeard))
    throw Error("note '" + note.title + "': date heard '" + note.dateHeard + "' is not a date as YYYY-MM-DD");
}

std::string utcNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::array<char, 32> buf{};
  std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf.data();
}

}  // namespace mobmap::notes
