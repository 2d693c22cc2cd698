// YAML decoding as Helm does it: libyaml scans and parses (go-yaml v2 is a Go translation of
// it, so syntax and its error texts are go-yaml's), and everything go-yaml v2 decides on top
// of the syntax is ours: YAML 1.1 scalar resolution, explicit tags, anchors, aliases and `<<`
// merges, map keys made strings (sigs.k8s.io/yaml), and in Float64 mode the JSON round trip
// Helm puts values through (every number a float64, NaN/Inf rejected).
//
// Each document is first read into a small node tree (libyaml events), with sizes and
// heights computed as aliases arrive so that alias bombs and deep nesting fail before any
// expansion; the tree is then decoded in go-yaml's order, so its errors win in its order.
#include "value/detail/yaml_decode.h"

#include <yaml.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/error.h"
#include "value/detail/go_strconv.h"
#include "value/detail/yaml_fast.h"
#include "value/value.h"

namespace primer::value {
namespace {

using detail::go_parse_int;
using detail::go_parse_uint;
using detail::kMaxAliasNodes;
using detail::kMaxYamlNesting;
using detail::ParseStatus;

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// ---- go-yaml v2 scalar resolution --------------------------------------------------------

// The tag of a scalar, from libyaml's tag and style (see scalar_tag).
enum class Tag : std::uint8_t {
  Plain,        // untagged plain: resolved
  Quoted,       // untagged quoted or block scalar: a string
  NonSpecific,  // `!`: a string, but a `<<` key still merges

  Str,
  Bool,
  Int,
  Float,
  Null,
  Timestamp,
  Binary,
  Merge,
  Other,
};

Tag classify_tag(std::string_view t) {
  if (t == "!") return Tag::NonSpecific;
  constexpr std::string_view kPrefix = "tag:yaml.org,2002:";
  if (t.substr(0, kPrefix.size()) != kPrefix) return Tag::Other;
  t.remove_prefix(kPrefix.size());
  if (t == "str") return Tag::Str;
  if (t == "bool") return Tag::Bool;
  if (t == "int") return Tag::Int;
  if (t == "float") return Tag::Float;
  if (t == "null") return Tag::Null;
  if (t == "timestamp") return Tag::Timestamp;
  if (t == "binary") return Tag::Binary;
  if (t == "merge") return Tag::Merge;
  return Tag::Other;
}

// A decoded go-yaml scalar, typed as go-yaml types it inside interface{}.
struct GoScalar {
  enum class Type : std::uint8_t { Null, Bool, Int, Uint, Float, String };
  Type type = Type::Null;
  bool b = false;
  std::int64_t i = 0;
  std::uint64_t u = 0;
  double f = 0;
  std::string s;
  bool from_binary = false;  // a !!binary payload: may be any bytes, not only UTF-8
};

// What resolve() found, before the explicit tag is checked against it.
enum class RTag : std::uint8_t { Null, Bool, Int, Float, Str, Timestamp };

std::string_view short_tag(RTag t) {
  switch (t) {
    case RTag::Null:
      return "!!null";
    case RTag::Bool:
      return "!!bool";
    case RTag::Int:
      return "!!int";
    case RTag::Float:
      return "!!float";
    case RTag::Str:
      return "!!str";
    case RTag::Timestamp:
      return "!!timestamp";
  }
  return "!!str";
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return static_cast<char>(c | 0x20); }

// True when the decimal text (sign, digits, one '.', optional exponent) has magnitude
// below 1: tells underflow (Go returns 0) from overflow (Go fails) after from_chars.
bool decimal_below_one(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  long long int_digits = 0, pos = 0, first_nonzero = -1;  // positions over all digits
  bool seen_dot = false;
  for (; i < s.size() && (is_digit(s[i]) || s[i] == '.'); ++i) {
    if (s[i] == '.') {
      seen_dot = true;
      continue;
    }
    if (!seen_dot) ++int_digits;
    if (first_nonzero < 0 && s[i] != '0') first_nonzero = pos;
    ++pos;
  }
  if (first_nonzero < 0) return true;
  long long magnitude = int_digits - 1 - first_nonzero;
  if (i < s.size() && lower(s[i]) == 'e') {
    ++i;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
    long long exp = 0;
    for (; i < s.size() && is_digit(s[i]); ++i) {
      if (exp < 1'000'000) exp = exp * 10 + (s[i] - '0');
    }
    magnitude += negative ? -exp : exp;
  }
  return magnitude < 0;
}

// Decimal text to double as Go's ParseFloat does for it: overflow is an error, underflow
// gives zero. `s` holds only sign, digits, '.', and an exponent.
std::optional<double> go_parse_decimal(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  double d = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ptr != s.data() + s.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    if (!decimal_below_one(s)) return std::nullopt;
    return !s.empty() && s[0] == '-' ? -0.0 : 0.0;
  }
  if (ec != std::errc()) return std::nullopt;
  return d;
}

// parity: go-yaml's yamlStyleFloat, ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool yaml_style_float(std::string_view s) {
  std::size_t i = 0, n = s.size();
  auto digits = [&] {
    std::size_t start = i;
    while (i < n && is_digit(s[i])) ++i;
    return i - start;
  };
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  if (i < n && s[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  } else {
    if (digits() == 0) return false;
    if (i < n && s[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < n && lower(s[i]) == 'e') {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == n;
}

// parity: strconv.ParseFloat for text starting with '.', where Go allows '_' between digits.
std::optional<double> go_parse_dot_float(std::string_view s) {
  std::size_t i = 1, n = s.size();
  bool digits = false;
  for (; i < n && (is_digit(s[i]) || s[i] == '_'); ++i) digits = digits || is_digit(s[i]);
  if (!digits) return std::nullopt;
  if (i < n && lower(s[i]) == 'e') {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= n || !is_digit(s[i])) return std::nullopt;
    while (i < n && (is_digit(s[i]) || s[i] == '_')) ++i;
  }
  if (i != n) return std::nullopt;
  // Underscores must sit between digits (strconv's underscoreOK).
  std::string plain;
  plain.reserve(n);
  char prev = '.';
  for (std::size_t j = 0; j < n; ++j) {
    if (s[j] == '_') {
      if (!is_digit(prev) || j + 1 >= n || !is_digit(s[j + 1])) return std::nullopt;
    } else {
      plain.push_back(s[j]);
    }
    prev = s[j];
  }
  return go_parse_decimal(plain);
}

int parse_fixed_digits(std::string_view s, std::size_t& i, std::size_t min, std::size_t max) {
  std::size_t start = i;
  int v = 0;
  while (i < s.size() && i - start < max && is_digit(s[i])) v = v * 10 + (s[i++] - '0');
  return i - start >= min ? v : -1;
}

// parity: go-yaml's parseTimestamp (time.Parse with "2006-1-2T15:4:5.999999999Z07:00",
// its lower-case-t twin, "2006-1-2 15:4:5.999999999" and "2006-1-2"), slightly simplified.
bool go_timestamp(std::string_view s) {
  std::size_t i = 0;
  if (parse_fixed_digits(s, i, 4, 4) < 0 || i >= s.size() || s[i] != '-') return false;
  ++i;
  int month = parse_fixed_digits(s, i, 1, 2);
  if (month < 1 || month > 12 || i >= s.size() || s[i] != '-') return false;
  ++i;
  int day = parse_fixed_digits(s, i, 1, 2);
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day < 1 || day > kDays[month - 1]) return false;
  if (i == s.size()) return true;
  char sep = s[i++];
  if (sep != 'T' && sep != 't' && sep != ' ') return false;
  int hour = parse_fixed_digits(s, i, 1, 2);
  if (hour < 0 || hour > 23 || i >= s.size() || s[i++] != ':') return false;
  int minute = parse_fixed_digits(s, i, 1, 2);
  if (minute < 0 || minute > 59 || i >= s.size() || s[i++] != ':') return false;
  int second = parse_fixed_digits(s, i, 1, 2);
  if (second < 0 || second > 59) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (parse_fixed_digits(s, i, 1, 9) < 0) return false;
  }
  if (sep == ' ') return i == s.size();
  if (i < s.size() && s[i] == 'Z') return i + 1 == s.size();
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    ++i;
    std::size_t start = i;
    if (parse_fixed_digits(s, i, 2, 2) < 0 || i >= s.size() || s[i++] != ':') return false;
    if (parse_fixed_digits(s, i, 2, 2) < 0) return false;
    return i == start + 5 && i == s.size();
  }
  return false;
}

struct Resolution {
  RTag tag = RTag::Str;
  GoScalar value;
};

GoScalar go_string(std::string_view s) {
  GoScalar g;
  g.type = GoScalar::Type::String;
  g.s = std::string(s);
  return g;
}

Resolution resolved_int(std::int64_t v) {
  Resolution r{RTag::Int, {}};
  r.value.type = GoScalar::Type::Int;
  r.value.i = v;
  return r;
}

Resolution resolved_float(double v) {
  Resolution r{RTag::Float, {}};
  r.value.type = GoScalar::Type::Float;
  r.value.f = v;
  return r;
}

