// HTTP(S) client on libcurl for chart repositories, OCI registries and (later) the Kubernetes
// API: verified TLS by default, plain HTTP only to loopback unless allowed, bounded redirects
// (credentials never follow to another host), a response size cap, timeouts, and retries with
// backoff for transient failures of idempotent requests. Never prints; never puts credentials
// in errors or logs. A Client may be used from several threads at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace primer::http {

/// How a Client connects. Defaults are the safe choices.
struct Options {
  std::string ca_file;              // PEM bundle trusted instead of the system's
  std::string ca_pem;               // PEM data trusted instead of the system's (wins over ca_file)
  std::string cert_file, cert_pem;  // client certificate (PEM), for mutual TLS
  std::string key_file, key_pem;    // its private key (PEM)
  bool insecure_skip_tls_verify = false;  // the caller warns the user
  std::string tls_server_name;            // name the server certificate must carry (and SNI)
  bool plain_http = false;                // allow http:// to hosts that are not loopback
  std::chrono::milliseconds connect_timeout{30000};
  std::chrono::milliseconds timeout{0};  // whole request, 0 = none
  /// Most seconds without a byte received before a transfer is abandoned (a stalled server).
  std::chrono::seconds stall_timeout{60};
  std::int64_t max_response_bytes = std::int64_t{1} << 30;
  int max_redirects = 10;
  int max_retries = 3;  // extra attempts for transient failures of GET/HEAD
  std::chrono::milliseconds retry_base_delay{500};
  std::chrono::milliseconds retry_max_delay{10000};
  std::string user_agent;  // empty: "primer/VERSION"
};

/// Credentials sent with a request; never sent to another host after a redirect.
struct Auth {
  enum class Kind { None, Basic, Bearer };
  Kind kind = Kind::None;
  std::string username, password;  // Basic
  std::string token;               // Bearer
  static Auth basic(std::string user, std::string password);
  static Auth bearer(std::string token);
};

/// Bytes received so far and the total expected (0 when unknown).
using ProgressFn = std::function<void(std::int64_t received, std::int64_t total)>;

struct Request {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // "Accept", "..."
  std::string body;
  Auth auth;
  std::string if_none_match;      // ETag from an earlier response: 304 when unchanged
  std::string if_modified_since;  // Last-Modified from an earlier response
  ProgressFn progress;
};

struct Response {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased; the last value wins
  std::string url;                             // after redirects
  /// The header `name` (any case), if present.
  std::optional<std::string> header(std::string_view name) const;
  bool ok() const { return status >= 200 && status < 300; }
};

class Client {
 public:
  explicit Client(Options options = {});
  /// Sends `request`, following redirects and retrying transient failures (GET/HEAD only).
  /// Any HTTP status is returned (a 404 is an outcome, not an exception). Throws Error naming
  /// the method and the URL without credentials for transport failures (TLS, connection,
  /// timeout), a refused plain-HTTP URL, too many redirects or an oversized response.
  Response send(const Request& request) const;
  /// send() that throws Error for statuses other than 2xx (and 304 when allowed).
  Response fetch(const Request& request, bool allow_not_modified = false) const;
  const Options& options() const { return options_; }

 private:
  Options options_;
};

/// What configure_easy() set up on a handle: the URL to request (the host replaced by
/// tls_server_name, which is then mapped back to the real host) and what must outlive the
/// handle's transfers.
struct PreparedHandle {
  std::string url;
  std::shared_ptr<void> keep_alive;
};

/// Applies `options` (TLS trust, client certificate, verification, server name, timeouts,
/// stall detection, size cap, User-Agent, allowed protocols) to a libcurl easy handle, given
/// as `void*` so that this header needs no libcurl. PEM data is copied into the handle. The
/// one place these options are set: Client uses it, and so does kube's pooled transport.
PreparedHandle configure_easy(void* easy, const Options& options, const std::string& url);

/// options.user_agent, or "primer/VERSION".
std::string user_agent(const Options& options);
/// True for the libcurl result codes worth retrying for a request safe to repeat
/// (connection refused or reset, nothing received, HTTP/2 stream errors).
bool is_transient_curl_code(int curl_code);
/// The reason phrase of an HTTP status ("Conflict"), empty when unknown.
std::string_view reason_phrase(long status);

/// The error for a response with an unwanted status: "GET URL: 404 Not Found".
std::string status_message(std::string_view method, std::string_view url, long status);
/// `url` without user:password@ (for errors and logs).
std::string redact_url(std::string_view url);
/// True for localhost, 127.0.0.0/8 and ::1.
bool is_loopback_host(std::string_view host);

/// The parts of an absolute URL this module needs. Throws Error for a malformed URL.
struct Url {
  std::string scheme, host, port, path, query;  // host without brackets; port "" if absent
};
Url parse_url(std::string_view url);
/// `ref` resolved against `base` as RFC 3986 (Go's URL.ResolveReference). Throws Error.
std::string resolve_url(std::string_view base, std::string_view ref);

/// The headers of a WWW-Authenticate challenge: scheme (lower-cased) and its parameters.
struct Challenge {
  std::string scheme;
  std::map<std::string, std::string> params;  // realm, service, scope
};
std::optional<Challenge> parse_challenge(std::string_view header);

}  // namespace primer::http
