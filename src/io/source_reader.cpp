#include "io/source_reader.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/error.h"
#include "core/metric_columns.h"
#include "core/table_typing.h"
#include "core/text_encoding.h"
#include "core/text.h"
#include "io/detail/crs_identity.h"
#include "io/gdal_session.h"
#include "io/detail/geometry_conversion.h"
#include "io/detail/geopackage_rows.h"

namespace mobmap::io {

namespace {

GDALDatasetUniquePtr openSource(const std::string& path) {
  ensureCommonVectorDrivers();
  checkReadable(path);
  CPLErrorReset();
  GDALDatasetUniquePtr ds(GDALDataset::Open(gdalPathFor(path).c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) {  // a format outside the common set: every driver, and try again
    ensureGdal();
    CPLErrorReset();
    ds.reset(GDALDataset::Open(gdalPathFor(path).c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  }
  if (!ds) {
    std::string err = takeGdalError();
    throw Error(path + ": not a vector source or table GDAL can read" + (err.empty() ? "" : " (" + err + ")"));
  }
  if (ds->GetLayerCount() == 0) throw Error(path + ": contains no layers");
  return ds;
}

std::string layerNames(GDALDataset& ds) {
  std::string names;
  for (int i = 0; i < ds.GetLayerCount(); ++i) names += (i ? ", " : "") + std::string(ds.GetLayer(i)->GetName());
  return names;
}

OGRLayer* pickLayer(GDALDataset& ds, const std::string& path, const std::string& name,
                    std::vector<std::string>& warnings) {
  if (!name.empty()) {
    OGRLayer* layer = ds.GetLayerByName(name.c_str());
    if (!layer) throw Error(path + ": no layer named '" + name + "' (layers: " + layerNames(ds) + ")");
    return layer;
  }
  if (ds.GetLayerCount() > 1)
    warnings.push_back(path + " has " + std::to_string(ds.GetLayerCount()) + " layers (" + layerNames(ds) +
                       "); using '" + ds.GetLayer(0)->GetName() + "' (choose one with --layer)");
  return ds.GetLayer(0);
}

// Drivers whose cells are text that mobmap types itself (see core/table_typing.h).
bool isTextTableDriver(GDALDataset& ds) {
  std::string driver = ds.GetDriver() ? ds.GetDriver()->GetDescription() : "";
  return driver == "CSV" || driver == "XLSX" || driver == "ODS";
}

// A GeoPackage that GDAL opened as the file `path` itself (not inside an archive or another virtual path).
bool isGeoPackageFile(GDALDataset& ds, const std::string& path) {
  std::error_code ec;
  return ds.GetDriver() && std::string(ds.GetDriver()->GetDescription()) == "GPKG" && gdalPathFor(path) == path &&
         std::filesystem::is_regular_file(path, ec);
}

FieldType typeOf(OGRFieldType t) {
  switch (t) {
    case OFTInteger:
    case OFTInteger64: return FieldType::Integer;
    case OFTReal: return FieldType::Real;
    default: return FieldType::String;
  }
}

std::string geometryTypeName(OGRLayer& layer) {
  OGRwkbGeometryType t = layer.GetGeomType();
  if (t == wkbNone) return "None";
  return OGRGeometryTypeToName(t);
}

// Tells OGR to skip every attribute not named in `wanted`.
void ignoreOtherFields(OGRLayer& layer, const std::vector<std::string>& wanted) {
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  std::vector<std::string> ignored;
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    const char* name = defn->GetFieldDefn(i)->GetNameRef();
    bool keep = false;
    for (const std::string& w : wanted) keep = keep || equalsIgnoreCase(w, name);
    if (!keep) ignored.emplace_back(name);
  }
  std::vector<const char*> list;
  for (const std::string& n : ignored) list.push_back(n.c_str());
  list.push_back(nullptr);
  layer.SetIgnoredFields(list.data());
}

// " at line N (byte 0xF1)" for the first byte of `path` that is not UTF-8, or "" when the file cannot be read
// as bytes (a path inside an archive).
std::string invalidUtf8Location(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t at = firstInvalidUtf8(bytes);
  if (at == std::string::npos) return {};
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(bytes[at])));
  return " at line " + std::to_string(line) + " (byte " + hex + ")";
}

// Text tables that are not UTF-8: read as Windows-1252 (what Excel writes as "CSV" on Windows) and transcoded,
// with a warning; refused, naming the file and line, when a byte is undefined in Windows-1252 too.
// Returns the note for the columns ("" when the text was UTF-8).
std::string recodeNonUtf8(const std::string& path, std::vector<std::string>& names,
                          std::vector<std::vector<std::string>>& cells, std::vector<std::string>* warnings) {
  bool valid = true;
  for (const std::string& n : names) valid = valid && isValidUtf8(n);
  for (std::size_t c = 0; c < cells.size() && valid; ++c)
    for (const std::string& v : cells[c])
      if (!isValidUtf8(v)) {
        valid = false;
        break;
      }
  if (valid) return {};
  std::string where = invalidUtf8Location(path);
  auto recode = [&](std::string& s, std::size_t row) {
    if (isValidUtf8(s) && std::all_of(s.begin(), s.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; })) return;
    std::optional<std::string> u = windows1252ToUtf8(s);
    if (!u)
      throw Error(path + ": text is neither UTF-8 nor Windows-1252" +
                  (where.empty() ? " (row " + std::to_string(row) + ")" : where) + "; save the file as UTF-8 CSV");
    s = std::move(*u);
  };
  for (std::string& n : names) recode(n, 0);
  for (auto& column : cells)
    for (std::size_t r = 0; r < column.size(); ++r) recode(column[r], r + 1);
  if (warnings)
    warnings->push_back(path + ": not UTF-8" + where + "; read as Windows-1252 (e.g. Excel's CSV on Windows)");
  return "text read as Windows-1252 (the file is not UTF-8)";
}

// Reads attributes (and geometry when `geometry` is not null) of every feature; line and ring vertices closer
// than `vertexSpacing` to the previous kept one are dropped (0: none).
AttributeTable readFeatures(OGRLayer& layer, bool textTable, GeometryStore* geometry, double vertexSpacing = 0,
                            const std::string& path = {}, std::vector<std::string>* warnings = nullptr) {
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  const int fieldCount = defn->GetFieldCount();
  std::vector<std::vector<std::string>> text;
  std::vector<Column> typed;
  std::vector<int> fieldIndex;  // fields that are read (not ignored)
  for (int i = 0; i < fieldCount; ++i) {
    OGRFieldDefn* fd = defn->GetFieldDefn(i);
    if (fd->IsIgnored()) continue;
    fieldIndex.push_back(i);
    typed.emplace_back(fd->GetNameRef(), textTable ? FieldType::String : typeOf(fd->GetType()));
  }
  const GIntBig expectedFeatures = layer.GetFeatureCount(FALSE);
  if (!textTable && expectedFeatures > 0)
    for (Column& c : typed) c.reserve(static_cast<std::size_t>(expectedFeatures));
  const int readCount = static_cast<int>(fieldIndex.size());
  text.resize(static_cast<std::size_t>(readCount));
  std::size_t rows = 0;
  layer.ResetReading();
  for (auto& feature : layer) {
    ++rows;
    if (geometry) reserveAfterSample(*geometry, rows, expectedFeatures);
    for (int j = 0; j < readCount; ++j) {
      const int i = fieldIndex[static_cast<std::size_t>(j)];
      Column& c = typed[static_cast<std::size_t>(j)];
      bool set = feature->IsFieldSetAndNotNull(i);
      if (textTable) {
        text[static_cast<std::size_t>(j)].emplace_back(set ? feature->GetFieldAsString(i) : "");
      } else if (!set) {
        c.appendMissing();
      } else if (c.type() == FieldType::String) {
        c.appendText(feature->GetFieldAsString(i));
      } else if (c.type() == FieldType::Integer) {
        c.appendNumber(static_cast<double>(feature->GetFieldAsInteger64(i)));
      } else {
        c.appendNumber(feature->GetFieldAsDouble(i));
      }
    }
    if (geometry) {
      geometry->beginFeature();
      if (const OGRGeometry* g = feature->GetGeometryRef()) appendGeometry(*geometry, *g, vertexSpacing);
    }
  }
  std::vector<std::string> names;
  for (const Column& c : typed) names.push_back(c.name());
  // data.census.gov table exports carry a second header row of labels ("Geography", "Geographic Area Name",
  // "Estimate!!Total", ...) under the variable names: it is a header, not an area.
  if (textTable && !geometry && rows > 0)
    for (std::size_t u = 0; u < names.size(); ++u)
      if (equalsIgnoreCase(names[u], "GEO_ID") && !text[u].empty() && text[u].front() == "Geography") {
        for (auto& column : text) column.erase(column.begin());
        --rows;
        break;
      }
  AttributeTable table;
  table.setRowCountWithoutColumns(rows);
  const std::string encodingNote = textTable ? recodeNonUtf8(path, names, text, warnings) : std::string();
  for (int j = 0; j < readCount; ++j) {
    const auto u = static_cast<std::size_t>(j);
    if (textTable) {
      Column c = typeColumn(names[u], text[u]);
      if (!encodingNote.empty()) c.setReadNote(c.readNote().empty() ? encodingNote : c.readNote() + "; " + encodingNote);
      table.addColumn(std::move(c));
    } else {
      table.addColumn(std::move(typed[u]));
    }
  }
  return table;
}

// The distinct (subgroup_type, subgroup) pairs in first-seen order, spelled as in the file, with row counts.
std::vector<SubgroupInfo> subgroupsAsWritten(const AttributeTable& t) {
  std::vector<SubgroupInfo> out;
  const Column* type = t.find("subgroup_type");
  const Column* group = t.find("subgroup");
  if (!group) return out;
  for (std::size_t r = 0; r < t.rowCount(); ++r) {
    std::string ty = type ? type->displayText(r) : std::string();
    std::string g = group->displayText(r);
    auto it = std::find_if(out.begin(), out.end(), [&](const SubgroupInfo& s) { return s.type == ty && s.subgroup == g; });
    if (it == out.end())
      out.push_back({std::move(ty), std::move(g), 1});
    else
      ++it->rows;
  }
  return out;
}

bool fitsLonLat(const Extent& e) { return !e.empty() && e.minX >= -180.5 && e.maxX <= 180.5 && e.minY >= -90.5 && e.maxY <= 90.5; }

bool hasPrjFile(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  return toLower(path).ends_with(".shp") &&
         (fs::exists(fs::path(path).replace_extension(".prj"), ec) || fs::exists(fs::path(path).replace_extension(".PRJ"), ec));
}

// "x 1,091,131 to 1,205,199, y 1,813,892 to 1,951,669": an extent as evidence, in whole units.
std::string extentText(const Extent& e) {
  auto n = [](double v) {
    const bool small = std::abs(v) < 1000;
    std::string s = small ? formatNumber(std::round(v * 100) / 100) : formatNumber(std::round(v));
    if (small) return s;
    // Thousands separators make six- and seven-digit coordinates readable at a glance.
    const bool negative = s.starts_with('-');
    std::string digits = negative ? s.substr(1) : s, out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
      out += digits[i];
    }
    return (negative ? "-" : "") + out;
  };
  return "x " + n(e.minX) + " to " + n(e.maxX) + ", y " + n(e.minY) + " to " + n(e.maxY);
}

