// Carrying out a plan: the namespaces, then the run's lock, then the state's intent (every
// object about to be written recorded as pending), Helm's pre-install/pre-upgrade hooks, the
// waves in order (parallel inside a wave; CRDs waited to be Established, and discovery
// refreshed, before custom resources need them;
// workloads waited to ready), post hooks, the handoff objects once Argo CD runs, deletions in
// reverse order; state written at each step, so that a failure or a kill leaves state that a
// rerun converges from. Destroy removes what state records, in reverse.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

#include "bootstrap/pipeline/cluster.h"
#include "bootstrap/pipeline/desired.h"
#include "kube/wait.h"
#include "plan/plan.h"
#include "state/backend.h"

namespace primer::bootstrap::pipeline {

/// What an apply or destroy reports while it runs; nothing here prints.
class ApplyProgress : public kube::WaitProgress {
 public:
  virtual void step(std::string_view /*what*/) {}       // "Applying workloads (7 objects)"
  virtual void done(const plan::Change& /*change*/) {}  // created, updated or deleted
  virtual void warning(std::string_view /*message*/) {}
  void changed(const kube::ObjectRef&, const kube::Readiness&) override {}
};

struct RunOptions {
  kube::Clock::time_point deadline;
  ApplyProgress* progress = nullptr;
  /// The render key for state to record once the handoff's objects are applied: the CRDs the
  /// run installed change the cluster's capabilities, so the key of the render handed off is
  /// the one those capabilities give ("" when they render something else). Run in the
  /// background while the handoff applies; unset: Desired::render_key.
  std::function<std::string()> render_key_after;
};

struct ApplyOutcome {
  int created = 0, updated = 0, deleted = 0;
  bool handed_off = false;  // this run handed the installation to Argo CD
  std::int64_t serial = 0;  // the state's serial after the run
};

/// Applies `plan` (made from `desired` against `stored`, the state read before planning).
/// Throws Error with a report of what failed; state then records what was applied.
ApplyOutcome apply_plan(Cluster& cluster, const Desired& desired, const plan::Plan& plan,
                        state::Backend& backend, const RunOptions& options);

/// Records the cluster as it is without writing any object: for a plan without changes
/// whose state is incomplete (pending entries after an interrupted run, or missing digests).
/// False when state was already complete.
bool reconcile_state(Cluster& cluster, const Desired& desired, const plan::Plan& plan,
                     state::Backend& backend, ApplyProgress* progress);

/// True when `plan` has no changes but state needs reconcile_state.
bool state_incomplete(const plan::Plan& plan, const state::Document* state);

/// Carries out a destroy plan: Applications' finalizers removed and the Applications deleted
/// (the root with cascade when `cascade`), then every object in order, each wave waited to
/// be gone, the namespace last; then state is removed.
int destroy_plan(Cluster& cluster, const plan::Plan& plan, state::Backend& backend, bool cascade,
                 const RunOptions& options);

}  // namespace primer::bootstrap::pipeline
