// Numbered note callouts on figures: markers on the map at the notes' places, the numbered list under the legend
// wrapped inside the page, and only public notes ever turned into callouts. Expected values come from the
// fixture grid's coordinates (tests/render/fixture_map.h: 1 km squares from x 440000, y 4640000 in EPSG:26916)
// and from the page rectangle the layout reports for the map frame.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "crs/transformer.h"
#include "fixture_map.h"
#include "render/figure_layout.h"
#include "render/note_callouts.h"
#include "render/thematic_map.h"
#include "render/vector/cairo_renderer.h"
#include "session/note_callouts.h"

using namespace mobmap;

namespace {

render::Figure composeWith(const Layer& layer, const render::ThematicMap& map, std::vector<render::NoteCallout> callouts,
                           double widthPt = 720, double heightPt = 450) {
  render::FigureOptions fo;
  fo.widthPt = widthPt;
  fo.heightPt = heightPt;
  fo.title = "Fixture";
  fo.displayCrs = "EPSG:26916";
  fo.callouts = std::move(callouts);
  render::CairoTextMetrics metrics;
  return render::composeFigure(layer, map, {}, fo, metrics);
}

render::ThematicMap fixtureMap(const Layer& layer) {
  render::ThematicRequest req;
  req.field = "value";
  req.overrides.method = "equal";
  req.overrides.classes = 4;
  return render::buildThematicMap(layer.attributes, req, "fixture");
}

// Marker numbers: the white, bold, centred texts.
std::vector<const render::TextItem*> markerTexts(const render::Figure& fig) {
  std::vector<const render::TextItem*> out;
  for (const render::TextItem& t : fig.texts)
    if (t.anchor == render::Anchor::Center && t.style.bold && t.color == style::Rgb{255, 255, 255}) out.push_back(&t);
  return out;
}

bool hasText(const render::Figure& fig, const std::string& needle) {
  return std::any_of(fig.texts.begin(), fig.texts.end(), [&](const render::TextItem& t) { return t.text.find(needle) != std::string::npos; });
}

}  // namespace

TEST_CASE("callouts are numbered on the map and listed under the legend, inside the page", "[render][notes]") {
  const Layer grid = test::fixtureGrid();
  const render::ThematicMap map = fixtureMap(grid);
  const std::string longQuote =
      "We used to take the 14 to the clinic on Saturdays, and now there is nothing on weekends at all, so my mother "
      "misses appointments, and the walk is two miles along a road with no sidewalk. Supercalifragilisticexpialidocious-"
      "words-that-never-end-and-must-still-be-broken-somewhere.";
  // Centres of cells 0 and 11 and one point 5 km east of the grid (outside the map).
  std::vector<render::NoteCallout> callouts = {{{440500, 4640500}, "Bus cuts on the east side", longQuote, true},
                                               {{443500, 4642500}, "Clinic hours", "Short."},
                                               {{460000, 4641000}, "Far away", "Not on this map."}};
  const render::Figure fig = composeWith(grid, map, callouts);
  const render::Viewport& vp = fig.panels.front().viewport;

  // Two markers on the map (numbers 1 and 2 at the projected cell centres) and two discs in the list.
  std::vector<const render::TextItem*> numbers = markerTexts(fig);
  REQUIRE(numbers.size() == 4);
  const Point p1 = vp.toPage({440500, 4640500}), p2 = vp.toPage({443500, 4642500});
  auto markerAt = [&](const std::string& n, Point p) {
    return std::any_of(numbers.begin(), numbers.end(),
                       [&](const render::TextItem* t) { return t->text == n && std::abs(t->x - p.x) < 0.01 && std::abs(t->y - p.y) < 5; });
  };
  CHECK(markerAt("1", p1));
  CHECK(markerAt("2", p2));
  CHECK_FALSE(std::any_of(numbers.begin(), numbers.end(), [](const render::TextItem* t) { return t->text == "3"; }));

  // The list: heading, both titles, the quote cut with an ellipsis; the note outside the map is not listed.
  CHECK(hasText(fig, "Community notes"));
  CHECK(hasText(fig, "Bus cuts on the east side"));
  CHECK(hasText(fig, "Clinic hours"));
  CHECK(hasText(fig, "…"));
  CHECK_FALSE(hasText(fig, "Far away"));

  // Every list line lies right of the map, inside the page margin, and above the bottom of the map frame.
  render::CairoTextMetrics metrics;
  const double listLeft = vp.x + vp.width;
  int listLines = 0;
  for (const render::TextItem& t : fig.texts) {
    if (t.x <= listLeft || t.anchor != render::Anchor::Left) continue;
    CHECK(t.x + metrics.width(t.text, t.style) <= fig.widthPt - 14 + 0.01);
    if (t.style.italic) {
      ++listLines;
      CHECK(t.y <= vp.y + vp.height + 0.01);
    }
  }
  CHECK(listLines >= 3);  // the long quote (italic: a quote) wraps onto several lines
}

