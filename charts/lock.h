// primer.lock: the chart a configuration resolved to (name, exact version, where it came
// from, sha256 of the archive), written by `primer init` and honoured by later runs so that
// every run installs the same bytes.
#pragma once

#include <optional>
#include <string>

#include "charts/reference.h"

namespace primer::charts {

struct Lock {
  std::string name;
  std::string version;     // the exact version resolved
  std::string constraint;  // what was asked for ("" = newest stable)
  std::string repo;        // repository URL, oci://REGISTRY/REPOSITORY, or the local path
  std::string source;      // the archive's URL (or path)
  std::string digest;      // "sha256:HEX"
};

/// Reads the lock file at `path`; nullopt when it does not exist. Throws Error located in
/// the file when it is not a primer lock.
std::optional<Lock> read_lock(const std::string& path);
/// Writes `lock` to `path` atomically. Throws Error on I/O failure.
void write_lock(const std::string& path, const Lock& lock);
/// The lock file's text.
std::string format_lock(const Lock& lock);

/// Whether `lock` was made for `ref` (same chart and source); a lock for another chart is
/// stale and must be re-resolved.
bool lock_matches(const Lock& lock, const Reference& ref);
/// `ref` pinned to the locked version. Throws Error when the locked version no longer
/// satisfies `ref`'s constraint ("run primer init -upgrade").
Reference pin_to_lock(const Reference& ref, const Lock& lock);
/// What `ref` is recorded as in Lock::repo.
std::string lock_repo(const Reference& ref);

}  // namespace primer::charts