const char* kAssignHint = "give its CRS with --assign-crs CRS (an EPSG code, e.g. EPSG:3435) or Set CRS in the viewer";

// Fills crs fields from the layer's identified CRS, or assumes lon/lat (with a warning) when none is declared
// and the coordinates fit; otherwise leaves the CRS empty and says why in crsProblem.
void resolveCrs(const std::optional<CrsIdentity>& id, const std::string& path, const Extent& extent, Layer& out) {
  if (id) {
    const std::string contradiction = out.geometry.pointCount() ? crsContradiction(id->shortName, id->geographic, extent) : "";
    if (contradiction.empty()) {
      out.crs = id->shortName;
      out.crsDefinition = id->definition;
      out.crsIsGeographic = id->geographic;
      return;
    }
    out.crsProblem = path + ": " + contradiction + "; it is drawn in its own coordinates until its CRS is given: " + kAssignHint;
    return;
  }
  std::string why = hasPrjFile(path) ? "its .prj file could not be read as a CRS" : "it declares no CRS";
  if (out.geometry.pointCount() == 0) return;
  if (fitsLonLat(extent)) {
    out.crsDefinition = "EPSG:4326";
    out.crsIsGeographic = true;
    out.crsAssumed = true;
    out.warnings.push_back(path + ": " + why + "; its coordinates fit longitude/latitude, so WGS 84 lon/lat "
                                              "(EPSG:4326) is assumed");
  } else {
    out.crsProblem = path + ": " + why + " and its coordinates (" + extentText(extent) +
                     ") are not longitude/latitude, so it cannot be placed on a map or reprojected; " + kAssignHint;
  }
}

}  // namespace

