#include "base/http.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <random>
#include <thread>

#include "base/error.h"
#include "base/log.h"
#include "base/strings.h"

#ifndef PRIMER_VERSION
#define PRIMER_VERSION "0.0.0"
#endif

namespace primer::http {
namespace {

void global_init() {
  // curl_global_init is not thread-safe; a function-local static runs it exactly once.
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (init != CURLE_OK) throw Error(std::string("libcurl init: ") + curl_easy_strerror(init));
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using EasyPtr = std::unique_ptr<CURL, EasyDeleter>;
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;
using UrlPtr = std::unique_ptr<CURLU, UrlDeleter>;

// What one transfer collects through libcurl's callbacks.
struct Sink {
  Response* response;
  std::int64_t max_bytes;
  bool too_big = false;
  const ProgressFn* progress;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t n = size * count;
  if (static_cast<std::int64_t>(sink->response->body.size() + n) > sink->max_bytes) {
    sink->too_big = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  sink->response->body.append(data, n);
  return n;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t n = size * count;
  std::string_view line(data, n);
  if (starts_with(line, "HTTP/")) {
    sink->response->headers.clear();  // a new response (after 100 Continue or a proxy)
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    sink->response->headers[lower(trim(line.substr(0, colon)))] =
        std::string(trim(line.substr(colon + 1)));
  }
  return n;
}

int on_progress(void* user, curl_off_t total, curl_off_t now, curl_off_t, curl_off_t) {
  auto* sink = static_cast<Sink*>(user);
  if (*sink->progress) (*sink->progress)(now, total);
  return 0;
}

std::string part(CURLU* u, CURLUPart which) {
  char* out = nullptr;
  if (curl_url_get(u, which, &out, 0) != CURLUE_OK || out == nullptr) return "";
  std::string s(out);
  curl_free(out);
  return s;
}

UrlPtr url_handle(std::string_view url) {
  global_init();
  UrlPtr u(curl_url());
  if (!u) throw Error("out of memory");
  CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, std::string(url).c_str(), 0);
  if (rc != CURLUE_OK) {
    throw Error(quote(redact_url(url)) + " is not a valid URL: " + curl_url_strerror(rc));
  }
  return u;
}

std::string_view reason(long status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 413:
      return "Request Entity Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "";
  }
}

bool is_redirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool is_transient_status(long status) {
  return status == 429 || status == 502 || status == 503 || status == 504;
}

bool is_transient_curl(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

std::string default_port(const Url& u) {
  if (!u.port.empty()) return u.port;
  return u.scheme == "https" ? "443" : "80";
}

bool same_origin(const Url& a, const Url& b) {
  return a.scheme == b.scheme && lower(a.host) == lower(b.host) &&
         default_port(a) == default_port(b);
}

// One HTTP exchange without redirects or retries.
struct Attempt {
  Response response;
  CURLcode code = CURLE_OK;
  std::string detail;  // libcurl's error text
  bool too_big = false;
};

Attempt exchange(const Options& options, const Request& request, const std::string& method,
                 const std::string& url, bool with_auth) {
  Attempt out;
  EasyPtr easy(curl_easy_init());
  if (!easy) throw Error("libcurl: cannot create a handle");
  CURL* h = easy.get();
  char errbuf[CURL_ERROR_SIZE] = {};
  Sink sink{&out.response, options.max_response_bytes, false, &request.progress};

  PreparedHandle prepared = configure_easy(h, options, url);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &sink);
  if (request.progress) {
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &sink);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  }

  // Method and body
  if (method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (method != "GET") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  if (!request.body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
  }

  // Headers; credentials only where the caller's origin is kept.
  SlistPtr headers;
  auto add = [&headers](const std::string& line) {
    curl_slist* next = curl_slist_append(headers.get(), line.c_str());
    if (next == nullptr) throw Error("out of memory");
    headers.release();
    headers.reset(next);
  };
  for (const auto& [name, value] : request.headers) {
    if (!with_auth && lower(name) == "authorization") continue;
    add(name + ": " + value);
  }
  if (!request.if_none_match.empty()) add("If-None-Match: " + request.if_none_match);
  if (!request.if_modified_since.empty()) add("If-Modified-Since: " + request.if_modified_since);
  if (with_auth && request.auth.kind == Auth::Kind::Basic) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    curl_easy_setopt(h, CURLOPT_USERNAME, request.auth.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, request.auth.password.c_str());
  } else if (with_auth && request.auth.kind == Auth::Kind::Bearer) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BEARER));
    curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, request.auth.token.c_str());
  }
  if (headers) curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());

  out.code = curl_easy_perform(h);
  out.too_big = sink.too_big || out.code == CURLE_FILESIZE_EXCEEDED;
  out.detail = errbuf[0] != '\0' ? std::string(errbuf) : curl_easy_strerror(out.code);
  while (!out.detail.empty() && out.detail.back() == '\n') out.detail.pop_back();
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.response.status);
  out.response.url = url;
  return out;
}

