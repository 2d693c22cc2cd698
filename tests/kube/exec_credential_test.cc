#include "kube/exec_credential.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "base/error.h"
#include "base/strings.h"
#include "tests/kube/kube_test_util.h"
#include "tests/support/support.h"

namespace primer::kube {
namespace {

using test::TempDir;
using Clock = std::chrono::system_clock;

// A plugin that records each run (count, KUBERNETES_EXEC_INFO, stdin, $HOME, its args) in
// $DIR, writes a line to stderr, prints $DIR/out.json with RUN replaced by the run number,
// and exits with the status in $DIR/exit (default 0).
const char* kPlugin = R"sh(#!/bin/sh
echo run >> "$DIR/runs"
n=$(wc -l < "$DIR/runs" | tr -d ' ')
printf '%s' "$KUBERNETES_EXEC_INFO" > "$DIR/info.json"
cat > "$DIR/stdin"
printf '%s' "$HOME" > "$DIR/home"
printf '%s' "$*" > "$DIR/args"
echo "plugin stderr line" >&2
if [ -f "$DIR/sleep" ]; then sleep "$(cat "$DIR/sleep")"; fi
sed "s/RUN/$n/g" "$DIR/out.json"
exit "$(cat "$DIR/exit" 2>/dev/null || echo 0)"
)sh";

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct Fixture {
  TempDir dir;
  std::string plugin = dir.write("bin/plugin", kPlugin, true);
  Clock::time_point now = Clock::time_point(std::chrono::seconds(1767225600));  // 2026-01-01
  ClusterConfig cluster;

  ExecConfig exec(std::string api_version = "client.authentication.k8s.io/v1") const {
    ExecConfig e;
    e.api_version = std::move(api_version);
    e.command = plugin;
    e.interactive_mode = InteractiveMode::Never;
    e.env = {{"DIR", dir.path()}};
    return e;
  }
  void output(const std::string& json) const { dir.write("out.json", json); }
  // The plugins' stderr goes to a file, not the test log.
  int stderr_fd = ::open((dir.path() + "/plugin-stderr").c_str(),
                         O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  Fixture() = default;
  Fixture(const Fixture&) = delete;
  Fixture& operator=(const Fixture&) = delete;
  ~Fixture() { ::close(stderr_fd); }

  ExecOptions options(bool terminal = false) {
    ExecOptions o;
    o.stderr_fd = stderr_fd;
    o.now = [this] { return now; };
    o.stdin_is_terminal = [terminal] { return terminal; };
    return o;
  }
  int runs() const {
    return static_cast<int>(split(read_text(dir.path() + "/runs"), "\n").size()) - 1;
  }
};

const char* kTokenV1 =
    R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",)"
    R"("status":{"token":"tok-RUN","expirationTimestamp":"2026-01-01T00:10:00Z"}})";

TEST(ExecCredential, CachedUntilExpiry) {
  Fixture f;
  f.output(kTokenV1);
  ExecAuthenticator auth(f.exec(), f.cluster, f.options());
  EXPECT_EQ(auth.credentials()->token, "tok-1");
  f.now += std::chrono::minutes(10);  // exactly at expiry: still valid (client-go: After)
  EXPECT_EQ(auth.credentials()->token, "tok-1");
  EXPECT_EQ(auth.runs(), 1);
  f.now += std::chrono::seconds(1);
  EXPECT_EQ(auth.credentials()->token, "tok-2");
  EXPECT_EQ(auth.runs(), 2);
  EXPECT_EQ(f.runs(), 2);
}

TEST(ExecCredential, NoExpiryLastsForTheProcess) {
  Fixture f;
  f.output(R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential",)"
           R"("status":{"token":"tok-RUN"}})");
  ExecAuthenticator auth(f.exec("client.authentication.k8s.io/v1beta1"), f.cluster, f.options());
  EXPECT_EQ(auth.credentials()->token, "tok-1");
  f.now += std::chrono::hours(24 * 365);
  EXPECT_EQ(auth.credentials()->token, "tok-1");
  EXPECT_FALSE(auth.credentials()->expiry.has_value());
}

TEST(ExecCredential, RefreshAfter401RunsOnceForTheCredentialsUsed) {
  Fixture f;
  f.output(kTokenV1);
  ExecAuthenticator auth(f.exec(), f.cluster, f.options());
  auto used = auth.credentials();
  auto fresh = auth.refresh_after_401(used);
  EXPECT_EQ(fresh->token, "tok-2");
  // A second request that failed with the old credentials finds them already replaced.
  EXPECT_EQ(auth.refresh_after_401(used)->token, "tok-2");
  EXPECT_EQ(auth.runs(), 2);
  EXPECT_EQ(auth.credentials()->token, "tok-2");
}

TEST(ExecCredential, ExecInfoWithoutClusterInfo) {
  Fixture f;
  f.output(kTokenV1);
  ExecAuthenticator auth(f.exec(), f.cluster, f.options());
  auth.credentials();
  EXPECT_EQ(read_text(f.dir.path() + "/info.json"),
            R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1",)"
            R"("spec":{"interactive":false}})"
            "\n");
  // Not interactive: stdin is /dev/null.
  EXPECT_EQ(read_text(f.dir.path() + "/stdin"), "");
}

TEST(ExecCredential, ProvideClusterInfo) {
  Fixture f;
  f.output(kTokenV1);
  f.cluster.server = "https://10.0.0.1:6443/prefix";
  f.cluster.tls_server_name = "kubernetes";
  f.cluster.ca_pem = "CA";
  f.cluster.proxy_url = "socks5://p:1080";
  ExecConfig e = f.exec();
  e.provide_cluster_info = true;
  e.cluster_config = primer::test::yaml("audience: primer");
  ExecAuthenticator auth(e, f.cluster, f.options(true));
  auth.credentials();
  // Field order and names of client.authentication.k8s.io/v1 Cluster.
  EXPECT_EQ(read_text(f.dir.path() + "/info.json"),
            R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1",)"
            R"("spec":{"cluster":{"server":"https://10.0.0.1:6443/prefix",)"
            R"("tls-server-name":"kubernetes","certificate-authority-data":"Q0E=",)"
            R"("proxy-url":"socks5://p:1080","config":{"audience":"primer"}},)"
            R"("interactive":false}})"
            "\n");
}

TEST(ExecCredential, InteractiveModes) {
  Fixture f;
  f.output(kTokenV1);
  {
    // parity: exec.go isInteractive: Always without a terminal fails before running
    ExecConfig e = f.exec();
    e.interactive_mode = InteractiveMode::Always;
    ExecAuthenticator auth(e, f.cluster, f.options(false));
    try {
      auth.credentials();
      ADD_FAILURE();
    } catch (const Error& err) {
      EXPECT_STREQ(err.what(),
                   "getting credentials: exec plugin cannot support interactive mode: standard "
                   "input is not a terminal");
    }
    EXPECT_EQ(auth.runs(), 0);
  }
  {
    ExecConfig e = f.exec();
    e.interactive_mode = InteractiveMode::IfAvailable;
    ExecAuthenticator auth(e, f.cluster, f.options(false));
    auth.credentials();
    EXPECT_NE(read_text(f.dir.path() + "/info.json").find("\"interactive\":false"),
              std::string::npos);
  }
  {
    ExecConfig e = f.exec();
    e.interactive_mode = InteractiveMode::IfAvailable;
    ExecOptions o = f.options(true);
    ExecAuthenticator auth(e, f.cluster, o);
    // Interactive: the plugin would read our stdin; give it none to read here.
    int saved = ::dup(0);
    int null_fd = ::open("/dev/null", O_RDONLY);
    ::dup2(null_fd, 0);
    auth.credentials();
    ::dup2(saved, 0);
    ::close(saved);
    ::close(null_fd);
    EXPECT_NE(read_text(f.dir.path() + "/info.json").find("\"interactive\":true"),
              std::string::npos);
  }
}

TEST(ExecCredential, EnvironmentArgsAndStderr) {
  Fixture f;
  f.output(kTokenV1);
  ExecConfig e = f.exec();
  e.env.push_back({"HOME", "/from/kubeconfig"});  // overrides the inherited HOME
  e.args = {"a b", "c"};
  ExecOptions o = f.options();
  std::string err_path = f.dir.path() + "/stderr";
  int err_fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  o.stderr_fd = err_fd;
  ExecAuthenticator auth(e, f.cluster, o);
  auth.credentials();
  ::close(err_fd);
  EXPECT_EQ(read_text(f.dir.path() + "/home"), "/from/kubeconfig");
  EXPECT_EQ(read_text(f.dir.path() + "/args"), "a b c");  // no shell: arguments arrive intact
  EXPECT_EQ(read_text(err_path), "plugin stderr line\n");
}

struct FailCase {
  const char* name;  // the rule this case pins
  const char* output;
  const char* want;  // {p} is the plugin path
  const char* exit_status = "0";
};

// Messages as client-go's exec.go words them (refreshCredsLocked, wrapCmdRunErrorLocked),
// behind the roundTripper's "getting credentials: ".
const FailCase kFailCases[] = {
    {"non-zero exit names the command only", kTokenV1,
     "getting credentials: exec: executable {p} failed with exit code 3", "3"},
    {"version mismatch",
     R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t"}})",
     "getting credentials: exec plugin is configured to use API version "
     "client.authentication.k8s.io/v1, plugin returned version "
     "client.authentication.k8s.io/v1beta1"},
    {"no status", R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential"})",
     "getting credentials: exec plugin didn't return a status field"},
    {"neither token nor certificate",
     R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}})",
     "getting credentials: exec plugin didn't return a token or cert/key pair"},
    {"certificate without key",
     R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"x"}})",
     "getting credentials: exec plugin returned only certificate or key, not both"},
    {"missing kind", R"({"apiVersion":"client.authentication.k8s.io/v1","status":{"token":"t"}})",
     "getting credentials: decoding stdout: Object 'Kind' is missing"},
    {"unknown kind",
     R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"Token","status":{"token":"t"}})",
     "getting credentials: decoding stdout: no kind \"Token\" is registered for version "
     "\"client.authentication.k8s.io/v1\""},
    {"bad expirationTimestamp",
     R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t","expirationTimestamp":"tomorrow"}})",
     "getting credentials: decoding stdout: status.expirationTimestamp: \"tomorrow\" is not an "
     "RFC 3339 time"},
    {"output that is not JSON does not echo the output", "token=SECRET",
     "getting credentials: decoding stdout: invalid character 'o' in literal true (expecting "
     "'r')"},
};

