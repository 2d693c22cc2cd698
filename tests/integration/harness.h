// The integration tests' harness: the real primer binary (PRIMER_BINARY) run as a child
// process in its own working directory and HOME, against a fresh kube-emulator per test
// (tests/kube/emulator_fixture.h), plus reading the emulator back (objects through primer's
// kube client, the store's resourceVersion through /admin/stats).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "base/http.h"
#include "kube/client.h"
#include "kube/discovery.h"
#include "kube/transport.h"
#include "tests/kube/emulator_fixture.h"
#include "tests/support/support.h"
#include "value/value.h"

namespace primer::integration {

using kube::test::Emulator;
using kube::test::TempDir;

/// The argo-cd chart the tests install, from the read-only fixtures.
inline constexpr const char* kChartVersion = "10.1.1";

inline std::string charts_repo() { return "file://" + test::fixtures_dir() + "/charts"; }

/// The chart flags shared by every command: -chart argo-cd -repo file://… -version 10.1.1.
inline std::vector<std::string> chart_flags() {
  return {"-chart", "argo-cd", "-repo", charts_repo(), "-version", kChartVersion};
}

inline std::vector<std::string> operator+(std::vector<std::string> a,
                                          const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// What one run of primer did: its exit status (128+signal when killed) and its stdout and
/// stderr merged.
struct Result {
  int status = -1;
  std::string output;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A primer child process: started in `dir` (its working directory and HOME), stdin from
/// /dev/null (not a TTY), stdout and stderr merged into `log`.
class Process {
 public:
  Process(const std::string& dir, const std::vector<std::string>& args, const std::string& log)
      : log_(log) {
    std::vector<std::string> argv = {PRIMER_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    pid_ = fork();
    if (pid_ == 0) {
      if (chdir(dir.c_str()) != 0) _exit(126);
      int in = ::open("/dev/null", O_RDONLY);
      int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (in < 0 || out < 0) _exit(126);
      dup2(in, 0);
      dup2(out, 1);
      dup2(out, 2);
      setenv("HOME", dir.c_str(), 1);
      unsetenv("KUBECONFIG");
      unsetenv("PRIMER_REPO_USERNAME");
      unsetenv("PRIMER_REPO_PASSWORD");
      setenv("NO_COLOR", "1", 1);
      std::vector<char*> cargv;
      for (std::string& a : argv) cargv.push_back(a.data());
      cargv.push_back(nullptr);
      execv(cargv[0], cargv.data());
      _exit(127);
    }
  }
  ~Process() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  int pid() const { return pid_; }
  void kill9() {
    if (pid_ > 0) kill(pid_, SIGKILL);
  }
  /// Waits for the process to end.
  Result wait() {
    Result r;
    int status = 0;
    if (pid_ > 0 && waitpid(pid_, &status, 0) == pid_) {
      r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    pid_ = -1;
    r.output = slurp(log_);
    return r;
  }

 private:
  std::string log_;
  int pid_ = -1;
};

/// One test's world: an emulator (with --controllers, fast) and a working directory.
class World {
 public:
  explicit World(std::vector<std::string> emulator_args = {"--controllers", "--controller-delay",
                                                           "0.05"})
      : quiet_(quiet_period(emulator_args)), emulator_(std::move(emulator_args)) {}

  bool ok() const { return emulator_.ok() && !work_.path().empty(); }
  const Emulator& emulator() const { return emulator_; }
  const std::string& kubeconfig() const { return emulator_.kubeconfig(); }
  const std::string& dir() const { return work_.path(); }
  /// Writes dir()/name and returns its path.
  std::string write(const std::string& name, const std::string& text, bool exec = false) const {
    return work_.write(name, text, exec);
  }

  /// Runs primer to completion.
  Result primer(const std::vector<std::string>& args) {
    Process p(dir(), args, next_log());
    return p.wait();
  }
  /// Starts primer without waiting.
  std::unique_ptr<Process> start(const std::vector<std::string>& args) {
    return std::make_unique<Process>(dir(), args, next_log());
  }
  /// -kubeconfig K and the chart flags, then `extra`.
  std::vector<std::string> cluster_flags(const std::vector<std::string>& extra = {}) const {
    return std::vector<std::string>{"-kubeconfig", kubeconfig()} + chart_flags() + extra;
  }

  /// The emulator store's resourceVersion (it moves only on a write) once its controllers
  /// have stopped writing: the same for longer than a controller's delay. An apply returns
  /// when the workloads are ready, and the controllers may still be recording their status.
  std::string resource_version() const {
    auto read = [&] {
      value::Value v =
          value::parse_json("stats", admin("GET", "/admin/stats", "").body, value::Numbers::Typed);
      const value::Value* rv = v.find("resourceVersion");
      return rv != nullptr && rv->is_string() ? rv->as_string() : "";
    };
    std::string last = read();
    for (int i = 0; i < 50; ++i) {
      std::this_thread::sleep_for(quiet_);
      std::string now = read();
      if (now == last) break;
      last = now;
    }
    return last;
  }
  http::Response admin(const std::string& method, const std::string& path,
                       const std::string& body) const {
    kube::ClusterConfig c = emulator_.config();
    http::Options o;
    o.ca_pem = c.ca_pem;
    o.max_retries = 0;
    http::Client client(o);
    http::Request r;
    r.method = method;
    r.url = c.server + path;
    r.body = body;
    r.auth = http::Auth::bearer(c.auth.token);
    return client.send(r);
  }
  long set_faults(const std::string& spec) const {
    return admin("PUT", "/admin/faults", spec).status;
  }
  long clear_faults() const { return admin("DELETE", "/admin/faults", "").status; }
  long set_controllers(const std::string& json) const {
    return admin("PUT", "/admin/controllers", json).status;
  }

  /// primer's own kube client on the emulator, made on first use.
  kube::Client& client() {
    if (!client_) client_ = std::make_unique<Stack>(emulator_);
    return client_->client;
  }
  std::optional<value::Value> get(const std::string& api_version, const std::string& kind,
                                  const std::string& ns, const std::string& name) {
    return client().get(kube::ObjectRef{api_version, kind, ns, name});
  }
  /// Whether the server serves `kind` as a namespaced resource (discovery).
  bool namespaced(const std::string& api_version, const std::string& kind) {
    return client().discovery().resource_for(api_version, kind).namespaced;
  }
  /// The live object of manifest `doc` (namespaced ones in `ns` unless they name theirs).
  std::optional<value::Value> live(const value::Value& doc, const std::string& ns) {
    auto text = [&](std::initializer_list<std::string_view> path) {
      const value::Value* at = &doc;
      for (std::string_view key : path) {
        at = at->is_map() ? at->find(key) : nullptr;
        if (at == nullptr) return std::string();
      }
      return at->is_string() ? at->as_string() : std::string();
    };
    std::string api_version = text({"apiVersion"}), kind = text({"kind"});
    std::string object_ns = text({"metadata", "namespace"});
    if (object_ns.empty()) object_ns = ns;
    if (!namespaced(api_version, kind)) object_ns.clear();
    return get(api_version, kind, object_ns, text({"metadata", "name"}));
  }

 private:
  struct Stack {
    kube::Transport transport;
    kube::Discovery discovery;
    kube::Client client;
    explicit Stack(const Emulator& emu)
        : transport(emu.config()), discovery(transport), client(transport, discovery) {}
  };
  std::string next_log() { return work_.path() + "/run-" + std::to_string(++runs_) + ".log"; }
  // Longer than the controllers wait between two writes: 1.5 × --controller-delay, at least
  // 300 ms (the emulator's default delay is 0.2 s).
  static std::chrono::milliseconds quiet_period(const std::vector<std::string>& args) {
    double delay = 0.2;
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] == "--controller-delay") delay = std::stod(args[i + 1]);
    }
    return std::max(std::chrono::milliseconds(300),
                    std::chrono::milliseconds(static_cast<long>(delay * 1500)));
  }

  std::chrono::milliseconds quiet_;
  Emulator emulator_;
  TempDir work_;
  int runs_ = 0;
  std::unique_ptr<Stack> client_;
};

/// The lines of `text` that contain `needle`.
inline std::vector<std::string> lines_with(const std::string& text, const std::string& needle) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find(needle) != std::string::npos) out.push_back(line);
  }
  return out;
}

