// Year and subgroup pickers for a view joined to a long table (Urban's Mobility Metrics layout: one row per
// area, year and subgroup). A change asks the app to reload the view with the join filtered anew.
#include "session/long_table.h"
#include "ui/panels.h"

namespace mobmap::ui {

namespace {

void request(ViewerState& state, std::optional<int> year, const std::optional<std::string>& subgroup) {
  session::ViewSpec spec = state.view->spec;
  session::retargetRows(spec, session::withYearAndSubgroup(spec.where, year, subgroup));
  if (spec.where != state.view->spec.where) state.requestedReload = std::move(spec);
}

}  // namespace

void drawYearSubgroupPanel(ViewerState& state) {
  if (!state.view || !state.view->longTable) return;
  const session::LongTableChoices& choices = *state.view->longTable;
  const std::optional<int> year = session::filterYear(state.view->spec.where);
  const std::optional<std::string> subgroup = session::filterSubgroup(state.view->spec.where);
  const float width = 200 * state.uiScale;

  const std::string yearText = year ? std::to_string(*year) : std::string("(every year)");
  ImGui::SetNextItemWidth(width);
  if (ImGui::BeginCombo("Year", yearText.c_str())) {
    for (int y : choices.years)
      if (ImGui::Selectable(std::to_string(y).c_str(), year == y)) request(state, y, std::nullopt);
    ImGui::EndCombo();
  }
  ImGui::SetNextItemWidth(width);
  if (ImGui::BeginCombo("Subgroup", subgroup ? subgroup->c_str() : "(every subgroup)")) {
    for (const std::string& s : choices.subgroups)
      if (ImGui::Selectable(s.c_str(), subgroup == s)) request(state, std::nullopt, s);
    ImGui::EndCombo();
  }
}

}  // namespace mobmap::ui