std::vector<LayerInfo> describeSource(const std::string& path, const std::string& layerName, const std::string& assignCrs) {
  std::optional<CrsIdentity> assigned;
  if (!assignCrs.empty()) {
    Layer probe;  // validates and names the definition the way readLayer would
    assignLayerCrs(probe, assignCrs);
    assigned = CrsIdentity{probe.crs, probe.crsDefinition, probe.crsIsGeographic};
  }
  GDALDatasetUniquePtr ds = openSource(path);
  std::vector<OGRLayer*> layers;
  std::vector<std::string> warnings;
  if (!layerName.empty())
    layers.push_back(pickLayer(*ds, path, layerName, warnings));
  else
    for (int i = 0; i < ds->GetLayerCount(); ++i) layers.push_back(ds->GetLayer(i));

  const bool textTable = isTextTableDriver(*ds);
  std::vector<LayerInfo> out;
  for (OGRLayer* layer : layers) {
    LayerInfo info;
    info.name = layer->GetName();
    info.featureCount = static_cast<std::size_t>(std::max<GIntBig>(0, layer->GetFeatureCount(TRUE)));
    info.geometryType = geometryTypeName(*layer);
    if (textTable) {
      AttributeTable t = readFeatures(*layer, true, nullptr, 0, path, &info.warnings);
      for (const Column& c : t.columns()) {
        FieldInfo f;
        f.name = c.name();
        f.type = c.type();
        f.missing = c.missingCounts();
        f.readNote = c.readNote();
        if (c.name().ends_with("_quality") && holdsQualityFlags(c)) f.qualityForm = c.isNumeric() ? "numbers" : "words";
        info.fields.push_back(std::move(f));
      }
      info.subgroups = subgroupsAsWritten(t);
    } else {
      OGRFeatureDefn* defn = layer->GetLayerDefn();
      for (int i = 0; i < defn->GetFieldCount(); ++i) {
        FieldInfo f;
        f.name = defn->GetFieldDefn(i)->GetNameRef();
        f.type = typeOf(defn->GetFieldDefn(i)->GetType());
        info.fields.push_back(std::move(f));
      }
    }
    if (layer->GetGeomType() != wkbNone) {
      OGREnvelope env;
      if (layer->GetExtent(&env, TRUE) == OGRERR_NONE) {
        info.extent.add(env.MinX, env.MinY);
        info.extent.add(env.MaxX, env.MaxY);
      }
      if (assigned) {
        info.crs = assigned->shortName;
      } else if (auto id = identifyCrs(layer->GetSpatialRef())) {
        info.crs = id->shortName;
        if (std::string c = crsContradiction(id->shortName, id->geographic, info.extent); !c.empty()) {
          info.crsProblem = path + ": " + c;
          info.warnings.push_back(c);
        }
      } else if (fitsLonLat(info.extent)) {
        info.assumedCrs = "EPSG:4326";
        info.warnings.push_back(std::string("layer '") + layer->GetName() +
                                "' declares no usable CRS; its coordinates fit longitude/latitude, so EPSG:4326 is "
                                "assumed");
      } else if (!info.extent.empty()) {
        const std::string why = std::string("layer '") + layer->GetName() + "' declares no usable CRS and its coordinates (" +
                                extentText(info.extent) + ") are not longitude/latitude";
        info.crsProblem = path + ": " + why;
        info.warnings.push_back(why);
      }
    }
    out.push_back(std::move(info));
  }
  return out;
}

