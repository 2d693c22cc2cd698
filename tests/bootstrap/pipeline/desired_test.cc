// The desired objects of a bootstrap, built offline from the fixture chart: rendered as
// Argo CD renders, stamped with tracking annotations, hooks apart, handoff objects built from
// the configuration.
#include "bootstrap/pipeline/desired.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "base/error.h"
#include "bootstrap/pipeline/handoff.h"
#include "bootstrap/pipeline/planner.h"
#include "tests/support/support.h"

namespace primer::bootstrap::pipeline {
namespace {

using value::Value;

std::string text(const Value& v, std::initializer_list<std::string_view> path) {
  const Value* cur = &v;
  for (std::string_view k : path) {
    cur = cur->find(k);
    if (cur == nullptr) return "";
  }
  return cur->is_string() ? cur->as_string() : "";
}

config::Config fixture_config() {
  config::Config c;
  c.chart.name = test::fixtures_dir() + "/charts/argo-cd-10.1.1.tgz";
  c.handoff.chart_repo_url = "https://charts.example/argo-helm";
  return c;
}

bool have_chart() {
  return std::filesystem::exists(test::fixtures_dir() + "/charts/argo-cd-10.1.1.tgz");
}

Desired build(const config::Config& c) {
  charts::FetchOptions fetch;
  fetch.cache_dir = ::testing::TempDir() + "/primer-desired-cache";
  return build_desired(c, "", {}, fetch, nullptr);
}

TEST(Desired, TrackingAnnotationOnEveryObjectButCrdsAndTheNamespace) {
  PRIMER_REQUIRE(have_chart(), "the argo-cd 10.1.1 fixture chart");
  Desired d = build(fixture_config());
  ASSERT_FALSE(d.objects.empty());
  EXPECT_EQ(text(d.objects[0], {"kind"}), "Namespace");
  EXPECT_EQ(text(d.objects[0], {"metadata", "name"}), "argocd");
  int crds = 0;
  for (const Value& o : d.objects) {
    std::string kind = text(o, {"kind"});
    std::string id = text(o, {"metadata", "annotations", kTrackingAnnotation});
    if (kind == "CustomResourceDefinition" || kind == "Namespace") {
      crds += kind == "CustomResourceDefinition";
      EXPECT_EQ(id, "") << kind;
      continue;
    }
    bool cluster = kind == "ClusterRole" || kind == "ClusterRoleBinding";
    EXPECT_EQ(text(o, {"metadata", "namespace"}), cluster ? "" : "argocd") << kind;
    EXPECT_EQ(id, tracking_id("argocd", group_of(text(o, {"apiVersion"})), kind, "argocd",
                              text(o, {"metadata", "name"})));
  }
  EXPECT_EQ(crds, 3);
}

TEST(Desired, ClusterScopedObjectsCarryTheDestinationNamespace) {
  EXPECT_EQ(tracking_id("argocd", "rbac.authorization.k8s.io", "ClusterRole", "argocd", "x"),
            "argocd:rbac.authorization.k8s.io/ClusterRole:argocd/x");
  EXPECT_EQ(tracking_id("argocd", "", "ConfigMap", "argocd", "argocd-cm"),
            "argocd:/ConfigMap:argocd/argocd-cm");
}

TEST(Desired, HooksAreKeptApartInHelmsOrderAndTracked) {
  PRIMER_REQUIRE(have_chart(), "the argo-cd 10.1.1 fixture chart");
  Desired d = build(fixture_config());
  std::vector<std::string> kinds;
  for (const Hook& h : d.hooks) {
    kinds.push_back(text(h.object, {"kind"}));
    EXPECT_TRUE(h.has_event("pre-install"));
    EXPECT_EQ(h.delete_policies, std::vector<std::string>{"before-hook-creation"});
    EXPECT_EQ(text(h.object, {"metadata", "annotations", kTrackingAnnotation}),
              tracking_id("argocd", group_of(text(h.object, {"apiVersion"})), kinds.back(),
                          "argocd", "argocd-redis-secret-init"));
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"ServiceAccount", "Role", "RoleBinding", "Job"}));
  for (const Value& o : d.objects) {
    EXPECT_NE(text(o, {"metadata", "name"}), "argocd-redis-secret-init");
  }
}

