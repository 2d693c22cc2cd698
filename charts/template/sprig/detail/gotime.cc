#include "charts/template/sprig/detail/gotime.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "base/error.h"
#include "base/strings.h"

namespace primer::tmpl::sprig::gotime {
namespace {

constexpr std::int64_t kSecond = 1'000'000'000;

// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12), and back.
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  std::int64_t yoe = y - era * 400;
  std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  std::int64_t year;
  int month, day, hour, minute, second, weekday, yday;
};

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

Civil civil(std::int64_t local_sec) {
  std::int64_t days = floor_div(local_sec, 86400);
  std::int64_t rem = local_sec - days * 86400;
  std::int64_t z = days + 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  std::int64_t doe = z - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  std::int64_t mp = (5 * doy + 2) / 153;
  Civil c{};
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2);
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem / 60 % 60);
  c.second = static_cast<int>(rem % 60);
  c.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday (4)
  c.yday = static_cast<int>(days - days_from_civil(c.year, 1, 1) + 1);
  return c;
}

bool is_leap(std::int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }
int days_in(int month, std::int64_t year) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

const char* const kLongMonths[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};
const char* const kLongDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                 "Thursday", "Friday", "Saturday"};

std::uint32_t be32(const std::string& s, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

}  // namespace

// ---- Location ----------------------------------------------------------------------------

std::shared_ptr<const Location> Location::utc() { return fixed("UTC", 0); }

std::shared_ptr<const Location> Location::fixed(std::string name, int offset) {
  auto l = std::make_shared<Location>();
  l->name_ = name;
  l->zones_.push_back(Zone{std::move(name), offset});
  return l;
}

namespace {

// A TZif file (RFC 8536), version 2+ data preferred. nullopt when malformed.
bool read_tzif(const std::string& data, std::vector<Location::Zone>& zones,
               std::vector<std::pair<std::int64_t, std::size_t>>& transitions) {
  if (data.size() < 44 || data.compare(0, 4, "TZif") != 0) return false;
  std::size_t at = 0;
  auto counts = [&](std::size_t h, std::uint32_t c[6]) {
    for (int i = 0; i < 6; ++i) c[i] = be32(data, h + 20 + 4 * static_cast<std::size_t>(i));
  };
  std::uint32_t c[6];
  counts(0, c);
  int time_size = 4;
  if (data[4] >= '2') {
    std::size_t v1 = c[3] * 5ull + c[4] * 6ull + c[5] + c[2] * 8ull + c[1] + c[0];
    at = 44 + v1;
    if (data.size() < at + 44) return false;
    counts(at, c);
    time_size = 8;
  }
  at += 44;
  const std::uint32_t isut = c[0], isstd = c[1], leap = c[2], timecnt = c[3], typecnt = c[4],
                      charcnt = c[5];
  std::size_t need = timecnt * static_cast<std::size_t>(time_size + 1) + typecnt * 6ull + charcnt +
                     leap * static_cast<std::size_t>(time_size + 4) + isstd + isut;
  if (data.size() < at + need || typecnt == 0) return false;
  std::vector<std::int64_t> times;
  for (std::uint32_t i = 0; i < timecnt; ++i) {
    std::int64_t t;
    if (time_size == 8) {
      std::uint64_t hi = be32(data, at), lo = be32(data, at + 4);
      t = static_cast<std::int64_t>((hi << 32) | lo);
    } else {
      t = static_cast<std::int32_t>(be32(data, at));
    }
    times.push_back(t);
    at += static_cast<std::size_t>(time_size);
  }
  std::vector<std::size_t> idx;
  for (std::uint32_t i = 0; i < timecnt; ++i) idx.push_back(static_cast<unsigned char>(data[at++]));
  std::size_t types_at = at;
  std::size_t chars_at = at + typecnt * 6ull;
  for (std::uint32_t i = 0; i < typecnt; ++i) {
    std::size_t r = types_at + i * 6ull;
    int off = static_cast<std::int32_t>(be32(data, r));
    std::size_t ai = static_cast<unsigned char>(data[r + 5]);
    std::string abbrev;
    for (std::size_t k = chars_at + ai; k < chars_at + charcnt && data[k]; ++k) abbrev += data[k];
    zones.push_back(Location::Zone{abbrev, off});
  }
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (idx[i] >= zones.size()) return false;
    transitions.emplace_back(times[i], idx[i]);
  }
  return true;
}

}  // namespace

std::shared_ptr<const Location> Location::load(std::string_view name) {
  if (name.empty() || name == "UTC") return utc();
  if (name == "Local") return local();
  if (name.find("..") != std::string_view::npos || name[0] == '/' || name[0] == '\\')
    return nullptr;
  std::vector<std::string> dirs;
  if (const char* zi = std::getenv("ZONEINFO"); zi && *zi) dirs.emplace_back(zi);
  dirs.emplace_back("/usr/share/zoneinfo");
  for (const std::string& dir : dirs) {
    std::ifstream in(dir + "/" + std::string(name), std::ios::binary);
    if (!in) continue;
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto l = std::make_shared<Location>();
    std::vector<std::pair<std::int64_t, std::size_t>> tr;
    if (!read_tzif(data, l->zones_, tr)) continue;
    for (auto& [at, z] : tr) l->transitions_.push_back(Transition{at, z});
    l->name_ = std::string(name);
    return l;
  }
  return nullptr;
}

