// Faults and bad inputs: transient API errors are retried; a hard failure stops the apply with
// a report and exit 1, and a rerun converges once it is gone; bad configurations and inputs
// are refused with a clear error before anything is written to the cluster.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/integration/harness.h"

namespace primer::integration {
namespace {

const std::string kNoChanges = "No changes. Your cluster matches the configuration.\n";

bool chart_fixture_present() { return std::filesystem::exists(chart_archive()); }

void expect_converged(World& w, const std::vector<std::string>& flags) {
  Result rerun = w.primer(std::vector<std::string>{"apply", "-auto-approve"} + flags);
  ASSERT_EQ(rerun.status, 0) << rerun.output;
  Result list = w.primer(std::vector<std::string>{"state", "list"} + w.cluster_flags());
  EXPECT_EQ(list.status, 0) << list.output;
  EXPECT_FALSE(contains(list.output, "(pending)")) << list.output;
  std::string rv = w.resource_version();
  Result noop = w.primer(std::vector<std::string>{"apply"} + flags);
  EXPECT_EQ(noop.status, 0) << noop.output;
  EXPECT_EQ(noop.output, kNoChanges);
  EXPECT_EQ(w.resource_version(), rv) << "a no-op apply wrote to the cluster";
}

TEST(Faults, TransientErrorsAreRetriedAndTheApplySucceeds) {
  PRIMER_REQUIRE(chart_fixture_present(), "the argo-cd " + std::string(kChartVersion) + " fixture");
  PRIMER_WORLD(w);
  // 503s and 429s with Retry-After and connection resets, on applies (PATCH) and reads (GET),
  // each rule firing `times` times after letting `skip` requests through.
  ASSERT_EQ(w.set_faults("action=503,method=PATCH,skip=5,times=3,retry_after=1;"
                         "action=429,method=PATCH,skip=30,times=2,retry_after=1;"
                         "action=reset,method=PATCH,skip=50,times=2;"
                         "action=503,method=GET,skip=5,times=3,retry_after=0;"
                         "action=429,method=GET,skip=12,times=2,retry_after=1;"
                         "action=reset,method=GET,skip=16,times=2"),
            200);
  const std::vector<std::string> flags = w.cluster_flags({"-no-handoff"});
  Result applied = w.primer(std::vector<std::string>{"apply", "-auto-approve"} + flags);
  EXPECT_EQ(applied.status, 0) << applied.output;
  EXPECT_TRUE(last_line(applied.output).starts_with("Apply complete! Resources: "))
      << applied.output;
  // Every rule fired as often as it was told to.
  value::Value rules =
      value::parse_json("faults", w.admin("GET", "/admin/faults", "").body, value::Numbers::Typed);
  const value::Value* list = rules.find("rules");
  ASSERT_NE(list, nullptr);
  for (const value::Value& r : list->as_list()) {
    std::int64_t hits = r.find("hits")->as_int();
    std::int64_t wanted = r.find("skip")->as_int() + r.find("times")->as_int();
    EXPECT_GE(hits, wanted) << value::to_json(r);
  }
  ASSERT_EQ(w.clear_faults(), 200);
  std::string rv = w.resource_version();
  Result noop = w.primer(std::vector<std::string>{"apply"} + flags);
  EXPECT_EQ(noop.output, kNoChanges);
  EXPECT_EQ(w.resource_version(), rv);
}

TEST(Faults, EveryApplyOfOneObjectFailingStopsWithAReportAndARerunConverges) {
  PRIMER_REQUIRE(chart_fixture_present(), "the argo-cd " + std::string(kChartVersion) + " fixture");
  PRIMER_WORLD(w);
  ASSERT_EQ(
      w.set_faults("action=500,method=PATCH,path=/api/v1/namespaces/argocd/configmaps/argocd-cm"),
      200);
  const std::vector<std::string> flags = w.cluster_flags({"-no-handoff"});
  Result failed = w.primer(std::vector<std::string>{"apply", "-auto-approve"} + flags);
  EXPECT_EQ(failed.status, 1) << failed.output;
  EXPECT_TRUE(
      failed.output.ends_with("Error: apply stopped: the cluster refused:\n"
                              "  v1 ConfigMap argocd/argocd-cm: 500 InternalError: Internal error "
                              "occurred: injected fault\n"))
      << failed.output;
  EXPECT_FALSE(contains(failed.output, "Applying workloads")) << "went on after the failure";
  EXPECT_FALSE(w.get("v1", "ConfigMap", "argocd", "argocd-cm").has_value());
  ASSERT_EQ(w.clear_faults(), 200);
  expect_converged(w, flags);
  EXPECT_TRUE(w.get("v1", "ConfigMap", "argocd", "argocd-cm").has_value());
}

// CRDs apply in the background while the next waves go on: a refused CRD still stops the
// run with the report, what the other waves wrote is in state, and a rerun converges.
TEST(Faults, ARefusedCrdStopsTheRunWithAReportAndARerunConverges) {
  PRIMER_REQUIRE(chart_fixture_present(), "the argo-cd " + std::string(kChartVersion) + " fixture");
  PRIMER_WORLD(w);
  const std::string crd =
      "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/appprojects.argoproj.io";
  ASSERT_EQ(w.set_faults("action=500,method=PATCH,path=" + crd), 200);
  const std::vector<std::string> flags = w.cluster_flags({"-no-handoff"});
  Result failed = w.primer(std::vector<std::string>{"apply", "-auto-approve"} + flags);
  EXPECT_EQ(failed.status, 1) << failed.output;
  EXPECT_TRUE(failed.output.ends_with(
      "Error: apply stopped: the cluster refused:\n"
      "  apiextensions.k8s.io/v1 CustomResourceDefinition appprojects.argoproj.io: 500 "
      "InternalError: Internal error occurred: injected fault\n"))
      << failed.output;
  EXPECT_FALSE(
      w.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "appprojects.argoproj.io")
          .has_value());
  EXPECT_TRUE(
      w.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "applications.argoproj.io")
          .has_value());
  ASSERT_EQ(w.clear_faults(), 200);
  expect_converged(w, flags);
  EXPECT_TRUE(
      w.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "appprojects.argoproj.io")
          .has_value());
}