// parity: go-yaml v2 resolve() (resolve.go) before the explicit-tag check. `tag` is Plain
// (go-yaml's "") or one of the resolvable explicit tags.
Resolution go_resolve(Tag tag, std::string_view in) {
  if (tag == Tag::Str) return {RTag::Str, go_string(in)};
  char first = in.empty() ? 'N' : in[0];
  bool sign = first == '+' || first == '-';
  bool digit = is_digit(first);
  bool in_map = std::string_view("yYnNtTfFoO~").find(first) != std::string_view::npos;
  if (!sign && !digit && !in_map && first != '.') return {RTag::Str, go_string(in)};

  // The fixed words of resolveMap.
  if (in.size() <= 6) {
    static constexpr std::string_view kTrue[] = {"y",    "Y",    "yes", "Yes", "YES", "true",
                                                 "True", "TRUE", "on",  "On",  "ON"};
    static constexpr std::string_view kFalse[] = {"n",     "N",     "no",  "No",  "NO", "false",
                                                  "False", "FALSE", "off", "Off", "OFF"};
    static constexpr std::string_view kNull[] = {"", "~", "null", "Null", "NULL"};
    for (auto w : kTrue) {
      if (in == w) {
        Resolution r{RTag::Bool, {}};
        r.value.type = GoScalar::Type::Bool;
        r.value.b = true;
        return r;
      }
    }
    for (auto w : kFalse) {
      if (in == w) {
        Resolution r{RTag::Bool, {}};
        r.value.type = GoScalar::Type::Bool;
        return r;
      }
    }
    for (auto w : kNull) {
      if (in == w) return {RTag::Null, {}};
    }
    if (in == ".nan" || in == ".NaN" || in == ".NAN") {
      return resolved_float(std::numeric_limits<double>::quiet_NaN());
    }
    for (auto w : {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}) {
      if (in == w) return resolved_float(std::numeric_limits<double>::infinity());
    }
    for (auto w : {"-.inf", "-.Inf", "-.INF"}) {
      if (in == w) return resolved_float(-std::numeric_limits<double>::infinity());
    }
  }

  if (first == '.') {
    if (auto f = go_parse_dot_float(in)) return resolved_float(*f);
  } else if (sign || digit) {
    if ((tag == Tag::Plain || tag == Tag::Timestamp) && go_timestamp(in)) {
      return {RTag::Timestamp, go_string(in)};
    }
    std::string plain;
    plain.reserve(in.size());
    for (char c : in) {
      if (c != '_') plain.push_back(c);
    }
    std::int64_t i = 0;
    if (go_parse_int(plain, 0, &i) == ParseStatus::Ok) return resolved_int(i);
    std::uint64_t u = 0;
    if (go_parse_uint(plain, 0, &u) == ParseStatus::Ok) {
      Resolution r{RTag::Int, {}};
      r.value.type = GoScalar::Type::Uint;
      r.value.u = u;
      return r;
    }
    if (yaml_style_float(plain)) {
      if (auto f = go_parse_decimal(plain)) return resolved_float(*f);
    }
    // go-yaml's own 0b/-0b fallbacks, which read a sign after the prefix ("0b-1" is -1).
    std::string_view p = plain;
    if (p.substr(0, 2) == "0b") {
      if (go_parse_int(p.substr(2), 2, &i) == ParseStatus::Ok) return resolved_int(i);
      if (go_parse_uint(p.substr(2), 2, &u) == ParseStatus::Ok) {
        Resolution r{RTag::Int, {}};
        r.value.type = GoScalar::Type::Uint;
        r.value.u = u;
        return r;
      }
    } else if (p.substr(0, 3) == "-0b") {
      if (go_parse_int("-" + std::string(p.substr(3)), 2, &i) == ParseStatus::Ok) {
        return resolved_int(i);
      }
    }
  }
  return {RTag::Str, go_string(in)};
}

// parity: encoding/base64.StdEncoding.DecodeString, which skips '\r' and '\n'.
std::optional<std::string> go_base64(std::string_view in) {
  std::string clean;
  for (char c : in) {
    if (c != '\r' && c != '\n') clean.push_back(c);
  }
  if (clean.size() % 4 != 0) return std::nullopt;
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < clean.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char c = clean[i + static_cast<std::size_t>(k)];
      if (c == '=') {
        if (i + 4 != clean.size() || k < 2) return std::nullopt;
        ++pad;
        v[k] = 0;
        continue;
      }
      if (pad > 0) return std::nullopt;
      v[k] = value(c);
      if (v[k] < 0) return std::nullopt;
    }
    unsigned bits = (static_cast<unsigned>(v[0]) << 18) | (static_cast<unsigned>(v[1]) << 12) |
                    (static_cast<unsigned>(v[2]) << 6) | static_cast<unsigned>(v[3]);
    out.push_back(static_cast<char>((bits >> 16) & 0xff));
    if (pad < 2) out.push_back(static_cast<char>((bits >> 8) & 0xff));
    if (pad < 1) out.push_back(static_cast<char>(bits & 0xff));
  }
  return out;
}

// ---- UTF-8 ---------------------------------------------------------------------------------

// Decodes one UTF-8 sequence at s[i] as Go's utf8.DecodeRune does; width 1 with
// ok == false for an invalid byte.
struct Rune {
  char32_t value;
  std::size_t width;
  bool ok;
};

Rune decode_rune(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  if (c < 0x80) return {c, 1, true};
  std::size_t width = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (width == 0 || i + width > s.size()) return {0xFFFD, 1, false};
  char32_t v = width == 2 ? (c & 0x1Fu) : width == 3 ? (c & 0x0Fu) : (c & 0x07u);
  for (std::size_t k = 1; k < width; ++k) {
    if ((b(k) & 0xC0) != 0x80) return {0xFFFD, 1, false};
    v = (v << 6) | (b(k) & 0x3Fu);
  }
  bool overlong =
      (width == 2 && v < 0x80) || (width == 3 && v < 0x800) || (width == 4 && v < 0x10000);
  if (overlong || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF) return {0xFFFD, 1, false};
  return {v, width, true};
}

// parity: encoding/json writes each invalid byte of a string as U+FFFD.
std::string go_json_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    Rune r = decode_rune(s, i);
    if (r.ok) {
      out.append(s.substr(i, r.width));
    } else {
      out.append("\xEF\xBF\xBD");
    }
    i += r.width;
  }
  return out;
}

// ---- Go-syntax printing (%#v), for the messages that quote decoded values -------------

void append_go_quoted(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (std::size_t i = 0; i < s.size();) {
    Rune r = decode_rune(s, i);
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!r.ok) {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else if (r.value == '"' || r.value == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(r.value));
    } else if (r.value == '\n') {
      out += "\\n";
    } else if (r.value == '\t') {
      out += "\\t";
    } else if (r.value == '\r') {
      out += "\\r";
    } else if (r.value < 0x20 || r.value == 0x7f) {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else if (r.value >= 0x80 && r.value < 0xA0) {
      out += "\\u00";
      out.push_back(kHex[(r.value >> 4) & 15]);
      out.push_back(kHex[r.value & 15]);
    } else if (r.value == 0xFEFF) {
      out += "\\ufeff";
    } else {
      out.append(s.substr(i, r.width));
    }
    i += r.width;
  }
  out.push_back('"');
}

std::string go_syntax_scalar(const GoScalar& g, bool nested) {
  switch (g.type) {
    case GoScalar::Type::Null:
      return nested ? "interface {}(nil)" : "<nil>";
    case GoScalar::Type::Bool:
      return g.b ? "true" : "false";
    case GoScalar::Type::Int:
      return std::to_string(g.i);
    case GoScalar::Type::Uint: {
      char buf[32];
      auto res = std::to_chars(buf, buf + sizeof buf, g.u, 16);
      return "0x" + std::string(buf, res.ptr);
    }
    case GoScalar::Type::Float:
      return format_float(g.f, 'g', -1);
    case GoScalar::Type::String: {
      std::string out;
      append_go_quoted(out, g.s);
      return out;
    }
  }
  return "<nil>";
}

// parity: sigs.k8s.io/yaml converts float keys with strconv.FormatFloat(f, 'g', -1, 32).
std::string float_key(double f) {
  if (std::isnan(f)) return ".nan";
  float g = static_cast<float>(f);
  if (std::isinf(g)) return g > 0 ? ".inf" : "-.inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, g);
  double shortest = 0;
  std::from_chars(buf, res.ptr, shortest);
  return format_float(shortest, 'g', -1);
}

// ---- the document tree ------------------------------------------------------------------

enum class NodeKind : std::uint8_t { Scalar, Seq, Map, Alias };

struct Node {
  NodeKind kind = NodeKind::Scalar;
  Tag tag = Tag::Plain;
  bool open = false;        // a collection whose end has not been read yet
  bool self_alias = false;  // an alias to one of its own ancestors
  bool flow = false;        // a flow collection
  bool pair = false;        // the implicit one-pair map of `[a: b]`
  bool in_source = false;   // text_at indexes the document's own text, not the tree's buffer
  int line = 0;
  int column = 0;
  // Scalar text, or an alias's anchor name, as a slice of the tree's text buffer (or of the
  // source text, when in_source).
  std::size_t text_at = 0;
  std::size_t text_size = 0;
  std::uint32_t first = kNone;
  std::uint32_t last = kNone;
  std::uint32_t next = kNone;
  std::uint32_t target = kNone;  // alias: the anchored node
  std::uint64_t size = 1;        // nodes once aliases are expanded
  int height = 0;                // collections nested in it, aliases expanded
};

// One document: its nodes, and all their text in one buffer (one allocation, not one a node).
struct Tree {
  std::vector<Node> nodes;
  std::string text;
  std::string_view source;  // the text the document was read from (FastReader's slices)
  std::uint32_t root = kNone;

  std::string_view text_of(const Node& n) const {
    return {(n.in_source ? source.data() : text.data()) + n.text_at, n.text_size};
  }
};

struct Limits {
  std::string_view input;
  std::string_view text;  // the whole input, for positions of reader errors
  std::string prefix;     // "error converting YAML to JSON: " in Float64 mode
};

// ---- libyaml events ---------------------------------------------------------------------

std::string_view view_of(const yaml_char_t* s) {
  return s == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(s));
}

