// The kube-emulator (tests/kube-emulator) as a child process for tests/kube: started with its
// own HOME and kubeconfig in a temporary directory, stopped (SIGTERM) by the destructor.
// The start/stop logic follows tests/charts/fetch/server_fixture.cc's Process.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "base/http.h"
#include "kube/kubeconfig.h"
#include "tests/kube/kube_test_util.h"
#include "tests/support/support.h"

namespace primer::kube::test {

class Emulator {
 public:
  /// Starts the emulator with `args` (e.g. {"--controllers"}); ok() tells whether it serves.
  explicit Emulator(std::vector<std::string> args = {}) {
    if (access("/usr/bin/python3", X_OK) != 0) return;
    script_ = primer::test::source_dir() + "/tests/kube-emulator/kube-emulator";
    if (access(script_.c_str(), R_OK) != 0) return;
    kubeconfig_ = dir_.path() + "/kubeconfig";
    std::vector<std::string> argv = {"/usr/bin/python3", script_,        "--listen",
                                     "127.0.0.1:0",      "--kubeconfig", kubeconfig_};
    argv.insert(argv.end(), args.begin(), args.end());
    std::string log = dir_.path() + "/emulator.log";
    std::string home = dir_.path();
    pid_ = fork();
    if (pid_ == 0) {
      int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        dup2(fd, 1);
        dup2(fd, 2);
      }
      setenv("HOME", home.c_str(), 1);
      std::vector<char*> cargv;
      for (std::string& a : argv) cargv.push_back(a.data());
      cargv.push_back(nullptr);
      execv(cargv[0], cargv.data());
      _exit(127);
    }
    for (int i = 0; i < 300 && pid_ > 0; ++i) {
      if (std::filesystem::exists(kubeconfig_)) {
        ready_ = true;
        break;
      }
      if (waitpid(pid_, nullptr, WNOHANG) != 0) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~Emulator() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  bool ok() const { return ready_; }
  const std::string& kubeconfig() const { return kubeconfig_; }
  const TempDir& dir() const { return dir_; }

  /// The cluster configuration of `context` ("emulator": token; "emulator-cert").
  ClusterConfig config(const std::string& context = "emulator") const {
    LoadOptions options;
    options.kubeconfig = kubeconfig_;
    options.context = context;
    options.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    return load_cluster_config(options);
  }

  /// Sends an admin request (PUT /admin/faults …) with the token context's credentials.
  long admin(const std::string& method, const std::string& path, const std::string& body) const {
    ClusterConfig c = config();
    http::Options o;
    o.ca_pem = c.ca_pem;
    o.max_retries = 0;
    http::Client client(o);
    http::Request r;
    r.method = method;
    r.url = c.server + path;
    r.body = body;
    r.auth = http::Auth::bearer(c.auth.token);
    return client.send(r).status;
  }
  long set_faults(const std::string& spec) const { return admin("PUT", "/admin/faults", spec); }
  long clear_faults() const { return admin("DELETE", "/admin/faults", ""); }

 private:
  TempDir dir_;
  std::string script_;
  std::string kubeconfig_;
  int pid_ = -1;
  bool ready_ = false;
};

}  // namespace primer::kube::test

/// Starts `name` (an Emulator) or skips — fails under CI=true.
#define PRIMER_EMULATOR(name, ...)                  \
  ::primer::kube::test::Emulator name{__VA_ARGS__}; \
  PRIMER_REQUIRE(name.ok(), "the kube-emulator (python3, tests/kube-emulator) must start")
