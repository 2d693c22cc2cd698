// primer render against helm template: the argo-cd fixture charts with the fixture values
// files, through both oracles, byte for byte. Each case runs the oracle and primer's
// renderer in-process on the same inputs.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "base/error.h"
#include "charts/loader.h"
#include "charts/render.h"
#include "tests/support/support.h"

namespace primer::charts {
namespace {

struct ParityCase {
  std::string chart;                // archive under fixtures/charts
  std::vector<std::string> values;  // files under fixtures/values
  std::vector<std::string> extra;   // extra flags, given to both (helm spelling)
};

void PrintTo(const ParityCase& c, std::ostream* os) {
  *os << c.chart;
  for (const std::string& v : c.values) *os << " -f " << v;
  for (const std::string& e : c.extra) *os << " " << e;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

RenderOptions options_for(const ParityCase& c, Dialect dialect) {
  RenderOptions o;
  o.engine.dialect = dialect;
  for (const std::string& v : c.values) o.values.values_files.push_back(test::fixtures_dir() + "/values/" + v);
  o.release.name = "argocd";
  o.release.namespace_name = "argocd";
  o.capabilities.kube_version = "1.33.0";
  for (std::size_t i = 0; i < c.extra.size(); ++i) {
    const std::string& f = c.extra[i];
    if (f == "--include-crds") o.output.include_crds = true;
    if (f == "--api-versions") o.capabilities.api_versions.push_back(c.extra[++i]);
    if (f == "--set") o.values.set.push_back(c.extra[++i]);
    if (f == "--show-only") o.output.show_only.push_back(c.extra[++i]);
    if (f == "--kube-version") o.capabilities.kube_version = c.extra[++i];
  }
  return o;
}

std::string helm_command(const std::string& helm, const ParityCase& c) {
  std::string cmd = helm + " template argocd " +
                    shell_quote(test::fixtures_dir() + "/charts/" + c.chart) +
                    " --namespace argocd";
  bool kube = std::find(c.extra.begin(), c.extra.end(), "--kube-version") != c.extra.end();
  if (!kube) cmd += " --kube-version 1.33.0";
  for (const std::string& v : c.values) cmd += " -f " + shell_quote(test::fixtures_dir() + "/values/" + v);
  for (const std::string& e : c.extra) cmd += " " + shell_quote(e);
  return cmd + " 2>/dev/null";
}

// The first differing line, for a readable failure.
std::string first_difference(const std::string& want, const std::string& got) {
  std::size_t i = 0;
  while (i < want.size() && i < got.size() && want[i] == got[i]) ++i;
  std::size_t line_start = want.rfind('\n', i == 0 ? 0 : i - 1);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  int line = 1 + static_cast<int>(std::count(want.begin(), want.begin() + static_cast<std::ptrdiff_t>(i), '\n'));
  auto excerpt = [&](const std::string& s) {
    std::size_t end = s.find('\n', i);
    return s.substr(line_start, (end == std::string::npos ? s.size() : end) - line_start);
  };
  return "line " + std::to_string(line) + "\n  helm:   " + excerpt(want) + "\n  primer: " + excerpt(got);
}

void check(const ParityCase& c, const char* oracle_env, Dialect dialect) {
  auto helm = test::oracle(oracle_env);
  PRIMER_REQUIRE(helm.has_value(), std::string(oracle_env) + " oracle not installed");
  PRIMER_REQUIRE(std::filesystem::exists(test::fixtures_dir() + "/charts/" + c.chart),
                 "fixture chart " + c.chart + " missing");
  int status = 0;
  std::string want = test::run_command(helm_command(*helm, c), &status);
  ASSERT_EQ(status, 0) << helm_command(*helm, c);
  std::string got;
  try {
    Chart chart = load_chart(test::fixtures_dir() + "/charts/" + c.chart, dialect);
    got = render_chart(chart, options_for(c, dialect)).output;
  } catch (const Error& e) {
    FAIL() << "primer failed: " << e.what();
  }
  if (want != got) {
    FAIL() << "differs from " << oracle_env << " at " << first_difference(want, got) << "\n(" << want.size()
           << " vs " << got.size() << " bytes)";
  }
}

// Every fixture chart with every fixture values file (and none), then per chart the flag
// variants issue 4 names: --set combinations, extra API versions, two other Kubernetes
// versions, --include-crds and --show-only.
std::vector<ParityCase> parity_cases() {
  const std::vector<std::string> charts = {"argo-cd-10.1.1.tgz", "argo-cd-9.0.0.tgz", "argo-cd-7.6.1.tgz"};
  const std::vector<std::string> values = {"ha.yaml", "kitchen-sink.yaml", "seed-blog.yaml"};
  std::vector<ParityCase> cases;
  for (const std::string& chart : charts) {
    cases.push_back({chart, {}, {}});
    for (const std::string& v : values) cases.push_back({chart, {v}, {}});
    cases.push_back({chart, {}, {"--set", "redis-ha.enabled=true"}});
    cases.push_back({chart, {"seed-blog.yaml"},
                     {"--set", "server.replicas=3,configs.params.server\\.insecure=true", "--set",
                      "global.image.tag=v9.9.9"}});
    cases.push_back({chart, {"kitchen-sink.yaml"}, {"--api-versions", "monitoring.coreos.com/v1"}});
    cases.push_back({chart, {"ha.yaml"}, {"--kube-version", "1.30.4"}});
    cases.push_back({chart, {}, {"--kube-version", "1.27.0"}});
    cases.push_back({chart, {"ha.yaml", "seed-blog.yaml"}, {"--include-crds"}});
    cases.push_back({chart, {}, {"--show-only", "templates/argocd-server/*", "--show-only", "templates/crds/*"}});
  }
  return cases;
}

class RenderParity : public testing::TestWithParam<ParityCase> {};

TEST_P(RenderParity, MatchesHelm4) { check(GetParam(), "HELM4", Dialect::Helm4); }
TEST_P(RenderParity, MatchesHelm3) { check(GetParam(), "HELM3", Dialect::Helm3); }

INSTANTIATE_TEST_SUITE_P(ArgoCd, RenderParity, testing::ValuesIn(parity_cases()),
                         [](const testing::TestParamInfo<ParityCase>& info) {
                           std::string name = info.param.chart + "_" + std::to_string(info.index);
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace primer::charts
