// Helpers for tests/kube: a temporary directory and small files written at test time.
#pragma once

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace primer::kube::test {

/// A fresh directory under /tmp, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string pattern = "/tmp/primer-kube-XXXXXX";
    if (char* made = mkdtemp(pattern.data())) path_ = made;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }
  /// Writes `text` to path()/name (creating directories) and returns the full path.
  std::string write(const std::string& name, const std::string& text,
                    bool executable = false) const {
    std::string full = path_ + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(full).parent_path());
    std::ofstream(full, std::ios::binary) << text;
    if (executable) ::chmod(full.c_str(), 0755);
    return full;
  }

 private:
  std::string path_;
};

/// Every occurrence of `from` in `s` replaced by `to`.
inline std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

}  // namespace primer::kube::test
