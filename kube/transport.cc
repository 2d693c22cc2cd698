#include "kube/transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <deque>
#include <random>
#include <thread>

#include "base/error.h"
#include "base/http.h"
#include "base/strings.h"

namespace primer::kube {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using EasyPtr = std::unique_ptr<CURL, EasyDeleter>;
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

// One request of a batch, across its attempts.
struct Job {
  const Request* request = nullptr;
  std::size_t index = 0;
  int attempt = 0;
  bool refreshed_after_401 = false;
  Clock::time_point not_before{};
  std::shared_ptr<const ExecCredential> credential;  // what the current attempt sent
  // Per attempt:
  EasyPtr easy;
  SlistPtr headers;
  http::PreparedHandle prepared;
  char errbuf[CURL_ERROR_SIZE] = {};
  Response response;
  // Streaming:
  const std::function<bool(std::string_view)>* on_data = nullptr;
  const std::atomic<bool>* stop = nullptr;
  bool stopped = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* job = static_cast<Job*>(user);
  size_t n = size * count;
  if (job->on_data != nullptr) {
    if (!(*job->on_data)(std::string_view(data, n))) {
      job->stopped = true;
      return 0;
    }
    return n;
  }
  job->response.body.append(data, n);
  return n;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* job = static_cast<Job*>(user);
  size_t n = size * count;
  std::string_view line(data, n);
  if (starts_with(line, "HTTP/")) {
    job->response.headers.clear();
    job->response.warnings.clear();
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    std::string name = lower(trim(line.substr(0, colon)));
    std::string value(trim(line.substr(colon + 1)));
    if (name == "warning") job->response.warnings.push_back(warning_text(value));
    job->response.headers[name] = std::move(value);
  }
  return n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* job = static_cast<Job*>(user);
  if ((job->stop != nullptr && job->stop->load()) ||
      (job->request->deadline && Clock::now() >= *job->request->deadline)) {
    job->stopped = true;
    return 1;
  }
  return 0;
}

// curl_easy_perform for a stream, except that `stop` and the deadline end it within
// kStopCheck even while no data arrives (curl calls its progress callback only about once a
// second on a quiet connection, so a wait would return up to a second late).
constexpr int kStopCheckMs = 20;
CURLcode perform_stoppable(Job& job) {
  std::unique_ptr<CURLM, decltype(&curl_multi_cleanup)> multi(curl_multi_init(),
                                                              &curl_multi_cleanup);
  if (!multi) return CURLE_OUT_OF_MEMORY;
  CURL* easy = job.easy.get();
  curl_multi_add_handle(multi.get(), easy);
  CURLcode result = CURLE_OK;
  for (;;) {
    int running = 0;
    curl_multi_perform(multi.get(), &running);
    if (running == 0) {
      int queued = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi.get(), &queued)) {
        if (msg->msg == CURLMSG_DONE) result = msg->data.result;
      }
      break;
    }
    if ((job.stop != nullptr && job.stop->load()) ||
        (job.request->deadline && Clock::now() >= *job.request->deadline)) {
      job.stopped = true;
      result = CURLE_ABORTED_BY_CALLBACK;
      break;
    }
    curl_multi_poll(multi.get(), nullptr, 0, kStopCheckMs, nullptr);
  }
  curl_multi_remove_handle(multi.get(), easy);
  return result;
}

