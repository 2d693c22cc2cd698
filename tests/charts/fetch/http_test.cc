// base/http against test_server.py on loopback (TLS with certificates made at test time).
#include "base/http.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "base/error.h"
#include "base/strings.h"
#include "tests/charts/fetch/server_fixture.h"
#include "tests/support/support.h"

namespace primer::http {
namespace {

using test::TempDir;
using test::TestServer;

std::string error_of(const Client& client, const Request& request) {
  try {
    Response r = client.fetch(request);
    return "no error, status " + std::to_string(r.status);
  } catch (const Error& e) {
    return e.what();
  }
}

Request get(std::string url) {
  Request r;
  r.url = std::move(url);
  return r;
}

// One directory, certificate set and server for the whole suite; each test uses its own paths
// so that the server's hit counters do not mix.
struct Shared {
  TempDir dir;
  bool certs = false;
  std::unique_ptr<TestServer> server;
};

class HttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = std::make_unique<Shared>();
    if (shared_->dir.path().empty()) return;
    shared_->certs = test::make_certificates(shared_->dir.path());
    if (!shared_->certs) return;
    test::write_text(shared_->dir / "root/index.yaml", "apiVersion: v1\nentries: {}\n");
    shared_->server = std::make_unique<TestServer>(
        shared_->dir / "root", shared_->dir / "server.pem", shared_->dir / "server.key");
  }
  static void TearDownTestSuite() { shared_.reset(); }

  void SetUp() override {
    PRIMER_REQUIRE(shared_->certs, "openssl to make test certificates");
    PRIMER_REQUIRE(shared_->server && shared_->server->ok(),
                   "python3 to run tests/charts/fetch/test_server.py");
    server_ = shared_->server.get();
  }

  Options trusted() const {
    Options o;
    o.ca_file = dir_ / "ca.pem";
    o.retry_base_delay = std::chrono::milliseconds(1);
    return o;
  }
  std::string url(const std::string& path) const { return server_->base() + path; }

  static std::unique_ptr<Shared> shared_;
  const TempDir& dir_ = shared_->dir;
  TestServer* server_ = nullptr;
};

std::unique_ptr<Shared> HttpTest::shared_;

TEST_F(HttpTest, VerifiedTlsWithCustomCaFile) {
  Client client(trusted());
  Response r = client.fetch(get(url("/index.yaml")));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "apiVersion: v1\nentries: {}\n");
  EXPECT_EQ(r.header("content-type").value_or(""), "application/x-yaml");
}

TEST_F(HttpTest, VerifiedTlsWithCaPemData) {
  Options o;
  o.ca_pem = read_file(dir_ / "ca.pem");
  EXPECT_EQ(Client(o).fetch(get(url("/index.yaml"))).status, 200);
}

TEST_F(HttpTest, WrongCaIsRefused) {
  Options o;
  o.ca_file = dir_ / "other-ca.pem";
  std::string err = error_of(Client(o), get(url("/index.yaml")));
  EXPECT_TRUE(starts_with(err, "GET " + url("/index.yaml") + ": SSL certificate problem: ")) << err;
}

TEST_F(HttpTest, SystemCasDoNotTrustTheTestCa) {
  std::string err = error_of(Client(), get(url("/index.yaml")));
  EXPECT_TRUE(starts_with(err, "GET " + url("/index.yaml") + ": SSL certificate problem: ")) << err;
}

TEST_F(HttpTest, InsecureSkipVerifyConnects) {
  Options o;
  o.insecure_skip_tls_verify = true;
  EXPECT_EQ(Client(o).fetch(get(url("/index.yaml"))).status, 200);
}

TEST_F(HttpTest, TlsServerNameIsVerifiedInsteadOfTheHost) {
  Options o = trusted();
  o.tls_server_name = "localhost";
  EXPECT_EQ(Client(o).fetch(get(url("/index.yaml"))).status, 200);
  o.tls_server_name = "not-in-the-certificate.example";
  std::string err = error_of(Client(o), get(url("/index.yaml")));
  EXPECT_NE(err.find("not-in-the-certificate.example"), std::string::npos) << err;
}

