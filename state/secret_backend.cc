// The in-cluster backend: the document in Secret primer-state-<release> (optimistic
// concurrency on its resourceVersion) and a coordination.k8s.io/v1 Lease primer-lock-<release>
// as the lock, renewed by a background thread while held. Raw requests over the Transport:
// POST to create, PUT guarded by metadata.resourceVersion, DELETE with preconditions.
#include <condition_variable>
#include <mutex>
#include <thread>

#include "base/error.h"
#include "base/log.h"
#include "base/strings.h"
#include "kube/detail/util.h"
#include "state/backend.h"
#include "state/detail/lock_holder.h"

namespace primer::state {
namespace {

using value::Value;
using SystemTime = detail::SystemTime;

constexpr std::string_view kLog = "state";
constexpr const char* kStateType = "primer.dev/state";
constexpr const char* kLockIdKey = "primer.dev/lock-id";
constexpr const char* kOperationKey = "primer.dev/operation";
constexpr const char* kConflict =
    "state changed since it was read (another primer run wrote it); run again";

const Value* path_of(const Value& v, std::initializer_list<std::string_view> keys) {
  const Value* at = &v;
  for (std::string_view k : keys) {
    at = at->find(k);
    if (at == nullptr) return nullptr;
  }
  return at;
}

std::string string_at(const Value& v, std::initializer_list<std::string_view> keys) {
  const Value* at = path_of(v, keys);
  return at != nullptr && at->is_string() ? at->as_string() : "";
}

Value labels_for(const std::string& release) {
  value::Map labels;
  labels["app.kubernetes.io/managed-by"] = Value("primer");
  labels["primer.dev/release"] = Value(release);
  return Value(std::move(labels));
}

/// Requests against one object of the namespace, with errors naming it ("Lease ns/name").
class ObjectClient {
 public:
  ObjectClient(kube::Transport& transport, std::string collection, std::string name,
               std::string where, std::string field_manager)
      : transport_(transport),
        collection_(std::move(collection)),
        name_(std::move(name)),
        where_(std::move(where)),
        field_manager_(std::move(field_manager)) {}

  const std::string& where() const { return where_; }
  const std::string& name() const { return name_; }

  kube::Response get() { return send("GET", object_path(), ""); }
  kube::Response create(const Value& body) {
    return send("POST", collection_ + "?fieldManager=" + kube::query_escape(field_manager_),
                value::to_raw_json(body));
  }
  kube::Response replace(const Value& body) {
    return send("PUT", object_path() + "?fieldManager=" + kube::query_escape(field_manager_),
                value::to_raw_json(body));
  }
  /// DELETE, only while the object still is at `resource_version` (when given).
  kube::Response remove(const std::string& resource_version) {
    std::string body = R"({"kind":"DeleteOptions","apiVersion":"v1")";
    if (!resource_version.empty()) {
      body += R"(,"preconditions":{"resourceVersion":)" +
              value::to_raw_json(Value(resource_version)) + "}";
    }
    body += "}";
    return send("DELETE", object_path(), body);
  }

  /// The body of a 2xx response as an object. Throws Error naming the object.
  Value parse(const kube::Response& response) const {
    Value v = value::parse_json(where_, response.body, value::Numbers::Typed);
    if (!v.is_map()) throw Error(Where{where_}, "the server's answer is not an object");
    return v;
  }
  [[noreturn]] void fail(const kube::Response& response) const {
    throw Error(Where{where_}, kube::describe(kube::api_status(response)));
  }

 private:
  std::string object_path() const { return collection_ + "/" + kube::query_escape(name_); }
  kube::Response send(const char* method, std::string path, std::string body) {
    kube::Request request;
    request.method = method;
    request.path = std::move(path);
    request.body = std::move(body);
    if (!request.body.empty()) request.content_type = "application/json";
    try {
      return transport_.send(request);
    } catch (const Error& e) {
      throw Error::wrap(where_, e);
    }
  }

