// The data table: the mapped layer's attributes, one row per area, sortable by a click on a column header
// and filterable by text, linked to the map selection both ways.
#include <algorithm>

#include "core/coded_median.h"
#include "ui/panels.h"
#include "ui/table_rows.h"

namespace mobmap::ui {

namespace {

constexpr std::size_t kMaxColumns = 64;  // the most columns one ImGui 1.86 table holds

}  // namespace

void drawDataTablePanel(ViewerState& state, const PanelRect& area) {
  if (!state.view) return;
  DataTableModel& m = state.panels.table;
  const AttributeTable& table = state.view->data.layer.attributes;
  char (&filter)[128] = state.panels.tableFilter;

  const bool viewChanged = m.view != state.view.get() || m.rowCount != table.rowCount() || m.field != session::mappedField(state.view->spec);
  if (viewChanged) {
    m.view = state.view.get();
    m.rowCount = table.rowCount();
    m.field = session::mappedField(state.view->spec);
    m.columns = tableColumnsToShow(table, m.field, kMaxColumns);
    m.sortColumn.reset();
    m.seenSelection.reset();
    ++m.generation;
  }

  ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
  ImGui::SetNextWindowSize(ImVec2(area.width, area.height));
  ImGui::Begin("Data table", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                          ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoTitleBar);
  ImGui::AlignTextToFramePadding();
  ImGui::Text("%s", state.view->data.layer.name.c_str());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(260 * state.uiScale);
  ImGui::InputTextWithHint("##tablefilter", "Filter rows (name, GEOID, value)", filter, sizeof filter);
  ImGui::SameLine();
  ImGui::TextDisabled("%zu of %zu rows", m.rows.size(), table.rowCount());
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize("Close").x - ImGui::GetStyle().FramePadding.x * 2);
  if (ImGui::Button("Close")) state.showTable = false;

  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollX |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable | ImGuiTableFlags_Sortable |
                                ImGuiTableFlags_SortTristate | ImGuiTableFlags_SizingFixedFit;
  const std::string tableId = "rows##" + std::to_string(m.generation);
  if (!m.columns.empty() && ImGui::BeginTable(tableId.c_str(), static_cast<int>(m.columns.size()), flags)) {
    ImGui::TableSetupScrollFreeze(1, 1);
    for (std::size_t c : m.columns)
      ImGui::TableSetupColumn(table.column(c).name().c_str(), ImGuiTableColumnFlags_None, 0, static_cast<ImGuiID>(c));
    ImGui::TableHeadersRow();

    bool dirty = viewChanged || m.filter != filter;
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
      if (specs->SpecsCount > 0) {
        m.sortColumn = specs->Specs[0].ColumnUserID;
        m.ascending = specs->Specs[0].SortDirection != ImGuiSortDirection_Descending;
      } else {
        m.sortColumn.reset();
      }
      specs->SpecsDirty = false;
      dirty = true;
    }
    if (dirty) {
      m.filter = filter;
      m.rows = filterAndSortRows(table, m.columns, m.filter, m.sortColumn, m.ascending);
    }

    // A selection made elsewhere (the map, Find): scroll its row into view once.
    std::optional<int> scrollTo;
    if (state.selected != m.seenSelection) {
      m.seenSelection = state.selected;
      if (state.selected) {
        auto it = std::find(m.rows.begin(), m.rows.end(), *state.selected);
        if (it != m.rows.end()) scrollTo = static_cast<int>(it - m.rows.begin());
      }
    }

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(m.rows.size()));
    if (scrollTo) clipper.ForceDisplayRangeByIndices(*scrollTo, *scrollTo + 1);
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const std::size_t r = m.rows[static_cast<std::size_t>(i)];
        ImGui::TableNextRow();
        ImGui::PushID(i);
        for (std::size_t k = 0; k < m.columns.size(); ++k) {
          ImGui::TableSetColumnIndex(static_cast<int>(k));
          const Column& col = table.column(m.columns[k]);
          const std::string text = col.isMissing(r) ? std::string("-") : readableCellText(col, r);
          if (k == 0) {
            const bool selected = state.selected == r;
            if (ImGui::Selectable(text.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns)) {
              state.selected = r;
              state.zoomToSelectionRequested = true;
              m.seenSelection = r;  // picked here: no need to scroll
            }
            if (scrollTo && *scrollTo == i) ImGui::SetScrollHereY(0.5f);
          } else if (col.isMissing(r)) {
            // Why the cell is empty, when the file said (NA, a Census code, ...): core/missing_value.h.
            const MissingReason why = col.missingReason(r);
            if (why == MissingReason::Blank) {
              ImGui::TextDisabled("-");
            } else {
              ImGui::TextDisabled("%s", std::string(missingReasonShort(why)).c_str());
              if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", std::string(missingReasonText(why)).c_str());
            }
          } else {
            ImGui::TextUnformatted(text.c_str());
          }
        }
        ImGui::PopID();
      }
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace mobmap::ui
