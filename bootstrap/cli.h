// The primer command line: parses argv, runs the command, returns the exit code.
// args/ reads argv into plain structs, commands/ holds the command table and the thin
// handlers, views/ does all the printing.
#pragma once

#include <iosfwd>

namespace primer::bootstrap {

/// Runs primer with `argv`, writing the product to `out` and diagnostics to `err`.
/// Returns 0 on success, 1 on any error (usage errors included), 2 only for
/// `plan -detailed-exitcode` with changes. Never throws.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace primer::bootstrap
