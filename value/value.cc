#include "value/value.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "base/error.h"
#include "value/kind_phrase.h"

namespace primer::value {
namespace {

[[noreturn]] void wrong_kind(std::string_view want, Kind got) {
  throw Error("expected " + std::string(want) + ", got " + std::string(go_type_name(got)));
}

void check_depth(int depth, std::string_view what) {
  if (depth > kMaxDepth) {
    throw Error(std::string(what) + ": value nested deeper than " + std::to_string(kMaxDepth) +
                " levels (a cycle?)");
  }
}

Value clone_at(const Value& v, int depth) {
  check_depth(depth, "copy");
  if (v.is_list()) {
    List out;
    out.reserve(v.as_list().size());
    for (const Value& e : v.as_list()) out.push_back(clone_at(e, depth + 1));
    return Value(std::move(out));
  }
  if (v.is_map()) {
    Map out;
    for (const auto& [k, e] : v.as_map()) out.emplace_hint(out.end(), k, clone_at(e, depth + 1));
    return Value(std::move(out));
  }
  return v;
}

bool equal_at(const Value& a, const Value& b, int depth) {
  check_depth(depth, "compare");
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::Null:
      return true;
    case Kind::Bool:
      return a.as_bool() == b.as_bool();
    case Kind::Int:
      return a.as_int() == b.as_int();
    case Kind::Float:
      return a.as_float() == b.as_float();
    case Kind::String:
      return a.as_string() == b.as_string();
    case Kind::List: {
      if (a.same_object(b)) return true;
      const List& x = a.as_list();
      const List& y = b.as_list();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (!equal_at(x[i], y[i], depth + 1)) return false;
      }
      return true;
    }
    case Kind::Opaque:
      return a.same_object(b) || equal_at(a.plain(), b.plain(), depth + 1);
    case Kind::Map: {
      if (a.same_object(b)) return true;
      const Map& x = a.as_map();
      const Map& y = b.as_map();
      if (x.size() != y.size()) return false;
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
        if (i->first != j->first || !equal_at(i->second, j->second, depth + 1)) return false;
      }
      return true;
    }
  }
  return false;
}

}  // namespace

bool Value::as_bool() const {
  if (!is_bool()) wrong_kind("bool", kind());
  return std::get<bool>(data_);
}

std::int64_t Value::as_int() const {
  if (!is_int()) wrong_kind("int64", kind());
  return std::get<std::int64_t>(data_);
}

double Value::as_float() const {
  if (!is_float()) wrong_kind("float64", kind());
  return std::get<double>(data_);
}

const std::string& Value::as_string() const {
  if (!is_string()) wrong_kind("string", kind());
  return std::get<std::string>(data_);
}

List& Value::as_list() const {
  if (!is_list()) wrong_kind("[]interface {}", kind());
  return *std::get<std::shared_ptr<List>>(data_);
}

Map& Value::as_map() const {
  if (!is_map()) wrong_kind("map[string]interface {}", kind());
  return *std::get<std::shared_ptr<Map>>(data_);
}

const Opaque& Value::as_opaque() const {
  if (!is_opaque()) wrong_kind("struct", kind());
  return *std::get<std::shared_ptr<const Opaque>>(data_);
}

Value Value::plain() const { return is_opaque() ? as_opaque().data() : *this; }

const Value* Value::find(std::string_view key) const {
  if (!is_map()) return nullptr;
  const Map& m = as_map();
  auto it = m.find(key);
  return it == m.end() ? nullptr : &it->second;
}

void Value::set(std::string key, Value v) const {
  as_map().insert_or_assign(std::move(key), std::move(v));
}

void Value::push_back(Value v) const { as_list().push_back(std::move(v)); }

std::size_t Value::size() const {
  switch (kind()) {
    case Kind::String:
      return as_string().size();
    case Kind::List:
      return as_list().size();
    case Kind::Map:
      return as_map().size();
    default:
      return 0;
  }
}

bool Value::same_object(const Value& other) const {
  if (is_list() && other.is_list()) {
    return std::get<std::shared_ptr<List>>(data_) == std::get<std::shared_ptr<List>>(other.data_);
  }
  if (is_map() && other.is_map()) {
    return std::get<std::shared_ptr<Map>>(data_) == std::get<std::shared_ptr<Map>>(other.data_);
  }
  if (is_opaque() && other.is_opaque()) {
    return std::get<std::shared_ptr<const Opaque>>(data_) ==
           std::get<std::shared_ptr<const Opaque>>(other.data_);
  }
  return false;
}

