#include "kube/exec_credential.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <vector>

#include "base/error.h"
#include "base/strings.h"
#include "kube/detail/util.h"

extern char** environ;

namespace primer::kube {

namespace {

using value::Value;

// Closes a descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

std::string json_string(const std::string& s) { return value::to_json(Value(s)); }

// Environment for the plugin: ours, then the kubeconfig's entries, then
// KUBERNETES_EXEC_INFO; a later entry replaces an earlier one of the same name, as
// os/exec's dedupEnv does.
std::vector<std::string> plugin_environment(const ExecConfig& exec, const std::string& info) {
  std::vector<std::string> entries;
  std::map<std::string, std::size_t> index;
  auto add = [&](const std::string& entry) {
    std::string name = entry.substr(0, entry.find('='));
    if (auto it = index.find(name); it != index.end()) {
      entries[it->second] = entry;
    } else {
      index[name] = entries.size();
      entries.push_back(entry);
    }
  };
  for (char** e = environ; e && *e; ++e) add(*e);
  for (const auto& [name, value] : exec.env) {
    std::string entry = name;
    entry += '=';
    entry += value;
    add(entry);
  }
  add("KUBERNETES_EXEC_INFO=" + info);
  return entries;
}

struct RunResult {
  std::string out;
  int status = 0;
};

// Runs the plugin with posix_spawn (no shell). Errors name the command, never the args or
// the environment, which may hold secrets.
RunResult run_plugin(const ExecConfig& exec, const std::vector<std::string>& env, bool interactive,
                     const ExecOptions& options) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw Error("exec: cannot create a pipe: " + std::string(std::strerror(errno)));
  }
  Fd read_end(fds[0]), write_end(fds[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // parity: exec.go refreshCredsLocked connects stdin only when interactive (os/exec
  // then gives /dev/null), and passes stderr through
  if (!interactive) posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), 1);
  if (options.stderr_fd != 2) posix_spawn_file_actions_adddup2(&actions, options.stderr_fd, 2);

  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(exec.command.c_str()));
  for (const std::string& a : exec.args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  envp.reserve(env.size() + 1);
  for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  pid_t pid = 0;
  bool search = exec.command.find('/') == std::string::npos;
  int rc =
      search
          ? ::posix_spawnp(&pid, exec.command.c_str(), &actions, nullptr, argv.data(), envp.data())
          : ::posix_spawn(&pid, exec.command.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  write_end.reset();
  if (rc != 0) {
    if (rc == ENOENT || rc == ENOTDIR) {
      // parity: exec.go wrapCmdRunErrorLocked for *exec.Error
      std::string message = "exec: executable " + exec.command +
                            " not found\n\nIt looks like you are trying to use a client-go "
                            "credential plugin that is not installed.\n\nTo learn more about "
                            "this feature, consult the documentation available at:\n      "
                            "https://kubernetes.io/docs/reference/access-authn-authz/"
                            "authentication/#client-go-credential-plugins";
      if (!exec.install_hint.empty()) message += "\n\n" + exec.install_hint;
      throw Error(message);
    }
    throw Error("exec: cannot run executable " + exec.command + ": " + std::strerror(rc));
  }

  RunResult result;
  auto deadline = std::chrono::steady_clock::now() + options.timeout;
  std::string failure;
  char buf[8192];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      failure = "exec: executable " + exec.command + " did not finish within " +
                std::to_string(options.timeout.count()) + "ms";
      break;
    }
    pollfd p{read_end.get(), POLLIN, 0};
    int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) continue;
    ssize_t got = ::read(read_end.get(), buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    result.out.append(buf, static_cast<std::size_t>(got));
    if (result.out.size() > options.max_stdout_bytes) {
      failure = "exec: executable " + exec.command + " wrote more than " +
                std::to_string(options.max_stdout_bytes) + " bytes to stdout";
      break;
    }
  }
  // stdout is closed; the plugin may still be running, so the deadline still applies.
  int status = 0;
  while (failure.empty()) {
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      failure = "exec: executable " + exec.command + " did not finish within " +
                std::to_string(options.timeout.count()) + "ms";
      break;
    }
    ::usleep(5000);
  }
  if (!failure.empty()) {
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    throw Error(failure);
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    // parity: exec.go wrapCmdRunErrorLocked names the command only, not its args
    throw Error("exec: executable " + exec.command + " failed with exit code " +
                std::to_string(WEXITSTATUS(status)));
  }
  if (WIFSIGNALED(status)) {
    // parity: os.ProcessState.ExitCode is -1 for a signalled process
    throw Error("exec: executable " + exec.command + " failed with exit code -1");
  }
  return result;
}

