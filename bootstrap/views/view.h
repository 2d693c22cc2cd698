// Output of the primer command line. The base View owns the two streams and decides colour,
// like Terraform's views.View and ninja's LinePrinter; each command has a view of its own
// over it (human text, and JSON where the command takes -json). Nothing else prints.
#pragma once

#include <iosfwd>
#include <optional>
#include <string_view>

#include "base/error.h"
#include "bootstrap/args/args.h"

namespace primer::bootstrap::views {

/// The process's output streams and what the terminal allows.
struct Streams {
  std::ostream& out;  // the product: versions, help, rendered YAML, plans, JSON
  std::ostream& err;  // diagnostics
  bool out_is_tty = false;
  bool err_is_tty = false;
  bool no_color_env = false;  // NO_COLOR set and not empty (no-color.org)
};

/// Streams over `out` and `err`, each a TTY when it is std::cout (std::cerr) and file
/// descriptor 1 (2) is a terminal; reads NO_COLOR from the environment.
Streams detect_streams(std::ostream& out, std::ostream& err);

class View {
 public:
  View(const Streams& streams, const args::View& options);

  std::ostream& out() const { return out_; }
  std::ostream& err() const { return err_; }
  /// Whether colour may be written to out (err): a TTY, and neither -no-color nor NO_COLOR.
  bool out_color() const { return out_color_; }
  bool err_color() const { return err_color_; }
  /// Whether stderr is a terminal (progress may overprint lines; questions may be asked).
  bool err_is_tty() const { return err_is_tty_; }

  /// "Error: <what>" on stderr, as Terraform prints a diagnostic.
  void error(const Error& e) const;
  /// A flag error, then how to get `command`'s help (primer's, when `command` is empty).
  void usage_error(const Error& e, std::string_view command) const;
  /// `primer: unknown command "aply". Did you mean "apply"?`, then how to list the commands.
  void unknown_command(std::string_view name, std::optional<std::string_view> suggestion) const;
  /// "Error: internal error: <what>", for an exception other than primer::Error (a bug).
  void internal_error(std::string_view what) const;

 private:
  std::ostream& out_;
  std::ostream& err_;
  bool out_color_;
  bool err_color_;
  bool err_is_tty_;
};

}  // namespace primer::bootstrap::views