std::chrono::milliseconds backoff(const Options& options, int attempt,
                                  const std::optional<std::string>& retry_after) {
  using std::chrono::milliseconds;
  milliseconds delay = options.retry_base_delay * (1 << std::min(attempt, 16));
  if (retry_after) {
    std::string_view text = trim(*retry_after);
    if (!text.empty() &&
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      delay = std::chrono::seconds(std::stoll(std::string(text.substr(0, 9))));
    } else {
      time_t when = curl_getdate(std::string(text).c_str(), nullptr);
      if (when > 0) delay = std::chrono::seconds(std::max<time_t>(0, when - time(nullptr)));
    }
  } else if (options.retry_base_delay.count() > 0) {
    std::random_device rd;
    std::uniform_int_distribution<long> jitter(0, options.retry_base_delay.count());
    delay += milliseconds(jitter(rd));
  }
  return std::min(delay, options.retry_max_delay);
}

void check_scheme(const Options& options, const Url& u, std::string_view url) {
  if (u.scheme == "https") return;
  if (u.scheme != "http") {
    throw Error(quote(redact_url(url)) + ": unsupported URL scheme " + quote(u.scheme));
  }
  if (!options.plain_http && !is_loopback_host(u.host)) {
    throw Error("refusing plain HTTP to " + u.host + " (" + redact_url(url) +
                "); use https, or allow it with -plain-http");
  }
}

}  // namespace

std::string user_agent(const Options& options) {
  return options.user_agent.empty() ? std::string("primer/") + PRIMER_VERSION : options.user_agent;
}

bool is_transient_curl_code(int curl_code) {
  return is_transient_curl(static_cast<CURLcode>(curl_code));
}

std::string_view reason_phrase(long status) { return reason(status); }

PreparedHandle configure_easy(void* easy, const Options& options, const std::string& url) {
  global_init();
  CURL* h = static_cast<CURL*>(easy);
  PreparedHandle out;
  out.url = url;
  if (!options.tls_server_name.empty()) {
    // Ask for the server name in the URL (SNI and certificate check) while connecting to
    // the real host.
    Url u = parse_url(url);
    UrlPtr handle = url_handle(url);
    curl_url_set(handle.get(), CURLUPART_HOST, options.tls_server_name.c_str(), 0);
    out.url = part(handle.get(), CURLUPART_URL);
    std::string host = u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
    std::string connect_to =
        options.tls_server_name + ":" + default_port(u) + ":" + host + ":" + default_port(u);
    std::shared_ptr<curl_slist> list(curl_slist_append(nullptr, connect_to.c_str()),
                                     SlistDeleter{});
    if (!list) throw Error("out of memory");
    curl_easy_setopt(h, CURLOPT_CONNECT_TO, list.get());
    out.keep_alive = list;
  }
  curl_easy_setopt(h, CURLOPT_URL, out.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options.connect_timeout.count()));
  if (options.timeout.count() > 0) {
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
  }
  if (options.stall_timeout.count() > 0) {
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.stall_timeout.count()));
  }
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(options.max_response_bytes));
  curl_easy_setopt(h, CURLOPT_USERAGENT, user_agent(options).c_str());

  if (options.insecure_skip_tls_verify) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  } else {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  }
  // CURL_BLOB_COPY: the handle keeps its own copy, so `options` need not outlive it.
  auto blob = [h](CURLoption option, const std::string& pem) {
    curl_blob b{const_cast<char*>(pem.data()), pem.size(), CURL_BLOB_COPY};
    curl_easy_setopt(h, option, &b);
  };
  if (!options.ca_pem.empty()) {
    blob(CURLOPT_CAINFO_BLOB, options.ca_pem);
  } else if (!options.ca_file.empty()) {
    curl_easy_setopt(h, CURLOPT_CAINFO, options.ca_file.c_str());
  }
  if (!options.cert_pem.empty()) {
    blob(CURLOPT_SSLCERT_BLOB, options.cert_pem);
    curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
  } else if (!options.cert_file.empty()) {
    curl_easy_setopt(h, CURLOPT_SSLCERT, options.cert_file.c_str());
  }
  if (!options.key_pem.empty()) {
    blob(CURLOPT_SSLKEY_BLOB, options.key_pem);
    curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
  } else if (!options.key_file.empty()) {
    curl_easy_setopt(h, CURLOPT_SSLKEY, options.key_file.c_str());
  }
  return out;
}

Auth Auth::basic(std::string user, std::string password) {
  Auth a;
  a.kind = Kind::Basic;
  a.username = std::move(user);
  a.password = std::move(password);
  return a;
}

Auth Auth::bearer(std::string token) {
  Auth a;
  a.kind = Kind::Bearer;
  a.token = std::move(token);
  return a;
}

