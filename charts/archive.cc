#include "charts/archive.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <memory>
#include <set>

#include "base/error.h"
#include "base/strings.h"

namespace primer::charts {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

struct ReaderFree {
  void operator()(struct archive* a) const { archive_read_free(a); }
};

// Every component of `name` (split on '/') that is not empty and not ".", joined by '/';
// "." when none is left. The lexical part of Go's path.Clean that matters once `..` has been
// refused.
std::string clean_relative(std::string_view name) {
  std::string out;
  for (const std::string& part : split(name, "/")) {
    if (part.empty() || part == ".") continue;
    if (!out.empty()) out += '/';
    out += part;
  }
  return out.empty() ? "." : out;
}

bool is_drive_path(std::string_view n) {
  return n.size() >= 3 && ((n[0] >= 'a' && n[0] <= 'z') || (n[0] >= 'A' && n[0] <= 'Z')) &&
         n[1] == ':' && n[2] == '/';
}

class ArchiveReader {
 public:
  ArchiveReader(std::string_view archive, std::string_view bytes) : archive_(archive) {
    reader_.reset(archive_read_new());
    if (!reader_) fail("cannot read chart archive: out of memory");
    // Only the built-in zlib decoder: ARCHIVE_WARN would mean an external gzip program.
    if (archive_read_support_filter_gzip(reader_.get()) != ARCHIVE_OK ||
        archive_read_support_format_tar(reader_.get()) != ARCHIVE_OK) {
      fail("cannot read chart archive: this build of libarchive cannot read gzip'd tar");
    }
    if (archive_read_open_memory(reader_.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
      fail_libarchive("");
    }
  }

  std::vector<File> read_all() {
    std::vector<File> files;
    std::set<std::string, std::less<>> seen;
    std::int64_t remaining = kMaxDecompressedChartSize;
    std::size_t entries = 0;
    for (;;) {
      struct archive_entry* entry = nullptr;
      int status = archive_read_next_header(reader_.get(), &entry);
      if (status == ARCHIVE_EOF) break;
      if (status < ARCHIVE_WARN) fail_libarchive("");
      if (++entries > kMaxArchiveEntries) {
        fail("chart archive has more than " + std::to_string(kMaxArchiveEntries) + " entries");
      }
      std::string raw = entry_name(entry);
      if (archive_entry_filetype(entry) == AE_IFDIR) continue;
      check_kind(entry, raw);
      std::string name = relative_name(raw);
      std::int64_t size = archive_entry_size(entry);
      if (size > remaining) {
        fail("decompressed chart is larger than the maximum size " +
             std::to_string(kMaxDecompressedChartSize) + " (at entry " + quote(raw) + ")");
      }
      if (size > kMaxDecompressedFileSize) {
        fail("decompressed chart file " + quote(raw) + " is larger than the maximum file size " +
             std::to_string(kMaxDecompressedFileSize));
      }
      if (!seen.insert(name).second) {
        fail("chart contains the file " + quote(name) + " twice (entry " + quote(raw) + ")");
      }
      std::string data = read_data(raw, remaining, size);
      if (data.starts_with(kUtf8Bom)) data.erase(0, kUtf8Bom.size());
      files.push_back(File{std::move(name), std::move(data)});
    }
    if (files.empty()) fail("no files in chart archive");
    return files;
  }

 private:
  [[noreturn]] void fail(std::string message) const {
    throw Error(Where{archive_}, std::move(message));
  }

  [[noreturn]] void fail_libarchive(const std::string& entry) const {
    const char* why = archive_error_string(reader_.get());
    std::string message = "cannot read chart archive";
    if (!entry.empty()) message += " at entry " + quote(entry);
    // libarchive sets no message when a gzip member's trailer is cut off.
    fail(message + ": " + (why != nullptr ? why : "truncated or corrupt gzip stream"));
  }

  static std::string entry_name(struct archive_entry* entry) {
    const char* name = archive_entry_pathname_utf8(entry);
    if (name == nullptr) name = archive_entry_pathname(entry);
    return name != nullptr ? name : "";
  }

  // Helm reads links and special files as (empty) files; primer refuses them outright.
  void check_kind(struct archive_entry* entry, const std::string& raw) const {
    if (archive_entry_hardlink(entry) != nullptr) {
      fail("chart contains a hard link: " + quote(raw));
    }
    switch (archive_entry_filetype(entry)) {
      case AE_IFREG:
        return;
      case AE_IFLNK:
        fail("chart contains a symbolic link: " + quote(raw));
      case AE_IFCHR:
      case AE_IFBLK:
        fail("chart contains a device file: " + quote(raw));
      case AE_IFIFO:
        fail("chart contains a FIFO: " + quote(raw));
      case AE_IFSOCK:
        fail("chart contains a socket: " + quote(raw));
      default:
        fail("chart contains an entry that is not a regular file: " + quote(raw));
    }
  }

  // parity: archive.LoadArchiveFiles. The first component is the chart's directory and is
  // dropped; `\` is the separator when the name has one (archives made on Windows). primer
  // refuses a leading separator and any `..` component before stripping, where Helm would
  // quietly drop them or resolve them lexically.
  std::string relative_name(const std::string& raw) const {
    char delimiter = raw.find('\\') != std::string::npos ? '\\' : '/';
    std::string normalized = raw;
    if (delimiter == '\\') {
      for (char& c : normalized) c = c == '\\' ? '/' : c;
    }
    if (normalized.starts_with("/")) {
      fail("chart illegally contains absolute paths: " + quote(raw));
    }
    std::size_t first = raw.find(delimiter);
    std::string rest = first == std::string::npos ? "" : normalized.substr(first + 1);
    for (const std::string& part : split(normalized, "/")) {
      if (part == "..") fail("chart illegally references parent directory: " + quote(raw));
    }
    if (rest.starts_with("/")) fail("chart illegally contains absolute paths: " + quote(raw));
    std::string name = clean_relative(rest);
    if (name == ".") {
      fail("chart illegally contains content outside the base directory: " + quote(raw));
    }
    if (name.starts_with("..")) {
      fail("chart illegally references parent directory: " + quote(raw));
    }
    if (is_drive_path(name)) fail("chart contains illegally named files: " + quote(raw));
    return name;
  }

  // `expected`: the size the header gives (a hint only: it may understate the data).
  std::string read_data(const std::string& raw, std::int64_t& remaining,
                        std::int64_t expected) const {
    std::string data;
    // Read straight into the string: sized from the header, grown if the data goes on.
    std::size_t size = 0;
    data.resize(
        static_cast<std::size_t>(std::clamp<std::int64_t>(expected, 0, kMaxDecompressedFileSize)) +
        1);
    for (;;) {
      if (size == data.size()) data.resize(size * 2 + 4096);
      la_ssize_t n = archive_read_data(reader_.get(), data.data() + size, data.size() - size);
      if (n < 0) fail_libarchive(raw);
      if (n == 0) break;
      // Checked again as the data comes: the header may understate the size.
      if (static_cast<std::int64_t>(size) + n > kMaxDecompressedFileSize) {
        fail("decompressed chart file " + quote(raw) + " is larger than the maximum file size " +
             std::to_string(kMaxDecompressedFileSize));
      }
      remaining -= n;
      if (remaining <= 0) break;
      size += static_cast<std::size_t>(n);
    }
    data.resize(size);
    if (data.capacity() > size + size / 8 + 4096) data.shrink_to_fit();  // a header overstated it
    // parity: LoadArchiveFiles fails once the budget is used up, even exactly.
    if (remaining <= 0) {
      fail("decompressed chart is larger than the maximum size " +
           std::to_string(kMaxDecompressedChartSize) + " (at entry " + quote(raw) + ")");
    }
    return data;
  }

  std::string archive_;
  std::unique_ptr<struct archive, ReaderFree> reader_;
};

}  // namespace

bool looks_like_gzip(std::string_view bytes) { return bytes.starts_with("\x1F\x8B\x08"); }

std::vector<File> read_chart_archive(std::string_view archive, std::string_view bytes) {
  if (!looks_like_gzip(bytes)) {
    // parity: archive.EnsureArchive's hint for a values file given where a chart belongs.
    if (archive.ends_with(".yaml") || archive.ends_with(".yml")) {
      throw Error(Where{std::string(archive)},
                  "seems to be a YAML file, but expected a gzipped archive");
    }
    throw Error(Where{std::string(archive)}, "does not appear to be a gzipped archive");
  }
  return ArchiveReader(archive, bytes).read_all();
}

}  // namespace primer::charts
