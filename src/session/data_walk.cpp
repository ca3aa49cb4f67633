#include "session/data_walk.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "analysis/classification.h"
#include "core/atomic_file.h"
#include "core/column_roles.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"
#include "render/map_labels.h"
#include "render/note_callouts.h"
#include "render/figure_layout.h"
#include "analysis/moe.h"
#include "render/significance.h"
#include "render/text_metrics.h"
#include "render/vector/cairo_renderer.h"
#include "render/vector/pdf_document.h"
#include "session/figure_export.h"
#include "session/map_kind.h"
#include "session/map_probe.h"
#include "session/view_data.h"
#include "session/view_spec.h"
#include "style/metric_catalog.h"

namespace mobmap::session {

namespace {

namespace fs = std::filesystem;

constexpr double kPosterWidth = 17 * 72, kPosterHeight = 11 * 72;  // tabloid, landscape: printable in most offices
constexpr double kSheetWidth = 8.5 * 72, kSheetHeight = 11 * 72;   // US Letter, portrait
constexpr double kMargin = 0.5 * 72;

using render::textStyle;

std::string plural(std::size_t n, const std::string& noun) {
  if (n == 1 && noun.ends_with("ies")) return "1 " + noun.substr(0, noun.size() - 3) + "y";
  if (n == 1 && noun.ends_with("s")) return "1 " + noun.substr(0, noun.size() - 1);
  return std::to_string(n) + " " + noun;
}

// "Census Tract 1; Riverbend County; Synthetic State" -> "Census Tract 1": the first part of a Census NAME.
std::string shortName(std::string name) {
  const std::size_t cut = name.find_first_of(";,");
  if (cut != std::string::npos && cut > 0) name.erase(cut);
  return std::string(trim(name));
}

// "30.6% (± 4.1%)": the value with its margin of error at `z` standard errors, where known.
std::string valueWithMoe(const AreaReading& a, const render::NumberFormat& fmt, double z) {
  std::string s = fmt.format(a.value);
  if (std::isfinite(a.se)) s += " (\u00b1 " + fmt.format(z * a.se) + ")";
  return s;
}

// A difference of two percentages in percentage points ("43.6 percentage points").
std::string groupPoints(const render::NumberFormat& fmt, double gap) {
  render::NumberFormat plain = fmt;
  plain.unit.clear();
  return plain.format(fmt.unit == "share" ? gap * 100 : gap) + " percentage points";
}

// "A (1), B (2) and C (3)".
std::string listed(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  return out;
}

}  // namespace

NumbersReading readTheNumbers(const ReadingInput& in) {
  std::vector<const AreaReading*> known;
  for (const AreaReading& a : in.areas)
    if (std::isfinite(a.value)) known.push_back(&a);
  if (known.empty()) throw Error(in.metric + ": no area has a value to read");
  std::stable_sort(known.begin(), known.end(), [](const AreaReading* a, const AreaReading* b) { return a->value > b->value; });
  const double z = analysis::criticalZ(in.level);
  const std::string level = render::levelPercent(in.level);
  const render::NumberFormat& fmt = in.format;
  NumbersReading out;
  const AreaReading& top = *known.front();
  const AreaReading& bottom = *known.back();
  out.reading.push_back(in.metric + ": from " + fmt.format(bottom.value) + " in " + bottom.name + " to " +
                        fmt.format(top.value) + " in " + top.name + ", across " + plural(known.size(), in.areaNoun) +
                        " with a value.");
  std::vector<double> sorted;
  for (const AreaReading* a : known) sorted.push_back(a->value);
  std::sort(sorted.begin(), sorted.end());
  if (known.size() >= 4)
    out.reading.push_back("The middle value is " + fmt.format(analysis::quantileType7(sorted, 0.5)) + "; half of the " +
                          in.areaNoun + " are between " + fmt.format(analysis::quantileType7(sorted, 0.25)) + " and " +
                          fmt.format(analysis::quantileType7(sorted, 0.75)) + ".");
  const std::size_t k = std::min<std::size_t>(3, known.size() / 2);
  if (k > 0) {
    std::vector<std::string> high, low;
    for (std::size_t i = 0; i < k; ++i) high.push_back(known[i]->name + ", " + valueWithMoe(*known[i], fmt, z));
    for (std::size_t i = 0; i < k; ++i) low.push_back(known[known.size() - 1 - i]->name + ", " + valueWithMoe(*known[known.size() - 1 - i], fmt, z));
    const bool anyMoe = std::any_of(known.begin(), known.end(), [](const AreaReading* a) { return std::isfinite(a->se); });
    const std::string moeNote = anyMoe ? " (\u00b1 " + level + " margin of error)" : "";
    out.reading.push_back("Highest" + moeNote + ": " + listed(high) + ".");
    out.reading.push_back("Lowest: " + listed(low) + ".");
  }
  if (known.size() >= 2) {
    const double gap = top.value - bottom.value;
    const bool percent = fmt.unit == "percent" || fmt.unit == "share";
    std::string sentence = "The highest is " + (percent ? groupPoints(fmt, gap) : fmt.format(gap)) + " above the lowest";
    if (bottom.value > 0) sentence += " (" + formatNumber(std::round(top.value / bottom.value * 10) / 10) + " times as high)";
    sentence += ".";
    if (std::isfinite(top.se) && std::isfinite(bottom.se)) {
      const double se = std::hypot(top.se, bottom.se);
      const bool real = se > 0 ? std::abs(gap) / se > z : gap != 0;
      sentence += real ? " The margins of error cannot explain this gap: it is statistically significant at " + level + "."
                       : " The margins of error are wide enough that this gap may not be real (not statistically "
                         "significant at " + level + ").";
    }
    out.reading.push_back(sentence);
  }

  const std::size_t missing = in.areas.size() - known.size();
  if (missing > 0) {
    std::string why = describeMissingCounts(in.missingReasons);
    out.caveats.push_back(plural(missing, in.areaNoun) + " of " + std::to_string(in.areas.size()) +
                          (missing == 1 ? " has no value and is" : " have no value and are") + " left out above" +
                          (why.empty() ? "." : " (" + why + ")."));
  }
  const std::size_t weak = static_cast<std::size_t>(std::count_if(known.begin(), known.end(), [](const AreaReading* a) { return a->weak; }));
  if (weak > 0)
    out.caveats.push_back(plural(weak, in.areaNoun) + (weak == 1 ? " is hatched on the map: its estimate is" : " are hatched on the map: their estimates are") +
                          " unreliable (the legend says why), so read " + (weak == 1 ? "it" : "them") + " as rough.");
  const bool anySe = std::any_of(known.begin(), known.end(), [](const AreaReading* a) { return std::isfinite(a->se); });
  out.caveats.push_back(anySe ? "These are estimates from a survey of some households, not a count of everyone: each has a "
                                "margin of error, and differences smaller than the margins may not be real."
                              : "The data give no margins of error, so we cannot say how sure any difference is.");
  return out;
}

std::vector<std::string> discussionPrompts(const std::string& areaNoun) {
  return {"What do you notice first on this map?",
          "Does it match what you see where you live, work or go to school? Where does it not?",
          "What might explain the " + areaNoun + " at the top and at the bottom?",
          "What do you think shapes these numbers where you live?",
          "Who or what is missing from these numbers?",
          "What should we look into next, and who should be at the table?"};
}

namespace {

// One view's loaded map and what the kit draws from it.
struct WalkView {
  const ProjectView* view = nullptr;
  ViewSpec spec;
  LoadedMap loaded;
  std::vector<std::size_t> order;  // features in walk-number order (number = position + 1)
  std::vector<Point> labelAt;      // per feature, its label point (display CRS); NaN when it has none
};

// Features numbered in reading order: in bands from north to south, west to east within a band, so that nearby
// numbers are near each other on the map.
std::vector<std::size_t> readingOrder(const std::vector<Point>& at, const Extent& extent) {
  std::vector<std::size_t> order;
  for (std::size_t f = 0; f < at.size(); ++f)
    if (std::isfinite(at[f].x)) order.push_back(f);
  const double bands = std::max(1.0, std::round(std::sqrt(static_cast<double>(order.size()) / 2)));
  const double bandHeight = std::max(extent.height() / bands, 1e-12);
  auto band = [&](std::size_t f) { return std::floor((extent.maxY - at[f].y) / bandHeight); };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double ba = band(a), bb = band(b);
    return ba != bb ? ba < bb : at[a].x < at[b].x;
  });
  return order;
}