// The 1-based line and column (in characters) of byte `offset` of `text`, for libyaml's
// reader errors, which carry only an offset. Unknown (0, 0) for UTF-16 input.
std::pair<int, int> position_of_offset(std::string_view text, std::size_t offset) {
  if (text.substr(0, 2) == "\xFE\xFF" || text.substr(0, 2) == "\xFF\xFE") return {0, 0};
  std::size_t start = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  offset = std::min(offset, text.size());
  int line = 1;
  std::size_t line_start = start;
  for (std::size_t i = start; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  int column = 1;
  for (std::size_t i = line_start; i < offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;  // not a continuation
  }
  return {line, column};
}

// Byte offsets of libyaml's character indexes (which skip a UTF-8 BOM) in the input. Events
// come in text order, so each lookup resumes from the last: linear over a whole document.
class TextCursor {
  static bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

 public:
  explicit TextCursor(std::string_view text)
      : text_(text), start_(text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0), offset_(start_) {}

  std::size_t offset_of(std::size_t index) {
    if (index < index_) {
      index_ = 0;
      offset_ = start_;
    }
    while (index_ < index && offset_ < text_.size()) {
      ++offset_;
      while (offset_ < text_.size() && is_continuation(text_[offset_])) ++offset_;
      ++index_;
    }
    return offset_;
  }

 private:
  std::string_view text_;
  std::size_t start_;
  std::size_t index_ = 0;  // the character index at
  std::size_t offset_;     // this byte offset
};

// `mark` moved over text[from, to), counting lines as libyaml does for \n, \r and \r\n.
yaml_mark_t advance(yaml_mark_t mark, std::string_view text, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to && i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++mark.line;
      mark.column = 0;
    } else if (c != '\r' && (static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++mark.column;
    }
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++mark.index;
  }
  return mark;
}

// parity: go-yaml v2 parser.fail (decode.go). Its marks are 0-based, and it prints the
// problem mark's line as is for parser errors (one less than the line of the problem), plus
// one for scanner errors; on the first line it falls back to the context mark's line, and
// prints no line when that is 0 too. Where is the problem mark, 1-based.
[[noreturn]] void fail_syntax(const Limits& limits, bool scanner_error, const char* problem,
                              const yaml_mark_t& problem_mark, const yaml_mark_t& context_mark) {
  std::size_t line = 0;
  if (problem_mark.line != 0) {
    line = problem_mark.line + (scanner_error ? 1 : 0);
  } else if (context_mark.line != 0) {
    line = context_mark.line;
  }
  std::string message = limits.prefix + "yaml: ";
  if (line != 0) message += "line " + std::to_string(line) + ": ";
  message += problem != nullptr ? problem : "unknown problem parsing YAML content";
  throw Error({std::string(limits.input), static_cast<int>(problem_mark.line) + 1,
               static_cast<int>(problem_mark.column) + 1},
              std::move(message));
}

// A libyaml parser over a caller's buffer, which must outlive it. next() turns libyaml's
// failures into Errors worded as go-yaml v2 words them.
class EventReader {
 public:
  explicit EventReader(const Limits& limits) : limits_(limits) {
    if (yaml_parser_initialize(&parser_) == 0) throw Error({}, "yaml: out of memory");
    // libyaml asserts a non-null pointer, which an empty string_view need not have.
    const char* data = limits.text.empty() ? "" : limits.text.data();
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(data),
                                 limits.text.size());
  }
  ~EventReader() {
    yaml_event_delete(&event_);
    yaml_parser_delete(&parser_);
  }
  EventReader(const EventReader&) = delete;
  EventReader& operator=(const EventReader&) = delete;

  /// The next event, valid until the following call.
  const yaml_event_t& next() {
    yaml_event_delete(&event_);
    if (yaml_parser_parse(&parser_, &event_) == 0) fail();
    return event_;
  }

  /// Reads the next event, which must be of `type` (libyaml guarantees the grammar).
  void expect(yaml_event_type_t type) {
    if (next().type != type) {
      throw Error(
          {std::string(limits_.input), line_of(event_.start_mark), column_of(event_.start_mark)},
          limits_.prefix + "yaml: unexpected event " + std::to_string(event_.type));
    }
  }

  static int line_of(const yaml_mark_t& m) { return static_cast<int>(m.line) + 1; }
  static int column_of(const yaml_mark_t& m) { return static_cast<int>(m.column) + 1; }

 private:
  [[noreturn]] void fail() const {
    if (parser_.error == YAML_READER_ERROR) {
      // go-yaml's reader errors carry no mark: no line in the message.
      auto [line, column] = position_of_offset(limits_.text, parser_.problem_offset);
      throw Error({std::string(limits_.input), line, column},
                  limits_.prefix + "yaml: " +
                      (parser_.problem != nullptr ? parser_.problem : "unknown problem"));
    }
    fail_syntax(limits_, parser_.error == YAML_SCANNER_ERROR, parser_.problem, parser_.problem_mark,
                parser_.context_mark);
  }

  const Limits& limits_;
  yaml_parser_t parser_{};
  yaml_event_t event_{};  // zeroed (YAML_NO_EVENT): yaml_event_delete leaves it alone
};

// parity: go-yaml v2 node tags. libyaml reports an untagged plain scalar with no tag and
// plain style, an untagged quoted or block scalar with no tag and another style, and `!`
// (which go-yaml keeps, with implicit set) as the tag "!".
Tag scalar_tag(const yaml_event_t& e) {
  if (e.data.scalar.tag == nullptr) {
    return e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? Tag::Plain : Tag::Quoted;
  }
  return classify_tag(view_of(e.data.scalar.tag));
}

// Reads one document's events into a Tree, enforcing the nesting and alias limits as it
// goes, so that a bomb fails before anything is expanded.
class TreeBuilder {
 public:
  TreeBuilder(const Limits& limits, Tree& tree, TextCursor& cursor)
      : limits_(limits), tree_(tree), cursor_(cursor) {}

