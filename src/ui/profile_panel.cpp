// The Mobility Metrics profile window: `mobmap profile` as a panel. The rows, their order, the value texts, the
// bar's scale, its key and its colours are the figure's (render/metric_profile.h); a click on a metric shows its
// map among the comparison places.
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "core/error.h"
#include "session/metric_profile.h"
#include "ui/panels.h"

namespace mobmap::ui {

namespace {

ImVec4 colourVec(const style::Rgb& c) { return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, 1); }
ImU32 colour(const style::Rgb& c) { return ImGui::GetColorU32(colourVec(c)); }

// The row's interval, value and medians on its own scale, in a cell `height` high, as the figure draws them.
void drawBar(const render::ProfileRow& row, float height) {
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float width = std::max(40.0f, ImGui::GetContentRegionAvail().x);
  ImGui::Dummy(ImVec2(width, height));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const auto [lo, hi] = render::profileBarRange(row);
  auto xOf = [&](double v) { return at.x + float((v - lo) / (hi - lo)) * width; };
  const float mid = at.y + height * 0.5f, u = height / 10;
  dl->AddLine(ImVec2(at.x, mid), ImVec2(at.x + width, mid), colour(render::kProfileTrack), 1);
  if (row.lower && row.upper)
    dl->AddRectFilled(ImVec2(xOf(*row.lower), mid - 1.6f * u), ImVec2(std::max(xOf(*row.upper), xOf(*row.lower) + 1), mid + 1.6f * u),
                      colour(render::kProfileBar));
  if (row.stateMedian)
    dl->AddLine(ImVec2(xOf(*row.stateMedian), mid - 3.2f * u), ImVec2(xOf(*row.stateMedian), mid + 3.2f * u),
                colour(render::kProfileStateMedian), std::max(1.5f, 0.5f * u));
  if (row.nationalMedian) {
    const float cx = xOf(*row.nationalMedian), r = 2.4f * u;
    dl->AddQuad(ImVec2(cx, mid - r), ImVec2(cx + r, mid), ImVec2(cx, mid + r), ImVec2(cx - r, mid), colour(render::kProfileNationalMedian), 1);
  }
  dl->AddCircleFilled(ImVec2(xOf(row.value), mid), 1.9f * u, colour(render::kProfileValue));
  dl->AddCircle(ImVec2(xOf(row.value), mid), 1.9f * u, IM_COL32_WHITE, 0, 1);
  if (ImGui::IsItemHovered()) {
    std::string tip = "Value " + render::profileValueText(row, row.value);
    if (row.lower && row.upper)
      tip += "\n95% interval " + render::profileValueText(row, *row.lower) + " to " + render::profileValueText(row, *row.upper);
    if (row.stateMedian) tip += "\nState median " + render::profileValueText(row, *row.stateMedian);
    if (row.nationalMedian) tip += "\nNational median " + render::profileValueText(row, *row.nationalMedian);
    ImGui::SetTooltip("%s", tip.c_str());
  }
}

// The values over the years available, on the row's own scale.
void drawTrend(const render::ProfileRow& row, float height) {
  if (row.trend.size() < 2) {
    ImGui::TextDisabled("one year");
    return;
  }
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float width = std::max(30.0f, ImGui::GetContentRegionAvail().x);
  ImGui::Dummy(ImVec2(width, height));
  double lo = row.trend.front().second, hi = lo;
  for (const auto& [y, v] : row.trend) lo = std::min(lo, v), hi = std::max(hi, v);
  if (hi - lo < 1e-12 * std::max(1.0, std::abs(hi))) lo -= 1, hi += 1;
  const int y0 = row.trend.front().first, y1 = std::max(y0 + 1, row.trend.back().first);
  std::vector<ImVec2> points;
  for (const auto& [y, v] : row.trend)
    points.push_back(ImVec2(at.x + float(y - y0) / float(y1 - y0) * width, at.y + height * 0.85f - float((v - lo) / (hi - lo)) * height * 0.7f));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddPolyline(points.data(), int(points.size()), colour(render::kProfileValue), 0, 1.2f);
  dl->AddCircleFilled(points.back(), 2, colour(render::kProfileValue));
  if (ImGui::IsItemHovered()) {
    std::string tip;
    for (const auto& [y, v] : row.trend) tip += (tip.empty() ? "" : "\n") + std::to_string(y) + "  " + render::profileValueText(row, v);
    ImGui::SetTooltip("%s", tip.c_str());
  }
}

void recordRect(ProfileState& p, const std::string& name) {
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  p.itemRects[name] = {min.x, min.y, max.x - min.x, max.y - min.y};
}

std::string gapsText(const render::ProfileRow& row) {
  if (row.gaps.empty()) return "–";
  std::string text = "vs " + row.gapReference + ":";
  bool anyTested = false;
  for (const render::ProfileGap& g : row.gaps) {
    text += " " + g.subgroup + " " + render::profileValueText(row, g.gap, true) + (g.significant ? "*" : "") + ";";
    anyTested = anyTested || g.tested;
  }
  text.pop_back();
  if (!anyTested) text += " (not tested: no 95% bounds)";
  return text;
}

}  // namespace

bool projectHasProfile(const ViewerState& state) {
  const std::optional<Project>& p = state.project.saved;
  return !state.projectFile.empty() && p && p->findTable("mobility_metrics") && (p->findLayer("county") || p->findLayer("place"));
}

