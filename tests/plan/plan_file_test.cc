// Saved plans: the file, its errors, and when a saved plan is stale.
#include "plan/plan_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "base/error.h"
#include "base/strings.h"
#include "tests/plan/changes.h"
#include "tests/support/support.h"

namespace primer::plan {
namespace {

namespace fs = std::filesystem;

class PlanFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("primer-plan-file-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name)) << text;
    return path(name);
  }

  fs::path dir_;
};

Plan sample() {
  Plan plan;
  plan.inputs_digest = "in-1";
  plan.cluster = "https://127.0.0.1:6443 kube-system=1234";
  plan.state_lineage = "lin-a";
  plan.state_serial = 3;
  plan.handoff_application = "argocd/argocd";
  plan.hand_off = 59;
  Change ns = fixtures::change({"v1", "Namespace", "", "argocd"}, Action::Create, Wave::Namespaces);
  ns.desired_digest = "d-ns";
  Change deploy = fixtures::change({"apps/v1", "Deployment", "argocd", "argocd-server"},
                                   Action::Update, Wave::Workloads);
  deploy.desired_digest = "d-deploy";
  deploy.live_resource_version = "123";
  deploy.live_uid = "uid-1";
  deploy.fields.push_back(fixtures::field("spec.replicas", 1, 2));
  deploy.desired = test::yaml("{kind: Deployment, spec: {replicas: 2}}");
  Change secret =
      fixtures::change({"v1", "Secret", "argocd", "argocd-secret"}, Action::NoOp, Wave::Config);
  secret.sensitive = true;
  secret.desired_digest = "d-secret";
  secret.live_resource_version = "77";
  secret.live_uid = "uid-2";
  secret.desired = test::yaml("{kind: Secret, stringData: {password: hunter2}}");
  Change hook = fixtures::change({"batch/v1", "Job", "argocd", "redis-secret-init"}, Action::Create,
                                 Wave::Workloads);
  hook.hook = true;
  hook.desired_digest = "d-job";
  Change old = fixtures::change({"v1", "ConfigMap", "argocd", "old"}, Action::Delete, Wave::Config);
  old.live_resource_version = "5";
  old.live_uid = "uid-3";
  Change owned =
      fixtures::change({"v1", "Service", "argocd", "argocd-server"}, Action::Owned, Wave::Services);
  owned.desired_digest = "d-svc";
  owned.live_resource_version = "9";
  owned.live_uid = "uid-4";
  owned.note = "owned by Argo CD";
  plan.changes = {ns, secret, old, owned, hook, deploy};
  return plan;
}

TEST_F(PlanFile, RoundTrip) {
  Plan plan = sample();
  plan.offline = true;
  write_plan_file(path("tfplan"), plan);
  Plan got = read_plan_file(path("tfplan"));
  EXPECT_EQ(got.inputs_digest, plan.inputs_digest);
  EXPECT_EQ(got.cluster, plan.cluster);
  EXPECT_TRUE(got.offline);
  EXPECT_EQ(got.state_lineage, plan.state_lineage);
  EXPECT_EQ(got.state_serial, plan.state_serial);
  EXPECT_EQ(got.handoff_application, plan.handoff_application);
  EXPECT_EQ(got.hand_off, plan.hand_off);
  ASSERT_EQ(got.changes.size(), plan.changes.size());
  for (std::size_t i = 0; i < got.changes.size(); ++i) {
    const Change& a = got.changes[i];
    const Change& b = plan.changes[i];
    SCOPED_TRACE(b.ref.describe());
    EXPECT_EQ(a.ref, b.ref);
    EXPECT_EQ(a.action, b.action);
    EXPECT_EQ(a.wave, b.wave);
    EXPECT_EQ(a.hook, b.hook);
    EXPECT_EQ(a.sensitive, b.sensitive);
    EXPECT_EQ(a.desired_digest, b.desired_digest);
    EXPECT_EQ(a.live_resource_version, b.live_resource_version);
    EXPECT_EQ(a.live_uid, b.live_uid);
    EXPECT_TRUE(a.fields.empty());
    EXPECT_TRUE(a.desired.is_null());
  }
  EXPECT_TRUE(stale_reasons(got, plan).empty()) << join(stale_reasons(got, plan), "\n");
}

TEST_F(PlanFile, IsPrivateAndHoldsNoObjectContent) {
  write_plan_file(path("tfplan"), sample());
  struct stat st {};
  ASSERT_EQ(::stat(path("tfplan").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::string text = read_file(path("tfplan"));
  EXPECT_NE(text.find("\"format\": \"primer-plan/1\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"primerVersion\": \""), std::string::npos) << text;
  EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
  EXPECT_EQ(text.find("replicas"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
  // Only the plan itself is left: the temporary file was renamed into place.
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    files.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(files, std::vector<std::string>{"tfplan"});
}

TEST_F(PlanFile, OverwritesAnOlderPlan) {
  write("tfplan", "old");
  write_plan_file(path("tfplan"), sample());
  EXPECT_EQ(read_plan_file(path("tfplan")).inputs_digest, "in-1");
}

TEST_F(PlanFile, WriteIntoAMissingFolderFails) {
  std::string p = path("missing/tfplan");
  try {
    write_plan_file(p, sample());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), p + ": cannot write the plan: No such file or directory");
  }
}

struct MalformedCase {
  const char* name;  // the rule this case pins
  const char* text;  // nullptr: no file at all
  const char* want;  // the message after "<path>: "
};

// A valid document with `field` replaced by `json` (or removed when `json` is empty).
std::string with(const std::string& field, const std::string& json) {
  value::Value doc = test::yaml(R"({
    format: primer-plan/1, primerVersion: 0.0.0, inputsDigest: a, cluster: c, offline: false,
    stateLineage: l, stateSerial: 1, handoffApplication: argocd/argocd, handOff: 2,
    changes: [{apiVersion: v1, kind: ConfigMap, namespace: ns, name: x, action: create,
               wave: configuration, hook: false, sensitive: false, desiredDigest: d,
               liveResourceVersion: '', liveUid: ''}]})");
  std::vector<std::string> path = split(field, ".");
  value::Value at = path.size() == 2 ? doc.find("changes")->as_list()[0] : doc;
  if (json.empty()) {
    at.as_map().erase(path.back());
  } else {
    at.set(path.back(), value::parse_json("test", json, value::Numbers::Typed));
  }
  return value::to_json(doc);
}

TEST_F(PlanFile, Malformed) {
  const std::string valid = with("cluster", "\"c\"");
  const MalformedCase cases[] = {
      {"a missing file", nullptr, "cannot read the plan: No such file or directory"},
      {"not JSON", "tfplan text", "1:2: invalid character 'f' in literal true (expecting 'r')"},
      {"an empty file", "", "1:1: unexpected end of JSON input"},
      {"a JSON document that is not an object", "[1]", "not a primer plan file"},
      {"an object without a format", "{\"version\": 4}", "not a primer plan file"},
      {"a Terraform plan's format is foreign", "{\"format\": 1}", "not a primer plan file"},
      {"a later format", "{\"format\": \"primer-plan/2\"}",
       "unsupported plan format \"primer-plan/2\" (this primer reads \"primer-plan/1\")"},
  };
  for (const MalformedCase& c : cases) {
    SCOPED_TRACE(c.name);
    std::string p = c.text == nullptr ? path("absent") : write("tfplan", c.text);
    try {
      read_plan_file(p);
      FAIL() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()), p + ":" + (c.want[0] == '1' ? "" : " ") + c.want);
    }
  }
  EXPECT_NO_THROW(read_plan_file(write("tfplan", valid)));
}

