// What the Secret and file backends share about locks: who this process is ("user@host pid
// N"), whether a process of this host still runs, lock ids, times, and the wording of the
// "locked" and "taken over" messages. For state/'s own files and tests only.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "state/backend.h"

namespace primer::state::detail {

using SystemTime = std::chrono::system_clock::time_point;

/// This process as a lock holder.
struct Holder {
  std::string user, host;
  long pid = 0;
  /// "user@host pid 1234".
  std::string identity() const;
};

/// The holder this process is.
Holder this_process();
/// The host name (gethostname), "localhost" when it has none.
std::string host_name();
/// False only when no process `pid` exists (kill(pid, 0) fails with ESRCH).
bool process_running(long pid);
/// The host and pid of an identity written by Holder::identity; nullopt when it is not one.
std::optional<std::pair<std::string, long>> parse_identity(std::string_view identity);
/// True when `host` is this host and no process `pid` runs here: the holder died.
bool holder_is_gone(const std::string& host, long pid);

/// A new random lock id (UUID v4 text).
std::string new_lock_id();

/// `state is locked: <describe>; if no primer run is active, run: primer state unlock <id>`.
std::string locked_message(const LockInfo& info);
/// One line for Backend::lock's `taken_over`: `took over a stale lock <describe>: <why>`.
std::string taken_over_message(const LockInfo& info, std::string_view why);

/// "2026-11-26T21:14:03Z".
std::string format_rfc3339(SystemTime t);
/// Kubernetes MicroTime: "2026-11-26T21:14:03.123456Z".
std::string format_micro_time(SystemTime t);
/// An RFC 3339 time ("Z" or "±hh:mm", optional fraction); nullopt when it does not parse.
std::optional<SystemTime> parse_time(std::string_view text);

}  // namespace primer::state::detail