std::string areaNameOf(const Layer& layer, std::size_t f, std::size_t number) {
  if (const Column* c = areaNameColumn(layer.attributes); c && !c->isMissing(f) && !c->displayText(f).empty())
    return shortName(c->displayText(f));
  if (const Column* c = areaKeyColumn(layer.attributes); c && !c->isMissing(f)) return c->displayText(f);
  return "area " + std::to_string(number);
}

ReadingInput readingInputOf(const WalkView& w) {
  const ViewData& data = w.loaded.data;
  const render::ThematicMap& map = w.loaded.built.map;
  const std::string field = mappedField(w.spec);
  const AttributeTable& table = data.layer.attributes;
  const Column& values = table.require(field, w.spec.data);
  std::vector<double> se(table.rowCount(), std::nan(""));
  const render::UncertaintyFields u = render::uncertaintyWithDefaults(table, {}, field);
  if (!u.moe.empty() || !u.lower.empty()) se = render::standardErrors(table, u, w.spec.data);
  ReadingInput in;
  in.metric = w.view->title.empty() ? map.metricLabel : w.view->title;
  const style::MetricInfo* metric = style::MetricCatalog::builtin().find(field);
  const std::string unit = metric ? metric->unit : !w.spec.per.empty() ? "percent" : "";
  in.format = render::formatForBreaks(unit, map.classification.breaks);
  // A reading names values, not class limits to keep apart: no more decimals than their size calls for.
  double largest = 0;
  for (std::size_t f = 0; f < values.size(); ++f)
    if (values.isNumeric() && !values.isMissing(f)) largest = std::max(largest, std::abs(values.number(f)));
  if (unit != "share" && largest >= 100) in.format.decimals = 0;
  else if (unit != "share" && largest >= 10) in.format.decimals = std::min(in.format.decimals, 1);
  in.areaNoun = areaNounFor(data.layer);
  in.missingReasons = map.missingReasons;
  in.level = render::intervalLevel(u);
  std::vector<std::size_t> numberOf(table.rowCount(), 0);
  for (std::size_t i = 0; i < w.order.size(); ++i) numberOf[w.order[i]] = i + 1;
  for (std::size_t f = 0; f < table.rowCount(); ++f) {
    AreaReading a;
    a.name = areaNameOf(data.layer, f, numberOf[f]) + (numberOf[f] ? " (no. " + std::to_string(numberOf[f]) + ")" : "");
    if (!values.isMissing(f) && values.isNumeric()) a.value = values.number(f);
    a.se = se[f];
    a.weak = f < map.lowQuality.size() && map.lowQuality[f];
    in.areas.push_back(std::move(a));
  }
  return in;
}