TEST(Faults, AFailedDeploymentStopsWithAReportAndARerunConverges) {
  PRIMER_REQUIRE(chart_fixture_present(), "the argo-cd " + std::string(kChartVersion) + " fixture");
  PRIMER_WORLD(w);
  ASSERT_EQ(w.set_controllers(R"({"fail":["Deployment/argocd/argocd-server"]})"), 200);
  const std::vector<std::string> flags = w.cluster_flags({});
  Result failed =
      w.primer(std::vector<std::string>{"apply", "-auto-approve", "-timeout", "60s"} + flags);
  EXPECT_EQ(failed.status, 1) << failed.output;
  EXPECT_TRUE(contains(failed.output,
                       "\n  FAILED: apps/v1 Deployment argocd/argocd-server (Progress deadline "
                       "exceeded)\n"))
      << failed.output;
  EXPECT_TRUE(
      failed.output.ends_with("Error: apply stopped: failed: apps/v1 Deployment "
                              "argocd/argocd-server: Failed: Progress deadline exceeded\n"))
      << failed.output;
  // Argo CD is not handed its own installation while it does not run.
  EXPECT_FALSE(w.get("argoproj.io/v1alpha1", "Application", "argocd", "argocd").has_value());
  ASSERT_EQ(w.set_controllers(R"({"fail":[]})"), 200);
  Result rerun = w.primer(std::vector<std::string>{"apply", "-auto-approve"} + flags);
  ASSERT_EQ(rerun.status, 0) << rerun.output;
  EXPECT_TRUE(rerun.output.ends_with(
      "Handed off to Argo CD: Application argocd/argocd now manages the installation.\n"))
      << rerun.output;
  std::string rv = w.resource_version();
  Result noop = w.primer(std::vector<std::string>{"apply"} + flags);
  EXPECT_EQ(noop.status, 0) << noop.output;
  EXPECT_TRUE(noop.output.ends_with(kNoChanges)) << noop.output;
  EXPECT_EQ(w.resource_version(), rv);
}

struct BadInput {
  const char* name;  // the rule this case pins
  const char* file;  // written to the working directory as primer.yaml or bad.yaml ("" none)
  const char* file_name;
  std::vector<std::string> args;  // after "-kubeconfig K"
  std::string error;              // the whole last line of the output
};