  kube::Transport& transport_;
  std::string collection_, name_, where_, field_manager_;
};

LockInfo lock_info_of(const Value& lease) {
  LockInfo info;
  info.id = string_at(lease, {"metadata", "annotations", kLockIdKey});
  info.operation = string_at(lease, {"metadata", "annotations", kOperationKey});
  info.holder = string_at(lease, {"spec", "holderIdentity"});
  std::string acquired = string_at(lease, {"spec", "acquireTime"});
  std::optional<SystemTime> t = detail::parse_time(acquired);
  info.created = t ? detail::format_rfc3339(*t) : acquired;
  return info;
}

/// Why a held Lease may be taken over, or nullopt when its holder may still be alive.
std::optional<std::string> stale_reason(const Value& lease, SystemTime now) {
  std::string renewed = string_at(lease, {"spec", "renewTime"});
  if (renewed.empty()) renewed = string_at(lease, {"spec", "acquireTime"});
  const Value* duration = path_of(lease, {"spec", "leaseDurationSeconds"});
  std::optional<SystemTime> at = detail::parse_time(renewed);
  if (at && duration != nullptr && duration->is_int()) {
    SystemTime expiry = *at + std::chrono::seconds(duration->as_int());
    if (expiry < now) return "its lease expired at " + detail::format_rfc3339(expiry);
  }
  if (auto who = detail::parse_identity(string_at(lease, {"spec", "holderIdentity"}))) {
    if (detail::holder_is_gone(who->first, who->second)) {
      return "process " + std::to_string(who->second) + " no longer runs on " + who->first;
    }
  }
  return std::nullopt;
}

/// A held Lease: renewed every renew_interval until released.
class LeaseLock : public Lock {
 public:
  LeaseLock(ObjectClient lease, LockInfo info, Value body, std::string resource_version,
            std::chrono::milliseconds renew_interval)
      : lease_(std::move(lease)),
        info_(std::move(info)),
        body_(std::move(body)),
        resource_version_(std::move(resource_version)),
        renew_interval_(renew_interval) {
    renewer_ = std::thread([this] { renew_loop(); });
  }
  ~LeaseLock() override {
    try {
      release();
    } catch (const Error& e) {
      log::debug(kLog, std::string("releasing the lock failed: ") + e.what());
    }
    stop_renewing();
  }
  LeaseLock(const LeaseLock&) = delete;
  LeaseLock& operator=(const LeaseLock&) = delete;

  const LockInfo& info() const override { return info_; }

  void release() override {
    stop_renewing();
    if (released_) return;
    released_ = true;
    for (int attempt = 0; attempt < 5; ++attempt) {
      kube::Response got = lease_.get();
      if (got.status == 404) return;
      if (!got.ok()) lease_.fail(got);
      Value live = lease_.parse(got);
      LockInfo held = lock_info_of(live);
      if (held.id != info_.id) {
        log::debug(
            kLog, lease_.where() + ": not releasing lock " + info_.id + ", now " + held.describe());
        return;
      }
      kube::Response gone = lease_.remove(string_at(live, {"metadata", "resourceVersion"}));
      if (gone.ok() || gone.status == 404) {
        log::debug(kLog, lease_.where() + ": released lock " + info_.id);
        return;
      }
      if (gone.status != 409) lease_.fail(gone);
    }
    throw Error(Where{lease_.where()},
                "could not release lock " + info_.id + ": the Lease keeps changing");
  }

 private:
  void stop_renewing() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (renewer_.joinable()) renewer_.join();
  }

  void renew_loop() {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, renew_interval_, [this] { return stop_; })) {
      lock.unlock();
      bool keep = true;
      try {
        keep = renew();
      } catch (const Error& e) {
        log::debug(kLog, std::string("renewing the lock failed: ") + e.what());
      }
      lock.lock();
      if (!keep) return;
    }
  }

  /// One renewal; false when the lock is no longer ours (renewing stops).
  bool renew() {
    for (int attempt = 0; attempt < 2; ++attempt) {
      body_.find("spec")->set("renewTime",
                              Value(detail::format_micro_time(std::chrono::system_clock::now())));
      body_.find("metadata")->set("resourceVersion", Value(resource_version_));
      kube::Response put = lease_.replace(body_);
      if (put.ok()) {
        resource_version_ = string_at(lease_.parse(put), {"metadata", "resourceVersion"});
        log::trace(kLog, lease_.where() + ": renewed lock " + info_.id);
        return true;
      }
      if (put.status == 404) {
        log::debug(kLog, lease_.where() + ": lock " + info_.id + " was removed while held");
        return false;
      }
      if (put.status != 409) lease_.fail(put);
      // Changed by someone else: still ours (then retry at its version) or taken over?
      kube::Response got = lease_.get();
      if (got.status == 404) return false;
      if (!got.ok()) lease_.fail(got);
      Value live = lease_.parse(got);
      LockInfo held = lock_info_of(live);
      if (held.id != info_.id) {
        log::debug(kLog, lease_.where() + ": lock " + info_.id + " was taken over, now " +
                             held.describe());
        return false;
      }
      resource_version_ = string_at(live, {"metadata", "resourceVersion"});
    }
    return true;
  }

  ObjectClient lease_;
  LockInfo info_;
  Value body_;                    // the Lease as last written; only the renewer changes it
  std::string resource_version_;  // likewise
  std::chrono::milliseconds renew_interval_;
  bool released_ = false;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread renewer_;  // last: started once everything above is initialised
};