TEST(ExecCredential, FailuresAreWordedAsClientGo) {
  for (const FailCase& c : kFailCases) {
    SCOPED_TRACE(c.name);
    Fixture f;
    f.output(c.output);
    f.dir.write("exit", c.exit_status);
    ExecAuthenticator auth(f.exec(), f.cluster, f.options());
    try {
      auth.credentials();
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()), test::replace_all(c.want, "{p}", f.plugin));
      EXPECT_EQ(std::string(e.what()).find("SECRET"), std::string::npos);
    }
  }
}

TEST(ExecCredential, SecretArgsAndEnvNotInErrors) {
  Fixture f;
  f.output(kTokenV1);
  f.dir.write("exit", "1");
  ExecConfig e = f.exec();
  e.args = {"--password", "SECRET-ARG"};
  e.env.push_back({"PASSWORD", "SECRET-ENV"});
  ExecAuthenticator auth(e, f.cluster, f.options());
  try {
    auth.credentials();
    ADD_FAILURE();
  } catch (const Error& err) {
    std::string text = err.what();
    EXPECT_EQ(text,
              "getting credentials: exec: executable " + f.plugin + " failed with exit code 1");
  }
}

TEST(ExecCredential, NotFoundPrintsInstallHint) {
  Fixture f;
  ExecConfig e = f.exec();
  e.command = "primer-no-such-plugin";
  e.install_hint = "brew install primer-plugin";
  ExecAuthenticator auth(e, f.cluster, f.options());
  try {
    auth.credentials();
    ADD_FAILURE();
  } catch (const Error& err) {
    EXPECT_STREQ(err.what(),
                 "getting credentials: exec: executable primer-no-such-plugin not found\n\n"
                 "It looks like you are trying to use a client-go credential plugin that is not "
                 "installed.\n\nTo learn more about this feature, consult the documentation "
                 "available at:\n      https://kubernetes.io/docs/reference/access-authn-authz/"
                 "authentication/#client-go-credential-plugins\n\nbrew install primer-plugin");
  }
}

