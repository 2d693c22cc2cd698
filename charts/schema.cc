#include "charts/schema.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

#include "base/error.h"
#include "base/strings.h"
#include "base/utf8.h"

namespace primer::charts {
namespace {

using value::Kind;
using value::Value;

// ---- the schema document ----------------------------------------------------------------

// A JSON value as both libraries hold the schema: numbers keep their text (json.Number),
// object members keep document order (the last of duplicate keys wins on lookup).
struct Json {
  enum class Type { Null, Bool, Number, String, Array, Object } type = Type::Null;
  bool boolean = false;
  std::string text;  // a number's literal or a string's contents
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;

  const Json* find(std::string_view key) const {
    for (auto it = members.rbegin(); it != members.rend(); ++it) {
      if (it->first == key) return &it->second;
    }
    return nullptr;
  }
  bool is_object() const { return type == Type::Object; }
  bool is_array() const { return type == Type::Array; }
  bool is_string() const { return type == Type::String; }
  bool is_number() const { return type == Type::Number; }
  bool is_bool() const { return type == Type::Bool; }
};

// parity: encoding/json's scanner messages (scanner.go quoteChar and the "looking for ..."
// contexts), which both Helms print for an unreadable values.schema.json.
std::string quote_char(char c) {
  if (c == '\'') return "'\\''";
  if (c == '"') return "'\"'";
  unsigned char u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string("'") + c + "'";
  static const char* kHex = "0123456789abcdef";
  std::string s = "'\\x";
  s += kHex[u >> 4];
  s += kHex[u & 15];
  return s + "'";
}

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : text_(text) {}

  Json parse_document(bool allow_trailing) {
    Json v = parse_value("looking for beginning of value");
    skip_space();
    if (pos_ < text_.size() && !allow_trailing) {
      // parity: santhosh-tekuri's UnmarshalJSON checks the decoder has no more tokens.
      throw Error("invalid character after top-level value");
    }
    return v;
  }

 private:
  [[noreturn]] void fail_at(std::string_view context) {
    if (pos_ >= text_.size()) throw Error("unexpected EOF");
    throw Error("invalid character " + quote_char(text_[pos_]) + " " + std::string(context));
  }
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  Json parse_value(std::string_view context) {
    skip_space();
    if (pos_ >= text_.size()) throw Error("unexpected EOF");
    char c = text_[pos_];
    Json v;
    if (c == '{') {
      ++pos_;
      v.type = Json::Type::Object;
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return v;
      }
      for (;;) {
        skip_space();
        if (pos_ >= text_.size() || text_[pos_] != '"')
          fail_at("looking for beginning of object key string");
        std::string key = parse_string();
        skip_space();
        if (pos_ >= text_.size() || text_[pos_] != ':') fail_at("after object key");
        ++pos_;
        Json member = parse_value("looking for beginning of value");
        v.members.emplace_back(std::move(key), std::move(member));
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] == '}') {
          ++pos_;
          return v;
        }
        fail_at("after object key:value pair");
      }
    }
    if (c == '[') {
      ++pos_;
      v.type = Json::Type::Array;
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return v;
      }
      for (;;) {
        v.items.push_back(parse_value("looking for beginning of value"));
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] == ']') {
          ++pos_;
          return v;
        }
        fail_at("after array element");
      }
    }
    if (c == '"') {
      v.type = Json::Type::String;
      v.text = parse_string();
      return v;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      v.type = Json::Type::Number;
      v.text = parse_number();
      return v;
    }
    for (std::string_view word : {"true", "false", "null"}) {
      if (c != word[0]) continue;
      ++pos_;
      for (std::size_t i = 1; i < word.size(); ++i, ++pos_) {
        if (pos_ >= text_.size()) throw Error("unexpected EOF");
        if (text_[pos_] != word[i]) {
          fail_at("in literal " + std::string(word) + " (expecting " + quote_char(word[i]) + ")");
        }
      }
      if (word == "null") return v;
      v.type = Json::Type::Bool;
      v.boolean = word == "true";
      return v;
    }
    fail_at(context);
  }
  std::string parse_number() {
    std::size_t start = pos_;
    auto digit = [&] { return pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9'; };
    if (text_[pos_] == '-') {
      ++pos_;
      if (!digit()) fail_at("in numeric literal");
    }
    if (text_[pos_] == '0') {
      ++pos_;
    } else {
      while (digit()) ++pos_;
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (!digit()) fail_at("after decimal point in numeric literal");
      while (digit()) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (!digit()) fail_at("in exponent of numeric literal");
      while (digit()) ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }
  std::string parse_string() {
    ++pos_;  // opening quote
    std::string out;
    for (;;) {
      if (pos_ >= text_.size()) throw Error("unexpected EOF");
      char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20) fail_at("in string literal");
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      ++pos_;
      if (pos_ >= text_.size()) throw Error("unexpected EOF");
      char e = text_[pos_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          auto hex4 = [&]() -> char32_t {
            char32_t r = 0;
            for (int i = 0; i < 4; ++i, ++pos_) {
              if (pos_ >= text_.size()) throw Error("unexpected EOF");
              char h = text_[pos_];
              int d = (h >= '0' && h <= '9')   ? h - '0'
                      : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                      : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                               : -1;
              if (d < 0) fail_at("in \\u hexadecimal character escape");
              r = r * 16 + static_cast<char32_t>(d);
            }
            return r;
          };
          char32_t r = hex4();
          if (r >= 0xD800 && r < 0xDC00 && text_.substr(pos_, 2) == "\\u") {
            std::size_t save = pos_;
            pos_ += 2;
            char32_t lo = hex4();
            if (lo >= 0xDC00 && lo < 0xE000) {
              r = 0x10000 + ((r - 0xD800) << 10) + (lo - 0xDC00);
            } else {
              pos_ = save;
              r = kRuneError;
            }
          }
          append_rune(out, r);
          break;
        }
        default:
          --pos_;
          fail_at("in string escape code");
      }
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// ---- exact decimal numbers --------------------------------------------------------------

// digits × 10^exp, digits without leading or trailing zeros ("" is zero): both libraries
// compare numbers as big.Rat built from the decimal text, so comparisons here are exact.
struct Decimal {
  bool negative = false;
  std::string digits;
  int exp = 0;

  bool is_zero() const { return digits.empty(); }
  bool is_integer() const { return exp >= 0; }
  int point() const { return static_cast<int>(digits.size()) + exp; }  // decimal exponent + 1
};

Decimal parse_decimal(std::string_view text) {
  Decimal d;
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) d.negative = text[i++] == '-';
  std::string digits;
  int exp = 0;
  bool seen_point = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      digits += c;
      if (seen_point) --exp;
    } else if (c == '.') {
      seen_point = true;
    } else if (c == 'e' || c == 'E') {
      exp += std::atoi(std::string(text.substr(i + 1)).c_str());
      break;
    }
  }
  std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return Decimal{};
  digits.erase(0, first);
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++exp;
  }
  d.digits = digits;
  d.exp = exp;
  return d;
}

// The shortest decimal that reads back as `f`: Go's fmt %v of a float64, which is what
// santhosh-tekuri parses into a big.Rat and what gojsonschema receives as JSON text.
Decimal decimal_of(double f) { return parse_decimal(value::format_float(f, 'e', -1)); }

Decimal decimal_of(const Value& v) {
  if (v.is_int()) return parse_decimal(std::to_string(v.as_int()));
  return decimal_of(v.as_float());
}

