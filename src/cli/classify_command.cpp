// `mobmap classify DATA --field F [--layer L] --method M [--classes N] [--breaks a,b,...] [--json]`.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>

#include "analysis/classification.h"
#include "cli/commands.h"
#include "cli/detail/json_output.h"
#include "render/thematic_map.h"
#include "core/error.h"
#include "core/text.h"
#include "io/source_reader.h"

namespace mobmap::cli {

namespace {

struct ClassifyOptions {
  std::string path, layer, field, method = "quantile", assignCrs;  // classifying reads no geometry: any CRS will do
  int classes = 5;
  std::vector<double> breaks;
  bool json = false;
};

void runUnique(const ClassifyOptions& o, const Column& column) {
  analysis::UniqueClassification u = analysis::classifyUnique(column.optionalTexts());
  if (o.json) {
    std::cout << nlohmann::json{{"method", "unique"}, {"field", o.field}, {"categories", u.categories},
                                {"counts", u.counts}, {"missing", u.missing}, {"merged", u.merged}}
                     .dump(2)
              << "\n";
    return;
  }
  std::cout << o.field << ": unique values, " << u.categories.size() << " classes, " << u.missing << " missing\n";
  for (std::size_t i = 0; i < u.categories.size(); ++i) std::cout << "  " << u.categories[i] << "  (" << u.counts[i] << ")\n";
}

}  // namespace

void addClassifyCommand(CLI::App& app, int& exitCode) {
  auto o = std::make_shared<ClassifyOptions>();
  CLI::App* cmd = app.add_subcommand("classify", "Classify a field for a choropleth and report breaks, class counts, "
                                                 "missing values and goodness of variance fit (GVF).");
  cmd->add_option("DATA", o->path, "Vector source or table")->required();
  cmd->add_option("--field", o->field, "Field to classify")->required();
  cmd->add_option("--layer", o->layer, "Layer of a multi-layer source");
  addAssignCrsOption(*cmd, o->assignCrs);
  cmd->add_option("--method", o->method, "quantile|equal|jenks|stddev|box|percentile|manual|unique")->capture_default_str();
  cmd->add_option("--classes", o->classes, "Number of classes, 2-9")->capture_default_str();
  cmd->add_option("--breaks", o->breaks, "Manual breaks a,b,... (interior or including min and max)")->delimiter(',');
  cmd->add_flag("--json", o->json, "Print JSON on stdout");
  cmd->callback([o, &exitCode] {
    if (o->method == "unique") {
      AttributeTable table = io::readTable(o->path, o->layer);
      runUnique(*o, table.require(o->field, o->path));
      exitCode = 0;
      return;
    }
    analysis::ClassMethod method = analysis::parseClassMethod(o->method);
    if (method == analysis::ClassMethod::Manual && o->breaks.empty()) throw UsageError("--method manual needs --breaks a,b,...");
    if (method == analysis::ClassMethod::Manual && o->classes == 5 && !o->breaks.empty())
      o->classes = static_cast<int>(o->breaks.size()) + 1;  // interior breaks unless --classes says otherwise
    AttributeTable table = io::readTable(o->path, o->layer);
    const Column& column = table.require(o->field, o->path);
    if (!column.isNumeric())
      throw Error(render::notNumericMessage(column, o->path) + "; use --method unique for categories");
    analysis::Classification c;
    try {
      c = analysis::classify(column.optionalNumbers(), method, o->classes, o->breaks);
    } catch (const UsageError&) {
      throw;
    } catch (const Error& e) {
      throw Error(o->path + ": field '" + o->field + "': " + e.what());
    }
    if (o->json) {
      nlohmann::json j = {{"method", analysis::methodName(c.method)}, {"field", o->field}, {"breaks", c.breaks},
                          {"counts", c.counts}, {"missing", c.missing}, {"gvf", c.gvf}, {"labels", c.classLabels},
                          {"missing_reasons", missingReasonsJson(column.missingCounts())}};
      if (!column.readNote().empty()) j["read_as"] = column.readNote();
      if (!c.note.empty()) j["note"] = c.note;
      std::cout << j.dump(2) << "\n";
    } else {
      std::cout << o->field << ": " << analysis::methodLabel(c.method) << ", " << c.counts.size() << " classes, GVF "
                << formatNumber(std::round(c.gvf * 10000) / 10000) << ", " << c.missing << " missing\n";
      for (std::size_t i = 0; i < c.counts.size(); ++i) std::cout << "  " << c.classLabels[i] << "  (" << c.counts[i] << ")\n";
      if (!c.note.empty()) std::cout << "  note: " << c.note << "\n";
      if (std::string why = describeMissingCounts(column.missingCounts()); !why.empty())
        std::cout << "  missing: " << why << "\n";
      if (!column.readNote().empty()) std::cout << "  read as: " << column.readNote() << "\n";
    }
    exitCode = 0;
  });
}

}  // namespace mobmap::cli
