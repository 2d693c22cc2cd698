// The handoff encodes exactly what was rendered: the self-managing Application's chart,
// version, release name, namespace and values render (with the oracle) to the manifests
// primer rendered, and every live chart object carries Argo CD's tracking annotation.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/integration/harness.h"

namespace primer::integration {
namespace {

using value::Value;

TEST(Handoff, ApplicationSpecRendersToWhatPrimerRenderedAndObjectsAreTracked) {
  const std::string values = test::fixtures_dir() + "/values/ha.yaml";
  PRIMER_REQUIRE(std::filesystem::exists(chart_archive()) && std::filesystem::exists(values),
                 "the argo-cd chart and values fixtures");
  std::optional<std::string> helm = test::oracle("HELM4");
  PRIMER_REQUIRE(helm.has_value(), "HELM4 (the Application's source is rendered with helm)");
  PRIMER_WORLD(w);

  Result applied = w.primer(std::vector<std::string>{"apply"} +
                            w.cluster_flags({"-values", values, "-auto-approve"}));
  ASSERT_EQ(applied.status, 0) << applied.output;
  ASSERT_TRUE(applied.output.ends_with(
      "Handed off to Argo CD: Application argocd/argocd now manages the installation.\n"))
      << applied.output;

  std::optional<Value> app = w.get("argoproj.io/v1alpha1", "Application", "argocd", "argocd");
  ASSERT_TRUE(app.has_value());
  EXPECT_EQ(text_at(*app, {"spec", "source", "repoURL"}), charts_repo());
  EXPECT_EQ(text_at(*app, {"spec", "source", "chart"}), "argo-cd");
  EXPECT_EQ(text_at(*app, {"spec", "destination", "server"}), "https://kubernetes.default.svc");
  EXPECT_EQ(text_at(*app, {"spec", "project"}), "default");
  const std::string revision = text_at(*app, {"spec", "source", "targetRevision"});
  const std::string release = text_at(*app, {"spec", "source", "helm", "releaseName"});
  const std::string ns = text_at(*app, {"spec", "destination", "namespace"});
  EXPECT_EQ(revision, kChartVersion);
  EXPECT_EQ(release, "argocd");
  EXPECT_EQ(ns, "argocd");
  ASSERT_EQ(text_at(*app, {"spec", "source", "helm", "values"}), "")
      << "values given twice: as a string and as valuesObject";
  const Value* values_object = nullptr;
  if (const Value* spec = app->find("spec"); spec != nullptr && spec->is_map()) {
    if (const Value* source = spec->find("source"); source != nullptr && source->is_map()) {
      if (const Value* h = source->find("helm"); h != nullptr && h->is_map()) {
        values_object = h->find("valuesObject");
      }
    }
  }
  ASSERT_NE(values_object, nullptr) << value::to_json(*app);
  std::string from_app = w.write("values-from-application.json", value::to_json(*values_object));

  // What Argo CD would render from the Application, with the oracle...
  int status = -1;
  std::string argocd_render =
      helm_template(*helm,
                    shell_quote(release) + " " + shell_quote(chart_archive(revision)) + " -n " +
                        shell_quote(ns) + " -f " + shell_quote(from_app),
                    &status);
  ASSERT_EQ(status, 0) << argocd_render;
  // ...is what primer renders from the user's inputs, and what helm renders from them.
  std::string helm_render = helm_template(
      *helm, "argocd " + shell_quote(chart_archive()) + " -n argocd -f " + shell_quote(values),
      &status);
  ASSERT_EQ(status, 0) << helm_render;
  Result primer_render =
      w.primer({"render", "argocd", chart_archive(), "-namespace", "argocd", "-values", values});
  ASSERT_EQ(primer_render.status, 0) << primer_render.output;
  EXPECT_EQ(argocd_render, primer_render.output);
  EXPECT_EQ(argocd_render, helm_render);

  // Every chart object primer applied carries the self-managing Application's tracking id;
  // cluster-scoped ones name the destination namespace; CRDs carry none.
  std::vector<Value> docs = documents(helm_render);
  ASSERT_GT(docs.size(), 50u);
  int checked = 0;
  for (const Value& doc : docs) {
    std::string api_version = text_at(doc, {"apiVersion"});
    std::string kind = text_at(doc, {"kind"});
    std::string name = text_at(doc, {"metadata", "name"});
    std::string hook = text_at(doc, {"metadata", "annotations", "helm.sh/hook"});
    if (hook.starts_with("test")) continue;  // helm test hooks: not installed
    std::optional<Value> live = w.live(doc, ns);
    if (!live) {
      ADD_FAILURE() << api_version << " " << kind << " " << name << " is not in the cluster";
      continue;
    }
    std::string tracking =
        text_at(*live, {"metadata", "annotations", "argocd.argoproj.io/tracking-id"});
    if (kind == "CustomResourceDefinition") {
      EXPECT_EQ(tracking, "") << name;
      continue;
    }
    std::string group = api_version.find('/') == std::string::npos
                            ? ""
                            : api_version.substr(0, api_version.find('/'));
    std::string object_ns = text_at(doc, {"metadata", "namespace"});
    if (object_ns.empty()) object_ns = ns;
    EXPECT_EQ(tracking, "argocd:" + group + "/" + kind + ":" + object_ns + "/" + name)
        << api_version << " " << kind << " " << name << (hook.empty() ? "" : " (a Helm hook)");
    ++checked;
  }
  EXPECT_GT(checked, 50);
}

// CRDs that take a while to be Established: the handoff's custom resources wait for them
// (the CRDs are watched until Established, discovery then serves their kinds).
TEST(Handoff, WaitsForSlowCrdsBeforeItsCustomResources) {
  PRIMER_REQUIRE(std::filesystem::exists(chart_archive()), "the argo-cd chart fixture");
  PRIMER_WORLD(w, std::vector<std::string>{"--controllers", "--controller-delay", "0.05",
                                           "--crd-establish-delay", "2"});
  Result applied = w.primer(std::vector<std::string>{"apply"} + w.cluster_flags({"-auto-approve"}));
  ASSERT_EQ(applied.status, 0) << applied.output;
  EXPECT_NE(applied.output.find("Waiting for CRDs to be established"), std::string::npos)
      << applied.output;
  EXPECT_TRUE(w.get("argoproj.io/v1alpha1", "Application", "argocd", "argocd").has_value());

  // The CRDs this run installed changed the cluster's API versions; the render key state
  // keeps is the one they give, so the next run has nothing to render.
  const std::string log = w.dir() + "/debug.log";
  setenv("PRIMER_LOG", "debug", 1);
  setenv("PRIMER_LOG_PATH", log.c_str(), 1);
  Result rerun = w.primer(std::vector<std::string>{"plan"} + w.cluster_flags());
  unsetenv("PRIMER_LOG");
  unsetenv("PRIMER_LOG_PATH");
  EXPECT_EQ(rerun.status, 0) << rerun.output;
  EXPECT_TRUE(rerun.output.ends_with("No changes. Your cluster matches the configuration.\n"))
      << rerun.output;
  EXPECT_TRUE(contains(slurp(log), "render skipped")) << slurp(log);
}

}  // namespace
}  // namespace primer::integration
