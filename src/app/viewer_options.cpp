#include <algorithm>
#include <charconv>
#include <exception>

#include "app/viewer.h"
#include "ui/map_type.h"
#include "io/project_file.h"
#include "session/view_spec.h"

namespace mobmap::app {

namespace {

bool parseInt(const std::string& s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

bool hasViewerOption(const std::vector<std::string>& args) {
  for (const std::string& a : args)
    if (a == "--screenshot" || a == "--frames" || a == "--view" || a == "--size" || a == "--field" ||
        a == "--panel" || a == "--pick" || a == "--dissolve-name" || a == "--timings" || a == "--full-detail" ||
        a == "--map-type" || a == "--second-field" || a == "--present" || a == "--compare" ||
        a == "--independent-breaks" || a == "--state-out" || a == "--run-seconds") return true;
  return false;
}

std::optional<ViewerOptions> parseViewerOptions(const std::vector<std::string>& args, std::string& error) {
  ViewerOptions o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= args.size()) {
        error = a + " needs a value";
        return false;
      }
      out = args[++i];
      return true;
    };
    std::string v;
    if (a == "--screenshot") {
      if (!value(o.screenshot)) return std::nullopt;
    } else if (a == "--view") {
      if (!value(o.view)) return std::nullopt;
    } else if (a == "--field") {
      if (!value(o.field)) return std::nullopt;
    } else if (a == "--panel") {
      if (!value(o.panel)) return std::nullopt;
      if (o.panel != "table" && o.panel != "get" && o.panel != "moran" && o.panel != "profile") {
        error = "--panel must be 'table' (the data table), 'get' (the Get data for a place dialog), 'moran' "
                "(the Moran scatter plot) or 'profile' (the Mobility Metrics profile)";
        return std::nullopt;
      }
    } else if (a == "--pick") {
      if (!value(v)) return std::nullopt;
      for (std::size_t start = 0; start <= v.size();) {
        std::size_t comma = std::min(v.find(',', start), v.size());
        if (comma > start) o.pick.push_back(v.substr(start, comma - start));
        start = comma + 1;
      }
    } else if (a == "--dissolve-name") {
      if (!value(o.dissolveName)) return std::nullopt;
    } else if (a == "--timings") {
      o.timings = true;
    } else if (a == "--full-detail") {
      o.fullDetail = true;
    } else if (a == "--map-type") {
      if (!value(o.mapType)) return std::nullopt;
      if (!ui::parseMapType(o.mapType)) {
        error = "--map-type must be choropleth, lisa, gap, ratio or bivariate";
        return std::nullopt;
      }
    } else if (a == "--second-field") {
      if (!value(o.secondField)) return std::nullopt;
    } else if (a == "--present") {
      o.present = true;
    } else if (a == "--independent-breaks") {
      o.independentBreaks = true;
    } else if (a == "--compare") {
      if (!value(v)) return std::nullopt;
      const auto comma = v.find(',');
      o.compare = {v.substr(0, comma), comma == std::string::npos ? std::string() : v.substr(comma + 1)};
      if (comma == std::string::npos || o.compare[0].empty() || o.compare[1].empty() ||
          o.compare[1].find(',') != std::string::npos) {
        error = "--compare must name two views of the project: VIEW_A,VIEW_B";
        return std::nullopt;
      }
    } else if (a == "--state-out") {
      if (!value(o.stateOut)) return std::nullopt;
    } else if (a == "--run-seconds") {
      if (!value(v)) return std::nullopt;
      double seconds = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
      if (ec != std::errc() || p != v.data() + v.size() || !(seconds > 0) || seconds > 86400) {
        error = "--run-seconds must be a number of seconds above 0, at most 86400";
        return std::nullopt;
      }
      o.runSeconds = seconds;
    } else if (a == "--frames") {
      if (!value(v)) return std::nullopt;
      if (!parseInt(v, o.frames) || o.frames < 1 || o.frames > 100000) {
        error = "--frames must be a whole number from 1 to 100000";
        return std::nullopt;
      }
    } else if (a == "--size") {
      if (!value(v)) return std::nullopt;
      auto x = v.find('x');
      if (x == std::string::npos || !parseInt(v.substr(0, x), o.width) || !parseInt(v.substr(x + 1), o.height) ||
          o.width < 320 || o.height < 240 || o.width > 8192 || o.height > 8192) {
        error = "--size must read WIDTHxHEIGHT, 320x240 to 8192x8192 (e.g. 1280x800)";
        return std::nullopt;
      }
    } else if (a.starts_with("--")) {
      error = "unknown option " + a;
      return std::nullopt;
    } else {
      o.paths.push_back(a);
    }
  }
  if (!o.dissolveName.empty() && o.pick.empty()) {
    error = "--dissolve-name needs --pick GEOID,... (the areas to merge)";
    return std::nullopt;
  }
  if (o.runSeconds > 0 && o.timings) {
    error = "--run-seconds (an interactive run) and --timings (a scripted one) do not go together";
    return std::nullopt;
  }
  if (o.independentBreaks && o.compare.empty()) {
    error = "--independent-breaks goes with --compare VIEW_A,VIEW_B";
    return std::nullopt;
  }
  return o;
}

bool checkViewerOptions(const ViewerOptions& options, std::string& error) {
  if (options.compare.empty()) return true;
  if (options.paths.empty() || !io::isProjectFile(options.paths.front())) {
    error = "--compare needs a project file with saved views";
    return false;
  }
  try {
    const std::vector<std::string> views = session::projectViewNames(options.paths.front());
    for (const std::string& v : options.compare)
      if (std::find(views.begin(), views.end(), v) == views.end()) {
        std::string list;
        for (const std::string& name : views) list += (list.empty() ? "" : ", ") + name;
        error = "--compare: " + options.paths.front() + " has no view named '" + v + "' (views: " + list + ")";
        return false;
      }
  } catch (const std::exception& e) {
    error = e.what();
    return false;
  }
  return true;
}

}  // namespace mobmap::app
