#include "render/legend.h"

namespace mobmap::render {

const char* swatchKindName(SwatchKind kind) {
  switch (kind) {
    case SwatchKind::Class: return "class";
    case SwatchKind::Missing: return "missing";
    case SwatchKind::Suppressed: return "suppressed";
    case SwatchKind::LowQuality: return "low_quality";
    case SwatchKind::Absent: return "absent";
    case SwatchKind::NotSignificant: return "not_significant";
  }
  return "class";
}

}  // namespace mobmap::render
