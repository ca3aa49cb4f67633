#include "session/atlas_export.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>

#include "core/error.h"
#include "core/text.h"
#include "crs/display_crs.h"
#include "render/figure_layout.h"
#include "render/note_callouts.h"
#include "render/thematic_map.h"
#include "render/vector/cairo_renderer.h"
#include "render/vector/pdf_document.h"
#include "session/detail/export_manifest.h"
#include "session/figure_export.h"
#include "session/map_kind.h"
#include "session/map_probe.h"
#include "session/metric_profile.h"
#include "session/note_callouts.h"
#include "notes/codebook.h"
#include "notes/publication.h"
#include "session/view_data.h"
#include "session/view_spec.h"

namespace mobmap::session {

namespace {

namespace fs = std::filesystem;

// Atlas pages: US Letter, landscape, with half-inch margins for text pages.
constexpr double kPageWidth = 792, kPageHeight = 612, kMargin = 54;
constexpr double kMinMargin = 0.4 * 72;  // map pages: the least margin a printed page keeps

// A note the public may see, as the consent gate lets it out, and where its marker goes (lon/lat).
struct Note {
  notes::Note shown;
  Point lonLat;
  const std::string& title() const { return shown.title; }
};

// Atlas note lists: sizes of a figure 1.15 times the 720 pt reference page (a letter page read in hand).
constexpr double kAtlasNotesScale = 1.15;

// The notes of the project's notes store that the consent gate lets out, each as the public may see it (any
// store: GeoPackage, PostGIS or an exchange file, read through the notes module), or nothing (with a warning)
// when it cannot be read. `digest` receives a hash of everything about them a page or figure can show, so that
// an incremental export re-renders when a note is edited, deleted, turned internal or given another location mode.
std::vector<Note> readPublicNotes(const Project& project, std::vector<std::string>& warnings, std::string& digest) {
  std::vector<Note> out;
  InputsHasher hash;
  hash.add("public notes 2");
  if (project.notesStore.empty()) {
    digest = hash.hex();
    return out;
  }
  std::vector<notes::Note> all;
  try {
    all = readNoteSource(project.notesStore.string());
  } catch (const Error& e) {
    warnings.push_back(std::string("notes store not read, the atlas lists no notes: ") + e.what());
    hash.add(std::string("unreadable: ") + e.what());
    digest = hash.hex();
    return out;
  }
  for (const notes::Note& n : all) {
    const std::optional<notes::Note> shown = notes::noteFor(n, notes::Audience::Public);  // the consent gate
    if (!shown) continue;
    const std::optional<Point> ll = notes::labelPoint(shown->geometryWkt);
    out.push_back({*shown, ll ? *ll : Point{NAN, NAN}});
    for (const std::string& field : {shown->title, shown->text, shown->sourceName, shown->dateHeard, shown->geometryWkt,
                                     shown->speaker, notes::noteKindName(shown->kind), notes::consentName(shown->consent),
                                     notes::sourceTypeName(shown->sourceType)})
      hash.add(field);
  }
  digest = hash.hex();
  return out;
}

// The notes listed with a view: its callouts by title, else the public notes inside the view's lon/lat box.
std::vector<const Note*> notesForView(const ProjectView& view, const std::vector<Note>& notes, const Extent& lonLatBox,
                                      std::vector<std::string>& warnings) {
  std::vector<const Note*> out;
  if (!view.notes.empty()) {
    for (const std::string& title : view.notes) {
      auto it = std::find_if(notes.begin(), notes.end(), [&](const Note& n) { return n.title() == title; });
      if (it == notes.end())
        warnings.push_back("view '" + view.name + "': note '" + title + "' is not a public note of the notes store; left out");
      else
        out.push_back(&*it);
    }
    return out;
  }
  for (const Note& n : notes)
    if (n.lonLat.x >= lonLatBox.minX && n.lonLat.x <= lonLatBox.maxX && n.lonLat.y >= lonLatBox.minY && n.lonLat.y <= lonLatBox.maxY)
      out.push_back(&n);
  return out;
}

// Figure callouts for listed (public) notes, placed in `displayCrs` (and its insets, on a composite national map).
std::vector<render::NoteCallout> calloutsOf(const std::vector<const Note*>& listed, const std::string& displayCrs,
                                            const std::vector<crs::Inset>& insets) {
  std::vector<render::NoteCallout> out;
  MapProbe probe(displayCrs, insets);
  for (const Note* n : listed)
    if (probe.displayPoint(n->lonLat)) out.push_back(calloutOf(n->shown, probe));
  return out;
}

// One paragraph wrapped to `width` points (render::wrapText); an empty paragraph is one empty line.
std::vector<std::string> wrap(const std::string& text, double width, const render::TextStyle& style,
                              const render::TextMetrics& metrics) {
  std::vector<std::string> lines = render::wrapText(text, width, style, metrics);
  if (lines.empty()) lines.emplace_back();
  return lines;
}

// Lays out paragraphs of text top to bottom on pages of their own, starting a new page when one is full.
class TextPages {
 public:
  TextPages(const render::TextMetrics& metrics, std::string title) : m_metrics(metrics), m_title(std::move(title)) { newPage(); }

