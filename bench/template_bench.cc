// Parses a folder of templates (bench/gen_template_set.py) into one set and executes every
// template not starting with "_" against data.json, in a loop; prints the time of each phase
// and, with --print, the concatenated output (compared with Go's by bench/run-template).
// Usage: template_bench DIR [SECONDS] [--print]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/strings.h"
#include "charts/template/template.h"
#include "value/value.h"

namespace {

using Clock = std::chrono::steady_clock;

double time_per_call(double seconds, const std::function<void()>& step) {
  step();
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
    std::fprintf(stderr, "usage: %s DIR [SECONDS] [--print]\n", argv[0]);
    return 1;
  }
  namespace fs = std::filesystem;
  using primer::tmpl::ExecOptions;
  using primer::tmpl::MissingKey;
  using primer::tmpl::Set;
  try {
    const std::string dir = argv[1];
    const double seconds = argc > 2 ? std::atof(argv[2]) : 2.0;
    const bool print = argc > 3 && std::strcmp(argv[3], "--print") == 0;
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
      std::string name = entry.path().filename().string();
      if (name == "data.json") continue;
      files.emplace_back(name, primer::read_file(entry.path().string()));
    }
    std::sort(files.begin(), files.end());
    const primer::value::Value data =
        primer::value::parse_json("data.json", primer::read_file(dir + "/data.json"));

    auto parse_all = [&] {
      Set set;
      for (const auto& [name, text] : files) set.parse(name, text);
      return set;
    };
    ExecOptions options;
    options.missing = MissingKey::Zero;
    auto execute_all = [&](const Set& set) {
      std::string out;
      for (const auto& [name, text] : files) {
        if (name[0] != '_') out += set.execute(name, data, options);
      }
      return out;
    };
    const Set set = parse_all();
    if (print) {
      std::fputs(execute_all(set).c_str(), stdout);
      return 0;
    }
    std::size_t bytes = 0;
    for (const auto& f : files) bytes += f.second.size();
    std::size_t sink = 0;
    double parse = time_per_call(seconds, [&] { sink += parse_all().names().size(); });
    double exec = time_per_call(seconds, [&] { sink += execute_all(set).size(); });
    std::printf("templates: %zu files, %zu bytes; output %zu bytes\n", files.size(), bytes,
                execute_all(set).size());
    std::printf("parse    %9.3f ms/op\nexecute  %9.3f ms/op\n", parse * 1e3, exec * 1e3);
    return sink == 0 ? 1 : 0;
  } catch (const primer::Error& e) {
    std::fprintf(stderr, "Error: %s\n", e.what());
    return 1;
  }
}
