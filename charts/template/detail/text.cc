#include "charts/template/detail/text.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace primer::tmpl::detail {

bool is_print(char32_t r) {
  if (r < 0x80) return r >= 0x20 && r < 0x7F;
  if (r < 0xA0 || r == 0xAD) return false;
  if (r >= 0x2000 && r <= 0x200F) return false;
  if (r >= 0x2028 && r <= 0x202F) return false;
  if (r >= 0x205F && r <= 0x206F) return false;
  if (r == 0x3000 || r == 0xFEFF) return false;
  if (r >= 0xD800 && r <= 0xF8FF) return false;  // surrogates, private use
  if (r >= 0xFFF0 && r <= 0xFFFC) return false;
  if (r == 0xFFFE || r == 0xFFFF || r > 0x10FFFF) return false;
  if (r >= 0xF0000) return false;  // private use planes
  return true;
}

std::string format_rune_U(char32_t r) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(r));
  std::string out = buf;
  if (is_print(r)) {
    out += " '";
    append_rune(out, r);
    out += "'";
  }
  return out;
}

std::string quote(std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    auto [r, w] = decode_rune(s.substr(i));
    if (r == kRuneError && w == 1) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
      i += 1;
      continue;
    }
    i += w;
    if (r == '"' || r == '\\') {
      out += '\\';
      out += static_cast<char>(r);
    } else if (is_print(r)) {
      append_rune(out, r);
    } else {
      switch (r) {
        case '\a': out += "\\a"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\v': out += "\\v"; break;
        default: {
          char buf[16];
          if (r < ' ' || r == 0x7F) {
            std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(r));
          } else if (r < 0x10000) {
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(r));
          } else {
            std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(r));
          }
          out += buf;
        }
      }
    }
  }
  out += '"';
  return out;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

struct Unquoted {
  char32_t value;
  bool is_byte;  // \x and octal escapes denote a byte, not a code point
  std::string_view rest;
};

std::optional<Unquoted> unquote_one(std::string_view s, char q) {
  if (s.empty()) return std::nullopt;
  unsigned char c = static_cast<unsigned char>(s[0]);
  if (c == static_cast<unsigned char>(q) && (q == '\'' || q == '"')) return std::nullopt;
  if (c >= 0x80) {
    auto [r, w] = decode_rune(s);
    return Unquoted{r, false, s.substr(w)};
  }
  if (c != '\\') return Unquoted{c, false, s.substr(1)};
  if (s.size() <= 1) return std::nullopt;
  char e = s[1];
  s.remove_prefix(2);
  switch (e) {
    case 'a': return Unquoted{'\a', false, s};
    case 'b': return Unquoted{'\b', false, s};
    case 'f': return Unquoted{'\f', false, s};
    case 'n': return Unquoted{'\n', false, s};
    case 'r': return Unquoted{'\r', false, s};
    case 't': return Unquoted{'\t', false, s};
    case 'v': return Unquoted{'\v', false, s};
    case 'x':
    case 'u':
    case 'U': {
      std::size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
      if (s.size() < n) return std::nullopt;
      char32_t v = 0;
      for (std::size_t j = 0; j < n; ++j) {
        int x = hex_value(s[j]);
        if (x < 0) return std::nullopt;
        v = v << 4 | static_cast<char32_t>(x);
      }
      s.remove_prefix(n);
      if (e == 'x') return Unquoted{v, true, s};
      if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return std::nullopt;
      return Unquoted{v, false, s};
    }
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
      char32_t v = static_cast<char32_t>(e - '0');
      if (s.size() < 2) return std::nullopt;
      for (int j = 0; j < 2; ++j) {
        if (s[j] < '0' || s[j] > '7') return std::nullopt;
        v = v * 8 + static_cast<char32_t>(s[j] - '0');
      }
      if (v > 255) return std::nullopt;
      s.remove_prefix(2);
      return Unquoted{v, true, s};
    }
    case '\\': return Unquoted{'\\', false, s};
    case '\'':
    case '"':
      if (e != q) return std::nullopt;
      return Unquoted{static_cast<char32_t>(e), false, s};
    default:
      return std::nullopt;
  }
}

