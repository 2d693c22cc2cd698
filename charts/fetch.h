// Getting a chart archive from where a Reference points: a Helm repository (index.yaml
// revalidated with HTTP validators, sha256 digest checked), a local directory or archive.
// Archives are checked to be loadable charts before they are cached; a cache hit costs no
// download. Progress and warnings go through FetchProgress; nothing here prints.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/http.h"
#include "charts/chart.h"
#include "charts/reference.h"

namespace primer::charts {

/// What a fetch reports while it runs; every method defaults to doing nothing.
class FetchProgress {
 public:
  virtual ~FetchProgress() = default;
  virtual void download_started(std::string_view /*url*/) {}
  virtual void download_progress(std::int64_t /*received*/, std::int64_t /*total*/) {}
  virtual void download_finished(std::string_view /*url*/, std::int64_t /*bytes*/) {}
  virtual void cache_hit(std::string_view /*what*/) {}
  virtual void warning(std::string_view /*message*/) {}
};

struct FetchOptions {
  http::Options http;
  http::Auth auth;            // sent to the repository's own host only
  std::string cache_dir;      // "" = Cache::default_root()
  std::string expect_digest;  // "sha256:HEX" from primer.lock: any other archive is refused
  FetchProgress* progress = nullptr;
};

/// A chart ready to load.
struct FetchedChart {
  std::string name;
  std::string version;
  std::string source;  // the archive's URL, or the local path
  std::string digest;  // "sha256:HEX" of the archive; "" for a directory
  std::string path;    // a local directory or .tgz (in the cache for remote charts)
  bool from_cache = false;
  /// The chart as loaded (Helm 4's dialect) to check it, when fetching loaded it: a renderer
  /// can use it instead of loading the archive again.
  std::shared_ptr<const Chart> loaded;
};

/// Fetches the chart `ref` names, through the cache. Throws Error naming the reference for
/// an unreachable or invalid repository, no matching version (the available ones listed),
/// a digest that differs from the index's or from `expect_digest`, or an archive that is not
/// a chart; nothing is cached then.
FetchedChart fetch_chart(const Reference& ref, const FetchOptions& options);

}  // namespace primer::charts
