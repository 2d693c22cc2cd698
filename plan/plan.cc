#include "plan/plan.h"

#include <array>
#include <utility>

#include "base/digest.h"
#include "plan/detail/mask.h"

namespace primer::plan {
namespace {

struct WaveRule {
  std::string_view group;
  std::string_view kind;
  Wave wave;
};

// The kinds section 7.4 of the kubernetes-api-spec places before the custom resources; any
// other (group, kind) is a custom resource, whatever its name.
constexpr std::array kWaveRules = {
    WaveRule{"", "Namespace", Wave::Namespaces},
    WaveRule{"apiextensions.k8s.io", "CustomResourceDefinition", Wave::Crds},
    WaveRule{"rbac.authorization.k8s.io", "ClusterRole", Wave::ClusterRbac},
    WaveRule{"rbac.authorization.k8s.io", "ClusterRoleBinding", Wave::ClusterRbac},
    WaveRule{"", "ServiceAccount", Wave::Config},
    WaveRule{"", "Secret", Wave::Config},
    WaveRule{"", "ConfigMap", Wave::Config},
    WaveRule{"rbac.authorization.k8s.io", "Role", Wave::Config},
    WaveRule{"rbac.authorization.k8s.io", "RoleBinding", Wave::Config},
    WaveRule{"networking.k8s.io", "NetworkPolicy", Wave::Config},
    WaveRule{"policy", "PodDisruptionBudget", Wave::Config},
    WaveRule{"", "ResourceQuota", Wave::Config},
    WaveRule{"", "LimitRange", Wave::Config},
    WaveRule{"scheduling.k8s.io", "PriorityClass", Wave::Config},
    WaveRule{"storage.k8s.io", "StorageClass", Wave::Config},
    WaveRule{"", "PersistentVolume", Wave::Config},
    WaveRule{"", "PersistentVolumeClaim", Wave::Config},
    WaveRule{"", "Service", Wave::Services},
    WaveRule{"apps", "Deployment", Wave::Workloads},
    WaveRule{"apps", "StatefulSet", Wave::Workloads},
    WaveRule{"apps", "DaemonSet", Wave::Workloads},
    WaveRule{"apps", "ReplicaSet", Wave::Workloads},
    WaveRule{"", "Pod", Wave::Workloads},
    WaveRule{"batch", "Job", Wave::Workloads},
    WaveRule{"batch", "CronJob", Wave::Workloads},
};

}  // namespace

std::string_view to_string(Action action) {
  switch (action) {
    case Action::Create:
      return "create";
    case Action::Update:
      return "update";
    case Action::Delete:
      return "delete";
    case Action::NoOp:
      return "no-op";
    case Action::Owned:
      return "owned";
  }
  return "no-op";
}

Wave wave_of(std::string_view group, std::string_view kind) {
  for (const WaveRule& rule : kWaveRules) {
    if (rule.group == group && rule.kind == kind) return rule.wave;
  }
  return Wave::CustomResources;
}

std::string_view to_string(Wave wave) {
  switch (wave) {
    case Wave::Namespaces:
      return "namespaces";
    case Wave::Crds:
      return "CRDs";
    case Wave::ClusterRbac:
      return "cluster RBAC";
    case Wave::Config:
      return "configuration";
    case Wave::Services:
      return "services";
    case Wave::Workloads:
      return "workloads";
    case Wave::CustomResources:
      return "custom resources";
    case Wave::Handoff:
      return "handoff";
  }
  return "custom resources";
}

Summary Plan::summary() const {
  Summary s;
  for (const Change& c : changes) {
    switch (c.action) {
      case Action::Create:
        ++s.add;
        break;
      case Action::Update:
        ++s.change;
        break;
      case Action::Delete:
        ++s.destroy;
        break;
      case Action::Owned:
        ++s.owned;
        break;
      case Action::NoOp:
        break;
    }
  }
  s.hand_off = hand_off;
  return s;
}

std::string object_digest(const value::Value& object) {
  // Maps iterate in sorted key order, so to_json is canonical; int 1 and float 1.0 both
  // print as 1, as they do in the JSON the server receives.
  return sha256_hex(value::to_json(object));
}

value::Value masked(const value::Value& object) {
  if (!detail::is_secret(object)) return object;
  value::Value copy = object.clone();
  for (std::string_view field : {"data", "stringData"}) {
    const value::Value* values = copy.find(field);
    if (values == nullptr || !values->is_map()) continue;
    for (auto& [key, v] : values->as_map()) v = value::Value(detail::kSensitive);
  }
  if (const value::Value* meta = copy.find("metadata"); meta != nullptr) {
    if (const value::Value* annotations = meta->find("annotations");
        annotations != nullptr && annotations->is_map()) {
      auto& map = annotations->as_map();
      if (auto it = map.find(detail::kLastApplied); it != map.end()) {
        it->second = value::Value(detail::kSensitive);
      }
    }
  }
  return copy;
}

}  // namespace primer::plan
