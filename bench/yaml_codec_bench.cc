// Decodes a values file and re-encodes it with every Helm encoder, in a loop, and reports
// throughput in MB/s of input. Usage: yaml_codec_bench FILE [SECONDS]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

#include "base/error.h"
#include "base/strings.h"
#include "value/value.h"

namespace {

using Clock = std::chrono::steady_clock;

// Runs `step` repeatedly for about `seconds`; returns the mean seconds per call.
double time_per_call(double seconds, const std::function<void()>& step) {
  step();  // warm up
  int calls = 0;
  auto start = Clock::now();
  double elapsed = 0;
  while (elapsed < seconds) {
    step();
    ++calls;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  }
  return elapsed / calls;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE [SECONDS]\n", argv[0]);
    return 1;
  }
  try {
    const std::string text = primer::read_file(argv[1]);
    const double seconds = argc > 2 ? std::atof(argv[2]) : 2.0;
    const double mb = text.size() / 1e6;
    namespace value = primer::value;
    value::Value v = value::parse_yaml(argv[1], text);
    size_t sink = 0;
    struct Step {
      const char* name;
      std::function<void()> run;
    } steps[] = {
        {"decode", [&] { sink += value::parse_yaml(argv[1], text).size(); }},
        {"toYaml", [&] { sink += value::to_yaml(v).size(); }},
        {"toYamlPretty", [&] { sink += value::to_yaml_pretty(v).size(); }},
        {"toJson", [&] { sink += value::to_json(v).size(); }},
        {"toPrettyJson", [&] { sink += value::to_pretty_json(v).size(); }},
        {"decode+toYaml", [&] { sink += value::to_yaml(value::parse_yaml(argv[1], text)).size(); }},
    };
    std::printf("input: %s, %zu bytes\n", argv[1], text.size());
    for (const Step& s : steps) {
      double t = time_per_call(seconds, s.run);
      std::printf("%-14s %9.3f ms/op %9.1f MB/s\n", s.name, t * 1e3, mb / t);
    }
    return sink == 0 ? 1 : 0;
  } catch (const primer::Error& e) {
    std::fprintf(stderr, "Error: %s\n", e.what());
    return 1;
  }
}