// parity: crypto/tls.X509KeyPair's checks, with its messages
void check_key_pair(const std::string& cert_pem, const std::string& key_pem) {
  auto fail = [](const std::string& why) {
    throw Error("failed parsing client key/certificate: tls: " + why);
  };
  using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
  Bio cert_bio(BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())), BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr), X509_free);
  if (!cert) fail("failed to find any PEM data in certificate input");
  Bio key_bio(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())), BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
  if (!key) fail("failed to find any PEM data in key input");
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    fail("private key does not match public key");
  }
}

}  // namespace

std::string exec_info_json(const ExecConfig& exec, const ClusterConfig& cluster, bool interactive) {
  // Field order follows the Go structs (TypeMeta, then spec.cluster, spec.interactive).
  std::string out = "{\"kind\":\"ExecCredential\",\"apiVersion\":" + json_string(exec.api_version) +
                    ",\"spec\":{";
  if (exec.provide_cluster_info) {
    out += "\"cluster\":{\"server\":" + json_string(cluster.server);
    if (!cluster.tls_server_name.empty()) {
      out += ",\"tls-server-name\":" + json_string(cluster.tls_server_name);
    }
    if (cluster.insecure_skip_tls_verify) out += ",\"insecure-skip-tls-verify\":true";
    if (!cluster.ca_pem.empty()) {
      out +=
          ",\"certificate-authority-data\":" + json_string(detail::base64_encode(cluster.ca_pem));
    }
    if (!cluster.proxy_url.empty()) out += ",\"proxy-url\":" + json_string(cluster.proxy_url);
    if (cluster.disable_compression) out += ",\"disable-compression\":true";
    // parity: runtime.RawExtension marshals an absent extension as null
    out += ",\"config\":" + (exec.cluster_config.is_null() ? std::string("null")
                                                           : value::to_json(exec.cluster_config));
    out += "},";
  }
  // parity: the apimachinery JSON serializer writes through json.Encoder, which ends the
  // document with a newline (seen in what kubectl passes to plugins)
  out += std::string("\"interactive\":") + (interactive ? "true" : "false") + "}}\n";
  return out;
}