struct FieldCase {
  const char* name;  // the rule this case pins
  const char* field;
  const char* json;  // "" removes the field
  const char* want;
};

TEST_F(PlanFile, MalformedFields) {
  const FieldCase cases[] = {
      {"a missing field", "inputsDigest", "", "inputsDigest: missing"},
      {"a string where a number belongs", "stateSerial", "\"3\"",
       "stateSerial: expected an integer, got a string"},
      {"a fraction where an integer belongs", "handOff", "2.5",
       "handOff: expected an integer, got a number"},
      {"changes must be a list", "changes", "{}", "changes: expected a list, got an object"},
      {"a change must be an object", "changes", "[3]", "changes[0]: expected an object"},
      {"an unknown action", "changes.action", "\"replace\"",
       "changes[0].action: expected one of \"create\", \"update\", \"delete\", \"no-op\", "
       "\"owned\", got \"replace\""},
      {"an unknown wave", "changes.wave", "\"later\"",
       "changes[0].wave: expected one of \"namespaces\", \"CRDs\", \"cluster RBAC\", "
       "\"configuration\", \"services\", \"workloads\", \"custom resources\", \"handoff\", got "
       "\"later\""},
      {"a null field", "changes.hook", "null", "changes[0].hook: expected true or false, got null"},
      {"a missing field of a change", "changes.name", "", "changes[0].name: missing"},
  };
  for (const FieldCase& c : cases) {
    SCOPED_TRACE(c.name);
    std::string p = write("tfplan", with(c.field, c.json));
    try {
      read_plan_file(p);
      FAIL() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()), p + ": " + c.want);
    }
  }
}

