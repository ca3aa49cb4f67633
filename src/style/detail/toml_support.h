#pragma once
// Error reporting shared by the style module's TOML readers (internal to src/style: includes toml++).
#include <toml++/toml.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace mobmap::style::detail {

// Throws mobmap::Error "<source>:<line>: <context>: <problem>" (line and context left out when unknown).
class Reporter {
 public:
  explicit Reporter(const std::string& sourceName) : m_source(sourceName) {}

  [[noreturn]] void fail(std::uint32_t line, const std::string& context, const std::string& problem) const {
    std::ostringstream out;
    out << m_source;
    if (line > 0) out << ':' << line;
    out << ": ";
    if (!context.empty()) out << context << ": ";
    out << problem;
    throw Error(out.str());
  }

  [[noreturn]] void fail(const toml::node* at, const std::string& context, const std::string& problem) const {
    fail(at ? at->source().begin.line : 0, context, problem);
  }

  // Parses `text`, turning a syntax error into a message with its line.
  toml::table parse(std::string_view text) const {
    try {
      return toml::parse(text, m_source);
    } catch (const toml::parse_error& e) {
      fail(e.source().begin.line, "", "invalid TOML: " + std::string(e.description()));
    }
  }

 private:
  std::string m_source;
};

// "a, b, c".
inline std::string joinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace mobmap::style::detail