Layer readLayer(const std::string& path, const std::string& layerName, const std::vector<std::string>& onlyFields) {
  ReadOptions options;
  options.onlyFields = onlyFields;
  return readLayer(path, layerName, options);
}

Layer readLayer(const std::string& path, const std::string& layerName, const ReadOptions& options) {
  GDALDatasetUniquePtr ds = openSource(path);
  Layer out;
  OGRLayer* layer = pickLayer(*ds, path, layerName, out.warnings);
  if (!options.onlyFields.empty()) ignoreOtherFields(*layer, options.onlyFields);
  out.name = layer->GetName();
  out.source = path;
  out.geometryType = geometryTypeName(*layer);
  const bool withGeometry = layer->GetGeomType() != wkbNone;
  double spacing = 0;
  // Identified once: matching a .prj against PROJ's database can take milliseconds.
  const std::optional<CrsIdentity> id = withGeometry ? identifyCrs(layer->GetSpatialRef()) : std::nullopt;
  if (withGeometry && (options.vertexSpacing || options.onFacts)) {
    LayerFacts facts;
    if (id) {
      facts.crsDefinition = id->definition;
      facts.geographic = id->geographic;
    }
    // The extent from the header or index when the format keeps one, else (for the spacing only) by a pass
    // over the features.
    OGREnvelope env;
    if (layer->GetExtent(&env, FALSE) == OGRERR_NONE ||
        (options.vertexSpacing && layer->GetExtent(&env, TRUE) == OGRERR_NONE)) {
      facts.extent.add(env.MinX, env.MinY);
      facts.extent.add(env.MaxX, env.MaxY);
    }
    if (options.onFacts) options.onFacts(facts);
    if (options.vertexSpacing) {
      spacing = options.vertexSpacing(facts);
      if (!(spacing > 0) || !std::isfinite(spacing)) spacing = 0;
    }
  }
  // A GeoPackage file's table is read straight from SQLite when it can be (see geopackage_rows.h).
  std::optional<GeoPackageRows> rows;
  if (withGeometry && isGeoPackageFile(*ds, path)) rows = readGeoPackageRows(path, *layer, spacing);
  if (rows) {
    out.attributes = std::move(rows->attributes);
    out.geometry = std::move(rows->geometry);
  } else {
    out.attributes = readFeatures(*layer, isTextTableDriver(*ds), withGeometry ? &out.geometry : nullptr, spacing, path,
                                  &out.warnings);
  }
  if (withGeometry) resolveCrs(id, path, out.geometry.extent(), out);
  if (withGeometry && !options.assignCrs.empty()) assignLayerCrs(out, options.assignCrs);
  return out;
}