bool retryable_status(long status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

std::optional<std::chrono::milliseconds> retry_after(const Response& r) {
  auto it = r.headers.find("retry-after");
  if (it == r.headers.end()) return std::nullopt;
  std::string_view text = trim(it->second);
  if (text.empty() || text.size() > 6 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::chrono::seconds(std::stol(std::string(text)));
}

}  // namespace

struct Transport::Impl {
  CURLSH* share = nullptr;
  // A multi handle per batch in progress, so that batches sent from several threads run
  // side by side; each keeps its connections for the next batch that takes it.
  std::mutex multis_mu;
  std::vector<CURLM*> idle_multis;
  std::vector<CURLM*> all_multis;
  long connections_per_multi = 1;
  std::mutex share_mu[CURL_LOCK_DATA_LAST];
  http::Options http;
  std::unique_ptr<BearerTokenSource> tokens;
  std::unique_ptr<ExecAuthenticator> exec;
  std::string base;  // server without a trailing '/'
  std::mt19937 rng{std::random_device{}()};
  std::mutex rng_mu;

  static void lock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<Impl*>(user)->share_mu[data].lock();
  }
  static void unlock(CURL*, curl_lock_data data, void* user) {
    static_cast<Impl*>(user)->share_mu[data].unlock();
  }

  CURLM* take_multi() {
    std::lock_guard lock(multis_mu);
    if (!idle_multis.empty()) {
      CURLM* m = idle_multis.back();
      idle_multis.pop_back();
      return m;
    }
    CURLM* m = curl_multi_init();
    if (m == nullptr) throw Error("libcurl: out of memory");
    all_multis.push_back(m);
    curl_multi_setopt(m, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, connections_per_multi);
    curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, connections_per_multi);
    return m;
  }
  void give_back(CURLM* m) {
    std::lock_guard lock(multis_mu);
    idle_multis.push_back(m);
  }

  std::chrono::milliseconds backoff(const TransportOptions& o, int attempt) {
    auto delay = o.retry_base_delay * (1 << std::min(attempt, 12));
    delay = std::min(delay, o.retry_max_delay);
    std::lock_guard lock(rng_mu);
    // "Equal jitter": half fixed, half random, so retries of a wave spread out.
    std::uniform_int_distribution<long> jitter(0, std::max<long>(1, delay.count() / 2));
    return std::chrono::milliseconds(delay.count() / 2 + jitter(rng));
  }
};

std::string warning_text(std::string_view header) {
  // RFC 7234: warn-code SP warn-agent SP quoted-text [SP warn-date]
  size_t open = header.find('"');
  if (open == std::string_view::npos) return std::string(trim(header));
  std::string out;
  for (size_t i = open + 1; i < header.size(); ++i) {
    if (header[i] == '\\' && i + 1 < header.size()) {
      out += header[++i];
    } else if (header[i] == '"') {
      break;
    } else {
      out += header[i];
    }
  }
  return out;
}

bool is_retry_safe(const Request& request) {
  if (request.method == "GET" || request.method == "HEAD") return true;
  return request.method == "PATCH" && starts_with(request.content_type, "application/apply-patch");
}