TEST(ExecCredential, TimeoutAndOutputBound) {
  Fixture f;
  f.output(kTokenV1);
  f.dir.write("sleep", "5");
  ExecOptions o = f.options();
  o.timeout = std::chrono::milliseconds(300);
  ExecAuthenticator slow(f.exec(), f.cluster, o);
  auto start = std::chrono::steady_clock::now();
  try {
    slow.credentials();
    ADD_FAILURE();
  } catch (const Error& err) {
    EXPECT_EQ(std::string(err.what()),
              "getting credentials: exec: executable " + f.plugin + " did not finish within 300ms");
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));

  // A plugin that closes stdout and keeps running is stopped at the deadline too.
  Fixture h;
  h.dir.write("bin/plugin", "#!/bin/sh\nexec >&-\nsleep 5\n", true);
  ExecOptions ho = h.options();
  ho.timeout = std::chrono::milliseconds(300);
  ExecAuthenticator closed(h.exec(), h.cluster, ho);
  start = std::chrono::steady_clock::now();
  EXPECT_THROW(closed.credentials(), Error);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));

  Fixture g;
  g.output(std::string(5000, ' ') + kTokenV1);
  ExecOptions small = g.options();
  small.max_stdout_bytes = 1000;
  ExecAuthenticator big(g.exec(), g.cluster, small);
  try {
    big.credentials();
    ADD_FAILURE();
  } catch (const Error& err) {
    EXPECT_EQ(std::string(err.what()), "getting credentials: exec: executable " + g.plugin +
                                           " wrote more than 1000 bytes to stdout");
  }
}

