#include "core/project.h"

namespace mobmap {

namespace {
template <typename T>
const T* findByName(const std::vector<T>& items, const std::string& name) {
  for (const T& item : items)
    if (item.name == name) return &item;
  return nullptr;
}
}  // namespace

const ProjectLayer* Project::findLayer(const std::string& name) const { return findByName(layers, name); }
const ProjectTable* Project::findTable(const std::string& name) const { return findByName(tables, name); }
const ProjectView* Project::findView(const std::string& name) const { return findByName(views, name); }
const ExportPreset* Project::findExportPreset(const std::string& name) const { return findByName(exportPresets, name); }

bool Project::operator==(const Project& o) const {
  return formatVersion == o.formatVersion && title == o.title && description == o.description &&
         dataVintage == o.dataVintage && notesStore == o.notesStore &&
         smallAreaResidents == o.smallAreaResidents && populationField == o.populationField &&
         noteImportMaps == o.noteImportMaps && noteThemes == o.noteThemes && layers == o.layers && tables == o.tables &&
         joins == o.joins && views == o.views && exportPresets == o.exportPresets;
}

}  // namespace mobmap
