// The vertex spacing used to generalise geometry while reading for a PNG (session::rasterVertexSpacing).
// Expected values: for a projected source, a quarter of (extent / pixels) by hand; for lon/lat data over the
// contiguous US, the promise itself checked through PROJ: a step of the spacing in x or y moves a point by at
// most a quarter of the smallest pixel the map can have in EPSG:5070 (the CRS it is drawn in).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "crs/display_crs.h"
#include "crs/transformer.h"
#include "session/detail/figure_export_raster.h"

using namespace mobmap;

TEST_CASE("projected source: a quarter of the extent per pixel, smaller for a smaller asked-for extent") {
  io::LayerFacts facts;
  facts.crsDefinition = "EPSG:26916";
  facts.extent = Extent{400000, 4600000, 419200, 4610800};  // 19,200 m × 10,800 m
  const session::RasterTarget whole{1920, 1080, std::nullopt};
  CHECK(session::rasterVertexSpacing(facts, whole) == Approx(2.5));  // 0.25 × 10 m per pixel
  // A 0.1 × 0.05 degree box inside it: fewer metres per pixel.
  const session::RasterTarget zoomed{1920, 1080, Extent{-88.2, 41.6, -88.1, 41.65}};
  const double z = session::rasterVertexSpacing(facts, zoomed);
  CHECK(z > 0);
  CHECK(z < 2.5);
  // No CRS or no extent: keep every vertex.
  io::LayerFacts none = facts;
  none.crsDefinition.clear();
  CHECK(session::rasterVertexSpacing(none, whole) == 0);
  CHECK(session::rasterVertexSpacing(io::LayerFacts{"EPSG:26916", false, {}}, whole) == 0);
}

TEST_CASE("lon/lat source over the contiguous US: a step of the spacing stays under a quarter pixel") {
  io::LayerFacts facts;
  facts.crsDefinition = "EPSG:4269";
  facts.geographic = true;
  facts.extent = Extent{-179.2, 17.9, -65.2, 71.4};  // US with Alaska, Hawaii, Puerto Rico
  const double s = session::rasterVertexSpacing(facts, {1920, 1080, std::nullopt});
  REQUIRE(s > 0);
  const Extent conus = crs::projectLonLatBox(crs::contiguousUsLonLat(), "EPSG:5070");
  const double pixel = std::max(conus.width() / 1920, conus.height() / 1080);  // the smallest it can be
  const crs::Transformer t("EPSG:4269", "EPSG:5070");
  double worst = 0;
  for (double lon = -125; lon <= -66; lon += 2.95)
    for (double lat = 24; lat <= 50; lat += 1.3) {
      const Point p = t.forward({lon, lat}), px = t.forward({lon + s, lat}), py = t.forward({lon, lat + s});
      worst = std::max({worst, std::hypot(px.x - p.x, px.y - p.y), std::hypot(py.x - p.x, py.y - p.y)});
    }
  CHECK(worst <= 0.25 * pixel);
  // Not needlessly small: at least a twentieth of that pixel (the frame is smaller than the image, so the
  // real pixel is larger still).
  CHECK(worst >= 0.05 * pixel);
}
