#include "session/note_callouts.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "core/text.h"
#include "notes/note_exchange.h"
#include "notes/note_geometry.h"
#include "notes/note_store.h"
#include "notes/publication.h"
#include "session/map_probe.h"

namespace mobmap::session {

bool isNoteExchangeFile(const std::string& spec) {
  const std::string lower = toLower(trim(spec));
  return lower.ends_with(".geojson") || lower.ends_with(".json") || lower.ends_with(".csv");
}

std::vector<notes::Note> readNoteSource(const std::string& spec) {
  const std::string s(trim(spec));
  const bool database = toLower(s).starts_with("pg:");
  if (!database && !std::filesystem::exists(s)) throw Error(s + ": notes store not found");
  if (isNoteExchangeFile(s)) {
    std::vector<notes::Note> all = notes::readNotes(s);
    for (std::size_t i = 0; i < all.size(); ++i) {
      all[i].id = static_cast<std::int64_t>(i + 1);
      if (all[i].revision == 0) all[i].revision = 1;
    }
    return all;
  }
  return notes::openNoteStore(s)->list();
}

std::optional<Point> noteLonLat(const notes::Note& note) {
  // The numbers of the WKT in order: x y pairs (no Z in lon/lat notes).
  std::vector<double> numbers;
  const char* p = note.geometryWkt.c_str();
  while (*p) {
    if ((*p >= '0' && *p <= '9') || *p == '-' || *p == '+' || *p == '.') {
      char* end = nullptr;
      double v = std::strtod(p, &end);
      if (end == p) {
        ++p;
        continue;
      }
      numbers.push_back(v);
      p = end;
    } else {
      ++p;
    }
  }
  if (numbers.size() < 2) return std::nullopt;
  Extent e;
  for (std::size_t i = 0; i + 1 < numbers.size(); i += 2) e.add(numbers[i], numbers[i + 1]);
  if (e.empty()) return std::nullopt;
  return Point{(e.minX + e.maxX) / 2, (e.minY + e.maxY) / 2};
}

render::NoteCallout calloutOf(const notes::Note& shown, const MapProbe& probe) {
  render::NoteCallout c;
  c.title = shown.title;
  c.quote = shown.text;
  c.quoted = shown.kind == notes::NoteKind::Quote;
  c.credit = notes::creditLine(shown);
  if (std::optional<Point> ll = notes::labelPoint(shown.geometryWkt))
    if (std::optional<Point> p = probe.displayPoint(*ll)) c.location = *p;
  if (notes::isAreaWkt(shown.geometryWkt)) {
    try {
      for (const std::vector<Point>& ring : notes::wktRings(shown.geometryWkt)) {
        std::vector<Point> projected;
        for (const Point& q : ring)
          if (std::optional<Point> p = probe.displayPoint(q)) projected.push_back(*p);
        if (projected.size() == ring.size()) c.outline.push_back(std::move(projected));
      }
    } catch (const Error&) {
      c.outline.clear();
    }
  }
  return c;
}

std::vector<render::NoteCallout> publicNoteCallouts(const std::vector<notes::Note>& notes, const std::string& displayCrs,
                                                    std::vector<notes::Note>* shownNotes, const std::vector<crs::Inset>& insets) {
  std::vector<render::NoteCallout> out;
  MapProbe probe(displayCrs, insets);
  for (const notes::Note& n : notes) {
    // The consent gate: only what the public may see, at the location it may see.
    const std::optional<notes::Note> shown = notes::noteFor(n, notes::Audience::Public);
    if (!shown) continue;
    const std::optional<Point> ll = notes::labelPoint(shown->geometryWkt);
    if (!ll || !probe.displayPoint(*ll)) continue;
    out.push_back(calloutOf(*shown, probe));
    if (shownNotes) shownNotes->push_back(*shown);
  }
  return out;
}

std::vector<notes::Note> notesToCallOut(const std::vector<notes::Note>& all, const std::vector<std::string>& titles,
                                        std::size_t* internalLeftOut) {
  std::size_t internal = 0;
  std::vector<notes::Note> chosen;
  for (const notes::Note& n : all) {
    if (!notes::mayPublish(n)) {
      ++internal;
      continue;
    }
    if (titles.empty() || std::find(titles.begin(), titles.end(), n.title) != titles.end()) chosen.push_back(n);
  }
  if (internalLeftOut) *internalLeftOut = internal;
  return chosen;
}

}  // namespace mobmap::session
