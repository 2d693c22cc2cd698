#include "charts/fetch.h"

#include <algorithm>
#include <filesystem>

#include "base/error.h"
#include "base/log.h"
#include "base/strings.h"
#include "charts/cache.h"
#include "charts/loader.h"
#include "charts/oci.h"
#include "charts/repo_index.h"

namespace primer::charts {
namespace {

namespace fs = std::filesystem;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool is_file_url(std::string_view url) { return starts_with(url, "file://"); }

std::string file_url_path(std::string_view url) { return std::string(url.substr(7)); }

bool same_origin(std::string_view a, std::string_view b) {
  http::Url x = http::parse_url(a), y = http::parse_url(b);
  return x.scheme == y.scheme && lower(x.host) == lower(y.host) && x.port == y.port;
}

std::string supply_chain(const std::string& what, const std::string& want, const std::string& got) {
  return what + ": digest mismatch: primer.lock has " + want + ", the archive is " + got +
         ". The published chart changed since it was locked: this may be a supply-chain attack. "
         "Nothing was installed; if the change is expected, run primer init -upgrade";
}

// Loads the archive to prove it is a chart.
std::shared_ptr<const Chart> check_chart(std::string_view name, std::string_view bytes) {
  return std::make_shared<const Chart>(load_chart_archive(name, bytes, Dialect::Helm4));
}

class Fetcher {
 public:
  Fetcher(const Reference& ref, const FetchOptions& options)
      : ref_(ref),
        options_(options),
        client_(options.http),
        cache_(options.cache_dir.empty() ? Cache::default_root() : options.cache_dir) {}

  FetchedChart run() {
    switch (ref_.kind) {
      case Reference::Kind::Local:
        return local();
      case Reference::Kind::Repo:
        return repo();
      case Reference::Kind::Oci:
        return oci();
    }
    throw Error("unknown chart reference kind");
  }

 private:
  FetchedChart local() {
    FetchedChart out;
    out.source = ref_.path;
    out.path = ref_.path;
    std::error_code ec;
    if (fs::is_directory(ref_.path, ec)) return out;
    if (!fs::exists(ref_.path, ec))
      throw Error(Where{ref_.path}, "no such chart directory or archive");
    std::string bytes = read_file(ref_.path);
    out.digest = "sha256:" + sha256_hex(bytes);
    check_expected(ref_.path, out.digest);
    out.loaded = check_chart(fs::path(ref_.path).filename().string(), bytes);
    out.name = out.loaded->metadata.name;
    out.version = out.loaded->metadata.version;
    return out;
  }

  void check_expected(const std::string& what, const std::string& digest) const {
    if (!options_.expect_digest.empty() && options_.expect_digest != digest) {
      throw Error(supply_chain(what, options_.expect_digest, digest));
    }
  }

  std::string get_bytes(const std::string& url, bool with_auth) const {
    if (is_file_url(url)) return read_file(file_url_path(url));
    http::Request request;
    request.url = url;
    if (with_auth) request.auth = options_.auth;
    FetchProgress* progress = options_.progress;
    if (progress) {
      progress->download_started(http::redact_url(url));
      request.progress = [progress](std::int64_t got, std::int64_t total) {
        progress->download_progress(got, total);
      };
    }
    http::Response response = client_.fetch(request);
    if (progress) progress->download_finished(http::redact_url(url), response.body.size());
    return std::move(response.body);
  }

  RepoIndex index() {
    std::string url = resolve_chart_url(ref_.repo_url, "index.yaml");
    std::string shown = http::redact_url(url);
    if (is_file_url(url)) return RepoIndex::parse(shown, read_file(file_url_path(url)));
    std::optional<CachedIndex> cached = cache_.find_index(shown);
    http::Request request;
    request.url = url;
    request.auth = options_.auth;
    if (cached) {
      request.if_none_match = cached->etag;
      if (cached->etag.empty()) request.if_modified_since = cached->last_modified;
    }
    http::Response response;
    try {
      response = client_.fetch(request, /*allow_not_modified=*/cached.has_value());
    } catch (const Error& e) {
      // parity: helm's wording for an unreachable repository (repo.FindChartInRepoURL).
      throw Error::wrap("looks like " + quote(http::redact_url(ref_.repo_url)) +
                            " is not a valid chart repository or cannot be reached",
                        e);
    }
    if (response.status == 304) {
      if (options_.progress) options_.progress->cache_hit(shown);
      return RepoIndex::parse(shown, cached->body);
    }
    RepoIndex parsed = RepoIndex::parse(shown, response.body);  // before caching it
    CachedIndex entry;
    entry.url = shown;
    entry.etag = response.header("etag").value_or("");
    entry.last_modified = response.header("last-modified").value_or("");
    entry.body = std::move(response.body);
    if (!entry.etag.empty() || !entry.last_modified.empty()) cache_.put_index(entry);
    return parsed;
  }

