// Community notes edited on the map with real X input (xdotool) on a private Xvfb display: an area drawn
// corner by corner becomes an area note, and a note's marker dragged by D pixels moves the note, with undo.
// The store is read back with `mobmap notes list --json`; the expected lon/lat are the screen points the test
// clicked, mapped through the camera the viewer reported (render/camera.h's conventions) and transformed to
// lon/lat by GDAL/OGR, within one pixel's size. The areas a drawn note falls in are checked against the tracts
// OGR finds intersecting the stored polygon (OGRGeometry::Intersects on tracts.geojson).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>

#include "gui_support.h"
#include "live_viewer.h"
#include "ogr_reference.h"
#include "test_support.h"

using namespace mobmap::test;
using nlohmann::json;

namespace {


// The demo project copied to `dir` with its notes in a GeoPackage store there (the demo's own notes file is a
// read-only exchange file) holding one point note at lon/lat `note`.
std::string scratchProject(const std::filesystem::path& dir, Pt note) {
  std::filesystem::copy(sourceDir() / "geodata/demo", dir / "demo", std::filesystem::copy_options::recursive);
  const std::filesystem::path toml = dir / "demo/project.toml";
  std::string text = slurp(toml);
  text = std::regex_replace(text, std::regex("store = \"notes.geojson\""), "store = \"notes.gpkg\"");
  std::ofstream(toml, std::ios::trunc) << text;
  const RunResult r = runMobmap({"notes", "add", "--store", (dir / "demo/notes.gpkg").string(), "--lon",
                                 std::to_string(note.x), "--lat", std::to_string(note.y), "--title", "Drag me",
                                 "--consent", "public"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  return toml.string();
}

json listNotes(const std::filesystem::path& store) {
  const RunResult r = runMobmap({"notes", "list", "--json", "--store", store.string()});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  return json::parse(r.out);
}

json noteTitled(const json& list, const std::string& title) {
  for (const json& n : list["notes"])
    if (n["title"] == title) return n;
  FAIL("no note titled " << title << " in " << list.dump(1));
  return nullptr;
}

// The vertices of a WKT geometry read by OGR (exterior ring of a polygon, or the point).
std::vector<Pt> wktVertices(const std::string& wkt) {
  OGRGeometry* raw = nullptr;
  REQUIRE(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &raw) == OGRERR_NONE);
  std::unique_ptr<OGRGeometry> g(raw);
  std::vector<Pt> out;
  if (wkbFlatten(g->getGeometryType()) == wkbPoint) {
    out.push_back({g->toPoint()->getX(), g->toPoint()->getY()});
  } else {
    REQUIRE(wkbFlatten(g->getGeometryType()) == wkbPolygon);
    const OGRLinearRing* ring = g->toPolygon()->getExteriorRing();
    for (int i = 0; i < ring->getNumPoints(); ++i) out.push_back({ring->getX(i), ring->getY(i)});
  }
  return out;
}

// The demo's county centre in lon/lat (the middle of tracts.geojson's extent, read by OGR).
Pt countyCentre() {
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open((sourceDir() / "geodata/demo/tracts.geojson").c_str(), GDAL_OF_VECTOR));
  REQUIRE(ds);
  OGREnvelope e;
  REQUIRE(ds->GetLayer(0)->GetExtent(&e) == OGRERR_NONE);
  return {(e.MinX + e.MaxX) / 2, (e.MinY + e.MaxY) / 2};
}

// Waits for the view and its `notes` notes, finds and focuses the window, and returns the settled state.
json waitUntilLoaded(LiveViewer& v, int notes) {
  v.waitFor("the view and its notes loaded", [&](const json& s) { return s["ready"] == true && s["notes"]["count"] == notes; }, 180);
  v.window();
  return v.settle();
}

// Clicks window point `p` while drawing an area and waits until the drawing holds `count` corners.
void clickCorner(LiveViewer& v, Pt p, std::size_t count) {
  v.moveTo(p.x, p.y);
  v.waitFor("the pointer at a corner", [&](const json& s) { return pointerAt(s, p.x, p.y); });
  v.xdo("click 1");
  v.waitFor(std::to_string(count) + " corners", [&](const json& s) { return s["notes"]["drawing"]["corners"].size() == count; });
}

}  // namespace

