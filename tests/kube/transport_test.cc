// kube::Transport against the kube-emulator: every auth mode, TLS failures, fault injection
// retried within the deadline, batches over a bounded pool.
#include "kube/transport.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "base/error.h"
#include "tests/kube/emulator_fixture.h"

namespace primer::kube {
namespace {

using test::Emulator;
using namespace std::chrono_literals;

Request get(std::string path) {
  Request r;
  r.path = std::move(path);
  return r;
}

TransportOptions fast() {
  TransportOptions o;
  o.retry_base_delay = 20ms;
  o.retry_max_delay = 500ms;
  return o;
}

std::string error_of(Transport& t, const Request& r) {
  try {
    t.send(r);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

int count_lines(const std::string& file) {
  std::ifstream in(file);
  int n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

TEST(TransportAuth, BearerTokenFromKubeconfig) {
  PRIMER_EMULATOR(emu);
  Transport t(emu.config(), fast());
  EXPECT_EQ(t.send(get("/version")).status, 200);
  EXPECT_EQ(t.send(get("/api/v1/namespaces")).status, 200);
}

TEST(TransportAuth, WrongTokenIs401WithoutRetry) {
  PRIMER_EMULATOR(emu);
  ClusterConfig c = emu.config();
  c.auth.token = "wrong";
  Transport t(c, fast());
  Response r = t.send(get("/api/v1/namespaces"));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.attempts, 1);
}

TEST(TransportAuth, TokenFileIsRead) {
  PRIMER_EMULATOR(emu);
  ClusterConfig c = emu.config();
  std::string file = emu.dir().write("token", c.auth.token + "\n");
  c.auth.kind = Auth::Kind::TokenFile;
  c.auth.token_file = file;
  c.auth.token = "";
  Transport t(c, fast());
  EXPECT_EQ(t.send(get("/api/v1/namespaces")).status, 200);
}

TEST(TransportAuth, ClientCertificateContext) {
  PRIMER_EMULATOR(emu);
  ClusterConfig c = emu.config("emulator-cert");
  ASSERT_FALSE(c.client_certificate_pem.empty());
  Transport t(c, fast());
  EXPECT_EQ(t.send(get("/api/v1/namespaces")).status, 200);
}

TEST(TransportAuth, BasicAuth) {
  PRIMER_EMULATOR(emu, std::vector<std::string>{"--basic-auth", "admin:s3cret"});
  ClusterConfig c = emu.config();
  c.auth = Auth{};
  c.auth.kind = Auth::Kind::Basic;
  c.auth.username = "admin";
  c.auth.password = "s3cret";
  Transport t(c, fast());
  EXPECT_EQ(t.send(get("/api/v1/namespaces")).status, 200);
  c.auth.password = "wrong";
  Transport bad(c, fast());
  EXPECT_EQ(bad.send(get("/api/v1/namespaces")).status, 401);
}

// An exec plugin printing a stale token on its first run and the right one after: the 401
// makes the transport run it again once and retry.
TEST(TransportAuth, ExecPluginRerunsAfter401) {
  PRIMER_EMULATOR(emu);
  ClusterConfig c = emu.config();
  std::string runs = emu.dir().path() + "/runs";
  std::string plugin =
      emu.dir().write("plugin.sh",
                      "#!/bin/sh\n"
                      "echo run >> '" +
                          runs +
                          "'\n"
                          "if [ $(wc -l < '" +
                          runs +
                          "') -eq 1 ]; then T=stale; "
                          "else T='" +
                          c.auth.token +
                          "'; fi\n"
                          "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\","
                          "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"%s\"}}' "
                          "\"$T\"\n",
                      true);
  ExecConfig exec;
  exec.api_version = "client.authentication.k8s.io/v1";
  exec.command = plugin;
  exec.interactive_mode = InteractiveMode::Never;
  c.auth = Auth{};
  c.auth.kind = Auth::Kind::Exec;
  c.auth.exec = exec;
  Transport t(c, fast());
  Response r = t.send(get("/api/v1/namespaces"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(count_lines(runs), 2);
  // Cached afterwards: no expiry, no further runs.
  EXPECT_EQ(t.send(get("/api/v1/namespaces")).status, 200);
  EXPECT_EQ(count_lines(runs), 2);
}

// A credential whose expirationTimestamp has passed is not reused: the plugin runs per request.
TEST(TransportAuth, ExecPluginExpiredCredentialRunsAgain) {
  PRIMER_EMULATOR(emu);
  ClusterConfig c = emu.config();
  std::string runs = emu.dir().path() + "/runs";
  std::string plugin =
      emu.dir().write("plugin.sh",
                      "#!/bin/sh\necho run >> '" + runs +
                          "'\nprintf '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
                          "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"" +
                          c.auth.token + "\",\"expirationTimestamp\":\"2001-01-01T00:00:00Z\"}}'\n",
                      true);
  ExecConfig exec;
  exec.api_version = "client.authentication.k8s.io/v1beta1";
  exec.command = plugin;
  exec.interactive_mode = InteractiveMode::Never;
  c.auth = Auth{};
  c.auth.kind = Auth::Kind::Exec;
  c.auth.exec = exec;
  Transport t(c, fast());
  EXPECT_EQ(t.send(get("/version")).status, 200);
  EXPECT_EQ(t.send(get("/version")).status, 200);
  EXPECT_EQ(count_lines(runs), 2);
}

TEST(TransportTls, UnknownCertificateAuthorityIsAClearError) {
  PRIMER_EMULATOR(emu);
  ClusterConfig c = emu.config();
  c.ca_pem.clear();  // the system store, which does not know the emulator's CA
  Transport t(c, fast());
  std::string e = error_of(t, get("/version"));
  EXPECT_NE(e.find("GET " + c.server + "/version: TLS: "), std::string::npos) << e;
  EXPECT_NE(e.find("certificate"), std::string::npos) << e;
}

TEST(TransportTls, WrongServerNameIsAClearError) {
  PRIMER_EMULATOR(emu);
  ClusterConfig c = emu.config();
  c.tls_server_name = "wrong.example";
  Transport t(c, fast());
  std::string e = error_of(t, get("/version"));
  EXPECT_NE(e.find("TLS: "), std::string::npos) << e;
  EXPECT_NE(e.find("wrong.example"), std::string::npos) << e;
}

TEST(TransportTls, InsecureSkipVerifyConnects) {
  PRIMER_EMULATOR(emu);
  ClusterConfig c = emu.config();
  c.ca_pem.clear();
  c.insecure_skip_tls_verify = true;
  Transport t(c, fast());
  EXPECT_EQ(t.send(get("/version")).status, 200);
}

struct FaultCase {
  const char* name;
  const char* spec;
  int attempts;
  std::chrono::milliseconds at_least;
};

TEST(TransportRetry, TransientFaultsAreRetriedWithinTheDeadline) {
  PRIMER_EMULATOR(emu);
  const FaultCase cases[] = {
      {"429 honours Retry-After", "action=429,path=/version,times=2,retry_after=1", 3, 2000ms},
      {"503 backs off", "action=503,path=/version,times=2,retry_after=0", 3, 0ms},
      {"500 backs off", "action=500,path=/version,times=1", 2, 0ms},
      {"connection reset", "action=reset,path=/version,times=2", 3, 0ms},
      {"stall beyond the request timeout", "action=delay,seconds=3,path=/version,times=1", 2,
       1000ms},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    ASSERT_EQ(emu.set_faults(c.spec), 200);
    TransportOptions o = fast();
    o.request_timeout = 1000ms;
    Transport t(emu.config(), o);
    Request r = get("/version");
    r.deadline = Clock::now() + 10s;
    auto start = Clock::now();
    Response resp = t.send(r);
    EXPECT_EQ(resp.status, 200);
    EXPECT_EQ(resp.attempts, c.attempts);
    EXPECT_GE(Clock::now() - start, c.at_least);
    EXPECT_LT(Clock::now() - start, 10s);
    emu.clear_faults();
  }
}

TEST(TransportRetry, RetryAfterBeyondTheDeadlineReturnsTheStatus) {
  PRIMER_EMULATOR(emu);
  ASSERT_EQ(emu.set_faults("action=429,path=/version,retry_after=30"), 200);
  Transport t(emu.config(), fast());
  Request r = get("/version");
  r.deadline = Clock::now() + 2s;
  auto start = Clock::now();
  Response resp = t.send(r);
  EXPECT_EQ(resp.status, 429);
  EXPECT_EQ(resp.attempts, 1);
  EXPECT_LT(Clock::now() - start, 2s);
}

TEST(TransportRetry, PostIsNeverRetried) {
  PRIMER_EMULATOR(emu);
  ASSERT_EQ(emu.set_faults("action=503,method=POST,times=1,retry_after=0"), 200);
  Transport t(emu.config(), fast());
  Request r;
  r.method = "POST";
  r.path = "/api/v1/namespaces";
  r.content_type = "application/json";
  r.body = R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"once"}})";
  Response resp = t.send(r);
  EXPECT_EQ(resp.status, 503);
  EXPECT_EQ(resp.attempts, 1);
  EXPECT_EQ(t.send(get("/api/v1/namespaces/once")).status, 404);
}

TEST(TransportRetry, ApplyPatchIsRetried) {
  PRIMER_EMULATOR(emu);
  ASSERT_EQ(emu.set_faults("action=503,method=PATCH,times=1,retry_after=0"), 200);
  Transport t(emu.config(), fast());
  Request r;
  r.method = "PATCH";
  r.path = "/api/v1/namespaces/applied?fieldManager=primer";
  r.content_type = "application/apply-patch+yaml";
  r.body = R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"applied"}})";
  Response resp = t.send(r);
  EXPECT_EQ(resp.status, 201) << resp.body;
  EXPECT_EQ(resp.attempts, 2);
}