void openProfileWindow(ViewerState& state) {
  ProfileState& p = state.profile;
  p.open = true;
  p.raiseFrames = 3;  // over the legend and title, which may be created after it in the first frames
  if (p.readFrom == state.projectFile) return;
  p.readFrom = state.projectFile;
  p.profile.reset();
  p.error.clear();
  p.exportMessage.clear();
  p.exportPath = (std::filesystem::path(state.projectFile).parent_path() / "profile.pdf").string();
  try {
    p.profile = session::loadMetricProfile(state.projectFile);
  } catch (const Error& e) {
    p.error = e.what();
  }
}

void drawProfileWindow(ViewerState& state) {
  ProfileState& p = state.profile;
  if (p.exportJob)
    if (std::optional<std::string> done = p.exportJob->takeResult()) p.exportMessage = *done;
  if (!p.open) return;
  if (p.readFrom != state.projectFile) openProfileWindow(state);  // another project opened meanwhile
  const float s = state.uiScale;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowSize(ImVec2(std::min(1100 * s, vp->Size.x * 0.92f), vp->Size.y * 0.8f), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (p.raiseFrames > 0 && p.raiseFrames--) ImGui::SetNextWindowFocus();
  if (!ImGui::Begin("Mobility Metrics profile", &p.open, ImGuiWindowFlags_NoCollapse)) {
    ImGui::End();
    return;
  }
  if (!p.profile) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "No profile: %s", p.error.c_str());
    ImGui::PopTextWrapPos();
    ImGui::End();
    return;
  }
  const render::MetricProfile& profile = *p.profile;
  ImGui::Text("%s", profile.place.c_str());
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s Click a metric to map it among the comparison places.", render::profileKey(profile).c_str());
  ImGui::PopTextWrapPos();

  // Export, as `mobmap profile` writes it.
  {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%s", p.exportPath.c_str());
    ImGui::SetNextItemWidth(-160 * s);
    if (ImGui::InputText("##profilePath", buf, sizeof buf)) p.exportPath = buf;
    ImGui::SameLine();
    const bool exporting = p.exportJob && p.exportJob->busy();
    ImGui::BeginDisabled(exporting);
    const bool exportNow = ImGui::Button(exporting ? "Exporting..." : "Export profile");
    ImGui::EndDisabled();
    recordRect(p, "export");
    if (exportNow) {  // written on a worker: the window keeps drawing
      if (!p.exportJob) p.exportJob = std::make_shared<BackgroundJob<std::string>>();
      p.exportMessage.clear();
      p.exportJob->start("Exporting the profile", [profile, path = p.exportPath](JobControl&) {
        try {
          session::writeMetricProfile(profile, path, 11, 200);
          return "Wrote " + path;
        } catch (const std::exception& e) {
          return std::string("Not written: ") + e.what();
        }
      });
    }
    if (!p.exportMessage.empty()) {
      ImGui::PushTextWrapPos(0);
      ImGui::TextDisabled("%s", p.exportMessage.c_str());
      ImGui::PopTextWrapPos();
    }
  }

  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
  const float rowH = ImGui::GetTextLineHeight();
  if (ImGui::BeginTable("##profile", 7, flags, ImVec2(0, -ImGui::GetTextLineHeightWithSpacing() * 2.2f))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Metric", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("Year", ImGuiTableColumnFlags_WidthStretch, 0.5f);
    ImGui::TableSetupColumn("95% interval, medians", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("Quality", ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn("Trend", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("Subgroup gaps (* significant at 95%)", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableHeadersRow();
    std::string lastPillar = "\x01", lastPredictor;
    for (const render::ProfileRow& row : profile.rows) {
      if (row.pillar != lastPillar) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextColored(ImVec4(0.1f, 0.1f, 0.1f, 1), "%s", row.pillar.empty() ? "Other metrics" : row.pillar.c_str());
        lastPillar = row.pillar;
        lastPredictor.clear();
      }
      if (row.predictor != lastPredictor && !row.predictor.empty()) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextDisabled("  %s", row.predictor.c_str());
        lastPredictor = row.predictor;
      }
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      const std::string view = "mm_" + row.variable;
      const bool hasView = std::find(state.projectViews.begin(), state.projectViews.end(), view) != state.projectViews.end();
      const std::string label = "    " + row.label + "##" + row.variable;
      const bool clicked =
          ImGui::Selectable(label.c_str(), state.viewName == view, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap);
      recordRect(p, "row:" + row.variable);
      if (clicked) {
        p.clickedMetric = row.variable;
        if (hasView) state.requestedView = view;
      }
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", hasView ? ("Show the map of " + row.label + " among the comparison places").c_str()
                                        : "The project has no map view of this metric");
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(render::profileValueText(row, row.value).c_str());
      ImGui::TableSetColumnIndex(2);
      ImGui::Text("%d", row.year);
      ImGui::TableSetColumnIndex(3);
      drawBar(row, rowH);
      ImGui::TableSetColumnIndex(4);
      if (row.quality == "Weak") ImGui::TextColored(colourVec(render::kProfileWeak), "Weak");
      else ImGui::TextUnformatted(row.quality.empty() ? "–" : row.quality.c_str());
      ImGui::TableSetColumnIndex(5);
      drawTrend(row, rowH);
      ImGui::TableSetColumnIndex(6);
      const std::string gaps = gapsText(row);
      ImGui::TextUnformatted(gaps.c_str());
      if (ImGui::IsItemHovered() && gaps.size() > 40) ImGui::SetTooltip("%s", gaps.c_str());
    }
    ImGui::EndTable();
  }
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("Source: %s", profile.source.c_str());
  ImGui::PopTextWrapPos();
  ImGui::End();
}

}  // namespace mobmap::ui