struct StaleCase {
  const char* name;                   // the rule this case pins
  std::function<void(Plan&)> change;  // applied to the fresh plan
  std::vector<std::string> want;
};

Change& find(Plan& plan, const std::string& name) {
  for (Change& c : plan.changes) {
    if (c.ref.name == name && c.ref.kind != "Service") return c;
  }
  throw Error("no change " + name);
}

TEST(StaleReasons, Cases) {
  const StaleCase cases[] = {
      {"the same plan is not stale", [](Plan&) {}, {}},
      {"field lists and objects do not matter",
       [](Plan& p) {
         find(p, "argocd-server").fields.clear();
         find(p, "argocd-server").desired = value::Value();
       },
       {}},
      {"other inputs",
       [](Plan& p) { p.inputs_digest = "in-2"; },
       {"the inputs changed since the plan was made"}},
      {"another cluster",
       [](Plan& p) { p.cluster = "https://other"; },
       {"the plan was made for another cluster"}},
      {"a newer state", [](Plan& p) { p.state_serial = 4; }, {"the state changed (serial 3 → 4)"}},
      {"another state",
       [](Plan& p) { p.state_lineage = "lin-b"; },
       {"the state was replaced (lineage lin-a → lin-b)"}},
      {"a state gone since",
       [](Plan& p) { p.state_lineage = ""; },
       {"the state was replaced (lineage lin-a → none)"}},
      {"an offline plan applied online",
       [](Plan& p) { p.offline = true; },
       {"the plan was made against a cluster, not offline"}},
      {"another handoff application",
       [](Plan& p) { p.handoff_application = ""; },
       {"the handoff application changed (argocd/argocd → none)"}},
      {"more objects to hand off",
       [](Plan& p) { p.hand_off = 60; },
       {"the objects to hand off changed (59 → 60)"}},
      {"an updated object changed in the cluster",
       [](Plan& p) { find(p, "argocd-server").live_resource_version = "130"; },
       {"apps/v1 Deployment argocd/argocd-server changed in the cluster since the plan was made "
        "(resourceVersion 123 → 130)"}},
      {"a deleted object changed in the cluster",
       [](Plan& p) { find(p, "old").live_resource_version = "6"; },
       {"v1 ConfigMap argocd/old changed in the cluster since the plan was made "
        "(resourceVersion 5 → 6)"}},
      {"an updated object was replaced",
       [](Plan& p) { find(p, "argocd-server").live_uid = "uid-9"; },
       {"apps/v1 Deployment argocd/argocd-server was replaced in the cluster since the plan was "
        "made (uid uid-1 → uid-9)"}},
      {"a no-op object whose status moved is not stale",
       [](Plan& p) { find(p, "argocd-secret").live_resource_version = "78"; },
       {}},
      {"another desired object",
       [](Plan& p) { find(p, "argocd-server").desired_digest = "d-other"; },
       {"apps/v1 Deployment argocd/argocd-server: the desired object changed since the plan "
        "was made"}},
      {"another action",
       [](Plan& p) {
         find(p, "argocd").action = Action::NoOp;
         find(p, "argocd-secret").action = Action::Update;
       },
       {"v1 Namespace argocd: the action changed (create → no-op)",
        "v1 Secret argocd/argocd-secret: the action changed (no-op → update)"}},
      {"an object added",
       [](Plan& p) {
         p.changes.push_back(
             fixtures::change({"v1", "ConfigMap", "argocd", "new"}, Action::Create));
       },
       {"v1 ConfigMap argocd/new is planned now but was not in the saved plan"}},
      {"an object removed",
       [](Plan& p) { p.changes.erase(p.changes.begin()); },
       {"v1 Namespace argocd was in the saved plan but is not planned now"}},
      {"every reason, plan-wide ones first",
       [](Plan& p) {
         p.inputs_digest = "in-2";
         p.state_serial = 5;
         p.changes.erase(p.changes.begin());
         find(p, "argocd-server").live_resource_version = "124";
       },
       {"the inputs changed since the plan was made", "the state changed (serial 3 → 5)",
        "apps/v1 Deployment argocd/argocd-server changed in the cluster since the plan was made "
        "(resourceVersion 123 → 124)",
        "v1 Namespace argocd was in the saved plan but is not planned now"}},
  };
  for (const StaleCase& c : cases) {
    SCOPED_TRACE(c.name);
    Plan saved = sample();
    Plan fresh = sample();
    c.change(fresh);
    EXPECT_EQ(stale_reasons(saved, fresh), c.want);
  }
}

}  // namespace
}  // namespace primer::plan