TEST_CASE("callouts that do not fit are counted, not drawn over the page", "[render][notes]") {
  const Layer grid = test::fixtureGrid();
  const render::ThematicMap map = fixtureMap(grid);
  std::vector<render::NoteCallout> many;
  for (int i = 0; i < 40; ++i) many.push_back({{440100.0 + 90 * i, 4640500}, "Note number " + std::to_string(i + 1), "A quote that takes a line or two of the list."});
  const render::Figure fig = composeWith(grid, map, many, 480, 300);
  const render::Viewport& vp = fig.panels.front().viewport;
  CHECK(hasText(fig, "more notes not shown"));
  for (const render::TextItem& t : fig.texts)
    if (t.x > vp.x + vp.width) CHECK(t.y <= vp.y + vp.height + 0.01);
  // Markers are drawn only for listed notes: fewer numbers than notes, and numbered from 1 without gaps.
  std::vector<const render::TextItem*> numbers = markerTexts(fig);
  CHECK(numbers.size() < 80);
  CHECK(numbers.size() % 2 == 0);  // each listed note: one marker on the map, one in the list
  CHECK(std::any_of(numbers.begin(), numbers.end(), [](const render::TextItem* t) { return t->text == "1"; }));
}

TEST_CASE("wrapping keeps every line within the width, breaking over-long words", "[render][notes]") {
  render::CairoTextMetrics metrics;
  render::TextStyle st;
  st.sizePt = 8;
  const std::string text = "Emoji 🚌🚌🚌 and a verylongwordwithoutanyspacesatallthatcannotfitinthebox then short ones";
  for (double width : {40.0, 80.0, 150.0}) {
    std::vector<std::string> lines = render::wrapText(text, width, st, metrics);
    std::string joined;
    for (const std::string& l : lines) {
      CHECK(metrics.width(l, st) <= width + 0.01);
      joined += l;
    }
    std::string expected = text;
    expected.erase(std::remove(expected.begin(), expected.end(), ' '), expected.end());
    joined.erase(std::remove(joined.begin(), joined.end(), ' '), joined.end());
    CHECK(joined == expected);  // nothing lost, nothing added
  }
  CHECK(render::shortQuote("one\ntwo  three") == "one two three");
  CHECK(render::shortQuote("aaaa bbbb cccc dddd", 10) == "aaaa bbbb…");
}

TEST_CASE("only public notes become figure callouts, placed at their coordinates", "[render][notes]") {
  notes::Note pub, internal, area;
  pub.title = "Public point";
  pub.geometryWkt = "POINT (-87.65 41.85)";
  pub.consent = notes::Consent::Public;
  pub.text = "quoted";
  internal = pub;
  internal.title = "Internal point";
  internal.consent = notes::Consent::Internal;
  area.title = "Public area";
  area.consent = notes::Consent::Public;
  area.geometryWkt = "POLYGON ((-87.7 41.8, -87.6 41.8, -87.6 41.9, -87.7 41.9, -87.7 41.8))";

  std::vector<render::NoteCallout> c = session::publicNoteCallouts({pub, internal, area}, "EPSG:26916");
  REQUIRE(c.size() == 2);
  CHECK(c[0].title == "Public point");
  CHECK(c[1].title == "Public area");
  // Expected places: PROJ's own transformation of the point and of the area's bounding-box centre.
  crs::Transformer t("EPSG:4326", "EPSG:26916");
  const Point e0 = t.forward({-87.65, 41.85}), e1 = t.forward({-87.65, 41.85});
  CHECK(c[0].location.x == Approx(e0.x).margin(1e-6));
  CHECK(c[0].location.y == Approx(e0.y).margin(1e-6));
  CHECK(c[1].location.x == Approx(e1.x).margin(1e-6));
  for (const render::NoteCallout& x : c) CHECK(x.title != "Internal point");
  CHECK(session::publicNoteCallouts({internal}, "EPSG:26916").empty());
}