std::string json_escape(const std::string& s) { return value::to_json(value::Value(s)); }

TEST(ExecCredential, ClientCertificateChecked) {
  Fixture f;
  int status = 0;
  std::string d = f.dir.path();
  primer::test::run_command(
      "cd '" + d +
          "' && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
          "-nodes -keyout k1.pem -out c1.pem -subj /CN=a -days 1 >/dev/null 2>&1 && "
          "openssl genpkey -algorithm ec -pkeyopt ec_paramgen_curve:P-256 -out k2.pem "
          ">/dev/null 2>&1",
      &status);
  PRIMER_REQUIRE(status == 0, "openssl could not make a test certificate");
  std::string cert = read_text(d + "/c1.pem"), key = read_text(d + "/k1.pem"),
              other = read_text(d + "/k2.pem");
  auto body = [](const std::string& c, const std::string& k) {
    return R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",)"
           R"("status":{"clientCertificateData":)" +
           json_escape(c) + R"(,"clientKeyData":)" + json_escape(k) + "}}";
  };
  f.output(body(cert, key));
  ExecAuthenticator good(f.exec(), f.cluster, f.options());
  EXPECT_EQ(good.credentials()->client_certificate_pem, cert);
  EXPECT_EQ(good.credentials()->client_key_pem, key);

  f.output(body(cert, other));
  ExecAuthenticator bad(f.exec(), f.cluster, f.options());
  try {
    bad.credentials();
    ADD_FAILURE();
  } catch (const Error& err) {
    // parity: crypto/tls.X509KeyPair's message, wrapped by refreshCredsLocked
    EXPECT_STREQ(err.what(),
                 "getting credentials: failed parsing client key/certificate: tls: "
                 "private key does not match public key");
  }
}

