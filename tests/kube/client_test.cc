// kube::Discovery, kube::Client and kube::wait_for against the kube-emulator.
#include "kube/client.h"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>

#include "base/error.h"
#include "kube/discovery.h"
#include "kube/wait.h"
#include "tests/kube/emulator_fixture.h"

namespace primer::kube {
namespace {

using test::Emulator;
using value::Value;
using namespace std::chrono_literals;

Value json(const std::string& text) {
  return value::parse_json("test", text, value::Numbers::Typed);
}

Value config_map(const std::string& name, const std::string& extra = "") {
  return json(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")" + name +
              R"(","labels":{"app":"demo"}},"data":{"k":"v")" + extra + "}}");
}

Value deployment(const std::string& name, int replicas) {
  return json(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":")" + name +
              R"("},"spec":{"replicas":)" + std::to_string(replicas) +
              R"(,"selector":{"matchLabels":{"app":")" + name +
              R"("}},"template":{"metadata":{"labels":{"app":")" + name +
              R"("}},"spec":{"containers":[{"name":"main","image":"nginx:1.27"}]}}}})");
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// Everything a test needs against one emulator.
struct Stack {
  Transport transport;
  Discovery discovery;
  Client client;
  explicit Stack(const Emulator& emu)
      : transport(emu.config(), fast()), discovery(transport), client(transport, discovery) {}
  static TransportOptions fast() {
    TransportOptions o;
    o.retry_base_delay = 20ms;
    o.retry_max_delay = 500ms;
    return o;
  }
};

TEST(Discovery, AggregatedMapsKindsToResources) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  ResourceInfo d = s.discovery.resource_for("apps/v1", "Deployment");
  EXPECT_EQ(d.resource, "deployments");
  EXPECT_TRUE(d.namespaced);
  EXPECT_TRUE(d.has_verb("patch"));
  EXPECT_TRUE(d.has_verb("watch"));
  ResourceInfo ns = s.discovery.resource_for("v1", "Namespace");
  EXPECT_EQ(ns.resource, "namespaces");
  EXPECT_FALSE(ns.namespaced);
  EXPECT_TRUE(s.discovery.aggregated());
  EXPECT_EQ(s.discovery.fetches(), 1);
}

TEST(Discovery, LegacyFallbackMapsTheSame) {
  PRIMER_EMULATOR(emu, std::vector<std::string>{"--legacy-discovery"});
  Stack s(emu);
  ResourceInfo d = s.discovery.resource_for("apps/v1", "Deployment");
  EXPECT_EQ(d.resource, "deployments");
  EXPECT_TRUE(d.namespaced);
  EXPECT_FALSE(s.discovery.aggregated());
  EXPECT_EQ(s.discovery.resource_for("v1", "ConfigMap").resource, "configmaps");
}

TEST(Discovery, UnknownKindRefreshesOnceThenNamesTheKind) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  s.discovery.resource_for("v1", "ConfigMap");
  std::string e = error_of([&] { s.discovery.resource_for("example.com/v1", "Widget"); });
  EXPECT_EQ(e,
            "no matches for kind \"Widget\" in version \"example.com/v1\"; ensure CRDs are "
            "installed first");
  EXPECT_EQ(s.discovery.fetches(), 2);
}

TEST(Discovery, ServerVersionAndCapabilities) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  ServerVersion v = s.discovery.server_version();
  EXPECT_EQ(v.major, "1");
  EXPECT_EQ(v.git_version.rfind("v1.", 0), 0u) << v.git_version;
  std::vector<std::string> apis = s.discovery.api_versions();
  for (const char* want : {"v1", "apps/v1", "apps/v1/Deployment", "v1/ConfigMap"}) {
    EXPECT_NE(std::find(apis.begin(), apis.end(), want), apis.end()) << want;
  }
}