  // Reads from just after DOCUMENT-START through DOCUMENT-END.
  void read_document(EventReader& events) {
    do {
      const yaml_event_t& e = events.next();
      switch (e.type) {
        case YAML_SCALAR_EVENT:
          scalar(e);
          break;
        case YAML_ALIAS_EVENT:
          alias(e);
          break;
        case YAML_SEQUENCE_START_EVENT:
          open(NodeKind::Seq, e.start_mark, view_of(e.data.sequence_start.anchor),
               e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE, false);
          break;
        case YAML_MAPPING_START_EVENT: {
          bool flow = e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
          // libyaml gives the one-pair map of `[a: b]` (or `[? a]`) the mark of its key
          // indicator: empty for a simple key, else a `?`.
          bool pair = flow && in_flow_seq() &&
                      (e.start_mark.index == e.end_mark.index || char_at(e.start_mark) == '?');
          open(NodeKind::Map, e.start_mark, view_of(e.data.mapping_start.anchor), flow, pair);
          break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
          close();
          break;
        default:
          fail(e.start_mark, "yaml: unexpected event " + std::to_string(e.type));
      }
    } while (!stack_.empty());
    events.expect(YAML_DOCUMENT_END_EVENT);
  }

 private:
  [[noreturn]] void fail(const yaml_mark_t& mark, std::string message) const {
    throw Error(
        {std::string(limits_.input), EventReader::line_of(mark), EventReader::column_of(mark)},
        limits_.prefix + message);
  }

  // parity: libyaml 0.2.5 lets `?` into plain scalars in flow collections; go-yaml, from an
  // older libyaml, ends the scalar there and reads a key indicator where the flow collection
  // (not an implicit one-pair map in it) wants a ',' or its end.
  [[noreturn]] void fail_question_in_flow(const yaml_mark_t& start) {
    std::string_view text = limits_.text;
    std::size_t from = cursor_.offset_of(start.index);
    std::size_t at = text.find('?', from + 1);
    yaml_mark_t problem = advance(start, text, from, at);
    auto it = stack_.rbegin();
    while (tree_.nodes[*it].pair) ++it;  // a pair sits in a flow sequence
    const Node& flow = tree_.nodes[*it];
    yaml_mark_t context{};
    context.line = static_cast<std::size_t>(flow.line - 1);
    context.column = static_cast<std::size_t>(flow.column - 1);
    fail_syntax(limits_, false,
                flow.kind == NodeKind::Seq ? "did not find expected ',' or ']'"
                                           : "did not find expected ',' or '}'",
                problem, context);
  }

  void check_nesting(const yaml_mark_t& mark, int depth) const {
    if (depth > kMaxYamlNesting) {
      fail(mark,
           "document nests collections deeper than " + std::to_string(kMaxYamlNesting) + " levels");
    }
  }

  void set_text(Node& n, std::string_view s) {
    n.text_at = tree_.text.size();
    n.text_size = s.size();
    tree_.text.append(s);
  }

  void scalar(const yaml_event_t& e) {
    std::string_view value(reinterpret_cast<const char*>(e.data.scalar.value),
                           e.data.scalar.length);
    if (e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !stack_.empty() &&
        tree_.nodes[stack_.back()].flow && value.find('?', 1) != std::string_view::npos) {
      fail_question_in_flow(e.start_mark);
    }
    if (e.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE &&
        value.find('/') != std::string_view::npos) {
      check_no_slash_escape(e);
    }
    Node n;
    n.kind = NodeKind::Scalar;
    n.tag = scalar_tag(e);
    set_text(n, value);
    finish(add(n, e.start_mark, view_of(e.data.scalar.anchor)));
  }

  // parity: go-yaml v2 predates YAML 1.2's `\/` escape, which libyaml 0.2.5 accepts; go-yaml
  // stops at the backslash with its scanner error.
  void check_no_slash_escape(const yaml_event_t& e) {
    std::string_view text = limits_.text;
    std::size_t from = cursor_.offset_of(e.start_mark.index);
    std::size_t to = std::min(cursor_.offset_of(e.end_mark.index), text.size());
    for (std::size_t i = from + 1; i + 1 < to; ++i) {
      if (text[i] != '\\') continue;
      if (text[i + 1] == '/') {
        fail_syntax(limits_, true, "found unknown escape character",
                    advance(e.start_mark, text, from, i), e.start_mark);
      }
      ++i;
    }
  }

  void alias(const yaml_event_t& e) {
    std::string_view name = view_of(e.data.alias.anchor);
    auto found = anchors_.find(name);
    // parity: go-yaml v2 parser.alias, which gives no line.
    if (found == anchors_.end()) {
      fail(e.start_mark, "yaml: unknown anchor '" + std::string(name) + "' referenced");
    }
    Node n;
    n.kind = NodeKind::Alias;
    n.target = found->second;
    set_text(n, name);
    const Node& target = tree_.nodes[n.target];
    if (target.open) {
      n.self_alias = true;
      n.size = 0;
    } else {
      n.size = target.size;
      n.height = target.height;
      alias_nodes_ += target.size;
      if (alias_nodes_ > kMaxAliasNodes) {
        fail(e.start_mark,
             "document expands aliases to more than " + std::to_string(kMaxAliasNodes) + " nodes");
      }
      check_nesting(e.start_mark, static_cast<int>(stack_.size()) + n.height);
    }
    finish(add(n, e.start_mark, {}));
  }

  std::uint32_t add(const Node& n, const yaml_mark_t& mark, std::string_view anchor) {
    auto index = static_cast<std::uint32_t>(tree_.nodes.size());
    if (!stack_.empty()) {
      Node& parent = tree_.nodes[stack_.back()];
      if (parent.first == kNone) {
        parent.first = index;
      } else {
        tree_.nodes[parent.last].next = index;
      }
      parent.last = index;
    } else if (tree_.root == kNone) {
      tree_.root = index;
    }
    Node& added = tree_.nodes.emplace_back(n);
    added.line = EventReader::line_of(mark);
    added.column = EventReader::column_of(mark);
    // parity: go-yaml v2 parser.anchor: a later anchor of the same name replaces the earlier.
    if (!anchor.empty()) anchors_.insert_or_assign(std::string(anchor), index);
    return index;
  }

  // Adds a finished node's size and height to its parent.
  void finish(std::uint32_t index) {
    if (stack_.empty()) return;
    const Node& n = tree_.nodes[index];
    Node& parent = tree_.nodes[stack_.back()];
    parent.size += n.size;
    parent.height = std::max(parent.height, n.height);
  }

  char char_at(const yaml_mark_t& mark) {
    std::size_t at = cursor_.offset_of(mark.index);
    return at < limits_.text.size() ? limits_.text[at] : '\0';
  }

  bool in_flow_seq() const {
    return !stack_.empty() && tree_.nodes[stack_.back()].flow &&
           tree_.nodes[stack_.back()].kind == NodeKind::Seq;
  }

  void open(NodeKind kind, const yaml_mark_t& mark, std::string_view anchor, bool flow, bool pair) {
    check_nesting(mark, static_cast<int>(stack_.size()) + 1);
    Node n;
    n.kind = kind;
    n.open = true;
    n.flow = flow;
    n.pair = pair;
    stack_.push_back(add(n, mark, anchor));
  }

  void close() {
    std::uint32_t index = stack_.back();
    stack_.pop_back();
    Node& n = tree_.nodes[index];
    n.open = false;
    n.height += 1;
    finish(index);
  }

  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  const Limits& limits_;
  Tree& tree_;
  TextCursor& cursor_;
  std::vector<std::uint32_t> stack_;
  std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> anchors_;
  std::uint64_t alias_nodes_ = 0;
};

// A plain scalar that may resolve to NaN or an infinity (.nan, -.Inf, ...): over-inclusive.
bool maybe_non_finite(std::string_view t) {
  if (t.size() < 4 || t.size() > 6 || (t[0] != '.' && t[0] != '+' && t[0] != '-')) return false;
  std::string_view tail = t.substr(t.size() - 3);
  auto is = [&](std::string_view w) {
    for (std::size_t i = 0; i < 3; ++i) {
      if (lower(tail[i]) != w[i]) return false;
    }
    return true;
  };
  return is("inf") || is("nan");
}

// A plain key that may be `<<`, or resolve to null or a uint64 (errors): over-inclusive.
bool awkward_plain_key(std::string_view t) {
  if (t.empty() || t == "<<") return true;
  if (std::string_view("+-0123456789.~nN").find(t[0]) == std::string_view::npos) return false;
  Resolution r = go_resolve(Tag::Plain, t);
  return r.tag == RTag::Null || r.value.type == GoScalar::Type::Uint;
}

// ---- a fast path for plain block YAML -----------------------------------------------------
//
// What primer decodes is mostly block YAML of a simple shape: rendered manifests, values
// files, Chart.yaml. FastReader builds the Tree of such a document straight from its text,
// about ten times faster than through libyaml's events. It reads only a subset of YAML: block
// mappings and sequences indented with spaces, simple keys, single-line plain and quoted
// scalars (no escapes), literal and folded block scalars without an indentation indicator,
// `{}` and `[]`, comments; printable ASCII or UTF-8, no tabs or carriage returns. At
// anything else, or anything it is not certain libyaml reads without an error and into the
// same tree, it gives up and the caller reads the text with libyaml instead: it never
// decides an error itself.
class FastReader {
 public:
  /// With `keys`, the values of a top-level map's other keys are read and checked but left
  /// out of the tree (a null in their place), for Decoder::head.
  FastReader(std::string_view text, Tree& tree, const std::vector<std::string>* keys = nullptr,
             Numbers numbers = Numbers::Typed)
      : s_(text), tree_(tree), keys_(keys), float64_(numbers == Numbers::Float64) {
    tree_.nodes.clear();
    tree_.text.clear();
    tree_.source = text;
    tree_.root = kNone;
  }

  /// True when the text is in the subset and the tree holds its document (root kNone when
  /// the text has none: only blank lines and comments). False: use libyaml.
  bool read() {
    if (!printable(s_)) return false;
    if (!next_line()) return false;
    if (eof_) return true;
    if (!block_node(-1)) return false;
    return eof_ && !unsafe_;
  }

 private:
  static constexpr std::size_t kMaxDepth = 200;      // well inside kMaxYamlNesting
  static constexpr std::size_t kMaxKeyBytes = 1000;  // libyaml: a simple key < 1024 chars

