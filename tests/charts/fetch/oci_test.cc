// OCI: a real registry (Debian's docker-registry, distribution v2) on loopback with TLS,
// charts pushed with `$HELM4 push`; and the bearer-token flow against test_server.py.
#include "charts/oci.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "base/error.h"
#include "base/http.h"
#include "base/strings.h"
#include "charts/cache.h"
#include "charts/fetch.h"
#include "charts/reference.h"
#include "tests/charts/fetch/server_fixture.h"
#include "tests/support/support.h"

namespace primer::charts {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

std::string error_text(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

struct Registry {
  TempDir dir;
  std::unique_ptr<test::TestServer> token_server;  // the token variant's /auth endpoint
  std::unique_ptr<test::Process> process;
  int port = 0;
  std::string problem;  // why the registry is not usable
};

enum class RegistryAuth { None, Token, Htpasswd };

// The test's user on the authenticating variants; the password is distinctive so the tests
// can look for it in errors and logs.
constexpr const char* kUser = "primer";
constexpr const char* kPassword = "s3cret-pa55-Zq9";

// Starts docker-registry on loopback with TLS (and the given authentication) and pushes two
// fixture charts into it with `$HELM4 push`. Leaves `r.problem` set when anything is missing.
void start_registry(Registry& r, RegistryAuth auth) {
  std::optional<std::string> helm = test::oracle("HELM4");
  int status = 0;
  test::run_command("command -v docker-registry", &status);
  if (status != 0) {
    r.problem = "docker-registry (Debian package docker-registry)";
    return;
  }
  if (!helm) {
    r.problem = "HELM4 (../shared/tools/install-oracles) to push charts";
    return;
  }
  if (!test::make_certificates(r.dir.path())) {
    r.problem = "openssl for the registry's certificate";
    return;
  }
  std::string auth_block;
  std::vector<std::string> push_flags;
  if (auth == RegistryAuth::Token) {
    // The token issuer's signing key and certificate (RSA: RS256 is one openssl dgst call).
    test::run_command("cd '" + r.dir.path() +
                          "' && openssl req -x509 -newkey rsa:2048 -nodes -keyout token.key "
                          "-out token.pem -days 2 -subj /CN=primer-token-issuer 2>&1",
                      &status);
    if (status != 0) {
      r.problem = "openssl for the token issuer's key";
      return;
    }
    fs::create_directories(r.dir / "token-root");
    r.token_server = std::make_unique<test::TestServer>(
        r.dir / "token-root", r.dir / "server.pem", r.dir / "server.key",
        std::vector<std::string>{"--user", std::string(kUser) + ":" + kPassword, "--jwt-key",
                                 r.dir / "token.key", "--jwt-cert", r.dir / "token.pem"});
    if (!r.token_server->ok()) {
      r.problem = "python3 for the token endpoint (test_server.py)";
      return;
    }
    auth_block = "auth:\n  token:\n    realm: " + r.token_server->base() +
                 "/auth\n    service: primer-test-registry\n    issuer: primer-test-issuer\n"
                 "    rootcertbundle: " +
                 r.dir / "token.pem" + "\n";
  } else if (auth == RegistryAuth::Htpasswd) {
    // distribution accepts only bcrypt lines: htpasswd -B (apache2-utils) makes one, else
    // Python's crypt module ($2b$, until Python 3.13 drops the module).
    std::string user_pass = std::string(kUser) + " " + kPassword;
    test::run_command("(command -v htpasswd >/dev/null && htpasswd -nbB " + user_pass +
                          " || python3 -W ignore -c \"import crypt,sys; print(sys.argv[1] + ':' + "
                          "crypt.crypt(sys.argv[2], crypt.mksalt(crypt.METHOD_BLOWFISH)))\" " +
                          user_pass + ") | head -1 > '" + r.dir / "htpasswd" + "'",
                      &status);
    if (status != 0 || read_file(r.dir / "htpasswd").find(":$2") == std::string::npos) {
      r.problem = "htpasswd (apache2-utils) or python3's crypt for a bcrypt htpasswd line";
      return;
    }
    auth_block =
        "auth:\n  htpasswd:\n    realm: primer-test\n    path: " + r.dir / "htpasswd" + "\n";
  }
  if (auth != RegistryAuth::None) {
    push_flags = {"--username", kUser, "--password", kPassword};
  }
  r.port = test::free_port();
  test::write_text(r.dir / "config.yml",
                   "version: 0.1\nlog: {level: error}\n"
                   "storage: {filesystem: {rootdirectory: " +
                       r.dir / "data" +
                       "}}\n"
                       "http:\n  addr: 127.0.0.1:" +
                       std::to_string(r.port) +
                       "\n"
                       "  tls: {certificate: " +
                       r.dir / "server.pem" + ", key: " + r.dir / "server.key" + "}\n" +
                       auth_block);
  r.process = std::make_unique<test::Process>(
      std::vector<std::string>{"docker-registry", "serve", r.dir / "config.yml"},
      r.dir / "registry.log");
  http::Options o;
  o.ca_file = r.dir / "ca.pem";
  o.max_retries = 0;
  http::Client client(o);
  bool up = false;
  for (int i = 0; i < 100 && !up; ++i) {
    try {
      http::Request req;
      req.url = "https://127.0.0.1:" + std::to_string(r.port) + "/v2/";
      int code = client.send(req).status;
      up = code == 200 || code == 401;
    } catch (const Error&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  if (!up) {
    r.problem = "docker-registry did not start: " + read_file(r.dir / "registry.log");
    return;
  }
  for (const char* chart : {"argo-cd-10.1.1.tgz", "argo-cd-7.6.1.tgz"}) {
    std::string cmd = "HELM_REGISTRY_CONFIG='" + r.dir / "helm-registry.json" +
                      "' HELM_CACHE_HOME='" + r.dir / "helm-cache" + "' '" + *helm + "' push '" +
                      test::fixtures_dir() + "/charts/" + chart +
                      "' oci://127.0.0.1:" + std::to_string(r.port) +
                      "/argoproj/argo-helm --ca-file '" + r.dir / "ca.pem" + "'";
    for (const std::string& f : push_flags) cmd += " '" + f + "'";
    std::string out = test::run_command(cmd + " 2>&1", &status);
    if (status != 0) {
      r.problem =
          "helm push failed: " + out + "\nregistry log:\n" + read_file(r.dir / "registry.log");
      return;
    }
  }
}

class OciRegistry : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    reg_ = std::make_unique<Registry>();
    start_registry(*reg_, RegistryAuth::None);
  }
  static void TearDownTestSuite() { reg_.reset(); }

  void SetUp() override { PRIMER_REQUIRE(reg_->problem.empty(), reg_->problem); }
  FetchOptions options() const {
    FetchOptions o;
    o.http.ca_file = reg_->dir / "ca.pem";
    o.cache_dir = cache_.path();
    return o;
  }
  std::string chart_ref(const std::string& suffix = "") const {
    return "oci://127.0.0.1:" + std::to_string(reg_->port) + "/argoproj/argo-helm/argo-cd" + suffix;
  }
  static std::string fixture(const std::string& name) {
    return read_file(test::fixtures_dir() + "/charts/" + name);
  }

  static std::unique_ptr<Registry> reg_;
  TempDir cache_;
};

std::unique_ptr<Registry> OciRegistry::reg_;

TEST_F(OciRegistry, PullsByVersionFlagAndTag) {
  FetchedChart got = fetch_chart(parse_reference(chart_ref(), "", "10.1.1"), options());
  EXPECT_EQ(got.name, "argo-cd");
  EXPECT_EQ(got.version, "10.1.1");
  EXPECT_EQ(got.digest, "sha256:593f24b0022e04a87587ec0d0cd4c2d525fa531ca2668743da9ff4dd28c6df80");
  EXPECT_EQ(read_file(got.path), fixture("argo-cd-10.1.1.tgz"))
      << "the same bytes as the local archive, so rendering them is rendering the archive";
  FetchedChart tagged = fetch_chart(parse_reference(chart_ref(":7.6.1")), options());
  EXPECT_EQ(tagged.version, "7.6.1");
  EXPECT_EQ(read_file(tagged.path), fixture("argo-cd-7.6.1.tgz"));
}

TEST_F(OciRegistry, NewestTagAndConstraints) {
  EXPECT_EQ(fetch_chart(parse_reference(chart_ref()), options()).version, "10.1.1");
  EXPECT_EQ(fetch_chart(parse_reference(chart_ref(), "", "~7"), options()).version, "7.6.1");
  EXPECT_EQ(error_text([&] { fetch_chart(parse_reference(chart_ref(), "", "99"), options()); }),
            chart_ref(":99") + ": no tag matches \"99\" (available: 10.1.1, 7.6.1)");
}

TEST_F(OciRegistry, PinnedByManifestDigest) {
  FetchedChart got = fetch_chart(parse_reference(chart_ref(":10.1.1")), options());
  std::string manifest = got.source.substr(got.source.find('@') + 1);
  FetchedChart pinned = fetch_chart(parse_reference(chart_ref("@" + manifest)), options());
  EXPECT_EQ(pinned.digest, got.digest);
  std::string other = "sha256:" + std::string(64, '0');
  std::string err =
      error_text([&] { fetch_chart(parse_reference(chart_ref("@" + other)), options()); });
  EXPECT_EQ(err, chart_ref("@" + other) + ": not found");
}

TEST_F(OciRegistry, SecondPullIsACacheHit) {
  FetchedChart first = fetch_chart(parse_reference(chart_ref(":7.6.1")), options());
  EXPECT_FALSE(first.from_cache);
  FetchedChart second = fetch_chart(parse_reference(chart_ref(":7.6.1")), options());
  EXPECT_TRUE(second.from_cache);
  EXPECT_EQ(second.path, first.path);
}

TEST_F(OciRegistry, LockedDigestMismatchIsRefused) {
  FetchOptions o = options();
  o.expect_digest = "sha256:" + std::string(64, 'b');
  std::string err = error_text([&] { fetch_chart(parse_reference(chart_ref(":7.6.1")), o); });
  EXPECT_TRUE(
      starts_with(err, chart_ref(":7.6.1") + ": digest mismatch: primer.lock has sha256:bbbb"))
      << err;
}

TEST_F(OciRegistry, WrongCaIsRefused) {
  FetchOptions o = options();
  o.http.ca_file = reg_->dir / "other-ca.pem";
  std::string err = error_text([&] { fetch_chart(parse_reference(chart_ref(":7.6.1")), o); });
  EXPECT_NE(err.find("SSL certificate problem"), std::string::npos) << err;
}

// Issue 5's end-to-end check: `primer render oci://...` prints what rendering the local
// archive prints (the fixture values and flags of the parity suite's main case).
TEST_F(OciRegistry, RenderOfAnOciReferenceEqualsTheLocalArchive) {
  TempDir work;
  std::string flags = " -n argocd -f '" + test::fixtures_dir() +
                      "/values/kitchen-sink.yaml' --api-versions monitoring.coreos.com/v1";
  int status = 0;
  std::string remote = test::run_command(
      "XDG_CACHE_HOME='" + work / "cache" + "' '" + PRIMER_BINARY + "' render argocd " +
          chart_ref() + " --version 10.1.1 -ca-file '" + reg_->dir / "ca.pem" + "'" + flags,
      &status);
  ASSERT_EQ(status, 0) << remote;
  std::string local =
      test::run_command("'" + std::string(PRIMER_BINARY) + "' render argocd '" +
                            test::fixtures_dir() + "/charts/argo-cd-10.1.1.tgz'" + flags,
                        &status);
  ASSERT_EQ(status, 0) << local;
  EXPECT_GT(local.size(), 100000u);
  EXPECT_TRUE(remote == local) << "oci:// render differs from the local archive's";
}

// The token flow of the distribution spec against test_server.py's small registry.
TEST(OciToken, BearerTokenFromChallenge) {
  TempDir dir;
  PRIMER_REQUIRE(test::make_certificates(dir.path()), "openssl");
  std::string archive = read_file(test::fixtures_dir() + "/charts/argo-cd-7.6.1.tgz");
  PRIMER_REQUIRE(!archive.empty(), "fixtures/charts");
  std::string layer = "sha256:" + sha256_hex(archive);
  std::string config = "{}";
  std::string manifest = std::string(R"({"schemaVersion":2,"config":{"mediaType":")") +
                         std::string(kHelmConfigMediaType) + R"(","digest":"sha256:)" +
                         sha256_hex(config) + R"(","size":2},"layers":[{"mediaType":")" +
                         std::string(kHelmChartMediaType) + R"(","digest":")" + layer +
                         R"(","size":)" + std::to_string(archive.size()) + "}]}";
  std::string repo = dir / "root/oci/charts/argo-cd";
  test::write_text(repo + "/manifests/7.6.1", manifest);
  fs::create_directories(repo + "/blobs");
  fs::create_symlink(test::fixtures_dir() + "/charts/argo-cd-7.6.1.tgz",
                     repo + "/blobs/sha256_" + layer.substr(7));
  test::TestServer server(dir / "root", dir / "server.pem", dir / "server.key");
  PRIMER_REQUIRE(server.ok(), "python3 for test_server.py");
  TempDir cache;
  FetchOptions o;
  o.http.ca_file = dir / "ca.pem";
  o.cache_dir = cache.path();
  std::string ref = "oci://127.0.0.1:" + std::to_string(server.port()) + "/charts/argo-cd:7.6.1";
  std::string err = error_text([&] { fetch_chart(parse_reference(ref), o); });
  EXPECT_EQ(err,
            "GET https://127.0.0.1:" + std::to_string(server.port()) +
                "/token?service=test&scope=repository%3Acharts%2Fargo-cd%3Apull: 401 Unauthorized");
  o.auth = http::Auth::basic("user", "secret");
  FetchedChart got = fetch_chart(parse_reference(ref), o);
  EXPECT_EQ(got.version, "7.6.1");
  EXPECT_EQ(got.digest, layer);
}

