// Sprig's date functions. `now`, toDate and dateModify hand templates a Go time.Time, an
// Object printing as Go prints one; the date functions accept it back.

#include <map>
#include <memory>

#include "base/error.h"
#include "charts/template/sprig/detail/gotime.h"
#include "charts/template/sprig/sprig.h"

namespace primer::tmpl::sprig {
namespace {

using gotime::Location;
using gotime::Time;
using value::Value;

constexpr std::int64_t kSecond = 1'000'000'000;

TValue time_value(const Time& t);

/// A time.Time (a struct with unexported fields): methods, String(), JSON as RFC 3339.
class TimeObject : public Object {
 public:
  explicit TimeObject(Time time) : t_(std::move(time)) {
    auto add = [this](std::string name, Signature sig, Callable fn) {
      methods_[std::move(name)] = Function{std::move(sig), std::move(fn)};
    };
    auto int_of = [this](std::string name, auto get) {
      methods_[std::move(name)] = Function{
          Signature{{}},
          [t = t_, get](Call&, std::span<const TValue>) { return TValue::go_int(get(t)); }};
    };
    const Time t = t_;
    auto civil = [](const Time& at, const char* layout) {
      return std::stoll(gotime::format(at, layout));
    };
    int_of("Year", [civil](const Time& at) { return civil(at, "2006"); });
    int_of("Day", [civil](const Time& at) { return civil(at, "2"); });
    int_of("Hour", [civil](const Time& at) { return civil(at, "15"); });
    int_of("Minute", [civil](const Time& at) { return civil(at, "4"); });
    int_of("Second", [civil](const Time& at) { return civil(at, "5"); });
    int_of("YearDay", [civil](const Time& at) { return civil(at, "__2"); });
    int_of("Nanosecond", [](const Time& at) { return static_cast<std::int64_t>(at.nsec); });
    add("Unix", {{}},
        [t](Call&, std::span<const TValue>) { return TValue(GoType::Int64, Value(t.unix)); });
    add("UnixNano", {{}}, [t](Call&, std::span<const TValue>) {
      return TValue(GoType::Int64, Value(t.unix * kSecond + t.nsec));
    });
    add("Format", {{Param::String}}, [t](Call&, std::span<const TValue> a) {
      return TValue(GoType::String, Value(gotime::format(t, a[0].value().as_string())));
    });
    add("String", {{}}, [t](Call&, std::span<const TValue>) {
      return TValue(GoType::String, Value(gotime::to_string(t)));
    });
    add("UTC", {{}},
        [t](Call&, std::span<const TValue>) { return time_value(t.in(Location::utc())); });
    add("Local", {{}},
        [t](Call&, std::span<const TValue>) { return time_value(t.in(Location::local())); });
    add("Add", {{Param::Int64}},
        [t](Call&, std::span<const TValue> a) { return time_value(t.add(a[0].value().as_int())); });
    add("IsZero", {{}}, [t](Call&, std::span<const TValue>) {
      return TValue(GoType::Bool, Value(t.unix == Time{}.unix && t.nsec == 0));
    });
  }

  const Time& time() const { return t_; }
  std::string_view type_name() const override { return "time.Time"; }
  std::string_view kind_name() const override { return "struct"; }
  const Function* method(std::string_view name) const override {
    auto it = methods_.find(name);
    return it == methods_.end() ? nullptr : &it->second;
  }
  std::optional<std::string> string() const override { return gotime::to_string(t_); }
  // parity: Time.MarshalJSON is RFC 3339 with nanoseconds.
  Value data() const override {
    return Value(gotime::format(t_, "2006-01-02T15:04:05.999999999Z07:00"));
  }