  // Adds a paragraph (newlines start new lines) in `style`, indented by `indent` points, then `after` points.
  void paragraph(const std::string& text, render::TextStyle style, double indent = 0, double after = 4,
                 render::Anchor anchor = render::Anchor::Left) {
    const double lineHeight = style.sizePt * 1.3;
    for (const std::string& block : split(text, '\n')) {
      for (const std::string& line : wrap(block, kPageWidth - 2 * kMargin - indent, style, m_metrics)) {
        if (m_y + lineHeight > kPageHeight - kMargin) newPage();
        m_y += lineHeight;
        double x = anchor == render::Anchor::Center ? kPageWidth / 2 : kMargin + indent;
        m_pages.back().texts.push_back({line, x, m_y - style.sizePt * 0.25, style, {0, 0, 0}, anchor});
      }
    }
    m_y += after;
  }
  // Adds vertical space.
  void skip(double points) { m_y += points; }
  std::vector<render::Figure> take() { return std::move(m_pages); }

 private:
  void newPage() {
    render::Figure page;
    page.widthPt = kPageWidth;
    page.heightPt = kPageHeight;
    page.title = m_title;
    m_pages.push_back(std::move(page));
    m_y = kMargin;
  }

  const render::TextMetrics& m_metrics;
  std::string m_title;
  std::vector<render::Figure> m_pages;
  double m_y = 0;
};

using render::textStyle;

// The box under a map page's map where its notes are listed.
render::CalloutBox notesBox(double top) { return {36, top + 4, kPageWidth - 72, kPageHeight - kMinMargin, "Community notes (public)"}; }

// Height the notes list takes under the map (render::noteListHeight, as listed by addNoteCallouts), capped at
// 45% of the page: what does not fit is counted in an "N more notes not shown" line, as in figures.
double notesBlockHeight(const std::vector<render::NoteCallout>& callouts, const render::TextMetrics& metrics) {
  if (callouts.empty()) return 0;
  const double h = render::noteListHeight(callouts, notesBox(0).width, metrics, kAtlasNotesScale) + 8 + kMinMargin;
  return std::min(h, kPageHeight * 0.45);
}

// The lon/lat box around a display-CRS extent (its corners and edge midpoints).
Extent lonLatBoxOf(const Extent& e, const std::string& displayCrs) {
  MapProbe probe(displayCrs);
  Extent box;
  for (double fx : {0.0, 0.5, 1.0})
    for (double fy : {0.0, 0.5, 1.0})
      if (auto p = probe.lonLat({e.minX + fx * e.width(), e.minY + fy * e.height()})) box.add(p->x, p->y);
  return box;
}

std::string inputsHashOf(const ViewSpec& s, const ExportOptions& o) {
  InputsHasher h;
  h.add("mobmap export figure 1");
  for (const std::string* t : {&s.data, &s.layer, &s.join, &s.joinLayer, &s.on, &s.where, &s.field, &s.method, &s.ramp,
                               &s.reference, &s.style, &s.title, &s.subtitle, &s.source, &s.legendTitle, &s.quality,
                               &s.moe, &s.outlineColor, &s.per})
    h.add(*t);
  h.add(std::to_string(s.classes) + "/" + std::to_string(s.outlineWidth) + "/" + std::to_string(s.suppressLowQuality));
  for (double b : s.breaks) h.add(std::to_string(b));
  // The map kind and its fields and years: a view drawn as another kind is another figure.
  h.add(std::string(mapKindInfo(s.map.kind).name) + "/" + render::changeMeasureName(s.map.measure));
  for (const std::string& f : s.map.fields) h.add("field:" + f);
  for (const std::string& y : s.map.years) h.add("year:" + y);
  if (s.extentLonLat)
    h.add(std::to_string(s.extentLonLat->minX) + "," + std::to_string(s.extentLonLat->minY) + "," +
          std::to_string(s.extentLonLat->maxX) + "," + std::to_string(s.extentLonLat->maxY));
  for (const ContextSource& context : s.context) {
    const std::string& c = context.source;
    h.add(c + "/" + (context.color ? style::toHex(*context.color) : "") + "/" + std::to_string(context.lineWidthPt));
    std::size_t colon = c.rfind(':');
    h.addFile(colon != std::string::npos && colon > 1 && !fs::exists(c) ? c.substr(0, colon) : c);
  }
  h.addFile(s.data);
  if (!s.join.empty()) h.addFile(s.join);
  h.add(std::to_string(o.widthIn) + "/" + std::to_string(o.dpi));
  return h.hex();
}

std::string yearAndGroup(const ProjectView& v) {
  std::string s;
  if (v.year) s += "year " + std::to_string(*v.year);
  if (!v.subgroup.empty()) s += (s.empty() ? "" : ", ") + std::string("subgroup ") + v.subgroup;
  return s;
}

// The closing pages: data sources and their vintages, joins, and the methods behind each view.
std::vector<render::Figure> sourcesPages(const Project& project, const std::vector<const ProjectView*>& views,
                                         const std::vector<std::string>& methodTexts, const render::TextMetrics& metrics) {
  TextPages pages(metrics, project.title);
  const render::TextStyle h1 = textStyle(16, true), h2 = textStyle(11, true), body = textStyle(8.5);
  pages.paragraph("Data sources, methods and vintages", h1, 0, 8);
  pages.paragraph("Data sources", h2, 0, 3);
  auto vintage = [](const std::string& v) { return v.empty() ? std::string("vintage not stated") : v; };
  for (const ProjectLayer& l : project.layers)
    pages.paragraph("Layer " + l.name + ": " + l.source.filename().string() + (l.description.empty() ? "" : " — " + l.description) +
                        ". Vintage: " + vintage(l.vintage) + ".",
                    body, 10, 1);
  for (const ProjectTable& t : project.tables)
    pages.paragraph("Table " + t.name + ": " + t.source.filename().string() + (t.description.empty() ? "" : " — " + t.description) +
                        ". Vintage: " + vintage(t.vintage) + ".",
                    body, 10, 1);
  for (const ProjectJoin& j : project.joins)
    pages.paragraph("Join: " + j.table + " to " + j.layer + " on " + j.on + (j.where.empty() ? "" : ", rows where " + j.where) +
                        "; keys compared as normalised GEOID strings.",
                    body, 10, 1);
  pages.skip(6);
  pages.paragraph("Methods", h2, 0, 3);
  for (std::size_t i = 0; i < views.size(); ++i) {
    const ProjectView& v = *views[i];
    std::string line = (v.title.empty() ? v.name : v.title) + ": " + v.layer + "." + v.field;
    if (!v.per.empty()) line += " as a percentage of " + v.per + " (margin of error by the ACS formula for a derived proportion)";
    if (std::string yg = yearAndGroup(v); !yg.empty()) line += ", " + yg;
    line += ". Classification: " + methodTexts[i] + ".";
    pages.paragraph(line, body, 10, 1);
  }
  pages.paragraph("Missing values, suppressed values and low-quality estimates each have their own legend swatch. Low quality: "
                  "Urban Institute quality flag 3 (written Weak in the combined files), an ACS margin of error the Census could not compute, or an ACS coefficient of variation CV = (MOE/1.645)/estimate above 40%; "
                  "such areas are hatched over their class colour.",
                  body, 10, 1);
  pages.paragraph("Aggregation (mobmap aggregate): counts are summed over the areas of each unit and margins of error combine "
                  "as MOE = sqrt(Σ MOE_i²); rates are recomputed from the summed counts.",
                  body, 10, 1);
  pages.paragraph("Disparity (mobmap disparity): the value of F experienced by the average member of group g is "
                  "mean_g = Σ g_i·F_i / Σ g_i over areas i with F present; gap = mean_g − mean_ref; ratio = mean_g / mean_ref. "
                  "Dissimilarity D = ½ Σ |x_i/X − (t_i−x_i)/(T−X)|; isolation Σ (x_i/X)(x_i/t_i).",
                  body, 10, 1);
  pages.skip(6);
  pages.paragraph("Data vintages", h2, 0, 3);
  pages.paragraph(project.dataVintage.empty() ? "Not stated in the project." : project.dataVintage, body, 10, 1);
  return pages.take();
}

// "What residents said, by pillar": the public notes grouped under the Upward Mobility Framework's five pillars
// (through their tags and the project's codebook, notes/codebook.h; a note speaking to two pillars is under
// both), then the notes tied to none. Each note as its callout words it: title, text (in quotation marks only
// for a quote), credit. No pages when there are no public notes.
std::vector<render::Figure> voicePages(const Project& project, const std::vector<Note>& notes, const render::TextMetrics& metrics) {
  if (notes.empty()) return {};
  TextPages pages(metrics, project.title);
  const render::TextStyle h1 = textStyle(16, true), h2 = textStyle(11, true), title = textStyle(9.5, true), body = textStyle(8.5),
                          quote = textStyle(8.5, false, true), credit = textStyle(7.5);
  pages.paragraph("What residents said, by pillar", h1, 0, 4);
  pages.paragraph("Public notes only, as published (unattributed unless the speaker agreed to be named). A note that speaks to "
                  "two pillars is listed under both.",
                  body, 0, 8);
  auto list = [&](const std::vector<const Note*>& group) {
    for (const Note* n : group) {
      pages.paragraph(n->title(), title, 10, 1);
      const bool quoted = n->shown.kind == notes::NoteKind::Quote;
      const std::string text = render::shortQuote(n->shown.text, 400);
      if (!text.empty()) pages.paragraph(quoted ? "“" + text + "”" : text, quoted ? quote : body, 10, 1);
      pages.paragraph("— " + notes::creditLine(n->shown), credit, 10, 5);
    }
  };
  std::map<std::string, std::vector<const Note*>> byPillar;
  std::vector<const Note*> unplaced;
  for (const Note& n : notes) {
    const std::vector<std::string> pillars = notes::notePillars(n.shown, project.noteThemes);
    if (pillars.empty()) unplaced.push_back(&n);
    for (const std::string& p : pillars) byPillar[p].push_back(&n);
  }
  for (const std::string& pillar : notes::pillarNames()) {
    const std::vector<const Note*>& group = byPillar[pillar];
    pages.paragraph(pillar + " (" + std::to_string(group.size()) + (group.size() == 1 ? " note)" : " notes)"), h2, 0, 3);
    if (group.empty()) pages.paragraph("No public note speaks to this pillar yet.", credit, 10, 6);
    list(group);
  }
  if (!unplaced.empty()) {
    pages.paragraph("Not tied to a pillar (" + std::to_string(unplaced.size()) + ")", h2, 0, 3);
    list(unplaced);
  }
  return pages.take();
}

render::Figure titlePage(const Project& project, const std::vector<const ProjectView*>& views, const render::TextMetrics& metrics) {
  TextPages pages(metrics, project.title);
  pages.skip(90);
  pages.paragraph(project.title.empty() ? "Findings atlas" : project.title, textStyle(26, true), 0, 14, render::Anchor::Center);
  pages.paragraph("Findings atlas", textStyle(16), 0, 18, render::Anchor::Center);
  if (!project.description.empty()) pages.paragraph(project.description, textStyle(11), 60, 14);
  if (!project.dataVintage.empty()) pages.paragraph("Data: " + project.dataVintage, textStyle(11, false, true), 60, 14);
  pages.paragraph("Maps in this atlas", textStyle(11, true), 60, 3);
  for (std::size_t i = 0; i < views.size(); ++i)
    pages.paragraph("Page " + std::to_string(i + 2) + ": " + (views[i]->title.empty() ? views[i]->name : views[i]->title),
                    textStyle(10), 72, 1);
  return pages.take().front();
}

}  // namespace

std::string viewFileName(const std::string& viewName, const std::string& extension) {
  std::string name;
  for (char c : viewName) name += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
  return name + "." + extension;
}

ExportResult exportProject(const Project& project, const ExportOptions& options, const ExportProgress& progress) {
  for (const std::string& f : options.formats)
    if (f != "png" && f != "svg" && f != "pdf") throw UsageError("unknown format '" + f + "' (use png, svg, pdf)");
  std::vector<const ProjectView*> views;
  if (options.views.empty()) {
    for (const ProjectView& v : project.views) views.push_back(&v);
  } else {
    for (const std::string& name : options.views) {
      const ProjectView* v = project.findView(name);
      if (!v) {
        std::string names;
        for (const ProjectView& pv : project.views) names += (names.empty() ? "" : ", ") + pv.name;
        throw UsageError("no view named '" + name + "' in " + project.file.string() + " (views: " + names + ")");
      }
      views.push_back(v);
    }
  }
  if (views.empty()) throw Error(project.file.string() + ": the project has no [[view]] to export");
  // Two views must never write the same file (names are made file-safe, so "a/b" and "a_b" would), and no view
  // may write over the atlas: that is a usage error naming both, never a silent overwrite.
  {
    std::map<std::string, std::string> writer;  // file name -> what writes it
    writer["atlas.pdf"] = "the atlas";  // reserved even without --atlas: a later run may make it
    for (const ProjectView& v : project.views)  // all views: they share the folder across runs
      for (const std::string& f : options.formats) {
        auto [it, fresh] = writer.emplace(viewFileName(v.name, f), "view '" + v.name + "'");
        if (!fresh)
          throw UsageError("views collide: view '" + v.name + "' and " + it->second + " would both write " + it->first +
                           " (rename one of them in " + project.file.filename().string() + ")");
      }
  }
  std::error_code ec;
  fs::create_directories(options.outDir, ec);
  if (!fs::is_directory(options.outDir)) throw Error(options.outDir.string() + ": cannot create the folder");

  ExportResult result;
  auto warn = [&](const std::string& w) {
    result.warnings.push_back(w);
    progress("warning: " + w);
  };
  ExportManifest manifest = ExportManifest::load(options.outDir);

  // What each view needs, and whether the atlas needs rebuilding.
  std::vector<ViewSpec> specs;
  std::vector<std::string> hashes;
  InputsHasher atlasHash;
  atlasHash.add("mobmap export atlas 1");
  atlasHash.add(project.title + "\n" + project.description + "\n" + project.dataVintage);
  for (const ProjectLayer& l : project.layers) atlasHash.add(l.name + l.source.string() + l.description + l.vintage);
  for (const ProjectTable& t : project.tables) atlasHash.add(t.name + t.source.string() + t.description + t.vintage);
  for (const ProjectJoin& j : project.joins) atlasHash.add(j.layer + j.table + j.on + j.where);
  // The notes are read first, whatever else is up to date: what they show decides what is re-rendered.
  std::string notesDigest;
  std::vector<Note> notes = readPublicNotes(project, result.warnings, notesDigest);
  for (const std::string& w : result.warnings) progress("warning: " + w);
  if (!project.notesStore.empty() && result.warnings.empty()) result.notesSource = project.notesStore.string();
  atlasHash.add(notesDigest);
  for (const NoteTheme& t : project.noteThemes) atlasHash.add("theme " + t.name + "\n" + t.pillar + "\n" + t.predictor);
  for (const ProjectView* v : views) {
    ViewSpec spec;
    spec.data = project.file.string();
    applyProjectView(spec, v->name);
    hashes.push_back(inputsHashOf(spec, options));
    if (!v->notes.empty() && !project.notesStore.empty()) {
      // The figure files number the view's note callouts and quote them: they change with the public notes.
      InputsHasher withNotes;
      withNotes.add(hashes.back());
      withNotes.add(notesDigest);
      for (const std::string& n : v->notes) withNotes.add(n);
      hashes.back() = withNotes.hex();
    }
    specs.push_back(std::move(spec));
    atlasHash.add(v->name + ":" + hashes.back());
    for (const std::string& n : v->notes) atlasHash.add(n);
  }
  const std::string atlasName = "atlas.pdf";
  const bool atlasWanted = options.atlas;
  const bool atlasCurrent = atlasWanted && !options.force && manifest.upToDate("atlas", atlasHash.hex(), {atlasName}, options.outDir);

  render::CairoTextMetrics metrics;
  std::optional<render::PdfDocument> atlas;
  std::vector<render::Figure> mapPages;
  std::vector<std::string> methodTexts;
  std::map<std::string, double> layerScales;  // the map scale of each layer's atlas pages
  if (atlasWanted && !atlasCurrent) {
    atlas.emplace((options.outDir / atlasName).string(), project.title.empty() ? "Findings atlas" : project.title);
    atlas->addPage(titlePage(project, views, metrics));
    // A project made by `mobmap get` for a county or city: its Mobility Metrics profile follows the title page.
    if (project.findTable("mobility_metrics") && !project.file.empty()) {
      try {
        render::MetricProfile profile = loadMetricProfile(project.file);
        atlas->addPage(render::composeMetricProfile(profile, {kPageWidth, ""}, metrics));
        progress("atlas: Mobility Metrics profile of " + profile.place + " (" + std::to_string(profile.rows.size()) + " metrics)");
      } catch (const Error& e) {
        warn(std::string("no Mobility Metrics profile page: ") + e.what());
      }
    }
  }

  const std::size_t total = views.size();
  for (std::size_t i = 0; i < total; ++i) {
    const ProjectView& view = *views[i];
    const ViewSpec& spec = specs[i];
    const std::string counter = "[" + std::to_string(i + 1) + "/" + std::to_string(total) + "] " + view.name + ": ";
    ExportedView exported{view.name, {}, false, 0};
    for (const std::string& f : options.formats) exported.files.push_back(viewFileName(view.name, f));
    const bool filesCurrent = !options.force && manifest.upToDate(view.name, hashes[i], exported.files, options.outDir);
    exported.skipped = filesCurrent;
    if (filesCurrent && (!atlas)) {
      progress(counter + "unchanged, skipped");
      result.views.push_back(std::move(exported));
      continue;
    }
    progress(counter + "loading " + fs::path(spec.data).filename().string() + (spec.join.empty() ? "" : " + " + fs::path(spec.join).filename().string()));
    LoadedMap loaded;
    try {
      // Any map kind the view names (session/map_kind.h), built as `mobmap render --view` builds it.
      const bool choropleth = spec.map.kind == MapKind::Choropleth;
      loaded = loadMap(spec, choropleth ? FieldSelection::MappedOnly : FieldSelection::All);
    } catch (const Error& e) {
      throw Error("view '" + view.name + "': " + e.what());
    }
    const ViewData& data = loaded.data;
    const render::ThematicMap& map = loaded.built.map;
    for (const std::string& w : data.layer.warnings) warn("view '" + view.name + "': " + w);
    for (const std::string& w : loaded.built.warnings) warn("view '" + view.name + "': " + w);
    if (filesCurrent) {
      progress(counter + "unchanged, skipped (files kept; drawn again for the atlas)");
    } else {
      render::FigureOptions fo = defaultFigureOptions(spec, data);
      fo.widthPt = options.widthIn * 72;
      fo.heightPt = fo.widthPt * 0.625;
      if (!view.notes.empty()) {
        // The view's note callouts, numbered on the map and listed under the legend.
        std::vector<std::string> ignored;
        fo.callouts = calloutsOf(notesForView(view, notes, Extent{}, ignored), data.displayCrs, data.insets);
      }
      for (const std::string& file : exported.files) {
        writeMapFigure(loaded.built, data, fo, (options.outDir / file).string(), options.dpi);
        progress(counter + "wrote " + file);
      }
      manifest.record(view.name, hashes[i], exported.files);
      manifest.save(options.outDir);
    }
    if (atlas) {
      render::FigureOptions fo = defaultFigureOptions(spec, data);
      const Extent lonLat = lonLatBoxOf(fo.extent ? *fo.extent : data.layer.geometry.extent(), data.displayCrs);
      std::vector<std::string> noteWarnings;
      std::vector<const Note*> listed = notesForView(view, notes, lonLat, noteWarnings);
      for (const std::string& w : noteWarnings) warn(w);
      const std::vector<render::NoteCallout> pageCallouts = calloutsOf(listed, data.displayCrs, data.insets);
      const double notesHeight = notesBlockHeight(pageCallouts, metrics);
      fo.widthPt = kPageWidth;
      fo.heightPt = kPageHeight - notesHeight;
      fo.minMarginPt = kMinMargin;
      // Maps of one layer share one scale: the first page's, unless a page has less room for its map.
      const Extent shown = fo.extent ? *fo.extent : data.layer.geometry.extent();
      const std::string scaleKey = spec.data + "|" + spec.layer + "|" + data.displayCrs;
      const double ownScale = render::sharedMapScale(shown, fo, map.style);
      const auto known = layerScales.try_emplace(scaleKey, ownScale).first;
      fo.mapScale = std::min(known->second, ownScale);
      render::Figure page = composeMapFigure(loaded.built, data, fo, metrics);
      // The notes listed under the map, numbered there and on the map, as a figure's callouts are.
      if (!pageCallouts.empty())
        exported.notesListed =
            render::addNoteCallouts(page, pageCallouts, notesBox(fo.heightPt), metrics, kAtlasNotesScale).shown;
      page.heightPt = kPageHeight;
      atlas->addPage(page);  // drawn now: the page points into this view's data
      methodTexts.push_back(map.methodText + (map.referenceText.empty() ? "" : "; " + map.referenceText));
    }
    result.views.push_back(std::move(exported));
  }

  if (atlasWanted) {
    result.atlasFile = atlasName;
    if (atlasCurrent) {
      result.atlasSkipped = true;
      progress(atlasName + ": unchanged, skipped");
    } else {
      for (const render::Figure& page : voicePages(project, notes, metrics)) atlas->addPage(page);
      for (const render::Figure& page : sourcesPages(project, views, methodTexts, metrics)) atlas->addPage(page);
      result.atlasPages = atlas->pageCount();
      atlas->finish();
      manifest.record("atlas", atlasHash.hex(), {atlasName});
      manifest.save(options.outDir);
      progress("wrote " + atlasName + " (" + std::to_string(result.atlasPages) + " pages)");
    }
  }
  return result;
}

}  // namespace mobmap::session