inline bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

/// The last line of `text` (with its newline), or "" when empty.
inline std::string last_line(const std::string& text) {
  if (text.empty()) return "";
  std::size_t end = text.back() == '\n' ? text.size() - 1 : text.size();
  std::size_t at = text.rfind('\n', end == 0 ? 0 : end - 1);
  return at == std::string::npos || at >= end ? text : text.substr(at + 1);
}

inline std::string shell_quote(const std::string& s) { return "'" + s + "'"; }

/// The argo-cd chart archive of `version` in the fixtures.
inline std::string chart_archive(const std::string& version = kChartVersion) {
  return test::fixtures_dir() + "/charts/argo-cd-" + version + ".tgz";
}

/// `$HELM4 template <args>` (the oracle); `status` receives its exit status.
inline std::string helm_template(const std::string& helm, const std::string& args,
                                 int* status = nullptr) {
  return test::run_command(shell_quote(helm) + " template " + args + " 2>&1", status);
}

/// The documents of a multi-document manifest stream (helm template's output), parsed.
inline std::vector<value::Value> documents(const std::string& manifests) {
  std::vector<value::Value> out;
  std::string chunk;
  auto flush = [&] {
    if (chunk.find_first_not_of(" \n") != std::string::npos) {
      value::Value v = test::yaml(chunk);
      if (v.is_map()) out.push_back(v);
    }
    chunk.clear();
  };
  std::istringstream in(manifests);
  for (std::string line; std::getline(in, line);) {
    if (line == "---") {
      flush();
    } else {
      chunk += line + "\n";
    }
  }
  flush();
  return out;
}

