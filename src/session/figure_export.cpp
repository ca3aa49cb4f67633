#include "session/figure_export.h"

#include <cstdio>

#include "crs/display_crs.h"
#include "session/long_table.h"
#include "render/vector/cairo_renderer.h"

namespace mobmap::session {

render::FigureOptions defaultFigureOptions(const ViewSpec& spec, const ViewData& data) {
  render::FigureOptions fo;
  fo.widthPt = kDefaultFigureWidthIn * 72;
  fo.heightPt = fo.widthPt * 0.625;
  fo.title = spec.title;
  fo.subtitle = spec.subtitle;
  // The rows drawn: the subgroup and year the row filter picks (with --where, a project view or the viewer's
  // pickers). Without a subtitle of its own, the figure's subtitle names them.
  fo.scope = rowScopeText(spec.where);
  if (fo.subtitle.empty()) fo.subtitle = fo.scope;
  fo.source = spec.source;
  fo.areaNoun = areaNounFor(data.layer);
  fo.miles = true;
  fo.displayCrs = data.displayCrs;
  if (!data.insets.empty()) {
    // The composite national map: the contiguous US and the insets, each framed and labelled with its scale.
    fo.extent = crs::compositeUsExtent(data.insets);
    for (const crs::Inset& i : data.insets) {
      char scale[32];
      std::snprintf(scale, sizeof scale, "%g", i.scale);
      fo.insets.push_back({i.box, i.code + " (" + std::string(scale) + "\u00d7)", i.code + " " + i.name});
    }
  } else if (data.displayCrs == "EPSG:5070") {
    // US-wide data: show the contiguous US, as national atlases do, and say how many areas are left out.
    Extent conus = crs::projectLonLatBox(crs::contiguousUsLonLat(), data.displayCrs);
    if (!data.layer.geometry.extent().within(conus)) fo.extent = conus;
  }
  if (spec.extentLonLat) fo.extent = crs::projectLonLatBox(*spec.extentLonLat, data.displayCrs);
  if (data.labelLayer) fo.labels = {&*data.labelLayer, spec.labelField};
  return fo;
}

render::Figure exportFigure(const ViewData& data, const render::ThematicMap& map, const render::FigureOptions& options,
                  const std::string& out, double dpi) {
  const std::vector<render::ContextLayer> context = figureContext(data);
  render::CairoTextMetrics metrics;
  render::Figure fig = render::composeFigure(data.layer, map, context, options, metrics);
  render::writeFigure(fig, out, dpi);
  return fig;
}

}  // namespace mobmap::session
