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

enum class SourceType { CommunityMeeting, Interview, FocusGroup, Survey, SiteVisit, Document, DataWalk };

// Who may see a note, from the narrowest to the widest: internal (the coalition's staff), coalition (its
// members), public (may appear in published figures and exports, unattributed) and public-attributed (may appear
// with the speaker's name). Stores written before the four levels hold "internal" and "public", which keep their
// names (internal stays the narrowest level; public stays unattributed).
enum class Consent { Internal, Coalition, Public, PublicAttributed };

// Who an output is for: the coalition's staff (everything), its members, or the public (published figures, the
// atlas, public exports, the projector).
enum class Audience { Staff, Coalition, Public };

// Where a note's location may be shown outside the coalition: exact (the point or area as recorded),
// generalised (the neighbourhood or tract it lies in: that area's outline) or jittered (moved by a random
// distance between jitterMinM and jitterMaxM metres, in a direction and at a distance fixed per note by its
// locationSeed, so every figure shows it at the same place).
enum class LocationMode { Exact, Generalised, Jittered };

// What a note's text is: a quote (the speaker's own words: the only kind printed in quotation marks), a
// paraphrase (what was said, in the recorder's words) or an observation (what the recorder saw or learned).
enum class NoteKind { Quote, Paraphrase, Observation };

// Default jitter range in metres (`notes add --location jittered` without --jitter-min/--jitter-max).
constexpr double kDefaultJitterMinM = 100, kDefaultJitterMaxM = 400;

struct Note {
  std::int64_t id = 0;        // 0 until the store assigns one
  std::string geometryWkt;    // lon/lat WKT
  std::string title;
  std::string text;           // any Unicode, several paragraphs; kept byte for byte
  std::vector<std::string> tags;
  SourceType sourceType = SourceType::CommunityMeeting;
  std::string sourceName;
  std::string dateHeard;      // YYYY-MM-DD, or empty when unknown
  std::string author;         // who recorded the note (coalition staff or member)
  std::string speaker;        // who said it; named in published outputs only for public-attributed notes
  NoteKind kind = NoteKind::Paraphrase;
  Consent consent = Consent::Internal;
  LocationMode location = LocationMode::Exact;
  double jitterMinM = 0;      // jittered notes: the least and greatest distance moved, metres
  double jitterMaxM = 0;
  std::string locationSeed;   // jittered notes: the random seed (16 hex digits) fixing the displacement; set by the store
  std::string publicWkt;      // generalised notes: the area shown instead (lon/lat WKT); set from --areas
  std::string attachment;     // optional photo or document path
  std::string createdAt;      // UTC, YYYY-MM-DDTHH:MM:SSZ
  std::string updatedAt;
  std::int64_t revision = 0;  // 1 when added; +1 on every update
  std::vector<std::string> areaIds;  // GEOIDs of the tracts / neighborhoods the note falls in (derived)
  std::string importKey;      // set by readNotes: what identifies the imported feature; empty for notes added by hand
};

// The five Upward Mobility Framework pillars, usable as tags.
const std::vector<std::string>& pillarNames();

// "community meeting", "interview", "focus group", "survey", "site visit", "document", "data walk".
std::string sourceTypeName(SourceType t);
// Every source type, in the enum's order.
const std::vector<SourceType>& sourceTypes();
// The source type named `name` (case-insensitive; '_' and '-' read as spaces); throws mobmap::UsageError listing
// the accepted names.
SourceType parseSourceType(std::string_view name);

// The consent gate, the one rule every output asks (figures, the atlas, the viewer's export, notes export, the
// presentation): true when `note` may be shown to `audience`. Staff see every note; coalition members see
// coalition, public and public-attributed notes; the public sees public and public-attributed notes.
bool mayShow(const Note& note, Audience audience);
// mayShow(note, Audience::Public): true when `note` may be shown or quoted outside the coalition.
bool mayPublish(const Note& note);
// True when the speaker's name may appear outside the coalition: public-attributed notes only.
bool mayAttribute(const Note& note);

// "internal", "coalition", "public" or "public-attributed".
std::string consentName(Consent c);
// The consent level named `name` (case-insensitive; '_' and ' ' read as '-'); throws mobmap::UsageError listing
// the levels otherwise.
Consent parseConsent(std::string_view name);
// "staff", "coalition" or "public".
std::string audienceName(Audience a);
// The audience named `name` (case-insensitive); throws mobmap::UsageError otherwise.
Audience parseAudience(std::string_view name);

// "exact", "generalised" or "jittered".
std::string locationModeName(LocationMode m);
// The location mode named `name` (case-insensitive; "generalized" and "general" read as generalised); throws
// mobmap::UsageError otherwise.
LocationMode parseLocationMode(std::string_view name);

// "quote", "paraphrase" or "observation".
std::string noteKindName(NoteKind k);
// The note kind named `name` (case-insensitive); throws mobmap::UsageError otherwise.
NoteKind parseNoteKind(std::string_view name);

// Tags from "a, b; c" text: split on ',' and ';', trimmed, empty pieces dropped, duplicates kept once (first
// occurrence wins, order kept).
std::vector<std::string> parseTags(std::string_view text);
// Tags joined with ", " (the stored and exported form).
std::string joinTags(const std::vector<std::string>& tags);

// "POINT (lon lat)" with coordinates written so that they read back exactly.
std::string pointWkt(double lon, double lat);

// Throws mobmap::Error naming the field when the note cannot be stored: empty title, no geometry, a tag holding
// ',' or ';', a dateHeard that is not YYYY-MM-DD, text that is not valid UTF-8, a jitter range that is not
// 0 < min <= max. Geometry itself is checked by the store.
void validateNote(const Note& note);

// True when `s` is well-formed UTF-8.
bool isValidUtf8(std::string_view s);

// The current time in UTC as YYYY-MM-DDTHH:MM:SSZ.
std::string utcNow();

}  // namespace mobmap::notes
