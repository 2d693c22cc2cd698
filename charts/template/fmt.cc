#include "charts/template/fmt.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>

#include "base/error.h"
#include "base/utf8.h"
#include "charts/template/detail/text.h"
#include "charts/template/tvalue.h"

namespace primer::tmpl {
namespace {

using value::Kind;
using value::Value;

constexpr char kLowerDigits[] = "0123456789abcdefx";
constexpr char kUpperDigits[] = "0123456789ABCDEFX";

// ---- Unicode ------------------------------------------------------------------------------

using detail::append_escaped_rune;
using detail::append_quoted;
using detail::is_print;

std::size_t rune_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); i += decode_rune(s, i).width) ++n;
  return n;
}

// parity: strconv.CanBackquote.
bool can_backquote(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    DecodedRune d = decode_rune(s, i);
    i += d.width;
    if (d.width > 1) {
      if (d.rune == 0xFEFF) return false;
      continue;
    }
    if (d.rune == kRuneError) return false;
    if ((d.rune < ' ' && d.rune != '\t') || d.rune == '`' || d.rune == 0x7F) return false;
  }
  return true;
}

// ---- strconv float forms that value::format_float does not cover -------------------------

// parity: strconv.FormatFloat(f, 'b', -1, 64): mantissa "p" binary exponent.
std::string format_float_binary(double f) {
  std::uint64_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  bool negative = bits >> 63;
  int exp = static_cast<int>((bits >> 52) & 0x7FF);
  std::uint64_t mant = bits & ((std::uint64_t{1} << 52) - 1);
  if (exp == 0x7FF) return value::format_float(f, 'g', -1);  // NaN and infinities
  if (exp == 0) {
    exp = 1;  // denormal
  } else {
    mant |= std::uint64_t{1} << 52;
  }
  exp += -1023 - 52;
  std::string out = negative ? "-" : "";
  out += std::to_string(mant);
  out += 'p';
  out += exp >= 0 ? "+" : "";
  out += std::to_string(exp);
  return out;
}

// parity: strconv.FormatFloat(f, 'x' or 'X', prec, 64): a normalised hexadecimal mantissa
// 1.hhh (0 for zero), rounded half to even to `prec` digits when prec >= 0, then p±dd.
std::string format_float_hex(double f, char verb, int prec) {
  std::uint64_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  bool negative = bits >> 63;
  int exp = static_cast<int>((bits >> 52) & 0x7FF);
  std::uint64_t mant = bits & ((std::uint64_t{1} << 52) - 1);
  if (exp == 0x7FF) return value::format_float(f, 'g', -1);  // NaN and infinities
  if (exp == 0) {
    exp = 1;
  } else {
    mant |= std::uint64_t{1} << 52;
  }
  exp -= 1023;
  if (mant == 0) exp = 0;
  // Put the leading 1 at bit 60, leaving room for rounding to carry into bit 61.
  constexpr std::uint64_t kOne = std::uint64_t{1} << 60;
  mant <<= 8;
  while (mant != 0 && (mant & kOne) == 0) {
    mant <<= 1;
    --exp;
  }
  if (prec >= 0 && prec < 15) {
    unsigned shift = static_cast<unsigned>(prec) * 4;
    std::uint64_t rest = (mant << shift) & (kOne - 1);
    mant >>= 60 - shift;
    if ((rest | (mant & 1)) > (kOne >> 1)) ++mant;
    mant <<= 60 - shift;
    if (mant & (kOne << 1)) {
      mant >>= 1;
      ++exp;
    }
  }
  const char* digits = verb == 'X' ? kUpperDigits : kLowerDigits;
  std::string out = negative ? "-" : "";
  out += '0';
  out += verb;
  out += static_cast<char>('0' + ((mant >> 60) & 1));
  mant <<= 4;
  if (prec < 0 && mant != 0) {
    out += '.';
    for (; mant != 0; mant <<= 4) out += digits[(mant >> 60) & 0xF];
  } else if (prec > 0) {
    out += '.';
    for (int i = 0; i < prec; ++i, mant <<= 4) out += digits[(mant >> 60) & 0xF];
  }
  out += verb == 'X' ? 'P' : 'p';
  out += exp < 0 ? '-' : '+';
  int a = exp < 0 ? -exp : exp;
  if (a < 10) out += '0';
  out += std::to_string(a);
  return out;
}

// ---- Go types -------------------------------------------------------------------------------

// GoType plus the element-only uint8 of []byte.
enum class Ty {
  NoValue,
  Nil,
  Bool,
  Int,
  Int64,
  Uint8,
  Float64,
  String,
  List,
  Map,
  StringList,
  IntList,
  Bytes,
  StringMap,
  BytesMap,
  Complex,
  Object,
};

