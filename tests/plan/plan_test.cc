// Waves, actions, the summary, object digests and masking.
#include "plan/plan.h"

#include <gtest/gtest.h>

#include "tests/plan/changes.h"
#include "tests/support/support.h"

namespace primer::plan {
namespace {

struct WaveCase {
  const char* name;  // the rule this case pins
  const char* group;
  const char* kind;
  Wave want;
};

const WaveCase kWaveCases[] = {
    {"namespaces first", "", "Namespace", Wave::Namespaces},
    {"CRDs after namespaces", "apiextensions.k8s.io", "CustomResourceDefinition", Wave::Crds},
    {"cluster roles", "rbac.authorization.k8s.io", "ClusterRole", Wave::ClusterRbac},
    {"cluster role bindings", "rbac.authorization.k8s.io", "ClusterRoleBinding", Wave::ClusterRbac},
    {"service accounts are configuration", "", "ServiceAccount", Wave::Config},
    {"secrets are configuration", "", "Secret", Wave::Config},
    {"config maps are configuration", "", "ConfigMap", Wave::Config},
    {"roles are configuration", "rbac.authorization.k8s.io", "Role", Wave::Config},
    {"role bindings are configuration", "rbac.authorization.k8s.io", "RoleBinding", Wave::Config},
    {"network policies are configuration", "networking.k8s.io", "NetworkPolicy", Wave::Config},
    {"PDBs are configuration", "policy", "PodDisruptionBudget", Wave::Config},
    {"resource quotas are configuration", "", "ResourceQuota", Wave::Config},
    {"limit ranges are configuration", "", "LimitRange", Wave::Config},
    {"priority classes are configuration", "scheduling.k8s.io", "PriorityClass", Wave::Config},
    {"storage classes are configuration", "storage.k8s.io", "StorageClass", Wave::Config},
    {"PVs are configuration", "", "PersistentVolume", Wave::Config},
    {"PVCs are configuration", "", "PersistentVolumeClaim", Wave::Config},
    {"services before workloads", "", "Service", Wave::Services},
    {"deployments", "apps", "Deployment", Wave::Workloads},
    {"stateful sets", "apps", "StatefulSet", Wave::Workloads},
    {"daemon sets", "apps", "DaemonSet", Wave::Workloads},
    {"replica sets", "apps", "ReplicaSet", Wave::Workloads},
    {"pods", "", "Pod", Wave::Workloads},
    {"jobs", "batch", "Job", Wave::Workloads},
    {"cron jobs", "batch", "CronJob", Wave::Workloads},
    {"ingresses are custom resources", "networking.k8s.io", "Ingress", Wave::CustomResources},
    {"HPAs are custom resources", "autoscaling", "HorizontalPodAutoscaler", Wave::CustomResources},
    {"API services are custom resources", "apiregistration.k8s.io", "APIService",
     Wave::CustomResources},
    {"webhooks are custom resources", "admissionregistration.k8s.io",
     "ValidatingWebhookConfiguration", Wave::CustomResources},
    {"Argo CD applications are custom resources", "argoproj.io", "Application",
     Wave::CustomResources},
    {"a CR named like a core kind is a custom resource", "serving.knative.dev", "Service",
     Wave::CustomResources},
    {"a CRD outside apiextensions is a custom resource", "example.com", "CustomResourceDefinition",
     Wave::CustomResources},
};

TEST(Plan, WaveOf) {
  for (const WaveCase& c : kWaveCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(wave_of(c.group, c.kind), c.want);
  }
}

TEST(Plan, WaveNames) {
  EXPECT_EQ(to_string(Wave::Namespaces), "namespaces");
  EXPECT_EQ(to_string(Wave::Crds), "CRDs");
  EXPECT_EQ(to_string(Wave::ClusterRbac), "cluster RBAC");
  EXPECT_EQ(to_string(Wave::Config), "configuration");
  EXPECT_EQ(to_string(Wave::Services), "services");
  EXPECT_EQ(to_string(Wave::Workloads), "workloads");
  EXPECT_EQ(to_string(Wave::CustomResources), "custom resources");
  EXPECT_EQ(to_string(Wave::Handoff), "handoff");
}

TEST(Plan, ActionNames) {
  EXPECT_EQ(to_string(Action::Create), "create");
  EXPECT_EQ(to_string(Action::Update), "update");
  EXPECT_EQ(to_string(Action::Delete), "delete");
  EXPECT_EQ(to_string(Action::NoOp), "no-op");
  EXPECT_EQ(to_string(Action::Owned), "owned");
}

TEST(Plan, SummaryCountsActions) {
  Plan plan;
  for (Action a : {Action::Create, Action::Create, Action::Update, Action::Delete, Action::NoOp,
                   Action::Owned, Action::Owned, Action::Owned}) {
    plan.changes.push_back(fixtures::change({}, a));
  }
  plan.hand_off = 59;
  Summary s = plan.summary();
  EXPECT_EQ(s.add, 2);
  EXPECT_EQ(s.change, 1);
  EXPECT_EQ(s.destroy, 1);
  EXPECT_EQ(s.owned, 3);
  EXPECT_EQ(s.hand_off, 59);
  EXPECT_FALSE(s.no_changes());
}

TEST(Plan, NoChangesIgnoresNoOpsAndOwned) {
  Plan plan;
  plan.changes.push_back(fixtures::change({}, Action::NoOp));
  plan.changes.push_back(fixtures::change({}, Action::Owned));
  EXPECT_TRUE(plan.summary().no_changes());
  plan.hand_off = 1;
  EXPECT_FALSE(plan.summary().no_changes());
}

TEST(Plan, DigestIsSha256OfCanonicalJson) {
  EXPECT_EQ(object_digest(test::yaml("a: 1")),
            "015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862");
}

TEST(Plan, DigestIgnoresKeyOrder) {
  EXPECT_EQ(object_digest(test::yaml("{a: 1, b: {c: 2, d: [x, y]}}")),
            object_digest(test::yaml("{b: {d: [x, y], c: 2}, a: 1}")));
}

TEST(Plan, DigestTreatsIntAndWholeFloatAlike) {
  EXPECT_EQ(object_digest(test::yaml("replicas: 1")), object_digest(test::yaml("replicas: 1.0")));
}

TEST(Plan, DigestSeesValuesAndListOrder) {
  EXPECT_NE(object_digest(test::yaml("a: 1")), object_digest(test::yaml("a: 2")));
  EXPECT_NE(object_digest(test::yaml("a: [x, y]")), object_digest(test::yaml("a: [y, x]")));
}

TEST(Plan, MaskedReplacesEverySecretValue) {
  value::Value secret = test::yaml(R"(
apiVersion: v1
kind: Secret
metadata:
  name: s
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"data":{"auth":"aHVudGVyMg=="}}'
    other: kept
data:
  auth: aHVudGVyMg==
stringData:
  password: hunter2
type: Opaque
)");
  value::Value want = test::yaml(R"(
apiVersion: v1
kind: Secret
metadata:
  name: s
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: (sensitive value)
    other: kept
data:
  auth: (sensitive value)
stringData:
  password: (sensitive value)
type: Opaque
)");
  value::Value original = secret.clone();
  EXPECT_EQ(value::to_json(masked(secret)), value::to_json(want));
  EXPECT_EQ(value::to_json(secret), value::to_json(original)) << "masked() changed its input";
}

TEST(Plan, MaskedLeavesOtherKindsAlone) {
  value::Value cm = test::yaml("{apiVersion: v1, kind: ConfigMap, data: {a: b}}");
  EXPECT_EQ(value::to_json(masked(cm)), value::to_json(cm));
  value::Value cr = test::yaml("{apiVersion: example.com/v1, kind: Secret, data: {a: b}}");
  EXPECT_EQ(value::to_json(masked(cr)), value::to_json(cr));
}

}  // namespace
}  // namespace primer::plan
