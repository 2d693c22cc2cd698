#include "state/detail/lock_holder.h"

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include "base/strings.h"
#include "state/state.h"

namespace primer::state {

std::string LockInfo::describe() const {
  return "held by " + holder + " for " + quote(operation) + " since " + created + " (lock id " +
         id + ")";
}

namespace detail {
namespace {

std::string user_name() {
  std::vector<char> buf(16384);
  passwd pw{};
  passwd* found = nullptr;
  if (getpwuid_r(geteuid(), &pw, buf.data(), buf.size(), &found) == 0 && found != nullptr &&
      found->pw_name != nullptr && *found->pw_name != '\0') {
    return found->pw_name;
  }
  if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') return user;
  return "uid" + std::to_string(geteuid());
}

bool digits(std::string_view s, int* out) {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

std::string Holder::identity() const { return user + "@" + host + " pid " + std::to_string(pid); }

Holder this_process() { return Holder{user_name(), host_name(), static_cast<long>(getpid())}; }

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') return "localhost";
  return buf;
}

bool process_running(long pid) {
  if (pid <= 0) return false;
  if (kill(static_cast<pid_t>(pid), 0) == 0) return true;
  return errno != ESRCH;  // EPERM: it runs under another user
}

std::optional<std::pair<std::string, long>> parse_identity(std::string_view identity) {
  std::size_t at = identity.find('@');
  std::size_t pid_at = identity.rfind(" pid ");
  if (at == std::string_view::npos || pid_at == std::string_view::npos || pid_at < at) {
    return std::nullopt;
  }
  std::string_view number = identity.substr(pid_at + 5);
  long pid = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), pid);
  if (ec != std::errc() || end != number.data() + number.size() || pid <= 0) return std::nullopt;
  return std::make_pair(std::string(identity.substr(at + 1, pid_at - at - 1)), pid);
}

bool holder_is_gone(const std::string& host, long pid) {
  return !host.empty() && host == host_name() && !process_running(pid);
}

std::string new_lock_id() { return new_lineage(); }

std::string locked_message(const LockInfo& info) {
  return "state is locked: " + info.describe() +
         "; if no primer run is active, run: primer state unlock " + info.id;
}

std::string taken_over_message(const LockInfo& info, std::string_view why) {
  return "took over a stale lock " + info.describe() + ": " + std::string(why);
}

std::string format_rfc3339(SystemTime t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string format_micro_time(SystemTime t) {
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch());
  auto secs = std::chrono::floor<std::chrono::seconds>(micros);
  std::time_t whole = static_cast<std::time_t>(secs.count());
  std::tm tm{};
  gmtime_r(&whole, &tm);
  char buf[48];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%06lldZ",
                static_cast<long long>((micros - secs).count()));
  return buf;
}

std::optional<SystemTime> parse_time(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.fraction](Z|±hh:mm)
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  int year, month, day, hour, minute, second;
  if (!digits(text.substr(0, 4), &year) || !digits(text.substr(5, 2), &month) ||
      !digits(text.substr(8, 2), &day) || !digits(text.substr(11, 2), &hour) ||
      !digits(text.substr(14, 2), &minute) || !digits(text.substr(17, 2), &second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::chrono::nanoseconds fraction{0};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::int64_t nanos = 0;
    int count = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (count < 9) {
        nanos = nanos * 10 + (text[pos] - '0');
        ++count;
      }
      ++pos;
    }
    if (count == 0) return std::nullopt;
    for (; count < 9; ++count) nanos *= 10;
    fraction = std::chrono::nanoseconds(nanos);
  }
  int offset_minutes = 0;
  std::string_view zone = text.substr(pos);
  if (zone == "Z" || zone == "z") {
    // UTC
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int oh, om;
    if (!digits(zone.substr(1, 2), &oh) || !digits(zone.substr(4, 2), &om)) return std::nullopt;
    offset_minutes = (oh * 60 + om) * (zone[0] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  std::time_t secs = timegm(&tm);
  SystemTime t =
      std::chrono::system_clock::from_time_t(secs) - std::chrono::minutes(offset_minutes);
  return t + std::chrono::duration_cast<SystemTime::duration>(fraction);
}

}  // namespace detail
}  // namespace primer::state