std::string_view ty_name(Ty t) {
  switch (t) {
    case Ty::NoValue:
      return "string";
    case Ty::Nil:
      return "<nil>";
    case Ty::Bool:
      return "bool";
    case Ty::Int:
      return "int";
    case Ty::Int64:
      return "int64";
    case Ty::Uint8:
      return "uint8";
    case Ty::Float64:
      return "float64";
    case Ty::String:
      return "string";
    case Ty::List:
      return "[]interface {}";
    case Ty::Map:
      return "map[string]interface {}";
    case Ty::StringList:
      return "[]string";
    case Ty::IntList:
      return "[]int";
    case Ty::Bytes:
      return "[]uint8";
    case Ty::StringMap:
      return "map[string]string";
    case Ty::BytesMap:
      return "map[string][]uint8";
    case Ty::Complex:
      return "complex128";
    case Ty::Object:
      return "struct";
  }
  return "<nil>";
}

Ty to_ty(GoType t) {
  switch (t) {
    case GoType::Invalid:
      return Ty::NoValue;
    case GoType::Nil:
      return Ty::Nil;
    case GoType::Bool:
      return Ty::Bool;
    case GoType::Int:
      return Ty::Int;
    case GoType::Int64:
      return Ty::Int64;
    case GoType::Float64:
      return Ty::Float64;
    case GoType::String:
      return Ty::String;
    case GoType::List:
      return Ty::List;
    case GoType::Map:
      return Ty::Map;
    case GoType::StringList:
      return Ty::StringList;
    case GoType::IntList:
      return Ty::IntList;
    case GoType::Bytes:
      return Ty::Bytes;
    case GoType::StringMap:
      return Ty::StringMap;
    case GoType::BytesMap:
      return Ty::BytesMap;
    case GoType::Complex:
      return Ty::Complex;
    case GoType::Object:
      return Ty::Object;
  }
  return Ty::Nil;
}

// A value with its Go type. Elements of containers take theirs from the container. Strings are
// held in `text` (a map key has no Value), the bytes of a []byte in `byte`.
struct Typed {
  Ty type;
  const Value* value;
  Ty nested_int;
  std::string_view text = {};
  std::uint8_t byte = 0;
};

bool matches(Ty t, const Value* v) {
  switch (t) {
    case Ty::NoValue:
    case Ty::Nil:
    case Ty::Uint8:
      return true;
    case Ty::Bool:
      return v && v->is_bool();
    case Ty::Int:
    case Ty::Int64:
      return v && v->is_int();
    case Ty::Float64:
      return v && v->is_float();
    case Ty::String:
      return v && v->is_string();
    case Ty::List:
    case Ty::StringList:
    case Ty::IntList:
      return v && (v->is_list() || v->is_null());
    case Ty::Map:
    case Ty::StringMap:
    case Ty::BytesMap:
      return v && (v->is_map() || v->is_null());
    case Ty::Bytes:
      return v && (v->is_string() || v->is_null());
    case Ty::Complex:
      return v && v->is_list() && v->size() == 2 && v->as_list()[0].is_float() &&
             v->as_list()[1].is_float();
    case Ty::Object:
      return v && v->is_opaque() && dynamic_cast<const Object*>(&v->as_opaque());
  }
  return false;
}

Typed checked(Ty t, const Value* v, Ty nested_int) {
  if (!matches(t, v)) {
    throw Error("fmt: a " + std::string(ty_name(t)) + " argument holds " +
                (v ? "a " + std::string(value::go_type_name(v->kind())) + " value" : "no value"));
  }
  if (t == Ty::String) return {t, v, nested_int, v->as_string()};
  if (t == Ty::NoValue) return {t, v, nested_int, "<no value>"};
  return {t, v, nested_int};
}

Typed from_arg(const FmtArg& a) {
  Ty nested = a.nested_int == GoType::Int ? Ty::Int : Ty::Int64;
  return checked(to_ty(a.type), a.value, nested);
}

// The dynamic type of an element of a []interface{} or map[string]interface{}.
Typed element(const Value& v, Ty container, Ty nested_int) {
  switch (container) {
    case Ty::StringList:
    case Ty::StringMap:
      return checked(Ty::String, &v, nested_int);
    case Ty::IntList:
      return checked(Ty::Int, &v, nested_int);
    case Ty::BytesMap:
      return checked(Ty::Bytes, &v, nested_int);
    default:
      break;
  }
  switch (v.kind()) {
    case Kind::Null:
      return {Ty::Nil, &v, nested_int};
    case Kind::Bool:
      return {Ty::Bool, &v, nested_int};
    case Kind::Int:
      return {nested_int, &v, nested_int};
    case Kind::Float:
      return {Ty::Float64, &v, nested_int};
    case Kind::String:
      return {Ty::String, &v, nested_int, v.as_string()};
    case Kind::List:
      return {Ty::List, &v, nested_int};
    case Kind::Map:
      return {Ty::Map, &v, nested_int};
    case Kind::Opaque:
      return checked(Ty::Object, &v, nested_int);
  }
  return {Ty::Nil, &v, nested_int};
}

const Object& object_of(const Typed& x) {
  return dynamic_cast<const Object&>(x.value->as_opaque());
}

// The Go type name of x: an object names its own.
std::string_view type_of(const Typed& x) {
  return x.type == Ty::Object ? object_of(x).type_name() : ty_name(x.type);
}

