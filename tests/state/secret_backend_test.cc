// The Secret backend and its Lease lock against the kube-emulator.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "base/error.h"
#include "kube/client.h"
#include "kube/discovery.h"
#include "state/backend.h"
#include "state/detail/lock_holder.h"
#include "tests/kube/emulator_fixture.h"
#include "tests/state/state_test_util.h"

namespace primer::state {
namespace {

using kube::test::Emulator;
using test::error_of;
using test::sample_document;
using value::Value;
using namespace std::chrono_literals;

constexpr const char* kConflict =
    ": state changed since it was read (another primer run wrote it); run again";

Value json(const std::string& text) {
  return value::parse_json("test", text, value::Numbers::Typed);
}

std::string at(const Value& v, std::initializer_list<const char*> keys) {
  const Value* p = &v;
  for (const char* k : keys) {
    p = p->find(k);
    if (p == nullptr) return "";
  }
  if (p->is_int()) return std::to_string(p->as_int());
  return p->is_string() ? p->as_string() : "";
}

struct Stack {
  kube::Transport transport;
  kube::Discovery discovery;
  kube::Client client;
  explicit Stack(const Emulator& emu)
      : transport(emu.config(), fast()), discovery(transport), client(transport, discovery) {}
  static kube::TransportOptions fast() {
    kube::TransportOptions o;
    o.retry_base_delay = 20ms;
    o.retry_max_delay = 500ms;
    return o;
  }
  void create_namespace(const std::string& name) {
    client.apply(
        json(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")" + name + R"("}})"));
  }
  std::optional<Value> lease(const std::string& ns, const std::string& name) {
    return client.get(kube::ObjectRef{"coordination.k8s.io/v1", "Lease", ns, name});
  }
  /// Creates a Lease as another primer run (or a dead one) would have left it.
  void put_lease(const std::string& ns, const std::string& name, const std::string& holder,
                 const std::string& id, const std::string& renew, int duration) {
    kube::Request r;
    r.method = "POST";
    r.path = "/apis/coordination.k8s.io/v1/namespaces/" + ns + "/leases";
    r.content_type = "application/json";
    r.body = R"({"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":")" +
             name + R"(","annotations":{"primer.dev/lock-id":")" + id +
             R"(","primer.dev/operation":"apply"}},"spec":{"holderIdentity":")" + holder +
             R"(","leaseDurationSeconds":)" + std::to_string(duration) +
             R"(,"acquireTime":"2020-01-01T00:00:00.000000Z","renewTime":")" + renew + R"("}})";
    kube::Response resp = transport.send(r);
    ASSERT_EQ(resp.status, 201) << resp.body;
  }
};

TEST(SecretBackend, DescribeNamesTheSecret) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  EXPECT_EQ(secret_backend(s.client, "argocd", "argocd")->describe(),
            "Secret argocd/primer-state-argocd");
}

TEST(SecretBackend, MissingNamespaceReadsAsNothing) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  auto backend = secret_backend(s.client, "nowhere", "demo");
  EXPECT_FALSE(backend->read().has_value());
  EXPECT_FALSE(backend->lock_holder().has_value());
  EXPECT_FALSE(backend->force_unlock(""));
  EXPECT_NO_THROW(backend->remove());
  EXPECT_EQ(error_of([&] { backend->write(sample_document(), ""); }),
            "Secret nowhere/primer-state-demo: 404 NotFound: namespaces \"nowhere\" not found");
  EXPECT_EQ(error_of([&] { backend->lock("apply"); }),
            "Lease nowhere/primer-lock-demo: 404 NotFound: namespaces \"nowhere\" not found");
}

