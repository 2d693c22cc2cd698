// Maintainer logs, off by default: PRIMER_LOG=debug|trace turns them on, PRIMER_LOG_PATH
// sends them to a file instead of stderr. Never log credentials or Secret data.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
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

/// Times the stages of a run for the debug log: each lap() writes "STAGE: N ms" (the time
/// since the previous lap) under `module`.
class Timer {
 public:
  explicit Timer(std::string_view module) : module_(module), last_(Clock::now()) {}
  void lap(std::string_view stage) {
    if (!enabled(Level::Debug)) return;
    Clock::time_point now = Clock::now();
    double ms = std::chrono::duration<double, std::milli>(now - last_).count();
    last_ = now;
    char took[32];
    std::snprintf(took, sizeof took, ": %.1f ms", ms);
    write(Level::Debug, module_, std::string(stage) + took);
  }

 private:
  using Clock = std::chrono::steady_clock;
  std::string_view module_;
  Clock::time_point last_;
};

}  // namespace primer::log
