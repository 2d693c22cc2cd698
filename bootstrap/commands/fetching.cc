#include "bootstrap/commands/fetching.h"

#include <cstdio>
#include <cstdlib>
#include <ostream>

#include "base/error.h"
#include "base/strings.h"

namespace primer::bootstrap::commands {

std::string human_bytes(std::int64_t n) {
  if (n < 1024) return std::to_string(n) + " B";
  const char* units[] = {"KiB", "MiB", "GiB"};
  double v = static_cast<double>(n);
  int u = -1;
  while (v >= 1024 && u < 2) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  return buf;
}

void FetchProgressView::download_started(std::string_view url) {
  url_ = std::string(url);
  last_shown_ = -1;
  if (!view_.err_color()) view_.err() << "Downloading " << url_ << "\n";
}

void FetchProgressView::download_progress(std::int64_t received, std::int64_t total) {
  if (!view_.err_color() || received == last_shown_) return;
  // Redraw at most every 64 KiB, and at the end.
  if (last_shown_ >= 0 && received - last_shown_ < 65536 && received != total) return;
  last_shown_ = received;
  view_.err() << "\r\033[KDownloading " << url_ << "  " << human_bytes(received);
  if (total > 0) view_.err() << " / " << human_bytes(total);
  view_.err().flush();
}

void FetchProgressView::download_finished(std::string_view url, std::int64_t bytes) {
  if (view_.err_color()) {
    view_.err() << "\r\033[KDownloaded " << url << " (" << human_bytes(bytes) << ")\n";
  } else {
    view_.err() << "Downloaded " << url << " (" << human_bytes(bytes) << ")\n";
  }
}

void FetchProgressView::warning(std::string_view message) {
  view_.err() << "Warning: " << message << "\n";
}

charts::FetchOptions fetch_options(const args::Connection& c, const views::View& view) {
  charts::FetchOptions o;
  o.http.ca_file = c.ca_file;
  o.http.cert_file = c.cert_file;
  o.http.key_file = c.key_file;
  o.http.insecure_skip_tls_verify = c.insecure_skip_tls_verify;
  o.http.plain_http = c.plain_http;
  if (c.insecure_skip_tls_verify) {
    view.err() << "Warning: -insecure-skip-tls-verify: the repository's certificate is not "
                  "verified; anyone on the network path can substitute the chart.\n";
  }
  std::string user = c.username;
  if (user.empty()) {
    if (const char* env = std::getenv("PRIMER_REPO_USERNAME")) user = env;
  }
  std::string password;
  if (!c.password_file.empty()) {
    password = std::string(trim(read_file(c.password_file)));
  } else if (const char* env = std::getenv("PRIMER_REPO_PASSWORD")) {
    password = env;
  }
  if (!user.empty() || !password.empty()) o.auth = http::Auth::basic(user, password);
  return o;
}

}  // namespace primer::bootstrap::commands
