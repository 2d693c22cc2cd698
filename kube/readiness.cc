#include "kube/readiness.h"

#include <cstdint>
#include <vector>

#include "base/error.h"
#include "base/strings.h"
#include "kube/detail/util.h"

namespace primer::kube {

namespace {

using value::Value;

// A Compute error: kstatus's callers report such objects as Unknown.
struct Malformed {
  std::string message;
};

struct Condition {
  std::string type, status, reason, message;
};

Readiness in_progress(std::string message) { return {ReadyStatus::InProgress, std::move(message)}; }
Readiness current(std::string message) { return {ReadyStatus::Current, std::move(message)}; }
Readiness failed(std::string message) { return {ReadyStatus::Failed, std::move(message)}; }

const Value* field(const Value& obj, std::string_view path) {
  const Value* at = &obj;
  for (const std::string& key : split(path, ".")) {
    if (!at->is_map()) return nullptr;
    at = at->find(key);
    if (!at) return nullptr;
  }
  return at;
}

// parity: status/util.go GetIntField: only integer values count; anything else is the default
std::int64_t int_field(const Value& obj, std::string_view path, std::int64_t fallback) {
  const Value* v = field(obj, path);
  return v && v->is_int() ? v->as_int() : fallback;
}

// parity: status/util.go GetStringField
std::string string_field(const Value& obj, std::string_view path, const std::string& fallback) {
  const Value* v = field(obj, path);
  return v && v->is_string() ? v->as_string() : fallback;
}

bool bool_field(const Value& obj, std::string_view path, bool fallback) {
  const Value* v = field(obj, path);
  return v && v->is_bool() ? v->as_bool() : fallback;
}

// parity: unstructured.NestedInt64: absent is fine, another type is an error
std::optional<std::int64_t> nested_int(const Value& obj, std::string_view path) {
  const Value* v = field(obj, path);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_int()) {
    throw Malformed{"looking up " + std::string(path) + " from resource: ." + std::string(path) +
                    " accessor error: " + std::string(value::go_type_name(v->kind())) +
                    " is not int64"};
  }
  return v->as_int();
}

// parity: status/util.go GetObjectWithConditions (runtime.DefaultUnstructuredConverter)
std::vector<Condition> conditions(const Value& obj) {
  std::vector<Condition> out;
  const Value* status = obj.find("status");
  if (!status || status->is_null()) return out;
  if (!status->is_map()) throw Malformed{"status: expected a map"};
  const Value* list = status->find("conditions");
  if (!list || list->is_null()) return out;
  if (!list->is_list()) throw Malformed{"status.conditions: expected a list"};
  for (const Value& c : list->as_list()) {
    if (!c.is_map()) throw Malformed{"status.conditions: expected a list of maps"};
    Condition cond;
    for (auto [key, into] :
         {std::pair{"type", &cond.type}, std::pair{"status", &cond.status},
          std::pair{"reason", &cond.reason}, std::pair{"message", &cond.message}}) {
      const Value* v = c.find(key);
      if (!v || v->is_null()) continue;
      if (!v->is_string()) {
        throw Malformed{std::string("status.conditions[].") + key + ": expected a string"};
      }
      *into = v->as_string();
    }
    out.push_back(std::move(cond));
  }
  return out;
}

const Condition* find_condition(const std::vector<Condition>& conds, std::string_view type,
                                std::string_view status) {
  for (const Condition& c : conds) {
    if (c.type == type && c.status == status) return &c;
  }
  return nullptr;
}

std::string n(std::int64_t v) { return std::to_string(v); }

// parity: status/generic.go checkGenericProperties and checkGeneration
std::optional<Readiness> generic(const Value& obj, const std::string& kind,
                                 const std::vector<Condition>& conds) {
  const Value* deletion = field(obj, "metadata.deletionTimestamp");
  if (deletion && !deletion->is_null() && !deletion->is_string()) {
    throw Malformed{"looking up metadata.deletionTimestamp from resource: expected a string"};
  }
  if (deletion && deletion->is_string() && !deletion->as_string().empty()) {
    return Readiness{ReadyStatus::Terminating, "Resource scheduled for deletion"};
  }
  if (std::optional<std::int64_t> generation = nested_int(obj, "metadata.generation")) {
    std::optional<std::int64_t> observed = nested_int(obj, "status.observedGeneration");
    if (observed && *observed != *generation) {
      return in_progress(kind + " generation is " + n(*generation) +
                         ", but latest observed generation is " + n(*observed));
    }
  }
  for (const Condition& c : conds) {
    if (c.type == "Reconciling" && c.status == "True") return in_progress(c.message);
    if (c.type == "Stalled" && c.status == "True") return failed(c.message);
  }
  return std::nullopt;
}

// parity: core.go deploymentConditions
Readiness deployment(const Value& obj, const std::vector<Condition>& conds) {
  constexpr std::int64_t kMaxInt32 = 2147483647;
  bool progressing = int_field(obj, "spec.progressDeadlineSeconds", kMaxInt32) == kMaxInt32;
  bool available = false;
  for (const Condition& c : conds) {
    if (c.type == "Progressing") {
      if (c.reason == "ProgressDeadlineExceeded") return failed("Progress deadline exceeded");
      if (c.status == "True" && c.reason == "NewReplicaSetAvailable") progressing = true;
    } else if (c.type == "Available" && c.status == "True") {
      available = true;
    }
  }
  std::int64_t spec = int_field(obj, "spec.replicas", 1);
  std::int64_t replicas = int_field(obj, "status.replicas", 0);
  std::int64_t updated = int_field(obj, "status.updatedReplicas", 0);
  std::int64_t ready = int_field(obj, "status.readyReplicas", 0);
  std::int64_t avail = int_field(obj, "status.availableReplicas", 0);
  if (spec > replicas) return in_progress("Replicas: " + n(replicas) + "/" + n(spec));
  if (spec > updated) return in_progress("Updated: " + n(updated) + "/" + n(spec));
  if (replicas > spec) return in_progress("Pending termination: " + n(replicas - spec));
  if (updated > avail) return in_progress("Available: " + n(avail) + "/" + n(updated));
  if (spec > ready) return in_progress("Ready: " + n(ready) + "/" + n(spec));
  if (!progressing) return in_progress("ReplicaSet not Available");
  if (!available) return in_progress("Deployment not Available");
  return current("Deployment is available. Replicas: " + n(replicas));
}

// parity: core.go stsConditions
Readiness statefulset(const Value& obj) {
  if (string_field(obj, "spec.updateStrategy.type", "") == "OnDelete") {
    return current("StatefulSet is using the ondelete update strategy");
  }
  std::int64_t spec = int_field(obj, "spec.replicas", 1);
  std::int64_t ready = int_field(obj, "status.readyReplicas", 0);
  std::int64_t current_replicas = int_field(obj, "status.currentReplicas", 0);
  std::int64_t updated = int_field(obj, "status.updatedReplicas", 0);
  std::int64_t replicas = int_field(obj, "status.replicas", 0);
  std::int64_t partition = int_field(obj, "spec.updateStrategy.rollingUpdate.partition", -1);
  if (spec > replicas) return in_progress("Replicas: " + n(replicas) + "/" + n(spec));
  if (spec > ready) return in_progress("Ready: " + n(ready) + "/" + n(spec));
  if (replicas > spec) return in_progress("Pending termination: " + n(replicas - spec));
  if (partition != -1) {
    if (updated < spec - partition) {
      return in_progress("updated: " + n(updated) + "/" + n(spec - partition));
    }
    return current("Partition rollout complete. updated: " + n(updated));
  }
  if (spec > current_replicas) {
    return in_progress("current: " + n(current_replicas) + "/" + n(spec));
  }
  if (string_field(obj, "status.currentRevision", "") !=
      string_field(obj, "status.updateRevision", "")) {
    return in_progress("Waiting for updated revision to match current");
  }
  return current("All replicas scheduled as expected. Replicas: " + n(replicas));
}

// parity: core.go daemonsetConditions and checkGenerationSet
Readiness daemonset(const Value& obj, const std::string& kind) {
  if (!nested_int(obj, "metadata.generation")) {
    return in_progress(kind + " metadata.generation not found");
  }
  if (!nested_int(obj, "status.observedGeneration")) {
    return in_progress(kind + " status.observedGeneration not found");
  }
  std::int64_t desired = int_field(obj, "status.desiredNumberScheduled", -1);
  std::int64_t current_n = int_field(obj, "status.currentNumberScheduled", 0);
  std::int64_t updated = int_field(obj, "status.updatedNumberScheduled", 0);
  std::int64_t available = int_field(obj, "status.numberAvailable", 0);
  std::int64_t ready = int_field(obj, "status.numberReady", 0);
  if (desired == -1) return in_progress("Missing .status.desiredNumberScheduled");
  if (desired > current_n) return in_progress("Current: " + n(current_n) + "/" + n(desired));
  if (desired > updated) return in_progress("Updated: " + n(updated) + "/" + n(desired));
  if (desired > available) return in_progress("Available: " + n(available) + "/" + n(desired));
  if (desired > ready) return in_progress("Ready: " + n(ready) + "/" + n(desired));
  return current("All replicas scheduled as expected. Replicas: " + n(desired));
}

// parity: core.go replicasetConditions
Readiness replicaset(const Value& obj, const std::vector<Condition>& conds) {
  if (find_condition(conds, "ReplicaFailure", "True")) {
    return in_progress("Replica Failure condition. Check Pods");
  }
  std::int64_t spec = int_field(obj, "spec.replicas", 1);
  std::int64_t replicas = int_field(obj, "status.replicas", 0);
  std::int64_t ready = int_field(obj, "status.readyReplicas", 0);
  std::int64_t available = int_field(obj, "status.availableReplicas", 0);
  std::int64_t labelled = int_field(obj, "status.fullyLabeledReplicas", 0);
  if (spec > labelled) return in_progress("Labelled: " + n(labelled) + "/" + n(spec));
  if (spec > available) return in_progress("Available: " + n(available) + "/" + n(spec));
  if (spec > ready) return in_progress("Ready: " + n(ready) + "/" + n(spec));
  if (replicas > spec) return in_progress("Pending termination: " + n(replicas - spec));
  return current("ReplicaSet is available. Replicas: " + n(replicas));
}

// parity: core.go pvcConditions
Readiness pvc(const Value& obj) {
  std::string phase = string_field(obj, "status.phase", "unknown");
  if (phase != "Bound") return in_progress("PVC is not Bound. phase: " + phase);
  return current("PVC is Bound");
}

// parity: core.go getCrashLoopingContainers
std::vector<std::string> crash_looping(const Value& obj) {
  std::vector<std::string> names;
  const Value* statuses = field(obj, "status.containerStatuses");
  if (!statuses || !statuses->is_list()) return names;
  for (const Value& cs : statuses->as_list()) {
    const Value* name = cs.find("name");
    const Value* reason = field(cs, "state.waiting.reason");
    if (name && name->is_string() && reason && reason->is_string() &&
        reason->as_string() == "CrashLoopBackOff") {
      names.push_back(name->as_string());
    }
  }
  return names;
}

// parity: core.go podConditions (ScheduleWindow = 15s)
Readiness pod(const Value& obj, const std::vector<Condition>& conds,
              std::chrono::system_clock::time_point now) {
  std::string phase = string_field(obj, "status.phase", "");
  if (phase == "Succeeded") return current("Pod has completed successfully");
  if (phase == "Failed") return current("Pod has completed, but not successfully");
  if (phase == "Running") {
    if (find_condition(conds, "Ready", "True")) return current("Pod is Ready");
    std::vector<std::string> looping = crash_looping(obj);
    if (!looping.empty()) return failed("Containers in CrashLoop state: " + join(looping, ","));
    return in_progress("Pod is running but is not Ready");
  }
  if (phase == "Pending") {
    const Condition* c = find_condition(conds, "PodScheduled", "False");
    if (c && c->reason == "Unschedulable") {
      auto created = detail::parse_rfc3339(string_field(obj, "metadata.creationTimestamp", ""));
      if (created && now - std::chrono::seconds(15) < *created) {
        return in_progress("Pod has not been scheduled");
      }
      return failed("Pod could not be scheduled");
    }
    return in_progress("Pod is in the Pending phase");
  }
  if (phase.empty()) return in_progress("Pod phase not available");
  throw Malformed{"unknown phase " + phase};
}

// parity: core.go jobConditions
Readiness job(const Value& obj, const std::vector<Condition>& conds) {
  std::int64_t parallelism = int_field(obj, "spec.parallelism", 1);
  std::int64_t completions = int_field(obj, "spec.completions", parallelism);
  std::int64_t succeeded = int_field(obj, "status.succeeded", 0);
  std::int64_t active = int_field(obj, "status.active", 0);
  std::int64_t failed_n = int_field(obj, "status.failed", 0);
  std::string start = string_field(obj, "status.startTime", "");
  bool suspended = bool_field(obj, "spec.suspend", false);
  for (const Condition& c : conds) {
    if (c.type == "Complete" && c.status == "True") {
      return current("Job Completed. succeeded: " + n(succeeded) + "/" + n(completions));
    }
    if (c.type == "Failed" && c.status == "True") {
      return failed("Job Failed. failed: " + n(failed_n) + "/" + n(completions));
    }
    if (c.type == "Suspended" && c.status == "True" && suspended) {
      return current("Job is suspended");
    }
  }
  if (start.empty()) return in_progress("Job not started");
  return current("Job in progress. success:" + n(succeeded) + ", active: " + n(active) +
                 ", failed: " + n(failed_n));
}

// parity: core.go serviceConditions
Readiness service(const Value& obj) {
  if (string_field(obj, "spec.type", "ClusterIP") == "LoadBalancer" &&
      string_field(obj, "spec.clusterIP", "").empty()) {
    return in_progress("ClusterIP not set. Service type: LoadBalancer");
  }
  return current("Service is ready");
}

// parity: core.go CRDConditions
Readiness crd(const std::vector<Condition>& conds) {
  for (const Condition& c : conds) {
    if (c.type == "NamesAccepted" && c.status == "False") return failed(c.message);
    if (c.type == "Established") {
      if (c.status == "False" && c.reason != "Installing") return failed(c.message);
      if (c.status == "True") return current("CRD is established");
    }
  }
  return in_progress("Install in progress");
}

// primer's rule (kubernetes-api-spec 6.4): a Namespace that reports a phase must be Active.
std::optional<Readiness> namespace_phase(const Value& obj) {
  std::string phase = string_field(obj, "status.phase", "");
  if (phase.empty()) return std::nullopt;
  if (phase == "Active") return current("Namespace is Active");
  if (phase == "Terminating")
    return Readiness{ReadyStatus::Terminating, "Namespace is Terminating"};
  return in_progress("Namespace phase: " + phase);
}

// primer's rule: an APIService that reports Available must report it True.
std::optional<Readiness> apiservice(const std::vector<Condition>& conds) {
  for (const Condition& c : conds) {
    if (c.type != "Available") continue;
    if (c.status == "True") return current("APIService is Available");
    return in_progress(c.message.empty() ? "APIService is not Available"
                                         : "APIService is not Available: " + c.message);
  }
  return std::nullopt;
}

Readiness compute(const Value& obj, const ReadinessOptions& options) {
  if (!obj.is_map()) throw Malformed{"the object is not a map"};
  std::string api_version = string_field(obj, "apiVersion", "");
  std::string kind = string_field(obj, "kind", "");
  std::string group;
  if (std::size_t slash = api_version.find('/'); slash != std::string::npos) {
    group = api_version.substr(0, slash);
  }
  std::vector<Condition> conds = conditions(obj);
  if (std::optional<Readiness> r = generic(obj, kind, conds)) return *r;

  // parity: core.go legacyTypes, keyed by group and kind
  std::string key = group.empty() ? kind : group + "/" + kind;
  if (key == "Service") return service(obj);
  if (key == "Pod") return pod(obj, conds, options.now.value_or(std::chrono::system_clock::now()));
  if (key == "Secret" || key == "ConfigMap" || key == "batch/CronJob") {
    return current("Resource is always ready");
  }
  if (key == "PersistentVolumeClaim") return pvc(obj);
  if (key == "apps/StatefulSet") return statefulset(obj);
  if (key == "apps/DaemonSet" || key == "extensions/DaemonSet") return daemonset(obj, kind);
  if (key == "apps/Deployment" || key == "extensions/Deployment") return deployment(obj, conds);
  if (key == "apps/ReplicaSet" || key == "extensions/ReplicaSet") return replicaset(obj, conds);
  if (key == "policy/PodDisruptionBudget") return current("AllowedDisruptions has been computed.");
  if (key == "batch/Job") return job(obj, conds);
  if (key == "apiextensions.k8s.io/CustomResourceDefinition") return crd(conds);
  if (options.primer_rules) {
    std::optional<Readiness> extra;
    if (key == "Namespace") extra = namespace_phase(obj);
    if (key == "apiregistration.k8s.io/APIService") extra = apiservice(conds);
    if (extra) return *extra;
  }

  // parity: status.go checkReadyCondition: the first Ready condition decides
  for (const Condition& c : conds) {
    if (c.type != "Ready") continue;
    if (c.status == "True") return current("Resource is Ready");
    if (c.status == "False" || c.status == "Unknown") return in_progress(c.message);
  }
  return current("Resource is current");
}

}  // namespace

std::string_view to_string(ReadyStatus status) {
  switch (status) {
    case ReadyStatus::InProgress:
      return "InProgress";
    case ReadyStatus::Current:
      return "Current";
    case ReadyStatus::Failed:
      return "Failed";
    case ReadyStatus::Terminating:
      return "Terminating";
    case ReadyStatus::NotFound:
      return "NotFound";
    case ReadyStatus::Unknown:
      return "Unknown";
  }
  return "Unknown";
}

Readiness compute_readiness(const value::Value* object, const ReadinessOptions& options) {
  if (!object || object->is_null()) return {ReadyStatus::NotFound, "Resource not found"};
  try {
    return compute(*object, options);
  } catch (const Malformed& m) {
    return {ReadyStatus::Unknown, m.message};
  } catch (const Error& e) {
    return {ReadyStatus::Unknown, e.what()};
  }
}

}  // namespace primer::kube