// ---- the real registry with authentication ---------------------------------------------

size_t blobs_in(const std::string& dir) {
  size_t n = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       it != fs::recursive_directory_iterator(); ++it) {
    if (ends_with(it->path().string(), ".tgz")) ++n;
  }
  return n;
}

// docker-registry with `auth: token`: every request needs a JWT from the test's token endpoint
// (test_server.py /auth), which wants basic auth. primer follows the WWW-Authenticate challenge.
class OciTokenRegistry : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    reg_ = std::make_unique<Registry>();
    start_registry(*reg_, RegistryAuth::Token);
  }
  static void TearDownTestSuite() { reg_.reset(); }
  void SetUp() override { PRIMER_REQUIRE(reg_->problem.empty(), reg_->problem); }
  FetchOptions options() const {
    FetchOptions o;
    o.http.ca_file = reg_->dir / "ca.pem";
    o.cache_dir = cache_.path();
    return o;
  }
  std::string chart_ref(const std::string& suffix = "") const {
    return "oci://127.0.0.1:" + std::to_string(reg_->port) + "/argoproj/argo-helm/argo-cd" + suffix;
  }
  std::string token_url() const {
    return reg_->token_server->base() +
           "/auth?service=primer-test-registry&scope=repository%3Aargoproj%2Fargo-helm%2Fargo-"
           "cd%3Apull";
  }
  static std::unique_ptr<Registry> reg_;
  TempDir cache_;
};