TEST(BadInputs, AreRefusedWithAClearErrorAndNothingWritten) {
  PRIMER_REQUIRE(chart_fixture_present(), "the argo-cd " + std::string(kChartVersion) + " fixture");
  PRIMER_WORLD(w);
  const std::string repo = charts_repo();
  const BadInput cases[] = {
      {"an unknown setting in primer.yaml is named with its place",
       "chart:\n  name: argo-cd\n  rooot: x\n",
       "primer.yaml",
       {"apply", "-auto-approve"},
       "Error: primer.yaml:3:3: chart.rooot: unknown setting (known here: repo, name, version)\n"},
      {"a close unknown setting gets a suggestion",
       "chart:\n  name: argo-cd\nrelase:\n  name: x\n",
       "primer.yaml",
       {"apply", "-auto-approve"},
       "Error: primer.yaml:3:1: relase: unknown setting. Did you mean \"release\"?\n"},
      {"malformed YAML in -config names the file",
       "chart:\n  name: [argo-cd\n",
       "bad.yaml",
       {"apply", "-config", "bad.yaml", "-auto-approve"},
       "Error: bad.yaml:3:1: yaml: line 2: did not find expected ',' or ']'\n"},
      {"a wrong type names the setting",
       "chart:\n  name: argo-cd\nrelease:\n  name: [a]\n",
       "primer.yaml",
       {"plan"},
       "Error: primer.yaml:4:9: release.name: expected a string, got a list\n"},
      {"an unknown chart version lists the available ones",
       "",
       "",
       {"apply", "-auto-approve", "-chart", "argo-cd", "-repo", repo, "-version", "99.9.9"},
       "Error: chart \"argo-cd\" version \"99.9.9\" not found in " + repo +
           " repository (available: 10.1.1, 9.0.0, 7.6.1)\n"},
      {"apply without -auto-approve and without a terminal refuses", "", "",
       std::vector<std::string>{"apply"} + chart_flags(),
       "Error: apply needs confirmation, and no terminal is attached to answer: review the plan "
       "and run again with -auto-approve\n"},
      {"destroy without -auto-approve and without a terminal refuses", "", "",
       std::vector<std::string>{"destroy"} + chart_flags(), ""},
  };
  // destroy needs something to destroy before it asks: install first (outside the cases).
  for (const BadInput& c : cases) {
    SCOPED_TRACE(c.name);
    std::error_code ignored;
    std::filesystem::remove(w.dir() + "/primer.yaml", ignored);
    if (*c.file != '\0') w.write(c.file_name, c.file);
    if (std::string(c.name).starts_with("destroy")) {
      std::filesystem::remove(w.dir() + "/primer.yaml", ignored);
      Result installed = w.primer(std::vector<std::string>{"apply", "-auto-approve", "-no-handoff",
                                                           "-kubeconfig", w.kubeconfig()} +
                                  chart_flags());
      ASSERT_EQ(installed.status, 0) << installed.output;
    }
    std::string rv = w.resource_version();
    Result r = w.primer(std::vector<std::string>{c.args[0], "-kubeconfig", w.kubeconfig()} +
                        std::vector<std::string>(c.args.begin() + 1, c.args.end()));
    EXPECT_EQ(r.status, 1) << r.output;
    if (!c.error.empty()) {
      EXPECT_EQ(last_line(r.output), c.error) << r.output;
    } else {
      EXPECT_TRUE(last_line(r.output).starts_with("Error: destroy needs confirmation")) << r.output;
    }
    EXPECT_EQ(w.resource_version(), rv) << "written to the cluster";
  }
}

TEST(BadInputs, AnUnreachableClusterIsAClearError) {
  PRIMER_REQUIRE(chart_fixture_present(), "the argo-cd " + std::string(kChartVersion) + " fixture");
  PRIMER_WORLD(w);
  kube::ClusterConfig c = w.emulator().config();
  std::string ca = w.write("ca.pem", c.ca_pem);
  std::string kubeconfig =
      w.write("unreachable",
              "apiVersion: v1\nkind: Config\n"
              "clusters:\n- name: gone\n  cluster:\n"
              "    server: https://127.0.0.1:1\n"
              "    certificate-authority: " +
                  ca +
                  "\n"
                  "users:\n- name: u\n  user:\n    token: " +
                  c.auth.token +
                  "\n"
                  "contexts:\n- name: gone\n  context: {cluster: gone, user: u}\n"
                  "current-context: gone\n");
  for (const char* command : {"plan", "apply"}) {
    SCOPED_TRACE(command);
    std::string rv = w.resource_version();
    std::vector<std::string> args = {command, "-kubeconfig", kubeconfig};
    if (std::string(command) == "apply") args.push_back("-auto-approve");
    Result r = w.primer(args + chart_flags());
    EXPECT_EQ(r.status, 1) << r.output;
    std::string line = last_line(r.output);
    EXPECT_TRUE(line.starts_with("Error: ")) << r.output;
    EXPECT_TRUE(contains(line, "https://127.0.0.1:1/")) << line;
    EXPECT_TRUE(contains(line, "Failed to connect to 127.0.0.1 port 1")) << line;
    EXPECT_EQ(w.resource_version(), rv);
  }
}

}  // namespace
}  // namespace primer::integration
