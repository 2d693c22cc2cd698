// The whole life of an installation through the real binary: offline plan, plan, apply without
// and with the handoff, no-op reruns that write nothing, a values change planned as exactly
// that change, destroy; saved plans refused once stale; an exec-plugin kubeconfig.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/integration/harness.h"

namespace primer::integration {
namespace {

using value::Value;

const std::string kNoChanges = "No changes. Your cluster matches the configuration.\n";
// The values change of the lifecycle: a dotted key of argocd-cm
// (configs.cm."timeout.reconciliation").
const std::string kSetTimeout = "configs.cm.timeout\\.reconciliation=300s";

bool chart_fixture_present() { return std::filesystem::exists(chart_archive()); }

// What the oracle renders: every document, the hooks among them.
struct Oracle {
  std::vector<Value> docs;
  int hooks = 0;
};

Oracle render_with_helm(const std::string& helm, const std::string& extra) {
  int status = -1;
  std::string out = helm_template(
      helm, "argocd " + shell_quote(chart_archive()) + " -n argocd " + extra, &status);
  EXPECT_EQ(status, 0) << out;
  Oracle o;
  o.docs = documents(out);
  for (const Value& d : o.docs) o.hooks += is_hook(d) ? 1 : 0;
  return o;
}

std::string key_of(const Value& doc) {
  return text_at(doc, {"kind"}) + "/" + text_at(doc, {"metadata", "name"});
}

TEST(Lifecycle, PlanApplyNoOpChangeHandoffDestroy) {
  PRIMER_REQUIRE(chart_fixture_present(), "the argo-cd " + std::string(kChartVersion) + " fixture");
  std::optional<std::string> helm = test::oracle("HELM4");
  PRIMER_REQUIRE(helm.has_value(), "HELM4 (the expected object counts come from helm template)");
  PRIMER_WORLD(w);
  Oracle before = render_with_helm(*helm, "");
  Oracle after = render_with_helm(*helm, "--set " + shell_quote(kSetTimeout));
  const int docs = static_cast<int>(before.docs.size());
  ASSERT_GT(docs, 50);
  ASSERT_GT(before.hooks, 0);
  const int handed_off = docs - before.hooks;  // the chart's objects except Helm hooks

  // Offline: no kubeconfig at all; the chart's objects, the namespace and the Application.
  const std::string plan_line = "Plan: " + std::to_string(docs + 2) +
                                " to add, 0 to change, 0 to destroy, " +
                                std::to_string(handed_off) + " to hand off.\n";
  Result offline = w.primer(std::vector<std::string>{"plan", "-offline"} + chart_flags());
  EXPECT_EQ(offline.status, 0) << offline.output;
  EXPECT_EQ(last_line(offline.output), plan_line) << offline.output;
  EXPECT_TRUE(contains(offline.output, "  + v1 Namespace argocd\n")) << offline.output;

  // Against the empty cluster: the same plan, and a plan writes nothing.
  std::string rv = w.resource_version();
  Result online = w.primer(std::vector<std::string>{"plan"} + w.cluster_flags());
  EXPECT_EQ(online.status, 0) << online.output;
  EXPECT_EQ(last_line(online.output), plan_line) << online.output;
  EXPECT_EQ(w.resource_version(), rv) << "plan wrote to the cluster";

  Result applied = w.primer(std::vector<std::string>{"apply"} +
                            w.cluster_flags({"-no-handoff", "-auto-approve"}));
  ASSERT_EQ(applied.status, 0) << applied.output;
  EXPECT_EQ(last_line(applied.output), "Apply complete! Resources: " + std::to_string(docs + 1) +
                                           " added, 0 changed, 0 destroyed.\n")
      << applied.output;
  ASSERT_TRUE(w.get("v1", "Namespace", "", "argocd").has_value());

  // The rerun: nothing to do, nothing asked, nothing written.
  rv = w.resource_version();
  Result rerun = w.primer(std::vector<std::string>{"apply"} + w.cluster_flags({"-no-handoff"}));
  EXPECT_EQ(rerun.status, 0) << rerun.output;
  EXPECT_EQ(rerun.output, kNoChanges);
  EXPECT_EQ(w.resource_version(), rv) << "a no-op apply wrote to the cluster";

  // A values change is planned as exactly that change: argocd-cm's key, the checksum/cm
  // annotations of the workloads that mount it (as the oracle renders them), and Helm's
  // pre-upgrade hooks, which every upgrade runs.
  std::map<std::string, std::vector<std::string>> expected;
  std::map<std::string, const Value*> before_by_key;
  for (const Value& d : before.docs) before_by_key[key_of(d)] = &d;
  int changed = 0;
  for (const Value& d : after.docs) {
    std::string kind = text_at(d, {"kind"});
    std::string addr = address(d, "argocd", w.namespaced(text_at(d, {"apiVersion"}), kind));
    if (is_hook(d)) {
      expected["+ " + addr] = {};
      continue;
    }
    const Value* old = before_by_key[key_of(d)];
    ASSERT_NE(old, nullptr) << key_of(d);
    if (value::to_json(*old) == value::to_json(d)) continue;
    ++changed;
    if (kind == "ConfigMap") {
      expected["~ " + addr] = {"~ data[\"timeout.reconciliation\"]: \"" +
                               text_at(*old, {"data", "timeout.reconciliation"}) + "\" → \"" +
                               text_at(d, {"data", "timeout.reconciliation"}) + "\""};
    } else {
      auto checksum = [](const Value& v) {
        return text_at(v, {"spec", "template", "metadata", "annotations", "checksum/cm"});
      };
      expected["~ " + addr] = {"~ spec.template.metadata.annotations[\"checksum/cm\"]: \"" +
                               checksum(*old) + "\" → \"" + checksum(d) + "\""};
    }
  }
  ASSERT_TRUE(expected.contains("~ v1 ConfigMap argocd/argocd-cm"));
  rv = w.resource_version();
  Result change =
      w.primer(std::vector<std::string>{"plan"} +
               w.cluster_flags({"-no-handoff", "-detailed-exitcode", "-set", kSetTimeout}));
  EXPECT_EQ(change.status, 2) << change.output;
  EXPECT_EQ(planned_changes(change.output), expected) << change.output;
  EXPECT_EQ(last_line(change.output), "Plan: " + std::to_string(before.hooks) + " to add, " +
                                          std::to_string(changed) +
                                          " to change, 0 to destroy, 0 to hand off.\n");
  EXPECT_EQ(w.resource_version(), rv) << "plan -detailed-exitcode wrote to the cluster";

  Result upgraded =
      w.primer(std::vector<std::string>{"apply"} +
               w.cluster_flags({"-no-handoff", "-auto-approve", "-set", kSetTimeout}));
  ASSERT_EQ(upgraded.status, 0) << upgraded.output;
  EXPECT_EQ(last_line(upgraded.output),
            "Apply complete! Resources: " + std::to_string(before.hooks) + " added, " +
                std::to_string(changed) + " changed, 0 destroyed.\n");
  std::optional<Value> cm = w.get("v1", "ConfigMap", "argocd", "argocd-cm");
  ASSERT_TRUE(cm.has_value());
  EXPECT_EQ(text_at(*cm, {"data", "timeout.reconciliation"}), "300s");

  // With the handoff (the default): only the Application is new.
  Result handoff = w.primer(std::vector<std::string>{"apply"} +
                            w.cluster_flags({"-auto-approve", "-set", kSetTimeout}));
  ASSERT_EQ(handoff.status, 0) << handoff.output;
  EXPECT_TRUE(handoff.output.ends_with(
      "Apply complete! Resources: 1 added, 0 changed, 0 destroyed.\n"
      "Handed off to Argo CD: Application argocd/argocd now manages the installation.\n"))
      << handoff.output;
  EXPECT_TRUE(w.get("argoproj.io/v1alpha1", "Application", "argocd", "argocd").has_value());

  rv = w.resource_version();
  Result after_handoff =
      w.primer(std::vector<std::string>{"apply"} + w.cluster_flags({"-set", kSetTimeout}));
  EXPECT_EQ(after_handoff.status, 0) << after_handoff.output;
  EXPECT_EQ(after_handoff.output, std::to_string(handed_off) +
                                      " objects are managed by Argo CD (Application "
                                      "argocd/argocd); primer leaves them to it.\n\n" +
                                      kNoChanges);
  Result exit_code = w.primer(std::vector<std::string>{"plan"} +
                              w.cluster_flags({"-detailed-exitcode", "-set", kSetTimeout}));
  EXPECT_EQ(exit_code.status, 0) << exit_code.output;
  EXPECT_EQ(w.resource_version(), rv) << "a no-op apply after the handoff wrote to the cluster";
  // Argo CD renders the chart now: with the inputs of the render handed off, primer renders
  // nothing (state lists the objects Argo CD owns).
  const std::string log = w.dir() + "/debug.log";
  setenv("PRIMER_LOG", "debug", 1);
  setenv("PRIMER_LOG_PATH", log.c_str(), 1);
  Result logged =
      w.primer(std::vector<std::string>{"plan"} + w.cluster_flags({"-set", kSetTimeout}));
  unsetenv("PRIMER_LOG");
  unsetenv("PRIMER_LOG_PATH");
  EXPECT_EQ(logged.status, 0) << logged.output;
  EXPECT_TRUE(logged.output.ends_with(kNoChanges)) << logged.output;
  EXPECT_TRUE(contains(slurp(log), "render skipped")) << slurp(log);

  // After the handoff a values change is Argo CD's to carry out: primer changes only the
  // Application's values.
  const std::string set_again = "configs.cm.timeout\\.reconciliation=600s";
  Result handed_change = w.primer(std::vector<std::string>{"plan"} +
                                  w.cluster_flags({"-detailed-exitcode", "-set", set_again}));
  EXPECT_EQ(handed_change.status, 2) << handed_change.output;
  std::map<std::string, std::vector<std::string>> app_change = {
      {"~ argoproj.io/v1alpha1 Application argocd/argocd",
       {"~ spec.source.helm.valuesObject.configs.cm[\"timeout.reconciliation\"]: \"300s\" → "
        "\"600s\""}}};
  EXPECT_EQ(planned_changes(handed_change.output), app_change) << handed_change.output;
  EXPECT_EQ(last_line(handed_change.output),
            "Plan: 0 to add, 1 to change, 0 to destroy, 0 to hand off.\n");
  Result handed_apply = w.primer(std::vector<std::string>{"apply"} +
                                 w.cluster_flags({"-auto-approve", "-set", set_again}));
  EXPECT_EQ(handed_apply.status, 0) << handed_apply.output;
  EXPECT_EQ(last_line(handed_apply.output),
            "Apply complete! Resources: 0 added, 1 changed, 0 destroyed.\n");
  cm = w.get("v1", "ConfigMap", "argocd", "argocd-cm");
  ASSERT_TRUE(cm.has_value());
  EXPECT_EQ(text_at(*cm, {"data", "timeout.reconciliation"}), "300s")
      << "primer wrote over Argo CD";
  std::optional<Value> app = w.get("argoproj.io/v1alpha1", "Application", "argocd", "argocd");
  ASSERT_TRUE(app.has_value());
  EXPECT_EQ(text_at(*app, {"spec", "source", "helm", "valuesObject", "configs", "cm",
                           "timeout.reconciliation"}),
            "600s")
      << value::to_json(*app);

  Result destroyed = w.primer(std::vector<std::string>{"destroy"} +
                              w.cluster_flags({"-auto-approve", "-set", set_again}));
  ASSERT_EQ(destroyed.status, 0) << destroyed.output;
  EXPECT_EQ(last_line(destroyed.output),
            "Destroy complete! Resources: " + std::to_string(docs + 2) + " destroyed.\n");
  EXPECT_FALSE(w.get("v1", "Namespace", "", "argocd").has_value());
  for (const Value& d : before.docs) {
    EXPECT_FALSE(w.live(d, "argocd").has_value()) << key_of(d) << " survived destroy";
  }
  Result state = w.primer(std::vector<std::string>{"state", "list"} + w.cluster_flags());
  EXPECT_EQ(state.status, 1);
  EXPECT_EQ(state.output, "Error: no state in Secret argocd/primer-state-argocd\n");
}

TEST(SavedPlan, StalePlansAreRefusedWithoutWritingAndAFreshOneApplies) {
  PRIMER_REQUIRE(chart_fixture_present(), "the argo-cd " + std::string(kChartVersion) + " fixture");
  PRIMER_WORLD(w);
  const std::vector<std::string> install = w.cluster_flags({"-no-handoff"});
  const std::vector<std::string> upgrade = w.cluster_flags({"-no-handoff", "-set", kSetTimeout});
  const std::string advice =
      "A saved plan applies with the configuration and flags it was made with (it keeps "
      "digests, not values). Make a new plan with `primer plan -out ";

  // Made against the empty cluster, then the cluster was installed by another apply.
  Result made = w.primer(std::vector<std::string>{"plan", "-out", "fresh.plan"} + install);
  ASSERT_EQ(made.status, 0) << made.output;
  Result other = w.primer(std::vector<std::string>{"apply", "-auto-approve"} + install);
  ASSERT_EQ(other.status, 0) << other.output;
  std::string rv = w.resource_version();
  Result stale = w.primer(std::vector<std::string>{"apply", "fresh.plan"} + install);
  EXPECT_EQ(stale.status, 1);
  EXPECT_TRUE(
      stale.output.starts_with("Error: the saved plan fresh.plan is stale:\n"
                               "  - the state was replaced (lineage none → "))
      << stale.output;
  EXPECT_TRUE(contains(
      stale.output, "\n  - v1 ConfigMap argocd/argocd-cm: the action changed (create → no-op)\n"))
      << stale.output;
  EXPECT_TRUE(stale.output.ends_with(advice + "fresh.plan`.\n")) << stale.output;
  EXPECT_EQ(w.resource_version(), rv) << "a stale plan wrote to the cluster";

  // An object the plan updates was changed in the cluster after the plan was made.
  Result upgrade_plan =
      w.primer(std::vector<std::string>{"plan", "-out", "upgrade.plan"} + upgrade);
  ASSERT_EQ(upgrade_plan.status, 0) << upgrade_plan.output;
  std::optional<Value> cm = w.get("v1", "ConfigMap", "argocd", "argocd-cm");
  ASSERT_TRUE(cm.has_value());
  std::string old_rv = text_at(*cm, {"metadata", "resourceVersion"});
  Value patch = test::yaml("- {op: add, path: /metadata/annotations/someone, value: else}");
  Value patched =
      w.client().json_patch(kube::ObjectRef{"v1", "ConfigMap", "argocd", "argocd-cm"}, patch);
  std::string new_rv = text_at(patched, {"metadata", "resourceVersion"});
  ASSERT_NE(old_rv, new_rv);
  rv = w.resource_version();
  Result drifted = w.primer(std::vector<std::string>{"apply", "upgrade.plan"} + upgrade);
  EXPECT_EQ(drifted.status, 1);
  EXPECT_EQ(drifted.output,
            "Error: the saved plan upgrade.plan is stale:\n"
            "  - v1 ConfigMap argocd/argocd-cm changed in the cluster since the "
            "plan was made (resourceVersion " +
                old_rv + " → " + new_rv + ")\n" + advice + "upgrade.plan`.\n");
  EXPECT_EQ(w.resource_version(), rv) << "a stale plan wrote to the cluster";

  // A plan of the cluster as it is applies, without asking.
  Result again = w.primer(std::vector<std::string>{"plan", "-out", "upgrade.plan"} + upgrade);
  ASSERT_EQ(again.status, 0) << again.output;
  // Applied with other flags than it was made with: refused.
  rv = w.resource_version();
  Result other_flags = w.primer(std::vector<std::string>{"apply", "upgrade.plan"} + install);
  EXPECT_EQ(other_flags.status, 1);
  EXPECT_TRUE(other_flags.output.starts_with(
      "Error: the saved plan upgrade.plan is stale:\n"
      "  - the inputs changed since the plan was made\n"
      "  - v1 ConfigMap argocd/argocd-cm: the action changed (update → no-op)\n"))
      << other_flags.output;
  EXPECT_EQ(w.resource_version(), rv) << "a stale plan wrote to the cluster";
  Result good = w.primer(std::vector<std::string>{"apply", "upgrade.plan"} + upgrade);
  EXPECT_EQ(good.status, 0) << good.output;
  EXPECT_TRUE(contains(last_line(good.output), "Apply complete! Resources: ")) << good.output;
  cm = w.get("v1", "ConfigMap", "argocd", "argocd-cm");
  ASSERT_TRUE(cm.has_value());
  EXPECT_EQ(text_at(*cm, {"data", "timeout.reconciliation"}), "300s");
  EXPECT_EQ(text_at(*cm, {"metadata", "annotations", "someone"}), "else")
      << "another manager's field was taken away";
  rv = w.resource_version();
  Result noop = w.primer(std::vector<std::string>{"apply"} + upgrade);
  EXPECT_EQ(noop.output, kNoChanges);
  EXPECT_EQ(w.resource_version(), rv);
  // A used plan is stale: the state moved on.
  Result reused = w.primer(std::vector<std::string>{"apply", "upgrade.plan"} + upgrade);
  EXPECT_EQ(reused.status, 1);
  EXPECT_TRUE(reused.output.starts_with("Error: the saved plan upgrade.plan is stale:\n"))
      << reused.output;
  EXPECT_EQ(w.resource_version(), rv);
}

// Where the state is depends on the cluster and the release, not on the chart: `state` and
// `destroy` work from the cluster flags alone (the lock error's advice, `primer state unlock
// ID`, is given without a chart).
TEST(StateCommands, ListUnlockAndDestroyNeedNoChart) {
  PRIMER_REQUIRE(chart_fixture_present(), "the argo-cd " + std::string(kChartVersion) + " fixture");
  PRIMER_WORLD(w);
  Result applied = w.primer(std::vector<std::string>{"apply"} +
                            w.cluster_flags({"-no-handoff", "-auto-approve"}));
  ASSERT_EQ(applied.status, 0) << applied.output;
  const std::vector<std::string> cluster = {"-kubeconfig", w.kubeconfig()};

  Result list = w.primer(std::vector<std::string>{"state", "list"} + cluster);
  EXPECT_EQ(list.status, 0) << list.output;
  EXPECT_TRUE(list.output.starts_with("v1 Namespace argocd\n")) << list.output;
  Result unlock = w.primer(std::vector<std::string>{"state", "unlock"} + cluster);
  EXPECT_EQ(unlock.status, 1) << unlock.output;
  EXPECT_EQ(unlock.output, "Error: Secret argocd/primer-state-argocd: no lock is held\n");
  Result destroyed = w.primer(std::vector<std::string>{"destroy", "-auto-approve"} + cluster);
  EXPECT_EQ(destroyed.status, 0) << destroyed.output;
  EXPECT_FALSE(w.get("v1", "Namespace", "", "argocd").has_value());
}

// Issue 7's "done when": a kubeconfig whose user runs an exec credential plugin.
TEST(ExecPlugin, PlanAuthenticatesThroughTheKubeconfigsExecPlugin) {
  PRIMER_REQUIRE(chart_fixture_present(), "the argo-cd " + std::string(kChartVersion) + " fixture");
  PRIMER_WORLD(w);
  kube::ClusterConfig c = w.emulator().config();
  ASSERT_FALSE(c.auth.token.empty());
  std::string ca = w.write("ca.pem", c.ca_pem);
  std::string marker = w.dir() + "/plugin-ran";
  std::string plugin = w.write(
      "credential-plugin.sh",
      "#!/bin/sh\n"
      "echo \"$KUBERNETES_EXEC_INFO\" >> '" +
          marker +
          "'\n"
          "printf '%s\\n' "
          "'{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
          "\"status\":{\"token\":\"" +
          c.auth.token + "\"}}'\n",
      true);
  std::string kubeconfig = w.write("exec-kubeconfig",
                                   "apiVersion: v1\n"
                                   "kind: Config\n"
                                   "clusters:\n"
                                   "- name: emulator\n"
                                   "  cluster:\n"
                                   "    server: " +
                                       c.server +
                                       "\n"
                                       "    certificate-authority: " +
                                       ca +
                                       "\n"
                                       "users:\n"
                                       "- name: plugin\n"
                                       "  user:\n"
                                       "    exec:\n"
                                       "      apiVersion: client.authentication.k8s.io/v1\n"
                                       "      command: " +
                                       plugin +
                                       "\n"
                                       "      interactiveMode: Never\n"
                                       "contexts:\n"
                                       "- name: plugin\n"
                                       "  context:\n"
                                       "    cluster: emulator\n"
                                       "    user: plugin\n"
                                       "current-context: plugin\n");
  std::string rv = w.resource_version();
  Result plan =
      w.primer(std::vector<std::string>{"plan", "-kubeconfig", kubeconfig} + chart_flags());
  EXPECT_EQ(plan.status, 0) << plan.output;
  EXPECT_TRUE(last_line(plan.output).starts_with("Plan: ")) << plan.output;
  EXPECT_TRUE(std::filesystem::exists(marker)) << "the plugin did not run";
  EXPECT_TRUE(contains(slurp(marker), "\"kind\":\"ExecCredential\"")) << slurp(marker);
  EXPECT_EQ(w.resource_version(), rv);

  // Without the plugin's token the server refuses: the plugin really is what authenticates.
  w.write("credential-plugin.sh",
          "#!/bin/sh\nprintf '%s\\n' '{\"apiVersion\":\"client.authentication.k8s.io/v1\","
          "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"wrong\"}}'\n",
          true);
  Result refused =
      w.primer(std::vector<std::string>{"plan", "-kubeconfig", kubeconfig} + chart_flags());
  EXPECT_EQ(refused.status, 1) << refused.output;
  EXPECT_TRUE(contains(refused.output, "401")) << refused.output;
}

}  // namespace
}  // namespace primer::integration
