// Readiness of live objects, compatible with kstatus (sigs.k8s.io/cli-utils
// pkg/kstatus/status), which helm 4's --wait uses: the same statuses, rules and messages.
// Pure computation over a value::Value; fetching and waiting live elsewhere.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "value/value.h"

namespace primer::kube {

/// kstatus's statuses.
enum class ReadyStatus { InProgress, Current, Failed, Terminating, NotFound, Unknown };

/// "InProgress", "Current", … as kstatus spells them.
std::string_view to_string(ReadyStatus status);

struct Readiness {
  ReadyStatus status = ReadyStatus::Unknown;
  std::string message;  // one line, kstatus's wording ("Ready: 1/3")
};

struct ReadinessOptions {
  /// The time used for kstatus's 15 s grace period of unschedulable Pods; null: now.
  std::optional<std::chrono::system_clock::time_point> now;
  /// primer's additions to kstatus (DESIGN: the kubernetes-api-spec's section 6.4): a
  /// Namespace must be phase Active, an APIService must be Available. Off: kstatus exactly.
  bool primer_rules = true;
};

/// The status of `object`, a live object as the API returned it (numbers decoded as
/// value::Numbers::Typed: kstatus reads replica counts only when they are integers). A null
/// pointer means the object does not exist (NotFound). Never throws: a malformed object is
/// Unknown, with the reason in the message.
Readiness compute_readiness(const value::Value* object, const ReadinessOptions& options = {});

}  // namespace primer::kube