TEST(SecretBackend, WriteReadUpdateRemove) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  s.create_namespace("argocd");
  auto backend = secret_backend(s.client, "argocd", "argocd");
  EXPECT_FALSE(backend->read().has_value());

  Document doc = sample_document();
  std::string v1 = backend->write(doc, "");
  EXPECT_FALSE(v1.empty());
  std::optional<Stored> got = backend->read();
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->document, doc);
  EXPECT_EQ(got->version, v1);

  // The Secret as other tools see it.
  std::optional<Value> secret =
      s.client.get(kube::ObjectRef{"v1", "Secret", "argocd", "primer-state-argocd"});
  ASSERT_TRUE(secret.has_value());
  EXPECT_EQ(at(*secret, {"type"}), "primer.dev/state");
  EXPECT_EQ(at(*secret, {"metadata", "labels", "app.kubernetes.io/managed-by"}), "primer");
  EXPECT_EQ(at(*secret, {"metadata", "labels", "primer.dev/release"}), "argocd");
  EXPECT_FALSE(at(*secret, {"data", "state"}).empty());

  doc.serial = 8;
  doc.objects.pop_back();
  std::string v2 = backend->write(doc, v1);
  EXPECT_NE(v2, v1);
  got = backend->read();
  EXPECT_EQ(got->document, doc);
  EXPECT_EQ(got->version, v2);

  std::string conflict = std::string("Secret argocd/primer-state-argocd") + kConflict;
  EXPECT_EQ(error_of([&] { backend->write(doc, v1); }), conflict) << "stale resourceVersion";
  EXPECT_EQ(error_of([&] { backend->write(doc, ""); }), conflict) << "created meanwhile";
  EXPECT_EQ(backend->read()->version, v2) << "refused writes change nothing";

  backend->remove();
  EXPECT_FALSE(backend->read().has_value());
  EXPECT_EQ(error_of([&] { backend->write(doc, v2); }), conflict) << "removed meanwhile";
  EXPECT_NO_THROW(backend->remove());
}

TEST(SecretBackend, Base64AgreesWithTheServer) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  s.create_namespace("argocd");
  std::set<std::size_t> remainders;
  for (std::string lineage : {"l", "l2", "l23"}) {
    SCOPED_TRACE(lineage);
    Document doc = sample_document();
    doc.lineage = lineage;
    remainders.insert(to_json(doc).size() % 3);
    // The server encodes stringData; primer must read it back...
    value::Map string_data;
    string_data["state"] = Value(to_json(doc));
    Value theirs = json(R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":
        "primer-state-server","namespace":"argocd"},"type":"primer.dev/state"})");
    theirs.set("stringData", Value(std::move(string_data)));
    s.client.apply(theirs);
    std::optional<Stored> got = secret_backend(s.client, "argocd", "server")->read();
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->document, doc);
    // ...and primer's own encoding must be the server's.
    auto ours = secret_backend(s.client, "argocd", "ours");
    std::optional<Stored> before = ours->read();
    ours->write(doc, before ? before->version : "");
    auto data = [&](const char* name) {
      return at(*s.client.get(kube::ObjectRef{"v1", "Secret", "argocd", name}), {"data", "state"});
    };
    EXPECT_EQ(data("primer-state-ours"), data("primer-state-server"));
  }
  EXPECT_EQ(remainders.size(), 3u) << "every padding length is covered";
}

TEST(SecretBackend, ForeignSecretIsRefused) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  s.create_namespace("argocd");
  s.client.apply(json(R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"primer-state-x",
      "namespace":"argocd"},"type":"Opaque","data":{"state":"e30="}})"));
  EXPECT_EQ(error_of([&] { secret_backend(s.client, "argocd", "x")->read(); }),
            "Secret argocd/primer-state-x: not a primer state Secret (type \"Opaque\", want "
            "\"primer.dev/state\")");
}

TEST(SecretBackend, MalformedDocumentNamesTheSecret) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  s.create_namespace("argocd");
  // {"format":2,"lineage":"l"}
  s.client.apply(json(R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"primer-state-x",
      "namespace":"argocd"},"type":"primer.dev/state",
      "data":{"state":"eyJmb3JtYXQiOjIsImxpbmVhZ2UiOiJsIn0="}})"));
  EXPECT_EQ(error_of([&] { secret_backend(s.client, "argocd", "x")->read(); }),
            "Secret argocd/primer-state-x: state format 2 is newer than this primer reads (1); "
            "use a newer primer");
}

