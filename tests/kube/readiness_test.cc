#include "kube/readiness.h"

#include <gtest/gtest.h>

#include "tests/support/support.h"

namespace primer::kube {
namespace {

struct ReadyCase {
  const char* name;    // the rule this case pins
  const char* object;  // YAML
  ReadyStatus status;
  const char* message;
  bool primer_rules = true;
};

using S = ReadyStatus;

// Expected statuses and messages follow sigs.k8s.io/cli-utils pkg/kstatus/status at
// 5895ad6c (status.go Compute, generic.go, core.go); the function is named per group.
const ReadyCase kCases[] = {
    // parity: generic.go checkGenericProperties
    {"deletionTimestamp means Terminating",
     "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, deletionTimestamp: "
     "'2026-01-01T00:00:00Z'}",
     S::Terminating, "Resource scheduled for deletion"},
    {"empty deletionTimestamp is ignored",
     "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, deletionTimestamp: ''}", S::Current,
     "Resource is always ready"},
    // parity: generic.go checkGeneration
    {"observedGeneration behind generation is InProgress",
     "apiVersion: example.com/v1\nkind: Widget\nmetadata: {generation: 3}\n"
     "status: {observedGeneration: 2}",
     S::InProgress, "Widget generation is 3, but latest observed generation is 2"},
    {"observedGeneration ahead of generation is InProgress too",
     "apiVersion: example.com/v1\nkind: Widget\nmetadata: {generation: 1}\n"
     "status: {observedGeneration: 2}",
     S::InProgress, "Widget generation is 1, but latest observed generation is 2"},
    {"absent observedGeneration skips the generation check",
     "apiVersion: example.com/v1\nkind: Widget\nmetadata: {generation: 3}", S::Current,
     "Resource is current"},
    {"a generation that is not an integer makes the object Unknown",
     "apiVersion: example.com/v1\nkind: Widget\nmetadata: {generation: '3'}", S::Unknown,
     "looking up metadata.generation from resource: .metadata.generation accessor error: "
     "string is not int64"},
    {"Reconciling=True is InProgress with its message",
     "apiVersion: example.com/v1\nkind: Widget\nstatus:\n  conditions:\n"
     "  - {type: Reconciling, status: 'True', reason: Working, message: rolling out}",
     S::InProgress, "rolling out"},
    {"Stalled=True is Failed with its message",
     "apiVersion: example.com/v1\nkind: Widget\nstatus:\n  conditions:\n"
     "  - {type: Stalled, status: 'True', reason: Broken, message: bad spec}",
     S::Failed, "bad spec"},
    {"Stalled wins over kind rules",
     "apiVersion: v1\nkind: ConfigMap\nstatus:\n  conditions:\n"
     "  - {type: Stalled, status: 'True', message: stuck}",
     S::Failed, "stuck"},
    // parity: status.go checkReadyCondition
    {"custom resource Ready=True is Current",
     "apiVersion: example.com/v1\nkind: Widget\nstatus:\n  conditions:\n"
     "  - {type: Ready, status: 'True'}",
     S::Current, "Resource is Ready"},
    {"custom resource Ready=False is InProgress with its message",
     "apiVersion: example.com/v1\nkind: Widget\nstatus:\n  conditions:\n"
     "  - {type: Ready, status: 'False', reason: Waiting, message: waiting for db}",
     S::InProgress, "waiting for db"},
    {"custom resource Ready=Unknown is InProgress",
     "apiVersion: example.com/v1\nkind: Widget\nstatus:\n  conditions:\n"
     "  - {type: Ready, status: Unknown, message: checking}",
     S::InProgress, "checking"},
    {"custom resource without conditions is Current",
     "apiVersion: example.com/v1\nkind: Widget\nspec: {}", S::Current, "Resource is current"},
    {"conditions that are not a list make the object Unknown",
     "apiVersion: example.com/v1\nkind: Widget\nstatus: {conditions: yes}", S::Unknown,
     "status.conditions: expected a list"},
    // parity: core.go deploymentConditions
    {"Deployment complete",
     "apiVersion: apps/v1\nkind: Deployment\nmetadata: {generation: 2}\n"
     "spec: {replicas: 2, progressDeadlineSeconds: 600}\n"
     "status:\n  observedGeneration: 2\n  replicas: 2\n  updatedReplicas: 2\n"
     "  readyReplicas: 2\n  availableReplicas: 2\n  conditions:\n"
     "  - {type: Available, status: 'True', reason: MinimumReplicasAvailable}\n"
     "  - {type: Progressing, status: 'True', reason: NewReplicaSetAvailable}",
     S::Current, "Deployment is available. Replicas: 2"},
    {"Deployment spec.replicas defaults to 1", "apiVersion: apps/v1\nkind: Deployment\nspec: {}",
     S::InProgress, "Replicas: 0/1"},
    {"Deployment progress deadline exceeded is Failed",
     "apiVersion: apps/v1\nkind: Deployment\nspec: {replicas: 1}\nstatus:\n  conditions:\n"
     "  - {type: Progressing, status: 'False', reason: ProgressDeadlineExceeded}",
     S::Failed, "Progress deadline exceeded"},
    {"Deployment too few updated",
     "apiVersion: apps/v1\nkind: Deployment\nspec: {replicas: 3}\n"
     "status: {replicas: 3, updatedReplicas: 1}",
     S::InProgress, "Updated: 1/3"},
    {"Deployment extra pods pending termination",
     "apiVersion: apps/v1\nkind: Deployment\nspec: {replicas: 2}\n"
     "status: {replicas: 3, updatedReplicas: 2}",
     S::InProgress, "Pending termination: 1"},
    {"Deployment updated but not available",
     "apiVersion: apps/v1\nkind: Deployment\nspec: {replicas: 2}\n"
     "status: {replicas: 2, updatedReplicas: 2, availableReplicas: 1}",
     S::InProgress, "Available: 1/2"},
    {"Deployment not ready",
     "apiVersion: apps/v1\nkind: Deployment\nspec: {replicas: 2}\n"
     "status: {replicas: 2, updatedReplicas: 2, availableReplicas: 2, readyReplicas: 1}",
     S::InProgress, "Ready: 1/2"},
    {"Deployment with a progress deadline needs NewReplicaSetAvailable",
     "apiVersion: apps/v1\nkind: Deployment\nspec: {replicas: 1, progressDeadlineSeconds: 600}\n"
     "status: {replicas: 1, updatedReplicas: 1, availableReplicas: 1, readyReplicas: 1}",
     S::InProgress, "ReplicaSet not Available"},
    {"Deployment without a progress deadline still needs Available",
     "apiVersion: apps/v1\nkind: Deployment\nspec: {replicas: 1}\n"
     "status: {replicas: 1, updatedReplicas: 1, availableReplicas: 1, readyReplicas: 1}",
     S::InProgress, "Deployment not Available"},
    {"Deployment replica counts that are not integers count as their defaults",
     "apiVersion: apps/v1\nkind: Deployment\nspec: {replicas: '2'}\n"
     "status:\n  replicas: 1\n  updatedReplicas: 1\n  availableReplicas: 1\n"
     "  readyReplicas: 1\n  conditions:\n  - {type: Available, status: 'True'}",
     S::Current, "Deployment is available. Replicas: 1"},
    {"extensions/Deployment uses the Deployment rule",
     "apiVersion: extensions/v1beta1\nkind: Deployment\nspec: {replicas: 1}", S::InProgress,
     "Replicas: 0/1"},
    {"Deployment in another group is a custom resource",
     "apiVersion: example.com/v1\nkind: Deployment\nspec: {replicas: 1}", S::Current,
     "Resource is current"},
    // parity: core.go stsConditions
    {"StatefulSet OnDelete is Current",
     "apiVersion: apps/v1\nkind: StatefulSet\nspec: {replicas: 3, updateStrategy: {type: "
     "OnDelete}}",
     S::Current, "StatefulSet is using the ondelete update strategy"},
    {"StatefulSet too few replicas",
     "apiVersion: apps/v1\nkind: StatefulSet\nspec: {replicas: 3}\nstatus: {replicas: 1}",
     S::InProgress, "Replicas: 1/3"},
    {"StatefulSet not ready",
     "apiVersion: apps/v1\nkind: StatefulSet\nspec: {replicas: 3}\n"
     "status: {replicas: 3, readyReplicas: 2}",
     S::InProgress, "Ready: 2/3"},
    {"StatefulSet partition rollout in progress",
     "apiVersion: apps/v1\nkind: StatefulSet\n"
     "spec: {replicas: 3, updateStrategy: {rollingUpdate: {partition: 1}}}\n"
     "status: {replicas: 3, readyReplicas: 3, updatedReplicas: 1}",
     S::InProgress, "updated: 1/2"},
    {"StatefulSet partition rollout complete",
     "apiVersion: apps/v1\nkind: StatefulSet\n"
     "spec: {replicas: 3, updateStrategy: {rollingUpdate: {partition: 1}}}\n"
     "status: {replicas: 3, readyReplicas: 3, updatedReplicas: 2}",
     S::Current, "Partition rollout complete. updated: 2"},
    {"StatefulSet too few current",
     "apiVersion: apps/v1\nkind: StatefulSet\nspec: {replicas: 2}\n"
     "status: {replicas: 2, readyReplicas: 2, currentReplicas: 1}",
     S::InProgress, "current: 1/2"},
    {"StatefulSet revision mismatch",
     "apiVersion: apps/v1\nkind: StatefulSet\nspec: {replicas: 1}\n"
     "status: {replicas: 1, readyReplicas: 1, currentReplicas: 1, currentRevision: a-1, "
     "updateRevision: a-2}",
     S::InProgress, "Waiting for updated revision to match current"},
    {"StatefulSet complete",
     "apiVersion: apps/v1\nkind: StatefulSet\nspec: {replicas: 1}\n"
     "status: {replicas: 1, readyReplicas: 1, currentReplicas: 1, currentRevision: a-1, "
     "updateRevision: a-1}",
     S::Current, "All replicas scheduled as expected. Replicas: 1"},
    // parity: core.go daemonsetConditions, checkGenerationSet
    {"DaemonSet without generation is InProgress",
     "apiVersion: apps/v1\nkind: DaemonSet\nstatus: {desiredNumberScheduled: 1}", S::InProgress,
     "DaemonSet metadata.generation not found"},
    {"DaemonSet without observedGeneration is InProgress",
     "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {generation: 1}", S::InProgress,
     "DaemonSet status.observedGeneration not found"},
    {"DaemonSet without desiredNumberScheduled",
     "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {generation: 1}\n"
     "status: {observedGeneration: 1}",
     S::InProgress, "Missing .status.desiredNumberScheduled"},
    {"DaemonSet not all available",
     "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {generation: 1}\n"
     "status: {observedGeneration: 1, desiredNumberScheduled: 2, currentNumberScheduled: 2, "
     "updatedNumberScheduled: 2, numberAvailable: 1}",
     S::InProgress, "Available: 1/2"},
    {"DaemonSet complete",
     "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {generation: 1}\n"
     "status: {observedGeneration: 1, desiredNumberScheduled: 2, currentNumberScheduled: 2, "
     "updatedNumberScheduled: 2, numberAvailable: 2, numberReady: 2}",
     S::Current, "All replicas scheduled as expected. Replicas: 2"},
    // parity: core.go replicasetConditions
    {"ReplicaSet replica failure",
     "apiVersion: apps/v1\nkind: ReplicaSet\nstatus:\n  conditions:\n"
     "  - {type: ReplicaFailure, status: 'True'}",
     S::InProgress, "Replica Failure condition. Check Pods"},
    {"ReplicaSet not fully labelled",
     "apiVersion: apps/v1\nkind: ReplicaSet\nspec: {replicas: 2}\nstatus: {fullyLabeledReplicas: "
     "1}",
     S::InProgress, "Labelled: 1/2"},
    {"ReplicaSet complete",
     "apiVersion: apps/v1\nkind: ReplicaSet\nspec: {replicas: 2}\nstatus: {replicas: 2, "
     "fullyLabeledReplicas: 2, availableReplicas: 2, readyReplicas: 2}",
     S::Current, "ReplicaSet is available. Replicas: 2"},
    // parity: core.go jobConditions
    {"Job complete",
     "apiVersion: batch/v1\nkind: Job\nspec: {completions: 2}\nstatus:\n  succeeded: 2\n"
     "  conditions:\n  - {type: Complete, status: 'True'}",
     S::Current, "Job Completed. succeeded: 2/2"},
    {"Job failed",
     "apiVersion: batch/v1\nkind: Job\nspec: {parallelism: 3}\nstatus:\n  failed: 1\n"
     "  conditions:\n  - {type: Failed, status: 'True'}",
     S::Failed, "Job Failed. failed: 1/3"},
    {"Job suspended needs spec.suspend",
     "apiVersion: batch/v1\nkind: Job\nspec: {suspend: true}\nstatus:\n"
     "  conditions:\n  - {type: Suspended, status: 'True'}",
     S::Current, "Job is suspended"},
    {"Job not started", "apiVersion: batch/v1\nkind: Job\nspec: {}", S::InProgress,
     "Job not started"},
    {"a started Job is Current",
     "apiVersion: batch/v1\nkind: Job\nstatus: {startTime: '2026-01-01T00:00:00Z', active: 1}",
     S::Current, "Job in progress. success:0, active: 1, failed: 0"},
    // parity: core.go podConditions
    {"Pod succeeded", "apiVersion: v1\nkind: Pod\nstatus: {phase: Succeeded}", S::Current,
     "Pod has completed successfully"},
    {"Pod failed is Current", "apiVersion: v1\nkind: Pod\nstatus: {phase: Failed}", S::Current,
     "Pod has completed, but not successfully"},
    {"Pod running and ready",
     "apiVersion: v1\nkind: Pod\nstatus:\n  phase: Running\n  conditions:\n"
     "  - {type: Ready, status: 'True'}",
     S::Current, "Pod is Ready"},
    {"Pod crash looping",
     "apiVersion: v1\nkind: Pod\nstatus:\n  phase: Running\n  containerStatuses:\n"
     "  - {name: a, state: {waiting: {reason: CrashLoopBackOff}}}\n"
     "  - {name: b, state: {running: {}}}\n"
     "  - {name: c, state: {waiting: {reason: CrashLoopBackOff}}}",
     S::Failed, "Containers in CrashLoop state: a,c"},
    {"Pod running not ready", "apiVersion: v1\nkind: Pod\nstatus: {phase: Running}", S::InProgress,
     "Pod is running but is not Ready"},
    {"Pod unschedulable within 15s is InProgress",
     "apiVersion: v1\nkind: Pod\nmetadata: {creationTimestamp: '2026-01-01T00:00:00Z'}\n"
     "status:\n  phase: Pending\n  conditions:\n"
     "  - {type: PodScheduled, status: 'False', reason: Unschedulable}",
     S::InProgress, "Pod has not been scheduled"},
    {"Pod unschedulable after 15s is Failed",
     "apiVersion: v1\nkind: Pod\nmetadata: {creationTimestamp: '2025-12-31T23:59:40Z'}\n"
     "status:\n  phase: Pending\n  conditions:\n"
     "  - {type: PodScheduled, status: 'False', reason: Unschedulable}",
     S::Failed, "Pod could not be scheduled"},
    {"Pod pending", "apiVersion: v1\nkind: Pod\nstatus: {phase: Pending}", S::InProgress,
     "Pod is in the Pending phase"},
    {"Pod without phase", "apiVersion: v1\nkind: Pod\nspec: {}", S::InProgress,
     "Pod phase not available"},
    {"Pod with an unknown phase is Unknown", "apiVersion: v1\nkind: Pod\nstatus: {phase: Weird}",
     S::Unknown, "unknown phase Weird"},
    // parity: core.go serviceConditions
    {"LoadBalancer Service without clusterIP",
     "apiVersion: v1\nkind: Service\nspec: {type: LoadBalancer}", S::InProgress,
     "ClusterIP not set. Service type: LoadBalancer"},
    {"LoadBalancer Service does not wait for an ingress IP",
     "apiVersion: v1\nkind: Service\nspec: {type: LoadBalancer, clusterIP: 10.0.0.1}", S::Current,
     "Service is ready"},
    {"ClusterIP Service", "apiVersion: v1\nkind: Service\nspec: {}", S::Current,
     "Service is ready"},
    // parity: core.go pvcConditions
    {"PVC bound", "apiVersion: v1\nkind: PersistentVolumeClaim\nstatus: {phase: Bound}", S::Current,
     "PVC is Bound"},
    {"PVC pending", "apiVersion: v1\nkind: PersistentVolumeClaim\nstatus: {phase: Pending}",
     S::InProgress, "PVC is not Bound. phase: Pending"},
    {"PVC without status", "apiVersion: v1\nkind: PersistentVolumeClaim\nspec: {}", S::InProgress,
     "PVC is not Bound. phase: unknown"},
    // parity: core.go CRDConditions
    {"CRD established",
     "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nstatus:\n"
     "  conditions:\n  - {type: NamesAccepted, status: 'True'}\n"
     "  - {type: Established, status: 'True'}",
     S::Current, "CRD is established"},
    {"CRD names not accepted is Failed",
     "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nstatus:\n"
     "  conditions:\n  - {type: NamesAccepted, status: 'False', reason: MultipleNameConflict, "
     "message: 'plural name conflict'}",
     S::Failed, "plural name conflict"},
    {"CRD installing",
     "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nstatus:\n"
     "  conditions:\n  - {type: Established, status: 'False', reason: Installing}",
     S::InProgress, "Install in progress"},
    {"CRD not established for another reason is Failed",
     "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nstatus:\n"
     "  conditions:\n  - {type: Established, status: 'False', reason: Nope, message: broken}",
     S::Failed, "broken"},
    {"CRD without conditions",
     "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec: {}", S::InProgress,
     "Install in progress"},
    // parity: core.go alwaysReady, pdbConditions
    {"Secret is always ready", "apiVersion: v1\nkind: Secret", S::Current,
     "Resource is always ready"},
    {"CronJob is always ready", "apiVersion: batch/v1\nkind: CronJob", S::Current,
     "Resource is always ready"},
    {"PodDisruptionBudget is Current once observed",
     "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {generation: 1}\n"
     "status: {observedGeneration: 1}",
     S::Current, "AllowedDisruptions has been computed."},
    {"PodDisruptionBudget not yet observed",
     "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {generation: 2}\n"
     "status: {observedGeneration: 1}",
     S::InProgress, "PodDisruptionBudget generation is 2, but latest observed generation is 1"},
    // Namespace and APIService: kstatus has no rule (Ready condition, else Current);
    // primer adds phase Active and Available (kubernetes-api-spec 6.4).
    {"Namespace Active", "apiVersion: v1\nkind: Namespace\nstatus: {phase: Active}", S::Current,
     "Namespace is Active"},
    {"Namespace Terminating phase", "apiVersion: v1\nkind: Namespace\nstatus: {phase: Terminating}",
     S::Terminating, "Namespace is Terminating"},
    {"Namespace without phase falls back to kstatus", "apiVersion: v1\nkind: Namespace", S::Current,
     "Resource is current"},
    {"kstatus alone ignores the Namespace phase",
     "apiVersion: v1\nkind: Namespace\nstatus: {phase: Terminating}", S::Current,
     "Resource is current", false},
    {"APIService Available",
     "apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nstatus:\n  conditions:\n"
     "  - {type: Available, status: 'True'}",
     S::Current, "APIService is Available"},
    {"APIService not Available",
     "apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nstatus:\n  conditions:\n"
     "  - {type: Available, status: 'False', reason: MissingEndpoints, "
     "message: 'endpoints for service/metrics-server in \"kube-system\" have no addresses'}",
     S::InProgress,
     "APIService is not Available: endpoints for service/metrics-server in \"kube-system\" "
     "have no addresses"},
    {"kstatus alone treats an unavailable APIService as Current",
     "apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nstatus:\n  conditions:\n"
     "  - {type: Available, status: 'False'}",
     S::Current, "Resource is current", false},
};

TEST(Readiness, KstatusRules) {
  auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1767225605));
  // 1767225605 = 2026-01-01T00:00:05Z
  for (const ReadyCase& c : kCases) {
    SCOPED_TRACE(c.name);
    value::Value obj = test::yaml(c.object);
    Readiness got = compute_readiness(&obj, {.now = now, .primer_rules = c.primer_rules});
    EXPECT_EQ(to_string(got.status), to_string(c.status));
    EXPECT_EQ(got.message, c.message);
  }
}

TEST(Readiness, MissingObjectIsNotFound) {
  Readiness got = compute_readiness(nullptr);
  EXPECT_EQ(got.status, ReadyStatus::NotFound);
  EXPECT_EQ(got.message, "Resource not found");
}

TEST(Readiness, NonMapIsUnknown) {
  value::Value obj("text");
  EXPECT_EQ(compute_readiness(&obj).status, ReadyStatus::Unknown);
}

}  // namespace
}  // namespace primer::kube