std::shared_ptr<const Location> Location::local() {
  const char* tz = std::getenv("TZ");
  std::shared_ptr<const Location> l;
  if (!tz) {
    std::ifstream in("/etc/localtime", std::ios::binary);
    if (in) {
      std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      auto loc = std::make_shared<Location>();
      std::vector<std::pair<std::int64_t, std::size_t>> tr;
      if (read_tzif(data, loc->zones_, tr)) {
        for (auto& [at, z] : tr) loc->transitions_.push_back(Transition{at, z});
        loc->name_ = "Local";
        return loc;
      }
    }
  } else {
    std::string_view name = tz;
    if (!name.empty() && name[0] == ':') name.remove_prefix(1);
    if (!name.empty() && name != "UTC" && name[0] != '/') l = load(name);
  }
  return l ? l : utc();
}

Location::Zone Location::lookup(std::int64_t unix, std::int64_t* start, std::int64_t* end) const {
  constexpr std::int64_t kAlpha = INT64_MIN, kOmega = INT64_MAX;
  if (start) *start = kAlpha;
  if (end) *end = kOmega;
  if (transitions_.empty() || unix < transitions_.front().at) {
    if (end && !transitions_.empty()) *end = transitions_.front().at;
    // parity: lookupFirstZone, simplified: the first zone recorded.
    return zones_.front();
  }
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), unix,
                             [](std::int64_t u, const Transition& t) { return u < t.at; });
  --it;
  if (start) *start = it->at;
  if (end && it + 1 != transitions_.end()) *end = (it + 1)->at;
  return zones_[it->zone];
}

std::optional<int> Location::lookup_name(std::string_view abbrev, std::int64_t unix) const {
  // parity: Location.lookupName: first a zone with that name in effect at the time, then any.
  for (const Zone& z : zones_) {
    if (z.abbrev == abbrev) {
      Zone at = lookup(unix - z.offset);
      if (at.abbrev == z.abbrev) return at.offset;
    }
  }
  for (const Zone& z : zones_) {
    if (z.abbrev == abbrev) return z.offset;
  }
  return std::nullopt;
}

// ---- Time --------------------------------------------------------------------------------

Time Time::now() {
  using namespace std::chrono;
  auto ns = duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count();
  // parity: Go's monotonic reading counts from process start.
  static const auto kStart = steady_clock::now();
  Time t;
  t.unix = floor_div(ns, kSecond);
  t.nsec = static_cast<std::int32_t>(ns - t.unix * kSecond);
  t.loc = Location::local();
  t.mono = duration_cast<nanoseconds>(steady_clock::now() - kStart).count();
  return t;
}

Time Time::from_unix(std::int64_t sec) {
  Time t;
  t.unix = sec;
  t.loc = Location::local();
  return t;
}

Time Time::in(std::shared_ptr<const Location> l) const {
  Time t = *this;
  t.loc = std::move(l);
  t.mono.reset();
  return t;
}

Time Time::add(std::int64_t d) const {
  Time t = *this;
  t.unix += d / kSecond;
  std::int64_t n = static_cast<std::int64_t>(t.nsec) + d % kSecond;
  if (n >= kSecond) {
    ++t.unix;
    n -= kSecond;
  } else if (n < 0) {
    --t.unix;
    n += kSecond;
  }
  t.nsec = static_cast<std::int32_t>(n);
  if (t.mono) *t.mono += d;
  return t;
}

const Location& Time::location() const {
  static const std::shared_ptr<const Location> kUtc = Location::utc();
  return loc ? *loc : *kUtc;
}

// ---- Format ------------------------------------------------------------------------------

