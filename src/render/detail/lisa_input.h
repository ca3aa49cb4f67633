#pragma once
// What a LISA map and a Moran scatter plot both analyse: the areas with a value of the field, their values and
// the contiguity weights among them; and the wording of analysis errors for that field.
#include <string>
#include <vector>

#include "analysis/spatial_weights.h"
#include "core/error.h"
#include "core/layer.h"
#include "render/lisa_map.h"

namespace mobmap::render {

struct LisaInput {
  std::vector<std::size_t> rows;     // layer rows with a finite value, in order
  std::vector<double> values;        // their values
  analysis::SpatialWeights weights;  // contiguity among `rows` (request.contiguity when given, else built)
};

// The input for `request.field` of `layer`. Throws mobmap::Error naming `sourceName` when the field is not
// numeric (`needs` says what for) or has no values; mobmap::Cancelled when request.cancel is set.
LisaInput lisaInput(const Layer& layer, const LisaMapRequest& request, const std::string& sourceName, const std::string& needs);

// Runs `analyse`; an analysis error (not a usage error or a cancellation) is reworded to name the source and field.
template <class Analyse>
void analyseField(const std::string& sourceName, const std::string& field, Analyse analyse) {
  try {
    analyse();
  } catch (const UsageError&) {
    throw;
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    throw Error(sourceName + ": field '" + field + "': " + e.what());
  }
}

}  // namespace mobmap::render