  // Only '\n' and printable characters as libyaml's reader takes them, less those its
  // scanner treats specially (tab, '\r', NEL, LS, PS, BOM).
  static bool printable(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t n = s.size();
    for (std::size_t i = 0; i < n;) {
      // Eight bytes at a time while they are printable ASCII or '\n' (each test below is
      // exact per byte for bytes below 0x80: no carry crosses a byte).
      constexpr std::uint64_t kOnes = 0x0101010101010101u, kHigh = 0x8080808080808080u;
      while (i + 8 <= n) {
        std::uint64_t x;
        std::memcpy(&x, p + i, 8);
        if (x & kHigh) break;
        std::uint64_t control = ~(x + 0x60 * kOnes) & kHigh;  // below 0x20
        std::uint64_t newline = ~((x ^ 0x0A * kOnes) + 0x7F * kOnes) & kHigh;
        std::uint64_t del = (x + kOnes) & kHigh;  // 0x7F
        if ((control & ~newline) | del) break;
        i += 8;
      }
      if (i == n) break;
      unsigned char c = p[i];
      if (c < 0x80) {
        if ((c < 0x20 && c != '\n') || c == 0x7F) return false;
        ++i;
        continue;
      }
      auto cont = [&](std::size_t k) { return i + k < n && (p[i + k] & 0xC0) == 0x80; };
      char32_t r;
      std::size_t w;
      if (c >= 0xC2 && c <= 0xDF && cont(1)) {
        r = (c & 0x1Fu) << 6 | (p[i + 1] & 0x3Fu);
        w = 2;
      } else if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2)) {
        r = (c & 0x0Fu) << 12 | (p[i + 1] & 0x3Fu) << 6 | (p[i + 2] & 0x3Fu);
        w = 3;
        if (r < 0x800) return false;
      } else if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3)) {
        r = (c & 0x07u) << 18 | (p[i + 1] & 0x3Fu) << 12 | (p[i + 2] & 0x3Fu) << 6 |
            (p[i + 3] & 0x3Fu);
        w = 4;
        if (r < 0x10000 || r > 0x10FFFF) return false;
      } else {
        return false;
      }
      bool ok = (r >= 0xA0 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000;
      if (!ok || r == 0x2028 || r == 0x2029 || r == 0xFEFF) return false;
      i += w;
    }
    return true;
  }

  bool at_end() const { return pos_ >= s_.size(); }
  char peek(std::size_t k = 0) const { return pos_ + k < s_.size() ? s_[pos_ + k] : '\0'; }
  // A blank or the end of the line or text (libyaml's IS_BLANKZ here).
  bool blankz(std::size_t at) const { return at >= s_.size() || s_[at] == ' ' || s_[at] == '\n'; }
  int column() const { return static_cast<int>(pos_ - line_); }

  // From the start of a line: past blank and comment lines to the first character of the
  // next content line (setting line_ and indent_), or to the end (eof_).
  bool next_line() {
    const std::size_t n = s_.size();
    while (pos_ < n) {
      line_ = pos_;
      skip_spaces();
      if (pos_ == n) break;
      char c = s_[pos_];
      if (c == '\n') {
        ++pos_;
        continue;
      }
      if (c == '#') {
        skip_to_next_line();
        continue;
      }
      indent_ = column();
      // Directives and document markers start at column 0; any line that could be one
      // is left to libyaml.
      if (indent_ == 0 && (c == '%' || (c == '-' && peek(1) == '-' && peek(2) == '-') ||
                           (c == '.' && peek(1) == '.' && peek(2) == '.'))) {
        return false;
      }
      return true;
    }
    eof_ = true;
    return true;
  }

  // The first byte at or after `at` that is not a space, eight at a time (indentation is
  // most of a manifest's bytes).
  std::size_t past_spaces(std::size_t at) const {
    const std::size_t n = s_.size();
    while (at + 8 <= n) {
      std::uint64_t x;
      std::memcpy(&x, s_.data() + at, 8);
      x ^= 0x2020202020202020u;
      if (x != 0) return at + first_marked_byte(x);
      at += 8;
    }
    while (at < n && s_[at] == ' ') ++at;
    return at;
  }

  // The index of the first byte of x (in memory order) whose value is not zero.
  static std::size_t first_marked_byte(std::uint64_t x) {
    int bits =
        std::endian::native == std::endian::little ? std::countr_zero(x) : std::countl_zero(x);
    return static_cast<std::size_t>(bits) / 8;
  }

  void skip_spaces() { pos_ = past_spaces(pos_); }

  void skip_to_next_line() {
    const void* nl = std::memchr(s_.data() + pos_, '\n', s_.size() - pos_);
    pos_ = nl == nullptr ? s_.size()
                         : static_cast<std::size_t>(static_cast<const char*>(nl) - s_.data()) + 1;
  }

  // After a node's last character: spaces, then a comment (after at least one space) or
  // the end of the line; then the next content line.
  bool end_line() {
    std::size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
    if (!at_end() && s_[pos_] != '\n') {
      if (s_[pos_] != '#' || pos_ == start) return false;
    }
    skip_to_next_line();
    return next_line();
  }

  std::uint32_t add(Node n) {
    if (skip_) return kNone;
    auto index = static_cast<std::uint32_t>(tree_.nodes.size());
    if (!stack_.empty()) {
      Node& parent = tree_.nodes[stack_.back()];
      if (parent.first == kNone) {
        parent.first = index;
      } else {
        tree_.nodes[parent.last].next = index;
      }
      parent.last = index;
    } else if (tree_.root == kNone) {
      tree_.root = index;
    }
    tree_.nodes.push_back(n);
    return index;
  }

  // What Decoder::may_fail checks of the nodes left out of the tree.
  void check_skipped(Tag tag, std::string_view text) {
    if (tag == Tag::Plain && float64_ && maybe_non_finite(text)) unsafe_ = true;
  }

  void add_scalar(Tag tag, std::size_t at, std::size_t size) {
    if (skip_) {
      check_skipped(tag, s_.substr(at, size));
      return;
    }
    Node n;
    n.tag = tag;
    n.in_source = true;
    n.text_at = at;
    n.text_size = size;
    add(n);
  }

  void add_scalar_text(Tag tag, std::string_view text) {
    if (skip_) {
      check_skipped(tag, text);
      return;
    }
    Node n;
    n.tag = tag;
    n.text_at = tree_.text.size();
    n.text_size = text.size();
    tree_.text.append(text);
    add(n);
  }

  bool open(NodeKind kind, bool flow = false) {
    if (stack_.size() >= kMaxDepth) return false;
    Node n;
    n.kind = kind;
    n.flow = flow;
    std::uint32_t index = add(n);
    if (!flow) stack_.push_back(index);
    return true;
  }

  void close() { stack_.pop_back(); }

  static bool indicator(char c) {
    switch (c) {
      case '-':
      case '?':
      case ':':
      case ',':
      case '[':
      case ']':
      case '{':
      case '}':
      case '#':
      case '&':
      case '*':
      case '!':
      case '|':
      case '>':
      case '\'':
      case '"':
      case '%':
      case '@':
      case '`':
      case ' ':
      case '\n':
        return true;
      default:
        return false;
    }
  }

  // A plain scalar from pos_ to the end of its line: the end of its text (trailing spaces
  // excluded) and where reading stopped: at the line's end, a comment, or a ": ".
  struct PlainEnd {
    std::size_t text_end;
    bool colon;  // stopped at a ':' followed by a blank (pos_ is at the ':')
  };
  PlainEnd scan_plain() {
    const std::size_t n = s_.size();
    std::size_t text_end = pos_;
    while (pos_ < n) {
      // Eight bytes at a time up to the next ' ', ':' or '\n' (exact per byte: a byte is
      // marked when x ^ c is zero, and adding 0x7F to the low seven bits never carries out).
      while (pos_ + 8 <= n) {
        std::uint64_t x;
        std::memcpy(&x, s_.data() + pos_, 8);
        constexpr std::uint64_t kOnes = 0x0101010101010101u, kLow = 0x7F7F7F7F7F7F7F7Fu;
        auto zero_bytes = [&](std::uint64_t y) { return ~(((y & kLow) + kLow) | y | kLow); };
        std::uint64_t hit = zero_bytes(x ^ (' ' * kOnes)) | zero_bytes(x ^ (':' * kOnes)) |
                            zero_bytes(x ^ ('\n' * kOnes));
        if (hit != 0) {
          std::size_t k = first_marked_byte(hit);
          if (k > 0) {
            pos_ += k;
            text_end = pos_;
          }
          break;
        }
        pos_ += 8;
        text_end = pos_;
      }
      if (pos_ >= n) break;
      char c = s_[pos_];
      if (c == '\n') break;
      if (c == ' ') {
        std::size_t j = pos_ + 1;
        while (j < n && s_[j] == ' ') ++j;
        if (j == n || s_[j] == '\n' || s_[j] == '#') {
          pos_ = j;
          break;
        }
        pos_ = j;
        continue;
      }
      if (c == ':' && blankz(pos_ + 1)) return {text_end, true};
      ++pos_;
      text_end = pos_;
    }
    return {text_end, false};
  }

  // A simple key at pos_ and its ':' (pos_ left after the ':'), added to the tree. False
  // when the line does not start with one.
  bool key() {
    std::size_t start = pos_;
    char c = peek();
    if (c == '"' || c == '\'') {
      if (!quoted(c)) return false;
      while (peek() == ' ') ++pos_;
      if (peek() != ':' || !blankz(pos_ + 1)) return false;
    } else {
      if (indicator(c)) return false;
      PlainEnd e = scan_plain();
      if (!e.colon) return false;
      if (skip_ && awkward_plain_key(s_.substr(start, e.text_end - start))) unsafe_ = true;
      add_scalar(Tag::Plain, start, e.text_end - start);
    }
    if (pos_ - start > kMaxKeyBytes) return false;
    ++pos_;  // the ':'
    return true;
  }

  // A quoted scalar at pos_, added to the tree; pos_ left after its closing quote. A key's
  // must end on its line (n < 0); a value's may go on over lines indented deeper than n,
  // folded as libyaml folds them. Double-quoted ones with escapes are left to libyaml.
  bool quoted(char quote, int n = -1) {
    const std::size_t size = s_.size();
    std::size_t start = ++pos_;
    std::string text;  // the value, once it differs from the source slice
    bool copied = false;
    auto copy = [&] {
      if (!copied) text.assign(s_.data() + start, pos_ - start);
      copied = true;
    };
    while (true) {
      // Within a line.
      std::size_t from = pos_;
      while (pos_ < size && s_[pos_] != quote && s_[pos_] != '\n' && s_[pos_] != '\\') ++pos_;
      if (pos_ == size || s_[pos_] == '\\') {
        if (pos_ == size || quote == '"') return false;
        ++pos_;  // a backslash is a plain character in single quotes
        if (copied) text.append(s_.data() + from, pos_ - from);
        continue;
      }
      if (copied) text.append(s_.data() + from, pos_ - from);
      if (s_[pos_] == quote) {
        if (quote == '\'' && peek(1) == '\'') {
          copy();
          pos_ += 2;
          text.push_back('\'');
          continue;
        }
        break;
      }
      // A line break: spaces before it dropped, the next lines' leading spaces skipped; one
      // break folds to a space, more to all but the first.
      if (n < 0) return false;
      std::size_t end = pos_;
      while (end > from && s_[end - 1] == ' ') --end;
      if (!copied) {
        text.assign(s_.data() + start, end - start);
        copied = true;
      } else {
        text.resize(text.size() - (pos_ - end));
      }
      std::size_t breaks = 0;
      while (pos_ < size && s_[pos_] == '\n') {
        std::size_t line = ++pos_;
        while (pos_ < size && s_[pos_] == ' ') ++pos_;
        if (pos_ < size && s_[pos_] == '\n') {
          ++breaks;
          continue;
        }
        if (pos_ == size || static_cast<int>(pos_ - line) <= n) return false;
      }
      if (breaks == 0) {
        text.push_back(' ');
      } else {
        text.append(breaks, '\n');
      }
    }
    if (copied) {
      add_scalar_text(Tag::Quoted, text);
    } else {
      add_scalar(Tag::Quoted, start, pos_ - start);
    }
    ++pos_;
    return true;
  }

  // Whether a top-level key may be one of keys_: it is, or its string (Decoder::key_string)
  // is not its text.
  bool wanted(const Node& key) const {
    std::string_view text = tree_.text_of(key);
    if (std::find(keys_->begin(), keys_->end(), text) != keys_->end()) return true;
    return key.tag == Tag::Plain &&
           go_resolve(Tag::Plain, text).value.type != GoScalar::Type::String;
  }

  // A block collection starting at the current content line, whose parent collection is
  // indented by `parent` (-1 at the root).
  bool block_node(int parent) {
    if (indent_ <= parent) return false;
    if (peek() == '-' && blankz(pos_ + 1)) return sequence(indent_, false);
    if (key_ahead()) return mapping(indent_);
    if (parent < 0) return false;  // a scalar document
    return inline_value(parent);
  }

  // Whether a simple key and its ':' start at pos_.
  bool key_ahead() {
    char c = peek();
    if (c == '"' || c == '\'') return quoted_key_ahead(c);
    if (indicator(c)) return false;
    std::size_t at = pos_;
    bool colon = scan_plain().colon;
    pos_ = at;
    return colon;
  }

  // A block mapping whose keys sit at column n; pos_ is at its first key.
  bool mapping(int n) {
    if (!open(NodeKind::Map)) return false;
    bool top = keys_ != nullptr && !skip_ && stack_.size() == 1;
    while (true) {
      if (!key()) return false;
      if (top && !wanted(tree_.nodes.back())) {
        add_scalar(Tag::Plain, pos_, 0);
        skip_ = true;
        bool ok = value(n, false);
        skip_ = false;
        if (!ok) return false;
      } else if (!value(n, false)) {
        return false;
      }
      if (eof_ || indent_ < n) break;
      if (indent_ > n) return false;
      if (peek() == '-' && blankz(pos_ + 1)) return false;  // an entry where a key must be
    }
    close();
    return true;
  }

  // A block sequence whose entries' '-' sit at column n; an indentless one (the value of a
  // mapping key at the same column) ends at a line of that column without a '-'.
  bool sequence(int n, bool indentless) {
    if (!open(NodeKind::Seq)) return false;
    while (true) {
      ++pos_;  // the '-'
      if (!value(n, true)) return false;
      if (eof_ || indent_ < n) break;
      if (indent_ > n) return false;
      if (!(peek() == '-' && blankz(pos_ + 1))) {
        if (indentless) break;
        return false;
      }
    }
    close();
    return true;
  }

  // The value after a mapping key's ':' or a sequence entry's '-', in a collection at
  // column n; leaves the reader at the next content line.
  bool value(int n, bool entry) {
    while (peek() == ' ') ++pos_;
    if (at_end() || peek() == '\n' || peek() == '#') {
      if (peek() == '#' && s_[pos_ - 1] != ' ') return false;
      skip_to_next_line();
      if (!next_line()) return false;
      if (!eof_ && indent_ > n) return block_node(n);
      if (!entry && !eof_ && indent_ == n && peek() == '-' && blankz(pos_ + 1)) {
        return sequence(n, true);
      }
      add_scalar(Tag::Plain, pos_, 0);  // an empty value: null
      return true;
    }
    if (entry) {
      if (peek() == '-' && blankz(pos_ + 1)) return false;  // `- - x`
      // `- key: value`: a mapping whose keys sit at this column.
      if (key_ahead()) return mapping(column());
    }
    return inline_value(n);
  }

  // Whether the quoted scalar at pos_ is followed by a ':' on its line (a key).
  bool quoted_key_ahead(char quote) const {
    std::size_t i = pos_ + 1;
    while (i < s_.size() && s_[i] != '\n') {
      if (s_[i] == quote) {
        if (quote == '\'' && i + 1 < s_.size() && s_[i + 1] == '\'') {
          i += 2;
          continue;
        }
        ++i;
        while (i < s_.size() && s_[i] == ' ') ++i;
        return i < s_.size() && s_[i] == ':';
      }
      ++i;
    }
    return false;
  }

  // A scalar (or `{}`, `[]`) on the current line, in a collection at column n.
  bool inline_value(int n) {
    char c = peek();
    switch (c) {
      case '"':
      case '\'':
        return quoted(c, n < 0 ? 0 : n) && end_line();
      case '|':
      case '>':
        return block_scalar(n, c == '|');
      case '{':
        if (peek(1) != '}' || !open(NodeKind::Map, true)) return false;
        pos_ += 2;
        return end_line();
      case '[':
        return flow_sequence() && end_line();
      case '-':
        if (blankz(pos_ + 1)) return false;
        break;
      default:
        if (indicator(c)) return false;
    }
    return plain(n);
  }

  // A plain scalar at pos_ in a collection at column n: lines indented deeper than n
  // continue it (folded as libyaml folds them), up to a comment or a less indented line.
  bool plain(int n) {
    const std::size_t size = s_.size();
    std::size_t start = pos_;
    PlainEnd e = scan_plain();
    if (e.colon) return false;  // `a: b: c`
    std::string folded;
    bool multiline = false;
    while (pos_ < size && s_[pos_] == '\n') {
      std::size_t line = pos_ + 1;
      std::size_t breaks = 0;
      std::size_t q = line;
      while (true) {
        q = past_spaces(q);
        if (q == size || s_[q] != '\n') break;
        ++breaks;
        line = ++q;
      }
      if (q == size || static_cast<int>(q - line) <= n || s_[q] == '#') break;
      if (!multiline) {
        folded.assign(s_.data() + start, e.text_end - start);
        multiline = true;
      }
      if (breaks == 0) {
        folded.push_back(' ');
      } else {
        folded.append(breaks, '\n');
      }
      pos_ = q;
      e = scan_plain();
      if (e.colon) return false;
      folded.append(s_.data() + q, e.text_end - q);
    }
    if (multiline) {
      add_scalar_text(Tag::Plain, folded);
    } else {
      add_scalar(Tag::Plain, start, e.text_end - start);
    }
    if (!at_end() && s_[pos_] == '#') {
      skip_to_next_line();
      return next_line();
    }
    return end_line();
  }

  // A flow sequence on one line of quoted scalars and plain ones of no flow indicators,
  // `:`, `?` or `#`: `["a", 'b', c d]`.
  bool flow_sequence() {
    if (stack_.size() >= kMaxDepth) return false;
    Node seq;
    seq.kind = NodeKind::Seq;
    seq.flow = true;
    stack_.push_back(add(seq));
    ++pos_;  // the '['
    while (true) {
      while (peek() == ' ') ++pos_;
      char c = peek();
      if (c == ']') break;
      if (c == '"' || c == '\'') {
        if (!quoted(c)) return false;
      } else {
        if (indicator(c)) return false;
        std::size_t start = pos_;
        std::size_t text_end = pos_;
        while (!at_end()) {
          c = peek();
          if (c == ',' || c == ']') break;
          if (c == '\n' || c == '[' || c == '{' || c == '}' || c == ':' || c == '?' || c == '#' ||
              c == '"' || c == '\'') {
            return false;
          }
          ++pos_;
          if (c != ' ') text_end = pos_;
        }
        add_scalar(Tag::Plain, start, text_end - start);
      }
      while (peek() == ' ') ++pos_;
      if (peek() == ']') break;
      if (peek() != ',') return false;
      ++pos_;
    }
    ++pos_;  // the ']'
    stack_.pop_back();
    return true;
  }

  // A literal or folded block scalar whose header is at pos_, in a collection at column n.
  bool block_scalar(int n, bool literal) {
    ++pos_;
    int chomping = 0;
    if (peek() == '-' || peek() == '+') {
      chomping = peek() == '+' ? 1 : -1;
      ++pos_;
    }
    if (!end_of_header()) return false;
    // Leading empty lines, then the first non-empty one: the indentation is the deepest of
    // their spaces, and at least n + 1.
    const std::size_t size = s_.size();
    std::size_t breaks = 0;  // empty lines since the last content line (or the header)
    std::size_t deepest = 0;
    std::size_t sp = 0;
    while (true) {
      sp = 0;
      while (pos_ + sp < size && s_[pos_ + sp] == ' ') ++sp;
      deepest = std::max(deepest, sp);
      if (pos_ + sp == size || s_[pos_ + sp] != '\n') break;
      ++breaks;
      pos_ += sp + 1;
    }
    std::size_t k = std::max<std::size_t>({deepest, static_cast<std::size_t>(n + 1), 1});
    std::string text;
    if (pos_ + sp == size || sp != k) {
      // No content: the scalar is empty (its line breaks kept with `+`), and the line that
      // ended it is read again.
      if (chomping == 1) text.assign(breaks, '\n');
      add_scalar_text(Tag::Quoted, text);
      if (pos_ + sp == size) pos_ = size;
      return next_line();
    }
    bool first = true;
    bool previous_blank = false;  // the previous content line started with a space
    bool line_break = false;      // the last content line ended with a line break
    while (true) {
      // pos_ at a line start; count its spaces.
      std::size_t line = pos_;
      sp = 0;
      while (line + sp < size && s_[line + sp] == ' ') ++sp;
      bool empty = line + sp == size || s_[line + sp] == '\n';
      if (empty && sp <= k) {
        if (line + sp == size) break;
        ++breaks;
        pos_ = line + sp + 1;
        continue;
      }
      if (sp < k) break;  // a less indented line ends the scalar
      std::size_t from = line + k;
      const void* nl = std::memchr(s_.data() + from, '\n', size - from);
      std::size_t to =
          nl == nullptr ? size : static_cast<std::size_t>(static_cast<const char*>(nl) - s_.data());
      bool blank = s_[from] == ' ';
      if (!first) {
        if (!literal && !previous_blank && !blank) {
          if (breaks == 0) text.push_back(' ');
        } else {
          text.push_back('\n');
        }
      }
      text.append(breaks, '\n');
      text.append(s_.data() + from, to - from);
      first = false;
      previous_blank = blank;
      breaks = 0;
      line_break = to < size;
      pos_ = line_break ? to + 1 : size;
      if (!line_break) break;
    }
    if (chomping != -1 && line_break) text.push_back('\n');
    if (chomping == 1) text.append(breaks, '\n');
    add_scalar_text(Tag::Quoted, text);
    // pos_ is at the start of the line that ended the scalar (or at the end).
    return next_line();
  }

  // The rest of a block scalar's header line: no indentation indicator, spaces, a comment.
  bool end_of_header() {
    if (!at_end() && peek() != ' ' && peek() != '\n') return false;
    while (peek() == ' ') ++pos_;
    if (peek() == '#') {
      skip_to_next_line();
    } else if (peek() == '\n') {
      ++pos_;
    } else if (!at_end()) {
      return false;
    }
    return true;
  }

  std::string_view s_;
  Tree& tree_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;  // start of the current line
  int indent_ = 0;        // the current content line's indentation
  bool eof_ = false;
  std::vector<std::uint32_t> stack_;  // open block collections (kNone while skipping)
  const std::vector<std::string>* keys_;
  bool float64_;
  bool skip_ = false;    // reading a value left out of the tree
  bool unsafe_ = false;  // a left-out node would make Decoder::may_fail true
};