bool is_list_type(Ty t) {
  return t == Ty::List || t == Ty::StringList || t == Ty::IntList || t == Ty::Bytes;
}
bool is_map_type(Ty t) { return t == Ty::Map || t == Ty::StringMap || t == Ty::BytesMap; }

// ---- the printer ----------------------------------------------------------------------------

struct Flags {
  bool plus = false;
  bool minus = false;
  bool sharp = false;
  bool space = false;
  bool zero = false;
  bool plus_v = false;   // %+v: plus moved aside, as it only changes structs
  bool sharp_v = false;  // %#v: Go syntax
  bool wid_present = false;
  bool prec_present = false;
  int wid = 0;
  int prec = 0;
};

// parity: fmt never uses a width or precision beyond a million (tooLarge in print.go).
constexpr int kMaxWidth = 1000000;

// parity: fmt's pp (print.go) and fmt (format.go), written over Typed values.
class Printer {
 public:
  explicit Printer(std::string& out) : out_(out) {}

  void print(std::span<const FmtArg> args);
  void template_print(const FmtArg& arg) {
    template_print_ = true;
    print_arg(from_arg(arg), 'v');
  }
  void println(std::span<const FmtArg> args);
  void printf(std::string_view format, std::span<const FmtArg> args);

 private:
  void print_arg(const Typed& x, char32_t verb);
  void print_value(const Typed& x, char32_t verb, int depth);
  void bad_verb(const Typed& x, char32_t verb);
  void print_list(const Typed& x, char32_t verb, int depth);
  void print_map(const Typed& x, char32_t verb, int depth);
  void print_pointer(const Typed& x, char32_t verb);
  void print_object(const Typed& x, char32_t verb, int depth);

  void fmt_bool(const Typed& x, char32_t verb);
  void fmt_integer(const Typed& x, std::uint64_t u, bool is_signed, char32_t verb);
  void fmt_float(const Typed& x, double v, char32_t verb);
  void fmt_complex(const Typed& x, char32_t verb);
  void fmt_string(const Typed& x, std::string_view s, char32_t verb);
  void fmt_bytes(const Typed& x, char32_t verb);

  // The flag-aware writers of format.go.
  void write_padding(int n);
  void pad(std::string_view s);
  void fmt_s(std::string_view s);
  void fmt_sx(std::string_view s, const char* digits);
  void fmt_q(std::string_view s);
  void fmt_c(std::uint64_t u);
  void fmt_qc(std::uint64_t u);
  void fmt_unicode(std::uint64_t u);
  void fmt_number(std::uint64_t u, int base, bool is_signed, char32_t verb, const char* digits);
  void fmt_0x64(std::uint64_t u, bool leading_0x);
  void fmt_float_text(double v, char verb, int prec);
  std::string_view truncate(std::string_view s) const;

  std::string& out_;
  Flags f_;
  bool template_print_ = false;  // printing for the executor: see append_template_print
};

void Printer::write_padding(int n) {
  if (n <= 0) return;
  out_.append(static_cast<std::size_t>(n), f_.zero ? '0' : ' ');
}

void Printer::pad(std::string_view s) {
  if (!f_.wid_present || f_.wid == 0) {
    out_ += s;
    return;
  }
  int width = f_.wid - static_cast<int>(rune_count(s));
  if (f_.minus) {
    out_ += s;
    write_padding(width);
  } else {
    write_padding(width);
    out_ += s;
  }
}

std::string_view Printer::truncate(std::string_view s) const {
  if (!f_.prec_present) return s;
  std::size_t i = 0;
  for (int n = 0; i < s.size() && n < f_.prec; ++n) i += decode_rune(s, i).width;
  return s.substr(0, i);
}

void Printer::fmt_s(std::string_view s) { pad(truncate(s)); }

// parity: fmt.fmtSbx: hex of each byte, `% x` separating them, `%#x` adding 0x.
void Printer::fmt_sx(std::string_view s, const char* digits) {
  std::size_t length = s.size();
  if (f_.prec_present && static_cast<std::size_t>(f_.prec) < length)
    length = static_cast<std::size_t>(f_.prec);
  int width = static_cast<int>(2 * length);
  if (width == 0) {
    if (f_.wid_present) write_padding(f_.wid);
    return;
  }
  if (f_.space) {
    if (f_.sharp) width *= 2;
    width += static_cast<int>(length) - 1;
  } else if (f_.sharp) {
    width += 2;
  }
  bool padded = f_.wid_present && f_.wid > width;
  if (padded && !f_.minus) write_padding(f_.wid - width);
  if (f_.sharp) {
    out_ += '0';
    out_ += digits[16];
  }
  for (std::size_t i = 0; i < length; ++i) {
    if (f_.space && i > 0) {
      out_ += ' ';
      if (f_.sharp) {
        out_ += '0';
        out_ += digits[16];
      }
    }
    auto c = static_cast<unsigned char>(s[i]);
    out_ += digits[c >> 4];
    out_ += digits[c & 0xF];
  }
  if (padded && f_.minus) write_padding(f_.wid - width);
}

