#pragma once
// The error type every module throws. Messages are for users: they name the file, row or key, and the problem.
#include <stdexcept>
#include <string>

namespace mobmap {

// A data or runtime problem (bad file, missing column, unreadable CRS): the CLI exits 1 with the message.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// A problem with how a command was called (unknown option value): the CLI exits 2 with the message.
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error(message) {}
};

// A long computation stopped early because its caller set the cancellation flag it was given (a superseded
// viewer job); never shown as a data problem.
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled: the computation was stopped before it finished") {}
};

}  // namespace mobmap
