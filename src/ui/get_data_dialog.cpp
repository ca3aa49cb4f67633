// "Get data for a place": `mobmap get` as a dialog. The download runs in the background with a progress
// bar; cancel stops before the next file; on success the new project opens.
#include <cstdio>
#include <cstdlib>

#include "core/text.h"
#include "ui/panels.h"

namespace mobmap::ui {

namespace {

void textField(const char* id, const char* hint, std::string& value) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s", value.c_str());
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputTextWithHint(id, hint, buf, sizeof buf)) value = buf;
}

// Records where the last item was drawn under `name` (GetDataState::itemRects).
void recordRect(GetDataState& g, const char* name) {
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  g.itemRects[name] = {min.x, min.y, max.x - min.x, max.y - min.y};
}

}  // namespace

void drawGetDataDialog(ViewerState& state) {
  GetDataState& g = state.getData;
  if (g.job) {
    if (auto r = g.job->takeResult()) {
      g.failed = r->projectFile.empty();
      if (g.failed) {
        g.message = r->error;
        g.open = true;  // show why, even when the window was closed meanwhile
      } else {
        g.message = "Wrote " + r->projectFile + " (" + r->summary + ")";
        g.openProject = r->projectFile;
      }
    }
  }
  g.itemRects.clear();
  if (!g.open) return;
  const bool running = g.job && g.job->busy();
  const float s = state.appliedFontScale > 0 ? state.appliedFontScale : 1.0f;
  // The dialog grows with what is shown (the Downloads section opened), never narrower than 460.
  ImGui::SetNextWindowSizeConstraints(ImVec2(460 * s, 0), ImVec2(460 * s, 100000));
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.35f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  if (!ImGui::Begin("Get data for a place", &g.open,
                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("Downloads tract boundaries, ACS tables with margins of error and the Mobility Metrics "
                      "into a new project (cached; a re-run works offline).");
  ImGui::BeginDisabled(running);
  const char* levels[] = {"County (5-digit GEOID)", "City / place (7-digit GEOID)", "State (2-digit GEOID)"};
  ImGui::SetNextItemWidth(-1);
  ImGui::Combo("##level", &g.level, levels, 3);
  textField("##geoid", g.level == 0 ? "County GEOID, e.g. 17031" : g.level == 1 ? "Place GEOID, e.g. 1714000" : "State GEOID, e.g. 17",
            g.geoid);
  recordRect(g, "geoid");
  ImGui::SetNextItemWidth(120 * s);
  ImGui::InputInt("ACS year", &g.year);
  ImGui::TextUnformatted("Output folder");
  textField("##outdir", "folder for the project", g.outDir);
  recordRect(g, "out_dir");
  ImGui::TextUnformatted("Neighborhoods (optional)");
  textField("##neighborhoods", "any vector file with neighborhood boundaries", g.neighborhoods);
  const bool downloads = ImGui::CollapsingHeader("Downloads: cache, mirrors, offline");
  recordRect(g, "downloads");
  if (downloads) {
    ImGui::TextUnformatted("Cache folder");
    textField("##cache", "default: $MOBMAP_CACHE_DIR, else ~/.cache/mobmap", g.cacheDir);
    recordRect(g, "cache");
    ImGui::TextUnformatted("Sources file (mirrors)");
    textField("##sources", "default: the built-in Census and Urban sources", g.sourcesFile);
    recordRect(g, "sources");
    ImGui::TextUnformatted("Mirrors of single sources");
    textField("##mirrors", "NAME=URL, ... (census_geo, census_api, urban_mobility)", g.mirrors);
    recordRect(g, "mirrors");
    ImGui::Checkbox("Offline: use only the cache", &g.offline);
  }
  ImGui::TextDisabled("%s", std::getenv("CENSUS_API_KEY") ? "Census API key: from CENSUS_API_KEY"
                                                          : "Census API key: none (set CENSUS_API_KEY to use one)");
  const bool get = ImGui::Button("Get data");
  recordRect(g, "get");
  if (get) {
    if (!g.job) g.job = std::make_shared<session::PlaceFetchJob>();
    static const char* names[] = {"county", "place", "state"};
    session::PlaceFetchRequest request;
    request.level = names[g.level];
    request.geoid = g.geoid;
    request.year = g.year;
    request.outDir = g.outDir;
    request.neighborhoods = g.neighborhoods;
    request.cacheDir = g.cacheDir;
    request.sourcesFile = g.sourcesFile;
    for (const std::string& m : split(g.mirrors, ','))
      if (const std::string_view t = trim(m); !t.empty()) request.sourceUrls.emplace_back(t);
    request.offline = g.offline;
    g.message = g.job->start(request);
    g.failed = !g.message.empty();
  }
  ImGui::EndDisabled();
  if (running) {
    ImGui::TextUnformatted(g.job->stage().c_str());
    const float p = g.job->progress();
    if (p >= 0)
      ImGui::ProgressBar(p);
    else
      ImGui::ProgressBar(0, ImVec2(-1, 0), "size unknown");
    if (g.job->cancelling())
      ImGui::TextDisabled("Stopping after the current file...");
    else if (ImGui::Button("Cancel"))
      g.job->cancel();
  }
  if (!g.message.empty()) {
    if (g.failed)
      ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", g.message.c_str());
    else
      ImGui::TextUnformatted(g.message.c_str());
  }
  ImGui::PopTextWrapPos();
  ImGui::End();
}

}  // namespace mobmap::ui