int compare(const Decimal& a, const Decimal& b) {
  auto sign = [](const Decimal& d) { return d.is_zero() ? 0 : d.negative ? -1 : 1; };
  int sa = sign(a), sb = sign(b);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  int magnitude = 0;
  if (a.point() != b.point()) {
    magnitude = a.point() < b.point() ? -1 : 1;
  } else {
    int c = a.digits.compare(b.digits);  // same point: lexicographic on the digit strings
    magnitude = c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  return sa < 0 ? -magnitude : magnitude;
}

// Whether a / b is an integer (b is not zero).
bool is_multiple(const Decimal& a, const Decimal& b) {
  if (a.is_zero()) return true;
  int e = std::min(a.exp, b.exp);
  std::size_t la = a.digits.size() + static_cast<std::size_t>(a.exp - e);
  std::size_t lb = b.digits.size() + static_cast<std::size_t>(b.exp - e);
  if (la > 37 || lb > 37) {
    long double q = std::strtold((a.digits + "e" + std::to_string(a.exp)).c_str(), nullptr) /
                    std::strtold((b.digits + "e" + std::to_string(b.exp)).c_str(), nullptr);
    return q == std::floor(q);
  }
  auto scaled = [e](const Decimal& d) {
    unsigned __int128 n = 0;
    for (char c : d.digits) n = n * 10 + static_cast<unsigned>(c - '0');
    for (int i = e; i < d.exp; ++i) n *= 10;
    return n;
  };
  return scaled(a) % scaled(b) == 0;
}

// Go's strconv %g with the shortest digits: plain up to exponent 5, else d.ddde±XX.
struct GParts {
  bool scientific;
  std::string integer, fraction;  // plain form
  std::string mantissa;           // scientific form, "d.ddd"
  int exponent;
};

GParts g_parts(const Decimal& d) {
  GParts p{};
  if (d.is_zero()) {
    p.integer = "0";
    return p;
  }
  int x = d.point() - 1;
  if (x < -4 || x >= 6) {
    p.scientific = true;
    p.mantissa = d.digits.substr(0, 1);
    if (d.digits.size() > 1) p.mantissa += "." + d.digits.substr(1);
    p.exponent = x;
    return p;
  }
  int point = d.point();
  if (point <= 0) {
    p.integer = "0";
    p.fraction = std::string(static_cast<std::size_t>(-point), '0') + d.digits;
  } else if (point >= static_cast<int>(d.digits.size())) {
    p.integer = d.digits + std::string(static_cast<std::size_t>(point) - d.digits.size(), '0');
  } else {
    p.integer = d.digits.substr(0, static_cast<std::size_t>(point));
    p.fraction = d.digits.substr(static_cast<std::size_t>(point));
  }
  return p;
}

// parity: big.Float's %v (shortest 'g'), which gojsonschema's messages print for limits.
std::string go_big_float(const Decimal& d) {
  GParts p = g_parts(d);
  std::string s = d.negative && !d.is_zero() ? "-" : "";
  if (!p.scientific) return s + p.integer + (p.fraction.empty() ? "" : "." + p.fraction);
  int x = p.exponent;
  std::string e = std::to_string(std::abs(x));
  if (e.size() < 2) e = "0" + e;
  return s + p.mantissa + "e" + (x < 0 ? "-" : "+") + e;
}

std::string group_thousands(std::string digits) {
  std::string out;
  int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += digits[static_cast<std::size_t>(i)];
  }
  return out;
}

// parity: golang.org/x/text/message's English printer, which santhosh-tekuri's messages go
// through: %d groups thousands, %v of a float64 is shortest %g with grouping, and exponents
// print as "×10" with superscript digits.
std::string en_int(long long n) {
  std::string s = group_thousands(std::to_string(n < 0 ? -n : n));
  return n < 0 ? "-" + s : s;
}

std::string en_float(double f) {
  Decimal d = decimal_of(f);
  GParts p = g_parts(d);
  std::string s = d.negative && !d.is_zero() ? "-" : "";
  if (!p.scientific) {
    return s + group_thousands(p.integer) + (p.fraction.empty() ? "" : "." + p.fraction);
  }
  static const char* kSuper[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
  std::string e = std::to_string(std::abs(p.exponent));
  if (e.size() < 2) e = "0" + e;
  std::string out = s + p.mantissa + "×10" + (p.exponent < 0 ? "⁻" : "");
  for (char c : e) out += kSuper[c - '0'];
  return out;
}

double to_double(const Decimal& d) {
  if (d.is_zero()) return 0;
  std::string t = (d.negative ? "-" : "") + d.digits + "e" + std::to_string(d.exp);
  return std::strtod(t.c_str(), nullptr);
}

// ---- shared helpers ---------------------------------------------------------------------

bool is_whole(const Value& v) {
  if (v.is_int()) return true;
  double f = v.as_float();
  return std::isfinite(f) && f == std::floor(f);
}

Value to_value(const Json& j) {
  switch (j.type) {
    case Json::Type::Null:
      return Value();
    case Json::Type::Bool:
      return Value(j.boolean);
    case Json::Type::Number:
      return Value(std::strtod(j.text.c_str(), nullptr));
    case Json::Type::String:
      return Value(j.text);
    case Json::Type::Array: {
      value::List list;
      for (const Json& item : j.items) list.push_back(to_value(item));
      return Value(std::move(list));
    }
    case Json::Type::Object: {
      value::Map map;
      for (const auto& [k, v] : j.members) map[k] = to_value(v);
      return Value(std::move(map));
    }
  }
  return Value();
}

// RE2 compiled once per pattern text, per validation.
class Regexes {
 public:
  bool partial_match(const std::string& pattern, std::string_view text) {
    auto it = cache_.find(pattern);
    if (it == cache_.end()) {
      RE2::Options options;
      options.set_log_errors(false);
      it = cache_.emplace(pattern, std::make_unique<RE2>(pattern, options)).first;
    }
    if (!it->second->ok()) return true;
    return RE2::PartialMatch(text, *it->second);
  }

 private:
  std::map<std::string, std::unique_ptr<RE2>, std::less<>> cache_;
};

std::size_t rune_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t at = 0; at < s.size(); ++n) at += decode_rune(s, at).width;
  return n;
}

std::vector<std::string> sorted_keys(const value::Map& m) {
  std::vector<std::string> keys;
  for (const auto& [k, _] : m) keys.push_back(k);
  return keys;  // std::map: already sorted, our stand-in for Go's random map order
}

// Resolves "#/a/b" inside `root`; nullptr when a token is missing. `missing` gets the first
// token that was not found.
const Json* resolve_pointer(const Json& root, std::string_view ref, std::string* missing) {
  std::string_view ptr = ref.substr(1);
  const Json* at = &root;
  while (!ptr.empty()) {
    if (ptr[0] != '/') return nullptr;
    ptr.remove_prefix(1);
    std::size_t slash = ptr.find('/');
    std::string token(ptr.substr(0, slash));
    ptr = slash == std::string_view::npos ? std::string_view() : ptr.substr(slash);
    std::string unescaped;
    for (std::size_t i = 0; i < token.size(); ++i) {
      if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
        unescaped += token[i + 1] == '0' ? '~' : '/';
        ++i;
      } else if (token[i] == '%' && i + 2 < token.size()) {
        unescaped += static_cast<char>(std::strtol(token.substr(i + 1, 2).c_str(), nullptr, 16));
        i += 2;
      } else {
        unescaped += token[i];
      }
    }
    const Json* next = nullptr;
    if (at->is_object()) {
      next = at->find(unescaped);
    } else if (at->is_array()) {
      char* end = nullptr;
      long i = std::strtol(unescaped.c_str(), &end, 10);
      if (!unescaped.empty() && *end == '\0' && i >= 0 &&
          static_cast<std::size_t>(i) < at->items.size()) {
        next = &at->items[static_cast<std::size_t>(i)];
      }
    }
    if (next == nullptr) {
      if (missing != nullptr) *missing = unescaped;
      return nullptr;
    }
    at = next;
  }
  return at;
}

// Calls `f(schema)` for every subschema of `s` (not for values under enum, const, default).
template <typename F>
void for_each_subschema(const Json& s, F&& f) {
  if (!s.is_object()) return;
  static const char* kSingle[] = {"not",
                                  "if",
                                  "then",
                                  "else",
                                  "additionalProperties",
                                  "additionalItems",
                                  "contains",
                                  "propertyNames",
                                  "unevaluatedProperties",
                                  "unevaluatedItems",
                                  "items"};
  static const char* kMaps[] = {"properties",  "patternProperties", "$defs",
                                "definitions", "dependentSchemas",  "dependencies"};
  static const char* kLists[] = {"allOf", "anyOf", "oneOf", "prefixItems", "items"};
  for (const char* k : kSingle) {
    if (const Json* j = s.find(k); j != nullptr && (j->is_object() || j->is_bool())) f(*j);
  }
  for (const char* k : kMaps) {
    if (const Json* j = s.find(k); j != nullptr && j->is_object()) {
      for (const auto& [_, sub] : j->members) {
        if (sub.is_object() || sub.is_bool()) f(sub);
      }
    }
  }
  for (const char* k : kLists) {
    if (const Json* j = s.find(k); j != nullptr && j->is_array()) {
      for (const Json& sub : j->items) f(sub);
    }
  }
}