TEST_CASE("an area drawn on the map with clicks and Enter is saved as an area note", "[gui][input][notes]") {
  MOBMAP_SKIP_WITHOUT_XDOTOOL();
  const auto dir = scratchDir("gui-draw-area");
  const std::string project = scratchProject(dir, countyCentre());
  LiveViewer v(dir, {project, "--view", "poverty", "--size", "1280x800"});
  const json s0 = waitUntilLoaded(v, 1);
  const double mx = s0["map"][0], my = s0["map"][1], mw = s0["map"][2], mh = s0["map"][3];
  const LonLatTransform t(s0["display_crs"].get<std::string>());

  v.key("a");
  v.waitFor("drawing mode", [](const json& s) { return s["notes"]["drawing"]["active"] == true; });
  auto at = [](double x, double y) { return Pt{std::round(x), std::round(y)}; };
  const std::vector<Pt> corners = {at(mx + 0.22 * mw, my + 0.35 * mh), at(mx + 0.38 * mw, my + 0.30 * mh),
                                   at(mx + 0.30 * mw, my + 0.55 * mh)};
  clickCorner(v, corners[0], 1);
  clickCorner(v, corners[1], 2);
  // A stray corner, taken back with Backspace.
  clickCorner(v, at(mx + 0.45 * mw, my + 0.6 * mh), 3);
  v.key("BackSpace");
  v.waitFor("two corners", [](const json& s) { return s["notes"]["drawing"]["corners"].size() == 2; });
  clickCorner(v, corners[2], 3);
  v.key("Return");
  const json editing = v.waitFor("the note editor", [](const json& s) { return !s["notes"]["editor"].is_null(); });
  CHECK(editing["notes"]["drawing"]["active"] == false);
  CHECK(editing["notes"]["editor"]["wkt"].get<std::string>().starts_with("POLYGON"));
  CHECK(editing["camera"] == s0["camera"]);  // clicks while drawing do not pan

  v.settle();  // the editor has taken the keyboard (its title field is focused a frame after it appears)
  v.xdo("type --delay 30 'Drawn area'");
  const json titled = v.waitFor("the title typed", [](const json& s) {
    return !s["notes"]["editor"].is_null() && s["notes"]["editor"]["title"] == "Drawn area";
  });
  const json& b = titled["notes"]["editor"]["save_button"];
  const double bx = b[0].get<double>() + b[2].get<double>() / 2, by = b[1].get<double>() + b[3].get<double>() / 2;
  REQUIRE(b[2].get<double>() > 0);
  v.moveTo(bx, by);
  v.waitFor("the pointer on Save", [&](const json& s) { return pointerAt(s, bx, by); });
  v.xdo("click 1");
  v.waitFor("the note saved", [](const json& s) { return s["notes"]["editor"].is_null() && s["notes"]["count"] == 2 && s["notes"]["loading"] == false; });
  REQUIRE(v.quit() == 0);

  const json note = noteTitled(listNotes(dir / "demo/notes.gpkg"), "Drawn area");
  const std::vector<Pt> stored = wktVertices(note["geometry"].get<std::string>());
  REQUIRE(stored.size() == 4);  // a closed triangle
  CHECK(stored.front().x == stored.back().x);
  CHECK(stored.front().y == stored.back().y);
  const double pixel = 1 / s0["camera"]["pixels_per_unit"].get<double>();
  for (std::size_t i = 0; i < 3; ++i) {
    const Pt expected = screenToWorld(s0, std::lround(corners[i].x), std::lround(corners[i].y));
    const Pt got = t.toDisplay(stored[i]);
    INFO("corner " << i << " expected " << expected.x << "," << expected.y << " stored " << got.x << "," << got.y);
    CHECK(std::hypot(got.x - expected.x, got.y - expected.y) < pixel);
  }

  // Its areas: the features of every area layer shown that OGR finds intersecting the stored triangle (interiors
  // sharing points) — the tracts as GEOIDs and the neighbourhoods drawn over them by their nbhd_id.
  OGRGeometry* raw = nullptr;
  const std::string wkt = note["geometry"].get<std::string>();
  REQUIRE(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &raw) == OGRERR_NONE);
  std::unique_ptr<OGRGeometry> triangle(raw);
  std::set<std::string> expected;
  for (auto [file, key] : {std::pair{"tracts.geojson", "GEOID"}, {"neighborhoods.geojson", "nbhd_id"}}) {
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open((sourceDir() / "geodata/demo" / file).c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    for (auto& f : *ds->GetLayer(0))
      if (f->GetGeometryRef()->Intersects(triangle.get()) && !f->GetGeometryRef()->Touches(triangle.get()))
        expected.insert(f->GetFieldAsString(key));
  }
  std::set<std::string> got;
  for (const json& id : note["area_ids"]) got.insert(id.get<std::string>());
  CHECK_FALSE(expected.empty());
  CHECK(got == expected);
}

