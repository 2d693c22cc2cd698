#include "base/log.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <string>

namespace primer::log {
namespace {

struct Sink {
  Level level = Level::Off;
  std::FILE* out = stderr;
  std::mutex mu;

  Sink() {
    const char* env = std::getenv("PRIMER_LOG");
    std::string want = env ? env : "";
    if (want == "debug" || want == "DEBUG") level = Level::Debug;
    if (want == "trace" || want == "TRACE") level = Level::Trace;
    const char* path = std::getenv("PRIMER_LOG_PATH");
    if (level != Level::Off && path && *path) {
      if (std::FILE* f = std::fopen(path, "a")) out = f;
    }
  }
};

Sink& sink() {
  static Sink s;
  return s;
}

}  // namespace

Level level() { return sink().level; }

bool enabled(Level at) { return at != Level::Off && static_cast<int>(at) <= static_cast<int>(level()); }

void write(Level at, std::string_view module, std::string_view message) {
  if (!enabled(at)) return;
  Sink& s = sink();
  auto now = std::chrono::system_clock::now();
  std::time_t secs = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
  std::lock_guard<std::mutex> lock(s.mu);
  std::fprintf(s.out, "%s.%03dZ [%s] %.*s: %.*s\n", stamp, static_cast<int>(millis),
               at == Level::Trace ? "TRACE" : "DEBUG", static_cast<int>(module.size()),
               module.data(), static_cast<int>(message.size()), message.data());
  std::fflush(s.out);
}

}  // namespace primer::log