std::unique_ptr<Registry> OciTokenRegistry::reg_;

TEST_F(OciTokenRegistry, PullsThroughTheBearerTokenFlow) {
  FetchOptions o = options();
  o.auth = http::Auth::basic(kUser, kPassword);
  FetchedChart got = fetch_chart(parse_reference(chart_ref(), "", "10.1.1"), o);
  EXPECT_EQ(got.version, "10.1.1");
  EXPECT_EQ(got.digest, "sha256:593f24b0022e04a87587ec0d0cd4c2d525fa531ca2668743da9ff4dd28c6df80");
  EXPECT_EQ(read_file(got.path), read_file(test::fixtures_dir() + "/charts/argo-cd-10.1.1.tgz"));
  EXPECT_EQ(fetch_chart(parse_reference(chart_ref(), "", "~7"), o).version, "7.6.1")
      << "the tag list goes through the token flow too";
  EXPECT_GE(reg_->token_server->hits("/auth"), 1);
}

TEST_F(OciTokenRegistry, NoCredentialsIsAClear401) {
  std::string err =
      error_text([&] { fetch_chart(parse_reference(chart_ref(":7.6.1")), options()); });
  EXPECT_EQ(err, "GET " + token_url() + ": 401 Unauthorized");
  EXPECT_EQ(blobs_in(cache_.path()), 0u);
}