class SecretBackend : public Backend {
 public:
  SecretBackend(kube::Client& client, std::string namespace_name, std::string release_name,
                SecretBackendOptions options)
      : transport_(client.transport()),
        namespace_(std::move(namespace_name)),
        release_(std::move(release_name)),
        options_(std::move(options)),
        secret_(transport_, "/api/v1/namespaces/" + kube::query_escape(namespace_) + "/secrets",
                "primer-state-" + release_, "Secret " + namespace_ + "/primer-state-" + release_,
                options_.field_manager) {}

  std::string describe() const override { return secret_.where(); }

  std::optional<Stored> read() override {
    kube::Response got = secret_.get();
    if (got.status == 404) return std::nullopt;  // no Secret, or no namespace
    if (!got.ok()) secret_.fail(got);
    Value secret = secret_.parse(got);
    std::string type = string_at(secret, {"type"});
    if (type != kStateType) {
      throw Error(Where{describe()}, "not a primer state Secret (type " + quote(type) + ", want " +
                                         quote(kStateType) + ")");
    }
    const Value* data = path_of(secret, {"data", "state"});
    if (data == nullptr || !data->is_string()) {
      throw Error(Where{describe()}, "the Secret has no data \"state\"");
    }
    std::size_t bad = 0;
    std::optional<std::string> text = kube::detail::base64_decode(data->as_string(), &bad);
    if (!text) throw Error(Where{describe()}, "data \"state\" is not valid base64");
    return Stored{parse_document(describe(), *text),
                  string_at(secret, {"metadata", "resourceVersion"})};
  }

  std::string write(const Document& doc, const std::string& expected) override {
    value::Map metadata;
    metadata["name"] = Value(secret_.name());
    metadata["namespace"] = Value(namespace_);
    metadata["labels"] = labels_for(release_);
    if (!expected.empty()) metadata["resourceVersion"] = Value(expected);
    value::Map data;
    data["state"] = Value(kube::detail::base64_encode(to_json(doc)));
    value::Map body;
    body["apiVersion"] = Value("v1");
    body["kind"] = Value("Secret");
    body["metadata"] = Value(std::move(metadata));
    body["type"] = Value(kStateType);
    body["data"] = Value(std::move(data));
    Value secret(std::move(body));
    kube::Response put = expected.empty() ? secret_.create(secret) : secret_.replace(secret);
    // A 404 on PUT: the Secret was removed (a destroy) since it was read.
    if (put.status == 409 || (!expected.empty() && put.status == 404)) {
      throw Error(Where{describe()}, kConflict);
    }
    if (!put.ok()) secret_.fail(put);
    return string_at(secret_.parse(put), {"metadata", "resourceVersion"});
  }

  void remove() override {
    kube::Response gone = secret_.remove("");
    if (!gone.ok() && gone.status != 404) secret_.fail(gone);
  }

  std::unique_ptr<Lock> lock(const std::string& operation, std::string* taken_over) override {
    ObjectClient lease = lease_client();
    detail::Holder me = detail::this_process();
    LockInfo info{detail::new_lock_id(), me.identity(), operation, ""};
    for (int attempt = 0; attempt < 10; ++attempt) {
      SystemTime now = std::chrono::system_clock::now();
      info.created = detail::format_rfc3339(now);
      Value body = lease_body(info, detail::format_micro_time(now));
      kube::Response made = lease.create(body);
      if (made.ok()) {
        log::debug(kLog, lease.where() + ": took lock " + info.id);
        return held(std::move(lease), info, body, made);
      }
      if (made.status != 409) lease.fail(made);
      kube::Response got = lease.get();
      if (got.status == 404) continue;  // released meanwhile
      if (!got.ok()) lease.fail(got);
      Value live = lease.parse(got);
      LockInfo current = lock_info_of(live);
      std::optional<std::string> why = stale_reason(live, now);
      if (!why) throw Error(Where{lease.where()}, detail::locked_message(current));
      body.find("metadata")
          ->set("resourceVersion", Value(string_at(live, {"metadata", "resourceVersion"})));
      kube::Response took = lease.replace(body);
      if (took.status == 409 || took.status == 404) continue;  // someone else was faster
      if (!took.ok()) lease.fail(took);
      std::string line = detail::taken_over_message(current, *why);
      log::debug(kLog, lease.where() + ": " + line);
      if (taken_over != nullptr) *taken_over = line;
      return held(std::move(lease), info, body, took);
    }
    throw Error(Where{lease.where()}, "could not take the lock: the Lease keeps changing");
  }