TEST(Discovery, RefreshedAfterACrdBecomesEstablished) {
  PRIMER_EMULATOR(emu, std::vector<std::string>{"--crd-establish-delay", "0.5"});
  Stack s(emu);
  EXPECT_FALSE(s.discovery.find("example.com/v1", "Widget"));
  Value crd = json(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
    "metadata":{"name":"widgets.example.com"},
    "spec":{"group":"example.com","scope":"Namespaced",
      "names":{"plural":"widgets","singular":"widget","kind":"Widget","listKind":"WidgetList"},
      "versions":[{"name":"v1","served":true,"storage":true,
        "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}})");
  s.client.apply(crd);
  WaitOptions w;
  w.deadline = Clock::now() + 20s;
  WaitResult r = wait_for(s.client, {ObjectRef::of(crd)}, w);
  ASSERT_TRUE(r.all_current) << r.summary();
  int before = s.discovery.fetches();
  ResourceInfo info = s.discovery.resource_for("example.com/v1", "Widget");
  EXPECT_EQ(info.resource, "widgets");
  EXPECT_TRUE(info.namespaced);
  EXPECT_EQ(s.discovery.fetches(), before + 1);
  Value widget = s.client.apply(json(
      R"({"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1"},"spec":{"size":3}})"));
  EXPECT_EQ(widget.find("metadata")->find("namespace")->as_string(), "default");
}

TEST(ClientApply, CreatesThenGetFindsIt) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  Value live = s.client.apply(config_map("cm1"));
  EXPECT_EQ(live.find("metadata")->find("namespace")->as_string(), "default");
  std::optional<Value> got = s.client.get({"v1", "ConfigMap", "default", "cm1"});
  ASSERT_TRUE(got);
  EXPECT_EQ(got->find("data")->find("k")->as_string(), "v");
  const Value* managers = got->find("metadata")->find("managedFields");
  ASSERT_NE(managers, nullptr);
  EXPECT_EQ(managers->as_list()[0].find("manager")->as_string(), "primer");
  EXPECT_EQ(managers->as_list()[0].find("operation")->as_string(), "Apply");
  EXPECT_FALSE(s.client.get({"v1", "ConfigMap", "default", "absent"}));
}

TEST(ClientApply, DryRunDoesNotPersist) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  ApplyOptions o;
  o.dry_run = true;
  Value live = s.client.apply(config_map("dry"), o);
  EXPECT_EQ(live.find("data")->find("k")->as_string(), "v");
  EXPECT_FALSE(s.client.get({"v1", "ConfigMap", "default", "dry"}));
}

TEST(ClientApply, ConflictIsAnErrorNamingTheObjectWithTheStatus) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  ApplyOptions other;
  other.field_manager = "other";
  s.client.apply(deployment("web", 2), other);
  std::vector<ApplyResult> r = s.client.apply_all({deployment("web", 3)});
  ASSERT_FALSE(r[0].ok());
  ASSERT_TRUE(r[0].failure);
  EXPECT_EQ(r[0].failure->code, 409);
  EXPECT_EQ(r[0].failure->reason, "Conflict");
  EXPECT_EQ(r[0].error,
            "apps/v1 Deployment default/web: 409 Conflict: Apply failed with 1 conflict: "
            "conflict with \"other\": .spec.replicas");
  std::string thrown = error_of([&] { s.client.apply(deployment("web", 3)); });
  EXPECT_EQ(thrown, r[0].error);
  ApplyOptions force;
  force.force = true;
  Value live = s.client.apply(deployment("web", 3), force);
  EXPECT_EQ(live.find("spec")->find("replicas")->as_int(), 3);
}

TEST(ClientApply, BatchAppliesConcurrentlyAndReportsEachObject) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  std::vector<Value> objects;
  for (int i = 0; i < 30; ++i) objects.push_back(config_map("batch-" + std::to_string(i)));
  objects.push_back(json(R"({"apiVersion":"v1","kind":"Nope","metadata":{"name":"x"}})"));
  std::vector<ApplyResult> r = s.client.apply_all(objects);
  ASSERT_EQ(r.size(), 31u);
  for (int i = 0; i < 30; ++i) EXPECT_TRUE(r[i].ok()) << r[i].error;
  EXPECT_EQ(r[30].error,
            "v1 Nope x: no matches for kind \"Nope\" in version \"v1\"; ensure CRDs are "
            "installed first");
  EXPECT_LE(s.transport.connections(), s.transport.options().max_in_flight);
}