TEST_CASE("dragging a note's marker moves the note as one store change, and Ctrl+Z moves it back", "[gui][input][notes]") {
  MOBMAP_SKIP_WITHOUT_XDOTOOL();
  const auto dir = scratchDir("gui-drag-note");
  const Pt place = countyCentre();
  const std::string project = scratchProject(dir, place);
  const json original = noteTitled(listNotes(dir / "demo/notes.gpkg"), "Drag me");
  LiveViewer v(dir, {project, "--view", "poverty", "--size", "1280x800"});
  const json s0 = waitUntilLoaded(v, 1);
  const LonLatTransform t(s0["display_crs"].get<std::string>());
  const Pt markerWorld = t.toDisplay(wktVertices(original["geometry"].get<std::string>()).front());
  const Pt marker = worldToScreen(s0, markerWorld);
  REQUIRE(s0["notes"]["markers"] == 1);

  const double D = 90, E = -35;
  const Pt press{std::round(marker.x), std::round(marker.y)};
  v.moveTo(press.x, press.y);
  v.waitFor("the pointer on the marker", [&](const json& s) { return pointerAt(s, press.x, press.y); });
  v.xdo("mousedown 1");
  v.waitFor("the note picked up", [](const json& s) { return s["notes"]["moving"] == true; });
  v.moveTo(press.x + D, press.y + E);
  v.waitFor("the pointer moved", [&](const json& s) { return pointerAt(s, press.x + D, press.y + E); });
  v.xdo("mouseup 1");
  const json moved = v.waitFor("the move stored", [](const json& s) {
    return s["notes"]["moving"] == false && s["notes"]["can_undo_move"] == true && s["notes"]["loading"] == false;
  });
  // The map did not pan.
  CHECK(moved["camera"]["center"] == s0["camera"]["center"]);
  CHECK(moved["camera"]["pixels_per_unit"] == s0["camera"]["pixels_per_unit"]);

  const json after = noteTitled(listNotes(dir / "demo/notes.gpkg"), "Drag me");
  CHECK(after["revision"] == original["revision"].get<int>() + 1);  // one store change
  const double k = s0["camera"]["pixels_per_unit"].get<double>() / s0["framebuffer_scale"].get<double>();
  const Pt expected{markerWorld.x + D / k, markerWorld.y - E / k};
  const Pt got = t.toDisplay(wktVertices(after["geometry"].get<std::string>()).front());
  INFO("expected " << expected.x << "," << expected.y << " stored " << got.x << "," << got.y);
  CHECK(std::hypot(got.x - expected.x, got.y - expected.y) < 1 / k);

  v.key("ctrl+z");
  v.waitFor("the move undone", [](const json& s) { return s["notes"]["can_undo_move"] == false && s["notes"]["loading"] == false; });
  REQUIRE(v.quit() == 0);
  const json undone = noteTitled(listNotes(dir / "demo/notes.gpkg"), "Drag me");
  CHECK(undone["revision"] == original["revision"].get<int>() + 2);
  CHECK(undone["geometry"] == original["geometry"]);
}

