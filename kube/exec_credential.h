// client-go credential plugins (kubeconfig `user.exec`): runs the plugin without a shell,
// reads its ExecCredential from stdout, caches the result until it expires and runs the
// plugin again when the server rejects the cached credentials with 401.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "kube/kubeconfig.h"

namespace primer::kube {

/// What a plugin returned in ExecCredential.status. Token and key are secrets.
struct ExecCredential {
  std::string token;
  std::string client_certificate_pem;
  std::string client_key_pem;
  /// status.expirationTimestamp; none means valid for the life of the process.
  std::optional<std::chrono::system_clock::time_point> expiry;
};

/// Side effects of running a plugin, replaceable by tests.
struct ExecOptions {
  std::function<std::chrono::system_clock::time_point()> now;  // null: the system clock
  std::function<bool()> stdin_is_terminal;                     // null: isatty(0)
  /// The longest a plugin may run (an interactive login may take a while).
  std::chrono::milliseconds timeout = std::chrono::minutes(5);
  std::size_t max_stdout_bytes = std::size_t{1} << 20;
  int stderr_fd = 2;  // the plugin's stderr is passed through to this descriptor
};

/// The plugin of one kubeconfig user, shared by every request to its cluster. Thread-safe:
/// concurrent callers wait for one run of the plugin.
class ExecAuthenticator {
 public:
  /// `cluster` supplies spec.cluster when exec.provide_cluster_info is set.
  ExecAuthenticator(ExecConfig exec, const ClusterConfig& cluster, ExecOptions options = {});

  /// The cached credentials, running the plugin first when there are none or they have
  /// expired. Throws Error ("getting credentials: exec: executable X failed with exit code
  /// 1") when the plugin cannot run or its output is unusable.
  std::shared_ptr<const ExecCredential> credentials();

  /// For the transport after a 401 answered a request made with `used`: runs the plugin
  /// again unless the credentials were already replaced, and returns the current ones.
  std::shared_ptr<const ExecCredential> refresh_after_401(
      const std::shared_ptr<const ExecCredential>& used);

  /// How many times the plugin has run.
  int runs() const;

 private:
  void refresh_locked();

  ExecConfig exec_;
  ClusterConfig cluster_;
  ExecOptions options_;
  mutable std::mutex mu_;
  std::shared_ptr<const ExecCredential> cached_;
  int runs_ = 0;
};

/// The KUBERNETES_EXEC_INFO value: an ExecCredential of `exec.api_version` carrying
/// spec.interactive and, when `exec.provide_cluster_info`, spec.cluster; the text kubectl
/// passes, newline included.
std::string exec_info_json(const ExecConfig& exec, const ClusterConfig& cluster, bool interactive);

/// Decodes a plugin's stdout as client-go does. Throws Error worded as client-go's.
ExecCredential parse_exec_credential(const std::string& api_version, const std::string& out);

}  // namespace primer::kube
