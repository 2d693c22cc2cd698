// Operations on API objects over a Transport and Discovery: get, list (selectors, paging),
// server-side apply (also as a dry run, and as a concurrent batch), delete with a propagation
// policy, and watch with reconnection from the last resourceVersion, a relist after 410 Gone
// and a poll fallback. API errors become primer::Error naming the object
// ("apps/v1 Deployment argocd/argocd-server: 409 Conflict: <Status message>"); the structured
// Status is available through the batch results. Warning headers are collected. Never prints.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kube/discovery.h"
#include "kube/transport.h"
#include "value/value.h"

namespace primer::kube {

/// Which object: "apps/v1 Deployment argocd/argocd-server".
struct ObjectRef {
  std::string api_version, kind, namespace_name, name;
  /// "apps/v1 Deployment argocd/argocd-server" ("v1 Namespace argocd" without a namespace).
  std::string describe() const;
  /// The reference of a manifest or live object (its apiVersion, kind, metadata).
  static ObjectRef of(const value::Value& object);
  bool operator==(const ObjectRef&) const = default;
};

/// A failed API request: the metav1.Status the server returned (or the HTTP status alone).
struct ApiStatus {
  long code = 0;
  std::string reason;   // "Conflict", "NotFound", "" when the server gave none
  std::string message;  // the Status message
  value::Value status;  // the whole Status object (null when the body was not one)
};

/// "409 Conflict: <message>" — the code, the reason (else the HTTP reason phrase), the message.
std::string describe(const ApiStatus& status);
/// The ApiStatus of a non-2xx response.
ApiStatus api_status(const Response& response);

struct ListOptions {
  std::string label_selector;
  std::string field_selector;
  std::int64_t limit = 500;  // page size; every page is fetched
};

struct ListResult {
  value::List items;
  std::string resource_version;
};

struct ApplyOptions {
  std::string field_manager = "primer";
  bool force = false;    // take ownership of conflicting fields: only when the user asked
  bool dry_run = false;  // dryRun=All: validated and defaulted, not persisted
  std::optional<Clock::time_point> deadline;
};

/// The outcome of applying one object of a batch.
struct ApplyResult {
  ObjectRef ref;
  std::optional<value::Value> object;  // the live object after the apply, when it succeeded
  std::optional<ApiStatus> failure;    // the server's refusal
  std::string error;                   // the whole error text, when it did not succeed
  std::vector<std::string> warnings;
  bool ok() const { return object.has_value(); }
};

enum class Propagation { Background, Foreground, Orphan };

struct WatchEvent {
  std::string type;  // ADDED, MODIFIED, DELETED (BOOKMARKs are consumed)
  value::Value object;
};

struct WatchOptions {
  std::string label_selector;
  std::string field_selector;
  /// Start after this resourceVersion; empty: list first and report every object as ADDED.
  std::string resource_version;
  std::optional<Clock::time_point> deadline;      // the watch returns when it passes
  const std::atomic<bool>* stop = nullptr;        // the watch returns when it becomes true
  std::chrono::milliseconds poll_interval{1000};  // for the poll fallback
  bool force_poll = false;                        // use the poll fallback from the start
};

/// What a watch did, for tests and diagnostics.
struct WatchStats {
  int connections = 0;  // watch requests opened
  int relists = 0;      // lists after 410 Gone
  bool polled = false;  // fell back to polling
};

class Client {
 public:
  Client(Transport& transport, Discovery& discovery);

  /// The object, or nullopt when it does not exist. Throws Error naming the object.
  std::optional<value::Value> get(const ObjectRef& ref);
  /// get() of every ref concurrently (the transport's bound): result i is refs[i]'s object,
  /// nullopt when it does not exist. Throws Error naming the first object that failed.
  std::vector<std::optional<value::Value>> get_all(const std::vector<ObjectRef>& refs);
  /// A JSON patch (RFC 6902 `operations`, a list) of the object: a non-apply write, for
  /// removing finalizers. Never retried. Returns the object after it. Throws Error.
  value::Value json_patch(const ObjectRef& ref, const value::Value& operations);
  /// Every object of a kind (in `namespace_name`, or all namespaces when empty), page by page.
  ListResult list(const std::string& api_version, const std::string& kind,
                  const std::string& namespace_name, const ListOptions& options = {});
  /// Server-side apply of one manifest; returns the live (or dry-run) object. Throws Error.
  value::Value apply(const value::Value& object, const ApplyOptions& options = {});
  /// Server-side apply of every manifest concurrently (the transport's bound); never throws
  /// for one object's failure: result i is object i's.
  std::vector<ApplyResult> apply_all(const std::vector<value::Value>& objects,
                                     const ApplyOptions& options = {});
  /// Deletes the object; false when it was already gone. Throws Error naming the object.
  bool remove(const ObjectRef& ref, Propagation propagation = Propagation::Background);
  /// Watches a collection; `on_event` returns false to stop. Reconnects from the last
  /// resourceVersion when the stream ends, relists after 410 Gone, and polls when the server
  /// refuses to watch. Returns at the deadline or stop. Throws Error for non-transient failures.
  WatchStats watch(const std::string& api_version, const std::string& kind,
                   const std::string& namespace_name, const WatchOptions& options,
                   const std::function<bool(const WatchEvent&)>& on_event);

  /// The Warning headers received since the last call, in order, each once.
  std::vector<std::string> take_warnings();
  /// The namespace of namespaced objects that name none (the kubeconfig's).
  std::string default_namespace;

  Discovery& discovery() { return discovery_; }
  Transport& transport() { return transport_; }

 private:
  std::string object_path(const ResourceInfo& info, const std::string& ns,
                          const std::string& name) const;
  void note_warnings(const std::vector<std::string>& warnings);
  /// The resource serving `ref`, and `ref` with its namespace as the request needs it (the
  /// default for namespaced objects that name none, none for cluster-scoped ones).
  std::pair<ResourceInfo, ObjectRef> resolve(const ObjectRef& ref);

  Transport& transport_;
  Discovery& discovery_;
  std::mutex mu_;
  std::vector<std::string> warnings_;
};

/// `s` percent-encoded for a URL query value.
std::string query_escape(std::string_view s);

}  // namespace primer::kube
