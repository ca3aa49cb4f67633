// The interactive viewer driven by real X input (xdotool) on a private Xvfb display, observed through
// `--state-out` (the state the viewer writes as it changes) and the screenshot it writes at exit.
// Expected values are derived independently: the camera arithmetic from render/camera.h's documented
// conventions (a drag keeps the world point under the pointer, the wheel zooms 1.25x around the pointer, the
// arrow keys pan by a tenth of the smaller canvas side, +/- zoom 1.25x/0.8x around the centre, Home returns to
// the first view), and the tract under a screen point from GDAL/OGR (the point transformed by
// OGRCoordinateTransformation, the containing polygon found by OGRGeometry::Contains on tracts.geojson).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "gui_support.h"
#include "live_viewer.h"
#include "ogr_reference.h"
#include "test_support.h"

using namespace mobmap::test;
using nlohmann::json;

namespace {



std::string geoidOf(const json& feature) { return feature.is_null() ? std::string() : feature["geoid"].get<std::string>(); }

// A window point in the map whose tract (by OGR) is the same 4 pixels to every side: a click there cannot
// land on a boundary. Searches a grid over the left part of the map (clear of the legend and title).
std::pair<Pt, std::string> pointInsideATract(const json& s, const LonLatTransform& t, const std::string& tracts,
                                             const std::string& avoid) {
  const double mx = s["map"][0], my = s["map"][1], mw = s["map"][2], mh = s["map"][3];
  for (double fy = 0.3; fy <= 0.7; fy += 0.05)
    for (double fx = 0.2; fx <= 0.55; fx += 0.03) {
      const Pt p{std::round(mx + fx * mw), std::round(my + fy * mh)};
      double edge = 0;
      const std::string id = areaContaining(tracts, t.toLonLat(screenToWorld(s, p.x, p.y)), "GEOID", edge);
      if (id.empty() || id == avoid) continue;
      bool clear = true;
      for (const Pt d : {Pt{4, 0}, Pt{-4, 0}, Pt{0, 4}, Pt{0, -4}})
        clear = clear && areaContaining(tracts, t.toLonLat(screenToWorld(s, p.x + d.x, p.y + d.y)), "GEOID", edge) == id;
      if (clear) return {p, id};
    }
  FAIL("no point well inside a tract in the map");
  return {};
}

// 100 × pov_below / pov_universe of the tract `geoid` in the demo's tract_acs.csv, read with OGR (GEO_ID
// there carries Census's "1400000US" prefix).
double demoPovertyRate(const std::string& geoid) {
  GDALAllRegister();
  const std::string csv = (sourceDir() / "geodata/demo/tract_acs.csv").string();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(csv.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  REQUIRE(ds);
  for (auto& row : *ds->GetLayer(0))
    if (std::string(row->GetFieldAsString("GEO_ID")) == "1400000US" + geoid)
      return 100.0 * std::stod(row->GetFieldAsString("pov_below")) / std::stod(row->GetFieldAsString("pov_universe"));
  FAIL("tract " << geoid << " not in tract_acs.csv");
  return 0;
}

}  // namespace

TEST_CASE("real pointer and key input pans, zooms, selects and hovers on the map", "[gui][input]") {
  MOBMAP_SKIP_WITHOUT_XDOTOOL();
  const auto dir = scratchDir("gui-input");
  const std::string project = (sourceDir() / "geodata/demo/project.toml").string();
  const std::string tracts = (sourceDir() / "geodata/demo/tracts.geojson").string();
  const std::string png = (dir / "exit.png").string();
  LiveViewer v(dir, {project, "--view", "poverty", "--size", "1280x800", "--screenshot", png});
  v.waitFor("the poverty view loaded", [](const json& s) { return s["ready"] == true; }, 180);
  v.window();
  const json s0 = v.settle();
  const double mx = s0["map"][0], my = s0["map"][1], mw = s0["map"][2], mh = s0["map"][3];
  const double fbs = s0["framebuffer_scale"];
  REQUIRE(mw > 600);

  SECTION("drag, wheel, arrows, +/- and Home move the camera as the camera's conventions say") {
    v.key("Home");
    const json home = v.settle();
    // The start view is the view Home gives (both fit the layer beside the legend).
    CHECK(scaleOf(home) == Approx(scaleOf(s0)).epsilon(1e-12));
    CHECK(centreOf(home).x == Approx(centreOf(s0).x).epsilon(1e-12));
    CHECK(centreOf(home).y == Approx(centreOf(s0).y).epsilon(1e-12));
    // Drag by (D, E) pixels: the world point under the pointer at the press is under it at the release.
    const double px = std::round(mx + 0.4 * mw), py = std::round(my + 0.5 * mh), D = 120, E = 45;
    v.moveTo(px, py);
    v.waitFor("the pointer at the press point", [&](const json& s) { return pointerAt(s, px, py); });
    const json beforeDrag = v.settle();
    const Pt grabbed = screenToWorld(beforeDrag, px, py);
    v.xdo("mousedown 1");
    v.waitFor("the left button down", [](const json& s) { return s["pointer"]["left_down"] == true; });
    v.moveTo(px + D, py + E);
    v.waitFor("the pointer at the release point", [&](const json& s) { return pointerAt(s, px + D, py + E); });
    v.xdo("mouseup 1");
    v.waitFor("the button up", [](const json& s) { return s["pointer"]["left_down"] == false; });
    const json s1s = v.settle();
    const Pt under = screenToWorld(s1s, px + D, py + E);
    const double pixel = 1 / scaleOf(beforeDrag);
    CHECK(scaleOf(s1s) == Approx(scaleOf(beforeDrag)));
    CHECK(std::abs(under.x - grabbed.x) < 1e-6 * pixel);
    CHECK(std::abs(under.y - grabbed.y) < 1e-6 * pixel);
    CHECK(centreOf(s1s).x == Approx(centreOf(beforeDrag).x - D * fbs / scaleOf(beforeDrag)).epsilon(1e-12));
    CHECK(centreOf(s1s).y == Approx(centreOf(beforeDrag).y + E * fbs / scaleOf(beforeDrag)).epsilon(1e-12));
    CHECK(s1s["selected"].is_null());  // a drag is no click

    // One wheel notch up (X button 4) at q: 1.25 times the zoom, the world point under q stays there.
    const double qx = std::round(mx + 0.3 * mw), qy = std::round(my + 0.4 * mh);
    v.moveTo(qx, qy);
    const json before = v.waitFor("the pointer at the zoom point", [&](const json& s) { return pointerAt(s, qx, qy); });
    const Pt atQ = screenToWorld(before, qx, qy);
    v.xdo("click 4");
    const json s2 = v.waitFor("the wheel zoom", [&](const json& s) { return scaleOf(s) != scaleOf(before); });
    CHECK(scaleOf(s2) == Approx(scaleOf(before) * 1.25).epsilon(1e-12));
    const Pt atQ2 = screenToWorld(s2, qx, qy);
    CHECK(std::abs(atQ2.x - atQ.x) < 1e-6 / scaleOf(s2));
    CHECK(std::abs(atQ2.y - atQ.y) < 1e-6 / scaleOf(s2));

    // Arrow keys: a tenth of the smaller canvas side; Right shows what lies right (the centre moves right).
    const double step = 0.1 * std::min(s2["camera"]["viewport"][0].get<double>(), s2["camera"]["viewport"][1].get<double>());
    v.key("Right");
    const json s3 = v.waitFor("Right", [&](const json& s) { return centreOf(s).x != centreOf(s2).x; });
    CHECK(centreOf(s3).x == Approx(centreOf(s2).x + step / scaleOf(s2)).epsilon(1e-12));
    CHECK(centreOf(s3).y == Approx(centreOf(s2).y).epsilon(1e-12));
    v.key("Up");
    const json s4 = v.waitFor("Up", [&](const json& s) { return centreOf(s).y != centreOf(s3).y; });
    CHECK(centreOf(s4).y == Approx(centreOf(s3).y + step / scaleOf(s3)).epsilon(1e-12));
    v.key("equal");
    const json s5 = v.waitFor("=", [&](const json& s) { return scaleOf(s) != scaleOf(s4); });
    CHECK(scaleOf(s5) == Approx(scaleOf(s4) * 1.25).epsilon(1e-12));
    CHECK(centreOf(s5).x == Approx(centreOf(s4).x).epsilon(1e-12));
    v.key("minus");
    const json s6 = v.waitFor("-", [&](const json& s) { return scaleOf(s) != scaleOf(s5); });
    CHECK(scaleOf(s6) == Approx(scaleOf(s5) * 0.8).epsilon(1e-12));
    // Home: the whole layer in view again, the same view wherever the camera was (the first Home press, at the
    // start, gives the reference). The layer's extent in the display CRS comes from OGR: every tract
    // transformed (OGRGeometry::transformTo) into the CRS the viewer reports.
    v.key("Home");
    const json s7 = v.waitFor("Home", [&](const json& s) { return scaleOf(s) != scaleOf(s6); });
    CHECK(scaleOf(s7) == Approx(scaleOf(home)).epsilon(1e-12));
    CHECK(centreOf(s7).x == Approx(centreOf(home).x).epsilon(1e-12));
    CHECK(centreOf(s7).y == Approx(centreOf(home).y).epsilon(1e-12));
    const OGREnvelope layer = displayExtent(tracts, s0["display_crs"].get<std::string>());
    const Pt topLeft = screenToWorld(s7, mx, my), bottomRight = screenToWorld(s7, mx + mw, my + mh);
    CHECK(layer.MinX >= topLeft.x);
    CHECK(layer.MaxX <= bottomRight.x);
    CHECK(layer.MinY >= bottomRight.y);
    CHECK(layer.MaxY <= topLeft.y);
    // The fit leaves room for the legend panel, which now also lists the share of areas whose MOE interval
    // crosses each class limit (0.58 on this fixture): the layer still fills more than half the map area.
    CHECK(std::max((layer.MaxX - layer.MinX) / (bottomRight.x - topLeft.x), (layer.MaxY - layer.MinY) / (topLeft.y - bottomRight.y)) > 0.55);
    CHECK(v.quit() == 0);
  }

  SECTION("presentation fits the map to the full screen, and leaving it puts the camera back") {
    v.key("minus");  // the planner's own view: zoomed out from the fit
    const json before = v.waitFor("zoomed out", [&](const json& s) { return scaleOf(s) < scaleOf(s0); });
    v.key("F5");
    v.waitFor("presenting full screen", [](const json& s) {
      return s["presenting"] == true && s["window"][0] == 1600 && s["window"][1] == 1000;
    });
    const json fitted = v.settle();
    // Fitted again for the larger map area: the county fills more pixels than in the 1280x800 window's fit.
    CHECK(scaleOf(fitted) > scaleOf(s0));
    v.key("Escape");
    v.waitFor("back in the window", [](const json& s) { return s["presenting"] == false && s["window"][0] == 1280; });
    const json after = v.settle();
    CHECK(scaleOf(after) == scaleOf(before));
    CHECK(centreOf(after).x == centreOf(before).x);
    CHECK(centreOf(after).y == centreOf(before).y);
  }

  SECTION("Ctrl+F, a neighbourhood's name and Enter go to that neighbourhood and outline it") {
    v.key("ctrl+f");
    v.xdo("type --delay 20 Riverside");
    v.key("Return");
    const json s1 = v.waitFor("Find's overlay hit", [](const json& s) { return !s["found_overlay_area"].is_null(); });
    CHECK_THAT(s1["found_overlay_area"]["layer"].get<std::string>(), Catch::Contains("neighborhoods"));
    CHECK(s1["found_overlay_area"]["name"] == "Riverside");
    CHECK(s1["selected"].is_null());  // an overlay hit selects no tract
    // The camera went there: Riverside's extent (transformed by OGR from neighborhoods.geojson into the display
    // CRS) fills the map beside the legend, zoomed in from the whole county.
    const json s2 = v.settle();
    GDALAllRegister();
    const std::string nbhd = (sourceDir() / "geodata/demo/neighborhoods.geojson").string();
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(nbhd.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    REQUIRE(ds);
    OGRSpatialReference display;
    REQUIRE(display.SetFromUserInput(s0["display_crs"].get<std::string>().c_str()) == OGRERR_NONE);
    display.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGREnvelope riverside;
    for (auto& f : *ds->GetLayer(0))
      if (std::string(f->GetFieldAsString("name")) == "Riverside") {
        std::unique_ptr<OGRGeometry> g(f->GetGeometryRef()->clone());
        REQUIRE(g->transformTo(&display) == OGRERR_NONE);
        g->getEnvelope(&riverside);
      }
    REQUIRE(riverside.IsInit());
    const Pt lowLeft = worldToScreen(s2, {riverside.MinX, riverside.MinY});
    const Pt upRight = worldToScreen(s2, {riverside.MaxX, riverside.MaxY});
    const double mapTop = s2["map"][1], mapBottom = mapTop + s2["map"][3].get<double>();
    const double legendLeft = s2["legend"][0];
    CHECK(lowLeft.x >= mx);
    CHECK(upRight.x <= legendLeft);  // not under the legend
    CHECK(upRight.y >= mapTop);
    CHECK(lowLeft.y <= mapBottom);
    CHECK(scaleOf(s2) > 2 * scaleOf(s0));
  }

  SECTION("a click selects the tract OGR finds under the pointer, the inspector shows it, hover shows a tooltip") {
    const LonLatTransform t(s0["display_crs"].get<std::string>());
    const auto [clickAt, clickTract] = pointInsideATract(s0, t, tracts, "");
    v.moveTo(clickAt.x, clickAt.y);
    v.waitFor("the pointer at the click point", [&](const json& s) { return pointerAt(s, clickAt.x, clickAt.y); });
    v.xdo("click 1");
    const json s1 = v.waitFor("a selection", [](const json& s) { return !s["selected"].is_null() && !s["inspector"].is_null(); });
    CHECK(geoidOf(s1["selected"]) == clickTract);
    CHECK(geoidOf(s1["inspector"]) == clickTract);
    CHECK(centreOf(s1).x == centreOf(s0).x);  // a click does not pan

    const auto [hoverAt, hoverTract] = pointInsideATract(s0, t, tracts, clickTract);
    v.moveTo(hoverAt.x, hoverAt.y);
    const json s2 = v.waitFor("a hover tooltip on another tract", [&](const json& s) {
      return pointerAt(s, hoverAt.x, hoverAt.y) && !s["tooltip"].is_null() && !s["hovered"].is_null();
    });
    CHECK(geoidOf(s2["hovered"]) == hoverTract);
    CHECK(geoidOf(s2["tooltip"]) == hoverTract);
    CHECK(geoidOf(s2["selected"]) == clickTract);  // hovering keeps the selection
    // The demo's poverty view maps 100 × pov_below / pov_universe (project.toml); the tooltip shows that rate
    // under the view's legend title, the expected rate computed here from the tract's row of tract_acs.csv.
    CHECK(s2["tooltip"]["label"] == "Residents below the poverty line (%)");
    const double rate = demoPovertyRate(hoverTract);
    CHECK(std::stod(s2["tooltip"]["value"].get<std::string>()) == Approx(rate).margin(0.051));
    v.settle();
    REQUIRE(v.quit() == 0);
    const json end = v.state();
    CHECK(end["exited"] == true);
    CHECK(geoidOf(end["tooltip"]) == hoverTract);

    // The exit screenshot shows the tooltip beside the pointer: ImGui puts it 16 px right of and 8 px below
    // the pointer, a light panel (the theme's window colours, all channels above 0xe0) holding dark text.
    Png img(png);
    REQUIRE(img.ok());
    CHECK(img.width() == 1280);
    const Rect box{static_cast<int>(hoverAt.x) + 18, static_cast<int>(hoverAt.y) + 10, 120, 40};
    int light = 0, dark = 0;
    for (const auto& [c, n] : img.histogram(box)) {
      const int r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, b = c & 0xff;
      if (r > 0xe0 && g > 0xe0 && b > 0xe0) light += n;
      if (r < 0x70 && g < 0x70 && b < 0x70) dark += n;
    }
    INFO("light " << light << " dark " << dark);
    CHECK(light > box.w * box.h / 2);
    CHECK(dark > 30);
  }
}

TEST_CASE("the window survives being resized: the map area follows the new size", "[gui][input]") {
  // Expected: the map area is the window less the side panel and status bar (both keep their size), so it grows
  // and shrinks by exactly the window's change; the view is still drawn (the exit screenshot has the new size
  // and holds the poverty view's darkest class colour, YlGnBu #253494).
  MOBMAP_SKIP_WITHOUT_XDOTOOL();
  const auto dir = scratchDir("gui-resize");
  const std::string project = (sourceDir() / "geodata/demo/project.toml").string();
  const std::string png = (dir / "exit.png").string();
  LiveViewer v(dir, {project, "--view", "poverty", "--size", "1280x800", "--screenshot", png});
  v.waitFor("the poverty view loaded", [](const json& s) { return s["ready"] == true; }, 180);
  const json s0 = v.settle();
  for (const auto& [w, h] : {std::pair{1000, 640}, std::pair{1500, 900}}) {
    v.xdo("windowsize --sync " + v.window() + " " + std::to_string(w) + " " + std::to_string(h));
    const json s = v.waitFor("the window at " + std::to_string(w) + "x" + std::to_string(h),
                             [&](const json& st) { return st["window"][0] == w && st["window"][1] == h; });
    const json settled = v.settle();
    CHECK(settled["map"][2].get<double>() - s0["map"][2].get<double>() == Approx(w - 1280));
    CHECK(settled["map"][3].get<double>() - s0["map"][3].get<double>() == Approx(h - 800));
    CHECK(s["map"][0] == s0["map"][0]);
  }
  REQUIRE(v.quit() == 0);
  Png img(png);
  REQUIRE(img.ok());
  CHECK(img.width() == 1500);
  CHECK(img.height() == 900);
  const json end = v.state();
  const Rect map = {static_cast<int>(end["map"][0].get<double>()), static_cast<int>(end["map"][1].get<double>()),
                    static_cast<int>(end["map"][2].get<double>()), static_cast<int>(end["map"][3].get<double>())};
  CHECK(img.histogram(map)[0x253494] > 100);
}