// ---- decoding the tree as go-yaml v2 (and, in Float64 mode, JSON) would ----------------

class Decoder {
 public:
  Decoder(const Tree& tree, const Limits& limits, Numbers numbers)
      : tree_(tree), nodes_(tree.nodes), limits_(limits), numbers_(numbers) {}

  Value document() {
    if (tree_.root == kNone) return Value();
    Value v = decode(tree_.root, 0);
    // parity: sigs.k8s.io/yaml converts keys before encoding/json marshals, so key errors
    // come first; json.Marshal walks maps in sorted key order.
    if (key_error_) throw *key_error_;
    if (!non_finite_.empty()) {
      double first = first_non_finite(v, 0).value_or(scalar(nodes_[non_finite_.front()]).f);
      std::uint32_t at = non_finite_.front();
      for (std::uint32_t i : non_finite_) {
        if (same_non_finite(scalar(nodes_[i]).f, first)) {
          at = i;
          break;
        }
      }
      fail(nodes_[at], "json: unsupported value: " + format_float(first, 'g', -1));
    }
    return v;
  }

  /// The document with only the top-level `keys` of a map built (see YamlOptions::only_keys).
  /// A document whose decode could fail, or needs rules beyond plain nodes, is decoded
  /// whole first, so that its errors are exactly document()'s.
  /// `safe`: may_fail() is known to be false.
  Value head(const std::vector<std::string>& keys, bool safe = false) {
    if (tree_.root == kNone) return Value();
    const Node& root = nodes_[tree_.root];
    if (root.kind != NodeKind::Map || (!safe && may_fail())) return only(document(), keys);
    Map out;
    for (std::uint32_t k = root.first; k != kNone;) {
      std::uint32_t v = nodes_[k].next;
      std::string key = key_string(k, v, 0);
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) {
        out.insert_or_assign(std::move(key), decode(v, 1));
      }
      k = nodes_[v].next;
    }
    return Value(std::move(out));
  }

 private:
  static Value only(Value doc, const std::vector<std::string>& keys) {
    if (!doc.is_map()) return doc;
    Map out;
    for (const std::string& key : keys) {
      if (const Value* v = doc.find(key)) out.emplace(key, *v);
    }
    return Value(std::move(out));
  }

  // True when some node needs more than the plain path of head() can give: aliases,
  // merges, explicit tags, keys that are collections, null or uint64, and (Float64 mode)
  // non-finite floats. False guarantees that document() would not throw.
 public:
  bool may_fail() const {
    for (const Node& n : nodes_) {
      switch (n.kind) {
        case NodeKind::Alias:
          return true;
        case NodeKind::Scalar:
          if (n.tag != Tag::Plain && n.tag != Tag::Quoted) return true;
          if (n.tag == Tag::Plain && numbers_ == Numbers::Float64 &&
              maybe_non_finite(tree_.text_of(n))) {
            return true;
          }
          break;
        case NodeKind::Map:
          for (std::uint32_t k = n.first; k != kNone; k = nodes_[nodes_[k].next].next) {
            const Node& key = nodes_[k];
            if (key.kind != NodeKind::Scalar) return true;
            if (key.tag == Tag::Plain && awkward_plain_key(tree_.text_of(key))) return true;
          }
          break;
        case NodeKind::Seq:
          break;
      }
    }
    return false;
  }

 private:
  [[noreturn]] void fail(const Node& n, std::string message) const {
    throw Error({std::string(limits_.input), n.line, n.column}, limits_.prefix + message);
  }

  static bool same_non_finite(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || (std::isinf(a) && a == b);
  }

  static std::optional<double> first_non_finite(const Value& v, int depth) {
    if (depth > kMaxDepth) return std::nullopt;
    if (v.is_float() && !std::isfinite(v.as_float())) return v.as_float();
    if (v.is_list()) {
      for (const Value& e : v.as_list()) {
        if (auto f = first_non_finite(e, depth + 1)) return f;
      }
    } else if (v.is_map()) {
      for (const auto& [k, e] : v.as_map()) {
        if (auto f = first_non_finite(e, depth + 1)) return f;
      }
    }
    return std::nullopt;
  }

  // parity: go-yaml v2 decoder.scalar + resolve's tag check.
  GoScalar scalar(const Node& n) const {
    switch (n.tag) {
      case Tag::Quoted:
      case Tag::NonSpecific:
      case Tag::Other:
      case Tag::Merge:
        return go_string(tree_.text_of(n));
      case Tag::Binary: {
        auto bytes = go_base64(tree_.text_of(n));
        if (!bytes) fail(n, "yaml: !!binary value contains invalid base64 data");
        GoScalar g = go_string(*bytes);
        g.from_binary = true;
        return g;
      }
      default:
        break;
    }
    Resolution r = go_resolve(n.tag, tree_.text_of(n));
    RTag want;
    switch (n.tag) {
      case Tag::Plain:
      case Tag::Str:
        return std::move(r.value);
      case Tag::Bool:
        want = RTag::Bool;
        break;
      case Tag::Int:
        want = RTag::Int;
        break;
      case Tag::Float:
        want = RTag::Float;
        break;
      case Tag::Null:
        want = RTag::Null;
        break;
      default:
        want = RTag::Timestamp;
        break;
    }
    if (r.tag == want) return std::move(r.value);
    if (want == RTag::Float && r.value.type == GoScalar::Type::Int) {
      return resolved_float(static_cast<double>(r.value.i)).value;
    }
    fail(n, "yaml: cannot decode " + std::string(short_tag(r.tag)) + " `" +
                std::string(tree_.text_of(n)) + "` as a " + std::string(short_tag(want)));
  }

  Value to_value(GoScalar g, std::uint32_t index) {
    switch (g.type) {
      case GoScalar::Type::Null:
        return Value();
      case GoScalar::Type::Bool:
        return Value(g.b);
      case GoScalar::Type::Int:
        if (numbers_ == Numbers::Typed) return Value(g.i);
        return Value(static_cast<double>(g.i));
      case GoScalar::Type::Uint:
        return Value(static_cast<double>(g.u));
      case GoScalar::Type::Float:
        if (numbers_ == Numbers::Float64 && !std::isfinite(g.f)) non_finite_.push_back(index);
        return Value(g.f);
      case GoScalar::Type::String:
        if (g.from_binary && numbers_ == Numbers::Float64) return Value(go_json_utf8(g.s));
        return Value(std::move(g.s));
    }
    return Value();
  }

  const Node& follow(std::uint32_t index) const {
    const Node& n = nodes_[index];
    if (n.kind != NodeKind::Alias) return n;
    if (n.self_alias) {
      fail(n, "yaml: anchor '" + std::string(tree_.text_of(n)) + "' value contains itself");
    }
    return nodes_[n.target];
  }

  Value decode(std::uint32_t index, int depth) {
    const Node& n = nodes_[index];
    switch (n.kind) {
      case NodeKind::Scalar:
        return to_value(scalar(n), index);
      case NodeKind::Alias:
        follow(index);
        return decode(n.target, depth);
      case NodeKind::Seq: {
        List list;
        for (std::uint32_t c = n.first; c != kNone; c = nodes_[c].next) {
          list.push_back(decode(c, depth + 1));
        }
        return Value(std::move(list));
      }
      case NodeKind::Map: {
        Map map;
        decode_map_into(index, map, depth);
        return Value(std::move(map));
      }
    }
    return Value();
  }

  // parity: go-yaml v2 isMerge: a plain or `!`-tagged (both "implicit") or !!merge `<<`.
  bool is_merge_key(const Node& k) const {
    return k.kind == NodeKind::Scalar && tree_.text_of(k) == "<<" &&
           (k.tag == Tag::Plain || k.tag == Tag::NonSpecific || k.tag == Tag::Merge);
  }

  // parity: go-yaml v2 decoder.mapping: pairs in order, later keys overwrite, a `<<` pair
  // merges where it stands (so it overrides keys written before it).
  void decode_map_into(std::uint32_t index, Map& out, int depth) {
    const Node& n = nodes_[index];
    for (std::uint32_t k = n.first; k != kNone;) {
      std::uint32_t v = nodes_[k].next;
      if (is_merge_key(nodes_[k])) {
        merge(v, out, depth);
      } else {
        std::string key = key_string(k, v, depth);
        out.insert_or_assign(std::move(key), decode(v, depth + 1));
      }
      k = nodes_[v].next;
    }
  }

  [[noreturn]] void fail_want_map(const Node& n) const {
    fail(n, "yaml: map merge requires map or sequence of maps as the value");
  }

  // parity: go-yaml v2 decoder.merge; in a sequence, earlier maps take precedence.
  void merge(std::uint32_t index, Map& out, int depth) {
    const Node& n = nodes_[index];
    if (n.kind == NodeKind::Map) {
      decode_map_into(index, out, depth);
    } else if (n.kind == NodeKind::Alias) {
      if (nodes_[n.target].kind != NodeKind::Map) fail_want_map(n);
      follow(index);
      decode_map_into(n.target, out, depth);
    } else if (n.kind == NodeKind::Seq) {
      std::vector<std::uint32_t> items;
      for (std::uint32_t c = n.first; c != kNone; c = nodes_[c].next) items.push_back(c);
      for (auto it = items.rbegin(); it != items.rend(); ++it) {
        const Node& item = nodes_[*it];
        std::uint32_t map = *it;
        if (item.kind == NodeKind::Alias) {
          if (nodes_[item.target].kind != NodeKind::Map) fail_want_map(item);
          follow(*it);
          map = item.target;
        } else if (item.kind != NodeKind::Map) {
          fail_want_map(item);
        }
        decode_map_into(map, out, depth);
      }
    } else {
      fail_want_map(n);
    }
  }

  // parity: go-yaml v2 rejects collection keys; sigs.k8s.io/yaml's convertToJSONableObject
  // then makes the rest strings and rejects null and uint64 keys.
  std::string key_string(std::uint32_t key_index, std::uint32_t value_index, int depth) {
    const Node& key = follow(key_index);
    if (key.kind == NodeKind::Seq || key.kind == NodeKind::Map) {
      std::uint32_t target =
          nodes_[key_index].kind == NodeKind::Alias ? nodes_[key_index].target : key_index;
      (void)decode(target, depth + 1);  // go-yaml decodes the key before rejecting it
      fail(nodes_[key_index], "yaml: invalid map key: " + go_syntax(target, false, 0));
    }
    GoScalar g = scalar(key);
    switch (g.type) {
      case GoScalar::Type::String:
        return g.from_binary && numbers_ == Numbers::Float64 ? go_json_utf8(g.s) : std::move(g.s);
      case GoScalar::Type::Int:
        return std::to_string(g.i);
      case GoScalar::Type::Float:
        return float_key(g.f);
      case GoScalar::Type::Bool:
        return g.b ? "true" : "false";
      case GoScalar::Type::Null:
      case GoScalar::Type::Uint:
        if (!key_error_) {
          (void)decode(value_index, depth + 1);  // its own errors come first
          std::string type = g.type == GoScalar::Type::Null ? "%!s(<nil>)" : "uint64";
          key_error_ =
              Error({std::string(limits_.input), nodes_[key_index].line, nodes_[key_index].column},
                    limits_.prefix + "unsupported map key of type: " + type +
                        ", key: " + go_syntax_scalar(g, false) +
                        ", value: " + go_syntax(value_index, false, 0));
        }
        return std::to_string(g.u);
    }
    return {};
  }

  // The decoded node as Go's %#v prints it (map entries in key order).
  std::string go_syntax(std::uint32_t index, bool nested, int depth) const {
    if (depth > kMaxYamlNesting) return "...";
    const Node& n = follow(index);
    switch (n.kind) {
      case NodeKind::Scalar:
        return go_syntax_scalar(scalar(n), nested);
      case NodeKind::Seq: {
        std::string out = "[]interface {}{";
        for (std::uint32_t c = n.first; c != kNone; c = nodes_[c].next) {
          if (c != n.first) out += ", ";
          out += go_syntax(c, true, depth + 1);
        }
        return out + "}";
      }
      case NodeKind::Map: {
        std::vector<std::pair<std::string, std::string>> entries;
        for (std::uint32_t k = n.first; k != kNone; k = nodes_[nodes_[k].next].next) {
          entries.emplace_back(go_syntax(k, true, depth + 1),
                               go_syntax(nodes_[k].next, true, depth + 1));
        }
        std::sort(entries.begin(), entries.end());
        std::string out = "map[interface {}]interface {}{";
        for (std::size_t i = 0; i < entries.size(); ++i) {
          if (i > 0) out += ", ";
          out += entries[i].first + ":" + entries[i].second;
        }
        return out + "}";
      }
      case NodeKind::Alias:
        break;
    }
    return "<nil>";
  }

  const Tree& tree_;
  const std::vector<Node>& nodes_;
  const Limits& limits_;
  Numbers numbers_;
  std::optional<Error> key_error_;
  std::vector<std::uint32_t> non_finite_;  // scalar nodes decoded to NaN/±Inf, in order
};

