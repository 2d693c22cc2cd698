// Where each node of a YAML document is, by its path ("handoff.root.repoURL",
// "values.files[1]"): value::Value keeps no positions, so configuration errors found after
// parsing are located with these.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace primer::bootstrap::config {

/// A 1-based line and column.
struct Mark {
  int line = 0;
  int column = 0;
};

/// The positions of the first document of a YAML text. Paths join map keys with "." and add
/// "[i]" for list items; the document itself is "".
struct Marks {
  std::map<std::string, Mark, std::less<>> keys;    // where each map key is written
  std::map<std::string, Mark, std::less<>> values;  // where each value starts
  /// The text of each scalar value as written (before YAML resolves `10` to a number), so a
  /// setting that is a string can take `version: 1.10` as "1.10".
  std::map<std::string, std::string, std::less<>> scalars;
};

/// Reads the marks of `text` with libyaml's event parser. Never throws: on a syntax error
/// (which value::parse_yaml reports with its place) the marks found so far are returned.
/// Keys that are not scalars, and everything under them, are left out.
Marks yaml_marks(std::string_view text);

/// `parent` + "." + `key`, or `key` at the top.
std::string child_path(std::string_view parent, std::string_view key);
/// `parent` + "[index]".
std::string item_path(std::string_view parent, std::size_t index);

}  // namespace primer::bootstrap::config
