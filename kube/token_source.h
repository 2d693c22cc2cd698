// The bearer token a transport sends for a kubeconfig token or token file (including the
// in-cluster service-account token, which the kubelet rotates).
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>

#include "kube/kubeconfig.h"

namespace primer::kube {

/// client-go's bearer token handling: a static token as is; a token file re-read at most every
/// 50 s (one minute less a 10 s leeway, transport/token_source.go) and trimmed, keeping the
/// last good token while the file cannot be read or is empty. Thread-safe.
class BearerTokenSource {
 public:
  /// `auth` must be of kind Token or TokenFile. `now` null: the system clock.
  explicit BearerTokenSource(const Auth& auth,
                             std::function<std::chrono::system_clock::time_point()> now = {});
  /// The token to send now (never throws; empty only if no token was ever read).
  std::string token();

 private:
  std::mutex mu_;
  std::string token_;
  std::string file_;
  std::function<std::chrono::system_clock::time_point()> now_;
  std::chrono::system_clock::time_point next_read_{};
};

}  // namespace primer::kube
