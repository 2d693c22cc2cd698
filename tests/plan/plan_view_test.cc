// The plan view: Terraform-like text, the JSON document, and masking in both.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <sstream>

#include "base/strings.h"
#include "bootstrap/views/plan.h"
#include "plan/plan_file.h"
#include "tests/plan/changes.h"
#include "tests/support/support.h"

namespace primer::bootstrap::views {
namespace {

using plan::Action;
using plan::Change;
using plan::FieldChange;
using plan::Plan;
using plan::Wave;

struct Captured {
  std::ostringstream out, err;
  View view;
  explicit Captured(bool tty = false)
      : view({.out = out, .err = err, .out_is_tty = tty}, args::View{}) {}
};

std::string show(const Plan& plan, bool tty = false) {
  Captured c(tty);
  PlanView(c.view).show(plan);
  EXPECT_EQ(c.err.str(), "");
  return c.out.str();
}

std::string show_json(const Plan& plan) {
  Captured c;
  PlanView(c.view).show_json(plan);
  EXPECT_EQ(c.err.str(), "");
  return c.out.str();
}

Plan small_plan() {
  using plan::fixtures::change;
  using plan::fixtures::field;
  Plan plan;
  plan.handoff_application = "argocd/argocd";
  plan.hand_off = 59;
  plan.changes.push_back(
      change({"v1", "Namespace", "", "argocd"}, Action::Create, Wave::Namespaces));
  plan.changes.push_back(
      change({"v1", "ConfigMap", "argocd", "argocd-cm"}, Action::Create, Wave::Config));
  plan.changes.push_back(
      change({"v1", "ConfigMap", "argocd", "old"}, Action::Delete, Wave::Config));
  Change rbac =
      change({"v1", "ConfigMap", "argocd", "argocd-rbac-cm"}, Action::Update, Wave::Config);
  rbac.fields.push_back(field("data[\"policy.csv\"]",
                              "p, role:a, x\np, role:b, y\ng, admins, role:a\n",
                              "p, role:a, x\np, role:c, z\ng, admins, role:a\n"));
  rbac.fields.push_back(
      field("data[\"policy.default\"]", std::nullopt, "role:readonly\nsecond line"));
  plan.changes.push_back(rbac);
  plan.changes.push_back(
      change({"v1", "ConfigMap", "argocd", "argocd-cmd-params-cm"}, Action::NoOp, Wave::Config));
  plan.changes.push_back(
      change({"v1", "ConfigMap", "argocd", "argocd-gpg-keys-cm"}, Action::Create, Wave::Config));
  Change hook =
      change({"batch/v1", "Job", "argocd", "redis-secret-init"}, Action::Create, Wave::Workloads);
  hook.hook = true;
  hook.note = "pre-install hook";
  plan.changes.push_back(hook);
  Change deploy =
      change({"apps/v1", "Deployment", "argocd", "argocd-server"}, Action::Update, Wave::Workloads);
  deploy.note = "kind not served yet: compared offline";
  deploy.fields.push_back(field("spec.replicas", 1, 2));
  deploy.fields.push_back(field("metadata.annotations[\"x\"]", std::nullopt, "y"));
  deploy.fields.push_back(field("spec.foo", "bar", std::nullopt));
  deploy.fields.push_back(field("spec.template.spec.containers[name=server].args",
                                value::Value(value::List{"a"}), value::Value(value::List{})));
  plan.changes.push_back(deploy);
  for (const char* name : {"argocd-repo-server", "argocd-redis"}) {
    plan.changes.push_back(
        change({"apps/v1", "Deployment", "argocd", name}, Action::Owned, Wave::Workloads));
  }
  return plan;
}

TEST(PlanView, Text) {
  EXPECT_EQ(show(small_plan()), R"(primer will perform the following actions:

Wave 1: namespaces
  + v1 Namespace argocd

Wave 4: configuration
  + v1 ConfigMap argocd/argocd-cm

  # v1 ConfigMap argocd/old will be destroyed
  - v1 ConfigMap argocd/old

  # v1 ConfigMap argocd/argocd-rbac-cm will be updated in-place
  ~ v1 ConfigMap argocd/argocd-rbac-cm
      ~ data["policy.csv"]: (3 lines → 3 lines)
          - p, role:b, y
          + p, role:c, z
      + data["policy.default"]: "role:readonly" … (2 lines)

  + v1 ConfigMap argocd/argocd-gpg-keys-cm

Helm pre-install hooks
  + batch/v1 Job argocd/redis-secret-init

Wave 6: workloads
  # apps/v1 Deployment argocd/argocd-server will be updated in-place (kind not served yet: compared offline)
  ~ apps/v1 Deployment argocd/argocd-server
      ~ spec.replicas: 1 → 2
      + metadata.annotations["x"]: "y"
      - spec.foo: "bar"
      ~ spec.template.spec.containers[name=server].args: ["a"] → []

Then, once Argo CD runs, 59 objects are handed off to Argo CD (Application argocd/argocd).

2 objects are managed by Argo CD (Application argocd/argocd); primer leaves them to it.

Plan: 4 to add, 2 to change, 1 to destroy, 59 to hand off.
)");
}

TEST(PlanView, NoChanges) {
  Plan plan;
  plan.changes.push_back(
      plan::fixtures::change({"v1", "Namespace", "", "argocd"}, Action::NoOp, Wave::Namespaces));
  EXPECT_EQ(show(plan), "No changes. Your cluster matches the configuration.\n");
}

TEST(PlanView, NoChangesAfterHandoff) {
  Plan plan;
  plan.handoff_application = "argocd/argocd";
  plan.changes.push_back(plan::fixtures::change({"apps/v1", "Deployment", "argocd", "a"},
                                                Action::Owned, Wave::Workloads));
  EXPECT_EQ(show(plan),
            "1 object is managed by Argo CD (Application argocd/argocd); primer leaves them to "
            "it.\n"
            "\n"
            "No changes. Your cluster matches the configuration.\n");
}

TEST(PlanView, HandOffOnlyIsAChange) {
  Plan plan;
  plan.hand_off = 3;
  EXPECT_EQ(show(plan),
            "Once Argo CD runs, 3 objects are handed off to Argo CD.\n"
            "\n"
            "Plan: 0 to add, 0 to change, 0 to destroy, 3 to hand off.\n");
}

TEST(PlanView, SummaryLine) {
  Captured c;
  PlanView(c.view).summary_line(small_plan());
  EXPECT_EQ(c.out.str(), "Plan: 4 to add, 2 to change, 1 to destroy, 59 to hand off.\n");
}

TEST(PlanView, ColourOnATerminal) {
  Plan plan;
  plan.changes.push_back(
      plan::fixtures::change({"v1", "Namespace", "", "argocd"}, Action::Create, Wave::Namespaces));
  Change update =
      plan::fixtures::change({"v1", "ConfigMap", "argocd", "cm"}, Action::Update, Wave::Config);
  update.fields.push_back(plan::fixtures::field("data.a", "x", "y"));
  update.fields.push_back(plan::fixtures::field("data.b", std::nullopt, "z"));
  plan.changes.push_back(update);
  plan.changes.push_back(
      plan::fixtures::change({"v1", "ConfigMap", "argocd", "old"}, Action::Delete, Wave::Config));
  EXPECT_EQ(show(plan, true),
            "primer will perform the following actions:\n"
            "\n"
            "Wave 1: namespaces\n"
            "  \x1b[32m+\x1b[0m v1 Namespace argocd\n"
            "\n"
            "Wave 4: configuration\n"
            "  # v1 ConfigMap argocd/cm will be updated in-place\n"
            "  \x1b[33m~\x1b[0m v1 ConfigMap argocd/cm\n"
            "      \x1b[33m~\x1b[0m data.a: \"x\" → \"y\"\n"
            "      \x1b[32m+\x1b[0m data.b: \"z\"\n"
            "\n"
            "  # v1 ConfigMap argocd/old will be destroyed\n"
            "  \x1b[31m-\x1b[0m v1 ConfigMap argocd/old\n"
            "\n"
            "\x1b[1mPlan:\x1b[0m 1 to add, 1 to change, 1 to destroy, 0 to hand off.\n");
}

TEST(PlanView, Json) {
  Plan plan = small_plan();
  plan.offline = true;
  plan.changes.resize(4);
  plan.changes.push_back(plan::fixtures::change({"apps/v1", "Deployment", "argocd", "a"},
                                                Action::Owned, Wave::Workloads));
  plan.changes.back().note = "owned by Argo CD";
  EXPECT_EQ(show_json(plan),
            R"({"changes":[)"
            R"({"action":"create","address":"v1 Namespace argocd","fields":[],"hook":false,)"
            R"("wave":"namespaces"},)"
            R"({"action":"create","address":"v1 ConfigMap argocd/argocd-cm","fields":[],)"
            R"("hook":false,"wave":"configuration"},)"
            R"({"action":"delete","address":"v1 ConfigMap argocd/old","fields":[],"hook":false,)"
            R"("wave":"configuration"},)"
            R"({"action":"update","address":"v1 ConfigMap argocd/argocd-rbac-cm","fields":[)"
            R"({"after":"p, role:a, x\np, role:c, z\ng, admins, role:a\n",)"
            R"("before":"p, role:a, x\np, role:b, y\ng, admins, role:a\n",)"
            R"("path":"data[\"policy.csv\"]"},)"
            R"({"after":"role:readonly\nsecond line","path":"data[\"policy.default\"]"}],)"
            R"("hook":false,"wave":"configuration"},)"
            R"({"action":"owned","address":"apps/v1 Deployment argocd/a","fields":[],)"
            R"("hook":false,"note":"owned by Argo CD","wave":"workloads"}],)"
            R"("format_version":"1","offline":true,)"
            R"("summary":{"add":2,"change":1,"destroy":1,"hand_off":59,"owned":1}})"
            "\n");
}

