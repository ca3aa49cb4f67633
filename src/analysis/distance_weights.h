#pragma once
// Neighbours from distances between area centroids, and the one parser of a `--weights` option.
//
// - knn:K       the K nearest centroids (spdep knearneigh(coords, k = K) + knn2nb(): not symmetric)
// - distance:D  every centroid at a distance 0 < d ≤ D (spdep dnearneigh(coords, 0, D)), binary
// - idw:D       the distance-band neighbours weighted by 1/d (spdep nb2listw(nb, glist = lapply(nbdists(nb,
//               coords), function(d) 1 / d), style = "W"))
// Distances are Euclidean in the units of the geometry (the display CRS: metres or US feet). Weights are
// row-standardised by SpatialWeights::weight, as spdep's style "W".
//
// Usage:
//   WeightsSpec spec = parseWeightsSpec("knn:6");
//   SpatialWeights w = buildWeights(projected.geometry, spec, kPoly2nbSnap);
#include <string>
#include <string_view>
#include <vector>

#include "analysis/spatial_weights.h"
#include "core/geometry.h"

namespace mobmap::analysis {

enum class WeightsKind { Queen, Rook, Knn, Distance, InverseDistance };

struct WeightsSpec {
  WeightsKind kind = WeightsKind::Queen;
  int k = 0;            // knn
  double distance = 0;  // distance, idw: the band's upper bound
};

// Parses "queen", "rook", "knn:K" (K ≥ 1), "distance:D" or "idw:D" (D > 0). Throws mobmap::UsageError otherwise.
WeightsSpec parseWeightsSpec(std::string_view text);
// The spec as the user writes it: "queen", "knn:6", "distance:5280".
std::string weightsSpecText(const WeightsSpec& spec);
// A phrase for a figure's source line: "queen contiguity", "6 nearest neighbours", "neighbours within 5280".
std::string weightsSpecPhrase(const WeightsSpec& spec);
// True for weight kinds whose links are 0/1 before row standardisation (all but idw).
bool isBinary(const WeightsSpec& spec);

// The centroid of each feature's polygons (area-weighted over every part, holes subtracted, as sf's
// st_centroid of the whole feature); for features without area, the mean of their vertices. A feature without
// geometry gets NaN coordinates.
std::vector<Point> featureCentroids(const GeometryStore& geometry);

// The K nearest other centroids of each centroid (ties in distance: the lower feature index first). Throws
// mobmap::UsageError when K is not below the number of features, mobmap::Error when a centroid is unknown.
SpatialWeights knnWeights(const std::vector<Point>& centroids, int k);

// The centroids at a distance 0 < d ≤ `distance` of each; with `inverse`, each link weighted 1/d. Throws
// mobmap::UsageError for a distance that is not positive, mobmap::Error when a centroid is unknown.
SpatialWeights distanceWeights(const std::vector<Point>& centroids, double distance, bool inverse);

// The weights `spec` asks for over the features of `geometry` (in a projected CRS): contiguity with `snap` for
// queen and rook, centroid distances otherwise.
SpatialWeights buildWeights(const GeometryStore& geometry, const WeightsSpec& spec, double snap = kPoly2nbSnap);

}  // namespace mobmap::analysis