 private:
  Time t_;
  std::map<std::string, Function, std::less<>> methods_;
};

TValue time_value(const Time& t) { return TValue::of(std::make_shared<const TimeObject>(t)); }

const TimeObject* as_time(const TValue& v) {
  return dynamic_cast<const TimeObject*>(v.unboxed().object());
}

// A parameter of Go type time.Time.
const Time& time_arg(const TValue& v) {
  const TimeObject* t = as_time(v);
  if (!t) {
    throw Error("wrong type for value; expected time.Time; got " + std::string(v.type_name()));
  }
  return t->time();
}

// Sprig's `switch date.(type)`: time.Time, int64 and int (and int32, absent in templates);
// anything else is time.Now().
Time time_of(const TValue& v) {
  if (const TimeObject* t = as_time(v)) return t->time();
  TValue u = v.unboxed();
  if (u.type() == GoType::Int64 || u.type() == GoType::Int)
    return Time::from_unix(u.value().as_int());
  return Time::now();
}

std::string date_in_zone(const std::string& layout, const TValue& date, const std::string& zone) {
  Time t = time_of(date);
  auto loc = Location::load(zone);
  if (!loc) loc = Location::utc();
  return gotime::format(t.in(loc), layout);
}

// parity: Duration.Round.
std::int64_t round_duration(std::int64_t d, std::int64_t m) {
  auto less_than_half = [](std::int64_t x, std::int64_t y) {
    return static_cast<std::uint64_t>(x) + static_cast<std::uint64_t>(x) <
           static_cast<std::uint64_t>(y);
  };
  std::int64_t r = d % m;
  if (d < 0) {
    r = -r;
    if (less_than_half(r, m)) return d + r;
    std::int64_t d1 = d - m + r;
    return d1 < d ? d1 : INT64_MIN;
  }
  if (less_than_half(r, m)) return d - r;
  std::int64_t d1 = d + m - r;
  return d1 > d ? d1 : INT64_MAX;
}

std::int64_t since(const Time& t) {
  Time now = Time::now();
  return (now.unix - t.unix) * kSecond + (now.nsec - t.nsec);
}

TValue str(std::string s) { return TValue(GoType::String, Value(std::move(s))); }

}  // namespace

void add_dates(Funcs& funcs, const Options&) {
  funcs.add("now", {{}}, [](Call&, std::span<const TValue>) { return time_value(Time::now()); });

  auto date = [](Call&, std::span<const TValue> a) {
    return str(date_in_zone(a[0].value().as_string(), a[1], "Local"));
  };
  funcs.add("date", {{Param::String, Param::Any}}, date);
  auto in_zone = [](Call&, std::span<const TValue> a) {
    return str(date_in_zone(a[0].value().as_string(), a[1], a[2].value().as_string()));
  };
  funcs.add("dateInZone", {{Param::String, Param::Any, Param::String}}, in_zone);
  funcs.add("date_in_zone", {{Param::String, Param::Any, Param::String}}, in_zone);
  funcs.add("htmlDate", {{Param::Any}}, [](Call&, std::span<const TValue> a) {
    return str(date_in_zone("2006-01-02", a[0], "Local"));
  });
  funcs.add("htmlDateInZone", {{Param::Any, Param::String}}, [](Call&, std::span<const TValue> a) {
    return str(date_in_zone("2006-01-02", a[0], a[1].value().as_string()));
  });

  // parity: dateModify returns the date unchanged when the duration does not parse.
  auto modify = [](Call&, std::span<const TValue> a) {
    const Time& t = time_arg(a[1]);
    try {
      return time_value(t.add(gotime::parse_duration(a[0].value().as_string())));
    } catch (const Error&) {
      return time_value(t);
    }
  };
  funcs.add("dateModify", {{Param::String, Param::Any}}, modify);
  funcs.add("date_modify", {{Param::String, Param::Any}}, modify);
  auto must_modify = [](Call&, std::span<const TValue> a) {
    const Time& t = time_arg(a[1]);
    return time_value(t.add(gotime::parse_duration(a[0].value().as_string())));
  };
  funcs.add("mustDateModify", {{Param::String, Param::Any}}, must_modify);
  funcs.add("must_date_modify", {{Param::String, Param::Any}}, must_modify);

  funcs.add("ago", {{Param::Any}}, [](Call&, std::span<const TValue> a) {
    TValue u = a[0].unboxed();
    Time t = as_time(u) ? as_time(u)->time()
             : (u.type() == GoType::Int64 || u.type() == GoType::Int)
                 ? Time::from_unix(u.value().as_int())
                 : Time::now();
    return str(gotime::duration_string(round_duration(since(t), kSecond)));
  });

  // parity: Sprig's duration reads a string or an int64 only; a template's int literal is 0.
  funcs.add("duration", {{Param::Any}}, [](Call&, std::span<const TValue> a) {
    TValue u = a[0].unboxed();
    std::int64_t n = 0;
    if (u.type() == GoType::String) {
      try {
        std::size_t used = 0;
        const std::string& s = u.value().as_string();
        n = std::stoll(s, &used, 10);
        if (used != s.size() || s.empty() || s[0] == ' ') n = 0;
      } catch (const std::exception&) {
        n = 0;
      }
    } else if (u.type() == GoType::Int64) {
      n = u.value().as_int();
    }
    return str(gotime::duration_string(n * kSecond));
  });

  funcs.add("durationRound", {{Param::Any}}, [](Call&, std::span<const TValue> a) {
    TValue u = a[0].unboxed();
    std::int64_t d = 0;
    if (u.type() == GoType::String) {
      try {
        d = gotime::parse_duration(u.value().as_string());
      } catch (const Error&) {
        d = 0;
      }
    } else if (u.type() == GoType::Int64) {
      d = u.value().as_int();
    } else if (const TimeObject* t = as_time(u)) {
      d = since(t->time());
    }
    std::uint64_t v = d < 0 ? 0 - static_cast<std::uint64_t>(d) : static_cast<std::uint64_t>(d);
    constexpr std::uint64_t kHour = 3'600'000'000'000ull;
    const struct {
      std::uint64_t unit;
      const char* suffix;
    } kUnits[] = {{kHour * 24 * 365, "y"},  {kHour * 24 * 30, "mo"},
                  {kHour * 24, "d"},        {kHour, "h"},
                  {60'000'000'000ull, "m"}, {1'000'000'000ull, "s"}};
    for (const auto& u2 : kUnits) {
      if (v > u2.unit) return str(std::to_string(v / u2.unit) + u2.suffix);
    }
    return str("0s");
  });

  funcs.add("toDate", {{Param::String, Param::String}}, [](Call&, std::span<const TValue> a) {
    try {
      return time_value(
          gotime::parse(a[0].value().as_string(), a[1].value().as_string(), Location::local()));
    } catch (const Error&) {
      return time_value(Time{});
    }
  });
  funcs.add("mustToDate", {{Param::String, Param::String}}, [](Call&, std::span<const TValue> a) {
    return time_value(
        gotime::parse(a[0].value().as_string(), a[1].value().as_string(), Location::local()));
  });
  funcs.add("unixEpoch", {{Param::Any}}, [](Call&, std::span<const TValue> a) {
    return str(std::to_string(time_arg(a[0]).unix));
  });
}

}  // namespace primer::tmpl::sprig
