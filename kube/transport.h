// The HTTP transport to one cluster: a libcurl multi handle whose connection cache is the
// cluster's connection pool (keep-alive, HTTP/2 multiplexing where the server offers it over
// ALPN), a bound on requests in flight with a batch API, per-request and overall deadlines,
// authentication from the ClusterConfig (bearer token, token file, basic, exec plugin, client
// certificate), one exec-plugin refresh and retry after a 401, and retries with exponential
// backoff and jitter for requests that are safe to repeat. Never prints.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kube/exec_credential.h"
#include "kube/kubeconfig.h"
#include "kube/token_source.h"

namespace primer::kube {

struct TransportOptions {
  int max_in_flight = 16;  // concurrent requests of one batch (streams on one HTTP/2 connection)
  /// Connections to the server when it speaks HTTP/1.1 only (HTTP/2 needs one): each costs
  /// the server a TLS handshake, which past a few costs more than the parallelism saves.
  int max_connections = 4;
  int max_retries = 6;  // extra attempts for a request that is safe to repeat
  std::chrono::milliseconds request_timeout{30000};  // one attempt
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::seconds stall_timeout{20};  // no byte received for this long: abandoned
  std::chrono::milliseconds retry_base_delay{100};
  std::chrono::milliseconds retry_max_delay{8000};
  std::string user_agent;  // empty: primer/VERSION
  ExecOptions exec;        // for the exec credential plugin
};

using Clock = std::chrono::steady_clock;

struct Request {
  std::string method = "GET";
  std::string path;  // "/apis/apps/v1/namespaces/x/deployments/y?fieldManager=primer"
  std::string body;
  std::string content_type;  // for a body
  std::string accept = "application/json";
  /// The overall deadline, retries included; none: max_retries bounds the retries.
  std::optional<Clock::time_point> deadline;
};

struct Response {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-cased names, the last value wins
  std::vector<std::string> warnings;           // Warning headers' texts, in order
  int attempts = 0;
  bool ok() const { return status >= 200 && status < 300; }
};

/// One result of a batch: a response (any status) or the transport error's message.
struct Outcome {
  std::optional<Response> response;
  std::string error;
};

/// True when `request` may be sent again after a failure without changing the outcome: GET,
/// HEAD, and server-side apply PATCH (an apply is declarative — applying the same
/// configuration twice with the same field manager yields the same object and ownership,
/// so a retry after a lost response is harmless). POST, PUT, DELETE and other patches are not.
bool is_retry_safe(const Request& request);

class Transport {
 public:
  explicit Transport(ClusterConfig config, TransportOptions options = {});
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  /// Sends one request. Throws Error ("GET https://…/api: Connection refused") when no
  /// response arrived; any HTTP status is returned.
  Response send(const Request& request);
  /// Sends `requests` concurrently (at most max_in_flight at a time); result i is request i's.
  std::vector<Outcome> send_all(const std::vector<Request>& requests);

  /// A streaming GET (watch) on its own connection: `on_data` receives the body as it
  /// arrives and returns false to stop; `stop` (checked every 20 ms) ends it as
  /// well, and so does request.deadline. Returns the HTTP status (the body of a non-2xx status is
  /// passed to on_data too). Throws Error for a transport failure other than a stop.
  long stream(const Request& request, const std::function<bool(std::string_view)>& on_data,
              const std::atomic<bool>* stop = nullptr);

  const ClusterConfig& config() const { return config_; }
  const TransportOptions& options() const { return options_; }
  /// Requests sent (attempts included) since construction: for tests and benchmarks.
  int attempts() const { return attempts_.load(); }
  /// Connections opened since construction (curl's CURLINFO_NUM_CONNECTS summed).
  int connections() const { return connections_.load(); }

  struct Impl;

 private:
  ClusterConfig config_;
  TransportOptions options_;
  std::unique_ptr<Impl> impl_;
  std::atomic<int> attempts_{0};
  std::atomic<int> connections_{0};
};

/// The text of a Warning header value (`299 - "text"` → text).
std::string warning_text(std::string_view header);

}  // namespace primer::kube
