#include "io/row_filter.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "core/error.h"
#include "core/text.h"
#include "io/gdal_session.h"
#include "io/detail/ogr_fields.h"

namespace mobmap::io {

std::vector<bool> selectRows(const AttributeTable& table, const std::string& where, const std::string& sourceName) {
  ensureGdal();
  GDALDriver* memory = GetGDALDriverManager()->GetDriverByName("Memory");
  GDALDatasetUniquePtr ds(memory->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  OGRLayer* layer = ds->CreateLayer("rows", nullptr, wkbNone, nullptr);

  // Only columns the expression can mention need copying.
  const std::string lowerWhere = toLower(where);
  std::vector<const Column*> used;
  for (const Column& c : table.columns()) {
    if (lowerWhere.find(toLower(c.name())) == std::string::npos) continue;
    OGRFieldDefn defn(c.name().c_str(), ogrFieldType(c.type()));
    if (layer->CreateField(&defn) != OGRERR_NONE) throw Error(sourceName + ": cannot filter on field '" + c.name() + "'");
    used.push_back(&c);
  }
  for (std::size_t r = 0; r < table.rowCount(); ++r) {
    OGRFeature feature(layer->GetLayerDefn());
    for (std::size_t i = 0; i < used.size(); ++i) setOgrField(feature, static_cast<int>(i), *used[i], r);
    feature.SetFID(static_cast<GIntBig>(r));
    if (layer->CreateFeature(&feature) != OGRERR_NONE)
      throw Error(sourceName + ": cannot prepare row " + std::to_string(r + 1) + " for filtering");
  }
  CPLErrorReset();
  if (layer->SetAttributeFilter(where.c_str()) != OGRERR_NONE) {
    std::string err = takeGdalError();
    throw Error(sourceName + ": bad --where expression \"" + where + "\"" + (err.empty() ? "" : ": " + err));
  }
  std::vector<bool> selected(table.rowCount(), false);
  for (auto& feature : *layer) selected[static_cast<std::size_t>(feature->GetFID())] = true;
  return selected;
}

}  // namespace mobmap::io