TEST(TransportRetry, ConnectionRefusedNamesTheRequest) {
  ClusterConfig c;
  c.server = "https://127.0.0.1:1";
  TransportOptions o = fast();
  o.max_retries = 1;
  Transport t(c, o);
  std::string e = error_of(t, get("/version"));
  EXPECT_EQ(e.rfind("GET https://127.0.0.1:1/version: ", 0), 0u) << e;
  EXPECT_NE(e.find("(after 2 attempts)"), std::string::npos) << e;
}

// Every request of a batch answered 200.
void expect_all_ok(const std::vector<Outcome>& batch) {
  for (const auto& r : batch) {
    ASSERT_TRUE(r.response) << r.error;
    EXPECT_EQ(r.response->status, 200);
  }
}

TEST(TransportPool, BatchReusesABoundedNumberOfConnections) {
  PRIMER_EMULATOR(emu);
  TransportOptions o = fast();
  o.max_in_flight = 4;
  Transport t(emu.config(), o);
  std::vector<Request> requests(40, get("/api/v1/namespaces"));
  std::vector<Outcome> out = t.send_all(requests);
  ASSERT_EQ(out.size(), 40u);
  expect_all_ok(out);
  EXPECT_LE(t.connections(), 4);
  t.send_all(requests);
  EXPECT_LE(t.connections(), 4);  // kept alive between batches
}