namespace {

enum class Std {
  None,
  LongMonth,
  Month,
  NumMonth,
  ZeroMonth,
  LongWeekDay,
  WeekDay,
  Day,
  UnderDay,
  ZeroDay,
  UnderYearDay,
  ZeroYearDay,
  Hour,
  Hour12,
  ZeroHour12,
  Minute,
  ZeroMinute,
  Second,
  ZeroSecond,
  LongYear,
  Year,
  PM,
  pm,
  TZ,
  ISO8601TZ,
  ISO8601SecondsTZ,
  ISO8601ShortTZ,
  ISO8601ColonTZ,
  ISO8601ColonSecondsTZ,
  NumTZ,
  NumSecondsTz,
  NumShortTZ,
  NumColonTZ,
  NumColonSecondsTZ,
  FracSecond0,
  FracSecond9,
};

struct Chunk {
  std::size_t prefix_end = 0;  // layout[0, prefix_end) is literal
  Std std = Std::None;
  std::size_t std_end = 0;  // the element is layout[prefix_end, std_end)
  int frac_digits = 0;
};

bool lower_start(std::string_view s) { return !s.empty() && s[0] >= 'a' && s[0] <= 'z'; }
bool digit_at(std::string_view s, std::size_t i) {
  return i < s.size() && s[i] >= '0' && s[i] <= '9';
}

// parity: nextStdChunk (time/format.go).
Chunk next_chunk(std::string_view l) {
  auto found = [](std::size_t i, Std s, std::size_t n) { return Chunk{i, s, i + n, 0}; };
  for (std::size_t i = 0; i < l.size(); ++i) {
    std::string_view r = l.substr(i);
    switch (l[i]) {
      case 'J':
        if (r.substr(0, 3) == "Jan") {
          if (r.substr(0, 7) == "January") return found(i, Std::LongMonth, 7);
          if (!lower_start(r.substr(3))) return found(i, Std::Month, 3);
        }
        break;
      case 'M':
        if (r.substr(0, 3) == "Mon") {
          if (r.substr(0, 6) == "Monday") return found(i, Std::LongWeekDay, 6);
          if (!lower_start(r.substr(3))) return found(i, Std::WeekDay, 3);
        }
        if (r.substr(0, 3) == "MST") return found(i, Std::TZ, 3);
        break;
      case '0':
        if (r.size() >= 2 && r[1] >= '1' && r[1] <= '6') {
          static constexpr Std k0x[] = {Std::ZeroMonth,  Std::ZeroDay,    Std::ZeroHour12,
                                        Std::ZeroMinute, Std::ZeroSecond, Std::Year};
          return found(i, k0x[r[1] - '1'], 2);
        }
        if (r.size() >= 3 && r[1] == '0' && r[2] == '2') return found(i, Std::ZeroYearDay, 3);
        break;
      case '1':
        if (r.size() >= 2 && r[1] == '5') return found(i, Std::Hour, 2);
        return found(i, Std::NumMonth, 1);
      case '2':
        if (r.substr(0, 4) == "2006") return found(i, Std::LongYear, 4);
        return found(i, Std::Day, 1);
      case '_':
        if (r.size() >= 2 && r[1] == '2') {
          if (r.substr(1, 4) == "2006") return found(i + 1, Std::LongYear, 4);
          return found(i, Std::UnderDay, 2);
        }
        if (r.size() >= 3 && r[1] == '_' && r[2] == '2') return found(i, Std::UnderYearDay, 3);
        break;
      case '3':
        return found(i, Std::Hour12, 1);
      case '4':
        return found(i, Std::Minute, 1);
      case '5':
        return found(i, Std::Second, 1);
      case 'P':
        if (r.size() >= 2 && r[1] == 'M') return found(i, Std::PM, 2);
        break;
      case 'p':
        if (r.size() >= 2 && r[1] == 'm') return found(i, Std::pm, 2);
        break;
      case '-':
        if (r.substr(0, 7) == "-070000") return found(i, Std::NumSecondsTz, 7);
        if (r.substr(0, 9) == "-07:00:00") return found(i, Std::NumColonSecondsTZ, 9);
        if (r.substr(0, 5) == "-0700") return found(i, Std::NumTZ, 5);
        if (r.substr(0, 6) == "-07:00") return found(i, Std::NumColonTZ, 6);
        if (r.substr(0, 3) == "-07") return found(i, Std::NumShortTZ, 3);
        break;
      case 'Z':
        if (r.substr(0, 7) == "Z070000") return found(i, Std::ISO8601SecondsTZ, 7);
        if (r.substr(0, 9) == "Z07:00:00") return found(i, Std::ISO8601ColonSecondsTZ, 9);
        if (r.substr(0, 5) == "Z0700") return found(i, Std::ISO8601TZ, 5);
        if (r.substr(0, 6) == "Z07:00") return found(i, Std::ISO8601ColonTZ, 6);
        if (r.substr(0, 3) == "Z07") return found(i, Std::ISO8601ShortTZ, 3);
        break;
      case '.':
      case ',':
        if (r.size() >= 2 && (r[1] == '0' || r[1] == '9')) {
          char ch = r[1];
          std::size_t j = 1;
          while (j < r.size() && r[j] == ch) ++j;
          if (!digit_at(r, j)) {
            Chunk c = found(i, ch == '0' ? Std::FracSecond0 : Std::FracSecond9, j);
            c.frac_digits = static_cast<int>(j - 1);
            return c;
          }
        }
        break;
      default:
        break;
    }
  }
  return Chunk{l.size(), Std::None, l.size(), 0};
}

void append_int(std::string& out, std::int64_t v, int width) {
  if (v < 0) {
    out += '-';
    v = -v;
  }
  std::string digits = std::to_string(v);
  if (static_cast<int>(digits.size()) < width) out.append(width - digits.size(), '0');
  out += digits;
}

bool is_iso(Std s) {
  return s == Std::ISO8601TZ || s == Std::ISO8601SecondsTZ || s == Std::ISO8601ShortTZ ||
         s == Std::ISO8601ColonTZ || s == Std::ISO8601ColonSecondsTZ;
}
bool is_numtz(Std s) {
  return is_iso(s) || s == Std::NumTZ || s == Std::NumSecondsTz || s == Std::NumShortTZ ||
         s == Std::NumColonTZ || s == Std::NumColonSecondsTZ;
}

}  // namespace

