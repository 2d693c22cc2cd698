// Values from the command line, coalescing and dependency processing, against helm.
// Each case is a throw-away chart (root "tiny", subcharts under charts/) whose every chart
// prints `toJson .Values` (the root also the type of each top-level value), rendered with
// the flags of the case. `want` is what helm 4.1.4 printed, `want3` what helm 3.17.3 printed
// where it differs; the test TableMatchesOracles re-checks them against the binaries, and
// PRIMER_VALUES_DUMP=1 prints the oracles' results in table form.
#include "charts/values.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/strings.h"
#include "charts/chart.h"
#include "charts/dependencies.h"
#include "charts/loader.h"
#include "charts/strvals.h"
#include "tests/support/support.h"
#include "value/value.h"

namespace primer::charts {
namespace {

namespace fs = std::filesystem;
using value::Value;

struct ValuesCase {
  const char* name;  // the rule this case pins
  // Files as "-- path --" sections. Paths are relative to the root chart "tiny" unless they
  // start with "@" (the work directory, for -f and --set-file). Every chart directory gets a
  // Chart.yaml header (apiVersion v2, its name, version 0.1.0) before any Chart.yaml text
  // given, and the template printing its values.
  const char* files;
  std::vector<std::string> args;  // helm flags, e.g. {"--set", "a=1"}
  // helm 4.1.4's result: "<chart path>: <json>" lines (the root also "tiny types: ..."),
  // sorted, then "! <stderr warning>" lines, or "Error: <message>".
  const char* want;
  const char* want3 = nullptr;    // helm 3.17.3's result when it differs
};

constexpr const char* kRootTemplate =
    "# {{ toJson .Values }}\n# {{ range $k, $v := .Values }}{{ $k }}:{{ typeOf $v }} {{ end }}\n";
constexpr const char* kSubTemplate = "# {{ toJson .Values }}\n";

// ---------------------------------------------------------------------------------------
// The table.

const std::vector<ValuesCase>& cases() {
  static const std::vector<ValuesCase> kCases = {
#include "tests/charts/values/testdata/values_cases.inc"
  };
  return kCases;
}

// ---------------------------------------------------------------------------------------
// Building the work directory.

struct Workspace {
  fs::path dir;
  Workspace() {
    std::string tmpl = (fs::temp_directory_path() / "primer-values-XXXXXX").string();
    dir = mkdtemp(tmpl.data());
  }
  ~Workspace() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;
};

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::map<std::string, std::string> sections(const std::string& files) {
  std::map<std::string, std::string> out;
  std::string current;
  bool in = false;
  std::istringstream in_stream(files);
  std::string line;
  while (std::getline(in_stream, line)) {
    if (line.size() > 6 && line.starts_with("-- ") && line.ends_with(" --")) {
      current = line.substr(3, line.size() - 6);
      out[current];
      in = true;
      continue;
    }
    if (in) out[current] += line + "\n";
  }
  return out;
}

// Writes the case's charts under dir/tiny and its other files under dir.
void build(const ValuesCase& c, const fs::path& dir) {
  std::map<std::string, std::string> files = sections(c.files);
  std::vector<std::string> chart_dirs = {""};
  for (const auto& [path, _] : files) {
    std::string p = path;
    if (p.starts_with("@")) continue;
    std::size_t at = 0;
    while ((at = p.find("charts/", at)) != std::string::npos) {
      std::size_t end = p.find('/', at + 7);
      if (end == std::string::npos) break;
      std::string chart = p.substr(0, end + 1);
      if (std::find(chart_dirs.begin(), chart_dirs.end(), chart) == chart_dirs.end()) {
        chart_dirs.push_back(chart);
      }
      at = end + 1;
    }
  }
  for (const std::string& chart : chart_dirs) {
    std::string name = "tiny";
    if (!chart.empty()) {
      std::string trimmed = chart.substr(0, chart.size() - 1);
      name = trimmed.substr(trimmed.rfind('/') + 1);
    }
    std::string header = "apiVersion: v2\nname: " + name + "\nversion: 0.1.0\n";
    auto given = files.find(chart + "Chart.yaml");
    std::string chart_yaml = given == files.end()                      ? header
                             : given->second.starts_with("apiVersion") ? given->second
                                                                       : header + given->second;
    write_file(dir / "tiny" / (chart + "Chart.yaml"), chart_yaml);
    write_file(dir / "tiny" / (chart + "templates/v.yaml"),
               chart.empty() ? kRootTemplate : kSubTemplate);
  }
  for (const auto& [path, text] : files) {
    if (path.ends_with("Chart.yaml") && !path.starts_with("@")) continue;
    if (path.starts_with("@")) {
      write_file(dir / path.substr(1), text);
    } else {
      write_file(dir / "tiny" / path, text);
    }
  }
}

// ---------------------------------------------------------------------------------------
// primer's result, in the layout render_lines gives helm's.

ValuesOptions options_of(const std::vector<std::string>& args) {
  ValuesOptions o;
  for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
    const std::string& flag = args[i];
    const std::string& v = args[i + 1];
    if (flag == "-f" || flag == "--values")
      o.values_files.push_back(v);
    else if (flag == "--set")
      o.set.push_back(v);
    else if (flag == "--set-string")
      o.set_string.push_back(v);
    else if (flag == "--set-file")
      o.set_file.push_back(v);
    else if (flag == "--set-json")
      o.set_json.push_back(v);
    else if (flag == "--set-literal")
      o.set_literal.push_back(v);
    else
      ADD_FAILURE() << "unknown flag " << flag;
  }
  return o;
}

// Helm trims the rendered document, so the types line loses its last blank.
std::string types_line(const Value& values) {
  std::vector<std::string> parts;
  for (const auto& [k, v] : values.as_map()) {
    parts.push_back(k + ":" + std::string(value::go_type_name(v.kind())));
  }
  return join(parts, " ");
}

// The error as Helm prints it: the messages of the chain, without primer's locations.
std::string helm_text(const Error& e) {
  return e.cause() ? e.message() + ": " + helm_text(*e.cause()) : e.message();
}

void chart_lines(const Chart& chart, const Value& values, const std::string& path,
                 std::vector<std::string>& lines) {
  lines.push_back(path + ": " + value::to_json(values));
  if (path == "tiny" && values.size() > 0) {
    lines.push_back(path + " types: " + types_line(values));
  }
  for (const auto& sub : chart.dependencies) {
    chart_lines(*sub, subchart_values(values, sub->name()), path + "/charts/" + sub->name(), lines);
  }
}

std::string join_lines(std::vector<std::string> lines, const std::vector<std::string>& warnings) {
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  for (const std::string& w : warnings) out += "! " + w + "\n";
  return out;
}

std::string primer_result(const ValuesCase& c, Dialect dialect, const fs::path& dir) {
  Warnings warnings;
  // Relative paths in the flags name files of the work directory, as for helm.
  struct Cwd {
    fs::path saved = fs::current_path();
    explicit Cwd(const fs::path& to) { fs::current_path(to); }
    ~Cwd() { fs::current_path(saved); }
  };
  Value user;
  try {
    Cwd cwd(dir);
    user = merge_user_values(options_of(c.args), dialect);
  } catch (const Error& e) {
    return "Error: " + helm_text(e) + "\n";
  }
  Chart chart = load_chart((dir / "tiny").string(), dialect);
  try {
    process_dependencies(chart, user, dialect, &warnings);
  } catch (const Error& e) {
    std::string prefix = dialect == Dialect::Helm4 ? "chart dependencies processing failed: " : "";
    return join_lines({}, warnings) + "Error: " + prefix + helm_text(e) + "\n";
  }
  try {
    Value values = coalesce_values(chart, user, dialect, &warnings);
    std::vector<std::string> lines;
    chart_lines(chart, values, "tiny", lines);
    return join_lines(lines, warnings);
  } catch (const Error& e) {
    return join_lines({}, warnings) + "Error: " + helm_text(e) + "\n";
  }
}

// ---------------------------------------------------------------------------------------
// The oracle's result.

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'')
      out += "'\\''";
    else
      out += ch;
  }
  return out + "'";
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string parse_oracle_output(const std::string& out, const std::string& err) {
  std::vector<std::string> lines;
  std::istringstream s(out);
  std::string line;
  std::string path;
  bool types_next = false;
  while (std::getline(s, line)) {
    if (line.starts_with("# Source: ")) {
      path = line.substr(10);
      path = path.substr(0, path.size() - std::string("/templates/v.yaml").size());
      types_next = false;
    } else if (line.starts_with("# ") && !path.empty()) {
      if (types_next) {
        lines.push_back(path + " types: " + line.substr(2));
        path.clear();
      } else {
        lines.push_back(path + ": " + line.substr(2));
        types_next = path == "tiny";
        if (!types_next) path.clear();
      }
    }
  }
  std::vector<std::string> warnings;
  std::string error;
  std::istringstream e(err);
  while (std::getline(e, line)) {
    if (line.starts_with("Error: ")) {
      error = line + "\n";
    } else if (!line.starts_with("level=ERROR")) {
      warnings.push_back(line);
    }
  }
  if (!error.empty()) lines.clear();
  return join_lines(lines, warnings) + error;
}