// The $ref targets of the whole document, resolved before validation as both libraries
// compile the schema first. Throws Error as each library words an unresolvable reference.
void check_refs(const Json& root, const Json& s, SchemaDialect dialect, int depth) {
  if (depth > value::kMaxDepth) throw Error("schema nests too deeply");
  if (s.is_object()) {
    if (const Json* ref = s.find("$ref"); ref != nullptr && ref->is_string()) {
      const std::string& r = ref->text;
      if (!r.empty() && r[0] == '#') {
        std::string missing;
        if (resolve_pointer(root, r, &missing) == nullptr) {
          if (dialect == SchemaDialect::Helm4) {
            throw Error("json-pointer in \"file:///values.schema.json" + r + "\" not found");
          }
          throw Error("Object has no key '" + missing + "'");
        }
      } else if (r.rfind("urn:", 0) == 0) {
        // parity: helm 4's urnLoader gives an allow-all schema; gojsonschema refuses it.
        if (dialect == SchemaDialect::Helm3) throw Error("Reference " + r + " must be canonical");
      } else {
        throw Error("schema reference " + quote(r) +
                    " is outside values.schema.json; primer does not fetch remote schemas");
      }
    }
  }
  for_each_subschema(s, [&](const Json& sub) { check_refs(root, sub, dialect, depth + 1); });
}

const Json& true_schema() {
  static const Json kTrue = [] {
    Json j;
    j.type = Json::Type::Bool;
    j.boolean = true;
    return j;
  }();
  return kTrue;
}

const Json& ref_target(const Json& root, const std::string& ref) {
  if (ref.empty() || ref[0] != '#') return true_schema();  // urn:, checked by check_refs
  const Json* target = resolve_pointer(root, ref, nullptr);
  return target != nullptr ? *target : true_schema();
}

int draft_of(const Json& root) {
  if (!root.is_object()) return 2020;
  const Json* s = root.find("$schema");
  if (s == nullptr || !s->is_string()) return 2020;
  const std::string& u = s->text;
  if (u.find("draft-04") != std::string::npos) return 4;
  if (u.find("draft-06") != std::string::npos) return 6;
  if (u.find("draft-07") != std::string::npos) return 7;
  if (u.find("2019-09") != std::string::npos) return 2019;
  return 2020;
}

std::optional<long long> int_keyword(const Json& s, std::string_view key) {
  const Json* j = s.find(key);
  if (j == nullptr || !j->is_number()) return std::nullopt;
  return std::llround(std::strtod(j->text.c_str(), nullptr));
}

