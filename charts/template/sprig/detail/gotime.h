// Go's time package as Sprig's date functions need it: time.Time with a location from the
// system tz database, Format and ParseInLocation with Go's reference-time layouts, and
// time.Duration's String and ParseDuration. Errors are primer::Error worded as Go words them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace primer::tmpl::sprig::gotime {

/// A time zone: Go's *time.Location, loaded from a TZif file or fixed.
class Location {
 public:
  struct Zone {
    std::string abbrev;
    int offset = 0;  // seconds east of UTC
  };
  /// UTC.
  static std::shared_ptr<const Location> utc();
  /// time.FixedZone(name, offset).
  static std::shared_ptr<const Location> fixed(std::string name, int offset);
  /// time.LoadLocation: "" and "UTC" are UTC, "Local" is local(); others are read from
  /// $ZONEINFO or /usr/share/zoneinfo. nullptr when the zone cannot be loaded.
  static std::shared_ptr<const Location> load(std::string_view name);
  /// time.Local: $TZ (unset: /etc/localtime; empty: UTC).
  static std::shared_ptr<const Location> local();

  const std::string& name() const { return name_; }
  /// The zone in effect at `unix` seconds, and the range [start, end) it holds for.
  Zone lookup(std::int64_t unix, std::int64_t* start = nullptr, std::int64_t* end = nullptr) const;
  /// The offset of zone abbreviation `abbrev` near `unix` (Location.lookupName).
  std::optional<int> lookup_name(std::string_view abbrev, std::int64_t unix) const;

 private:
  struct Transition {
    std::int64_t at;
    std::size_t zone;
  };
  std::string name_;
  std::vector<Zone> zones_;
  std::vector<Transition> transitions_;
};

/// time.Time: an instant, its location and (for `now`) a monotonic clock reading.
struct Time {
  std::int64_t unix = -62135596800;  // seconds; the zero Time is 0001-01-01 00:00:00 UTC
  std::int32_t nsec = 0;
  std::shared_ptr<const Location> loc;  // nullptr means UTC
  std::optional<std::int64_t> mono;     // nanoseconds, printed by String() as m=±s.nnnnnnnnn

  /// time.Now() in the local zone.
  static Time now();
  /// time.Unix(sec, 0) in the local zone.
  static Time from_unix(std::int64_t sec);
  /// t.In(loc): the same instant shown in `loc`, without the monotonic reading.
  Time in(std::shared_ptr<const Location> l) const;
  /// t.Add(d nanoseconds).
  Time add(std::int64_t d) const;
  const Location& location() const;
};

/// t.Format(layout).
std::string format(const Time& t, std::string_view layout);
/// t.String(): "2006-01-02 15:04:05.999999999 -0700 MST", then " m=±..." when monotonic.
std::string to_string(const Time& t);
/// time.ParseInLocation(layout, value, loc). Throws Error ("parsing time ...").
Time parse(std::string_view layout, std::string_view value, std::shared_ptr<const Location> loc);

/// time.Duration(d).String(): "1h2m3.5s", "1.5µs", "0s".
std::string duration_string(std::int64_t d);
/// time.ParseDuration. Throws Error (`time: invalid duration "x"`).
std::int64_t parse_duration(std::string_view s);

}  // namespace primer::tmpl::sprig::gotime