TEST(Desired, SelfManagingApplicationNamesTheInstalledChartAndValues) {
  PRIMER_REQUIRE(have_chart(), "the argo-cd 10.1.1 fixture chart");
  config::Config c = fixture_config();
  c.values.set = {"server.replicas=2"};
  c.handoff.root.repo_url = "https://git.example/platform.git";
  c.handoff.root.path = "apps";
  c.handoff.root.recurse = true;
  Desired d = build(c);
  ASSERT_EQ(d.handoff.size(), 2u);
  const Value& app = d.handoff[0];
  EXPECT_EQ(text(app, {"kind"}), "Application");
  EXPECT_EQ(text(app, {"metadata", "namespace"}), "argocd");
  EXPECT_EQ(text(app, {"spec", "source", "repoURL"}), "https://charts.example/argo-helm");
  EXPECT_EQ(text(app, {"spec", "source", "chart"}), "argo-cd");
  EXPECT_EQ(text(app, {"spec", "source", "targetRevision"}), "10.1.1");
  EXPECT_EQ(text(app, {"spec", "source", "helm", "releaseName"}), "argocd");
  EXPECT_EQ(value::to_json(*app.find("spec")->find("source")->find("helm")->find("valuesObject")),
            R"({"server":{"replicas":2}})");
  EXPECT_EQ(
      value::to_json(*app.find("spec")->find("syncPolicy")),
      R"({"automated":{"prune":true,"selfHeal":true},"syncOptions":["ServerSideApply=true"]})");
  EXPECT_EQ(app.find("metadata")->find("finalizers"), nullptr);
  const Value& root = d.handoff[1];
  EXPECT_EQ(text(root, {"metadata", "name"}), "root");
  EXPECT_EQ(
      value::to_json(*root.find("spec")->find("source")),
      R"({"directory":{"recurse":true},"path":"apps","repoURL":"https://git.example/platform.git","targetRevision":"HEAD"})");
}

TEST(Desired, ALocalChartCannotBeHandedOffWithoutARepositoryArgoCdCanReach) {
  PRIMER_REQUIRE(have_chart(), "the argo-cd 10.1.1 fixture chart");
  config::Config c = fixture_config();
  c.handoff.chart_repo_url.clear();
  try {
    build(c);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "handoff: the chart is the local path " + c.chart.name +
                  ", which Argo CD cannot fetch; set handoff.chartRepoURL (-handoff-chart-repo) "
                  "to the Helm repository that serves it, or disable the handoff (-no-handoff)");
  }
}

TEST(Desired, RepositorySecretsReadTheirSecretsFromTheEnvironmentAndNeverNameThem) {
  PRIMER_REQUIRE(have_chart(), "the argo-cd 10.1.1 fixture chart");
  config::Config c = fixture_config();
  config::Repository r;
  r.name = "gitops";
  r.url = "https://git.example/platform.git";
  r.password.env = "PRIMER_TEST_REPO_PASSWORD";
  c.handoff.repositories.push_back(r);
  unsetenv("PRIMER_TEST_REPO_PASSWORD");
  try {
    build(c);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "handoff.repositories[0].password: environment variable PRIMER_TEST_REPO_PASSWORD "
              "is not set");
  }
  setenv("PRIMER_TEST_REPO_PASSWORD", "s3cr3t-token", 1);
  Desired d = build(c);
  unsetenv("PRIMER_TEST_REPO_PASSWORD");
  const Value& secret = d.handoff[0];
  EXPECT_EQ(text(secret, {"metadata", "labels", "argocd.argoproj.io/secret-type"}), "repository");
  EXPECT_EQ(text(secret, {"stringData", "password"}), "s3cr3t-token");
  EXPECT_EQ(value::to_json(plan::masked(secret)).find("s3cr3t"), std::string::npos);
}

TEST(Desired, InputsDigestFollowsTheValues) {
  PRIMER_REQUIRE(have_chart(), "the argo-cd 10.1.1 fixture chart");
  config::Config c = fixture_config();
  std::string a = inputs_digest(build(c));
  EXPECT_EQ(inputs_digest(build(c)), a);
  c.values.set = {"server.replicas=2"};
  EXPECT_NE(inputs_digest(build(c)), a);
}

TEST(Desired, AnOfflinePlanCreatesEverythingAndHandsTheChartOff) {
  PRIMER_REQUIRE(have_chart(), "the argo-cd 10.1.1 fixture chart");
  Desired d = build(fixture_config());
  plan::Plan p = make_plan(d, nullptr, nullptr);
  plan::Summary s = p.summary();
  EXPECT_EQ(s.add, static_cast<int>(d.objects.size() + d.hooks.size() + d.handoff.size()));
  EXPECT_EQ(s.change, 0);
  EXPECT_EQ(s.destroy, 0);
  EXPECT_EQ(p.hand_off, static_cast<int>(d.objects.size()) - 1);  // all but the namespace
  EXPECT_TRUE(p.offline);
  EXPECT_EQ(p.changes.front().ref.kind, "Namespace");
  EXPECT_TRUE(p.changes[1].hook);
  EXPECT_EQ(p.changes.back().ref.kind, "Application");
}

}  // namespace
}  // namespace primer::bootstrap::pipeline