Value Value::clone() const { return clone_at(*this, 0); }

bool operator==(const Value& a, const Value& b) { return equal_at(a, b, 0); }

std::string_view kind_phrase(const Value& v, std::string_view map, bool integers_apart) {
  switch (v.kind()) {
    case Kind::Null:
      return "null";
    case Kind::Bool:
      return "a boolean";
    case Kind::Int:
      return integers_apart ? "an integer" : "a number";
    case Kind::Float:
      return "a number";
    case Kind::String:
      return "a string";
    case Kind::List:
      return "a list";
    case Kind::Map:
    case Kind::Opaque:
      break;
  }
  return map;
}

std::string_view go_type_name(Kind kind) {
  switch (kind) {
    case Kind::Null:
      return "<nil>";
    case Kind::Bool:
      return "bool";
    case Kind::Int:
      return "int64";
    case Kind::Float:
      return "float64";
    case Kind::String:
      return "string";
    case Kind::List:
      return "[]interface {}";
    case Kind::Map:
      return "map[string]interface {}";
    case Kind::Opaque:
      return "struct";
  }
  return "<nil>";
}

namespace {

// Shortest round-trip digits and decimal exponent of a finite, non-zero |f|:
// f = 0.d1d2d3... x 10^point.
struct Decimal {
  std::string digits;
  int point = 0;
};

Decimal shortest_decimal(double f) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(f), std::chars_format::scientific);
  std::string_view text(buf, res.ptr - buf);  // d.ddde[+-]xx
  size_t e = text.find('e');
  Decimal d;
  for (char c : text.substr(0, e)) {
    if (c != '.') d.digits += c;
  }
  int exp = std::stoi(std::string(text.substr(e + 1)));
  d.point = exp + 1;
  while (d.digits.size() > 1 && d.digits.back() == '0') d.digits.pop_back();
  return d;
}

std::string exponent_text(int exp, char e) {
  std::string out(1, e);
  out += exp < 0 ? '-' : '+';
  int a = exp < 0 ? -exp : exp;
  if (a < 10) out += '0';
  out += std::to_string(a);
  return out;
}

std::string format_with_precision(double f, char fmt, int prec) {
  // printf's rounding of the exact binary value is what Go's strconv does too.
  char spec[16];
  std::snprintf(spec, sizeof spec, "%%.%d%c", prec, fmt);
  int n = std::snprintf(nullptr, 0, spec, f);
  std::string out(static_cast<size_t>(n), '\0');
  std::snprintf(out.data(), out.size() + 1, spec, f);
  return out;
}

}  // namespace

std::string format_float(double f, char fmt, int prec) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "+Inf" : "-Inf";
  bool upper = fmt == 'E' || fmt == 'G';
  char e = upper ? 'E' : 'e';
  if (prec >= 0) {
    if (fmt == 'g' || fmt == 'G') {
      // Go's %g with a precision rounds and strips trailing zeros as C's does.
      return format_with_precision(f, fmt, prec == 0 ? 1 : prec);
    }
    return format_with_precision(f, fmt, prec);
  }
  std::string sign = std::signbit(f) ? "-" : "";
  if (f == 0) {
    if (fmt == 'e' || fmt == 'E') return sign + "0" + exponent_text(0, e);
    return sign + "0";
  }
  Decimal d = shortest_decimal(f);
  int exp = d.point - 1;  // exponent of d.ddd form
  auto scientific = [&] {
    std::string out = sign + d.digits.substr(0, 1);
    if (d.digits.size() > 1) {
      out += '.';
      out.append(d.digits, 1);
    }
    return out + exponent_text(exp, e);
  };
  auto fixed = [&] {
    std::string out = sign;
    if (d.point <= 0) {
      out += "0." + std::string(static_cast<size_t>(-d.point), '0') + d.digits;
    } else if (static_cast<size_t>(d.point) >= d.digits.size()) {
      out += d.digits + std::string(d.point - d.digits.size(), '0');
    } else {
      out += d.digits.substr(0, d.point) + "." + d.digits.substr(d.point);
    }
    return out;
  };
  switch (fmt) {
    case 'e':
    case 'E':
      return scientific();
    case 'f':
      return fixed();
    default: {
      // parity: strconv.FormatFloat(f, 'g', -1, 64) switches to exponent form when the
      // exponent is below -4 or at least 6 (ftoa.go uses eprec 6 for shortest output).
      constexpr int eprec = 6;
      return (exp < -4 || exp >= eprec) ? scientific() : fixed();
    }
  }
}

}  // namespace primer::value