// A headed list of paragraphs in a poster's text column; each paragraph is set after a bullet.
struct TextBlock {
  std::string heading;
  std::vector<std::string> paragraphs;
};

// Sets `blocks` in a column at (x, top) of `width` in `fig`, at the largest body size from `bodyPt` down to
// 9 pt that fits above `bottom` (at 9 pt, whatever the fit).
void setColumn(render::Figure& fig, const std::vector<TextBlock>& blocks, double x, double top, double width, double bottom,
                 double bodyPt, const render::TextMetrics& metrics) {
  for (double size = bodyPt;; size -= 0.5) {
    std::vector<render::TextItem> items;
    double y = top;
    const render::TextStyle heading = textStyle(size * 1.35, true), body = textStyle(size);
    for (const TextBlock& b : blocks) {
      y += heading.sizePt * 1.2;
      items.push_back({b.heading, x, y, heading, {0x22, 0x22, 0x22}});
      y += size * 0.4;
      for (const std::string& p : b.paragraphs) {
        const std::vector<std::string> lines = render::wrapText(p, width - size, body, metrics);
        for (std::size_t i = 0; i < lines.size(); ++i) {
          y += size * 1.3;
          if (i == 0) items.push_back({"\u2022", x, y, body, {0x55, 0x55, 0x55}});
          items.push_back({lines[i], x + size, y, body, {0x22, 0x22, 0x22}});
        }
        y += size * 0.35;
      }
      y += size * 0.8;
    }
    if (y <= bottom || size <= 9) {
      fig.texts.insert(fig.texts.end(), items.begin(), items.end());
      return;
    }
  }
}

