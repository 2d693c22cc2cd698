// primer's download cache: chart archives stored by sha256 (verified on every read, written
// atomically, safe when several primer processes share it) and repository indexes stored
// with their HTTP validators (ETag, Last-Modified) for revalidation. Lives under
// $XDG_CACHE_HOME/primer, else ~/.cache/primer.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/digest.h"

namespace primer::charts {

using primer::sha256_hex;

/// A cached index.yaml and the validators it was served with.
struct CachedIndex {
  std::string url;
  std::string etag;
  std::string last_modified;
  std::string body;
};

class Cache {
 public:
  /// A cache rooted at `root` (created when first written).
  explicit Cache(std::string root);
  /// $XDG_CACHE_HOME/primer, else $HOME/.cache/primer. Throws Error when neither is set.
  static std::string default_root();
  const std::string& root() const { return root_; }

  /// The path of the archive with sha256 `digest` (hex) if cached and intact. A corrupt entry
  /// (its content no longer hashes to its name) is deleted and reported as absent.
  std::optional<std::string> find_blob(std::string_view digest) const;
  /// Stores `bytes` under their sha256 and returns the path. Throws Error on I/O failure.
  std::string put_blob(std::string_view bytes) const;

  /// The cached index for `url`, if any.
  std::optional<CachedIndex> find_index(std::string_view url) const;
  /// Stores `index` (replacing any earlier copy for its URL). Throws Error on I/O failure.
  void put_index(const CachedIndex& index) const;

 private:
  std::string blob_path(std::string_view digest) const;
  std::string index_path(std::string_view url) const;
  std::string root_;
};

/// Writes `data` to `path` through a temporary file in the same directory and a rename, so
/// readers see the old or the new content, never a part. Creates the parent directories.
/// Throws Error naming `path`.
void write_file_atomic(const std::string& path, std::string_view data);

}  // namespace primer::charts
