#include "charts/lock.h"

#include <filesystem>

#include "base/error.h"
#include "base/strings.h"
#include "charts/cache.h"
#include "charts/semver/semver.h"
#include "value/value.h"

namespace primer::charts {
namespace {

std::string field(const value::Value& chart, const char* key, const std::string& path,
                  bool required) {
  const value::Value* v = chart.find(key);
  if (v == nullptr || v->is_null()) {
    if (required) throw Error(Where{path}, std::string("chart.") + key + " is missing");
    return "";
  }
  if (v->is_string()) return v->as_string();
  if (v->is_int()) return std::to_string(v->as_int());
  throw Error(Where{path}, std::string("chart.") + key + " must be a string");
}

}  // namespace

std::string lock_repo(const Reference& ref) {
  switch (ref.kind) {
    case Reference::Kind::Repo:
      return ref.repo_url;
    case Reference::Kind::Oci:
      return "oci://" + ref.registry + "/" + ref.repository;
    case Reference::Kind::Local:
      return ref.path;
  }
  return "";
}

std::optional<Lock> read_lock(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  value::Value doc = value::parse_yaml(path, read_file(path), {.numbers = value::Numbers::Typed});
  const value::Value* chart = doc.is_map() ? doc.find("chart") : nullptr;
  if (chart == nullptr || !chart->is_map()) {
    throw Error(Where{path}, "not a primer lock file: no chart: map");
  }
  Lock lock;
  lock.name = field(*chart, "name", path, true);
  lock.version = field(*chart, "version", path, true);
  lock.constraint = field(*chart, "constraint", path, false);
  lock.repo = field(*chart, "repo", path, false);
  lock.source = field(*chart, "source", path, false);
  lock.digest = field(*chart, "digest", path, false);
  if (!lock.digest.empty() && (!starts_with(lock.digest, "sha256:") || lock.digest.size() != 71)) {
    throw Error(Where{path}, "chart.digest must be sha256: and 64 hex digits");
  }
  return lock;
}

std::string format_lock(const Lock& lock) {
  std::string out =
      "# primer.lock: the chart `primer init` resolved. Commit it; `primer init -upgrade`\n"
      "# resolves again.\n"
      "chart:\n";
  auto line = [&out](const char* key, const std::string& value) {
    if (!value.empty()) out += std::string("  ") + key + ": " + quote(value) + "\n";
  };
  line("name", lock.name);
  line("version", lock.version);
  line("constraint", lock.constraint);
  line("repo", lock.repo);
  line("source", lock.source);
  line("digest", lock.digest);
  return out;
}

void write_lock(const std::string& path, const Lock& lock) {
  write_file_atomic(path, format_lock(lock));
}

bool lock_matches(const Lock& lock, const Reference& ref) {
  std::string name = ref.kind == Reference::Kind::Local ? lock.name : ref.name;
  return lock.name == name && lock.repo == lock_repo(ref);
}

Reference pin_to_lock(const Reference& ref, const Lock& lock) {
  Reference pinned = ref;
  if (ref.kind == Reference::Kind::Local) return pinned;
  if (ref.kind == Reference::Kind::Repo && !ref.version.empty() && ref.version != lock.version) {
    bool ok = false;
    try {
      ok = semver::Constraints::parse(ref.version).check(semver::Version::parse(lock.version));
    } catch (const Error&) {
      ok = false;
    }
    if (!ok) {
      throw Error("primer.lock pins " + lock.name + " " + lock.version +
                  ", which does not satisfy the version " + quote(ref.version) +
                  " asked for; run primer init -upgrade");
    }
  }
  if (ref.kind == Reference::Kind::Oci && !ref.version.empty() && ref.version != lock.version) {
    throw Error("primer.lock pins " + lock.name + " " + lock.version + ", not " +
                quote(ref.version) + "; run primer init -upgrade");
  }
  pinned.version = lock.version;
  return pinned;
}

}  // namespace primer::charts
