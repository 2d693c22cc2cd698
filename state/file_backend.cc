// The local file backend: the document in one file replaced atomically (temporary file in
// the same directory, fsync, rename), its version the sha256 of the file's bytes, and a lock
// file beside it created exclusively (O_CREAT|O_EXCL). No renewal: a lock whose process no
// longer runs on this host is stale.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "base/digest.h"
#include "base/error.h"
#include "base/log.h"
#include "state/backend.h"
#include "state/detail/lock_holder.h"

namespace primer::state {
namespace {

using value::Value;

constexpr std::string_view kLog = "state";

std::string errno_text(int err) { return std::strerror(err); }

/// The file's bytes, or nullopt when it does not exist. Throws Error naming `path`.
std::optional<std::string> read_if_exists(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw Error(Where{path}, "cannot read: " + errno_text(errno));
  }
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      throw Error(Where{path}, "cannot read: " + errno_text(err));
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

void write_all(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(Where{path}, "cannot write: " + errno_text(errno));
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::string directory_of(const std::string& path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Makes a rename in `dir` durable; failures are not fatal (some file systems refuse).
void sync_directory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

/// Closes and (unless kept) removes a temporary file at scope exit.
class TempFile {
 public:
  /// A new file named `target` + ".tmp-XXXXXX"; errors name `target`.
  explicit TempFile(const std::string& target) : path_(target + ".tmp-XXXXXX") {
    fd_ = ::mkstemp(path_.data());
    if (fd_ < 0) {
      throw Error(Where{target}, "cannot create a temporary file beside it: " + errno_text(errno));
    }
  }
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!kept_) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  void close() {
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw Error(Where{path_}, "cannot write: " + errno_text(errno));
  }
  void keep() { kept_ = true; }

 private:
  std::string path_;
  int fd_ = -1;
  bool kept_ = false;
};

// What a lock file holds: LockInfo plus the host and pid that decide whether it is stale.
struct LockFile {
  LockInfo info;
  std::string host;
  long pid = 0;
};

std::string lock_file_text(const LockFile& lock) {
  value::Map m;
  m["id"] = Value(lock.info.id);
  m["holder"] = Value(lock.info.holder);
  m["operation"] = Value(lock.info.operation);
  m["created"] = Value(lock.info.created);
  m["host"] = Value(lock.host);
  m["pid"] = Value(static_cast<std::int64_t>(lock.pid));
  return value::to_pretty_json(Value(std::move(m))) + "\n";
}

std::string string_field(const Value& v, std::string_view key) {
  const Value* f = v.find(key);
  return f != nullptr && f->is_string() ? f->as_string() : "";
}

/// The lock described by `text`; nullopt when it is not a lock file's JSON (for instance
/// while its creator has not yet written it).
std::optional<LockFile> parse_lock_file(const std::string& path, const std::string& text) {
  Value v;
  try {
    v = value::parse_json(path, text, value::Numbers::Typed);
  } catch (const Error&) {
    return std::nullopt;
  }
  if (!v.is_map()) return std::nullopt;
  LockFile out;
  out.info.id = string_field(v, "id");
  out.info.holder = string_field(v, "holder");
  out.info.operation = string_field(v, "operation");
  out.info.created = string_field(v, "created");
  out.host = string_field(v, "host");
  if (const Value* pid = v.find("pid"); pid != nullptr && pid->is_int()) out.pid = pid->as_int();
  if (out.info.id.empty()) return std::nullopt;
  if (out.host.empty() || out.pid == 0) {
    if (auto parsed = detail::parse_identity(out.info.holder)) {
      out.host = parsed->first;
      out.pid = parsed->second;
    }
  }
  return out;
}

constexpr const char* kMalformedLock =
    "the lock file is not valid; if no primer run is active, run: primer state unlock";

class FileLockHandle : public Lock {
 public:
  FileLockHandle(std::string lock_path, LockInfo info)
      : lock_path_(std::move(lock_path)), info_(std::move(info)) {}
  ~FileLockHandle() override {
    try {
      release();
    } catch (const Error& e) {
      log::debug(kLog, std::string("releasing the lock failed: ") + e.what());
    }
  }
  const LockInfo& info() const override { return info_; }
  void release() override {
    if (released_) return;
    released_ = true;
    std::optional<std::string> text = read_if_exists(lock_path_);
    if (!text) {
      log::debug(kLog, "lock file " + lock_path_ + " was already removed");
      return;
    }
    std::optional<LockFile> held = parse_lock_file(lock_path_, *text);
    if (!held || held->info.id != info_.id) {
      log::debug(kLog, "lock file " + lock_path_ + " no longer holds lock " + info_.id);
      return;
    }
    if (::unlink(lock_path_.c_str()) != 0 && errno != ENOENT) {
      throw Error(Where{"lock file " + lock_path_}, "cannot remove: " + errno_text(errno));
    }
    log::debug(kLog, "released lock " + info_.id + " (" + lock_path_ + ")");
  }

 private:
  std::string lock_path_;
  LockInfo info_;
  bool released_ = false;
};

class FileBackend : public Backend {
 public:
  explicit FileBackend(std::string path) : path_(std::move(path)), lock_path_(path_ + ".lock") {}

  std::string describe() const override { return "file " + path_; }

  std::optional<Stored> read() override {
    std::optional<std::string> text = read_if_exists(path_);
    if (!text) return std::nullopt;
    return Stored{parse_document(path_, *text), sha256_hex(*text)};
  }

  std::string write(const Document& doc, const std::string& expected) override {
    std::optional<std::string> current = read_if_exists(path_);
    bool same = expected.empty() ? !current.has_value()
                                 : current.has_value() && sha256_hex(*current) == expected;
    if (!same) {
      throw Error(Where{describe()},
                  "state changed since it was read (another primer run wrote it); run again");
    }
    std::string text = to_json(doc);
    TempFile tmp(path_);
    if (::fchmod(tmp.fd(), 0600) != 0) {
      throw Error(Where{tmp.path()}, "cannot set the mode: " + errno_text(errno));
    }
    write_all(tmp.fd(), text, tmp.path());
    if (::fsync(tmp.fd()) != 0) throw Error(Where{tmp.path()}, "cannot sync: " + errno_text(errno));
    tmp.close();
    if (::rename(tmp.path().c_str(), path_.c_str()) != 0) {
      throw Error(Where{path_}, "cannot replace: " + errno_text(errno));
    }
    tmp.keep();
    sync_directory(directory_of(path_));
    return sha256_hex(text);
  }

  void remove() override {
    if (::unlink(path_.c_str()) != 0 && errno != ENOENT) {
      throw Error(Where{path_}, "cannot remove: " + errno_text(errno));
    }
  }

  std::unique_ptr<Lock> lock(const std::string& operation, std::string* taken_over) override {
    detail::Holder me = detail::this_process();
    LockFile mine;
    mine.info = LockInfo{detail::new_lock_id(), me.identity(), operation, now_rfc3339()};
    mine.host = me.host;
    mine.pid = me.pid;
    std::string text = lock_file_text(mine);
    std::string took;
    std::string where = "lock file " + lock_path_;
    for (int attempt = 0; attempt < 50; ++attempt) {
      int fd = ::open(lock_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd >= 0) {
        try {
          write_all(fd, text, lock_path_);
          ::fsync(fd);
        } catch (const Error&) {
          ::close(fd);
          ::unlink(lock_path_.c_str());
          throw;
        }
        ::close(fd);
        if (taken_over != nullptr && !took.empty()) *taken_over = took;
        log::debug(kLog, "took lock " + mine.info.id + " (" + lock_path_ + ")");
        return std::make_unique<FileLockHandle>(lock_path_, mine.info);
      }
      if (errno != EEXIST) throw Error(Where{where}, "cannot create: " + errno_text(errno));
      std::optional<std::string> held_text = read_if_exists(lock_path_);
      if (!held_text) continue;  // released meanwhile
      std::optional<LockFile> held = parse_lock_file(lock_path_, *held_text);
      if (!held) {
        // Perhaps created but not yet written: give its creator a moment.
        if (attempt < 20) {
          std::this_thread::sleep_for(std::chrono::milliseconds(25));
          continue;
        }
        throw Error(Where{where}, kMalformedLock);
      }
      if (!detail::holder_is_gone(held->host, held->pid)) {
        throw Error(Where{where}, detail::locked_message(held->info));
      }
      // Stale. Move it aside, and make sure what was moved is the lock judged stale (another
      // run may have taken it over in between); if not, put that one back.
      std::string aside = lock_path_ + ".stale-" + mine.info.id;
      if (::rename(lock_path_.c_str(), aside.c_str()) != 0) {
        if (errno == ENOENT) continue;
        throw Error(Where{where}, "cannot move the stale lock aside: " + errno_text(errno));
      }
      std::optional<std::string> moved = read_if_exists(aside);
      if (moved != held_text) {
        if (::link(aside.c_str(), lock_path_.c_str()) != 0 && errno != EEXIST) {
          log::debug(kLog, "could not restore " + lock_path_ + ": " + errno_text(errno));
        }
        ::unlink(aside.c_str());
        continue;
      }
      ::unlink(aside.c_str());
      took = detail::taken_over_message(
          held->info, "process " + std::to_string(held->pid) + " no longer runs on " + held->host);
      log::debug(kLog, took);
    }
    throw Error(Where{where}, "could not take the lock: it keeps changing");
  }

  std::optional<LockInfo> lock_holder() override {
    std::optional<std::string> text = read_if_exists(lock_path_);
    if (!text) return std::nullopt;
    std::optional<LockFile> held = parse_lock_file(lock_path_, *text);
    if (!held) throw Error(Where{"lock file " + lock_path_}, kMalformedLock);
    return held->info;
  }

  bool force_unlock(const std::string& id) override {
    std::string where = "lock file " + lock_path_;
    std::optional<std::string> text = read_if_exists(lock_path_);
    if (!text) return false;
    if (!id.empty()) {
      std::optional<LockFile> held = parse_lock_file(lock_path_, *text);
      if (!held) throw Error(Where{where}, kMalformedLock);
      if (held->info.id != id) {
        throw Error(Where{where}, "lock id " + id + " is not the current lock, which is " +
                                      held->info.describe());
      }
    }
    if (::unlink(lock_path_.c_str()) != 0) {
      if (errno == ENOENT) return false;
      throw Error(Where{where}, "cannot remove: " + errno_text(errno));
    }
    return true;
  }

 private:
  std::string path_;
  std::string lock_path_;
};

}  // namespace

std::unique_ptr<Backend> file_backend(std::string path) {
  return std::make_unique<FileBackend>(std::move(path));
}

}  // namespace primer::state
