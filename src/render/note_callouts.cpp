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
  const double r = (number >= 10 ? 7.5 : 6.5) * k;
  fig.lines.push_back({circle(c, r + 1.2 * k), kMarkerRing, 0, true});
  fig.lines.push_back({circle(c, r), kMarkerFill, 0, true});
  TextStyle st;
  st.sizePt = 7.5 * k;
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

bool addCalloutMarker(Figure& fig, Point location, int number, double k) {
  bool drawn = false;
  for (const MapPanel& panel : fig.panels) {
    if (!inside(panel.viewport.extent, location)) continue;
    const Point p = panel.viewport.toPage(location);
    if (p.x < panel.viewport.x || p.x > panel.viewport.x + panel.viewport.width || p.y < panel.viewport.y ||
        p.y > panel.viewport.y + panel.viewport.height)
      continue;
    addDisc(fig, p, number, k);
    drawn = true;
  }
  return drawn;
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

  TextStyle heading, title, body, note;
  heading.sizePt = 8.5 * k;
  heading.bold = true;
  title.sizePt = 7.5 * k;
  title.bold = true;
  body.sizePt = 7 * k;
  body.italic = true;
  note.sizePt = 6.5 * k;
  const double indent = 18 * k, textW = std::max(box.width - indent, 10.0 * k);
  const double titleStep = title.sizePt * 1.25, bodyStep = body.sizePt * 1.25;

  // Lay out entries one by one; stop before the first that does not fit, keeping room for a closing line.
  std::vector<TextItem> items;
  std::vector<std::pair<Point, int>> discs;
  double y = box.top + heading.sizePt;
  if (y > box.bottom) {
    result.notListed = onMap.size();
    return result;
  }
  items.push_back({"Community notes", box.x, y, heading, kInk, Anchor::Left});
  y += heading.sizePt * 0.5;
  std::size_t listed = 0;
  for (std::size_t n = 0; n < onMap.size(); ++n) {
    const NoteCallout& c = callouts[onMap[n]];
    const int number = static_cast<int>(n + 1);
    std::vector<std::string> titleLines = wrapText(c.title, textW, title, metrics);
    std::vector<std::string> quoteLines;
    if (!c.quote.empty()) quoteLines = wrapText("“" + shortQuote(c.quote) + "”", textW, body, metrics);
    double h = titleStep * static_cast<double>(titleLines.size()) + bodyStep * static_cast<double>(quoteLines.size()) + 3 * k;
    const bool last = n + 1 == onMap.size();
    const double reserve = last ? 0 : note.sizePt * 1.6;
    if (y + h + reserve > box.bottom) break;
    double ly = y;
    discs.push_back({{box.x + 7 * k, y + titleStep * 0.5 + 1 * k}, number});
    for (const std::string& l : titleLines) {
      ly += titleStep;
      items.push_back({l, box.x + indent, ly - title.sizePt * 0.2, title, kInk, Anchor::Left});
    }
    for (const std::string& l : quoteLines) {
      ly += bodyStep;
      items.push_back({l, box.x + indent, ly - body.sizePt * 0.2, body, kMuted, Anchor::Left});
    }
    y += std::max(h, 16 * k);
    ++listed;
  }
  if (listed < onMap.size()) {
    result.notListed = onMap.size() - listed;
    const std::string more = std::to_string(result.notListed) + " more public note" + (result.notListed == 1 ? "" : "s") + " not shown";
    for (const std::string& l : wrapText(more, box.width, note, metrics)) {
      y += note.sizePt * 1.3;
      if (y > box.bottom) break;
      items.push_back({l, box.x, y, note, kMuted, Anchor::Left});
    }
  }
  if (listed == 0) return result;
  for (std::size_t n = 0; n < listed; ++n) {
    result.numbers[onMap[n]] = static_cast<int>(n + 1);
    addCalloutMarker(fig, callouts[onMap[n]].location, static_cast<int>(n + 1), k);
  }
  result.shown = listed;
  for (auto& [p, number] : discs) addDisc(fig, p, number, k * 0.85);
  for (TextItem& t : items) fig.texts.push_back(std::move(t));
  return result;
}

}  // namespace mobmap::render