TEST(ClientApply, WarningsAreCollected) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  s.client.apply(json(R"({"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"ep"}})"));
  std::vector<std::string> w = s.client.take_warnings();
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0], "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice");
  EXPECT_TRUE(s.client.take_warnings().empty());
}

TEST(ClientList, SelectorsAndPaging) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  std::vector<Value> objects;
  for (int i = 0; i < 7; ++i) objects.push_back(config_map("page-" + std::to_string(i)));
  objects.push_back(json(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"other"}})"));
  for (const auto& r : s.client.apply_all(objects)) ASSERT_TRUE(r.ok()) << r.error;
  ListOptions o;
  o.label_selector = "app=demo";
  o.limit = 3;
  ListResult l = s.client.list("v1", "ConfigMap", "default", o);
  EXPECT_EQ(l.items.size(), 7u);
  EXPECT_FALSE(l.resource_version.empty());
  EXPECT_EQ(l.items[0].find("kind")->as_string(), "ConfigMap");
  ListOptions by_name;
  by_name.field_selector = "metadata.name=other";
  EXPECT_EQ(s.client.list("v1", "ConfigMap", "default", by_name).items.size(), 1u);
}

TEST(ClientDelete, ReportsWhetherTheObjectExisted) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  s.client.apply(config_map("gone"));
  EXPECT_TRUE(s.client.remove({"v1", "ConfigMap", "default", "gone"}, Propagation::Foreground));
  EXPECT_FALSE(s.client.get({"v1", "ConfigMap", "default", "gone"}));
  EXPECT_FALSE(s.client.remove({"v1", "ConfigMap", "default", "gone"}));
}

TEST(ClientGet, ServerErrorsNameTheObject) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  s.discovery.resource_for("v1", "ConfigMap");
  ASSERT_EQ(emu.set_faults("action=500,path=/api/v1/namespaces/default/configmaps/x"), 200);
  std::string e = error_of([&] { s.client.get({"v1", "ConfigMap", "", "x"}); });
  EXPECT_EQ(e.rfind("v1 ConfigMap default/x: 500 ", 0), 0u) << e;
}

// Collects watch events until `want` names have been seen.
struct Seen {
  std::mutex mu;
  std::set<std::string> names;
  bool add(const WatchEvent& e) {
    std::lock_guard lock(mu);
    names.insert(e.type + " " + e.object.find("metadata")->find("name")->as_string());
    return true;
  }
  bool has(const std::string& s) {
    std::lock_guard lock(mu);
    return names.count(s) > 0;
  }
};

TEST(ClientWatch, ResumesAfterTheStreamDrops) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  s.client.apply(config_map("before"));
  ASSERT_EQ(emu.set_faults("action=dropwatch,seconds=0.3,times=2"), 200);
  Seen seen;
  std::atomic<bool> stop{false};
  WatchStats stats;
  std::thread watcher([&] {
    WatchOptions w;
    w.deadline = Clock::now() + 20s;
    w.stop = &stop;
    stats = s.client.watch("v1", "ConfigMap", "default", w, [&](const WatchEvent& e) {
      seen.add(e);
      return !seen.has("ADDED after-2");
    });
  });
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(400ms);
    s.client.apply(config_map("after-" + std::to_string(i)));
  }
  watcher.join();
  EXPECT_TRUE(seen.has("ADDED before"));
  EXPECT_TRUE(seen.has("ADDED after-0"));
  EXPECT_TRUE(seen.has("ADDED after-1"));
  EXPECT_TRUE(seen.has("ADDED after-2"));
  EXPECT_GE(stats.connections, 2);
}

TEST(ClientWatch, RelistsAfter410Gone) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  Value first = s.client.apply(config_map("old"));
  std::string rv = first.find("metadata")->find("resourceVersion")->as_string();
  s.client.apply(config_map("newer"));
  ASSERT_EQ(emu.admin("POST", "/admin/compact", ""), 200);
  Seen seen;
  WatchOptions w;
  w.deadline = Clock::now() + 10s;
  w.resource_version = rv;
  WatchStats stats = s.client.watch("v1", "ConfigMap", "default", w, [&](const WatchEvent& e) {
    seen.add(e);
    return !(seen.has("ADDED old") && seen.has("ADDED newer"));
  });
  EXPECT_EQ(stats.relists, 1);
  EXPECT_TRUE(seen.has("ADDED newer"));
}