  FetchedChart repo() {
    RepoIndex idx = index();
    const IndexEntry& entry = idx.get(ref_.name, ref_.version, http::redact_url(ref_.repo_url));
    std::string what = quote(entry.name) + " " + entry.version;
    if (entry.urls.empty()) {
      throw Error("chart " + quote(ref_.name) + " version " + quote(entry.version) +
                  " has no downloadable URLs");
    }
    FetchedChart out;
    out.name = entry.name;
    out.version = entry.version;
    out.source = resolve_chart_url(ref_.repo_url, entry.urls.front());
    std::string want = lower(entry.digest);
    if (!want.empty()) {
      if (!options_.expect_digest.empty() && options_.expect_digest != "sha256:" + want) {
        throw Error(supply_chain(what, options_.expect_digest, "sha256:" + want));
      }
      if (std::optional<std::string> path = cache_.find_blob(want)) {
        if (options_.progress) options_.progress->cache_hit(what);
        out.digest = "sha256:" + want;
        out.path = *path;
        out.from_cache = true;
        return out;
      }
    }
    bool with_auth = is_file_url(out.source) || same_origin(out.source, ref_.repo_url);
    std::string bytes = get_bytes(out.source, with_auth);
    std::string got = sha256_hex(bytes);
    if (!want.empty() && got != want) {
      throw Error(http::redact_url(out.source) + ": digest mismatch: the index lists sha256:" +
                  want + ", the download is sha256:" + got);
    }
    out.digest = "sha256:" + got;
    check_expected(what, out.digest);
    std::string archive_name = fs::path(http::parse_url(out.source).path).filename().string();
    if (archive_name.empty()) archive_name = entry.name + "-" + entry.version + ".tgz";
    try {
      out.loaded = check_chart(archive_name, bytes);
    } catch (const Error& e) {
      throw Error::wrap(http::redact_url(out.source) + ": not a valid chart archive", e);
    }
    out.path = cache_.put_blob(bytes);
    return out;
  }

  FetchedChart oci() {
    http::Auth auth = options_.auth;
    if (auth.kind == http::Auth::Kind::None) {
      if (auto found = registry_credentials(ref_.registry)) auth = *found;
    }
    OciClient registry(client_, auth, options_.http.plain_http);
    OciChart resolved = registry.resolve(ref_);
    FetchedChart out;
    out.name = ref_.name;
    out.version = resolved.tag;
    out.source = "oci://" + ref_.registry + "/" + ref_.repository + "@" + resolved.manifest_digest;
    out.digest = resolved.layer_digest;
    std::string what = ref_.describe();
    check_expected(what, out.digest);
    std::string hex = out.digest.substr(7);
    if (std::optional<std::string> path = cache_.find_blob(hex)) {
      if (options_.progress) options_.progress->cache_hit(what);
      out.path = *path;
      out.from_cache = true;
      out.loaded = check_chart(ref_.name + ".tgz", read_file(*path));
      out.name = out.loaded->metadata.name;
      out.version = out.loaded->metadata.version;
      return out;
    }
    FetchProgress* progress = options_.progress;
    http::ProgressFn on_progress;
    if (progress) {
      progress->download_started(resolved.layer_url);
      on_progress = [progress](std::int64_t got, std::int64_t total) {
        progress->download_progress(got, total);
      };
    }
    std::string bytes = registry.fetch_layer(resolved, on_progress);
    if (progress) progress->download_finished(resolved.layer_url, bytes.size());
    try {
      out.loaded = check_chart(ref_.name + ".tgz", bytes);
      out.name = out.loaded->metadata.name;
      out.version = out.loaded->metadata.version;
    } catch (const Error& e) {
      throw Error::wrap(what + ": not a valid chart archive", e);
    }
    out.path = cache_.put_blob(bytes);
    return out;
  }

  const Reference& ref_;
  const FetchOptions& options_;
  http::Client client_;
  Cache cache_;
};

}  // namespace

FetchedChart fetch_chart(const Reference& ref, const FetchOptions& options) {
  return Fetcher(ref, options).run();
}

}  // namespace primer::charts