// Runs both oracles at once on the case's work directory; returns {helm 4, helm 3} results.
std::pair<std::string, std::string> oracle_results(const ValuesCase& c, const std::string& helm4,
                                                   const std::string& helm3, const fs::path& dir) {
  std::string args;
  for (const std::string& a : c.args) args += " " + shell_quote(a);
  auto run = [&](const std::string& helm, const char* tag) {
    return shell_quote(helm) + " template tiny" + args + " >" + tag + ".out 2>" + tag + ".err";
  };
  test::run_command("cd " + shell_quote(dir.string()) + " && { " + run(helm4, "h4") + " & " +
                    run(helm3, "h3") + "; wait; }");
  return {parse_oracle_output(read_text(dir / "h4.out"), read_text(dir / "h4.err")),
          parse_oracle_output(read_text(dir / "h3.out"), read_text(dir / "h3.err"))};
}

std::string want_for(const ValuesCase& c, Dialect d) {
  return d == Dialect::Helm3 && c.want3 ? c.want3 : c.want;
}

std::string cpp_literal(const std::string& s) { return "R\"x(" + s + ")x\""; }

TEST(Values, Conformance) {
  ASSERT_GE(cases().size(), 1u);
  for (const ValuesCase& c : cases()) {
    SCOPED_TRACE(c.name);
    Workspace ws;
    build(c, ws.dir);
    for (Dialect d : {Dialect::Helm4, Dialect::Helm3}) {
      SCOPED_TRACE(d == Dialect::Helm4 ? "helm 4" : "helm 3");
      EXPECT_EQ(primer_result(c, d, ws.dir), want_for(c, d));
    }
  }
}