TEST(ClientWatch, PollFallbackReportsChanges) {
  PRIMER_EMULATOR(emu);
  Stack s(emu);
  Seen seen;
  WatchOptions w;
  w.deadline = Clock::now() + 10s;
  w.force_poll = true;
  w.poll_interval = 100ms;
  std::thread later([&] {
    std::this_thread::sleep_for(300ms);
    s.client.apply(config_map("polled"));
    std::this_thread::sleep_for(300ms);
    s.client.remove({"v1", "ConfigMap", "default", "polled"});
  });
  WatchStats stats = s.client.watch("v1", "ConfigMap", "default", w, [&](const WatchEvent& e) {
    seen.add(e);
    return !seen.has("DELETED polled");
  });
  later.join();
  EXPECT_TRUE(stats.polled);
  EXPECT_TRUE(seen.has("ADDED polled"));
  EXPECT_TRUE(seen.has("DELETED polled"));
}

struct Recorder : WaitProgress {
  std::vector<std::string> lines;
  void changed(const ObjectRef& o, const Readiness& r) override {
    lines.push_back(o.describe() + " " + std::string(to_string(r.status)));
  }
};

TEST(Wait, DeploymentBecomesCurrentThroughTheWatch) {
  PRIMER_EMULATOR(emu, std::vector<std::string>{"--controllers", "--controller-delay", "0.3"});
  Stack s(emu);
  s.client.apply_all({deployment("a", 1), deployment("b", 2), config_map("c")});
  Recorder progress;
  WaitOptions w;
  w.deadline = Clock::now() + 20s;
  WaitResult r = wait_for(s.client,
                          {{"apps/v1", "Deployment", "", "a"},
                           {"apps/v1", "Deployment", "", "b"},
                           {"v1", "ConfigMap", "", "c"}},
                          w, &progress);
  EXPECT_TRUE(r.all_current) << r.summary();
  EXPECT_EQ(r.summary(), "");
  ASSERT_FALSE(progress.lines.empty());
  EXPECT_NE(std::find(progress.lines.begin(), progress.lines.end(),
                      "apps/v1 Deployment default/a Current"),
            progress.lines.end());
}

TEST(Wait, TimesOutNamingWhatIsNotReady) {
  PRIMER_EMULATOR(emu, std::vector<std::string>{"--controllers"});
  Stack s(emu);
  ASSERT_EQ(emu.admin("PUT", "/admin/controllers",
                      R"({"enabled":true,"hold":["Deployment/default/held"]})"),
            200);
  s.client.apply(deployment("held", 1));
  WaitOptions w;
  w.deadline = Clock::now() + 2s;
  auto start = Clock::now();
  WaitResult r = wait_for(
      s.client, {{"apps/v1", "Deployment", "", "held"}, {"v1", "ConfigMap", "", "nope"}}, w);
  EXPECT_LT(Clock::now() - start, 6s);
  EXPECT_FALSE(r.all_current);
  EXPECT_EQ(r.states[1].second.status, ReadyStatus::NotFound);
  EXPECT_EQ(r.summary().rfind("timed out waiting for 2 objects: apps/v1 Deployment default/held: "
                              "InProgress: ",
                              0),
            0u)
      << r.summary();
}

TEST(Wait, PollingWaitAlsoWorks) {
  PRIMER_EMULATOR(emu, std::vector<std::string>{"--controllers", "--controller-delay", "0.2"});
  Stack s(emu);
  s.client.apply(deployment("p", 1));
  WaitOptions w;
  w.deadline = Clock::now() + 20s;
  w.force_poll = true;
  w.poll_interval = 200ms;
  WaitResult r = wait_for(s.client, {{"apps/v1", "Deployment", "", "p"}}, w);
  EXPECT_TRUE(r.all_current) << r.summary();
}

}  // namespace
}  // namespace primer::kube