/// A string at `path` in `v`, "" when absent.
inline std::string text_at(const value::Value& v, std::initializer_list<std::string_view> path) {
  const value::Value* at = &v;
  for (std::string_view key : path) {
    if (!at->is_map()) return "";
    at = at->find(key);
    if (at == nullptr) return "";
  }
  return at->is_string() ? at->as_string() : "";
}

inline bool is_hook(const value::Value& doc) {
  const value::Value* m = doc.find("metadata");
  const value::Value* a = m != nullptr ? m->find("annotations") : nullptr;
  return a != nullptr && a->is_map() && a->find("helm.sh/hook") != nullptr;
}

/// "apps/v1 Deployment argocd/argocd-server": how primer's plan names an object.
inline std::string address(const value::Value& doc, const std::string& default_namespace,
                           bool namespaced) {
  std::string name = text_at(doc, {"metadata", "name"});
  std::string ns = text_at(doc, {"metadata", "namespace"});
  if (ns.empty()) ns = default_namespace;
  return text_at(doc, {"apiVersion"}) + " " + text_at(doc, {"kind"}) + " " +
         (namespaced ? ns + "/" + name : name);
}

/// The objects a plan lists as changing, by the line naming them ("~ v1 ConfigMap argocd/x",
/// "+ …", "- …"), each with its field lines (indentation removed).
inline std::map<std::string, std::vector<std::string>> planned_changes(const std::string& plan) {
  std::map<std::string, std::vector<std::string>> out;
  std::string current;
  std::istringstream in(plan);
  for (std::string line; std::getline(in, line);) {
    if (line.size() > 4 && line.starts_with("  ") && line[3] == ' ' &&
        (line[2] == '~' || line[2] == '+' || line[2] == '-')) {
      current = line.substr(2);
      out[current];
    } else if (line.starts_with("      ") && !current.empty()) {
      out[current].push_back(line.substr(6));
    } else {
      current.clear();
    }
  }
  return out;
}

}  // namespace primer::integration

/// Starts a World named `name` or skips (fails under CI=true).
#define PRIMER_WORLD(name, ...)                   \
  ::primer::integration::World name{__VA_ARGS__}; \
  PRIMER_REQUIRE(name.ok(), "the kube-emulator (python3, tests/kube-emulator) must start")
