#include "render/note_callouts.h"

#include <algorithm>
#include <cmath>

namespace mobmap::render {

namespace {

const Rgb kMarkerFill{33, 37, 41};
const Rgb kMarkerRing{255, 255, 255};
const Rgb kInk{20, 20, 20};
const Rgb kMuted{80, 80, 80};

// Byte length of the UTF-8 sequence starting with `lead` (1 for stray continuation bytes).
std::size_t sequenceLength(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

std::vector<std::string> codePoints(const std::string& s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = std::min(sequenceLength(static_cast<unsigned char>(s[i])), s.size() - i);
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::string w;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      if (!w.empty()) out.push_back(std::move(w));
      w.clear();
    } else {
      w += c;
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

std::vector<Point> circle(Point c, double r) {
  std::vector<Point> pts;
  constexpr int kSteps = 24;
  for (int i = 0; i <= kSteps; ++i) {
    const double a = 2 * M_PI * i / kSteps;
    pts.push_back({c.x + r * std::cos(a), c.y + r * std::sin(a)});
  }
  return pts;
}

// A filled numbered disc centred at page point `c`.
void addDisc(Figure& fig, Point c, int number, double k) {
  TextStyle st;
  st.sizePt = readablePt(7.5, k);
  const double r = st.sizePt * (number >= 10 ? 1 : 0.87);
  fig.lines.push_back({circle(c, r + 1.2 * k), kMarkerRing, 0, true});
  fig.lines.push_back({circle(c, r), kMarkerFill, 0, true});
  st.bold = true;
  fig.texts.push_back({std::to_string(number), c.x, c.y + st.sizePt * 0.36, st, kMarkerRing, Anchor::Center});
}

bool inside(const Extent& e, Point p) { return p.x >= e.minX && p.x <= e.maxX && p.y >= e.minY && p.y <= e.maxY; }

}  // namespace

std::string shortQuote(const std::string& text, std::size_t maxChars) {
  std::string flat;
  for (const std::string& w : words(text)) flat += (flat.empty() ? "" : " ") + w;
  std::vector<std::string> cps = codePoints(flat);
  if (cps.size() <= maxChars) return flat;
  std::size_t cut = maxChars;
  while (cut > maxChars / 2 && cps[cut] != " ") --cut;  // back to a word boundary when there is one nearby
  std::string out;
  for (std::size_t i = 0; i < cut; ++i) out += cps[i];
  while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == '.')) out.pop_back();
  return out + "…";
}

std::vector<std::string> wrapText(const std::string& text, double width, const TextStyle& style,
                                  const TextMetrics& metrics, const std::string& separator) {
  std::vector<std::string> pieces;
  if (separator == " ") {
    pieces = words(text);
  } else {
    for (std::size_t start = 0;;) {
      const std::size_t pos = text.find(separator, start);
      pieces.push_back(text.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
      if (pos == std::string::npos) break;
      start = pos + separator.size();
    }
  }
  std::vector<std::string> lines;
  std::string line;
  for (std::string word : pieces) {
    std::string candidate = line.empty() ? word : line + separator + word;
    if (metrics.width(candidate, style) <= width) {
      line = std::move(candidate);
      continue;
    }
    if (!line.empty()) lines.push_back(std::move(line));
    line.clear();
    // A word too wide for a line on its own is broken between code points.
    while (metrics.width(word, style) > width) {
      std::string piece;
      std::vector<std::string> cps = codePoints(word);
      std::size_t used = 0;
      while (used < cps.size() && (piece.empty() || metrics.width(piece + cps[used], style) <= width)) piece += cps[used++];
      lines.push_back(piece);
      word = word.substr(piece.size());
      if (word.empty()) break;
    }
    line = word;
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

namespace {

struct ListStyles {
  TextStyle heading, title, body, credit, note;
  double discR = 0, indent = 0, titleStep = 0, bodyStep = 0, creditStep = 0;
};

ListStyles listStyles(double width, double k) {
  ListStyles st;
  st.heading.sizePt = readablePt(8.5, k, 7.5);
  st.heading.bold = true;
  st.title.sizePt = readablePt(7.5, k, 7);
  st.title.bold = true;
  st.body.sizePt = readablePt(7, k);
  st.credit.sizePt = readablePt(6.5, k);
  st.note.sizePt = readablePt(6.5, k);
  st.discR = readablePt(7.5, k) + 1.2 * k;  // the list's number discs (addDisc)
  st.indent = std::max(18 * k, 2 * st.discR + 3);
  (void)width;
  st.titleStep = st.title.sizePt * 1.25;
  st.bodyStep = st.body.sizePt * 1.25;
  st.creditStep = st.credit.sizePt * 1.25;
  return st;
}

// The list lines of one note: title, text (italic when quoted, in quotation marks), credit, the area's value.
struct Entry {
  std::vector<std::string> title, body, credit;
  bool quoted = false;
};

Entry entryLines(const NoteCallout& c, double textW, const ListStyles& st, const TextMetrics& metrics) {
  Entry e;
  e.title = wrapText(c.title, textW, st.title, metrics);
  e.quoted = c.quoted;
  TextStyle body = st.body;
  body.italic = c.quoted;
  if (!c.quote.empty()) e.body = wrapText(c.quoted ? "“" + shortQuote(c.quote) + "”" : shortQuote(c.quote), textW, body, metrics);
  if (!c.credit.empty()) e.credit = wrapText("— " + c.credit, textW, st.credit, metrics);
  if (!c.value.empty())  // the area's value, in the credit's type under it
    for (std::string& l : wrapText(c.value, textW, st.credit, metrics)) e.credit.push_back(std::move(l));
  return e;
}

double entryHeight(const Entry& e, const ListStyles& st, double k) {
  const double h = st.titleStep * static_cast<double>(e.title.size()) + st.bodyStep * static_cast<double>(e.body.size()) +
                   st.creditStep * static_cast<double>(e.credit.size()) + 3 * k;
  return std::max(h, 2 * st.discR + 2);
}

std::string noneListedText(std::size_t n) {
  return std::to_string(n) + " community note" + (n == 1 ? "" : "s") + " not shown: no room at this page size";
}

// "N community notes not shown: no room at this page size", wrapped to the box, as many lines as fit.
void addNoneListed(Figure& fig, std::size_t n, const CalloutBox& box, const ListStyles& st, const TextMetrics& metrics) {
  double y = box.top;
  for (const std::string& l : wrapText(noneListedText(n), box.width, st.note, metrics)) {
    y += st.note.sizePt * 1.3;
    if (y > box.bottom) break;
    fig.texts.push_back({l, box.x, y, st.note, kMuted, Anchor::Left});
  }
}

std::string moreNotesText(std::size_t n) { return std::to_string(n) + " more note" + (n == 1 ? "" : "s") + " not shown"; }

bool insideFrame(const Viewport& v, Point p, double margin = 0) {
  return p.x >= v.x + margin && p.x <= v.x + v.width - margin && p.y >= v.y + margin && p.y <= v.y + v.height - margin;
}

// Draws the numbered markers (and area outlines) of the listed callouts on every panel that holds them, moving a
// marker that would overlap one already drawn to the nearest free place around its own, with a leader line.
std::vector<MarkerPlacement> drawMarkers(Figure& fig, const std::vector<const NoteCallout*>& listed, double k) {
  std::vector<MarkerPlacement> placed;
  TextStyle st;
  st.sizePt = readablePt(7.5, k);
  const double gap = 1.5 * k;
  const Rgb outlineInk{33, 37, 41};
  // Outlines first, under every marker.
  for (const NoteCallout* c : listed) {
    if (c->outline.empty()) continue;
    for (const MapPanel& panel : fig.panels) {
      if (!inside(panel.viewport.extent, c->location)) continue;
      for (const std::vector<Point>& ring : c->outline) {
        LineItem halo, line;
        for (const Point& p : ring) halo.points.push_back(panel.viewport.toPage(p));
        if (halo.points.size() < 2) continue;
        line.points = halo.points;
        halo.color = kMarkerRing;
        halo.widthPt = 2.6 * k;
        line.color = outlineInk;
        line.widthPt = 1.2 * k;
        fig.lines.push_back(std::move(halo));
        fig.lines.push_back(std::move(line));
      }
    }
  }
  for (std::size_t n = 0; n < listed.size(); ++n) {
    const int number = static_cast<int>(n + 1);
    const double r = st.sizePt * (number >= 10 ? 1 : 0.87) + 1.2 * k;
    for (const MapPanel& panel : fig.panels) {
      const Viewport& v = panel.viewport;
      if (!inside(v.extent, listed[n]->location)) continue;
      const Point p = v.toPage(listed[n]->location);
      if (!insideFrame(v, p)) continue;
      auto freeAt = [&](Point q) {
        for (const MarkerPlacement& m : placed)
          if (std::hypot(m.marker.x - q.x, m.marker.y - q.y) < m.radius + r + gap) return false;
        return true;
      };
      Point at = p;
      if (!freeAt(p)) {
        // Rings of candidates around the place, nearest first, up-right first within a ring; inside the frame.
        bool found = false;
        for (int ring = 1; ring <= 12 && !found; ++ring) {
          const double d = ring * (r + gap) * 1.6;
          const int steps = 8 + 4 * ring;
          for (int i = 0; i < steps && !found; ++i) {
            const double a = -M_PI / 4 + 2 * M_PI * i / steps;
            const Point q{p.x + d * std::cos(a), p.y + d * std::sin(a)};
            if (insideFrame(v, q, r) && freeAt(q)) {
              at = q;
              found = true;
            }
          }
        }
        if (!found) continue;  // no free place near it: it stays listed, its marker is not drawn over another
      }
      placed.push_back({number, p, at, r});
    }
  }
  // Leader lines and place dots under every disc, so no leader crosses a number.
  for (const MarkerPlacement& m : placed) {
    if (m.marker.x == m.place.x && m.marker.y == m.place.y) continue;
    const double len = std::hypot(m.marker.x - m.place.x, m.marker.y - m.place.y);
    const Point edge{m.marker.x + (m.place.x - m.marker.x) * (m.radius / len), m.marker.y + (m.place.y - m.marker.y) * (m.radius / len)};
    fig.lines.push_back({{edge, m.place}, kMarkerRing, 2.2 * k, false});
    fig.lines.push_back({{edge, m.place}, kMarkerFill, 0.9 * k, false});
    fig.lines.push_back({circle(m.place, 2.2 * k), kMarkerRing, 0, true});
    fig.lines.push_back({circle(m.place, 1.5 * k), kMarkerFill, 0, true});
  }
  for (const MarkerPlacement& m : placed) addDisc(fig, m.marker, m.number, k);
  return placed;
}

}  // namespace

double noteListHeight(const std::vector<NoteCallout>& callouts, double width, const TextMetrics& metrics, double k) {
  if (callouts.empty()) return 0;
  const ListStyles st = listStyles(width, k);
  const double textW = std::max(width - st.indent, 10.0 * k);
  double h = st.heading.sizePt * 1.5;
  for (const NoteCallout& c : callouts) h += entryHeight(entryLines(c, textW, st, metrics), st, k);
  return h + st.note.sizePt * 1.6;
}

CalloutResult addNoteCallouts(Figure& fig, const std::vector<NoteCallout>& callouts, const CalloutBox& box,
                              const TextMetrics& metrics, double k) {
  CalloutResult result;
  result.numbers.assign(callouts.size(), 0);
  std::vector<std::size_t> onMap;
  for (std::size_t i = 0; i < callouts.size(); ++i) {
    bool any = false;
    for (const MapPanel& panel : fig.panels) any = any || inside(panel.viewport.extent, callouts[i].location);
    if (any) onMap.push_back(i);
    else ++result.outsideMap;
  }
  if (onMap.empty()) return result;

  const ListStyles st = listStyles(box.width, k);
  const double textW = std::max(box.width - st.indent, 10.0 * k);

  // Lay out entries one by one; stop before the first that does not fit, keeping room for a closing line.
  std::vector<TextItem> items;
  std::vector<std::pair<Point, int>> discs;
  double y = box.top + st.heading.sizePt;
  if (y > box.bottom) {  // no room even for the heading: say so where the list would begin, if that line fits
    result.notListed = onMap.size();
    addNoneListed(fig, result.notListed, box, st, metrics);
    return result;
  }
  items.push_back({box.heading, box.x, y, st.heading, kInk, Anchor::Left});
  y += st.heading.sizePt * 0.5;
  std::size_t listed = 0;
  for (std::size_t n = 0; n < onMap.size(); ++n) {
    const NoteCallout& c = callouts[onMap[n]];
    const int number = static_cast<int>(n + 1);
    const Entry e = entryLines(c, textW, st, metrics);
    const double h = entryHeight(e, st, k);
    const bool last = n + 1 == onMap.size();
    const double reserve = last ? 0 : st.note.sizePt * 1.6;
    if (y + h + reserve > box.bottom) break;
    double ly = y;
    discs.push_back({{box.x + st.discR, y + st.titleStep * 0.5 + 1 * k}, number});
    for (const std::string& l : e.title) {
      ly += st.titleStep;
      items.push_back({l, box.x + st.indent, ly - st.title.sizePt * 0.2, st.title, kInk, Anchor::Left});
    }
    TextStyle body = st.body;
    body.italic = e.quoted;
    for (const std::string& l : e.body) {
      ly += st.bodyStep;
      items.push_back({l, box.x + st.indent, ly - body.sizePt * 0.2, body, kMuted, Anchor::Left});
    }
    for (const std::string& l : e.credit) {
      ly += st.creditStep;
      items.push_back({l, box.x + st.indent, ly - st.credit.sizePt * 0.2, st.credit, kMuted, Anchor::Left});
    }
    y += h;
    ++listed;
  }
  if (listed < onMap.size()) {
    result.notListed = onMap.size() - listed;
    for (const std::string& l : wrapText(moreNotesText(result.notListed), box.width, st.note, metrics)) {
      y += st.note.sizePt * 1.3;
      if (y > box.bottom) break;
      items.push_back({l, box.x, y, st.note, kMuted, Anchor::Left});
    }
  }
  if (listed == 0) {  // not one entry fits: the count alone, where the list would begin
    addNoneListed(fig, result.notListed, box, st, metrics);
    return result;
  }
  std::vector<const NoteCallout*> shown;
  for (std::size_t n = 0; n < listed; ++n) {
    result.numbers[onMap[n]] = static_cast<int>(n + 1);
    shown.push_back(&callouts[onMap[n]]);
  }
  result.markers = drawMarkers(fig, shown, k);
  result.shown = listed;
  for (auto& [p, number] : discs) addDisc(fig, p, number, k);
  for (TextItem& t : items) fig.texts.push_back(std::move(t));
  return result;
}

}  // namespace mobmap::render