render::Figure posterPage(const WalkView& w, std::size_t index, const DataWalkPoster& poster, const render::TextMetrics& metrics) {
  const ViewData& data = w.loaded.data;
  render::FigureOptions fo = defaultFigureOptions(w.spec, data);
  const double mapWidth = kPosterWidth * 0.6;
  fo.widthPt = mapWidth;
  fo.heightPt = kPosterHeight;
  fo.minMarginPt = kMargin;
  render::Figure page = composeMapFigure(w.loaded.built, data, fo, metrics);
  page.widthPt = kPosterWidth;
  page.heightPt = kPosterHeight;
  const double x = mapWidth + 18, width = kPosterWidth - x - kMargin;
  page.texts.push_back({"Poster " + std::to_string(index + 1), x, kMargin + 12, textStyle(12, true), {0x66, 0x66, 0x66}});
  page.lines.push_back({{{x - 10, kMargin}, {x - 10, kPosterHeight - kMargin}}, {0xbb, 0xbb, 0xbb}, 0.75});
  setColumn(page,
            {{"What the numbers say", poster.reading.reading},
             {"Keep in mind", poster.reading.caveats},
             {"Talk about it", poster.prompts}},
            x, kMargin + 18, width, kPosterHeight - kMargin, 15, metrics);
  page.title = poster.title + " (data walk poster " + std::to_string(index + 1) + ")";
  return page;
}

// The layer of `w` with each numbered feature's number as text in column "walk_no".
Layer numberedLayer(const WalkView& w) {
  Layer l = w.loaded.data.layer;
  Column numbers("walk_no", FieldType::String);
  std::vector<std::string> text(l.attributes.rowCount());
  for (std::size_t i = 0; i < w.order.size(); ++i) text[w.order[i]] = std::to_string(i + 1);
  for (const std::string& t : text) {
    if (t.empty()) numbers.appendMissing();
    else numbers.appendText(t);
  }
  l.attributes.addColumn(std::move(numbers));
  return l;
}