TEST_CASE("crowded markers are moved apart with leader lines, never overprinted", "[render][notes]") {
  const Layer grid = test::fixtureGrid();
  const render::ThematicMap map = fixtureMap(grid);
  // Eight notes within 40 m of one place: at the figure's scale their markers would all overlap.
  std::vector<render::NoteCallout> crowd;
  for (int i = 0; i < 8; ++i)
    crowd.push_back({{441500.0 + 5 * i, 4641500.0 + 3 * i}, "Note " + std::to_string(i + 1), "Short.", false, "survey, May 1, 2025", {}});
  render::Figure fig;
  {
    render::FigureOptions fo;
    fo.widthPt = 720;
    fo.heightPt = 450;
    fo.title = "Fixture";
    fo.displayCrs = "EPSG:26916";
    render::CairoTextMetrics metrics;
    fig = render::composeFigure(grid, map, {}, fo, metrics);
    const render::Viewport& vp = fig.panels.front().viewport;
    const render::CalloutResult r =
        render::addNoteCallouts(fig, crowd, {vp.x + vp.width + 10, 40, 180, 440}, metrics, 1);
    REQUIRE(r.shown == 8);
    REQUIRE(r.markers.size() == 8);
    // No two marker discs overlap (centre distance at least the sum of the radii).
    for (std::size_t a = 0; a < r.markers.size(); ++a)
      for (std::size_t b = a + 1; b < r.markers.size(); ++b) {
        const double d = std::hypot(r.markers[a].marker.x - r.markers[b].marker.x, r.markers[a].marker.y - r.markers[b].marker.y);
        CHECK(d >= r.markers[a].radius + r.markers[b].radius);
      }
    // The first stays on its place; the others moved, each joined to its place by a leader line ending there.
    CHECK(r.markers[0].marker.x == r.markers[0].place.x);
    std::size_t moved = 0;
    for (const render::MarkerPlacement& m : r.markers) {
      if (m.marker.x == m.place.x && m.marker.y == m.place.y) continue;
      ++moved;
      const bool leader = std::any_of(fig.lines.begin(), fig.lines.end(), [&](const render::LineItem& l) {
        return l.points.size() == 2 && std::abs(l.points[1].x - m.place.x) < 1e-9 && std::abs(l.points[1].y - m.place.y) < 1e-9;
      });
      CHECK(leader);
      // Every marker stays inside the map frame.
      CHECK(m.marker.x - m.radius >= vp.x - 1e-9);
      CHECK(m.marker.x + m.radius <= vp.x + vp.width + 1e-9);
    }
    CHECK(moved == 7);
  }
}

TEST_CASE("quotation marks only for quotes, each entry credits source and date, area notes drawn as outlines", "[render][notes]") {
  const Layer grid = test::fixtureGrid();
  const render::ThematicMap map = fixtureMap(grid);
  render::NoteCallout quote{{440500, 4640500}, "A quote", "We need the bus back.", true, "Lupe Peña, interview, March 12, 2025", {}};
  render::NoteCallout paraphrase{{443500, 4642500}, "A paraphrase", "Residents want the bus back.", false, "community meeting, April 2, 2025", {}};
  const std::vector<Point> ring = {{441000, 4641000}, {442000, 4641000}, {442000, 4642000}, {441000, 4642000}, {441000, 4641000}};
  render::NoteCallout area{{441500, 4641500}, "An area", "Flooding here every spring.", false, "site visit, May 1, 2025", {ring}};
  const render::Figure fig = composeWith(grid, map, {quote, paraphrase, area});
  CHECK(hasText(fig, "“We need the bus back.”"));
  CHECK(hasText(fig, "Residents want the bus back."));
  CHECK_FALSE(hasText(fig, "“Residents"));
  CHECK_FALSE(hasText(fig, "“Flooding"));
  CHECK(hasText(fig, "— Lupe Peña, interview, March 12, 2025"));
  CHECK(hasText(fig, "— community meeting, April 2, 2025"));
  // The area's outline: a drawn (not filled) line through the ring's corners on the page.
  const render::Viewport& vp = fig.panels.front().viewport;
  const Point c0 = vp.toPage(ring[0]), c2 = vp.toPage(ring[2]);
  const bool outlined = std::any_of(fig.lines.begin(), fig.lines.end(), [&](const render::LineItem& l) {
    return !l.closedAndFilled && l.points.size() == 5 && std::abs(l.points[0].x - c0.x) < 1e-6 && std::abs(l.points[2].y - c2.y) < 1e-6;
  });
  CHECK(outlined);
}
