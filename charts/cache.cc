#include "charts/cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "base/error.h"
#include "base/log.h"
#include "base/strings.h"

namespace primer::charts {
namespace {

namespace fs = std::filesystem;

bool is_digest(std::string_view s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::optional<std::string> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

constexpr std::string_view kIndexMagic = "primer-index-cache v1\n";

}  // namespace

void write_file_atomic(const std::string& path, std::string_view data) {
  fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  if (ec)
    throw Error(Where{target.parent_path().string()}, "cannot create directory: " + ec.message());
  std::string pattern = path + ".tmp-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0)
    throw Error(Where{path}, std::string("cannot create temporary file: ") + std::strerror(errno));
  std::string tmp(name.data());
  // Removes the temporary file unless the rename below took it.
  struct Guard {
    std::string path;
    bool keep = false;
    ~Guard() {
      if (!keep) ::unlink(path.c_str());
    }
  } guard{tmp};
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = errno;
      ::close(fd);
      throw Error(Where{path}, std::string("cannot write: ") + std::strerror(err));
    }
    done += static_cast<size_t>(n);
  }
  if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0 || ::close(fd) != 0) {
    throw Error(Where{path}, std::string("cannot write: ") + std::strerror(errno));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    throw Error(Where{path}, std::string("cannot rename into place: ") + std::strerror(errno));
  }
  guard.keep = true;
}

Cache::Cache(std::string root) : root_(std::move(root)) {}

std::string Cache::default_root() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    return std::string(xdg) + "/primer";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::string(home) + "/.cache/primer";
  }
  throw Error("cannot place the cache: neither XDG_CACHE_HOME nor HOME is set");
}

std::string Cache::blob_path(std::string_view digest) const {
  return root_ + "/blobs/sha256/" + std::string(digest) + ".tgz";
}

std::string Cache::index_path(std::string_view url) const {
  return root_ + "/index/" + sha256_hex(url) + ".yaml";
}

std::optional<std::string> Cache::find_blob(std::string_view digest) const {
  if (!is_digest(digest)) return std::nullopt;
  std::string path = blob_path(digest);
  std::optional<std::string> data = slurp(path);
  if (!data) return std::nullopt;
  if (sha256_hex(*data) != digest) {
    log::debug("cache", "corrupt entry " + path + " removed");
    std::error_code ec;
    fs::remove(path, ec);
    return std::nullopt;
  }
  log::debug("cache", "hit " + path);
  return path;
}

std::string Cache::put_blob(std::string_view bytes) const {
  std::string path = blob_path(sha256_hex(bytes));
  write_file_atomic(path, bytes);
  return path;
}

std::optional<CachedIndex> Cache::find_index(std::string_view url) const {
  std::optional<std::string> data = slurp(index_path(url));
  if (!data || !starts_with(*data, kIndexMagic)) return std::nullopt;
  CachedIndex out;
  size_t pos = kIndexMagic.size();
  // Header lines "key: value" up to an empty line, then the body.
  while (pos < data->size()) {
    size_t end = data->find('\n', pos);
    if (end == std::string::npos) return std::nullopt;
    std::string_view line(data->data() + pos, end - pos);
    pos = end + 1;
    if (line.empty()) break;
    size_t colon = line.find(": ");
    if (colon == std::string_view::npos) return std::nullopt;
    std::string_view key = line.substr(0, colon), value = line.substr(colon + 2);
    if (key == "url") out.url = value;
    if (key == "etag") out.etag = value;
    if (key == "last-modified") out.last_modified = value;
  }
  if (out.url != url) return std::nullopt;
  out.body = data->substr(pos);
  return out;
}

void Cache::put_index(const CachedIndex& index) const {
  auto clean = [](const std::string& s) {
    return s.find('\n') == std::string::npos ? s : std::string();
  };
  std::string data(kIndexMagic);
  data += "url: " + clean(index.url) + "\n";
  data += "etag: " + clean(index.etag) + "\n";
  data += "last-modified: " + clean(index.last_modified) + "\n\n";
  data += index.body;
  write_file_atomic(index_path(index.url), data);
}

}  // namespace primer::charts