std::optional<std::string> Response::header(std::string_view name) const {
  auto it = headers.find(lower(name));
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

Client::Client(Options options) : options_(std::move(options)) { global_init(); }

Response Client::send(const Request& request) const {
  const bool idempotent = request.method == "GET" || request.method == "HEAD";
  const Url origin = parse_url(request.url);
  std::string method = request.method;
  std::string url = request.url;
  Request current = request;
  for (int hop = 0;; ++hop) {
    Url here = parse_url(url);
    check_scheme(options_, here, url);
    const bool with_auth = same_origin(origin, here);
    Attempt attempt;
    for (int tries = 0;; ++tries) {
      auto started = std::chrono::steady_clock::now();
      attempt = exchange(options_, current, method, url, with_auth);
      if (log::enabled(log::Level::Debug)) {
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
        log::debug("http", method + " " + redact_url(url) + " " +
                               (attempt.code == CURLE_OK ? std::to_string(attempt.response.status)
                                                         : attempt.detail) +
                               " " + std::to_string(ms) + "ms");
      }
      if (attempt.too_big) {
        throw Error(method + " " + redact_url(url) + ": response larger than " +
                    std::to_string(options_.max_response_bytes) + " bytes");
      }
      bool transient = attempt.code == CURLE_OK ? is_transient_status(attempt.response.status)
                                                : is_transient_curl(attempt.code);
      if (!transient || !idempotent || tries >= options_.max_retries) break;
      std::optional<std::string> retry_after;
      if (attempt.code == CURLE_OK) retry_after = attempt.response.header("retry-after");
      std::this_thread::sleep_for(backoff(options_, tries, retry_after));
    }
    if (attempt.code != CURLE_OK) {
      throw Error(method + " " + redact_url(url) + ": " + attempt.detail);
    }
    Response& response = attempt.response;
    auto location = response.header("location");
    if (!is_redirect(response.status) || !location) return std::move(response);
    if (hop >= options_.max_redirects) {
      throw Error(method + " " + redact_url(request.url) + ": stopped after " +
                  std::to_string(options_.max_redirects) + " redirects");
    }
    std::string next = resolve_url(url, *location);
    if (response.status == 303 ||
        ((response.status == 301 || response.status == 302) && method == "POST")) {
      method = method == "HEAD" ? "HEAD" : "GET";
      current.body.clear();
    }
    url = std::move(next);
  }
}

Response Client::fetch(const Request& request, bool allow_not_modified) const {
  Response response = send(request);
  if (response.ok() || (allow_not_modified && response.status == 304)) return response;
  throw Error(status_message(request.method, request.url, response.status));
}

std::string status_message(std::string_view method, std::string_view url, long status) {
  std::string text = std::string(method) + " " + redact_url(url) + ": " + std::to_string(status);
  std::string_view why = reason(status);
  if (!why.empty()) text += " " + std::string(why);
  return text;
}

std::string redact_url(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  size_t start = scheme + 3;
  size_t end = url.find_first_of("/?#", start);
  if (end == std::string_view::npos) end = url.size();
  size_t at = url.substr(start, end - start).rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, start)) + std::string(url.substr(start + at + 1));
}

bool is_loopback_host(std::string_view host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string h = lower(host);
  if (h == "localhost" || h == "::1" || ends_with(h, ".localhost")) return true;
  if (!starts_with(h, "127.")) return false;
  // 127.a.b.c with numeric parts only (not a name such as 127.example.com).
  std::vector<std::string> parts = split(h, ".");
  if (parts.size() != 4) return false;
  for (const std::string& p : parts) {
    if (p.empty() || p.size() > 3 || !std::all_of(p.begin(), p.end(), ::isdigit)) return false;
    if (std::stoi(p) > 255) return false;
  }
  return true;
}

Url parse_url(std::string_view url) {
  UrlPtr u = url_handle(url);
  Url out;
  out.scheme = lower(part(u.get(), CURLUPART_SCHEME));
  out.host = part(u.get(), CURLUPART_HOST);
  if (out.host.size() > 2 && out.host.front() == '[')
    out.host = out.host.substr(1, out.host.size() - 2);
  out.port = part(u.get(), CURLUPART_PORT);
  out.path = part(u.get(), CURLUPART_PATH);
  out.query = part(u.get(), CURLUPART_QUERY);
  return out;
}

std::string resolve_url(std::string_view base, std::string_view ref) {
  UrlPtr u = url_handle(base);
  CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, std::string(ref).c_str(), 0);
  if (rc != CURLUE_OK) {
    throw Error(quote(redact_url(ref)) + " is not a valid URL reference: " + curl_url_strerror(rc));
  }
  return part(u.get(), CURLUPART_URL);
}

std::optional<Challenge> parse_challenge(std::string_view header) {
  std::string_view s = trim(header);
  size_t space = s.find(' ');
  Challenge c;
  c.scheme = lower(s.substr(0, space));
  if (c.scheme.empty()) return std::nullopt;
  if (space == std::string_view::npos) return c;
  s = s.substr(space + 1);
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',')) ++i;
    size_t eq = s.find('=', i);
    if (eq == std::string_view::npos) break;
    std::string key = lower(trim(s.substr(i, eq - i)));
    i = eq + 1;
    std::string value;
    if (i < s.size() && s[i] == '"') {
      ++i;
      while (i < s.size() && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        value += s[i++];
      }
      ++i;
    } else {
      while (i < s.size() && s[i] != ',') value += s[i++];
      value = std::string(trim(value));
    }
    c.params[key] = value;
  }
  return c;
}

}  // namespace primer::http
