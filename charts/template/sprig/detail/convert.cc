#include "charts/template/sprig/detail/convert.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <locale>

#include "base/error.h"
#include "value/detail/go_strconv.h"

namespace primer::tmpl::sprig::detail {
namespace {

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// parity: strconv's underscoreOK: underscores only between digits (a base prefix counts).
bool underscore_ok(std::string_view s) {
  char saw = '^';
  std::size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' &&
      (lower_ascii(s[1]) == 'b' || lower_ascii(s[1]) == 'o' || lower_ascii(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = lower_ascii(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    char c = lower_ascii(s[i]);
    if ((c >= '0' && c <= '9') || (hex && c >= 'a' && c <= 'f')) {
      saw = '0';
      continue;
    }
    if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

std::string without_underscores(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '_') out += c;
  }
  return out;
}

// parity: cast's trimZeroDecimal: "3.00" -> "3"; "3.50" and "3." stay.
std::string_view trim_zero_decimal(std::string_view s) {
  bool found_zero = false;
  for (std::size_t i = s.size(); i > 0; --i) {
    char c = s[i - 1];
    if (c == '.') {
      if (found_zero) return s.substr(0, i - 1);
    } else if (c == '0') {
      found_zero = true;
    } else {
      return s;
    }
  }
  return s;
}

bool is_digit(char c, bool hex) {
  return (c >= '0' && c <= '9') || (hex && lower_ascii(c) >= 'a' && lower_ascii(c) <= 'f');
}

// Go's float literal grammar as ParseFloat reads it (underscores already removed).
bool float_syntax_ok(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::string rest;
  for (char c : s.substr(i)) rest += lower_ascii(c);
  if (rest == "inf" || rest == "infinity" || rest == "nan") return true;
  bool hex = rest.size() > 2 && rest[0] == '0' && rest[1] == 'x';
  std::size_t j = hex ? 2 : 0;
  bool digits = false;
  while (j < rest.size() && is_digit(rest[j], hex)) ++j, digits = true;
  if (j < rest.size() && rest[j] == '.') {
    ++j;
    while (j < rest.size() && is_digit(rest[j], hex)) ++j, digits = true;
  }
  if (!digits) return false;
  char exp = hex ? 'p' : 'e';
  if (j < rest.size() && rest[j] == exp) {
    ++j;
    if (j < rest.size() && (rest[j] == '+' || rest[j] == '-')) ++j;
    bool exp_digits = false;
    while (j < rest.size() && rest[j] >= '0' && rest[j] <= '9') ++j, exp_digits = true;
    if (!exp_digits) return false;
  } else if (hex) {
    return false;  // parity: a hex float needs its p exponent
  }
  return j == rest.size();
}

const std::ctype<wchar_t>* utf8_ctype() {
  // A fixed, read-only locale: case mapping beyond ASCII without touching the global one.
  static const std::locale* const kLocale = []() -> const std::locale* {
    try {
      static const std::locale loc("C.UTF-8");
      return &loc;
    } catch (const std::exception&) {
      return nullptr;
    }
  }();
  return kLocale ? &std::use_facet<std::ctype<wchar_t>>(*kLocale) : nullptr;
}

}  // namespace

TValue str(std::string s) { return TValue(GoType::String, value::Value(std::move(s))); }
TValue boolean(bool b) { return TValue(GoType::Bool, value::Value(b)); }

std::string strval(const TValue& v) {
  if (v.type() == GoType::String || v.type() == GoType::Bytes) return v.value().as_string();
  if (!v.is_valid()) return "<nil>";
  FmtArg a = v.fmt_arg();
  return go_sprint(std::span(&a, 1));
}

bool is_empty(const TValue& v) { return !is_true(v.unboxed()); }

std::int64_t float_to_int64(double f) {
  if (std::isnan(f) || f >= 9223372036854775808.0 || f < -9223372036854775808.0) {
    return std::numeric_limits<std::int64_t>::min();
  }
  return static_cast<std::int64_t>(f);
}

bool parse_int(std::string_view s, int base, std::int64_t* out) {
  std::string clean(s);
  if (base == 0 && clean.find('_') != std::string::npos) {
    if (!underscore_ok(clean)) return false;
    clean = without_underscores(clean);
  }
  return value::detail::go_parse_int(clean, base, out) == value::detail::ParseStatus::Ok;
}

bool parse_float(std::string_view s, double* out) {
  std::string clean(s);
  if (clean.find('_') != std::string::npos) {
    if (!underscore_ok(clean)) return false;
    clean = without_underscores(clean);
  }
  if (!float_syntax_ok(clean)) return false;
  errno = 0;
  char* end = nullptr;
  double d = std::strtod(clean.c_str(), &end);
  if (std::isinf(d)) {
    std::string lower;
    for (char c : clean) lower += lower_ascii(c);
    if (lower.find("inf") == std::string::npos) return false;  // overflow: a range error
  }
  *out = d;
  return true;
}

std::int64_t to_int64(const TValue& raw) {
  TValue v = raw.unboxed();
  switch (v.type()) {
    case GoType::Int:
    case GoType::Int64:
      return v.value().as_int();
    case GoType::Float64: return float_to_int64(v.value().as_float());
    case GoType::Bool: return v.value().as_bool() ? 1 : 0;
    case GoType::String: {
      std::int64_t i = 0;
      return parse_int(trim_zero_decimal(v.value().as_string()), 0, &i) ? i : 0;
    }
    default: return 0;
  }
}

double to_float64(const TValue& raw) {
  TValue v = raw.unboxed();
  switch (v.type()) {
    case GoType::Int:
    case GoType::Int64:
      return static_cast<double>(v.value().as_int());
    case GoType::Float64: return v.value().as_float();
    case GoType::Bool: return v.value().as_bool() ? 1 : 0;
    case GoType::String: {
      double d = 0;
      return parse_float(v.value().as_string(), &d) ? d : 0;
    }
    default: return 0;
  }
}

std::string type_of(const TValue& v) {
  if (v.type() == GoType::Invalid || v.type() == GoType::Nil) return "<nil>";
  if (const Object* o = v.object()) return std::string(o->type_name());
  return std::string(go_type_name(v.type()));
}

std::string kind_of(const TValue& v) {
  switch (v.type()) {
    case GoType::Invalid:
    case GoType::Nil:
      return "invalid";
    case GoType::List:
    case GoType::StringList:
    case GoType::IntList:
    case GoType::Bytes:
      return "slice";
    case GoType::Map:
    case GoType::StringMap:
    case GoType::BytesMap:
      return "map";
    case GoType::Object:
      if (const Object* o = v.object()) return std::string(o->kind_name());
      return "struct";
    default: return std::string(go_type_name(v.type()));
  }
}

bool deep_equal(const TValue& ra, const TValue& rb) {
  TValue a = ra.unboxed(), b = rb.unboxed();
  bool a_nil = a.type() == GoType::Invalid || a.type() == GoType::Nil;
  bool b_nil = b.type() == GoType::Invalid || b.type() == GoType::Nil;
  if (a_nil || b_nil) return a_nil && b_nil;
  if (a.type() != b.type()) return false;
  if (a.value().is_null() != b.value().is_null()) return false;  // nil slice vs empty slice
  return a.value() == b.value();
}

GoType nested_int_of(std::span<const TValue> items) {
  bool saw_int = false;
  for (const TValue& t : items) {
    if (t.type() == GoType::Int64) return GoType::Int64;
    if (t.type() == GoType::Int || t.type() == GoType::IntList) saw_int = true;
    if ((t.type() == GoType::List || t.type() == GoType::Map) && t.nested_int() == GoType::Int) {
      saw_int = true;
    }
  }
  return saw_int ? GoType::Int : GoType::Int64;
}

TValue make_list(std::span<const TValue> items) {
  value::List l;
  l.reserve(items.size());
  for (const TValue& t : items) l.push_back(t.value());
  return TValue(GoType::List, value::Value(std::move(l))).with_nested_int(nested_int_of(items));
}

std::vector<TValue> elements(const TValue& list) {
  std::vector<TValue> out;
  if (list.value().is_null()) return out;
  if (list.type() == GoType::Bytes) {
    for (unsigned char c : list.value().as_string()) out.push_back(TValue::go_int(c));
    return out;
  }
  for (const value::Value& v : list.value().as_list()) out.push_back(list.element(v));
  return out;
}

void nil_kind_panic() {
  throw Error("runtime error: invalid memory address or nil pointer dereference");
}

bool is_space(char32_t r) {
  switch (r) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
    case 0x3000:
      return true;
    default: return r >= 0x2000 && r <= 0x200A;
  }
}

char32_t to_upper(char32_t r) {
  if (r < 0x80) return r >= 'a' && r <= 'z' ? r - 32 : r;
  const auto* ct = utf8_ctype();
  if (!ct || r > 0x10FFFF) return r;
  return static_cast<char32_t>(ct->toupper(static_cast<wchar_t>(r)));
}

char32_t to_lower(char32_t r) {
  if (r < 0x80) return r >= 'A' && r <= 'Z' ? r + 32 : r;
  const auto* ct = utf8_ctype();
  if (!ct || r > 0x10FFFF) return r;
  return static_cast<char32_t>(ct->tolower(static_cast<wchar_t>(r)));
}

bool is_upper(char32_t r) {
  if (r < 0x80) return r >= 'A' && r <= 'Z';
  return to_lower(r) != r;
}

bool is_lower(char32_t r) {
  if (r < 0x80) return r >= 'a' && r <= 'z';
  return to_upper(r) != r;
}

bool is_letter(char32_t r) {
  if (r < 0x80) return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
  if (is_space(r)) return false;
  const auto* ct = utf8_ctype();
  if (!ct) return true;
  return ct->is(std::ctype_base::alpha, static_cast<wchar_t>(r));
}

}  // namespace primer::tmpl::sprig::detail
