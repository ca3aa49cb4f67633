#pragma once
// Expected values for the viewer's input tests computed independently of mobmap's own code: coordinates
// transformed by GDAL/OGR (OGRCoordinateTransformation) and the area containing a point found by OGR's
// geometry predicates (GEOS) on the source file itself.
#include <catch2/catch.hpp>
#include <gdal.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>

#include "live_viewer.h"

namespace mobmap::test {

// Transforms between a display CRS (as the viewer reports it: WKT, PROJ string or EPSG code) and lon/lat.
class LonLatTransform {
 public:
  explicit LonLatTransform(const std::string& displayCrs) {
    REQUIRE(m_display.SetFromUserInput(displayCrs.c_str()) == OGRERR_NONE);
    m_lonLat.importFromEPSG(4326);
    m_display.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    m_lonLat.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    m_toLonLat.reset(OGRCreateCoordinateTransformation(&m_display, &m_lonLat));
    m_toDisplay.reset(OGRCreateCoordinateTransformation(&m_lonLat, &m_display));
    REQUIRE(m_toLonLat);
    REQUIRE(m_toDisplay);
  }
  Pt toLonLat(Pt p) const {
    REQUIRE(m_toLonLat->Transform(1, &p.x, &p.y));
    return p;
  }
  Pt toDisplay(Pt ll) const {
    REQUIRE(m_toDisplay->Transform(1, &ll.x, &ll.y));
    return ll;
  }

 private:
  OGRSpatialReference m_display, m_lonLat;
  std::unique_ptr<OGRCoordinateTransformation> m_toLonLat, m_toDisplay;
};

// The `keyField` of the feature of `path` whose polygon contains lon/lat `ll` ("" when none), and the distance
// (degrees) from `ll` to that polygon's boundary in `edgeDistance`.
inline std::string areaContaining(const std::string& path, Pt ll, const std::string& keyField, double& edgeDistance) {
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  REQUIRE(ds);
  OGRLayer* layer = ds->GetLayer(0);
  OGRPoint point(ll.x, ll.y);
  edgeDistance = 0;
  for (auto& feature : *layer) {
    const OGRGeometry* g = feature->GetGeometryRef();
    if (!g || !g->Contains(&point)) continue;
    std::unique_ptr<OGRGeometry> boundary(g->Boundary());
    edgeDistance = boundary ? boundary->Distance(&point) : 0;
    return feature->GetFieldAsString(keyField.c_str());
  }
  return "";
}

// The extent of every feature of `path` transformed into `displayCrs` by OGR.
inline OGREnvelope displayExtent(const std::string& path, const std::string& displayCrs) {
  GDALAllRegister();
  std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  REQUIRE(ds);
  OGRSpatialReference display;
  REQUIRE(display.SetFromUserInput(displayCrs.c_str()) == OGRERR_NONE);
  display.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGREnvelope all;
  for (auto& feature : *ds->GetLayer(0)) {
    std::unique_ptr<OGRGeometry> g(feature->GetGeometryRef()->clone());
    if (g->getSpatialReference() == nullptr) {
      OGRSpatialReference lonLat;
      lonLat.importFromEPSG(4326);
      lonLat.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
      g->assignSpatialReference(&lonLat);
      REQUIRE(g->transformTo(&display) == OGRERR_NONE);
    } else {
      REQUIRE(g->transformTo(&display) == OGRERR_NONE);
    }
    OGREnvelope e;
    g->getEnvelope(&e);
    all.Merge(e);
  }
  return all;
}

}  // namespace mobmap::test
