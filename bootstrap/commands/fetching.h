// What `pull` and `init` share: connection flags turned into fetch options (credentials from
// the environment or a file, never from the command line), and the download progress view.
#pragma once

#include <cstdint>
#include <string>

#include "bootstrap/args/args.h"
#include "bootstrap/views/view.h"
#include "charts/fetch.h"

namespace primer::bootstrap::commands {

/// Download progress on stderr: one overprinted line on a terminal, plain lines otherwise.
class FetchProgressView : public charts::FetchProgress {
 public:
  explicit FetchProgressView(const views::View& view) : view_(view) {}
  void download_started(std::string_view url) override;
  void download_progress(std::int64_t received, std::int64_t total) override;
  void download_finished(std::string_view url, std::int64_t bytes) override;
  void warning(std::string_view message) override;

 private:
  const views::View& view_;
  std::string url_;
  std::int64_t last_shown_ = -1;
};

/// Fetch options for `connection`, warning through `view` when TLS verification is off.
/// Throws Error when the password file cannot be read.
charts::FetchOptions fetch_options(const args::Connection& connection, const views::View& view);

/// "12.3 MiB", "512 B".
std::string human_bytes(std::int64_t n);

}  // namespace primer::bootstrap::commands