void Printer::fmt_q(std::string_view s) {
  s = truncate(s);
  if (f_.sharp && can_backquote(s)) {
    std::string q = "`";
    q += s;
    q += '`';
    pad(q);
    return;
  }
  std::string q;
  append_quoted(q, s, f_.plus);
  pad(q);
}

void Printer::fmt_c(std::uint64_t u) {
  std::string c;
  append_rune(c, u > kMaxRune ? kRuneError : static_cast<char32_t>(u));
  pad(c);
}

// parity: strconv.QuoteRune / QuoteRuneToASCII (invalid runes become U+FFFD).
void Printer::fmt_qc(std::uint64_t u) {
  char32_t r = u > kMaxRune ? kRuneError : static_cast<char32_t>(u);
  if (!is_valid_rune(r)) r = kRuneError;
  std::string q = "'";
  append_escaped_rune(q, r, '\'', f_.plus);
  q += '\'';
  pad(q);
}

// parity: fmt.fmtUnicode: U+ and at least four (or `precision`) upper-case hex digits; `%#U`
// adds the quoted rune when it is printable. Never zero-padded.
void Printer::fmt_unicode(std::uint64_t u) {
  std::string hex;
  for (std::uint64_t v = u;; v >>= 4) {
    hex += kUpperDigits[v & 0xF];
    if (v < 16) break;
  }
  int prec = f_.prec_present && f_.prec > 4 ? f_.prec : 4;
  std::string text = "U+";
  if (static_cast<int>(hex.size()) < prec) text.append(prec - hex.size(), '0');
  text.append(hex.rbegin(), hex.rend());
  if (f_.sharp && u <= kMaxRune && is_print(static_cast<char32_t>(u))) {
    text += " '";
    append_rune(text, static_cast<char32_t>(u));
    text += '\'';
  }
  bool zero = f_.zero;
  f_.zero = false;
  pad(text);
  f_.zero = zero;
}

// parity: fmt.fmtInteger. Precision, or a zero flag with a width, asks for leading zeros;
// prefixes (0x, 0b, 0, 0o) come after them, then the sign; padding is always spaces.
void Printer::fmt_number(std::uint64_t u, int base, bool is_signed, char32_t verb,
                         const char* digits) {
  bool negative = is_signed && static_cast<std::int64_t>(u) < 0;
  if (negative) u = ~u + 1;
  int prec = 0;
  if (f_.prec_present) {
    prec = f_.prec;
    if (prec == 0 && u == 0) {
      bool zero = f_.zero;
      f_.zero = false;
      write_padding(f_.wid);
      f_.zero = zero;
      return;
    }
  } else if (f_.zero && f_.wid_present) {
    prec = f_.wid;
    if (negative || f_.plus || f_.space) --prec;
  }
  char buf[64];
  int n = 0;  // digits, least significant first
  do {
    buf[n++] = digits[u % static_cast<unsigned>(base)];
    u /= static_cast<unsigned>(base);
  } while (u != 0);
  std::string text;
  if (negative) {
    text += '-';
  } else if (f_.plus) {
    text += '+';
  } else if (f_.space) {
    text += ' ';
  }
  if (verb == 'O') text += "0o";
  int zeros = prec > n ? prec - n : 0;
  if (f_.sharp) {
    if (base == 2) {
      text += "0b";
    } else if (base == 16) {
      text += '0';
      text += digits[16];
    } else if (base == 8 && zeros == 0 && buf[n - 1] != '0') {
      text += '0';
    }
  }
  text.append(static_cast<std::size_t>(zeros), '0');
  for (int i = n - 1; i >= 0; --i) text += buf[i];
  bool zero = f_.zero;
  f_.zero = false;
  pad(text);
  f_.zero = zero;
}

void Printer::fmt_0x64(std::uint64_t u, bool leading_0x) {
  bool sharp = f_.sharp;
  f_.sharp = leading_0x;
  fmt_number(u, 16, false, 'v', kLowerDigits);
  f_.sharp = sharp;
}

// parity: fmt.fmtFloat: strconv's text, then the sign, `#`'s decimal point and trailing
// zeros, and zero padding placed after the sign (never for infinities and NaN).
void Printer::fmt_float_text(double v, char verb, int prec) {
  if (f_.prec_present) prec = f_.prec;
  std::string num;
  if (verb == 'b') {
    num = format_float_binary(v);
  } else if (verb == 'x' || verb == 'X') {
    num = format_float_hex(v, verb, prec);
  } else {
    num = value::format_float(v, verb, prec);
  }
  if (num[0] != '-' && num[0] != '+') num.insert(num.begin(), '+');
  if (f_.space && num[0] == '+' && !f_.plus) num[0] = ' ';
  if (num[1] == 'I' || num[1] == 'N') {
    bool zero = f_.zero;
    f_.zero = false;
    std::string_view text = num;
    if (num[1] == 'N' && !f_.space && !f_.plus) text.remove_prefix(1);
    pad(text);
    f_.zero = zero;
    return;
  }
  if (f_.sharp && verb != 'b') {
    // parity: Go counts the digits still owed from the first non-zero one (the 'x' of a hex
    // float's "0x" included) and omits %#X from the verbs that keep them.
    int digits = 0;
    if (verb == 'g' || verb == 'G' || verb == 'x') digits = prec == -1 ? 6 : prec;
    std::string tail;
    bool has_point = false;
    bool saw_nonzero = false;
    for (std::size_t i = 1; i < num.size(); ++i) {
      char c = num[i];
      if (c == '.') {
        has_point = true;
        continue;
      }
      if (c == 'p' || c == 'P' || ((c == 'e' || c == 'E') && verb != 'x' && verb != 'X')) {
        tail = num.substr(i);
        num.resize(i);
        break;
      }
      if (c != '0') saw_nonzero = true;
      if (saw_nonzero) --digits;
    }
    if (!has_point) {
      if (num.size() == 2 && num[1] == '0') --digits;
      num += '.';
    }
    if (digits > 0) num.append(static_cast<std::size_t>(digits), '0');
    num += tail;
  }
  if (f_.plus || num[0] != '+') {
    if (f_.zero && f_.wid_present && f_.wid > static_cast<int>(num.size())) {
      out_ += num[0];
      write_padding(f_.wid - static_cast<int>(num.size()));
      out_.append(num, 1);
      return;
    }
    pad(num);
    return;
  }
  pad(std::string_view(num).substr(1));
}