TEST_F(OciTokenRegistry, WrongPasswordIsAClear401AndNotEchoed) {
  FetchOptions o = options();
  o.auth = http::Auth::basic(kUser, "wrong-Pa55-Xy7");
  std::string err = error_text([&] { fetch_chart(parse_reference(chart_ref(":7.6.1")), o); });
  EXPECT_EQ(err, "GET " + token_url() + ": 401 Unauthorized");
  EXPECT_EQ(err.find("wrong-Pa55-Xy7"), std::string::npos);
  EXPECT_EQ(blobs_in(cache_.path()), 0u);
}

TEST_F(OciTokenRegistry, CredentialsFromADockerConfigFile) {
  TempDir config;
  // {"auths": {"127.0.0.1:PORT": {"auth": base64("primer:PASSWORD")}}}, as docker login writes.
  int status = 0;
  std::string auth = test::run_command(
      "printf '%s' '" + std::string(kUser) + ":" + kPassword + "' | base64 -w0", &status);
  test::write_text(config / "config.json",
                   "{\"auths\": {\"127.0.0.1:" + std::to_string(reg_->port) + "\": {\"auth\": \"" +
                       auth + "\"}}}\n");
  setenv("PRIMER_REGISTRY_CONFIG", (config / "config.json").c_str(), 1);
  std::string got;
  try {
    got = fetch_chart(parse_reference(chart_ref(":7.6.1")), options()).version;
  } catch (const Error& e) {
    got = e.what();
  }
  unsetenv("PRIMER_REGISTRY_CONFIG");
  EXPECT_EQ(got, "7.6.1");
}

