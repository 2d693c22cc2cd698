// Command-line flags read into plain data: the one place primer uses Boost.Program_options.
// Flags follow Terraform: every flag is a long name written with one dash or two (-json,
// --json), a value follows after "=" or as the next argument, "--" ends the flags.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace primer::bootstrap::args {

/// One flag a command accepts.
struct Flag {
  std::string_view name;        // without dashes: "json", "out"
  std::string_view value_name;  // empty for a switch, else how help names the value: "PATH"
  std::string_view help;        // one line for `primer help COMMAND`
  bool repeated = false;        // each use adds a value (-set a -set b); else the last wins
};

/// What a command accepts: its flags and how many positional arguments.
struct Spec {
  std::span<const Flag> flags = {};
  std::string_view positional =
      {};  // how help names the positional arguments: "COMMAND"; empty if none
  int max_positional = 0;
};

/// Flags as read, before a command turns them into its own struct.
struct Flags {
  std::map<std::string, std::vector<std::string>, std::less<>> values;  // a switch holds ""
  std::vector<std::string> positional;
  std::optional<Error> error;  // the first problem found; the rest is then incomplete

  bool has(std::string_view name) const;
  /// The last value given to `name`, or "" when it was not given.
  std::string last(std::string_view name) const;
};

/// Reads `tokens` against `spec` plus the flags every command accepts (-no-color, -help).
/// Never throws: an unknown flag (with a close name suggested), a missing value or too many
/// positional arguments is reported in `Flags::error`.
Flags parse_flags(const Spec& spec, std::span<const std::string> tokens);

/// The flags every command accepts besides its own: -no-color and -help.
std::span<const Flag> common_flags();

/// True for -h, -help and --help before any "--": help wins over every other argument.
bool wants_help(std::span<const std::string> tokens);
/// True for -no-color and --no-color.
bool is_no_color(std::string_view token);

/// The candidate closest to `typed` by edit distance, if it is close enough to be a typo.
std::optional<std::string_view> closest(std::string_view typed,
                                        std::span<const std::string_view> candidates);

}  // namespace primer::bootstrap::args