// ---- formats ----------------------------------------------------------------------------

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "" when `s` is a dotted-quad IPv4 address, else why not (santhosh-tekuri's wording).
std::string ipv4_problem(std::string_view s) {
  std::vector<std::string_view> groups;
  std::size_t start = 0;
  for (;;) {
    std::size_t dot = s.find('.', start);
    groups.push_back(
        s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (groups.size() != 4) return "expected four decimals";
  for (std::string_view g : groups) {
    if (!is_digits(g) || g.size() > 3) return "invalid decimal";
    if (g.size() > 1 && g[0] == '0') return "leading zeros";
    if (std::atoi(std::string(g).c_str()) > 255) return "decimal must be between 0 and 255";
  }
  return "";
}

bool is_hostname_label(std::string_view l) {
  if (l.empty() || l.size() > 63) return false;
  for (char c : l) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
      return false;
    }
  }
  return l.front() != '-' && l.back() != '-';
}

std::string hostname_problem(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  if (s.size() > 253) return "more than 253 characters long";
  std::size_t start = 0;
  for (;;) {
    std::size_t dot = s.find('.', start);
    std::string_view l =
        s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (l.empty()) return "empty label";
    if (l.size() > 63) return "label more than 63 characters long";
    if (l.front() == '-') return "label starts with hyphen";
    if (l.back() == '-') return "label ends with hyphen";
    if (!is_hostname_label(l)) return "invalid character in label";
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return "";
}

std::string date_time_problem(std::string_view s) {
  if (s.size() < 20) return "less than 20 characters long";
  static const RE2 kDateTime(
      R"(^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$)");
  if (!RE2::FullMatch(s, kDateTime)) return "invalid date-time";
  return "";
}

std::string email_problem(std::string_view s) {
  std::size_t at = s.rfind('@');
  if (at == std::string_view::npos) return "missing @";
  if (at == 0) return "missing local part";
  if (at + 1 == s.size()) return "missing domain";
  return "";
}

std::string uri_problem(std::string_view s) {
  static const RE2 kScheme(R"(^[A-Za-z][A-Za-z0-9+.\-]*:)");
  if (!RE2::PartialMatch(s, kScheme)) return "relative url";
  return "";
}

// helm 4 (draft-07 and older only): "" when valid or the format is unknown.
std::string format_problem4(const std::string& format, std::string_view s) {
  if (format == "email" || format == "idn-email") return email_problem(s);
  if (format == "ipv4") return ipv4_problem(s);
  if (format == "hostname") return hostname_problem(s);
  if (format == "date-time") return date_time_problem(s);
  if (format == "uri" || format == "iri") return uri_problem(s);
  if (format == "uuid") {
    if (std::count(s.begin(), s.end(), '-') != 4) return "must have 5 elements";
    static const RE2 kUuid("^(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    return RE2::FullMatch(s, kUuid) ? "" : "invalid uuid";
  }
  return "";
}

// helm 3: gojsonschema's default checkers; true when valid or the format is unknown.
bool format_ok3(const std::string& format, std::string_view s) {
  if (format == "email" || format == "idn-email") return email_problem(s).empty();
  if (format == "ipv4") return ipv4_problem(s).empty();
  if (format == "hostname" || format == "idn-hostname") {
    static const RE2 kHost(
        R"(^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])(\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]{0,61}[a-zA-Z0-9]))*$)");
    return RE2::FullMatch(s, kHost) && s.size() < 256;
  }
  if (format == "date-time") return date_time_problem(s).empty();
  if (format == "uri" || format == "iri") return uri_problem(s).empty();
  if (format == "uuid") return format_problem4("uuid", s).empty();
  return true;
}

// ---- helm 4: santhosh-tekuri/jsonschema v6 ----------------------------------------------

struct Error4 {
  enum class Kind { Plain, Group, Ref } kind = Kind::Plain;
  std::vector<std::string> location;  // instance location tokens
  std::string message;
  std::vector<Error4> causes;
};

// parity: santhosh-tekuri's kind.quote: Go %q, then \" back to " and ' escaped.
std::string quote4(std::string_view s) {
  std::string q = quote(s);  // base/strings.h: Go strconv.Quote
  std::string out = "'";
  for (std::size_t i = 1; i + 1 < q.size(); ++i) {
    if (q[i] == '\\' && q[i + 1] == '"') {
      out += '"';
      ++i;
    } else if (q[i] == '\\') {
      out += q[i];
      out += q[i + 1];
      ++i;
    } else if (q[i] == '\'') {
      out += "\\'";
    } else {
      out += q[i];
    }
  }
  return out + "'";
}

std::string json_pointer(const std::vector<std::string>& tokens) {
  std::string out;
  for (const std::string& t : tokens) {
    out += '/';
    for (char c : t) {
      if (c == '~') {
        out += "~0";
      } else if (c == '/') {
        out += "~1";
      } else {
        out += c;
      }
    }
  }
  return out;
}

std::string display4(const Json& j) {
  switch (j.type) {
    case Json::Type::String:
      return quote4(j.text);
    case Json::Type::Number:
      return j.text;
    case Json::Type::Bool:
      return j.boolean ? "true" : "false";
    case Json::Type::Null:
      return "<nil>";
    default:
      return "value";
  }
}

std::string type_name4(const Value& v) {
  switch (v.kind()) {
    case Kind::Null:
      return "null";
    case Kind::Bool:
      return "boolean";
    case Kind::Int:
    case Kind::Float:
      return "number";
    case Kind::String:
      return "string";
    case Kind::List:
      return "array";
    case Kind::Map:
      return "object";
    default:
      return "object";  // an opaque template value never reaches validation
  }
}

bool equals4(const Value& v, const Json& j) {
  switch (j.type) {
    case Json::Type::Null:
      return v.is_null();
    case Json::Type::Bool:
      return v.is_bool() && v.as_bool() == j.boolean;
    case Json::Type::Number:
      return v.is_number() && compare(decimal_of(v), parse_decimal(j.text)) == 0;
    case Json::Type::String:
      return v.is_string() && v.as_string() == j.text;
    case Json::Type::Array: {
      if (!v.is_list() || v.as_list().size() != j.items.size()) return false;
      for (std::size_t i = 0; i < j.items.size(); ++i) {
        if (!equals4(v.as_list()[i], j.items[i])) return false;
      }
      return true;
    }
    case Json::Type::Object: {
      if (!v.is_map()) return false;
      std::set<std::string> keys;
      for (const auto& [k, _] : j.members) keys.insert(k);
      if (keys.size() != v.as_map().size()) return false;
      for (const std::string& k : keys) {
        const Value* x = v.find(k);
        if (x == nullptr || !equals4(*x, *j.find(k))) return false;
      }
      return true;
    }
  }
  return false;
}

bool values_equal4(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) return compare(decimal_of(a), decimal_of(b)) == 0;
  if (a.kind() != b.kind()) return false;
  if (a.is_list()) {
    if (a.as_list().size() != b.as_list().size()) return false;
    for (std::size_t i = 0; i < a.as_list().size(); ++i) {
      if (!values_equal4(a.as_list()[i], b.as_list()[i])) return false;
    }
    return true;
  }
  if (a.is_map()) {
    if (a.as_map().size() != b.as_map().size()) return false;
    for (const auto& [k, x] : a.as_map()) {
      const Value* y = b.find(k);
      if (y == nullptr || !values_equal4(x, *y)) return false;
    }
    return true;
  }
  return a == b;
}

class Validator4 {
 public:
  Validator4(const Json& root, int draft) : root_(root), draft_(draft) {}

  std::vector<Error4> validate(const Json& s, const Value& v, std::vector<std::string>& loc,
                               int depth) {
    if (depth > 2 * value::kMaxDepth) throw Error("schema references loop without end");
    std::vector<Error4> errors;
    if (s.is_bool()) {
      if (!s.boolean) errors.push_back(make(loc, "false schema"));
      return errors;
    }
    if (!s.is_object()) return errors;
    if (const Json* r = s.find("$ref"); r != nullptr && r->is_string() && draft_ < 2019) {
      // parity: before draft 2019-09 the compiler reads nothing beside $ref.
      if (std::optional<Error4> ref = validate_ref(ref_target(root_, r->text), v, loc, depth)) {
        errors.push_back(std::move(*ref));
      }
      return errors;
    }

    if (const Json* t = s.find("type")) {
      std::vector<std::string> types;
      if (t->is_string()) types.push_back(t->text);
      for (const Json& x : t->items) {
        if (x.is_string()) types.push_back(x.text);
      }
      if (!types.empty()) {
        std::string got = type_name4(v);
        auto has = [&](std::string_view n) {
          return std::find(types.begin(), types.end(), n) != types.end();
        };
        if (!has(got) && !(got == "number" && has("integer") && is_whole(v))) {
          std::string want;
          for (const char* n :
               {"null", "boolean", "number", "integer", "string", "array", "object"}) {
            if (!has(n)) continue;
            if (!want.empty()) want += " or ";
            want += n;
          }
          errors.push_back(make(loc, "got " + got + ", want " + want));
          return errors;
        }
      }
    }
    if (const Json* c = s.find("const"); c != nullptr && draft_ >= 6) {
      if (!equals4(v, *c)) {
        bool composite = c->is_array() || c->is_object();
        errors.push_back(make(loc, composite ? "'const' failed" : "value must be " + display4(*c)));
        return errors;
      }
    }
    if (const Json* e = s.find("enum"); e != nullptr && e->is_array()) {
      bool matched = std::any_of(e->items.begin(), e->items.end(),
                                 [&](const Json& x) { return equals4(v, x); });
      if (!matched) {
        bool primitive = std::none_of(e->items.begin(), e->items.end(),
                                      [](const Json& x) { return x.is_array() || x.is_object(); });
        std::string msg = "'enum' failed";
        if (primitive && e->items.size() == 1) {
          msg = "value must be " + display4(e->items[0]);
        } else if (primitive) {
          msg = "value must be one of ";
          for (std::size_t i = 0; i < e->items.size(); ++i)
            msg += (i ? ", " : "") + display4(e->items[i]);
        }
        errors.push_back(make(loc, msg));
        return errors;
      }
    }
    // parity: objcompiler.go assertFormat: formats are assertions only before draft 2019.
    if (const Json* f = s.find("format");
        f != nullptr && f->is_string() && draft_ < 2019 && v.is_string()) {
      std::string problem = format_problem4(f->text, v.as_string());
      if (!problem.empty()) {
        errors.push_back(
            make(loc, quote4(v.as_string()) + " is not valid " + f->text + ": " + problem));
        return errors;
      }
    }
    if (const Json* r = s.find("$ref"); r != nullptr && r->is_string()) {
      std::optional<Error4> ref = validate_ref(ref_target(root_, r->text), v, loc, depth);
      if (ref) errors.push_back(std::move(*ref));
    }

    if (v.is_map()) {
      validate_object(s, v, loc, depth, errors);
    } else if (v.is_list()) {
      validate_array(s, v, loc, depth, errors);
    } else if (v.is_string()) {
      validate_string(s, v.as_string(), loc, errors);
    } else if (v.is_number()) {
      validate_number(s, v, loc, errors);
    }
    validate_conditionals(s, v, loc, depth, errors);
    return errors;
  }

 private:
  static Error4 make(const std::vector<std::string>& loc, std::string message) {
    Error4 e;
    e.location = loc;
    e.message = std::move(message);
    return e;
  }
  // A subschema's outcome as one error: several become a "validation failed" group.
  static Error4 single(const std::vector<std::string>& loc, std::vector<Error4> errs) {
    if (errs.size() == 1) return std::move(errs[0]);
    Error4 g = make(loc, "validation failed");
    g.kind = Error4::Kind::Group;
    g.causes = std::move(errs);
    return g;
  }
  static void add_all(std::vector<Error4>& to, std::vector<Error4> from) {
    for (Error4& e : from) to.push_back(std::move(e));
  }
  std::vector<Error4> at(const Json& s, const Value& v, std::vector<std::string>& loc,
                         std::string token, int depth) {
    loc.push_back(std::move(token));
    std::vector<Error4> errs = validate(s, v, loc, depth + 1);
    loc.pop_back();
    return errs;
  }
  std::optional<Error4> validate_ref(const Json& target, const Value& v,
                                     std::vector<std::string>& loc, int depth) {
    std::vector<Error4> errs = validate(target, v, loc, depth + 1);
    if (errs.empty()) return std::nullopt;
    Error4 r = make(loc, "validation failed");
    r.kind = Error4::Kind::Ref;
    r.causes = std::move(errs);
    return r;
  }

  void validate_object(const Json& s, const Value& v, std::vector<std::string>& loc, int depth,
                       std::vector<Error4>& errors) {
    const value::Map& obj = v.as_map();
    if (auto n = int_keyword(s, "minProperties"); n && static_cast<long long>(obj.size()) < *n) {
      errors.push_back(make(loc, "minProperties: got " +
                                     en_int(static_cast<long long>(obj.size())) + ", want " +
                                     en_int(*n)));
    }
    if (auto n = int_keyword(s, "maxProperties"); n && static_cast<long long>(obj.size()) > *n) {
      errors.push_back(make(loc, "maxProperties: got " +
                                     en_int(static_cast<long long>(obj.size())) + ", want " +
                                     en_int(*n)));
    }
    if (const Json* r = s.find("required"); r != nullptr && r->is_array()) {
      std::vector<std::string> missing = find_missing(obj, *r);
      if (missing.size() == 1) {
        errors.push_back(make(loc, "missing property " + quote4(missing[0])));
      } else if (!missing.empty()) {
        errors.push_back(make(loc, "missing properties " + join_quoted(missing)));
      }
    }
    if (const Json* deps = s.find("dependencies"); deps != nullptr && deps->is_object()) {
      for (const auto& [name, dep] : sorted_members(*deps)) {
        if (obj.find(name) == obj.end()) continue;
        if (dep->is_array()) {
          std::vector<std::string> missing = find_missing(obj, *dep);
          if (!missing.empty()) {
            errors.push_back(make(loc, "properties " + join_quoted(missing) + " required, if " +
                                           quote4(name) + " exists"));
          }
        } else {
          add_all(errors, validate(*dep, v, loc, depth + 1));
        }
      }
    }
    const Json* props = s.find("properties");
    const Json* patterns = s.find("patternProperties");
    const Json* additional = s.find("additionalProperties");
    std::vector<std::string> extra;
    for (const std::string& key : sorted_keys(obj)) {
      const Value& pv = obj.at(key);
      bool evaluated = false;
      if (props != nullptr && props->is_object()) {
        if (const Json* ps = props->find(key)) {
          evaluated = true;
          add_all(errors, at(*ps, pv, loc, key, depth));
        }
      }
      if (patterns != nullptr && patterns->is_object()) {
        for (const auto& [pattern, ps] : sorted_members(*patterns)) {
          if (regexes_.partial_match(pattern, key)) {
            evaluated = true;
            add_all(errors, at(*ps, pv, loc, key, depth));
          }
        }
      }
      if (!evaluated && additional != nullptr) {
        if (additional->is_bool()) {
          if (!additional->boolean) extra.push_back(key);
        } else {
          add_all(errors, at(*additional, pv, loc, key, depth));
        }
      }
    }
    if (!extra.empty()) {
      errors.push_back(make(loc, "additional properties " + join_quoted(extra) + " not allowed"));
    }
    if (draft_ == 4) return;
    if (const Json* names = s.find("propertyNames"); names != nullptr) {
      for (const std::string& key : sorted_keys(obj)) {
        // parity: validator.go validates each name as a document of its own, so the error
        // and its causes are located at '' whatever the object's own location.
        std::vector<std::string> root_loc;
        std::vector<Error4> errs = validate(*names, Value(key), root_loc, depth + 1);
        if (errs.empty()) continue;
        Error4 e = make({}, "invalid propertyName " + quote4(key));
        e.causes = std::move(errs);
        errors.push_back(std::move(e));
      }
    }
    if (draft_ < 2019) return;
    if (const Json* deps = s.find("dependentSchemas"); deps != nullptr && deps->is_object()) {
      for (const auto& [name, dep] : sorted_members(*deps)) {
        if (obj.find(name) != obj.end()) add_all(errors, validate(*dep, v, loc, depth + 1));
      }
    }
    if (const Json* deps = s.find("dependentRequired"); deps != nullptr && deps->is_object()) {
      for (const auto& [name, dep] : sorted_members(*deps)) {
        if (obj.find(name) == obj.end() || !dep->is_array()) continue;
        std::vector<std::string> missing = find_missing(obj, *dep);
        if (!missing.empty()) {
          errors.push_back(make(loc, "properties " + join_quoted(missing) + " required, if " +
                                         quote4(name) + " exists"));
        }
      }
    }
  }

  void validate_array(const Json& s, const Value& v, std::vector<std::string>& loc, int depth,
                      std::vector<Error4>& errors) {
    const value::List& arr = v.as_list();
    long long n = static_cast<long long>(arr.size());
    if (auto m = int_keyword(s, "minItems"); m && n < *m) {
      errors.push_back(make(loc, "minItems: got " + en_int(n) + ", want " + en_int(*m)));
    }
    if (auto m = int_keyword(s, "maxItems"); m && n > *m) {
      errors.push_back(make(loc, "maxItems: got " + en_int(n) + ", want " + en_int(*m)));
    }
    if (const Json* u = s.find("uniqueItems");
        u != nullptr && u->is_bool() && u->boolean && arr.size() > 1) {
      bool done = false;
      for (std::size_t i = 0; i < arr.size() && !done; ++i) {
        for (std::size_t j = i + 1; j < arr.size() && !done; ++j) {
          if (values_equal4(arr[i], arr[j])) {
            errors.push_back(make(loc, "items at " + en_int(static_cast<long long>(i)) + " and " +
                                           en_int(static_cast<long long>(j)) + " are equal"));
            done = true;
          }
        }
      }
    }
    const Json* items = s.find("items");
    if (draft_ < 2020) {
      std::size_t evaluated = 0;
      if (items != nullptr && (items->is_object() || items->is_bool())) {
        for (std::size_t i = 0; i < arr.size(); ++i)
          add_all(errors, at(*items, arr[i], loc, std::to_string(i), depth));
        evaluated = arr.size();
      } else if (items != nullptr && items->is_array()) {
        evaluated = std::min(arr.size(), items->items.size());
        for (std::size_t i = 0; i < evaluated; ++i) {
          add_all(errors, at(items->items[i], arr[i], loc, std::to_string(i), depth));
        }
      }
      if (const Json* add = s.find("additionalItems"); add != nullptr && evaluated != arr.size()) {
        if (add->is_bool()) {
          if (!add->boolean) {
            errors.push_back(make(loc, "last " +
                                           en_int(static_cast<long long>(arr.size() - evaluated)) +
                                           " additionalItem(s) not allowed"));
          }
        } else {
          // parity: validator.go numbers these from 0, not from their index in the array.
          for (std::size_t i = evaluated; i < arr.size(); ++i) {
            add_all(errors, at(*add, arr[i], loc, std::to_string(i - evaluated), depth));
          }
        }
      }
    } else {
      std::size_t evaluated = 0;
      if (const Json* prefix = s.find("prefixItems"); prefix != nullptr && prefix->is_array()) {
        evaluated = std::min(arr.size(), prefix->items.size());
        for (std::size_t i = 0; i < evaluated; ++i) {
          add_all(errors, at(prefix->items[i], arr[i], loc, std::to_string(i), depth));
        }
      }
      if (items != nullptr && (items->is_object() || items->is_bool())) {
        // parity: validator.go numbers these from 0, not from their index in the array.
        for (std::size_t i = evaluated; i < arr.size(); ++i) {
          add_all(errors, at(*items, arr[i], loc, std::to_string(i - evaluated), depth));
        }
      }
    }
    const Json* contains = s.find("contains");
    if (contains == nullptr || draft_ < 6) return;
    std::vector<Error4> failures;
    std::vector<std::size_t> matched;
    for (std::size_t i = 0; i < arr.size(); ++i) {
      loc.push_back(std::to_string(i));
      std::vector<Error4> errs = validate(*contains, arr[i], loc, depth + 1);
      if (errs.empty()) {
        matched.push_back(i);
      } else {
        failures.push_back(single(loc, std::move(errs)));
      }
      loc.pop_back();
    }
    auto indexes = [&] {
      std::string s;
      for (std::size_t i = 0; i < matched.size(); ++i)
        s += (i ? " " : "") + std::to_string(matched[i]);
      return s;
    };
    std::optional<long long> min_contains =
        draft_ >= 2019 ? int_keyword(s, "minContains") : std::nullopt;
    std::optional<long long> max_contains =
        draft_ >= 2019 ? int_keyword(s, "maxContains") : std::nullopt;
    long long got = static_cast<long long>(matched.size());
    if (min_contains) {
      if (got < *min_contains) {
        Error4 e =
            make(loc, got == 0 ? "min " + en_int(*min_contains) +
                                     " items required to match contains schema, but none matched"
                               : "min " + en_int(*min_contains) +
                                     " items required to match contains schema, but matched " +
                                     en_int(got) + " items at " + indexes());
        e.causes = std::move(failures);
        errors.push_back(std::move(e));
      }
    } else if (got == 0) {
      Error4 e = make(loc, "no items match contains schema");
      e.causes = std::move(failures);
      errors.push_back(std::move(e));
    }
    long long max = max_contains.value_or(-1);
    if (max >= 0 && got > max) {
      errors.push_back(make(loc, "max " + en_int(max) +
                                     " items required to match contains schema, but matched " +
                                     en_int(got) + " items at " + indexes()));
    }
  }

  void validate_string(const Json& s, const std::string& str, std::vector<std::string>& loc,
                       std::vector<Error4>& errors) {
    long long n = static_cast<long long>(rune_count(str));
    if (auto m = int_keyword(s, "minLength"); m && n < *m) {
      errors.push_back(make(loc, "minLength: got " + en_int(n) + ", want " + en_int(*m)));
    }
    if (auto m = int_keyword(s, "maxLength"); m && n > *m) {
      errors.push_back(make(loc, "maxLength: got " + en_int(n) + ", want " + en_int(*m)));
    }
    if (const Json* p = s.find("pattern"); p != nullptr && p->is_string()) {
      if (!regexes_.partial_match(p->text, str)) {
        errors.push_back(make(loc, quote4(str) + " does not match pattern " + quote4(p->text)));
      }
    }
  }

  void validate_number(const Json& s, const Value& v, std::vector<std::string>& loc,
                       std::vector<Error4>& errors) {
    Decimal got = decimal_of(v);
    auto limit = [&](const char* key) -> std::optional<Decimal> {
      const Json* j = s.find(key);
      if (j == nullptr || !j->is_number()) return std::nullopt;
      return parse_decimal(j->text);
    };
    std::optional<Decimal> minimum = limit("minimum"), maximum = limit("maximum");
    std::optional<Decimal> exclusive_min = limit("exclusiveMinimum"),
                           exclusive_max = limit("exclusiveMaximum");
    if (draft_ == 4) {  // draft-04: exclusiveM* are booleans that make minimum/maximum strict
      const Json* xmin = s.find("exclusiveMinimum");
      const Json* xmax = s.find("exclusiveMaximum");
      if (xmin != nullptr && xmin->is_bool() && xmin->boolean) std::swap(exclusive_min, minimum);
      if (xmax != nullptr && xmax->is_bool() && xmax->boolean) std::swap(exclusive_max, maximum);
    }
    auto message = [&](const char* kw, const Decimal& want) {
      return std::string(kw) + ": got " + en_float(to_double(got)) + ", want " +
             en_float(to_double(want));
    };
    if (minimum && compare(got, *minimum) < 0)
      errors.push_back(make(loc, message("minimum", *minimum)));
    if (maximum && compare(got, *maximum) > 0)
      errors.push_back(make(loc, message("maximum", *maximum)));
    if (exclusive_min && compare(got, *exclusive_min) <= 0) {
      errors.push_back(make(loc, message("exclusiveMinimum", *exclusive_min)));
    }
    if (exclusive_max && compare(got, *exclusive_max) >= 0) {
      errors.push_back(make(loc, message("exclusiveMaximum", *exclusive_max)));
    }
    if (std::optional<Decimal> m = limit("multipleOf");
        m && !m->is_zero() && !is_multiple(got, *m)) {
      errors.push_back(make(loc, message("multipleOf", *m)));
    }
  }

  void validate_conditionals(const Json& s, const Value& v, std::vector<std::string>& loc,
                             int depth, std::vector<Error4>& errors) {
    if (const Json* n = s.find("not")) {
      if (validate(*n, v, loc, depth + 1).empty()) errors.push_back(make(loc, "'not' failed"));
    }
    if (const Json* all = s.find("allOf");
        all != nullptr && all->is_array() && !all->items.empty()) {
      std::vector<Error4> failures;
      for (const Json& sub : all->items) {
        std::vector<Error4> errs = validate(sub, v, loc, depth + 1);
        if (!errs.empty()) failures.push_back(single(loc, std::move(errs)));
      }
      if (!failures.empty()) {
        Error4 e = make(loc, "'allOf' failed");
        e.causes = std::move(failures);
        errors.push_back(std::move(e));
      }
    }
    if (const Json* any = s.find("anyOf");
        any != nullptr && any->is_array() && !any->items.empty()) {
      std::vector<Error4> failures;
      bool matched = false;
      for (const Json& sub : any->items) {
        std::vector<Error4> errs = validate(sub, v, loc, depth + 1);
        if (errs.empty()) {
          matched = true;
          break;
        }
        failures.push_back(single(loc, std::move(errs)));
      }
      if (!matched) {
        Error4 e = make(loc, "'anyOf' failed");
        e.causes = std::move(failures);
        errors.push_back(std::move(e));
      }
    }
    if (const Json* one = s.find("oneOf");
        one != nullptr && one->is_array() && !one->items.empty()) {
      std::vector<Error4> failures;
      int matched = -1;
      for (std::size_t i = 0; i < one->items.size(); ++i) {
        std::vector<Error4> errs = validate(one->items[i], v, loc, depth + 1);
        if (!errs.empty()) {
          if (matched == -1) failures.push_back(single(loc, std::move(errs)));
        } else if (matched == -1) {
          matched = static_cast<int>(i);
        } else {
          errors.push_back(make(loc, "'oneOf' failed, subschemas " + en_int(matched) + ", " +
                                         en_int(static_cast<long long>(i)) + " matched"));
          break;
        }
      }
      if (matched == -1) {
        Error4 e = make(loc, "'oneOf' failed, none matched");
        e.causes = std::move(failures);
        errors.push_back(std::move(e));
      }
    }
    if (const Json* cond = s.find("if"); cond != nullptr && draft_ >= 7) {
      const Json* branch =
          validate(*cond, v, loc, depth + 1).empty() ? s.find("then") : s.find("else");
      if (branch != nullptr) add_all(errors, validate(*branch, v, loc, depth + 1));
    }
  }

  static std::vector<std::pair<std::string, const Json*>> sorted_members(const Json& obj) {
    std::map<std::string, const Json*> m;
    for (const auto& [k, v] : obj.members) m[k] = &v;
    return {m.begin(), m.end()};
  }
  static std::vector<std::string> find_missing(const value::Map& obj, const Json& names) {
    std::vector<std::string> missing;
    for (const Json& n : names.items) {
      if (n.is_string() && obj.find(n.text) == obj.end()) missing.push_back(n.text);
    }
    return missing;
  }
  static std::string join_quoted(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + quote4(names[i]);
    return out;
  }

  const Json& root_;
  int draft_;
  Regexes regexes_;
};

// parity: ValidationError.display: one "- at 'PTR': MSG" line per error, causes indented two
// spaces deeper; a reference error with a single cause shows only the cause.
void display4(const Error4& e, int indent, std::string& out) {
  if (e.kind == Error4::Kind::Ref && e.causes.size() == 1) {
    display4(e.causes[0], indent, out);
    return;
  }
  out += std::string(static_cast<std::size_t>(indent) * 2, ' ') + "- at " +
         quote4(json_pointer(e.location)) + ": " + e.message + "\n";
  for (const Error4& c : e.causes) display4(c, indent + 1, out);
}

std::string report4(const Json& root, const Value& values) {
  Validator4 validator(root, draft_of(root));
  std::vector<std::string> loc;
  std::vector<Error4> errors = validator.validate(root, values, loc, 0);
  std::string out;
  for (const Error4& e : errors) display4(e, 0, out);
  return out;
}

// ---- helm 3: xeipuuv/gojsonschema --------------------------------------------------------

struct Result3 {
  std::vector<std::string> errors;  // "field: description"
  int score = 0;
  bool valid() const { return errors.empty(); }
  void merge(const Result3& other) {
    errors.insert(errors.end(), other.errors.begin(), other.errors.end());
    score += other.score;
  }
};

class Validator3 {
 public:
  // parity: gojsonschema reads const, contains and propertyNames from draft-06 on and
  // if/then/else from draft-07 on; without $schema it accepts every draft's keywords.
  Validator3(const Json& root, int draft) : root_(root), draft_(draft) {}

  void validate(const Json& s, const Value& node, Result3& result, std::vector<std::string>& ctx,
                int depth) {
    if (depth > 2 * value::kMaxDepth) throw Error("schema references loop without end");
    if (s.is_bool()) {
      if (!s.boolean) add(result, ctx, "False always fails validation");
      return;
    }
    if (!s.is_object()) return;
    if (const Json* r = s.find("$ref"); r != nullptr && r->is_string()) {
      // parity: gojsonschema follows $ref and ignores the keywords beside it.
      validate(ref_target(root_, r->text), node, result, ctx, depth + 1);
      return;
    }
    std::vector<std::string> types;
    if (const Json* t = s.find("type")) {
      if (t->is_string()) types.push_back(t->text);
      for (const Json& x : t->items) {
        if (x.is_string()) types.push_back(x.text);
      }
    }
    auto has = [&](std::string_view n) {
      return std::find(types.begin(), types.end(), n) != types.end();
    };
    auto type_error = [&](const std::string& given) {
      std::string expected = types.size() == 1 ? types[0] : "[" + join(types, ",") + "]";
      add(result, ctx, "Invalid type. Expected: " + expected + ", given: " + given);
    };
    if (node.is_null()) {
      if (!types.empty() && !has("null")) return type_error("null");
      validate_schema(s, node, result, ctx, depth);
      validate_common(s, node, result, ctx);
    } else if (node.is_number()) {
      bool whole = is_whole(node);
      if (!types.empty() && !has("number") && !(whole && has("integer"))) {
        return type_error(whole ? "integer" : "number");
      }
      validate_schema(s, node, result, ctx, depth);
      validate_number(s, node, result, ctx);
      validate_common(s, node, result, ctx);
    } else if (node.is_list()) {
      if (!types.empty() && !has("array")) return type_error("array");
      validate_schema(s, node, result, ctx, depth);
      validate_array(s, node, result, ctx, depth);
      validate_common(s, node, result, ctx);
    } else if (node.is_map()) {
      if (!types.empty() && !has("object")) return type_error("object");
      validate_schema(s, node, result, ctx, depth);
      validate_object(s, node, result, ctx, depth);
      validate_common(s, node, result, ctx);
      if (const Json* props = s.find("properties"); props != nullptr && props->is_object()) {
        std::map<std::string, const Json*> sorted;
        for (const auto& [k, v] : props->members) sorted[k] = &v;
        for (const auto& [k, ps] : sorted) {
          if (const Value* child = node.find(k)) {
            ctx.push_back(k);
            validate(*ps, *child, result, ctx, depth + 1);
            ctx.pop_back();
          }
        }
      }
    } else if (node.is_bool()) {
      if (!types.empty() && !has("boolean")) return type_error("boolean");
      validate_schema(s, node, result, ctx, depth);
      validate_common(s, node, result, ctx);
    } else {
      if (!types.empty() && !has("string")) return type_error("string");
      validate_schema(s, node, result, ctx, depth);
      validate_common(s, node, result, ctx);
      validate_string(s, node.as_string(), result, ctx);
    }
    ++result.score;
  }

 private:
  static std::string field(const std::vector<std::string>& ctx) {
    if (ctx.empty()) return "(root)";
    return join(ctx, ".");
  }
  static void add(Result3& result, const std::vector<std::string>& ctx,
                  const std::string& description) {
    result.errors.push_back(field(ctx) + ": " + description);
    result.score -= 2;
  }
  Result3 sub(const Json& s, const Value& node, std::vector<std::string>& ctx, int depth) {
    Result3 r;
    validate(s, node, r, ctx, depth + 1);
    return r;
  }

  void validate_schema(const Json& s, const Value& node, Result3& result,
                       std::vector<std::string>& ctx, int depth) {
    if (const Json* any = s.find("anyOf");
        any != nullptr && any->is_array() && !any->items.empty()) {
      std::optional<Result3> best;
      bool ok = false;
      for (const Json& x : any->items) {
        Result3 r = sub(x, node, ctx, depth);
        if (r.valid()) {
          ok = true;
          break;
        }
        if (!best || r.score > best->score) best = std::move(r);
      }
      if (!ok) {
        add(result, ctx, "Must validate at least one schema (anyOf)");
        if (best) result.merge(*best);
      }
    }
    if (const Json* one = s.find("oneOf");
        one != nullptr && one->is_array() && !one->items.empty()) {
      int valid = 0;
      std::optional<Result3> best;
      for (const Json& x : one->items) {
        Result3 r = sub(x, node, ctx, depth);
        if (r.valid()) {
          ++valid;
        } else if (valid == 0 && (!best || r.score > best->score)) {
          best = std::move(r);
        }
      }
      if (valid != 1) {
        add(result, ctx, "Must validate one and only one schema (oneOf)");
        if (valid == 0 && best) result.merge(*best);
      }
    }
    if (const Json* all = s.find("allOf");
        all != nullptr && all->is_array() && !all->items.empty()) {
      std::size_t valid = 0;
      for (const Json& x : all->items) {
        Result3 r = sub(x, node, ctx, depth);
        if (r.valid()) ++valid;
        result.merge(r);
      }
      if (valid != all->items.size()) add(result, ctx, "Must validate all the schemas (allOf)");
    }
    if (const Json* n = s.find("not")) {
      if (sub(*n, node, ctx, depth).valid()) add(result, ctx, "Must not validate the schema (not)");
    }
    if (const Json* deps = s.find("dependencies");
        deps != nullptr && deps->is_object() && node.is_map()) {
      for (const std::string& key : sorted_keys(node.as_map())) {
        const Json* dep = deps->find(key);
        if (dep == nullptr) continue;
        if (dep->is_array()) {
          for (const Json& d : dep->items) {
            if (d.is_string() && node.find(d.text) == nullptr)
              add(result, ctx, "Has a dependency on " + d.text);
          }
        } else {
          validate(*dep, node, result, ctx, depth + 1);
        }
      }
    }
    if (const Json* cond = s.find("if"); cond != nullptr && draft_ >= 7) {
      bool if_valid = sub(*cond, node, ctx, depth).valid();
      const Json* then = s.find("then");
      const Json* otherwise = s.find("else");
      if (then != nullptr && if_valid) {
        Result3 r = sub(*then, node, ctx, depth);
        if (!r.valid()) {
          add(result, ctx, "Must validate \"then\" as \"if\" was valid");
          result.merge(r);
        }
      }
      if (otherwise != nullptr && !if_valid) {
        Result3 r = sub(*otherwise, node, ctx, depth);
        if (!r.valid()) {
          add(result, ctx, "Must validate \"else\" as \"if\" was not valid");
          result.merge(r);
        }
      }
    }
    ++result.score;
  }

  void validate_common(const Json& s, const Value& node, Result3& result,
                       std::vector<std::string>& ctx) {
    if (const Json* c = s.find("const"); c != nullptr && draft_ >= 6) {
      std::string want = value::to_json(to_value(*c));
      if (as_json(node) != want) add(result, ctx, field(ctx) + " does not match: " + want);
    }
    if (const Json* e = s.find("enum"); e != nullptr && e->is_array() && !e->items.empty()) {
      std::vector<std::string> allowed;
      for (const Json& x : e->items) allowed.push_back(value::to_json(to_value(x)));
      if (std::find(allowed.begin(), allowed.end(), as_json(node)) == allowed.end()) {
        add(result, ctx, field(ctx) + " must be one of the following: " + join(allowed, ", "));
      }
    }
    if (const Json* f = s.find("format"); f != nullptr && f->is_string()) {
      // json.Number is a string to gojsonschema's checkers, so numbers are checked too.
      std::optional<std::string> text;
      if (node.is_string()) text = node.as_string();
      if (node.is_number()) text = as_json(node);
      if (text && !format_ok3(f->text, *text))
        add(result, ctx, "Does not match format '" + f->text + "'");
    }
    ++result.score;
  }

  void validate_array(const Json& s, const Value& node, Result3& result,
                      std::vector<std::string>& ctx, int depth) {
    const value::List& arr = node.as_list();
    auto item = [&](const Json& sch, std::size_t i) {
      ctx.push_back(std::to_string(i));
      result.merge(sub(sch, arr[i], ctx, depth));
      ctx.pop_back();
    };
    const Json* items = s.find("items");
    if (items != nullptr && (items->is_object() || items->is_bool())) {
      for (std::size_t i = 0; i < arr.size(); ++i) item(*items, i);
    } else if (items != nullptr && items->is_array() && !items->items.empty()) {
      std::size_t n = items->items.size();
      for (std::size_t i = 0; i < n && i < arr.size(); ++i) item(items->items[i], i);
      if (n < arr.size()) {
        if (const Json* add_items = s.find("additionalItems")) {
          if (add_items->is_bool()) {
            if (!add_items->boolean) add(result, ctx, "No additional items allowed on array");
          } else {
            for (std::size_t i = n; i < arr.size(); ++i) item(*add_items, i);
          }
        }
      }
    }
    if (auto m = int_keyword(s, "minItems"); m && static_cast<long long>(arr.size()) < *m) {
      add(result, ctx, "Array must have at least " + std::to_string(*m) + " items");
    }
    if (auto m = int_keyword(s, "maxItems"); m && static_cast<long long>(arr.size()) > *m) {
      add(result, ctx, "Array must have at most " + std::to_string(*m) + " items");
    }
    if (const Json* u = s.find("uniqueItems"); u != nullptr && u->is_bool() && u->boolean) {
      std::map<std::string, std::size_t> seen;
      for (std::size_t j = 0; j < arr.size(); ++j) {
        std::string text = as_json(arr[j]);
        if (auto it = seen.find(text); it != seen.end()) {
          add(result, ctx,
              "array items[" + std::to_string(it->second) + "," + std::to_string(j) +
                  "] must be unique");
        }
        seen[text] = j;
      }
    }
    if (const Json* contains = s.find("contains"); contains != nullptr && draft_ >= 6) {
      bool ok = false;
      std::optional<Result3> best;
      for (std::size_t i = 0; i < arr.size(); ++i) {
        ctx.push_back(std::to_string(i));
        Result3 r = sub(*contains, arr[i], ctx, depth);
        ctx.pop_back();
        if (r.valid()) {
          ok = true;
          break;
        }
        if (!best || r.score > best->score) best = std::move(r);
      }
      if (!ok) {
        add(result, ctx, "At least one of the items must match");
        if (best) result.merge(*best);
      }
    }
    ++result.score;
  }

  void validate_object(const Json& s, const Value& node, Result3& result,
                       std::vector<std::string>& ctx, int depth) {
    const value::Map& obj = node.as_map();
    long long n = static_cast<long long>(obj.size());
    if (auto m = int_keyword(s, "minProperties"); m && n < *m) {
      add(result, ctx, "Must have at least " + std::to_string(*m) + " properties");
    }
    if (auto m = int_keyword(s, "maxProperties"); m && n > *m) {
      add(result, ctx, "Must have at most " + std::to_string(*m) + " properties");
    }
    if (const Json* r = s.find("required"); r != nullptr && r->is_array()) {
      for (const Json& name : r->items) {
        if (!name.is_string()) continue;
        if (obj.find(name.text) != obj.end()) {
          ++result.score;
        } else {
          add(result, ctx, name.text + " is required");
        }
      }
    }
    const Json* props = s.find("properties");
    const Json* patterns = s.find("patternProperties");
    const Json* additional = s.find("additionalProperties");
    for (const std::string& key : sorted_keys(obj)) {
      bool found = props != nullptr && props->is_object() && props->find(key) != nullptr;
      bool pattern_matched = false;
      if (patterns != nullptr && patterns->is_object()) {
        std::map<std::string, const Json*> sorted;
        for (const auto& [k, v] : patterns->members) sorted[k] = &v;
        for (const auto& [pattern, ps] : sorted) {
          if (!regexes_.partial_match(pattern, key)) continue;
          pattern_matched = true;
          ctx.push_back(key);
          result.merge(sub(*ps, obj.at(key), ctx, depth));
          ctx.pop_back();
        }
        if (pattern_matched) ++result.score;
      }
      if (found || pattern_matched || additional == nullptr) continue;
      if (additional->is_bool()) {
        if (!additional->boolean)
          add(result, ctx, "Additional property " + key + " is not allowed");
      } else if (additional->is_object()) {
        ctx.push_back(key);
        result.merge(sub(*additional, obj.at(key), ctx, depth));
        ctx.pop_back();
      }
    }
    if (const Json* names = s.find("propertyNames"); names != nullptr && draft_ >= 6) {
      for (const std::string& key : sorted_keys(obj)) {
        Result3 r = sub(*names, Value(key), ctx, depth);
        if (!r.valid()) {
          add(result, ctx, "Property name of \"" + key + "\" does not match");
          result.merge(r);
        }
      }
    }
    ++result.score;
  }

  void validate_string(const Json& s, const std::string& str, Result3& result,
                       std::vector<std::string>& ctx) {
    long long n = static_cast<long long>(rune_count(str));
    if (auto m = int_keyword(s, "minLength"); m && n < *m) {
      add(result, ctx, "String length must be greater than or equal to " + std::to_string(*m));
    }
    if (auto m = int_keyword(s, "maxLength"); m && n > *m) {
      add(result, ctx, "String length must be less than or equal to " + std::to_string(*m));
    }
    if (const Json* p = s.find("pattern"); p != nullptr && p->is_string()) {
      if (!regexes_.partial_match(p->text, str))
        add(result, ctx, "Does not match pattern '" + p->text + "'");
    }
    ++result.score;
  }

  void validate_number(const Json& s, const Value& node, Result3& result,
                       std::vector<std::string>& ctx) {
    Decimal got = decimal_of(node);
    auto limit = [&](const char* key) -> std::optional<Decimal> {
      const Json* j = s.find(key);
      if (j == nullptr || !j->is_number()) return std::nullopt;
      return parse_decimal(j->text);
    };
    std::optional<Decimal> minimum = limit("minimum"), maximum = limit("maximum");
    std::optional<Decimal> exclusive_min = limit("exclusiveMinimum"),
                           exclusive_max = limit("exclusiveMaximum");
    // draft-04 style booleans make minimum/maximum strict.
    if (const Json* x = s.find("exclusiveMinimum"); x != nullptr && x->is_bool() && x->boolean)
      std::swap(exclusive_min, minimum);
    if (const Json* x = s.find("exclusiveMaximum"); x != nullptr && x->is_bool() && x->boolean)
      std::swap(exclusive_max, maximum);
    if (std::optional<Decimal> m = limit("multipleOf");
        m && !m->is_zero() && !is_multiple(got, *m)) {
      add(result, ctx, "Must be a multiple of " + go_big_float(*m));
    }
    if (maximum && compare(got, *maximum) > 0)
      add(result, ctx, "Must be less than or equal to " + go_big_float(*maximum));
    if (exclusive_max && compare(got, *exclusive_max) >= 0)
      add(result, ctx, "Must be less than " + go_big_float(*exclusive_max));
    if (minimum && compare(got, *minimum) < 0)
      add(result, ctx, "Must be greater than or equal to " + go_big_float(*minimum));
    if (exclusive_min && compare(got, *exclusive_min) <= 0)
      add(result, ctx, "Must be greater than " + go_big_float(*exclusive_min));
    ++result.score;
  }

  // parity: gojsonschema compares const, enum and uniqueItems through encoding/json text.
  static std::string as_json(const Value& v) {
    if (v.is_int()) return value::to_json(Value(static_cast<double>(v.as_int())));
    return value::to_json(v);
  }

  const Json& root_;
  int draft_;
  Regexes regexes_;
};

std::string report3(const Json& root, const Value& values) {
  Validator3 validator(root, draft_of(root));
  Result3 result;
  std::vector<std::string> ctx;
  // parity: chartutil.ValidateAgainstSingleSchema validates null values as {}.
  validator.validate(root, values.is_null() ? Value::new_map() : values, result, ctx, 0);
  std::string out;
  for (const std::string& e : result.errors) out += "- " + e + "\n";
  return out;
}

std::string go_type_of_values(const Value& v) { return std::string(value::go_type_name(v.kind())); }

}  // namespace

std::string schema_report(const SchemaCheck& check, SchemaDialect dialect) {
  std::string heading = check.chart + ":\n";
  if (dialect == SchemaDialect::Helm4 && !check.values.is_map() && !check.values.is_null()) {
    // parity: helm 4 ValidateAgainstSchema on a subchart section that is not a map.
    return heading + "invalid type for values: expected object (map), got " +
           go_type_of_values(check.values) + "\n";
  }
  try {
    Json root = JsonParser(check.schema_text).parse_document(dialect == SchemaDialect::Helm3);
    if (dialect == SchemaDialect::Helm4 && !root.is_object() && !root.is_bool()) {
      // parity: the metaschema check santhosh-tekuri runs when compiling.
      return heading +
             "\"file:///values.schema.json#\" is not valid against metaschema: jsonschema "
             "validation failed "
             "with 'https://json-schema.org/draft/2020-12/schema#'\n- at '': got " +
             type_name4(to_value(root)) + ", want boolean or object";
    }
    if (dialect == SchemaDialect::Helm3 && !root.is_object() && !root.is_bool())
      return heading + "schema is invalid";
    if (dialect == SchemaDialect::Helm4 && root.is_object()) {
      const Json* meta = root.find("$schema");
      static const char* kKnown[] = {"draft-04", "draft-06", "draft-07", "2019-09", "2020-12"};
      if (meta != nullptr && meta->is_string() &&
          std::none_of(std::begin(kKnown), std::end(kKnown),
                       [&](const char* k) { return meta->text.find(k) != std::string::npos; })) {
        // helm 4 would fetch an unknown metaschema over the network.
        throw Error("schema reference " + quote(meta->text) +
                    " is outside values.schema.json; primer does not fetch remote schemas");
      }
    }
    check_refs(root, root, dialect, 0);
    Value values = check.values.is_null() ? Value::new_map() : check.values;
    std::string errors =
        dialect == SchemaDialect::Helm4 ? report4(root, values) : report3(root, check.values);
    if (errors.empty()) return "";
    // parity: helm 4's JSONSchemaValidationError.Error appends a newline to the library's
    // text; helm 3 ends every "- …" line with one.
    return heading + errors;
  } catch (const Error& e) {
    // A schema that cannot be compiled: Helm prints the library's message with no newline.
    return heading + e.message();
  }
}

void validate_values(const std::vector<SchemaCheck>& checks, SchemaDialect dialect) {
  std::string report;
  for (const SchemaCheck& check : checks) report += schema_report(check, dialect);
  if (report.empty()) return;
  throw Error("values don't meet the specifications of the schema(s) in the following chart(s):\n" +
              report);
}

}  // namespace primer::charts