Transport::Transport(ClusterConfig config, TransportOptions options)
    : config_(std::move(config)), options_(std::move(options)), impl_(std::make_unique<Impl>()) {
  http::Options& h = impl_->http;
  h.ca_pem = config_.ca_pem;
  h.cert_pem = config_.client_certificate_pem;
  h.key_pem = config_.client_key_pem;
  h.insecure_skip_tls_verify = config_.insecure_skip_tls_verify;
  h.tls_server_name = config_.tls_server_name;
  h.plain_http = true;  // the kubeconfig's server is the user's choice
  h.connect_timeout = options_.connect_timeout;
  h.stall_timeout = options_.stall_timeout;
  h.user_agent = options_.user_agent;
  h.max_response_bytes = std::int64_t{1} << 31;
  impl_->base = config_.server;
  while (!impl_->base.empty() && impl_->base.back() == '/') impl_->base.pop_back();
  if (config_.auth.kind == Auth::Kind::Token || config_.auth.kind == Auth::Kind::TokenFile) {
    impl_->tokens = std::make_unique<BearerTokenSource>(config_.auth);
  } else if (config_.auth.kind == Auth::Kind::Exec && config_.auth.exec) {
    impl_->exec = std::make_unique<ExecAuthenticator>(*config_.auth.exec, config_, options_.exec);
  }
  // The test of http::configure_easy's callers: it initialises libcurl once.
  http::parse_url(impl_->base.empty() ? "https://invalid" : impl_->base);
  impl_->share = curl_share_init();
  if (impl_->share == nullptr) throw Error("libcurl: out of memory");
  impl_->connections_per_multi =
      std::max(1, std::min(options_.max_connections, options_.max_in_flight));
  // Watches run on their own handles; they share TLS sessions and DNS with the pool.
  curl_share_setopt(impl_->share, CURLSHOPT_LOCKFUNC, &Impl::lock);
  curl_share_setopt(impl_->share, CURLSHOPT_UNLOCKFUNC, &Impl::unlock);
  curl_share_setopt(impl_->share, CURLSHOPT_USERDATA, impl_.get());
  curl_share_setopt(impl_->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  curl_share_setopt(impl_->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
}

Transport::~Transport() {
  for (CURLM* m : impl_->all_multis) curl_multi_cleanup(m);
  if (impl_->share != nullptr) curl_share_cleanup(impl_->share);
}

namespace {

// Builds the easy handle of `job`'s next attempt.
void prepare(Transport::Impl& impl, const ClusterConfig& config, const TransportOptions& options,
             Job& job, bool streaming) {
  const Request& r = *job.request;
  job.easy.reset(curl_easy_init());
  if (!job.easy) throw Error("libcurl: cannot create a handle");
  CURL* h = job.easy.get();
  job.response = Response{};
  job.errbuf[0] = '\0';
  http::Options http = impl.http;
  if (!streaming) {
    auto timeout = options.request_timeout;
    if (r.deadline) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*r.deadline - Clock::now());
      timeout = std::min(timeout, std::max(left, std::chrono::milliseconds(1)));
    }
    http.timeout = timeout;
  } else {
    http.stall_timeout = std::chrono::seconds(0);  // a quiet watch is not a stalled one
  }
  std::string url = impl.base + r.path;
  job.prepared = http::configure_easy(h, http, url);
  curl_easy_setopt(h, CURLOPT_SHARE, impl.share);
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(h, CURLOPT_PIPEWAIT, 1L);
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, job.errbuf);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &job);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &job);
  curl_easy_setopt(h, CURLOPT_PRIVATE, &job);
  if (!config.disable_compression) curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  if (!config.proxy_url.empty()) curl_easy_setopt(h, CURLOPT_PROXY, config.proxy_url.c_str());
  if (streaming) {
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &job);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  }
  if (r.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (r.method != "GET") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  }
  if (!r.body.empty() || r.method == "POST" || r.method == "PUT" || r.method == "PATCH") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, r.body.data());
  }

  std::vector<std::string> lines;
  lines.push_back("Accept: " + r.accept);
  if (!r.content_type.empty()) lines.push_back("Content-Type: " + r.content_type);
  lines.push_back("Expect:");  // no 100-continue round trip for large bodies
  const Auth& auth = config.auth;
  if (impl.tokens) {
    std::string token = impl.tokens->token();
    if (!token.empty()) lines.push_back("Authorization: Bearer " + token);
  } else if (impl.exec) {
    job.credential = impl.exec->credentials();
    if (!job.credential->token.empty()) {
      lines.push_back("Authorization: Bearer " + job.credential->token);
    }
    if (!job.credential->client_certificate_pem.empty()) {
      curl_blob cert{const_cast<char*>(job.credential->client_certificate_pem.data()),
                     job.credential->client_certificate_pem.size(), CURL_BLOB_COPY};
      curl_blob key{const_cast<char*>(job.credential->client_key_pem.data()),
                    job.credential->client_key_pem.size(), CURL_BLOB_COPY};
      curl_easy_setopt(h, CURLOPT_SSLCERT_BLOB, &cert);
      curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
      curl_easy_setopt(h, CURLOPT_SSLKEY_BLOB, &key);
      curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
    }
  } else if (auth.kind == Auth::Kind::Basic) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    curl_easy_setopt(h, CURLOPT_USERNAME, auth.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, auth.password.c_str());
  }
  const Impersonation& as = config.impersonate;
  if (!as.user.empty()) lines.push_back("Impersonate-User: " + as.user);
  if (!as.uid.empty()) lines.push_back("Impersonate-Uid: " + as.uid);
  for (const auto& g : as.groups) lines.push_back("Impersonate-Group: " + g);
  for (const auto& [k, vs] : as.extra) {
    for (const auto& v : vs) lines.push_back("Impersonate-Extra-" + k + ": " + v);
  }
  job.headers.reset();
  for (const auto& line : lines) {
    curl_slist* next = curl_slist_append(job.headers.get(), line.c_str());
    if (next == nullptr) throw Error("out of memory");
    (void)job.headers.release();
    job.headers.reset(next);
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, job.headers.get());
}

