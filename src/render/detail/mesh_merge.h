#pragma once
// Joining the parts of a mesh built on several threads: render::LayerMesh (tessellation.cpp) and
// render::MeshLevel (mesh_levels.cpp) alike. Internal to render.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace mobmap::render {

// Joins consecutive parts (each part's features follow the previous part's) into one, shifting the triangle
// indices and the per-feature ranges. The arrays are joined one kind at a time and each part's array is freed
// as soon as it is copied, so the merge holds the result plus one kind of array at most, never two meshes.
// Other fields (a mesh's extent, a level's tolerance) are the caller's to set.
template <class Mesh>
Mesh mergeMeshParts(std::vector<Mesh>&& parts) {
  Mesh out;
  std::vector<std::uint32_t> vertexBase, segmentBase, indexBase;
  std::size_t vertices = 0, indices = 0, segments = 0, features = 1;
  for (const Mesh& p : parts) {
    vertexBase.push_back(static_cast<std::uint32_t>(vertices));
    segmentBase.push_back(static_cast<std::uint32_t>(segments / 2));
    indexBase.push_back(static_cast<std::uint32_t>(indices));
    vertices += p.vertices.size();
    indices += p.indices.size();
    segments += p.segments.size();
    features += p.featureFirstSegment.empty() ? 0 : p.featureFirstSegment.size() - 1;
  }
  auto join = [&](auto member, std::size_t total) {
    auto& into = out.*member;
    into.reserve(total);
    for (Mesh& p : parts) {
      auto& from = p.*member;
      into.insert(into.end(), from.begin(), from.end());
      std::exchange(from, {});
    }
  };
  join(&Mesh::segments, segments);
  join(&Mesh::vertices, vertices);
  join(&Mesh::vertexFeature, vertices);
  out.indices.reserve(indices);
  for (std::size_t k = 0; k < parts.size(); ++k) {
    for (std::uint32_t i : parts[k].indices) out.indices.push_back(i + vertexBase[k]);
    std::exchange(parts[k].indices, {});
  }
  // Per-feature ranges: each part's end is the next part's start.
  out.featureFirstSegment.reserve(features);
  out.featureFirstIndex.reserve(features);
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (!out.featureFirstSegment.empty()) out.featureFirstSegment.pop_back();
    for (std::uint32_t s : parts[k].featureFirstSegment) out.featureFirstSegment.push_back(s + segmentBase[k]);
    if (!out.featureFirstIndex.empty()) out.featureFirstIndex.pop_back();
    for (std::uint32_t i : parts[k].featureFirstIndex) out.featureFirstIndex.push_back(i + indexBase[k]);
  }
  return out;
}

}  // namespace mobmap::render