// Go's strconv underscoreOK: '_' may only separate digits (or follow a base prefix).
bool underscores_ok(std::string_view s) {
  char saw = '^';
  std::size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  auto lower = [](char c) { return static_cast<char>(c | 0x20); };
  if (s.size() >= 2 && s[0] == '0' &&
      (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    char c = s[i];
    if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
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

// strconv.ParseUint(s, 0, 64).
std::optional<std::uint64_t> parse_uint(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::string_view all = s;
  unsigned base = 10;
  if (s[0] == '0') {
    char l = s.size() >= 3 ? static_cast<char>(s[1] | 0x20) : 0;
    if (l == 'b' || l == 'o' || l == 'x') {
      base = l == 'b' ? 2 : l == 'o' ? 8 : 16;
      s.remove_prefix(2);
    } else {
      base = 8;
      s.remove_prefix(1);
    }
  }
  bool underscores = false;
  std::uint64_t n = 0;
  bool overflow = false;
  for (char c : s) {
    if (c == '_') {
      underscores = true;
      continue;
    }
    int d = hex_value(c);
    if (d < 0 || static_cast<unsigned>(d) >= base) return std::nullopt;
    if (n > (std::numeric_limits<std::uint64_t>::max() - static_cast<unsigned>(d)) / base) {
      overflow = true;
    }
    n = n * base + static_cast<unsigned>(d);
  }
  if (underscores && !underscores_ok(all)) return std::nullopt;
  if (overflow) return std::nullopt;
  return n;
}

// strconv.ParseInt(s, 0, 64).
std::optional<std::int64_t> parse_int(std::string_view s) {
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  auto u = parse_uint(s);
  if (!u) return std::nullopt;
  constexpr std::uint64_t kCutoff = std::uint64_t{1} << 63;
  if (!neg && *u >= kCutoff) return std::nullopt;
  if (neg && *u > kCutoff) return std::nullopt;
  if (neg) return *u == kCutoff ? std::numeric_limits<std::int64_t>::min()
                                : -static_cast<std::int64_t>(*u);
  return static_cast<std::int64_t>(*u);
}

// strconv.ParseFloat(s, 64) for the forms the lexer produces.
std::optional<double> parse_float(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::string_view body = s;
  if (body[0] == '+' || body[0] == '-') body.remove_prefix(1);
  bool hex = body.size() >= 2 && body[0] == '0' && (body[1] | 0x20) == 'x';
  std::string clean;
  bool underscores = false;
  for (char c : s) {
    if (c == '_') {
      underscores = true;
      continue;
    }
    clean += c;
  }
  if (underscores && !underscores_ok(s)) return std::nullopt;
  // Validate the shape strtod would be too lenient about.
  std::string_view b = clean;
  if (!b.empty() && (b[0] == '+' || b[0] == '-')) b.remove_prefix(1);
  if (hex) {
    b.remove_prefix(2);
    bool digits = false;
    std::size_t i = 0;
    while (i < b.size() && hex_value(b[i]) >= 0) ++i, digits = true;
    if (i < b.size() && b[i] == '.') {
      ++i;
      while (i < b.size() && hex_value(b[i]) >= 0) ++i, digits = true;
    }
    if (!digits || i >= b.size() || (b[i] | 0x20) != 'p') return std::nullopt;
  } else {
    bool digits = false;
    std::size_t i = 0;
    while (i < b.size() && b[i] >= '0' && b[i] <= '9') ++i, digits = true;
    if (i < b.size() && b[i] == '.') {
      ++i;
      while (i < b.size() && b[i] >= '0' && b[i] <= '9') ++i, digits = true;
    }
    if (!digits) return std::nullopt;
    if (i < b.size()) {
      if ((b[i] | 0x20) != 'e') return std::nullopt;
      ++i;
      if (i < b.size() && (b[i] == '+' || b[i] == '-')) ++i;
      std::size_t e = i;
      while (i < b.size() && b[i] >= '0' && b[i] <= '9') ++i;
      if (i == e || i != b.size()) return std::nullopt;
    }
  }
  errno = 0;
  char* end = nullptr;
  double f = std::strtod(clean.c_str(), &end);
  if (end != clean.c_str() + clean.size()) return std::nullopt;
  if (std::isinf(f)) return std::nullopt;  // ErrRange
  return f;
}

void fill_int_views(Number& n) {
  // parity: a float that is integral also counts as an int/uint (parse.NumberNode).
  if (!n.is_int && n.f >= -9223372036854775808.0 && n.f < 9223372036854775808.0 &&
      static_cast<double>(static_cast<std::int64_t>(n.f)) == n.f) {
    n.is_int = true;
    n.i = static_cast<std::int64_t>(n.f);
  }
  if (!n.is_uint && n.f >= 0 && n.f < 18446744073709551616.0 &&
      static_cast<double>(static_cast<std::uint64_t>(n.f)) == n.f) {
    n.is_uint = true;
    n.u = static_cast<std::uint64_t>(n.f);
  }
}

void simplify_complex(Number& n) {
  n.is_float = n.im == 0;
  if (n.is_float) {
    n.f = n.re;
    fill_int_views(n);
  }
}

}  // namespace

std::optional<std::pair<char32_t, std::string_view>> unquote_char(std::string_view s,
                                                                  char quote_char) {
  auto u = unquote_one(s, quote_char);
  if (!u) return std::nullopt;
  return std::make_pair(u->value, u->rest);
}

std::optional<std::string> unquote(std::string_view lit) {
  if (lit.size() < 2 || lit.front() != lit.back()) return std::nullopt;
  char q = lit.front();
  std::string_view body = lit.substr(1, lit.size() - 2);
  if (q == '`') {
    if (body.find('`') != std::string_view::npos) return std::nullopt;
    std::string out;
    for (char c : body) {
      if (c != '\r') out += c;  // parity: Go drops carriage returns from raw strings
    }
    return out;
  }
  if (q != '"') return std::nullopt;
  if (body.find('\n') != std::string_view::npos) return std::nullopt;
  std::string out;
  while (!body.empty()) {
    auto u = unquote_one(body, q);
    if (!u) return std::nullopt;
    if (u->is_byte) {
      out += static_cast<char>(u->value);
    } else {
      append_rune(out, u->value);
    }
    body = u->rest;
  }
  return out;
}

std::optional<Number> parse_number(std::string_view text, bool complex_token,
                                   std::string* error) {
  Number n;
  auto illegal = [&] {
    *error = "illegal number syntax: " + quote(text);
    return std::nullopt;
  };
  if (complex_token) {
    // "re+imi": split at the sign that starts the imaginary part.
    std::size_t at = std::string_view::npos;
    for (std::size_t i = 1; i < text.size(); ++i) {
      char p = static_cast<char>(text[i - 1] | 0x20);
      bool hex = text.size() > 2 && (text[1] | 0x20) == 'x';
      if ((text[i] == '+' || text[i] == '-') && !(p == 'e' && !hex) && p != 'p') at = i;
    }
    if (at == std::string_view::npos || text.back() != 'i') {
      *error = "expected integer";
      return std::nullopt;
    }
    auto re = parse_float(text.substr(0, at));
    auto im = parse_float(text.substr(at, text.size() - at - 1));
    if (!re || !im) {
      *error = "expected integer";
      return std::nullopt;
    }
    n.is_complex = true;
    n.re = *re;
    n.im = *im;
    simplify_complex(n);
    return n;
  }
  if (!text.empty() && text.back() == 'i') {
    if (auto f = parse_float(text.substr(0, text.size() - 1))) {
      n.is_complex = true;
      n.re = 0;
      n.im = *f;
      simplify_complex(n);
      return n;
    }
  }
  auto u = parse_uint(text);
  if (u) {
    n.is_uint = true;
    n.u = *u;
  }
  if (auto i = parse_int(text)) {
    n.is_int = true;
    n.i = *i;
    if (*i == 0) {
      n.is_uint = true;  // -0
      n.u = 0;
    }
  }
  if (n.is_int) {
    n.is_float = true;
    n.f = static_cast<double>(n.i);
  } else if (n.is_uint) {
    n.is_float = true;
    n.f = static_cast<double>(n.u);
  } else if (auto f = parse_float(text)) {
    if (text.find_first_of(".eEpP") == std::string_view::npos) {
      *error = "integer overflow: " + quote(text);
      return std::nullopt;
    }
    n.is_float = true;
    n.f = *f;
    fill_int_views(n);
  }
  if (!n.is_int && !n.is_uint && !n.is_float) return illegal();
  return n;
}

std::optional<Number> parse_char_constant(std::string_view text, std::string* error) {
  auto u = unquote_one(text.substr(1), '\'');
  if (!u) {
    *error = "invalid syntax";
    return std::nullopt;
  }
  if (u->rest != "'") {
    *error = "malformed character constant: " + std::string(text);
    return std::nullopt;
  }
  Number n;
  n.is_int = n.is_uint = n.is_float = true;
  n.i = u->value;
  n.u = u->value;
  n.f = u->value;
  return n;
}

}  // namespace primer::tmpl::detail