// `primer pull oci://...` end to end: credentials from PRIMER_REPO_USERNAME/PASSWORD, every log
// on, and neither the password, its Authorization header nor the bearer token on stderr.
TEST_F(OciTokenRegistry, PrimerPullWithTracing) {
  TempDir work;
  auto pull = [&](const std::string& password, int* status) {
    std::string cmd =
        "PRIMER_LOG=trace XDG_CACHE_HOME='" + work / "cache" + "' PRIMER_REPO_USERNAME=" + kUser +
        " PRIMER_REPO_PASSWORD='" + password + "' '" + PRIMER_BINARY + "' pull " + chart_ref() +
        " --version 10.1.1 -ca-file '" + reg_->dir / "ca.pem" + "' -d '" + work / "out" + "' 2>&1";
    return test::run_command(cmd, status);
  };
  int status = 0;
  std::string ok = pull(kPassword, &status);
  EXPECT_EQ(status, 0) << ok;
  EXPECT_EQ(read_file(work / "out/argo-cd-10.1.1.tgz"),
            read_file(test::fixtures_dir() + "/charts/argo-cd-10.1.1.tgz"));
  EXPECT_NE(ok.find(" http: GET " + reg_->token_server->base() + "/auth?"), std::string::npos)
      << "the trace log shows the token request: " << ok;
  std::string wrong = pull("wrong-Pa55-Xy7", &status);
  EXPECT_EQ(status, 1);
  EXPECT_NE(wrong.find("Error: GET " + token_url() + ": 401 Unauthorized\n"), std::string::npos)
      << wrong;
  std::string basic = test::run_command(
      "printf '%s' '" + std::string(kUser) + ":" + kPassword + "' | base64 -w0", &status);
  for (const std::string& secret : {std::string(kPassword), basic, std::string("wrong-Pa55-Xy7"),
                                    std::string("Bearer "), std::string("eyJ")}) {
    EXPECT_EQ((ok + wrong).find(secret), std::string::npos) << secret << " in\n" << ok << wrong;
  }
}

// docker-registry with `auth: htpasswd`: basic auth on every request.
class OciHtpasswdRegistry : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    reg_ = std::make_unique<Registry>();
    start_registry(*reg_, RegistryAuth::Htpasswd);
  }
  static void TearDownTestSuite() { reg_.reset(); }
  void SetUp() override { PRIMER_REQUIRE(reg_->problem.empty(), reg_->problem); }
  FetchOptions options() const {
    FetchOptions o;
    o.http.ca_file = reg_->dir / "ca.pem";
    o.cache_dir = cache_.path();
    return o;
  }
  std::string chart_ref(const std::string& suffix = "") const {
    return "oci://127.0.0.1:" + std::to_string(reg_->port) + "/argoproj/argo-helm/argo-cd" + suffix;
  }
  static std::unique_ptr<Registry> reg_;
  TempDir cache_;
};

std::unique_ptr<Registry> OciHtpasswdRegistry::reg_;

TEST_F(OciHtpasswdRegistry, PullsWithBasicAuth) {
  FetchOptions o = options();
  o.auth = http::Auth::basic(kUser, kPassword);
  FetchedChart got = fetch_chart(parse_reference(chart_ref(":7.6.1")), o);
  EXPECT_EQ(got.digest,
            "sha256:" + sha256_hex(read_file(test::fixtures_dir() + "/charts/argo-cd-7.6.1.tgz")));
}

TEST_F(OciHtpasswdRegistry, BadCredentialsAreAClear401) {
  for (const char* password : {"", "wrong-Pa55-Xy7"}) {
    SCOPED_TRACE(password);
    FetchOptions o = options();
    if (*password) o.auth = http::Auth::basic(kUser, password);
    std::string err = error_text([&] { fetch_chart(parse_reference(chart_ref(":7.6.1")), o); });
    EXPECT_EQ(err, "GET https://127.0.0.1:" + std::to_string(reg_->port) +
                       "/v2/argoproj/argo-helm/argo-cd/manifests/7.6.1: 401 Unauthorized");
    if (*password) {
      EXPECT_EQ(err.find(password), std::string::npos);
    }
    EXPECT_EQ(blobs_in(cache_.path()), 0u);
  }
}

}  // namespace
}  // namespace primer::charts
