// Where state lives and how runs exclude each other. Two backends: a Secret in the release
// namespace (default; optimistic concurrency on its resourceVersion, a coordination.k8s.io
// Lease as the lock) and a local file (atomic replace, a lock file beside it).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "kube/client.h"
#include "state/state.h"

namespace primer::state {

/// Who holds a lock.
struct LockInfo {
  std::string id;         // random, given when taken
  std::string holder;     // "user@host pid 1234"
  std::string operation;  // "apply", "destroy"
  std::string created;    // RFC 3339
  /// One line: `held by user@host pid 1234 for "apply" since 2026-11-26T21:14:03Z (lock id …)`.
  std::string describe() const;
};

/// A held lock: released by release() or the destructor. The Lease lock renews itself in
/// the background while held.
class Lock {
 public:
  virtual ~Lock() = default;
  virtual const LockInfo& info() const = 0;
  virtual void release() = 0;
};

/// A document read with the version token its next write must name.
struct Stored {
  Document document;
  std::string version;  // the Secret's resourceVersion; the file's sha256
};

class Backend {
 public:
  virtual ~Backend() = default;
  /// "Secret argocd/primer-state-argocd", "file primer.state.json".
  virtual std::string describe() const = 0;
  /// The stored document, or nullopt when there is none. Throws Error naming the backend.
  virtual std::optional<Stored> read() = 0;
  /// Stores `doc` (serial and updated_at as given) if the stored version still is `expected`
  /// ("" = nothing stored yet); returns the new version. Throws Error naming the backend when
  /// another writer came first ("state changed since it was read: …").
  virtual std::string write(const Document& doc, const std::string& expected) = 0;
  /// Removes the stored document (after a destroy); no error when there is none.
  virtual void remove() = 0;
  /// Takes the lock for `operation`; throws Error naming the current holder when another
  /// run holds it. A lock whose holder is gone (its Lease expired, or a process of this
  /// host that no longer runs) is taken over, reported through `taken_over`.
  virtual std::unique_ptr<Lock> lock(const std::string& operation,
                                     std::string* taken_over = nullptr) = 0;
  /// The current holder, if any.
  virtual std::optional<LockInfo> lock_holder() = 0;
  /// Removes the lock whatever holds it (`primer state unlock`); false when there was none.
  /// With a non-empty `id`, only a lock with that id: throws Error naming the holder when
  /// another lock is held.
  virtual bool force_unlock(const std::string& id) = 0;
};

/// State in Secret `primer-state-<release>` of `namespace_name` (type primer.dev/state, the
/// document under data["state"]), locked by Lease `primer-lock-<release>`. The namespace must
/// exist before write() and lock(); read() of a missing namespace is nullopt.
std::unique_ptr<Backend> secret_backend(kube::Client& client, std::string namespace_name,
                                        std::string release_name);

/// How the Secret backend's Lease lock behaves (tests shorten the times).
struct SecretBackendOptions {
  std::chrono::seconds lease_duration{30};          // spec.leaseDurationSeconds
  std::chrono::milliseconds renew_interval{10000};  // how often a held lock renews renewTime
  std::string field_manager = "primer";
};

/// As above, with `options`. The backend and its locks borrow `client`, which must outlive them.
std::unique_ptr<Backend> secret_backend(kube::Client& client, std::string namespace_name,
                                        std::string release_name, SecretBackendOptions options);

/// State in the file at `path`, locked by `path + ".lock"`.
std::unique_ptr<Backend> file_backend(std::string path);

}  // namespace primer::state
