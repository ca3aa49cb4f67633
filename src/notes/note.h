#pragma once
// A place-based qualitative note: what someone heard from residents, where, from whom, and who may see it.
//
// Usage:
//   Note n;
//   n.geometryWkt = pointWkt(-89.07, 40.39);
//   n.title = "Bus cuts"; n.text = "..."; n.tags = {"transit", "Rewarding Work"};
//   n.sourceType = SourceType::CommunityMeeting; n.consent = Consent::Public;
//   validateNote(n);   // throws mobmap::Error naming the field
// Geometry is WKT in longitude/latitude (EPSG:4326, x = longitude): a POINT, POLYGON or MULTIPOLYGON.
// id, revision, createdAt, updatedAt and areaIds are set by the store, not typed by the user.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mobmap::notes {

enum class SourceType { CommunityMeeting, Interview, FocusGroup, Survey, SiteVisit, Document };

// public: may be quoted in published figures and exports; internal: coalition only.
enum class Consent { Public, Internal };

struct Note {
  std::int64_t id = 0;        // 0 until the store assigns one
  std::string geometryWkt;    // lon/lat WKT
  std::string title;
  std::string text;           // any Unicode, several paragraphs; kept byte for byte
  std::vector<std::string> tags;
  SourceType sourceType = SourceType::CommunityMeeting;
  std::string sourceName;
  std::string dateHeard;      // YYYY-MM-DD, or empty when unknown
  std::string author;
  Consent consent = Consent::Internal;
  std::string attachment;     // optional photo or document path
  std::string createdAt;      // UTC, YYYY-MM-DDTHH:MM:SSZ
  std::string updatedAt;
  std::int64_t revision = 0;  // 1 when added; +1 on every update
  std::vector<std::string> areaIds;  // GEOIDs of the tracts / neighborhoods the note falls in (derived)
  std::string importKey;      // set by readNotes: what identifies the imported feature; empty for notes added by hand
};

// The five Upward Mobility Framework pillars, usable as tags.
const std::vector<std::string>& pillarNames();

// "community meeting", "interview", "focus group", "survey", "site visit", "document".
std::string sourceTypeName(SourceType t);
// The source type named `name` (case-insensitive; '_' and '-' read as spaces); throws mobmap::UsageError listing
// the accepted names.
SourceType parseSourceType(std::string_view name);

// The consent gate, the one rule every output asks (figures, the atlas, the viewer's export, notes export, the
// presentation): true when `note` may be shown or quoted outside the coalition. Only notes marked public may.
bool mayPublish(const Note& note);

// "public" or "internal".
std::string consentName(Consent c);
// The consent level named `name` (case-insensitive); throws mobmap::UsageError otherwise.
Consent parseConsent(std::string_view name);

// Tags from "a, b; c" text: split on ',' and ';', trimmed, empty pieces dropped, duplicates kept once (first
// occurrence wins, order kept).
std::vector<std::string> parseTags(std::string_view text);
// Tags joined with ", " (the stored and exported form).
std::string joinTags(const std::vector<std::string>& tags);

// "POINT (lon lat)" with coordinates written so that they read back exactly.
std::string pointWkt(double lon, double lat);

// Throws mobmap::Error naming the field when the note cannot be stored: empty title, no geometry, a tag holding
// ',' or ';', a dateHeard that is not YYYY-MM-DD, text that is not valid UTF-8. Geometry itself is checked by
// the store.
void validateNote(const Note& note);

// True when `s` is well-formed UTF-8.
bool isValidUtf8(std::string_view s);

// The current time in UTC as YYYY-MM-DDTHH:MM:SSZ.
std::string utcNow();

}  // namespace mobmap::notes