std::string format(const Time& t, std::string_view layout) {
  Location::Zone zone = t.location().lookup(t.unix);
  Civil c = civil(t.unix + zone.offset);
  std::string out;
  while (!layout.empty()) {
    Chunk ch = next_chunk(layout);
    out.append(layout.substr(0, ch.prefix_end));
    if (ch.std == Std::None) break;
    switch (ch.std) {
      case Std::Year:
        append_int(out, ((c.year % 100) + 100) % 100, 2);
        break;
      case Std::LongYear:
        append_int(out, c.year, 4);
        break;
      case Std::Month:
        out += std::string_view(kLongMonths[c.month - 1]).substr(0, 3);
        break;
      case Std::LongMonth:
        out += kLongMonths[c.month - 1];
        break;
      case Std::NumMonth:
        append_int(out, c.month, 0);
        break;
      case Std::ZeroMonth:
        append_int(out, c.month, 2);
        break;
      case Std::WeekDay:
        out += std::string_view(kLongDays[c.weekday]).substr(0, 3);
        break;
      case Std::LongWeekDay:
        out += kLongDays[c.weekday];
        break;
      case Std::Day:
        append_int(out, c.day, 0);
        break;
      case Std::UnderDay:
        if (c.day < 10) out += ' ';
        append_int(out, c.day, 0);
        break;
      case Std::ZeroDay:
        append_int(out, c.day, 2);
        break;
      case Std::UnderYearDay:
        if (c.yday < 100) out += ' ';
        if (c.yday < 10) out += ' ';
        append_int(out, c.yday, 0);
        break;
      case Std::ZeroYearDay:
        append_int(out, c.yday, 3);
        break;
      case Std::Hour:
        append_int(out, c.hour, 2);
        break;
      case Std::Hour12:
        append_int(out, c.hour % 12 == 0 ? 12 : c.hour % 12, 0);
        break;
      case Std::ZeroHour12:
        append_int(out, c.hour % 12 == 0 ? 12 : c.hour % 12, 2);
        break;
      case Std::Minute:
        append_int(out, c.minute, 0);
        break;
      case Std::ZeroMinute:
        append_int(out, c.minute, 2);
        break;
      case Std::Second:
        append_int(out, c.second, 0);
        break;
      case Std::ZeroSecond:
        append_int(out, c.second, 2);
        break;
      case Std::PM:
        out += c.hour >= 12 ? "PM" : "AM";
        break;
      case Std::pm:
        out += c.hour >= 12 ? "pm" : "am";
        break;
      case Std::TZ:
        if (!zone.abbrev.empty()) {
          out += zone.abbrev;
        } else {
          int z = zone.offset / 60;
          out += z < 0 ? '-' : '+';
          z = std::abs(z);
          append_int(out, z / 60, 2);
          append_int(out, z % 60, 2);
        }
        break;
      case Std::FracSecond0:
      case Std::FracSecond9: {
        std::string digits = std::to_string(t.nsec);
        digits.insert(0, 9 - digits.size(), '0');
        digits.resize(static_cast<std::size_t>(std::min(ch.frac_digits, 9)));
        if (ch.std == Std::FracSecond9) {
          while (!digits.empty() && digits.back() == '0') digits.pop_back();
          if (digits.empty()) break;
        }
        out += layout[ch.prefix_end];
        out += digits;
        break;
      }
      default:
        if (is_numtz(ch.std)) {
          Std s = ch.std;
          if (zone.offset == 0 && is_iso(s)) {
            out += 'Z';
            break;
          }
          int z = zone.offset / 60;
          int abs_off = zone.offset;
          if (z < 0) {
            out += '-';
            z = -z;
            abs_off = -abs_off;
          } else {
            out += '+';
          }
          append_int(out, z / 60, 2);
          bool colon = s == Std::ISO8601ColonTZ || s == Std::NumColonTZ ||
                       s == Std::ISO8601ColonSecondsTZ || s == Std::NumColonSecondsTZ;
          if (colon) out += ':';
          if (s != Std::NumShortTZ && s != Std::ISO8601ShortTZ) append_int(out, z % 60, 2);
          if (s == Std::ISO8601SecondsTZ || s == Std::NumSecondsTz || s == Std::NumColonSecondsTZ ||
              s == Std::ISO8601ColonSecondsTZ) {
            if (s == Std::NumColonSecondsTZ || s == Std::ISO8601ColonSecondsTZ) out += ':';
            append_int(out, abs_off % 60, 2);
          }
        }
        break;
    }
    layout = layout.substr(ch.std_end);
  }
  return out;
}