  std::optional<LockInfo> lock_holder() override {
    ObjectClient lease = lease_client();
    kube::Response got = lease.get();
    if (got.status == 404) return std::nullopt;
    if (!got.ok()) lease.fail(got);
    return lock_info_of(lease.parse(got));
  }

  bool force_unlock(const std::string& id) override {
    ObjectClient lease = lease_client();
    for (int attempt = 0; attempt < 5; ++attempt) {
      kube::Response got = lease.get();
      if (got.status == 404) return false;
      if (!got.ok()) lease.fail(got);
      Value live = lease.parse(got);
      LockInfo current = lock_info_of(live);
      if (!id.empty() && current.id != id) {
        throw Error(Where{lease.where()},
                    "lock id " + id + " is not the current lock, which is " + current.describe());
      }
      kube::Response gone = lease.remove(string_at(live, {"metadata", "resourceVersion"}));
      if (gone.ok()) {
        log::debug(kLog, lease.where() + ": removed lock " + current.id);
        return true;
      }
      if (gone.status == 404) return false;
      if (gone.status != 409) lease.fail(gone);
    }
    throw Error(Where{lease.where()}, "could not remove the lock: the Lease keeps changing");
  }

 private:
  ObjectClient lease_client() const {
    return ObjectClient(
        transport_,
        "/apis/coordination.k8s.io/v1/namespaces/" + kube::query_escape(namespace_) + "/leases",
        "primer-lock-" + release_, "Lease " + namespace_ + "/primer-lock-" + release_,
        options_.field_manager);
  }

  Value lease_body(const LockInfo& info, const std::string& micro_now) const {
    value::Map annotations;
    annotations[kLockIdKey] = Value(info.id);
    annotations[kOperationKey] = Value(info.operation);
    value::Map metadata;
    metadata["name"] = Value("primer-lock-" + release_);
    metadata["namespace"] = Value(namespace_);
    metadata["labels"] = labels_for(release_);
    metadata["annotations"] = Value(std::move(annotations));
    value::Map spec;
    spec["holderIdentity"] = Value(info.holder);
    spec["leaseDurationSeconds"] =
        Value(static_cast<std::int64_t>(options_.lease_duration.count()));
    spec["acquireTime"] = Value(micro_now);
    spec["renewTime"] = Value(micro_now);
    value::Map body;
    body["apiVersion"] = Value("coordination.k8s.io/v1");
    body["kind"] = Value("Lease");
    body["metadata"] = Value(std::move(metadata));
    body["spec"] = Value(std::move(spec));
    return Value(std::move(body));
  }

  std::unique_ptr<Lock> held(ObjectClient lease, const LockInfo& info, const Value& body,
                             const kube::Response& response) {
    std::string rv = string_at(lease.parse(response), {"metadata", "resourceVersion"});
    return std::make_unique<LeaseLock>(std::move(lease), info, body.clone(), rv,
                                       options_.renew_interval);
  }

  kube::Transport& transport_;
  std::string namespace_, release_;
  SecretBackendOptions options_;
  ObjectClient secret_;
};

}  // namespace

std::unique_ptr<Backend> secret_backend(kube::Client& client, std::string namespace_name,
                                        std::string release_name) {
  return secret_backend(client, std::move(namespace_name), std::move(release_name),
                        SecretBackendOptions{});
}

std::unique_ptr<Backend> secret_backend(kube::Client& client, std::string namespace_name,
                                        std::string release_name, SecretBackendOptions options) {
  return std::make_unique<SecretBackend>(client, std::move(namespace_name), std::move(release_name),
                                         std::move(options));
}

}  // namespace primer::state