// No byte of a Secret's values reaches any output: text, JSON or the saved plan.
TEST(PlanView, SecretsNeverPrinted) {
  const std::string plain = "hunter2-Sup3rSecret";
  const std::string encoded = "aHVudGVyMi1TdXAzclNlY3JldA==";  // base64 of `plain`
  const std::string old_plain = "old-Pa55word";
  const std::string old_encoded = "b2xkLVBhNTV3b3Jk";
  value::Value live = test::yaml(
      "{apiVersion: v1, kind: Secret, metadata: {name: s, namespace: argocd, annotations: "
      "{kubectl.kubernetes.io/last-applied-configuration: '{\"data\":{\"auth\":\"" +
      old_encoded + "\"}}'}}, data: {auth: " + old_encoded + "}}");
  value::Value planned = test::yaml(
      "{apiVersion: v1, kind: Secret, metadata: {name: s, namespace: argocd, annotations: {}}, "
      "data: {auth: " +
      encoded + ", new: " + encoded + "}, stringData: {password: " + plain + "}}");
  Plan plan;
  Change update =
      plan::fixtures::change({"v1", "Secret", "argocd", "s"}, Action::Update, Wave::Config);
  update.sensitive = true;
  update.fields = plan::diff_objects(live, planned, true, false);
  update.desired = planned;
  update.desired_digest = plan::object_digest(planned);
  plan.changes.push_back(update);
  Change create =
      plan::fixtures::change({"v1", "Secret", "argocd", "t"}, Action::Create, Wave::Config);
  create.sensitive = true;
  create.fields = plan::fields_of(planned, true);
  create.desired = planned;
  plan.changes.push_back(create);
  // A multi-line secret value must not reach the line diff either.
  Change multi =
      plan::fixtures::change({"v1", "Secret", "argocd", "u"}, Action::Update, Wave::Config);
  multi.fields = plan::diff_objects(
      test::yaml("{apiVersion: v1, kind: Secret, stringData: {k: \"" + old_plain + "\\nx\"}}"),
      test::yaml("{apiVersion: v1, kind: Secret, stringData: {k: \"" + plain + "\\nx\"}}"), false,
      false);
  plan.changes.push_back(multi);

  std::string path = ::testing::TempDir() + "primer-plan-secrets-" + std::to_string(::getpid());
  plan::write_plan_file(path, plan);
  std::string saved = read_file(path);
  std::remove(path.c_str());
  const std::string text = show(plan), json = show_json(plan);
  for (const std::string& output : {text, json, saved}) {
    for (const std::string& secret : {plain, encoded, old_plain, old_encoded}) {
      EXPECT_EQ(output.find(secret), std::string::npos) << secret << " in:\n" << output;
    }
  }
  EXPECT_NE(text.find("~ data.auth: (sensitive value, 12 bytes) → (sensitive value, 19 bytes)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("+ stringData.password: (sensitive value, 19 bytes)\n"), std::string::npos)
      << text;
  EXPECT_NE(
      json.find(R"j({"after":"(sensitive value, 19 bytes)","path":"data.new","sensitive":true})j"),
      std::string::npos)
      << json;
}

}  // namespace
}  // namespace primer::bootstrap::views
