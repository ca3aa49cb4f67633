#include "io/detail/crs_identity.h"

#include <cpl_conv.h>
#include <ogr_spatialref.h>

#include <memory>

namespace mobmap::io {

namespace {

std::optional<std::string> authorityOf(const OGRSpatialReference& srs) {
  const char* name = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  if (name && code) return std::string(name) + ":" + code;
  return std::nullopt;
}

}  // namespace

std::optional<CrsIdentity> identifyCrs(const OGRSpatialReference* srs) {
  if (!srs || srs->IsEmpty()) return std::nullopt;
  CrsIdentity id;
  id.geographic = srs->IsGeographic();
  std::optional<std::string> authority = authorityOf(*srs);
  if (!authority) {
    std::unique_ptr<OGRSpatialReference> copy(srs->Clone());
    if (copy->AutoIdentifyEPSG() == OGRERR_NONE) authority = authorityOf(*copy);
  }
  if (!authority) {
    int count = 0;
    int* confidence = nullptr;
    OGRSpatialReferenceH* matches = srs->FindMatches(nullptr, &count, &confidence);
    if (count > 0 && confidence[0] >= 70)
      authority = authorityOf(*OGRSpatialReference::FromHandle(matches[0]));
    OSRFreeSRSArray(matches);
    CPLFree(confidence);
  }
  if (authority) {
    id.shortName = *authority;
    id.definition = *authority;
    return id;
  }
  const char* name = srs->GetName();
  id.shortName = name ? name : "custom CRS";
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  srs->exportToWkt(&wkt, options);
  id.definition = wkt ? wkt : "";
  CPLFree(wkt);
  if (id.definition.empty()) return std::nullopt;
  return id;
}

}  // namespace mobmap::io
