// The one exception type that may cross primer's module boundaries.
// Every error names its input (a file, a template, a Kubernetes object) and, where known,
// the line and column; wrapped errors keep their cause chain for the JSON view and tests.
#pragma once

#include <exception>
#include <memory>
#include <string>

namespace primer {

/// Where something went wrong. `input` is a file, a template name or an object such as
/// "apps/v1 Deployment argocd/argocd-server". line/column are 1-based; 0 means unknown.
struct Where {
  std::string input;
  int line = 0;
  int column = 0;
};

class Error : public std::exception {
 public:
  /// `what()` reads "input:line:col: message", leaving out the parts that are unknown.
  Error(Where where, std::string message);
  /// An error without a place, for failures that belong to no input.
  explicit Error(std::string message);

  /// A new error reading "<context>: <cause>", keeping `cause` reachable.
  static Error wrap(std::string context, const Error& cause);

  const Where& where() const { return where_; }
  const std::string& message() const { return message_; }
  const Error* cause() const { return cause_.get(); }
  const char* what() const noexcept override { return text_.c_str(); }

 private:
  Where where_;
  std::string message_;
  std::shared_ptr<const Error> cause_;  // shared: exceptions must stay copyable
  std::string text_;                    // formatted once, in the constructor
};

/// "input:line:col" with the unknown parts left out ("" when nothing is known).
std::string format_where(const Where& where);

}  // namespace primer
