// Maintainer logs, off by default: PRIMER_LOG=debug|trace turns them on, PRIMER_LOG_PATH
// sends them to a file instead of stderr. Never log credentials or Secret data.
#pragma once

#include <string_view>

namespace primer::log {

enum class Level { Off, Debug, Trace };

/// The level in force, read from PRIMER_LOG once.
Level level();
/// True when messages at `at` are written.
bool enabled(Level at);
/// Writes one line "primer [module] message" to the log sink if `at` is enabled.
void write(Level at, std::string_view module, std::string_view message);

inline void debug(std::string_view module, std::string_view message) {
  write(Level::Debug, module, message);
}
inline void trace(std::string_view module, std::string_view message) {
  write(Level::Trace, module, message);
}

}  // namespace primer::log