std::string to_string(const Time& t) {
  std::string s = format(t, "2006-01-02 15:04:05.999999999 -0700 MST");
  if (t.mono) {
    std::int64_t m = *t.mono;
    s += " m=";
    s += m < 0 ? '-' : '+';
    if (m < 0) m = -m;
    std::string frac = std::to_string(m % kSecond);
    frac.insert(0, 9 - frac.size(), '0');
    s += std::to_string(m / kSecond) + "." + frac;
  }
  return s;
}

// ---- Parse -------------------------------------------------------------------------------

namespace {

struct Bad {};  // Go's errBad: "cannot parse ... as ..."

// parity: getnum / getnum3.
int getnum(std::string_view& s, bool fixed, int max_digits = 2) {
  if (!digit_at(s, 0)) throw Bad{};
  int n = 0;
  std::size_t i = 0;
  while (i < static_cast<std::size_t>(max_digits) && digit_at(s, i)) n = n * 10 + (s[i++] - '0');
  if (fixed && static_cast<int>(i) != max_digits) throw Bad{};
  s.remove_prefix(i);
  return n;
}

bool ieq_prefix(std::string_view s, std::string_view word) {
  if (s.size() < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char a = s[i], b = word[i];
    if (a == b) continue;
    if ((a | 0x20) != (b | 0x20) || (a | 0x20) < 'a' || (a | 0x20) > 'z') return false;
  }
  return true;
}

int lookup(std::string_view& s, const char* const* table, int n, std::size_t len) {
  for (int i = 0; i < n; ++i) {
    std::string_view w = table[i];
    if (len) w = w.substr(0, len);
    if (ieq_prefix(s, w)) {
      s.remove_prefix(w.size());
      return i;
    }
  }
  throw Bad{};
}

std::string_view cut_space(std::string_view s) {
  while (!s.empty() && s[0] == ' ') s.remove_prefix(1);
  return s;
}

// parity: skip: the layout's literal text must match; a space matches any run of spaces.
bool skip(std::string_view& value, std::string_view prefix) {
  while (!prefix.empty()) {
    if (prefix[0] == ' ') {
      if (!value.empty() && value[0] != ' ') return false;
      prefix = cut_space(prefix);
      value = cut_space(value);
      continue;
    }
    if (value.empty() || value[0] != prefix[0]) return false;
    value.remove_prefix(1);
    prefix.remove_prefix(1);
  }
  return true;
}

// parity: parseNanoseconds. Returns nanoseconds; value[0] is the separator.
int parse_nanos(std::string_view value, std::size_t nbytes) {
  if (value.empty() || (value[0] != '.' && value[0] != ',')) throw Bad{};
  if (nbytes > 10) nbytes = 10;
  int ns = 0;
  for (std::size_t i = 1; i < nbytes; ++i) {
    if (!digit_at(value, i)) throw Bad{};
    ns = ns * 10 + (value[i] - '0');
  }
  for (std::size_t i = nbytes; i < 10; ++i) ns *= 10;
  return ns;
}

// parity: parseTimeZone (simplified: abbreviations of 3 to 5 upper-case letters, GMT±h).
std::size_t zone_length(std::string_view v) {
  if (v.size() < 3) return 0;
  if (v.size() >= 4 && (v.substr(0, 4) == "ChST" || v.substr(0, 4) == "MeST")) return 4;
  if (v.substr(0, 3) == "GMT") {
    std::size_t n = 3;
    if (v.size() > 3 && (v[3] == '+' || v[3] == '-')) {
      std::size_t j = 4;
      while (digit_at(v, j)) ++j;
      if (j > 4) n = j;
    }
    return n;
  }
  if (v[0] == '+' || v[0] == '-') {
    std::size_t j = 1;
    while (digit_at(v, j)) ++j;
    return j > 1 ? j : 0;
  }
  std::size_t upper = 0;
  while (upper < v.size() && v[upper] >= 'A' && v[upper] <= 'Z') ++upper;
  switch (upper) {
    case 3:
      return 3;
    case 4:
      return (v[3] == 'T' || v.substr(0, 4) == "WITA") ? 4 : 0;
    case 5:
      return v[4] == 'T' ? 5 : 0;
    default:
      return 0;
  }
}

std::int64_t unix_of(std::int64_t year, int month, int day, int hour, int min, int sec) {
  // time.Date normalises out-of-range months; here months and days are already valid.
  return days_from_civil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec;
}

Error parse_error(std::string_view layout, std::string_view value, std::string_view value_elem,
                  std::string_view layout_elem, std::string_view message) {
  if (message.empty()) {
    return Error("parsing time " + quote(value) + " as " + quote(layout) + ": cannot parse " +
                 quote(value_elem) + " as " + quote(layout_elem));
  }
  return Error("parsing time " + quote(value) + std::string(message));
}

}  // namespace

