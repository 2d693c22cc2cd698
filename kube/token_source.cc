#include "kube/token_source.h"

#include <fstream>
#include <sstream>

#include "base/strings.h"

namespace primer::kube {

BearerTokenSource::BearerTokenSource(const Auth& auth,
                                     std::function<std::chrono::system_clock::time_point()> now)
    : token_(auth.token),
      file_(auth.kind == Auth::Kind::TokenFile ? auth.token_file : ""),
      now_(std::move(now)) {}

std::string BearerTokenSource::token() {
  std::lock_guard lock(mu_);
  if (file_.empty()) return token_;
  auto now = now_ ? now_() : std::chrono::system_clock::now();
  if (now < next_read_) return token_;
  std::ifstream in(file_, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  std::string fresh(trim(text.str()));
  // parity: cachingTokenSource.Token keeps the cached token when the file read fails, and
  // fileTokenSource treats an empty file as a failure
  if (!fresh.empty()) {
    token_ = std::move(fresh);
    next_read_ = now + std::chrono::seconds(50);
  }
  return token_;
}

}  // namespace primer::kube
