// primer's arguments as plain structs, one per command, read from argv by args/flags.
// Nothing here runs a command or prints; commands/ acts on these structs, views/ reports.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/error.h"
#include "bootstrap/args/flags.h"

namespace primer::bootstrap::args {

/// A command's arguments as far as they could be read, and the first problem found. Like
/// Terraform's Parse* functions, a bad flag is an outcome to report, not an exception.
template <class T>
struct Parsed {
  T args;
  std::optional<Error> error;
};

/// How output should look, read before anything else so errors are shown in that style.
struct View {
  bool no_color = false;
};

/// Reads and removes -no-color from `tokens` (before any "--"), wherever it appears.
View parse_view(std::vector<std::string>& tokens);

/// What comes before the command: `primer [global options] COMMAND ARGS...`.
struct Global {
  std::string command;            // empty when none was given
  std::vector<std::string> rest;  // the command's own arguments
  bool help = false;              // -help before the command
};

/// Global flags, shown by `primer help`. "-version" stands for the command "version", as in
/// Terraform: it takes the arguments that follow it.
inline constexpr Flag kGlobalFlags[] = {
    {"help", "", "Show this help output, or the help for a given command."},
    {"version", "", "An alias for the \"version\" command."},
    {"no-color", "", "Disable colour in the output (as does NO_COLOR=1)."},
};

Parsed<Global> parse_global(std::span<const std::string> tokens);

/// `primer version [-json]`.
struct Version {
  bool json = false;
};

inline constexpr Flag kVersionFlags[] = {
    {"json", "", "Print the version as a JSON object."},
};
inline constexpr Spec kVersionSpec{.flags = kVersionFlags};

Parsed<Version> parse_version(std::span<const std::string> tokens);

/// `primer help [COMMAND]`.
struct Help {
  std::string command;  // empty: the overview
};

inline constexpr Spec kHelpSpec{.positional = "COMMAND", .max_positional = 1};

Parsed<Help> parse_help(std::span<const std::string> tokens);

}  // namespace primer::bootstrap::args