ExecCredential parse_exec_credential(const std::string& api_version, const std::string& out) {
  auto fail = [](const std::string& message) { throw Error(message); };
  Value doc;
  try {
    doc = value::parse_json("stdout", out, value::Numbers::Typed);
  } catch (const Error& e) {
    // The decoder's message, without the text (which may hold a token).
    fail("decoding stdout: " + e.message());
  }
  if (!doc.is_map()) fail("decoding stdout: the output is not a JSON object");
  const Value* version = doc.find("apiVersion");
  const Value* kind = doc.find("kind");
  std::string got_version = version && version->is_string() ? version->as_string() : "";
  std::string got_kind = kind && kind->is_string() ? kind->as_string() : "";
  // parity: the universal decoder's complaints, without quoting the output
  if (got_kind.empty()) fail("decoding stdout: Object 'Kind' is missing");
  if (got_version.empty()) fail("decoding stdout: Object 'apiVersion' is missing");
  if (got_version != "client.authentication.k8s.io/v1" &&
      got_version != "client.authentication.k8s.io/v1beta1") {
    fail("decoding stdout: no kind " + quote(got_kind) + " is registered for version " +
         quote(got_version));
  }
  if (got_kind != "ExecCredential") {
    fail("decoding stdout: no kind " + quote(got_kind) + " is registered for version " +
         quote(got_version));
  }
  // parity: exec.go refreshCredsLocked checks, in this order
  if (got_version != api_version) {
    fail("exec plugin is configured to use API version " + api_version +
         ", plugin returned version " + got_version);
  }
  const Value* status = doc.find("status");
  if (!status || status->is_null()) fail("exec plugin didn't return a status field");
  if (!status->is_map()) fail("decoding stdout: status: expected an object");
  ExecCredential cred;
  auto text = [&](const char* key) -> std::string {
    const Value* v = status->find(key);
    if (!v || v->is_null()) return "";
    if (!v->is_string())
      fail(std::string("decoding stdout: status.") + key + ": expected a string");
    return v->as_string();
  };
  cred.token = text("token");
  cred.client_certificate_pem = text("clientCertificateData");
  cred.client_key_pem = text("clientKeyData");
  std::string expiry = text("expirationTimestamp");
  if (!expiry.empty()) {
    cred.expiry = detail::parse_rfc3339(expiry);
    if (!cred.expiry) {
      fail("decoding stdout: status.expirationTimestamp: " + quote(expiry) +
           " is not an RFC 3339 time");
    }
  }
  if (cred.token.empty() && cred.client_certificate_pem.empty() && cred.client_key_pem.empty()) {
    fail("exec plugin didn't return a token or cert/key pair");
  }
  if (cred.client_certificate_pem.empty() != cred.client_key_pem.empty()) {
    fail("exec plugin returned only certificate or key, not both");
  }
  if (!cred.client_certificate_pem.empty()) {
    check_key_pair(cred.client_certificate_pem, cred.client_key_pem);
  }
  return cred;
}

ExecAuthenticator::ExecAuthenticator(ExecConfig exec, const ClusterConfig& cluster,
                                     ExecOptions options)
    : exec_(std::move(exec)), cluster_(cluster), options_(std::move(options)) {}

int ExecAuthenticator::runs() const {
  std::lock_guard lock(mu_);
  return runs_;
}

std::shared_ptr<const ExecCredential> ExecAuthenticator::credentials() {
  std::lock_guard lock(mu_);
  auto now = options_.now ? options_.now() : std::chrono::system_clock::now();
  // parity: exec.go getCreds: reuse until expirationTimestamp has passed
  if (cached_ && (!cached_->expiry || !(now > *cached_->expiry))) return cached_;
  refresh_locked();
  return cached_;
}

std::shared_ptr<const ExecCredential> ExecAuthenticator::refresh_after_401(
    const std::shared_ptr<const ExecCredential>& used) {
  std::lock_guard lock(mu_);
  // parity: exec.go maybeRefreshCreds: another request may have rotated them already
  if (used == cached_ || !cached_) refresh_locked();
  return cached_;
}

void ExecAuthenticator::refresh_locked() {
  try {
    bool terminal = options_.stdin_is_terminal ? options_.stdin_is_terminal() : ::isatty(0) == 1;
    bool interactive = false;
    // parity: exec.go isInteractive
    switch (exec_.interactive_mode) {
      case InteractiveMode::Never:
        interactive = false;
        break;
      case InteractiveMode::IfAvailable:
        interactive = terminal;
        break;
      case InteractiveMode::Always:
        if (!terminal) {
          throw Error(
              "exec plugin cannot support interactive mode: standard input is not a "
              "terminal");
        }
        interactive = true;
        break;
    }
    std::vector<std::string> env =
        plugin_environment(exec_, exec_info_json(exec_, cluster_, interactive));
    ++runs_;
    RunResult run = run_plugin(exec_, env, interactive, options_);
    cached_ =
        std::make_shared<const ExecCredential>(parse_exec_credential(exec_.api_version, run.out));
  } catch (const Error& e) {
    // parity: exec.go roundTripper wraps with "getting credentials: "
    throw Error("getting credentials: " + std::string(e.what()));
  }
}

}  // namespace primer::kube