TEST(LeaseLock, SecondLockFailsNamingTheHolder) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  s.create_namespace("argocd");
  auto backend = secret_backend(s.client, "argocd", "argocd");
  std::string taken = "untouched";
  auto lock = backend->lock("apply", &taken);
  EXPECT_EQ(taken, "untouched");
  const LockInfo& info = lock->info();
  EXPECT_EQ(info.holder, detail::this_process().identity());
  EXPECT_EQ(info.operation, "apply");

  std::optional<Value> lease = s.lease("argocd", "primer-lock-argocd");
  ASSERT_TRUE(lease.has_value());
  EXPECT_EQ(at(*lease, {"spec", "holderIdentity"}), info.holder);
  EXPECT_EQ(at(*lease, {"spec", "leaseDurationSeconds"}), "30");
  EXPECT_EQ(at(*lease, {"metadata", "annotations", "primer.dev/lock-id"}), info.id);
  EXPECT_EQ(at(*lease, {"metadata", "annotations", "primer.dev/operation"}), "apply");
  EXPECT_EQ(at(*lease, {"metadata", "labels", "primer.dev/release"}), "argocd");
  EXPECT_EQ(at(*lease, {"spec", "acquireTime"}).size(), 27u) << "MicroTime";
  EXPECT_EQ(at(*lease, {"spec", "acquireTime"}).substr(0, 19) + "Z", info.created);

  std::optional<LockInfo> holder = backend->lock_holder();
  ASSERT_TRUE(holder.has_value());
  EXPECT_EQ(holder->id, info.id);
  EXPECT_EQ(holder->holder, info.holder);
  EXPECT_EQ(holder->created, info.created);

  auto other = secret_backend(s.client, "argocd", "argocd");
  EXPECT_EQ(error_of([&] { other->lock("destroy"); }),
            "Lease argocd/primer-lock-argocd: state is locked: held by " + info.holder +
                " for \"apply\" since " + info.created + " (lock id " + info.id +
                "); if no primer run is active, run: primer state unlock " + info.id);

  lock->release();
  EXPECT_FALSE(s.lease("argocd", "primer-lock-argocd").has_value());
  EXPECT_NO_THROW(lock->release());
  {
    auto second = other->lock("destroy");
    EXPECT_EQ(backend->lock_holder()->operation, "destroy");
  }
  EXPECT_FALSE(s.lease("argocd", "primer-lock-argocd").has_value()) << "destructor releases";
}

TEST(LeaseLock, LiveLeaseOfAnotherHostHolds) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  s.create_namespace("argocd");
  s.put_lease("argocd", "primer-lock-argocd", "bob@elsewhere.example pid 42", "old-id",
              "2099-01-01T00:00:00.000000Z", 30);
  EXPECT_EQ(error_of([&] { secret_backend(s.client, "argocd", "argocd")->lock("apply"); }),
            "Lease argocd/primer-lock-argocd: state is locked: held by bob@elsewhere.example pid "
            "42 for \"apply\" since 2020-01-01T00:00:00Z (lock id old-id); if no primer run is "
            "active, run: primer state unlock old-id");
}

TEST(LeaseLock, ExpiredLeaseIsTakenOver) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  s.create_namespace("argocd");
  s.put_lease("argocd", "primer-lock-argocd", "bob@elsewhere.example pid 42", "old-id",
              "2020-01-01T00:00:05.000000Z", 30);
  auto backend = secret_backend(s.client, "argocd", "argocd");
  std::string taken;
  auto lock = backend->lock("apply", &taken);
  EXPECT_EQ(taken,
            "took over a stale lock held by bob@elsewhere.example pid 42 for \"apply\" since "
            "2020-01-01T00:00:00Z (lock id old-id): its lease expired at 2020-01-01T00:00:35Z");
  std::optional<Value> lease = s.lease("argocd", "primer-lock-argocd");
  ASSERT_TRUE(lease.has_value());
  EXPECT_EQ(at(*lease, {"spec", "holderIdentity"}), lock->info().holder);
  EXPECT_EQ(at(*lease, {"metadata", "annotations", "primer.dev/lock-id"}), lock->info().id);
  lock->release();
  EXPECT_FALSE(s.lease("argocd", "primer-lock-argocd").has_value());
}

TEST(LeaseLock, ShortLeaseExpiresWithoutRenewal) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  s.create_namespace("argocd");
  s.put_lease("argocd", "primer-lock-argocd", "bob@elsewhere.example pid 42", "old-id",
              detail::format_micro_time(std::chrono::system_clock::now()), 1);
  auto backend = secret_backend(s.client, "argocd", "argocd");
  EXPECT_NE(error_of([&] { backend->lock("apply"); }), "") << "not yet expired";
  std::this_thread::sleep_for(1200ms);
  std::string taken;
  auto lock = backend->lock("apply", &taken);
  EXPECT_NE(taken.find("its lease expired at"), std::string::npos) << taken;
}