TEST(Values, TableMatchesOracles) {
  auto helm4 = test::oracle("HELM4");
  auto helm3 = test::oracle("HELM3");
  PRIMER_REQUIRE(helm4 && helm3, "HELM4 and HELM3 oracles");
  bool dump = std::getenv("PRIMER_VALUES_DUMP") != nullptr;
  for (const ValuesCase& c : cases()) {
    SCOPED_TRACE(c.name);
    Workspace ws;
    build(c, ws.dir);
    auto [got4, got3] = oracle_results(c, *helm4, *helm3, ws.dir);
    if (dump) {
      std::cout << "@@ " << c.name << "\n" << cpp_literal(got4);
      if (got3 != got4) std::cout << ",\n" << cpp_literal(got3);
      std::cout << "\n";
      continue;
    }
    EXPECT_EQ(got4, want_for(c, Dialect::Helm4));
    EXPECT_EQ(got3, want_for(c, Dialect::Helm3));
  }
}

// The fixture chart argo-cd 10.1.1 (with redis-ha) under the fixture values files: the
// coalesced `.Values` of argo-cd and of redis-ha, against what each oracle computes.
TEST(Values, ArgoCdMatchesOracles) {
  auto helm4 = test::oracle("HELM4");
  auto helm3 = test::oracle("HELM3");
  fs::path tgz = fs::absolute(fs::path(test::fixtures_dir()) / "charts" / "argo-cd-10.1.1.tgz");
  PRIMER_REQUIRE(helm4 && helm3 && fs::exists(tgz), "HELM4, HELM3 and the argo-cd fixture");
  Workspace ws;
  test::run_command("tar xzf " + shell_quote(tgz.string()) + " -C " + shell_quote(ws.dir.string()));
  fs::path chart_dir = ws.dir / "argo-cd";
  ASSERT_TRUE(fs::exists(chart_dir / "charts" / "redis-ha" / "Chart.yaml"));
  write_file(chart_dir / "templates" / "zz-values.yaml", kSubTemplate);
  write_file(chart_dir / "charts" / "redis-ha" / "templates" / "zz-values.yaml", kSubTemplate);
  std::string values_dir = fs::absolute(fs::path(test::fixtures_dir()) / "values").string();

  const std::vector<std::vector<std::string>> runs = {
      {},
      {"--set", "redis-ha.enabled=true"},
      {"-f", values_dir + "/ha.yaml"},
      {"-f", values_dir + "/kitchen-sink.yaml"},
      {"-f", values_dir + "/seed-blog.yaml"},
      {"-f", values_dir + "/ha.yaml", "-f", values_dir + "/kitchen-sink.yaml", "--set",
       "redis-ha.haproxy.replicas=5,global.domain=x.example"},
  };
  for (const auto& args : runs) {
    SCOPED_TRACE(join(args, " "));
    for (Dialect d : {Dialect::Helm4, Dialect::Helm3}) {
      SCOPED_TRACE(d == Dialect::Helm4 ? "helm 4" : "helm 3");
      std::string cmd = "cd " + shell_quote(ws.dir.string()) + " && " +
                        shell_quote(d == Dialect::Helm4 ? *helm4 : *helm3) + " template argo-cd";
      for (const std::string& a : args) cmd += " " + shell_quote(a);
      std::string out = test::run_command(cmd + " 2>/dev/null");
      std::map<std::string, std::string> want;
      std::istringstream s(out);
      std::string line;
      std::string source;
      while (std::getline(s, line)) {
        if (line.starts_with("# Source: ")) {
          source = line.substr(10);
        } else if (source.ends_with("/zz-values.yaml") && line.starts_with("# ")) {
          want[source] = line.substr(2);
          source.clear();
        }
      }
      ASSERT_TRUE(want.contains("argo-cd/templates/zz-values.yaml")) << out.substr(0, 2000);

      ValuesOptions options = options_of(args);
      Value user = merge_user_values(options, d);
      Chart chart = load_chart(chart_dir.string(), d);
      Warnings warnings;
      process_dependencies(chart, user, d, &warnings);
      Value values = coalesce_values(chart, user, d, &warnings);
      std::map<std::string, std::string> got;
      got["argo-cd/templates/zz-values.yaml"] = value::to_json(values);
      for (const auto& sub : chart.dependencies) {
        got["argo-cd/charts/" + sub->name() + "/templates/zz-values.yaml"] =
            value::to_json(subchart_values(values, sub->name()));
      }
      EXPECT_EQ(got, want);
    }
  }
}

}  // namespace
}  // namespace primer::charts