void Printer::bad_verb(const Typed& x, char32_t verb) {
  out_ += "%!";
  append_rune(out_, verb);
  out_ += '(';
  if (x.type == Ty::Nil) {
    out_ += "<nil>";
  } else {
    out_ += type_of(x);
    out_ += '=';
    print_value(x, 'v', 0);
  }
  out_ += ')';
}

void Printer::fmt_bool(const Typed& x, char32_t verb) {
  if (verb == 't' || verb == 'v') {
    pad(x.value->as_bool() ? "true" : "false");
  } else {
    bad_verb(x, verb);
  }
}

void Printer::fmt_integer(const Typed& x, std::uint64_t u, bool is_signed, char32_t verb) {
  switch (verb) {
    case 'v':
      if (f_.sharp_v && !is_signed) {
        fmt_0x64(u, true);
      } else {
        fmt_number(u, 10, is_signed, verb, kLowerDigits);
      }
      return;
    case 'd':
      fmt_number(u, 10, is_signed, verb, kLowerDigits);
      return;
    case 'b':
      fmt_number(u, 2, is_signed, verb, kLowerDigits);
      return;
    case 'o':
    case 'O':
      fmt_number(u, 8, is_signed, verb, kLowerDigits);
      return;
    case 'x':
      fmt_number(u, 16, is_signed, verb, kLowerDigits);
      return;
    case 'X':
      fmt_number(u, 16, is_signed, verb, kUpperDigits);
      return;
    case 'c':
      fmt_c(u);
      return;
    case 'q':
      fmt_qc(u);
      return;
    case 'U':
      fmt_unicode(u);
      return;
    default:
      bad_verb(x, verb);
      return;
  }
}

void Printer::fmt_float(const Typed& x, double v, char32_t verb) {
  switch (verb) {
    case 'v':
      fmt_float_text(v, 'g', -1);
      return;
    case 'b':
    case 'g':
    case 'G':
    case 'x':
    case 'X':
      fmt_float_text(v, static_cast<char>(verb), -1);
      return;
    case 'f':
    case 'F':
      fmt_float_text(v, 'f', 6);
      return;
    case 'e':
    case 'E':
      fmt_float_text(v, static_cast<char>(verb), 6);
      return;
    default:
      bad_verb(x, verb);
      return;
  }
}

void Printer::fmt_string(const Typed& x, std::string_view s, char32_t verb) {
  switch (verb) {
    case 'v':
      if (f_.sharp_v) {
        fmt_q(s);
      } else {
        fmt_s(s);
      }
      return;
    case 's':
      fmt_s(s);
      return;
    case 'x':
      fmt_sx(s, kLowerDigits);
      return;
    case 'X':
      fmt_sx(s, kUpperDigits);
      return;
    case 'q':
      fmt_q(s);
      return;
    default:
      bad_verb(x, verb);
      return;
  }
}

// parity: pp.fmtBytes: a []byte prints as numbers for %v and %d, as a string for the others.
void Printer::fmt_bytes(const Typed& x, char32_t verb) {
  std::string_view bytes = x.value->is_null() ? std::string_view() : x.value->as_string();
  switch (verb) {
    case 'v':
    case 'd':
      if (f_.sharp_v) {
        out_ += "[]byte";
        if (x.value->is_null()) {
          out_ += "(nil)";
          return;
        }
        out_ += '{';
        for (std::size_t i = 0; i < bytes.size(); ++i) {
          if (i > 0) out_ += ", ";
          fmt_0x64(static_cast<unsigned char>(bytes[i]), true);
        }
        out_ += '}';
        return;
      }
      out_ += '[';
      for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i > 0) out_ += ' ';
        fmt_number(static_cast<unsigned char>(bytes[i]), 10, false, verb, kLowerDigits);
      }
      out_ += ']';
      return;
    case 's':
      fmt_s(bytes);
      return;
    case 'x':
      fmt_sx(bytes, kLowerDigits);
      return;
    case 'X':
      fmt_sx(bytes, kUpperDigits);
      return;
    case 'q':
      fmt_q(bytes);
      return;
    default:
      print_value(x, verb, 0);
      return;
  }
}