TEST(TransportPool, HttpOneConnectionsAreBoundedBelowRequestsInFlight) {
  PRIMER_EMULATOR(emu);  // HTTP/1.1 only: one request per connection at a time
  TransportOptions o = fast();
  o.max_in_flight = 16;
  o.max_connections = 2;
  Transport t(emu.config(), o);
  std::vector<Request> requests(30, get("/api/v1/namespaces"));
  expect_all_ok(t.send_all(requests));
  EXPECT_LE(t.connections(), 2);
}

TEST(TransportPool, BatchesFromTwoThreadsRunSideBySide) {
  PRIMER_EMULATOR(emu);
  TransportOptions o = fast();
  o.max_connections = 2;
  Transport t(emu.config(), o);
  std::vector<Request> requests(25, get("/api/v1/namespaces"));
  std::vector<Outcome> a, b;
  std::thread other([&] { a = t.send_all(requests); });
  b = t.send_all(requests);
  other.join();
  ASSERT_EQ(a.size(), 25u);
  ASSERT_EQ(b.size(), 25u);
  expect_all_ok(a);
  expect_all_ok(b);
  EXPECT_LE(t.connections(), 4);  // two multi handles at most, two connections each
}

TEST(TransportWarnings, WarningHeadersAreCollected) {
  EXPECT_EQ(warning_text(R"(299 - "v1 Endpoints is deprecated in v1.33+")"),
            "v1 Endpoints is deprecated in v1.33+");
  EXPECT_EQ(warning_text(R"(299 - "unknown field \"spec.x\"")"), "unknown field \"spec.x\"");
}

}  // namespace
}  // namespace primer::kube