TEST_F(HttpTest, PlainHttpRefusedForANonLoopbackHost) {
  std::string err = error_of(Client(), get("http://charts.example.invalid/index.yaml"));
  EXPECT_EQ(err,
            "refusing plain HTTP to charts.example.invalid "
            "(http://charts.example.invalid/index.yaml); use https, or allow it with -plain-http");
}

TEST_F(HttpTest, PlainHttpAllowedToLoopback) {
  TestServer plain(dir_ / "root");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(Client().fetch(get(plain.base() + "/index.yaml")).status, 200);
}

TEST_F(HttpTest, RedirectsAreFollowed) {
  Response r = Client(trusted()).fetch(get(url("/redirect/3/index.yaml")));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.url, url("/index.yaml"));
}

TEST_F(HttpTest, RedirectLoopStopsAtTheLimit) {
  EXPECT_EQ(error_of(Client(trusted()), get(url("/redirect-loop"))),
            "GET " + url("/redirect-loop") + ": stopped after 10 redirects");
  Options o = trusted();
  o.max_redirects = 2;
  EXPECT_EQ(error_of(Client(o), get(url("/redirect/3/index.yaml"))),
            "GET " + url("/redirect/3/index.yaml") + ": stopped after 2 redirects");
}

TEST_F(HttpTest, CredentialsFollowRedirectsOnTheSameHostOnly) {
  Request same = get(url("/redirect/1/echo-auth"));
  same.auth = Auth::bearer("tok");
  EXPECT_EQ(Client(trusted()).fetch(same).body, "Bearer tok");
  Request other = get(url("/redirect-host/echo-auth"));
  other.auth = Auth::bearer("tok");
  other.headers.push_back({"Authorization", "Bearer tok"});
  Response r = Client(trusted()).fetch(other);
  EXPECT_EQ(r.url, "https://localhost:" + std::to_string(server_->port()) + "/echo-auth");
  EXPECT_EQ(r.body, "none");
}

TEST_F(HttpTest, ResponseOverTheMaximumSizeIsRefused) {
  Options o = trusted();
  o.max_response_bytes = 1000;
  EXPECT_EQ(Client(o).fetch(get(url("/big/1000"))).body.size(), 1000u);
  EXPECT_EQ(error_of(Client(o), get(url("/big/1001"))),
            "GET " + url("/big/1001") + ": response larger than 1000 bytes");
}

TEST_F(HttpTest, TransientStatusIsRetriedThenSucceeds) {
  Response r = Client(trusted()).fetch(get(url("/flaky/2/index.yaml")));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(server_->hits("/flaky/2/index.yaml"), 3);
}

TEST_F(HttpTest, RetriesAreBounded) {
  Options o = trusted();
  o.max_retries = 2;
  EXPECT_EQ(error_of(Client(o), get(url("/flaky/5/index.yaml"))),
            "GET " + url("/flaky/5/index.yaml") + ": 503 Service Unavailable");
  EXPECT_EQ(server_->hits("/flaky/5/index.yaml"), 3);
}

TEST_F(HttpTest, NotFoundIsNotRetried) {
  Client client(trusted());
  EXPECT_EQ(client.send(get(url("/status/404"))).status, 404);
  EXPECT_EQ(server_->hits("/status/404"), 1);
  EXPECT_EQ(error_of(client, get(url("/status/404"))),
            "GET " + url("/status/404") + ": 404 Not Found");
}

TEST_F(HttpTest, ConditionalGetAnswers304) {
  Client client(trusted());
  Response first = client.fetch(get(url("/index.yaml")));
  ASSERT_TRUE(first.header("etag"));
  Request again = get(url("/index.yaml"));
  again.if_none_match = *first.header("etag");
  EXPECT_EQ(client.fetch(again, /*allow_not_modified=*/true).status, 304);
  Request by_date = get(url("/index.yaml"));
  by_date.if_modified_since = *first.header("last-modified");
  EXPECT_EQ(client.send(by_date).status, 304);
  EXPECT_EQ(error_of(client, again), "GET " + url("/index.yaml") + ": 304 Not Modified");
}