// parity: pp.fmtPointer: %p of a slice or map is its address; a nil one is 0x0.
void Printer::print_pointer(const Typed& x, char32_t verb) {
  std::uintptr_t address = 0;
  if (is_list_type(x.type) && x.type != Ty::Bytes) {
    if (x.value->is_list()) address = reinterpret_cast<std::uintptr_t>(&x.value->as_list());
  } else if (is_map_type(x.type)) {
    if (x.value->is_map()) address = reinterpret_cast<std::uintptr_t>(&x.value->as_map());
  } else if (x.type == Ty::Bytes) {
    if (x.value->is_string())
      address = reinterpret_cast<std::uintptr_t>(x.value->as_string().data());
  } else {
    bad_verb(x, verb);
    return;
  }
  fmt_0x64(address, !f_.sharp);
}

// parity: pp.printArg: the top-level operand.
void Printer::print_arg(const Typed& x, char32_t verb) {
  if (x.type == Ty::Nil) {
    if (verb == 'T' || verb == 'v') {
      pad("<nil>");
    } else {
      bad_verb(x, verb);
    }
    return;
  }
  if (verb == 'T') {
    fmt_s(type_of(x));
    return;
  }
  if (verb == 'p') {
    print_pointer(x, verb);
    return;
  }
  if (x.type == Ty::Bytes) {
    fmt_bytes(x, verb);
    return;
  }
  print_value(x, verb, 0);
}

// parity: pp.printValue: one value by its type; containers print their elements with the
// same verb and flags, a nil element of a []interface{} prints a bare "<nil>".
void Printer::print_value(const Typed& x, char32_t verb, int depth) {
  if (depth > value::kMaxDepth) {
    throw Error("fmt: value nested deeper than " + std::to_string(value::kMaxDepth) +
                " levels (a cycle?)");
  }
  switch (x.type) {
    case Ty::NoValue:
    case Ty::String:
      fmt_string(x, x.text, verb);
      return;
    case Ty::Nil:
      if (f_.sharp_v) {
        out_ += "interface {}(nil)";
      } else {
        out_ += "<nil>";
      }
      return;
    case Ty::Bool:
      fmt_bool(x, verb);
      return;
    case Ty::Int:
    case Ty::Int64:
      fmt_integer(x, static_cast<std::uint64_t>(x.value->as_int()), true, verb);
      return;
    case Ty::Uint8:
      fmt_integer(x, x.byte, false, verb);
      return;
    case Ty::Float64:
      fmt_float(x, x.value->as_float(), verb);
      return;
    case Ty::List:
    case Ty::StringList:
    case Ty::IntList:
    case Ty::Bytes:
      print_list(x, verb, depth);
      return;
    case Ty::Map:
    case Ty::StringMap:
    case Ty::BytesMap:
      print_map(x, verb, depth);
      return;
    case Ty::Complex:
      fmt_complex(x, verb);
      return;
    case Ty::Object:
      print_object(x, verb, depth);
      return;
  }
}

// parity: pp.fmtComplex: "(re+imi)", each part formatted with the verb, the imaginary part
// always signed.
void Printer::fmt_complex(const Typed& x, char32_t verb) {
  switch (verb) {
    case 'v':
    case 'b':
    case 'g':
    case 'G':
    case 'x':
    case 'X':
    case 'f':
    case 'F':
    case 'e':
    case 'E': {
      const value::List& parts = x.value->as_list();
      bool plus = f_.plus;
      out_ += '(';
      fmt_float(x, parts[0].as_float(), verb);
      f_.plus = true;
      fmt_float(x, parts[1].as_float(), verb);
      out_ += "i)";
      f_.plus = plus;
      return;
    }
    default:
      bad_verb(x, verb);
  }
}

// parity: pp.handleMethods (a Stringer prints its String() for %v %s %q %x %X), then
// pp.printValue for structs ({a b}, %+v names fields), pointers to structs (&{...} at the
// top, an address deeper down) and named maps and slices (as their underlying type).
void Printer::print_object(const Typed& x, char32_t verb, int depth) {
  const Object& object = object_of(x);
  bool stringer_verb = verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X';
  bool top = depth == 0 && template_print_;
  bool callable = top || !object.string_needs_address() || object.is_pointer();
  if (stringer_verb && !f_.sharp_v && callable) {
    if (std::optional<std::string> s = object.string()) {
      fmt_string({Ty::String, nullptr, x.nested_int, *s}, *s, verb);
      return;
    }
  }
  if (std::optional<TValue> u = object.underlying()) {
    print_value(from_arg(u->fmt_arg()), verb, depth);
    return;
  }
  if (object.is_pointer()) {
    if (depth > 0) {
      fmt_0x64(reinterpret_cast<std::uintptr_t>(&object), true);
      return;
    }
    if (!top) out_ += '&';
  }
  const auto fields = object.fields();
  out_ += '{';
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out_ += ' ';
    if (f_.plus_v || f_.sharp_v) {
      out_ += fields[i].first;
      out_ += ':';
    }
    print_value(from_arg(fields[i].second.fmt_arg()), verb, depth + 1);
  }
  out_ += '}';
}

