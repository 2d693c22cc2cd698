// Sprig's numeric functions (numeric.go and functions.go): spf13/cast conversions, int64
// arithmetic, shopspring/decimal float arithmetic, ranges.

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "base/error.h"
#include "charts/template/sprig/detail/convert.h"
#include "charts/template/sprig/sprig.h"

namespace primer::tmpl::sprig {
namespace {

using detail::to_float64;
using detail::to_int64;

TValue i64(std::int64_t i) { return TValue(GoType::Int64, value::Value(i)); }
TValue f64(double d) { return TValue(GoType::Float64, value::Value(d)); }

// Beyond this a range would exhaust memory; Go would try and crash.
constexpr std::int64_t kMaxRange = 100'000'000;

std::vector<std::int64_t> until_step(std::int64_t start, std::int64_t stop, std::int64_t step) {
  std::vector<std::int64_t> v;
  auto push = [&](std::int64_t i) {
    if (static_cast<std::int64_t>(v.size()) >= kMaxRange) {
      throw Error("range of more than " + std::to_string(kMaxRange) + " elements");
    }
    v.push_back(i);
  };
  if (stop < start) {
    if (step >= 0) return v;
    for (std::int64_t i = start; i > stop; i += step) push(i);
    return v;
  }
  if (step <= 0) return v;
  for (std::int64_t i = start; i < stop; i += step) push(i);
  return v;
}

TValue int_list(const std::vector<std::int64_t>& v) {
  value::List l(v.begin(), v.end());
  return TValue(GoType::IntList, value::Value(std::move(l)));
}

std::string join_ints(const std::vector<std::int64_t>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ' ';
    out += std::to_string(v[i]);
  }
  return out;
}

// ---- shopspring/decimal, as far as Sprig's addf..divf need it ----

using i128 = __int128;

struct Decimal {
  i128 coef = 0;
  int exp = 0;
};

constexpr i128 kLimit = static_cast<i128>(1) << 120;

// parity: decimal.NewFromFloat: the shortest decimal that reads back as `f`.
Decimal from_float(double f) {
  if (std::isnan(f)) throw Error("Cannot create a Decimal from NaN");
  if (std::isinf(f)) throw Error(f > 0 ? "Cannot create a Decimal from +Inf" : "Cannot create a Decimal from -Inf");
  std::string e = value::format_float(f, 'e', -1);  // d.ddde±XX
  Decimal d;
  bool neg = false;
  std::size_t i = 0;
  if (e[i] == '-') neg = true, ++i;
  int frac_digits = 0;
  bool after_point = false;
  for (; i < e.size() && e[i] != 'e'; ++i) {
    if (e[i] == '.') {
      after_point = true;
      continue;
    }
    d.coef = d.coef * 10 + (e[i] - '0');
    if (after_point) ++frac_digits;
  }
  d.exp = std::atoi(e.c_str() + i + 1) - frac_digits;
  if (neg) d.coef = -d.coef;
  return d;
}

bool scale_up(i128& c, int by) {
  for (int i = 0; i < by; ++i) {
    if (c > kLimit || c < -kLimit) return false;
    c *= 10;
  }
  return true;
}

double to_double(const Decimal& d) {
  bool neg = d.coef < 0;
  i128 c = neg ? -d.coef : d.coef;
  std::string digits;
  if (c == 0) digits = "0";
  while (c > 0) {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(c % 10)));
    c /= 10;
  }
  std::string text = (neg ? "-" : "") + digits + "e" + std::to_string(d.exp);
  return std::strtod(text.c_str(), nullptr);
}

enum class Op { Add, Sub, Mul, Div };

// One step of execDecimalOp; nullopt-like fallback through `ok` when 128 bits do not suffice.
Decimal apply(const Decimal& a, const Decimal& b, Op op, bool& ok) {
  Decimal r;
  switch (op) {
    case Op::Add:
    case Op::Sub: {
      Decimal x = a, y = b;
      if (op == Op::Sub) y.coef = -y.coef;
      int e = std::min(x.exp, y.exp);
      if (!scale_up(x.coef, x.exp - e) || !scale_up(y.coef, y.exp - e)) {
        ok = false;
        return r;
      }
      r.coef = x.coef + y.coef;
      r.exp = e;
      return r;
    }
    case Op::Mul: {
      i128 ax = a.coef < 0 ? -a.coef : a.coef, bx = b.coef < 0 ? -b.coef : b.coef;
      if (ax != 0 && bx > (static_cast<i128>(1) << 125) / ax) {
        ok = false;
        return r;
      }
      r.coef = a.coef * b.coef;
      r.exp = a.exp + b.exp;
      return r;
    }
    case Op::Div: {
      if (b.coef == 0) throw Error("decimal division by 0");
      // parity: Decimal.Div = DivRound(d2, 16): 16 decimal places, half away from zero.
      constexpr int kPrecision = 16;
      i128 num = a.coef < 0 ? -a.coef : a.coef, den = b.coef < 0 ? -b.coef : b.coef;
      int k = a.exp - b.exp + kPrecision;
      if (!(k >= 0 ? scale_up(num, k) : scale_up(den, -k))) {
        ok = false;
        return r;
      }
      i128 q = num / den, rem = num % den;
      if (2 * rem >= den) ++q;
      bool neg = (a.coef < 0) != (b.coef < 0);
      r.coef = neg ? -q : q;
      r.exp = -kPrecision;
      return r;
    }
  }
  return r;
}

