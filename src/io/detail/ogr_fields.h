#pragma once
// Copying a core attribute value into an OGR feature field. Internal to io.
#include <ogr_feature.h>

#include "core/attribute_table.h"

namespace mobmap::io {

// Sets field `index` of `feature` from row `row` of `column` (null when missing).
inline void setOgrField(OGRFeature& feature, int index, const Column& column, std::size_t row) {
  if (column.isMissing(row))
    feature.SetFieldNull(index);
  else if (column.type() == FieldType::String)
    feature.SetField(index, column.text(row).c_str());
  else if (column.type() == FieldType::Integer)
    feature.SetField(index, static_cast<GIntBig>(column.number(row)));
  else
    feature.SetField(index, column.number(row));
}

// The OGR field type that holds a column's values.
inline OGRFieldType ogrFieldType(FieldType type) {
  return type == FieldType::String ? OFTString : type == FieldType::Integer ? OFTInteger64 : OFTReal;
}

}  // namespace mobmap::io