void Printer::print_list(const Typed& x, char32_t verb, int depth) {
  if (x.type == Ty::Bytes && (verb == 's' || verb == 'q' || verb == 'x' || verb == 'X')) {
    fmt_bytes(x, verb);
    return;
  }
  bool nil = x.value->is_null();
  std::size_t size = nil ? 0 : x.value->size();
  if (f_.sharp_v) {
    out_ += ty_name(x.type);
    if (nil) {
      out_ += "(nil)";
      return;
    }
    out_ += '{';
  } else {
    out_ += '[';
  }
  for (std::size_t i = 0; i < size; ++i) {
    if (i > 0) out_ += f_.sharp_v ? ", " : " ";
    if (x.type == Ty::Bytes) {
      Typed b{
          Ty::Uint8, nullptr, x.nested_int, {}, static_cast<std::uint8_t>(x.value->as_string()[i])};
      print_value(b, verb, depth + 1);
    } else {
      print_value(element(x.value->as_list()[i], x.type, x.nested_int), verb, depth + 1);
    }
  }
  out_ += f_.sharp_v ? '}' : ']';
}

// parity: maps print their keys sorted (internal/fmtsort: strings bytewise), which is the
// order of value::Map.
void Printer::print_map(const Typed& x, char32_t verb, int depth) {
  bool nil = x.value->is_null();
  if (f_.sharp_v) {
    out_ += ty_name(x.type);
    if (nil) {
      out_ += "(nil)";
      return;
    }
    out_ += '{';
  } else {
    out_ += "map[";
  }
  if (!nil) {
    bool first = true;
    for (const auto& [key, v] : x.value->as_map()) {
      if (!first) out_ += f_.sharp_v ? ", " : " ";
      first = false;
      print_value({Ty::String, nullptr, x.nested_int, key}, verb, depth + 1);
      out_ += ':';
      print_value(element(v, x.type, x.nested_int), verb, depth + 1);
    }
  }
  out_ += f_.sharp_v ? '}' : ']';
}

// parity: intFromArg in print.go: a `*` width or precision must be an integer operand.
struct IntArg {
  int value = 0;
  bool ok = false;
};

IntArg int_from_arg(const FmtArg& a) {
  Typed x = from_arg(a);
  if (x.type != Ty::Int && x.type != Ty::Int64) return {};
  std::int64_t n = x.value->as_int();
  if (n > kMaxWidth || n < -kMaxWidth) return {};
  return {static_cast<int>(n), true};
}

struct Number {
  int value = 0;
  bool present = false;
  std::size_t next = 0;
};

// parity: parsenum in print.go: decimal digits from `i`; a number past a million is no number
// and swallows the rest of `s`.
Number parse_number(std::string_view s, std::size_t i, std::size_t end) {
  Number n{0, false, i};
  if (i >= end) return {0, false, end};
  for (; n.next < end && s[n.next] >= '0' && s[n.next] <= '9'; ++n.next) {
    if (n.value > kMaxWidth) return {0, false, end};
    n.value = n.value * 10 + (s[n.next] - '0');
    n.present = true;
  }
  return n;
}

void Printer::print(std::span<const FmtArg> args) {
  bool previous_string = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    Typed x = from_arg(args[i]);
    // parity: fmt.Sprint adds a space between operands when neither is a string.
    bool is_string = x.type == Ty::String || x.type == Ty::NoValue;
    if (i > 0 && !is_string && !previous_string) out_ += ' ';
    print_arg(x, 'v');
    previous_string = is_string;
  }
}

void Printer::println(std::span<const FmtArg> args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out_ += ' ';
    print_arg(from_arg(args[i]), 'v');
  }
  out_ += '\n';
}