std::string describe(const Request& r, const std::string& base) {
  return r.method + " " + http::redact_url(base + r.path);
}

enum class Verdict { Done, Retry, Failed };

// Decides what follows an attempt; sets job.not_before for a retry.
Verdict judge(Transport::Impl& impl, const TransportOptions& options, Job& job, CURLcode code,
              std::string* error) {
  const Request& r = *job.request;
  auto now = Clock::now();
  bool safe = is_retry_safe(r);
  bool attempts_left = job.attempt < options.max_retries;
  auto fits = [&](std::chrono::milliseconds delay) {
    return !r.deadline || now + delay < *r.deadline;
  };
  if (code != CURLE_OK) {
    std::string detail = job.errbuf[0] != '\0' ? job.errbuf : curl_easy_strerror(code);
    while (!detail.empty() && detail.back() == '\n') detail.pop_back();
    bool transient = http::is_transient_curl_code(code) || code == CURLE_OPERATION_TIMEDOUT;
    auto delay = impl.backoff(options, job.attempt);
    if (transient && safe && attempts_left && fits(delay)) {
      job.not_before = now + delay;
      return Verdict::Retry;
    }
    if (code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE) {
      detail = "TLS: " + detail;
    }
    *error = describe(r, impl.base) + ": " + detail;
    if (job.attempt > 0) *error += " (after " + std::to_string(job.attempt + 1) + " attempts)";
    return Verdict::Failed;
  }
  long status = job.response.status;
  if (status == 401 && impl.exec && !job.refreshed_after_401) {
    // The server rejected the credentials before doing anything: any method may repeat.
    job.refreshed_after_401 = true;
    impl.exec->refresh_after_401(job.credential);
    job.not_before = now;
    return Verdict::Retry;
  }
  if (retryable_status(status) && safe && attempts_left) {
    auto delay = retry_after(job.response).value_or(impl.backoff(options, job.attempt));
    if (fits(delay)) {
      job.not_before = now + delay;
      return Verdict::Retry;
    }
  }
  return Verdict::Done;
}

}  // namespace