Time parse(std::string_view alayout, std::string_view avalue,
           std::shared_ptr<const Location> local) {
  std::string_view layout = alayout, value = avalue;
  std::int64_t year = 0;
  int month = -1, day = -1, yday = -1, hour = 0, min = 0, sec = 0, nsec = 0;
  bool pm_set = false, am_set = false, utc_zone = false;
  int zone_offset = -1;
  bool has_offset = false;
  std::string zone_name;
  static const char* const kShortDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  while (true) {
    Chunk ch = next_chunk(layout);
    std::string_view prefix = layout.substr(0, ch.prefix_end);
    std::string_view stdstr = layout.substr(ch.prefix_end, ch.std_end - ch.prefix_end);
    if (!skip(value, prefix)) throw parse_error(alayout, avalue, value, prefix, "");
    if (ch.std == Std::None) {
      if (!value.empty())
        throw parse_error(alayout, avalue, "", "", ": extra text: " + quote(value));
      break;
    }
    layout = layout.substr(ch.std_end);
    std::string_view hold = value;
    std::string range;
    try {
      switch (ch.std) {
        case Std::Year: {
          if (value.size() < 2) throw Bad{};
          std::string_view p = value.substr(0, 2);
          value.remove_prefix(2);
          if (!digit_at(p, 0) || !digit_at(p, 1)) throw Bad{};
          year = (p[0] - '0') * 10 + (p[1] - '0');
          year += year >= 69 ? 1900 : 2000;
          break;
        }
        case Std::LongYear: {
          if (value.size() < 4 || !digit_at(value, 0)) throw Bad{};
          std::string_view p = value.substr(0, 4);
          value.remove_prefix(4);
          year = 0;
          for (char c : p) {
            if (c < '0' || c > '9') throw Bad{};
            year = year * 10 + (c - '0');
          }
          break;
        }
        case Std::Month:
          month = lookup(value, kLongMonths, 12, 3) + 1;
          break;
        case Std::LongMonth:
          month = lookup(value, kLongMonths, 12, 0) + 1;
          break;
        case Std::NumMonth:
        case Std::ZeroMonth:
          month = getnum(value, ch.std == Std::ZeroMonth);
          if (month <= 0 || month > 12) range = "month";
          break;
        case Std::WeekDay:
          lookup(value, kShortDays, 7, 0);
          break;
        case Std::LongWeekDay:
          lookup(value, kLongDays, 7, 0);
          break;
        case Std::Day:
        case Std::UnderDay:
        case Std::ZeroDay:
          if (ch.std == Std::UnderDay && !value.empty() && value[0] == ' ') value.remove_prefix(1);
          day = getnum(value, ch.std == Std::ZeroDay);
          break;
        case Std::UnderYearDay:
        case Std::ZeroYearDay:
          for (int i = 0; i < 2; ++i) {
            if (ch.std == Std::UnderYearDay && !value.empty() && value[0] == ' ')
              value.remove_prefix(1);
          }
          yday = getnum(value, ch.std == Std::ZeroYearDay, 3);
          break;
        case Std::Hour:
          hour = getnum(value, false);
          if (hour < 0 || hour >= 24) range = "hour";
          break;
        case Std::Hour12:
        case Std::ZeroHour12:
          hour = getnum(value, ch.std == Std::ZeroHour12);
          if (hour < 0 || hour > 12) range = "hour";
          break;
        case Std::Minute:
        case Std::ZeroMinute:
          min = getnum(value, ch.std == Std::ZeroMinute);
          if (min < 0 || min >= 60) range = "minute";
          break;
        case Std::Second:
        case Std::ZeroSecond: {
          sec = getnum(value, ch.std == Std::ZeroSecond);
          if (sec < 0 || sec >= 60) {
            range = "second";
            break;
          }
          if (value.size() >= 2 && (value[0] == '.' || value[0] == ',') && digit_at(value, 1)) {
            Std next = next_chunk(layout).std;
            if (next == Std::FracSecond0 || next == Std::FracSecond9) break;
            std::size_t n = 2;
            while (digit_at(value, n)) ++n;
            nsec = parse_nanos(value, n);
            value.remove_prefix(n);
          }
          break;
        }
        case Std::PM:
        case Std::pm: {
          if (value.size() < 2) throw Bad{};
          std::string_view p = value.substr(0, 2);
          value.remove_prefix(2);
          bool upper = ch.std == Std::PM;
          if (p == (upper ? "PM" : "pm")) {
            pm_set = true;
          } else if (p == (upper ? "AM" : "am")) {
            am_set = true;
          } else {
            throw Bad{};
          }
          break;
        }
        case Std::TZ: {
          if (value.substr(0, 3) == "UTC") {
            utc_zone = true;
            value.remove_prefix(3);
            break;
          }
          std::size_t n = zone_length(value);
          if (n == 0) throw Bad{};
          zone_name = std::string(value.substr(0, n));
          value.remove_prefix(n);
          break;
        }
        case Std::FracSecond0: {
          std::size_t ndigit = 1 + static_cast<std::size_t>(ch.frac_digits);
          if (value.size() < ndigit) throw Bad{};
          nsec = parse_nanos(value, ndigit);
          value.remove_prefix(ndigit);
          break;
        }
        case Std::FracSecond9: {
          if (value.size() < 2 || (value[0] != '.' && value[0] != ',') || !digit_at(value, 1))
            break;
          std::size_t i = 0;
          while (digit_at(value, i + 1)) ++i;
          nsec = parse_nanos(value, 1 + i);
          value.remove_prefix(1 + i);
          break;
        }
        default: {
          Std s = ch.std;
          if (is_iso(s) && !value.empty() && value[0] == 'Z') {
            value.remove_prefix(1);
            utc_zone = true;
            break;
          }
          std::string_view sign, hh, mm, ss = "00";
          if (s == Std::ISO8601ColonTZ || s == Std::NumColonTZ) {
            if (value.size() < 6 || value[3] != ':') throw Bad{};
            sign = value.substr(0, 1), hh = value.substr(1, 2), mm = value.substr(4, 2);
            value.remove_prefix(6);
          } else if (s == Std::NumShortTZ || s == Std::ISO8601ShortTZ) {
            if (value.size() < 3) throw Bad{};
            sign = value.substr(0, 1), hh = value.substr(1, 2), mm = "00";
            value.remove_prefix(3);
          } else if (s == Std::ISO8601ColonSecondsTZ || s == Std::NumColonSecondsTZ) {
            if (value.size() < 9 || value[3] != ':' || value[6] != ':') throw Bad{};
            sign = value.substr(0, 1), hh = value.substr(1, 2), mm = value.substr(4, 2),
            ss = value.substr(7, 2);
            value.remove_prefix(9);
          } else if (s == Std::ISO8601SecondsTZ || s == Std::NumSecondsTz) {
            if (value.size() < 7) throw Bad{};
            sign = value.substr(0, 1), hh = value.substr(1, 2), mm = value.substr(3, 2),
            ss = value.substr(5, 2);
            value.remove_prefix(7);
          } else {
            if (value.size() < 5) throw Bad{};
            sign = value.substr(0, 1), hh = value.substr(1, 2), mm = value.substr(3, 2);
            value.remove_prefix(5);
          }
          int h = getnum(hh, true), m = getnum(mm, true), sc = getnum(ss, true);
          if (h > 24) range = "time zone offset hour";
          if (m > 60) range = "time zone offset minute";
          if (sc > 60) range = "time zone offset second";
          zone_offset = (h * 60 + m) * 60 + sc;
          if (sign[0] == '-') {
            zone_offset = -zone_offset;
          } else if (sign[0] != '+') {
            throw Bad{};
          }
          has_offset = true;
          break;
        }
      }
    } catch (const Bad&) {
      throw parse_error(alayout, avalue, hold, stdstr, "");
    }
    if (!range.empty())
      throw parse_error(alayout, avalue, value, stdstr, ": " + range + " out of range");
  }
  if (pm_set && hour < 12) {
    hour += 12;
  } else if (am_set && hour == 12) {
    hour = 0;
  }
  if (yday >= 0) {
    int m = 0, d = 0;
    if (is_leap(year)) {
      if (yday == 31 + 29) {
        m = 2, d = 29;
      } else if (yday > 31 + 29) {
        --yday;
      }
    }
    if (yday < 1 || yday > 365)
      throw parse_error(alayout, avalue, "", "", ": day-of-year out of range");
    if (m == 0) {
      m = 1;
      int left = yday;
      while (left > days_in(m, 2001)) left -= days_in(m++, 2001);
      d = left;
    }
    if (month >= 0 && month != m)
      throw parse_error(alayout, avalue, "", "", ": day-of-year does not match month");
    month = m;
    if (day >= 0 && day != d)
      throw parse_error(alayout, avalue, "", "", ": day-of-year does not match day");
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > days_in(month, year))
    throw parse_error(alayout, avalue, "", "", ": day out of range");

  std::int64_t wall = unix_of(year, month, day, hour, min, sec);
  Time t;
  t.nsec = nsec;
  if (utc_zone) {
    t.unix = wall;
    t.loc = Location::utc();
    return t;
  }
  if (has_offset) {
    t.unix = wall - zone_offset;
    Location::Zone z = local->lookup(t.unix);
    if (z.offset == zone_offset && (zone_name.empty() || z.abbrev == zone_name)) {
      t.loc = local;
    } else {
      t.loc = Location::fixed(zone_name, zone_offset);
    }
    return t;
  }
  if (!zone_name.empty()) {
    if (auto off = local->lookup_name(zone_name, wall)) {
      t.unix = wall - *off;
      t.loc = local;
      return t;
    }
    int offset = 0;
    if (zone_name.size() > 3 && zone_name.compare(0, 3, "GMT") == 0)
      offset = std::atoi(zone_name.c_str() + 3) * 3600;
    // parity: Go keeps the wall time as UTC here and only labels it with the fake zone.
    t.unix = wall;
    t.loc = Location::fixed(zone_name, offset);
    return t;
  }
  // parity: time.Date's two-step lookup of the offset in effect at a local wall time.
  std::int64_t start = 0, end = 0;
  Location::Zone z = local->lookup(wall, &start, &end);
  std::int64_t unix = wall;
  if (z.offset != 0) {
    std::int64_t utc = wall - z.offset;
    if (utc < start || utc >= end) z = local->lookup(utc);
    unix -= z.offset;
  }
  t.unix = unix;
  t.loc = local;
  return t;
}