TEST(ExecCredential, KubeconfigEndToEnd) {
  Fixture f;
  f.output(kTokenV1);
  std::string file = f.dir.write("config", R"(current-context: x
contexts:
- name: x
  context: {cluster: c, user: u}
clusters:
- name: c
  cluster: {server: 'https://c:6443'}
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: bin/plugin
      interactiveMode: Never
      env: [{name: DIR, value: ')" + f.dir.path() +
                                               R"('}]
)");
  LoadOptions options;
  options.kubeconfig = file;
  ClusterConfig config = load_cluster_config(options);
  ASSERT_EQ(config.auth.kind, Auth::Kind::Exec);
  EXPECT_EQ(config.auth.exec->command, f.plugin);
  ExecAuthenticator auth(*config.auth.exec, config, f.options());
  EXPECT_EQ(auth.credentials()->token, "tok-1");
}

}  // namespace
}  // namespace primer::kube

namespace primer::kube {
namespace {

// kubectl runs the plugin before it connects, so a server that refuses connections is enough
// to compare what the plugin sees, and how a failing plugin is reported, with primer.
TEST(ExecCredential, MatchesKubectl) {
  std::optional<std::string> kubectl = primer::test::oracle("KUBECTL");
  PRIMER_REQUIRE(kubectl.has_value(), "KUBECTL not set");
  TempDir dir;
  const std::string d = dir.path();
  int status = 0;
  primer::test::run_command("cd '" + d +
                                "' && openssl req -x509 -newkey ec -pkeyopt "
                                "ec_paramgen_curve:P-256 -nodes -keyout k.pem -out ca.pem "
                                "-subj /CN=ca -days 1 >/dev/null 2>&1",
                            &status);
  PRIMER_REQUIRE(status == 0, "openssl could not make a test CA");
  dir.write("bin/plugin.sh", R"sh(#!/bin/sh
printf '%s' "$KUBERNETES_EXEC_INFO" > "$OUT"
echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t"}}'
exit "$EXITCODE"
)sh",
            true);
  auto config = [&](const std::string& out, int exit_code) {
    return dir.write("config", R"(current-context: x
contexts:
- name: x
  context: {cluster: c, user: u}
clusters:
- name: c
  cluster:
    server: https://127.0.0.1:1/prefix
    certificate-authority: ca.pem
    tls-server-name: kubernetes
    proxy-url: socks5://127.0.0.1:2
    extensions:
    - name: client.authentication.k8s.io/exec
      extension: {audience: primer, count: 1}
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/plugin.sh
      args: [secret-arg]
      env: [{name: OUT, value: ')" +
                                   out + R"('}, {name: EXITCODE, value: ')" +
                                   std::to_string(exit_code) + R"('}]
      interactiveMode: Never
      provideClusterInfo: true
)");
  };
  auto run_kubectl = [&](const std::string& file) {
    return primer::test::run_command("KUBECONFIG='" + file + "' '" + *kubectl +
                                         "' get --raw /version --request-timeout=2s "
                                         "</dev/null 2>&1",
                                     nullptr);
  };
  auto run_primer = [&](const std::string& file) {
    LoadOptions options;
    options.kubeconfig = file;
    ClusterConfig cluster = load_cluster_config(options);
    ExecOptions o;
    o.stdin_is_terminal = [] { return false; };
    ExecAuthenticator auth(*cluster.auth.exec, cluster, o);
    return auth.credentials();
  };

  run_kubectl(config(d + "/kubectl.json", 0));
  run_primer(config(d + "/primer.json", 0));
  std::string want = read_text(d + "/kubectl.json");
  EXPECT_FALSE(want.empty());
  EXPECT_EQ(read_text(d + "/primer.json"), want);

  std::string file = config(d + "/ignored.json", 3);
  std::string kubectl_out = run_kubectl(file);
  try {
    run_primer(file);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "getting credentials: exec: executable " + d +
                                         "/bin/plugin.sh failed with exit "
                                         "code 3");
    EXPECT_NE(kubectl_out.find(e.what()), std::string::npos) << kubectl_out;
  }
}

}  // namespace
}  // namespace primer::kube