double decimal_op(const TValue& first, std::span<const TValue> rest, Op op) {
  Decimal acc = from_float(to_float64(first));
  double approx = to_float64(first);
  bool ok = true;
  for (const TValue& t : rest) {
    double x = to_float64(t);
    Decimal d = from_float(x);
    switch (op) {
      case Op::Add: approx += x; break;
      case Op::Sub: approx -= x; break;
      case Op::Mul: approx *= x; break;
      case Op::Div:
        if (x == 0) throw Error("decimal division by 0");
        approx /= x;
        break;
    }
    if (ok) acc = apply(acc, d, op, ok);
  }
  return ok ? to_double(acc) : approx;
}

}  // namespace

void add_numeric(Funcs& funcs, const Options&) {
  using P = Param;
  const Signature any1{{P::Any}};
  const Signature any2{{P::Any, P::Any}};
  const Signature any_var{{P::Any}, true};
  const Signature any_any_var{{P::Any, P::Any}, true};

  funcs.add("atoi", Signature{{P::String}}, [](Call&, std::span<const TValue> a) {
    std::int64_t i = 0;
    if (!detail::parse_int(a[0].value().as_string(), 10, &i)) i = 0;
    return TValue::go_int(i);
  });
  funcs.add("int", any1, [](Call&, std::span<const TValue> a) { return TValue::go_int(to_int64(a[0])); });
  funcs.add("int64", any1, [](Call&, std::span<const TValue> a) { return i64(to_int64(a[0])); });
  funcs.add("float64", any1, [](Call&, std::span<const TValue> a) { return f64(to_float64(a[0])); });
  funcs.add("toDecimal", any1, [](Call&, std::span<const TValue> a) {
    FmtArg f = a[0].fmt_arg();
    std::int64_t i = 0;
    if (!detail::parse_int(go_sprint(std::span(&f, 1)), 8, &i)) i = 0;
    return i64(i);
  });
  funcs.add("seq", Signature{{P::Int}, true}, [](Call&, std::span<const TValue> a) {
    auto p = [&](std::size_t i) { return a[i].value().as_int(); };
    std::string out;
    switch (a.size()) {
      case 1: {
        std::int64_t start = 1, end = p(0), inc = end < start ? -1 : 1;
        out = join_ints(until_step(start, end + inc, inc));
        break;
      }
      case 2: {
        std::int64_t start = p(0), end = p(1), step = end < start ? -1 : 1;
        out = join_ints(until_step(start, end + step, step));
        break;
      }
      case 3: {
        std::int64_t start = p(0), step = p(1), end = p(2), inc = 1;
        if (end < start) {
          inc = -1;
          if (step > 0) break;
        }
        out = join_ints(until_step(start, end + inc, step));
        break;
      }
      default: break;
    }
    return detail::str(out);
  });
  funcs.add("add", any_var, [](Call&, std::span<const TValue> a) {
    std::uint64_t sum = 0;  // Go's int64 addition wraps
    for (const TValue& t : a) sum += static_cast<std::uint64_t>(to_int64(t));
    return i64(static_cast<std::int64_t>(sum));
  });
  funcs.add("add1", any1, [](Call&, std::span<const TValue> a) {
    return i64(static_cast<std::int64_t>(static_cast<std::uint64_t>(to_int64(a[0])) + 1));
  });
  funcs.add("sub", any2, [](Call&, std::span<const TValue> a) {
    return i64(static_cast<std::int64_t>(static_cast<std::uint64_t>(to_int64(a[0])) -
                                         static_cast<std::uint64_t>(to_int64(a[1]))));
  });
  funcs.add("div", any2, [](Call&, std::span<const TValue> a) {
    std::int64_t x = to_int64(a[0]), y = to_int64(a[1]);
    if (y == 0) throw Error("runtime error: integer divide by zero");
    if (y == -1) return i64(static_cast<std::int64_t>(0 - static_cast<std::uint64_t>(x)));
    return i64(x / y);
  });
  funcs.add("mod", any2, [](Call&, std::span<const TValue> a) {
    std::int64_t x = to_int64(a[0]), y = to_int64(a[1]);
    if (y == 0) throw Error("runtime error: integer divide by zero");
    if (y == -1) return i64(0);
    return i64(x % y);
  });
  funcs.add("mul", any_any_var, [](Call&, std::span<const TValue> a) {
    std::uint64_t v = static_cast<std::uint64_t>(to_int64(a[0]));
    for (const TValue& t : a.subspan(1)) v *= static_cast<std::uint64_t>(to_int64(t));
    return i64(static_cast<std::int64_t>(v));
  });
  funcs.add("add1f", any1, [](Call&, std::span<const TValue> a) {
    TValue one = TValue::go_int(1);
    return f64(decimal_op(a[0], std::span(&one, 1), Op::Add));
  });
  funcs.add("addf", any_var, [](Call&, std::span<const TValue> a) {
    return f64(decimal_op(f64(0), a, Op::Add));
  });
  funcs.add("subf", any_any_var, [](Call&, std::span<const TValue> a) {
    return f64(decimal_op(a[0], a.subspan(1), Op::Sub));
  });
  funcs.add("mulf", any_any_var, [](Call&, std::span<const TValue> a) {
    return f64(decimal_op(a[0], a.subspan(1), Op::Mul));
  });
  funcs.add("divf", any_any_var, [](Call&, std::span<const TValue> a) {
    return f64(decimal_op(a[0], a.subspan(1), Op::Div));
  });
  for (const char* name : {"max", "biggest"}) {
    funcs.add(name, any_any_var, [](Call&, std::span<const TValue> a) {
      std::int64_t m = to_int64(a[0]);
      for (const TValue& t : a.subspan(1)) m = std::max(m, to_int64(t));
      return i64(m);
    });
  }
  funcs.add("min", any_any_var, [](Call&, std::span<const TValue> a) {
    std::int64_t m = to_int64(a[0]);
    for (const TValue& t : a.subspan(1)) m = std::min(m, to_int64(t));
    return i64(m);
  });
  funcs.add("maxf", any_any_var, [](Call&, std::span<const TValue> a) {
    double m = to_float64(a[0]);
    for (const TValue& t : a.subspan(1)) {
      double x = to_float64(t);
      // parity: math.Max: NaN wins, +0 beats -0.
      if (std::isnan(m) || std::isnan(x)) m = std::numeric_limits<double>::quiet_NaN();
      else if (m == 0 && x == 0) m = std::signbit(m) ? x : m;
      else m = std::max(m, x);
    }
    return f64(m);
  });
  funcs.add("minf", any_any_var, [](Call&, std::span<const TValue> a) {
    double m = to_float64(a[0]);
    for (const TValue& t : a.subspan(1)) {
      double x = to_float64(t);
      if (std::isnan(m) || std::isnan(x)) m = std::numeric_limits<double>::quiet_NaN();
      else if (m == 0 && x == 0) m = std::signbit(m) ? m : x;
      else m = std::min(m, x);
    }
    return f64(m);
  });
  funcs.add("ceil", any1, [](Call&, std::span<const TValue> a) { return f64(std::ceil(to_float64(a[0]))); });
  funcs.add("floor", any1, [](Call&, std::span<const TValue> a) { return f64(std::floor(to_float64(a[0]))); });
  funcs.add("round", Signature{{P::Any, P::Int, P::Float64}, true}, [](Call&, std::span<const TValue> a) {
    double round_on = a.size() > 2 ? a[2].value().as_float() : 0.5;
    double val = to_float64(a[0]);
    double pow = std::pow(10.0, static_cast<double>(a[1].value().as_int()));
    double digit = pow * val;
    double whole = 0;
    double frac = std::modf(digit, &whole);
    double r = frac >= round_on ? std::ceil(digit) : std::floor(digit);
    return f64(r / pow);
  });
  funcs.add("until", Signature{{P::Int}}, [](Call&, std::span<const TValue> a) {
    std::int64_t n = a[0].value().as_int();
    return int_list(until_step(0, n, n < 0 ? -1 : 1));
  });
  funcs.add("untilStep", Signature{{P::Int, P::Int, P::Int}}, [](Call&, std::span<const TValue> a) {
    return int_list(until_step(a[0].value().as_int(), a[1].value().as_int(), a[2].value().as_int()));
  });
}

}  // namespace primer::tmpl::sprig
