#include "bootstrap/views/view.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <ostream>

#include "base/strings.h"

namespace primer::bootstrap::views {
namespace {

constexpr std::string_view kBoldRed = "\x1b[1;31m";
constexpr std::string_view kReset = "\x1b[0m";

}  // namespace

Streams detect_streams(std::ostream& out, std::ostream& err) {
  const char* no_color = std::getenv("NO_COLOR");
  return Streams{
      .out = out,
      .err = err,
      .out_is_tty = &out == &std::cout && isatty(STDOUT_FILENO) == 1,
      .err_is_tty = &err == &std::cerr && isatty(STDERR_FILENO) == 1,
      .no_color_env = no_color != nullptr && *no_color != '\0',
  };
}

View::View(const Streams& streams, const args::View& options)
    : out_(streams.out),
      err_(streams.err),
      out_color_(streams.out_is_tty && !options.no_color && !streams.no_color_env),
      err_color_(streams.err_is_tty && !options.no_color && !streams.no_color_env),
      err_is_tty_(streams.err_is_tty) {}

void View::error(const Error& e) const {
  if (err_color_) {
    err_ << kBoldRed << "Error:" << kReset << " " << e.what() << "\n";
  } else {
    err_ << "Error: " << e.what() << "\n";
  }
}

void View::usage_error(const Error& e, std::string_view command) const {
  error(e);
  if (command.empty()) {
    err_ << "\nFor more help on using primer, run:\n  primer -help\n";
  } else {
    err_ << "\nFor more help on using this command, run:\n  primer " << command << " -help\n";
  }
}

void View::unknown_command(std::string_view name,
                           std::optional<std::string_view> suggestion) const {
  err_ << "primer: unknown command " << quote(name) << ".";
  if (suggestion) err_ << " Did you mean " << quote(*suggestion) << "?";
  err_ << "\n\nTo see all of primer's commands, run:\n  primer help\n";
}

void View::internal_error(std::string_view what) const {
  error(Error("internal error: " + std::string(what)));
}

}  // namespace primer::bootstrap::views