std::string crsContradiction(const std::string& crsName, bool geographic, const Extent& extent) {
  if (extent.empty()) return {};
  const bool lonLat = fitsLonLat(extent);
  if (geographic && !lonLat)
    return "declares " + crsName + ", a longitude/latitude CRS, but its coordinates (" + extentText(extent) +
           ") lie far outside -180..180 and -90..90";
  if (!geographic && lonLat)
    return "declares " + crsName + ", a projected CRS, but all its coordinates (" + extentText(extent) +
           ") fit longitude/latitude";
  return {};
}

void assignLayerCrs(Layer& layer, const std::string& definition) {
  OGRSpatialReference srs;
  CPLErrorReset();
  if (trim(definition).empty() || srs.SetFromUserInput(definition.c_str()) != OGRERR_NONE)
    throw UsageError("--assign-crs '" + definition + "': not a CRS GDAL/PROJ can read (give e.g. EPSG:3435, EPSG:4326, a WKT or PROJ string)");
  std::optional<CrsIdentity> id = identifyCrs(&srs);
  if (!id) throw UsageError("--assign-crs '" + definition + "': not a CRS GDAL/PROJ can read");
  // What the source declared, or failed to, no longer applies.
  std::erase_if(layer.warnings, [&](const std::string& w) {
    return w.find("declares no CRS") != std::string::npos || w.find("could not be read as a CRS") != std::string::npos;
  });
  layer.crs = id->shortName;
  layer.crsDefinition = id->definition;
  layer.crsIsGeographic = id->geographic;
  layer.crsAssumed = false;
  layer.crsProblem.clear();
}

AttributeTable readTable(const std::string& path, const std::string& layerName) {
  GDALDatasetUniquePtr ds = openSource(path);
  std::vector<std::string> ignored;
  OGRLayer* layer = pickLayer(*ds, path, layerName, ignored);
  return readFeatures(*layer, isTextTableDriver(*ds), nullptr, 0, path);
}

}  // namespace mobmap::io