TEST_F(HttpTest, BasicAuth) {
  Client client(trusted());
  Request r = get(url("/private/index.yaml"));
  EXPECT_EQ(client.send(r).status, 401);
  r.auth = Auth::basic("user", "secret");
  EXPECT_EQ(client.fetch(r).status, 200);
}

TEST_F(HttpTest, CredentialsAreNotInErrors) {
  std::string port = std::to_string(server_->port());
  Request r = get("https://user:hunter2@127.0.0.1:" + port + "/status/404/creds");
  std::string err = error_of(Client(trusted()), r);
  EXPECT_EQ(err, "GET https://127.0.0.1:" + port + "/status/404/creds: 404 Not Found");
  Options wrong_ca;
  wrong_ca.ca_file = dir_ / "other-ca.pem";
  Request with_auth = get(url("/index.yaml"));
  with_auth.auth = Auth::basic("user", "hunter2");
  err = error_of(Client(wrong_ca), with_auth);
  EXPECT_EQ(err.find("hunter2"), std::string::npos) << err;
}

TEST_F(HttpTest, StalledServerTimesOut) {
  Options o = trusted();
  o.stall_timeout = std::chrono::seconds(1);
  std::string err = error_of(Client(o), get(url("/stall")));
  EXPECT_TRUE(starts_with(err, "GET " + url("/stall") + ": Operation too slow")) << err;
}

TEST_F(HttpTest, NoProxyExemptsLoopback) {
  const char* saved = std::getenv("https_proxy");
  setenv("https_proxy", "http://127.0.0.1:9", 1);
  setenv("NO_PROXY", "127.0.0.1,localhost", 1);
  Response r = Client(trusted()).fetch(get(url("/index.yaml")));
  EXPECT_EQ(r.status, 200);
  unsetenv("NO_PROXY");
  std::string err = error_of(Client(trusted()), get(url("/index.yaml")));
  EXPECT_NE(err.find("127.0.0.1"), std::string::npos);
  if (saved) {
    setenv("https_proxy", saved, 1);
  } else {
    unsetenv("https_proxy");
  }
}

TEST(HttpUrl, RedactRemovesUserinfo) {
  EXPECT_EQ(redact_url("https://u:p@h.example/a@b"), "https://h.example/a@b");
  EXPECT_EQ(redact_url("https://h.example/x"), "https://h.example/x");
  EXPECT_EQ(redact_url("oci://tok@r.example:5000/c"), "oci://r.example:5000/c");
}

TEST(HttpUrl, Loopback) {
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("127.1.2.3"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_TRUE(is_loopback_host("[::1]"));
  EXPECT_FALSE(is_loopback_host("127.example.com"));
  EXPECT_FALSE(is_loopback_host("10.0.0.1"));
}

TEST(HttpUrl, ResolveReference) {
  EXPECT_EQ(resolve_url("https://h/charts/index.yaml", "a-1.tgz"), "https://h/charts/a-1.tgz");
  EXPECT_EQ(resolve_url("https://h/charts/", "/x/a-1.tgz"), "https://h/x/a-1.tgz");
  EXPECT_EQ(resolve_url("https://h/charts/", "https://o/a.tgz"), "https://o/a.tgz");
}

TEST(HttpChallenge, BearerParameters) {
  auto c = parse_challenge(
      R"(Bearer realm="https://auth.example/token",service="registry",scope="repository:a/b:pull")");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->scheme, "bearer");
  EXPECT_EQ(c->params["realm"], "https://auth.example/token");
  EXPECT_EQ(c->params["service"], "registry");
  EXPECT_EQ(c->params["scope"], "repository:a/b:pull");
}

}  // namespace
}  // namespace primer::http