// parity: pp.doPrintf: text, then per directive flags, an optional [n] operand index, width
// (digits or `*`), precision (`.` digits or `.*`), another index, and the verb.
void Printer::printf(std::string_view format, std::span<const FmtArg> args) {
  const std::size_t end = format.size();
  std::size_t arg_num = 0;
  bool reordered = false;
  bool good_arg_num = true;
  bool after_index = false;
  std::size_t i = 0;

  // A [n] operand index at `i`, if any; returns whether one was found and valid as syntax.
  auto arg_index = [&]() {
    if (i >= end || format[i] != '[') return false;
    reordered = true;
    std::size_t close = format.find(']', i + 1);
    if (close == std::string_view::npos) {
      ++i;
      good_arg_num = false;
      return false;
    }
    Number n = parse_number(format, i + 1, close);
    bool ok = n.present && n.next == close;
    i = close + 1;
    if (ok && n.value >= 1 && static_cast<std::size_t>(n.value) <= args.size()) {
      arg_num = static_cast<std::size_t>(n.value - 1);
      return true;
    }
    good_arg_num = false;
    return ok;
  };
  auto star = [&]() {
    IntArg n;
    if (arg_num < args.size()) n = int_from_arg(args[arg_num++]);
    return n;
  };

  while (i < end) {
    good_arg_num = true;
    std::size_t text_end = format.find('%', i);
    if (text_end == std::string_view::npos) text_end = end;
    out_.append(format.substr(i, text_end - i));
    i = text_end;
    if (i >= end) break;
    ++i;

    f_ = Flags{};
    for (; i < end; ++i) {
      char c = format[i];
      if (c == '#') {
        f_.sharp = true;
      } else if (c == '0') {
        f_.zero = !f_.minus;  // only pad with zeros on the left
      } else if (c == '+') {
        f_.plus = true;
      } else if (c == '-') {
        f_.minus = true;
        f_.zero = false;
      } else if (c == ' ') {
        f_.space = true;
      } else {
        break;
      }
    }

    after_index = arg_index();
    if (i < end && format[i] == '*') {
      ++i;
      IntArg n = star();
      f_.wid = n.value;
      f_.wid_present = n.ok;
      if (!n.ok) out_ += "%!(BADWIDTH)";
      if (f_.wid < 0) {
        f_.wid = -f_.wid;
        f_.minus = true;
        f_.zero = false;
      }
      after_index = false;
    } else {
      Number n = parse_number(format, i, end);
      f_.wid = n.value;
      f_.wid_present = n.present;
      i = n.next;
      if (after_index && f_.wid_present) good_arg_num = false;  // "%[3]2d"
    }

    if (i + 1 < end && format[i] == '.') {
      ++i;
      if (after_index) good_arg_num = false;  // "%[3].2d"
      after_index = arg_index();
      if (i < end && format[i] == '*') {
        ++i;
        IntArg n = star();
        f_.prec = n.value;
        f_.prec_present = n.ok;
        if (f_.prec < 0) {
          f_.prec = 0;
          f_.prec_present = false;
        }
        if (!f_.prec_present) out_ += "%!(BADPREC)";
        after_index = false;
      } else {
        Number n = parse_number(format, i, end);
        f_.prec = n.present ? n.value : 0;
        f_.prec_present = true;  // "%.f" is precision zero
        i = n.next;
      }
    }

    if (!after_index) after_index = arg_index();

    if (i >= end) {
      out_ += "%!(NOVERB)";
      break;
    }
    DecodedRune verb = decode_rune(format, i);
    i += verb.width;

    if (verb.rune == '%') {
      out_ += '%';  // absorbs no operand, ignores width and precision
    } else if (!good_arg_num || arg_num >= args.size()) {
      out_ += "%!";
      append_rune(out_, verb.rune);
      out_ += good_arg_num ? "(MISSING)" : "(BADINDEX)";
    } else {
      if (verb.rune == 'v') {
        f_.sharp_v = f_.sharp;
        f_.sharp = false;
        f_.plus_v = f_.plus;
        f_.plus = false;
      }
      print_arg(from_arg(args[arg_num]), verb.rune);
      ++arg_num;
    }
  }

  // parity: operands left over are listed, unless an explicit index was used.
  if (!reordered && arg_num < args.size()) {
    f_ = Flags{};
    out_ += "%!(EXTRA ";
    for (std::size_t k = arg_num; k < args.size(); ++k) {
      if (k > arg_num) out_ += ", ";
      Typed x = from_arg(args[k]);
      if (x.type == Ty::Nil) {
        out_ += "<nil>";
      } else {
        out_ += ty_name(x.type);
        out_ += '=';
        print_arg(x, 'v');
      }
    }
    out_ += ')';
  }
}

}  // namespace

std::string_view go_type_name(GoType type) { return ty_name(to_ty(type)); }

GoType go_type_of(const value::Value& v, GoType int_type) {
  switch (v.kind()) {
    case Kind::Null:
      return GoType::Nil;
    case Kind::Bool:
      return GoType::Bool;
    case Kind::Int:
      return int_type;
    case Kind::Float:
      return GoType::Float64;
    case Kind::String:
      return GoType::String;
    case Kind::List:
      return GoType::List;
    case Kind::Map:
      return GoType::Map;
    case Kind::Opaque:
      return GoType::Object;
  }
  return GoType::Nil;
}

void append_sprint(std::string& out, std::span<const FmtArg> args) { Printer(out).print(args); }

void append_template_print(std::string& out, const FmtArg& arg) {
  Printer(out).template_print(arg);
}

void append_sprintln(std::string& out, std::span<const FmtArg> args) { Printer(out).println(args); }

void append_sprintf(std::string& out, std::string_view format, std::span<const FmtArg> args) {
  Printer(out).printf(format, args);
}

std::string go_sprint(std::span<const FmtArg> args) {
  std::string out;
  append_sprint(out, args);
  return out;
}

std::string go_sprintln(std::span<const FmtArg> args) {
  std::string out;
  append_sprintln(out, args);
  return out;
}

std::string go_sprintf(std::string_view format, std::span<const FmtArg> args) {
  std::string out;
  append_sprintf(out, format, args);
  return out;
}

}  // namespace primer::tmpl