// ---- the stream -----------------------------------------------------------------------------

// parity: go-yaml v2 accepts only `%YAML 1.1`; libyaml 0.2.5 also takes 1.2. The error is
// go-yaml's, at the directive (libyaml's document mark is at the first directive).
void check_version(const yaml_event_t& e, const Limits& limits) {
  const yaml_version_directive_t* v = e.data.document_start.version_directive;
  if (v == nullptr || (v->major == 1 && v->minor == 1)) return;
  std::string_view text = limits.text;
  std::size_t from = TextCursor(text).offset_of(e.start_mark.index);
  std::size_t at = text.substr(from, 5) == "%YAML" ? from : text.find("\n%YAML", from);
  yaml_mark_t mark = e.start_mark;
  if (at != from && at != std::string_view::npos) mark = advance(mark, text, from, at + 1);
  fail_syntax(limits, false, "found incompatible YAML document", mark, yaml_mark_t{});
}

// parity: go-yaml v2 Unmarshal reads the first document (parser.parse), its Decoder one
// document a call; the stream's later text is not read once `first_only` has its document.
std::vector<Value> decode_stream(std::string_view input, std::string_view text,
                                 const YamlOptions& options, bool first_only,
                                 const std::vector<std::string>& only_keys = {},
                                 detail::YamlPath path = detail::YamlPath::Any,
                                 bool* fast = nullptr) {
  Limits limits{input, text,
                options.numbers == Numbers::Float64 ? "error converting YAML to JSON: " : ""};
  std::vector<Value> docs;
  if (fast != nullptr) *fast = false;
  if (path != detail::YamlPath::Libyaml) {
    // The fast path, for texts in its subset whose decoding cannot fail: any error (and
    // its position) is left to the libyaml path.
    Tree tree;
    if (FastReader(text, tree, only_keys.empty() ? nullptr : &only_keys, options.numbers).read()) {
      Decoder decoder(tree, limits, options.numbers);
      if (!decoder.may_fail()) {
        if (tree.root != kNone) {
          docs.push_back(only_keys.empty() ? decoder.document() : decoder.head(only_keys, true));
        }
        if (fast != nullptr) *fast = true;
        return docs;
      }
    }
    if (path == detail::YamlPath::Fast) return docs;
  }
  EventReader events(limits);
  events.expect(YAML_STREAM_START_EVENT);
  Tree tree;
  TextCursor cursor(text);
  for (const yaml_event_t* e = &events.next(); e->type == YAML_DOCUMENT_START_EVENT;
       e = &events.next()) {
    check_version(*e, limits);
    tree.nodes.clear();
    tree.text.clear();
    tree.root = kNone;
    TreeBuilder(limits, tree, cursor).read_document(events);
    Decoder decoder(tree, limits, options.numbers);
    docs.push_back(only_keys.empty() ? decoder.document() : decoder.head(only_keys));
    if (first_only) break;
  }
  return docs;
}

}  // namespace