TEST_CASE("an area note dragged by its marker moves as a whole", "[gui][input][notes]") {
  // Expected: every stored corner moved by the drag's offset in the display CRS (D, E pixels through the
  // camera), each corner transformed by OGR, within one pixel's size.
  MOBMAP_SKIP_WITHOUT_XDOTOOL();
  const auto dir = scratchDir("gui-drag-area");
  const Pt c = countyCentre();
  const std::string project = scratchProject(dir, {c.x + 0.2, c.y + 0.2});  // the point note out of the way
  // A right triangle of 0.04 degrees around the county centre.
  const std::string triangle = "POLYGON ((" + std::to_string(c.x - 0.02) + " " + std::to_string(c.y - 0.02) + ", " +
                             std::to_string(c.x + 0.02) + " " + std::to_string(c.y - 0.02) + ", " +
                             std::to_string(c.x + 0.02) + " " + std::to_string(c.y + 0.02) + ", " +
                             std::to_string(c.x - 0.02) + " " + std::to_string(c.y - 0.02) + "))";
  const RunResult add = runMobmap({"notes", "add", "--store", (dir / "demo/notes.gpkg").string(), "--wkt", triangle,
                                   "--title", "Area to move", "--consent", "internal"});
  INFO(add.err);
  REQUIRE(add.exitCode == 0);
  const json original = noteTitled(listNotes(dir / "demo/notes.gpkg"), "Area to move");
  const std::vector<Pt> before = wktVertices(original["geometry"].get<std::string>());

  LiveViewer v(dir, {project, "--view", "poverty", "--size", "1280x800"});
  const json s0 = waitUntilLoaded(v, 2);
  const LonLatTransform t(s0["display_crs"].get<std::string>());
  // The marker of an area note sits at the middle of its lon/lat extent.
  double minX = 1e9, maxX = -1e9, minY = 1e9, maxY = -1e9;
  for (const Pt& p : before) {
    minX = std::min(minX, p.x), maxX = std::max(maxX, p.x), minY = std::min(minY, p.y), maxY = std::max(maxY, p.y);
  }
  const Pt marker = worldToScreen(s0, t.toDisplay({(minX + maxX) / 2, (minY + maxY) / 2}));
  const Pt press{std::round(marker.x), std::round(marker.y)};
  const double D = -70, E = 50;
  v.moveTo(press.x, press.y);
  v.waitFor("the pointer on the marker", [&](const json& s) { return pointerAt(s, press.x, press.y); });
  v.xdo("mousedown 1");
  v.waitFor("the note picked up", [](const json& s) { return s["notes"]["moving"] == true; });
  v.moveTo(press.x + D, press.y + E);
  v.waitFor("the pointer moved", [&](const json& s) { return pointerAt(s, press.x + D, press.y + E); });
  v.xdo("mouseup 1");
  v.waitFor("the move stored", [](const json& s) {
    return s["notes"]["moving"] == false && s["notes"]["can_undo_move"] == true && s["notes"]["loading"] == false;
  });
  REQUIRE(v.quit() == 0);

  const json after = noteTitled(listNotes(dir / "demo/notes.gpkg"), "Area to move");
  CHECK(after["revision"] == original["revision"].get<int>() + 1);
  const std::vector<Pt> moved = wktVertices(after["geometry"].get<std::string>());
  REQUIRE(moved.size() == before.size());
  const double k = s0["camera"]["pixels_per_unit"].get<double>() / s0["framebuffer_scale"].get<double>();
  for (std::size_t i = 0; i < before.size(); ++i) {
    const Pt was = t.toDisplay(before[i]), now = t.toDisplay(moved[i]);
    INFO("corner " << i);
    CHECK(std::hypot(now.x - (was.x + D / k), now.y - (was.y - E / k)) < 1 / k);
  }
  CHECK_FALSE(after["area_ids"].empty());
}

TEST_CASE("a note changed by someone else since the viewer read it is not overwritten by a drag", "[gui][input][notes]") {
  // Expected: the store's revision check (NoteStore::update) refuses the move; the store keeps the other
  // edit's title and the note's place, and the viewer says so and shows the stored note.
  MOBMAP_SKIP_WITHOUT_XDOTOOL();
  const auto dir = scratchDir("gui-drag-conflict");
  const std::string project = scratchProject(dir, countyCentre());
  const json original = noteTitled(listNotes(dir / "demo/notes.gpkg"), "Drag me");
  LiveViewer v(dir, {project, "--view", "poverty", "--size", "1280x800"});
  const json s0 = waitUntilLoaded(v, 1);

  // Someone else renames the note (revision 2) while the viewer still holds revision 1.
  const RunResult other = runMobmap({"notes", "update", "--store", (dir / "demo/notes.gpkg").string(), "--id",
                                     std::to_string(original["id"].get<int>()), "--revision", "1", "--title", "Renamed elsewhere"});
  INFO(other.err);
  REQUIRE(other.exitCode == 0);

  const LonLatTransform t(s0["display_crs"].get<std::string>());
  const Pt marker = worldToScreen(s0, t.toDisplay(wktVertices(original["geometry"].get<std::string>()).front()));
  const Pt press{std::round(marker.x), std::round(marker.y)};
  v.moveTo(press.x, press.y);
  v.waitFor("the pointer on the marker", [&](const json& s) { return pointerAt(s, press.x, press.y); });
  v.xdo("mousedown 1");
  v.waitFor("the note picked up", [](const json& s) { return s["notes"]["moving"] == true; });
  v.moveTo(press.x + 60, press.y + 20);
  v.waitFor("the pointer moved", [&](const json& s) { return pointerAt(s, press.x + 60, press.y + 20); });
  v.xdo("mouseup 1");
  const json refused = v.waitFor("the conflict reported", [](const json& s) {
    return s["notes"]["moving"] == false && s["notes"]["loading"] == false && !s["notes"]["message"].get<std::string>().empty();
  });
  CHECK(refused["notes"]["can_undo_move"] == false);
  CHECK(refused["notes"]["message"].get<std::string>().find("reloaded") != std::string::npos);
  REQUIRE(v.quit() == 0);

  const json stored = noteTitled(listNotes(dir / "demo/notes.gpkg"), "Renamed elsewhere");
  CHECK(stored["revision"] == 2);
  CHECK(stored["geometry"] == original["geometry"]);
}