// ---- Duration ----------------------------------------------------------------------------

// parity: time.Duration.String.
std::string duration_string(std::int64_t d) {
  if (d == 0) return "0s";
  bool neg = d < 0;
  std::uint64_t u = neg ? 0 - static_cast<std::uint64_t>(d) : static_cast<std::uint64_t>(d);
  std::string out;
  auto frac = [&](std::uint64_t v, int prec) {
    // v with `prec` decimal digits, trailing zeros (and a bare point) dropped.
    std::string digits;
    bool print = false;
    for (int i = 0; i < prec; ++i) {
      int digit = static_cast<int>(v % 10);
      print = print || digit != 0;
      if (print) digits.insert(digits.begin(), static_cast<char>('0' + digit));
      v /= 10;
    }
    std::string s = std::to_string(v);
    if (!digits.empty()) s += "." + digits;
    return s;
  };
  if (u < 1'000'000'000ull) {
    int prec = 0;
    const char* unit;
    if (u < 1000) {
      unit = "ns";
    } else if (u < 1'000'000) {
      prec = 3;
      unit = "\xc2\xb5s";
    } else {
      prec = 6;
      unit = "ms";
    }
    out = frac(u, prec) + unit;
  } else {
    std::uint64_t secs = u / 1'000'000'000ull;
    std::string s = frac(u % 1'000'000'000ull + (secs % 60) * 1'000'000'000ull, 9) + "s";
    std::uint64_t mins = secs / 60;
    if (mins > 0) {
      std::uint64_t hours = mins / 60;
      s = std::to_string(mins % 60) + "m" + s;
      if (hours > 0) s = std::to_string(hours) + "h" + s;
    }
    out = s;
  }
  return neg ? "-" + out : out;
}

