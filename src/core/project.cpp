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

}  // namespace mobmap