namespace detail {

PlainKind classify_plain_scalar(std::string_view text) {
  switch (go_resolve(Tag::Plain, text).tag) {
    case RTag::Null:
      return PlainKind::Null;
    case RTag::Bool:
      return PlainKind::Bool;
    case RTag::Int:
      return PlainKind::Int;
    case RTag::Float:
      return PlainKind::Float;
    case RTag::Timestamp:
      return PlainKind::Timestamp;
    case RTag::Str:
      return PlainKind::String;
  }
  return PlainKind::String;
}

std::vector<Value> parse_yaml_stream_by(YamlPath path, std::string_view input,
                                        std::string_view text, const YamlOptions& options,
                                        bool* fast) {
  return decode_stream(input, text, options, false, {}, path, fast);
}

Value parse_yaml_head_by(YamlPath path, std::string_view input, std::string_view text,
                         const std::vector<std::string>& keys, const YamlOptions& options,
                         bool* fast) {
  std::vector<Value> docs = decode_stream(input, text, options, true, keys, path, fast);
  return docs.empty() ? Value() : std::move(docs.front());
}

}  // namespace detail

std::vector<Value> parse_yaml_stream(std::string_view input, std::string_view text,
                                     const YamlOptions& options) {
  return decode_stream(input, text, options, false);
}

Value parse_yaml(std::string_view input, std::string_view text, const YamlOptions& options) {
  std::vector<Value> docs = decode_stream(input, text, options, true);
  return docs.empty() ? Value() : std::move(docs.front());
}

Value parse_yaml_head(std::string_view input, std::string_view text,
                      const std::vector<std::string>& keys, const YamlOptions& options) {
  std::vector<Value> docs = decode_stream(input, text, options, true, keys);
  return docs.empty() ? Value() : std::move(docs.front());
}

std::vector<Value> parse_yaml_each(const std::vector<YamlText>& texts,
                                   const std::vector<std::string>& keys, const YamlOptions& options,
                                   std::size_t* failed, unsigned threads) {
  std::size_t n = texts.size();
  std::vector<Value> out(n);
  std::vector<std::exception_ptr> errors(n);
  // Texts are taken in order; once one fails, later ones are skipped (their outcome cannot
  // matter: only the first failure in order is reported).
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> first_failed{n};
  auto work = [&] {
    for (std::size_t i = next++; i < n && i < first_failed.load(); i = next++) {
      try {
        out[i] = keys.empty() ? parse_yaml(texts[i].input, texts[i].text, options)
                              : parse_yaml_head(texts[i].input, texts[i].text, keys, options);
      } catch (...) {
        errors[i] = std::current_exception();
        std::size_t seen = first_failed.load();
        while (i < seen && !first_failed.compare_exchange_weak(seen, i)) {
        }
      }
    }
  };
  if (threads == 0) threads = std::min(4u, std::max(1u, std::thread::hardware_concurrency()));
  std::size_t bytes = 0;
  for (const YamlText& t : texts) bytes += t.text.size();
  // Below this, starting threads costs more than it saves.
  constexpr std::size_t kBytesPerThread = 64 * 1024;
  threads = static_cast<unsigned>(std::min<std::size_t>({threads, n, bytes / kBytesPerThread + 1}));
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!errors[i]) continue;
    if (failed != nullptr) *failed = i;
    std::rethrow_exception(errors[i]);
  }
  return out;
}

}  // namespace primer::value