TEST_CASE("drawing an area: Esc cancels, too few corners are refused, a double click finishes", "[gui][input][notes]") {
  // Expected: what the drawing mode promises (README, Area notes): Esc leaves it with nothing made, Enter with
  // two corners keeps drawing and says why, a double click adds its corner and finishes with the editor open
  // on a polygon of the three corners clicked (lon/lat by OGR from the camera, within a pixel).
  MOBMAP_SKIP_WITHOUT_XDOTOOL();
  const auto dir = scratchDir("gui-draw-keys");
  const std::string project = scratchProject(dir, countyCentre());
  LiveViewer v(dir, {project, "--view", "poverty", "--size", "1280x800"});
  const json s0 = waitUntilLoaded(v, 1);
  const double mx = s0["map"][0], my = s0["map"][1], mw = s0["map"][2], mh = s0["map"][3];
  auto at = [](double x, double y) { return Pt{std::round(x), std::round(y)}; };
  const std::vector<Pt> corners = {at(mx + 0.20 * mw, my + 0.30 * mh), at(mx + 0.35 * mw, my + 0.32 * mh),
                                   at(mx + 0.27 * mw, my + 0.50 * mh)};

  v.key("a");
  v.waitFor("drawing mode", [](const json& s) { return s["notes"]["drawing"]["active"] == true; });
  clickCorner(v, at(mx + 0.45 * mw, my + 0.6 * mh), 1);
  v.key("Escape");
  const json cancelled = v.waitFor("drawing cancelled", [](const json& s) { return s["notes"]["drawing"]["active"] == false; });
  CHECK(cancelled["notes"]["editor"].is_null());
  CHECK(cancelled["notes"]["drawing"]["corners"].empty());

  v.key("a");
  v.waitFor("drawing mode again", [](const json& s) { return s["notes"]["drawing"]["active"] == true; });
  clickCorner(v, corners[0], 1);
  clickCorner(v, corners[1], 2);
  v.key("Return");
  const json refused = v.waitFor("the refusal", [](const json& s) { return !s["notes"]["drawing"]["message"].get<std::string>().empty(); });
  CHECK(refused["notes"]["drawing"]["active"] == true);
  CHECK(refused["notes"]["drawing"]["message"].get<std::string>().find("at least three corners") != std::string::npos);
  CHECK(refused["notes"]["editor"].is_null());

  v.moveTo(corners[2].x, corners[2].y);
  v.waitFor("the pointer at the last corner", [&](const json& s) { return pointerAt(s, corners[2].x, corners[2].y); });
  v.xdo("click --repeat 2 --delay 80 1");
  const json editing = v.waitFor("the note editor", [](const json& s) { return !s["notes"]["editor"].is_null(); });
  CHECK(editing["notes"]["drawing"]["active"] == false);
  const std::vector<Pt> ring = wktVertices(editing["notes"]["editor"]["wkt"].get<std::string>());
  REQUIRE(ring.size() == 4);
  const LonLatTransform t(s0["display_crs"].get<std::string>());
  const double pixel = 1 / s0["camera"]["pixels_per_unit"].get<double>();
  for (std::size_t i = 0; i < 3; ++i) {
    const Pt expected = screenToWorld(s0, corners[i].x, corners[i].y), got = t.toDisplay(ring[i]);
    INFO("corner " << i);
    CHECK(std::hypot(got.x - expected.x, got.y - expected.y) < pixel);
  }
  // Cancel in the editor: nothing is stored.
  v.key("Escape");
  CHECK(v.quit() == 0);
  CHECK(listNotes(dir / "demo/notes.gpkg")["count"] == 1);
}
