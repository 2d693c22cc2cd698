// The chart library: small purpose-made charts under charts/<case>/ (each pins one rendering
// rule) and errors/<case>/ (each fails in its own way), rendered by both oracles and by
// primer's library, byte for byte. A case directory is the chart itself; an optional `flags`
// file holds extra `helm template` flags, one per line, paths relative to the case.
// Successful cases compare stdout; failing cases compare the whole error text after `Error: `
// (helm's `--debug` hint included, which primer adds where helm's CLI does).

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "base/error.h"
#include "charts/loader.h"
#include "charts/render.h"
#include "tests/support/support.h"

namespace primer::charts {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRelease = "rel";
constexpr const char* kNamespace = "ns";

fs::path library_dir() { return fs::path(test::source_dir()) / "tests/charts/render"; }

struct Case {
  std::string group;  // "charts" or "errors"
  std::string name;
  fs::path dir() const { return library_dir() / group / name; }
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.group << "/" << c.name; }

std::vector<Case> cases_in(const std::string& group) {
  std::vector<Case> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(library_dir() / group, ec)) {
    if (entry.is_directory()) out.push_back({group, entry.path().filename().string()});
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return out;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The flags file, with paths made absolute so neither side depends on the working directory.
std::vector<std::string> flags_of(const Case& c) {
  std::vector<std::string> flags;
  fs::path file = c.dir() / "flags";
  if (!fs::exists(file)) return flags;
  std::istringstream in(read_text(file));
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::string prev = flags.empty() ? "" : flags.back();
    if (prev == "-f" || prev == "--values") line = (c.dir() / line).string();
    if (prev == "--set-file") {
      std::size_t eq = line.find('=');
      if (eq != std::string::npos) line = line.substr(0, eq + 1) + (c.dir() / line.substr(eq + 1)).string();
    }
    flags.push_back(line);
  }
  return flags;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

// What one run printed: stdout, or the error text after "Error: " without the final newline.
struct Outcome {
  bool ok = false;
  std::string text;
};

Outcome run_helm(const std::string& helm, const Case& c) {
  std::string cmd = "cd / && " + shell_quote(helm) + " template " + kRelease + " " +
                    shell_quote(c.dir().string()) + " --namespace " + kNamespace;
  for (const std::string& f : flags_of(c)) cmd += " " + shell_quote(f);
  std::string out_file = fs::temp_directory_path() /
                         ("primer-lib-" + std::to_string(getpid()) + "-" + c.group + "-" + c.name + "-" +
                          std::to_string(std::hash<std::string>{}(helm)));
  int status = 0;
  std::string err = test::run_command(cmd + " 2>&1 >" + shell_quote(out_file), &status);
  Outcome o;
  o.ok = status == 0;
  if (o.ok) {
    o.text = read_text(out_file);
  } else {
    // Warnings may come first; the error is the first line starting "Error: ".
    std::size_t at = err.starts_with("Error: ") ? 0 : err.find("\nError: ");
    if (at == std::string::npos) {
      o.text = err;
    } else {
      o.text = err.substr(at == 0 ? 7 : at + 8);
    }
    if (!o.text.empty() && o.text.back() == '\n') o.text.pop_back();
  }
  fs::remove(out_file);
  return o;
}

// The cases whose test for `oracle_env` this process runs (all of them in a plain run, one
// under ctest), from the value parameter PrintTo writes ("charts/<name>").
std::vector<Case> selected_cases(const char* oracle_env) {
  std::string test_name = std::string("MatchesHelm") + (std::string(oracle_env) == "HELM4" ? "4" : "3");
  std::vector<Case> out;
  const testing::UnitTest& unit = *testing::UnitTest::GetInstance();
  for (int i = 0; i < unit.total_test_suite_count(); ++i) {
    const testing::TestSuite& suite = *unit.GetTestSuite(i);
    for (int j = 0; j < suite.total_test_count(); ++j) {
      const testing::TestInfo& info = *suite.GetTestInfo(j);
      if (!info.should_run() || !info.value_param() || !std::string(info.name()).starts_with(test_name)) continue;
      std::string param = info.value_param();
      std::size_t slash = param.find('/');
      if (slash != std::string::npos) out.push_back({param.substr(0, slash), param.substr(slash + 1)});
    }
  }
  return out;
}

// The oracle runs this process needs are made once, concurrently, when the first is needed.
const Outcome& helm_outcome(const char* oracle_env, const std::string& helm, const Case& c) {
  static std::mutex mu;
  static std::map<std::string, std::map<std::string, Outcome>> cache;
  std::lock_guard lock(mu);
  auto& runs = cache[oracle_env];
  if (runs.empty()) {
    std::vector<Case> todo = selected_cases(oracle_env);
    constexpr std::size_t kParallel = 6;
    for (std::size_t i = 0; i < todo.size(); i += kParallel) {
      std::vector<std::future<Outcome>> batch;
      std::size_t end = std::min(todo.size(), i + kParallel);
      for (std::size_t j = i; j < end; ++j) batch.push_back(std::async(std::launch::async, run_helm, helm, todo[j]));
      for (std::size_t j = i; j < end; ++j) runs[todo[j].group + "/" + todo[j].name] = batch[j - i].get();
    }
  }
  std::string key = c.group + "/" + c.name;
  if (!runs.contains(key)) runs[key] = run_helm(helm, c);
  return runs[key];
}

RenderOptions options_for(const Case& c, Dialect dialect) {
  RenderOptions o;
  o.engine.dialect = dialect;
  o.release.name = kRelease;
  o.release.namespace_name = kNamespace;
  std::vector<std::string> f = flags_of(c);
  for (std::size_t i = 0; i < f.size(); ++i) {
    const std::string& k = f[i];
    auto next = [&]() -> std::string { return i + 1 < f.size() ? f[++i] : ""; };
    if (k == "--set") o.values.set.push_back(next());
    else if (k == "--set-string") o.values.set_string.push_back(next());
    else if (k == "--set-file") o.values.set_file.push_back(next());
    else if (k == "--set-json") o.values.set_json.push_back(next());
    else if (k == "--set-literal") o.values.set_literal.push_back(next());
    else if (k == "-f" || k == "--values") o.values.values_files.push_back(next());
    else if (k == "--kube-version") o.capabilities.kube_version = next();
    else if (k == "-a" || k == "--api-versions") o.capabilities.api_versions.push_back(next());
    else if (k == "--include-crds") o.output.include_crds = true;
    else if (k == "--skip-tests") o.output.skip_tests = true;
    else if (k == "--no-hooks") o.output.no_hooks = true;
    else if (k == "-s" || k == "--show-only") o.output.show_only.push_back(next());
    else if (k == "--is-upgrade") o.release.is_upgrade = true;
    else if (k == "--skip-schema-validation") o.skip_schema_validation = true;
    else if (k == "-n" || k == "--namespace") o.release.namespace_name = next();
    else ADD_FAILURE() << "flag " << k << " not understood by the test";
  }
  return o;
}

Outcome run_primer(const Case& c, Dialect dialect) {
  Outcome o;
  RenderStage stage = RenderStage::Values;
  try {
    o.text = render_chart_at(c.dir().string(), options_for(c, dialect), &stage).output;
    o.ok = true;
  } catch (const Error& e) {
    o.text = helm_error_text(e) + (helm_prints_debug_hint(stage) ? std::string(kDebugHint) : "");
  }
  return o;
}

std::string first_difference(const std::string& want, const std::string& got) {
  std::size_t i = 0;
  while (i < want.size() && i < got.size() && want[i] == got[i]) ++i;
  std::size_t line_start = i == 0 ? 0 : want.rfind('\n', i - 1);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  auto excerpt = [&](const std::string& s) {
    std::size_t end = s.find('\n', i);
    return s.substr(line_start, (end == std::string::npos ? s.size() : end) - line_start);
  };
  return "\n  helm:   " + excerpt(want) + "\n  primer: " + excerpt(got);
}

void check(const Case& c, const char* oracle_env, Dialect dialect) {
  auto helm = test::oracle(oracle_env);
  PRIMER_REQUIRE(helm.has_value(), std::string(oracle_env) + " oracle not installed");
  const Outcome& want = helm_outcome(oracle_env, *helm, c);
  Outcome got = run_primer(c, dialect);
  // Cases named "*-dialects-differ" may render with one oracle and fail with the other.
  if (c.name.find("dialects-differ") == std::string::npos) {
    ASSERT_EQ(want.ok, c.group == "charts") << "the oracle " << (want.ok ? "rendered" : "failed") << ": "
                                            << want.text.substr(0, 400);
  }
  ASSERT_EQ(want.ok, got.ok) << (got.ok ? "primer rendered, helm failed with: " + want.text
                                        : "primer failed: " + got.text);
  EXPECT_EQ(want.text, got.text) << "differs from " << oracle_env << first_difference(want.text, got.text);
}

std::string test_name(const testing::TestParamInfo<Case>& info) {
  std::string name = info.param.name;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

class ChartLibrary : public testing::TestWithParam<Case> {};
TEST_P(ChartLibrary, MatchesHelm4) { check(GetParam(), "HELM4", Dialect::Helm4); }
TEST_P(ChartLibrary, MatchesHelm3) { check(GetParam(), "HELM3", Dialect::Helm3); }
INSTANTIATE_TEST_SUITE_P(Charts, ChartLibrary, testing::ValuesIn(cases_in("charts")), test_name);

class ErrorLibrary : public testing::TestWithParam<Case> {};
TEST_P(ErrorLibrary, MatchesHelm4) { check(GetParam(), "HELM4", Dialect::Helm4); }
TEST_P(ErrorLibrary, MatchesHelm3) { check(GetParam(), "HELM3", Dialect::Helm3); }
INSTANTIATE_TEST_SUITE_P(Errors, ErrorLibrary, testing::ValuesIn(cases_in("errors")), test_name);

TEST(ChartLibrarySize, HasTheCasesIssue4AsksFor) {
  EXPECT_GE(cases_in("charts").size(), 80u);
  EXPECT_GE(cases_in("errors").size(), 30u);
}

}  // namespace
}  // namespace primer::charts