// The feedback sheet of `w`: its map with the areas numbered, lines for reactions, then the numbered areas.
std::vector<render::Figure> feedbackPages(const WalkView& w, std::size_t index, DataWalkPoster& poster,
                                          const std::vector<std::string>& names, const render::TextMetrics& metrics) {
  const Layer numbered = numberedLayer(w);
  render::FigureOptions fo = defaultFigureOptions(w.spec, w.loaded.data);
  fo.widthPt = kSheetWidth;
  fo.heightPt = kSheetHeight * 0.55;
  fo.minMarginPt = kMargin;
  fo.title = "Poster " + std::to_string(index + 1) + ": " + poster.title + " \u2014 what do you see?";
  fo.subtitle = "Find an area's number on the map, or by name in the list on the next page.";
  fo.labels = {&numbered, "walk_no"};
  render::Figure first = composeMapFigure(w.loaded.built, w.loaded.data, fo, metrics);
  poster.numbersPlaced = first.labelsPlaced;
  first.heightPt = kSheetHeight;
  double y = fo.heightPt + 10;
  const render::TextStyle body = textStyle(10), small = textStyle(8, false, true);
  if (first.labelsDropped > 0) {
    y += 12;
    first.texts.push_back({std::to_string(first.labelsDropped) + " areas are too small on this map to hold their number: "
                           "find them by name in the list.", kMargin, y, small, {0x55, 0x55, 0x55}});
  }
  for (int i = 0; i < 5; ++i) {
    y += 34;
    first.texts.push_back({"Area no.", kMargin, y, body, {0x33, 0x33, 0x33}});
    first.lines.push_back({{{kMargin + 46, y + 2}, {kMargin + 86, y + 2}}, {0x99, 0x99, 0x99}, 0.6});
    first.texts.push_back({"My reaction", kMargin + 96, y, body, {0x33, 0x33, 0x33}});
    first.lines.push_back({{{kMargin + 158, y + 2}, {kSheetWidth - kMargin, y + 2}}, {0x99, 0x99, 0x99}, 0.6});
  }
  y += 30;
  for (const std::string& line :
       render::wrapText("May we use your words?  \u25a1 No, only to inform the team   \u25a1 With coalition members   "
                        "\u25a1 In public reports, without my name   \u25a1 In public reports, with my name: ____________",
                        kSheetWidth - 2 * kMargin, body, metrics)) {
    first.texts.push_back({line, kMargin, y, body, {0x22, 0x22, 0x22}});
    y += 14;
  }
  y += 6;
  for (const std::string& line :
       render::wrapText("For the team: type each reaction into its area's row of feedback.csv (copy the row for a second "
                        "one; the consent column takes internal, coalition, public or public-attributed), then run: "
                        "mobmap notes import feedback.csv --project PROJECT --skip-empty reaction --source-type \"data walk\" "
                        "--map title=title,text=reaction,lat=lat,lon=lon,consent=consent,speaker=speaker",
                        kSheetWidth - 2 * kMargin, small, metrics)) {
    first.texts.push_back({line, kMargin, y, small, {0x55, 0x55, 0x55}});
    y += 10.5;
  }
  first.title = fo.title;
  std::vector<render::Figure> pages{std::move(first)};

  // The numbered areas in columns, as many pages as they take.
  const int columns = 3;
  const double colWidth = (kSheetWidth - 2 * kMargin) / columns, lineHeight = 11.5;
  const render::TextStyle entry = textStyle(8.5);
  render::Figure* page = nullptr;
  int column = 0;
  double top = 0;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!page || (y + lineHeight > kSheetHeight - kMargin && ++column == columns)) {
      pages.emplace_back();
      page = &pages.back();
      page->widthPt = kSheetWidth;
      page->heightPt = kSheetHeight;
      page->title = "Poster " + std::to_string(index + 1) + ": the numbered areas";
      page->texts.push_back({page->title, kMargin, kMargin + 14, textStyle(13, true), {0x22, 0x22, 0x22}});
      top = kMargin + 30;
      column = 0;
      y = top;
    } else if (y + lineHeight > kSheetHeight - kMargin) {
      y = top;
    }
    y += lineHeight;
    std::string text = std::to_string(i + 1) + "  " + names[i];
    const double room = colWidth - 8;
    if (metrics.width(text, entry) > room) text = render::wrapText(text, room, entry, metrics).front() + "\u2026";
    page->texts.push_back({text, kMargin + column * colWidth, y, entry, {0x22, 0x22, 0x22}});
  }
  return pages;
}

}  // namespace

