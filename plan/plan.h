// Desired versus live: what primer will do to each object, field by field. A Plan is data;
// bootstrap/views prints it (Terraform-style text, or JSON) and plan_file saves it. Secret
// values never enter a Plan's printable parts: fields of Secrets are masked here, at the source.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kube/client.h"
#include "value/value.h"

namespace primer::plan {

enum class Action {
  Create,  // + the object does not exist
  Update,  // ~ fields differ (after the server's defaulting, by a dry-run apply)
  Delete,  // - primer created it, still owns it, and the configuration no longer has it
  NoOp,    //   identical
  Owned,   //   handed off: Argo CD owns it, primer does not write it
};

/// "create", "update", "delete", "no-op", "owned".
std::string_view to_string(Action action);

/// One changed field of an Update (or each field of a Create, for display).
struct FieldChange {
  std::string path;                    // "spec.template.spec.containers[name=server].image"
  std::optional<value::Value> before;  // absent: the field is added
  std::optional<value::Value> after;   // absent: the field is removed
  /// Masked: before/after hold "(sensitive value)" strings and sizes only.
  bool sensitive = false;
};

/// The apply waves of the kubernetes-api-spec's section 7.4, in order.
enum class Wave : int {
  Namespaces = 0,
  Crds = 1,
  ClusterRbac = 2,
  Config = 3,  // ServiceAccounts, Secrets, ConfigMaps, Roles/RoleBindings, policies
  Services = 4,
  Workloads = 5,
  CustomResources = 6,  // any other kind (CRs, Ingress, HPA, …)
  Handoff = 7,          // AppProject, repository Secrets, Applications primer creates
};

/// The wave of an object of `kind` in group `group` ("" for core).
Wave wave_of(std::string_view group, std::string_view kind);
/// "namespaces", "CRDs", "cluster RBAC", "configuration", "services", "workloads",
/// "custom resources", "handoff".
std::string_view to_string(Wave wave);

struct Change {
  kube::ObjectRef ref;
  Action action = Action::NoOp;
  Wave wave = Wave::CustomResources;
  bool hook = false;       // a Helm hook (runs before the waves, not part of the installed set)
  bool sensitive = false;  // a Secret: field values masked
  /// Applied with force: an object state says primer applied, so that values another field
  /// manager changed since (drift) are put back rather than refused as conflicts.
  bool force = false;
  /// An Update's field differences. Empty for a Create: its fields are fields_of(desired),
  /// spelled out only where shown (the CRDs alone have thousands).
  std::vector<FieldChange> fields;
  /// The object primer would apply (with its tracking annotation), for the applier. Never
  /// serialized (it may hold secret values).
  value::Value desired;
  std::string desired_digest;         // object_digest(desired); "" for Delete
  std::string live_resource_version;  // "" when the object was not read or does not exist
  std::string live_uid;
  /// Why, when it matters: "kind not served yet: compared offline", "owned by Argo CD".
  std::string note;
};

struct Summary {
  int add = 0, change = 0, destroy = 0, hand_off = 0, owned = 0;
  bool no_changes() const { return add == 0 && change == 0 && destroy == 0 && hand_off == 0; }
};

struct Plan {
  std::vector<Change> changes;  // wave order, then hooks first, then kind and name
  /// Objects this run hands over to Argo CD (installed chart objects, counted in "to hand off").
  int hand_off = 0;
  std::string handoff_application;  // "argocd/argocd", when a handoff is configured
  bool offline = false;             // planned against a fresh cluster, without reading one
  std::string inputs_digest;        // the digest of everything that decides the desired objects
  std::string cluster;              // the cluster's identity (server URL, kube-system uid)
  std::string state_lineage;        // the state the plan was made against ("" = none yet)
  std::int64_t state_serial = 0;
  Summary summary() const;
};

/// The digest of an object as primer applies it: sha256 of its canonical JSON (sorted keys).
std::string object_digest(const value::Value& object);

/// A copy of a Secret with every data/stringData value replaced by "(sensitive value)"; any
/// other object unchanged.
value::Value masked(const value::Value& object);

/// The field-level differences between `live` and `planned` (the dry-run result, or the
/// desired object when compared offline), ignoring what the server owns (managedFields,
/// resourceVersion, generation, uid, creationTimestamp, status). With `only_desired`
/// (offline, or a kind the server does not know yet) only fields present in `planned` count,
/// as Argo CD's 2-way diff does. Lists with a "name" key in every item are compared per name.
/// Secret values are masked when `sensitive`.
std::vector<FieldChange> diff_objects(const value::Value& live, const value::Value& planned,
                                      bool sensitive, bool only_desired);

/// Whether every field `planned` sets is live with the same value: diff_objects(live,
/// planned, _, only_desired=true) is empty. Stops at the first difference.
bool holds_desired(const value::Value& live, const value::Value& planned);

/// Every leaf of `object` as an added field (for showing a Create), masked when `sensitive`.
std::vector<FieldChange> fields_of(const value::Value& object, bool sensitive);

}  // namespace primer::plan