TEST(LeaseLock, LeaseOfADeadProcessOfThisHostIsTakenOver) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  s.create_namespace("argocd");
  long dead = test::dead_pid();
  std::string host = detail::host_name();
  std::string holder = "bob@" + host + " pid " + std::to_string(dead);
  s.put_lease("argocd", "primer-lock-argocd", holder, "old-id", "2099-01-01T00:00:00.000000Z", 30);
  std::string taken;
  auto lock = secret_backend(s.client, "argocd", "argocd")->lock("destroy", &taken);
  EXPECT_EQ(taken, "took over a stale lock held by " + holder +
                       " for \"apply\" since 2020-01-01T00:00:00Z (lock id old-id): process " +
                       std::to_string(dead) + " no longer runs on " + host);
}

TEST(LeaseLock, ForceUnlock) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  s.create_namespace("argocd");
  auto backend = secret_backend(s.client, "argocd", "argocd");
  EXPECT_FALSE(backend->force_unlock(""));
  EXPECT_FALSE(backend->force_unlock("abc"));
  auto lock = backend->lock("apply");
  EXPECT_EQ(error_of([&] { backend->force_unlock("abc"); }),
            "Lease argocd/primer-lock-argocd: lock id abc is not the current lock, which is " +
                lock->info().describe());
  EXPECT_TRUE(backend->lock_holder().has_value());
  EXPECT_TRUE(backend->force_unlock(lock->info().id));
  EXPECT_FALSE(backend->lock_holder().has_value());

  // The old holder's release leaves a newer lock alone.
  auto second = backend->lock("destroy");
  EXPECT_NO_THROW(lock->release());
  ASSERT_TRUE(backend->lock_holder().has_value());
  EXPECT_EQ(backend->lock_holder()->id, second->info().id);
  EXPECT_TRUE(backend->force_unlock(""));
}

TEST(LeaseLock, RenewalMovesRenewTime) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  s.create_namespace("argocd");
  SecretBackendOptions options;
  options.lease_duration = 5s;
  options.renew_interval = 100ms;
  auto backend = secret_backend(s.client, "argocd", "argocd", options);
  auto lock = backend->lock("apply");
  std::optional<Value> before = s.lease("argocd", "primer-lock-argocd");
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(at(*before, {"spec", "leaseDurationSeconds"}), "5");
  std::string first = at(*before, {"spec", "renewTime"});
  std::string last = first;
  for (int i = 0; i < 50 && last == first; ++i) {
    std::this_thread::sleep_for(50ms);
    last = at(*s.lease("argocd", "primer-lock-argocd"), {"spec", "renewTime"});
  }
  EXPECT_NE(last, first);
  EXPECT_LT(detail::parse_time(first), detail::parse_time(last));
  EXPECT_EQ(at(*s.lease("argocd", "primer-lock-argocd"), {"spec", "acquireTime"}),
            at(*before, {"spec", "acquireTime"}));
  lock->release();
  EXPECT_FALSE(s.lease("argocd", "primer-lock-argocd").has_value());
  // Released: no renewal recreates or touches it.
  std::this_thread::sleep_for(300ms);
  EXPECT_FALSE(s.lease("argocd", "primer-lock-argocd").has_value());
}

TEST(LeaseLock, RenewalStopsWhenTakenOver) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  s.create_namespace("argocd");
  SecretBackendOptions options;
  options.renew_interval = 50ms;
  auto backend = secret_backend(s.client, "argocd", "argocd", options);
  auto lock = backend->lock("apply");
  ASSERT_TRUE(backend->force_unlock(""));
  s.put_lease("argocd", "primer-lock-argocd", "bob@elsewhere.example pid 42", "new-id",
              "2099-01-01T00:00:00.000000Z", 30);
  std::this_thread::sleep_for(300ms);
  std::optional<Value> lease = s.lease("argocd", "primer-lock-argocd");
  ASSERT_TRUE(lease.has_value());
  EXPECT_EQ(at(*lease, {"spec", "renewTime"}), "2099-01-01T00:00:00.000000Z")
      << "the old holder does not write over the new one";
  EXPECT_NO_THROW(lock->release());
  EXPECT_TRUE(s.lease("argocd", "primer-lock-argocd").has_value());
}

}  // namespace
}  // namespace primer::state