// parity: time.ParseDuration.
std::int64_t parse_duration(std::string_view orig) {
  auto invalid = [&] { return Error("time: invalid duration " + quote(orig)); };
  std::string_view s = orig;
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return 0;
  if (s.empty()) throw invalid();
  std::uint64_t total = 0;
  constexpr std::uint64_t kMax = 1ull << 63;
  while (!s.empty()) {
    if (!(s[0] == '.' || digit_at(s, 0))) throw invalid();
    std::uint64_t v = 0;
    std::size_t i = 0;
    for (; digit_at(s, i); ++i) {
      if (v > (kMax - 1) / 10) throw invalid();
      v = v * 10 + static_cast<std::uint64_t>(s[i] - '0');
      if (v > kMax) throw invalid();
    }
    bool pre = i > 0;
    s.remove_prefix(i);
    std::uint64_t f = 0;
    double scale = 1;
    bool post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      std::size_t j = 0;
      bool overflow = false;
      for (; digit_at(s, j); ++j) {
        if (overflow) continue;
        if (f > (kMax - 1) / 10) {
          overflow = true;
          continue;
        }
        std::uint64_t y = f * 10 + static_cast<std::uint64_t>(s[j] - '0');
        if (y > kMax) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s.remove_prefix(j);
    }
    if (!pre && !post) throw invalid();
    std::size_t u = 0;
    while (u < s.size() && s[u] != '.' && !digit_at(s, u)) ++u;
    if (u == 0) throw Error("time: missing unit in duration " + quote(orig));
    std::string_view unit_name = s.substr(0, u);
    s.remove_prefix(u);
    std::uint64_t unit;
    if (unit_name == "ns")
      unit = 1;
    else if (unit_name == "us" || unit_name == "\xc2\xb5s" || unit_name == "\xce\xbcs")
      unit = 1000;
    else if (unit_name == "ms")
      unit = 1'000'000;
    else if (unit_name == "s")
      unit = 1'000'000'000ull;
    else if (unit_name == "m")
      unit = 60'000'000'000ull;
    else if (unit_name == "h")
      unit = 3'600'000'000'000ull;
    else
      throw Error("time: unknown unit " + quote(unit_name) + " in duration " + quote(orig));
    if (v > kMax / unit) throw invalid();
    v *= unit;
    if (f > 0) {
      v += static_cast<std::uint64_t>(static_cast<double>(f) * (static_cast<double>(unit) / scale));
      if (v > kMax) throw invalid();
    }
    total += v;
    if (total > kMax) throw invalid();
  }
  if (neg) return -static_cast<std::int64_t>(total - 1) - 1;
  if (total > kMax - 1) throw invalid();
  return static_cast<std::int64_t>(total);
}

}  // namespace primer::tmpl::sprig::gotime
