// Small string helpers shared by every module (GCC 12 has no <format>).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace primer {

/// `s` in double quotes with Go's %q escaping of quotes, backslashes and control bytes.
std::string quote(std::string_view s);
/// The parts joined with `sep` between them.
std::string join(const std::vector<std::string>& parts, std::string_view sep);
/// `s` cut at every `sep` (an empty `s` gives one empty part).
std::vector<std::string> split(std::string_view s, std::string_view sep);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
/// `s` without leading and trailing ASCII white space (space, \t, \n, \r, \v, \f).
std::string_view trim(std::string_view s);
/// Levenshtein distance, for "did you mean" suggestions.
int edit_distance(std::string_view a, std::string_view b);
/// Reads a whole file; throws Error naming `path` when it cannot be read.
std::string read_file(const std::string& path);

}  // namespace primer