DataWalkResult exportDataWalk(const Project& project, const DataWalkOptions& options, const ExportProgress& progress) {
  std::vector<const ProjectView*> views;
  for (const ProjectView& v : project.views)
    if (options.views.empty() || std::find(options.views.begin(), options.views.end(), v.name) != options.views.end())
      views.push_back(&v);
  for (const std::string& name : options.views)
    if (!project.findView(name)) {
      std::string names;
      for (const ProjectView& pv : project.views) names += (names.empty() ? "" : ", ") + pv.name;
      throw UsageError("no view named '" + name + "' in " + project.file.string() + " (views: " + names + ")");
    }
  if (views.empty()) throw Error(project.file.string() + ": the project has no [[view]] to make posters of");
  std::error_code ec;
  fs::create_directories(options.outDir, ec);
  if (!fs::is_directory(options.outDir)) throw Error(options.outDir.string() + ": cannot create the folder");

  DataWalkResult result;
  render::CairoTextMetrics metrics;
  AtomicFile postersFile(options.outDir / result.postersFile), feedbackFile(options.outDir / result.feedbackFile),
      csvFile(options.outDir / result.feedbackCsv);
  std::optional<render::PdfDocument> posters, sheets;
  posters.emplace(postersFile.tempPath().string(), (project.title.empty() ? std::string("Data walk") : project.title) + ": data walk posters");
  sheets.emplace(feedbackFile.tempPath().string(), (project.title.empty() ? std::string("Data walk") : project.title) + ": feedback sheets");
  std::string csv = "poster,view,area_no,area_key,area_name,lon,lat,title,reaction,consent,speaker\n";

  for (std::size_t i = 0; i < views.size(); ++i) {
    WalkView w;
    w.view = views[i];
    w.spec.data = project.file.string();
    applyProjectView(w.spec, w.view->name);
    progress("[" + std::to_string(i + 1) + "/" + std::to_string(views.size()) + "] " + w.view->name + ": loading");
    try {
      w.loaded = loadMap(w.spec, FieldSelection::All);
    } catch (const Error& e) {
      throw Error("view '" + w.view->name + "': " + e.what());
    }
    const Layer& layer = w.loaded.data.layer;
    for (const std::string& warning : layer.warnings) result.warnings.push_back("view '" + w.view->name + "': " + warning);
    w.labelAt.assign(layer.geometry.featureCount(), Point{std::nan(""), std::nan("")});
    for (std::size_t f = 0; f < w.labelAt.size(); ++f) {
      Point p;
      if (render::labelPoint(layer.geometry, f, p)) w.labelAt[f] = p;
    }
    w.order = readingOrder(w.labelAt, layer.geometry.extent());

    DataWalkPoster poster;
    poster.view = w.view->name;
    try {
      const ReadingInput in = readingInputOf(w);
      poster.title = in.metric;
      poster.reading = readTheNumbers(in);
      poster.prompts = discussionPrompts(in.areaNoun);
    } catch (const Error& e) {
      throw Error("view '" + w.view->name + "': " + e.what());
    }
    poster.areas = w.order.size();
    posters->addPage(posterPage(w, i, poster, metrics));

    std::vector<std::string> names;
    const MapProbe probe(w.loaded.data.displayCrs, w.loaded.data.insets);
    const Column* key = areaKeyColumn(layer.attributes);
    for (std::size_t n = 0; n < w.order.size(); ++n) {
      const std::size_t f = w.order[n];
      names.push_back(areaNameOf(layer, f, n + 1));
      const std::optional<Point> ll = probe.lonLat(w.labelAt[f]);
      const std::string keyText = key && !key->isMissing(f) ? key->displayText(f) : "";
      const std::vector<std::string> row = {std::to_string(i + 1), w.view->name, std::to_string(n + 1), keyText, names.back(),
                                            ll ? formatNumber(std::round(ll->x * 1e6) / 1e6) : "",
                                            ll ? formatNumber(std::round(ll->y * 1e6) / 1e6) : "",
                                            "Data walk, poster " + std::to_string(i + 1) + " (" + poster.title + "): " + names.back(),
                                            "", "internal", ""};
      for (std::size_t c = 0; c < row.size(); ++c) csv += (c ? "," : "") + csvField(row[c]);
      csv += "\n";
    }
    for (const render::Figure& page : feedbackPages(w, i, poster, names, metrics)) sheets->addPage(page);
    progress("[" + std::to_string(i + 1) + "/" + std::to_string(views.size()) + "] " + w.view->name + ": poster and " +
             std::to_string(poster.areas) + " numbered " + w.loaded.data.layer.name);
    result.posters.push_back(std::move(poster));
  }
  result.posterPages = posters->pageCount();
  result.feedbackPages = sheets->pageCount();
  posters->finish();
  sheets->finish();
  writeBytesChecked(csvFile.tempPath(), csv, (options.outDir / result.feedbackCsv).string());
  postersFile.commit();
  feedbackFile.commit();
  csvFile.commit();
  progress("wrote " + result.postersFile + " (" + std::to_string(result.posterPages) + " posters), " + result.feedbackFile +
           " (" + std::to_string(result.feedbackPages) + " pages) and " + result.feedbackCsv);
  return result;
}

}  // namespace mobmap::session