std::vector<Outcome> Transport::send_all(const std::vector<Request>& requests) {
  std::vector<Outcome> out(requests.size());
  if (requests.empty()) return out;
  std::vector<std::unique_ptr<Job>> jobs;
  std::deque<Job*> waiting;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    auto job = std::make_unique<Job>();
    job->request = &requests[i];
    job->index = i;
    waiting.push_back(job.get());
    jobs.push_back(std::move(job));
  }
  CURLM* multi = impl_->take_multi();
  struct GiveBack {
    Impl& impl;
    CURLM* multi;
    ~GiveBack() { impl.give_back(multi); }
  } give_back{*impl_, multi};
  std::size_t done = 0;
  int in_flight = 0;
  auto finish_with_error = [&](Job& job, std::string message) {
    out[job.index].error = std::move(message);
    ++done;
  };
  try {
    while (done < requests.size()) {
      auto now = Clock::now();
      // Start what may start: the earliest-due first.
      for (auto it = waiting.begin(); it != waiting.end() && in_flight < options_.max_in_flight;) {
        Job& job = **it;
        if (job.not_before > now) {
          ++it;
          continue;
        }
        it = waiting.erase(it);
        try {
          prepare(*impl_, config_, options_, job, false);
        } catch (const Error& e) {
          finish_with_error(job, describe(*job.request, impl_->base) + ": " + e.what());
          continue;
        }
        curl_multi_add_handle(multi, job.easy.get());
        ++in_flight;
        ++attempts_;
      }
      int running = 0;
      curl_multi_perform(multi, &running);
      int queued = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
        if (msg->msg != CURLMSG_DONE) continue;
        CURL* h = msg->easy_handle;
        CURLcode code = msg->data.result;
        Job* job = nullptr;
        curl_easy_getinfo(h, CURLINFO_PRIVATE, reinterpret_cast<char**>(&job));
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &job->response.status);
        long connects = 0;
        curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
        connections_ += static_cast<int>(connects);
        curl_multi_remove_handle(multi, h);
        --in_flight;
        job->response.attempts = job->attempt + 1;
        std::string error;
        Verdict verdict;
        try {
          verdict = judge(*impl_, options_, *job, code, &error);
        } catch (const Error& e) {
          verdict = Verdict::Failed;
          error = describe(*job->request, impl_->base) + ": " + e.what();
        }
        if (verdict == Verdict::Retry) {
          ++job->attempt;
          job->easy.reset();
          waiting.push_back(job);
        } else if (verdict == Verdict::Failed) {
          job->easy.reset();
          finish_with_error(*job, std::move(error));
        } else {
          job->easy.reset();
          out[job->index].response = std::move(job->response);
          ++done;
        }
      }
      if (done == requests.size()) break;
      // Sleep until there is socket activity or a retry falls due. Requests that are due but
      // wait for a free slot do not count: a finishing request wakes the poll anyway, and
      // counting them would make it spin.
      long wait_ms = 1000;
      now = Clock::now();
      for (Job* job : waiting) {
        if (job->not_before <= now && in_flight >= options_.max_in_flight) continue;
        auto due = std::chrono::duration_cast<std::chrono::milliseconds>(job->not_before - now);
        wait_ms = std::min<long>(wait_ms, std::max<long>(0, due.count()));
      }
      if (in_flight > 0) {
        curl_multi_poll(multi, nullptr, 0, static_cast<int>(wait_ms), nullptr);
      } else if (wait_ms > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
      }
    }
  } catch (...) {
    for (auto& job : jobs) {
      if (job->easy) curl_multi_remove_handle(multi, job->easy.get());
    }
    throw;
  }
  return out;
}

Response Transport::send(const Request& request) {
  std::vector<Outcome> out = send_all({request});
  if (!out[0].response) throw Error(out[0].error);
  return std::move(*out[0].response);
}

long Transport::stream(const Request& request, const std::function<bool(std::string_view)>& on_data,
                       const std::atomic<bool>* stop) {
  Job job;
  job.request = &request;
  job.on_data = &on_data;
  job.stop = stop;
  for (;;) {
    prepare(*impl_, config_, options_, job, true);
    ++attempts_;
    CURLcode code = perform_stoppable(job);
    curl_easy_getinfo(job.easy.get(), CURLINFO_RESPONSE_CODE, &job.response.status);
    long connects = 0;
    curl_easy_getinfo(job.easy.get(), CURLINFO_NUM_CONNECTS, &connects);
    connections_ += static_cast<int>(connects);
    if (job.stopped) return job.response.status;
    if (code == CURLE_OK && job.response.status == 401 && impl_->exec && !job.refreshed_after_401) {
      job.refreshed_after_401 = true;
      impl_->exec->refresh_after_401(job.credential);
      continue;
    }
    if (code != CURLE_OK) {
      std::string detail = job.errbuf[0] != '\0' ? job.errbuf : curl_easy_strerror(code);
      throw Error(describe(request, impl_->base) + ": " + detail);
    }
    return job.response.status;
  }
}

}  // namespace primer::kube
