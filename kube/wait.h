// Waiting for objects to become ready (kstatus Current, kube/readiness.h) before a deadline:
// one watch per (apiVersion, kind, namespace) group, each reconnecting and relisting as
// Client::watch does; progress is reported through WaitProgress, never printed.
#pragma once

#include <chrono>
#include <vector>

#include "kube/client.h"
#include "kube/readiness.h"

namespace primer::kube {

/// Receives each object's readiness whenever it changes (from any of the wait's threads, one
/// call at a time).
class WaitProgress {
 public:
  virtual ~WaitProgress() = default;
  virtual void changed(const ObjectRef& object, const Readiness& readiness) = 0;
};

struct WaitOptions {
  Clock::time_point deadline;
  ReadinessOptions readiness;
  /// Stop at the first object that is Failed rather than waiting for the deadline.
  bool stop_on_failure = true;
  bool force_poll = false;  // poll instead of watching (for tests)
  std::chrono::milliseconds poll_interval{1000};
};

struct WaitResult {
  bool all_current = false;
  /// Every object's last readiness, in the order asked.
  std::vector<std::pair<ObjectRef, Readiness>> states;
  /// "timed out waiting for 2 objects: apps/v1 Deployment a/b: Ready: 0/1; …", or a failure;
  /// empty when all are Current.
  std::string summary() const;
};

/// Waits until every object in `objects` is Current, one is Failed (with stop_on_failure),
/// or the deadline passes. Throws Error only for failures of the API itself.
WaitResult wait_for(Client& client, const std::vector<ObjectRef>& objects,
                    const WaitOptions& options, WaitProgress* progress = nullptr);

}  // namespace primer::kube
