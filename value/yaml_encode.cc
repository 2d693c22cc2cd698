// The YAML encoders behind Helm's toYaml and toYamlPretty. Both reproduce go-yaml's libyaml
// port (emitterc.go) for the events a Value produces: block mappings and sequences, `{}` and
// `[]` for empty ones, and scalars whose style go-yaml's encoder and emitter choose.
//   - toYaml is sigs.k8s.io/yaml.Marshal: encoding/json, then go-yaml v2 reads that JSON back
//     and writes it again (indent 2, width 80, sequences not indented inside mappings). The
//     JSON round trip is emulated on the value: numbers, invalid UTF-8, NEL, characters the
//     v2 reader refuses.
//   - toYamlPretty is go-yaml v3 on the value itself (indent 2, no width limit).
#include "value/value.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "base/error.h"
#include "base/utf8.h"
#include "value/detail/go_strconv.h"
#include "value/detail/yaml_emit.h"
#include "value/detail/yaml_emit_unicode.h"

namespace primer::value {
namespace detail {
namespace {

// ---- UTF-8 as Go reads it -----------------------------------------------------------------

struct Rune {
  char32_t r;
  int width;
};

// parity: utf8.DecodeRuneInString: an invalid or short sequence yields (U+FFFD, 1).
Rune decode_rune(std::string_view s, size_t i) {
  auto b = [&](size_t k) -> unsigned {
    return i + k < s.size() ? static_cast<uint8_t>(s[i + k]) : 0x100;
  };
  unsigned c0 = b(0);
  if (c0 < 0x80) return {c0, 1};
  auto cont = [&](size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
    unsigned c = b(k);
    return c >= lo && c <= hi;
  };
  if (c0 >= 0xC2 && c0 <= 0xDF) {
    if (cont(1)) return {((c0 & 0x1F) << 6) | (b(1) & 0x3F), 2};
  } else if (c0 >= 0xE0 && c0 <= 0xEF) {
    unsigned lo = c0 == 0xE0 ? 0xA0 : 0x80;
    unsigned hi = c0 == 0xED ? 0x9F : 0xBF;
    if (cont(1, lo, hi) && cont(2)) {
      return {((c0 & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F), 3};
    }
  } else if (c0 >= 0xF0 && c0 <= 0xF4) {
    unsigned lo = c0 == 0xF0 ? 0x90 : 0x80;
    unsigned hi = c0 == 0xF4 ? 0x8F : 0xBF;
    if (cont(1, lo, hi) && cont(2) && cont(3)) {
      return {((c0 & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F),
              4};
    }
  }
  return {kRuneError, 1};
}

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<uint8_t>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    Rune r = decode_rune(s, i);
    if (r.r == kRuneError && r.width == 1) return false;
    i += static_cast<size_t>(r.width);
  }
  return true;
}

bool in_ranges(char32_t r, std::span<const RuneRange> table) {
  auto it = std::upper_bound(table.begin(), table.end(), r,
                             [](char32_t x, const RuneRange& range) { return x < range.lo; });
  return it != table.begin() && r <= std::prev(it)->hi;
}

// parity: unicode.IsLetter / unicode.IsDigit.
bool is_letter(char32_t r) {
  if (r < 0x80) return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
  return in_ranges(r, kLetterRanges);
}
bool is_digit(char32_t r) {
  if (r < 0x80) return r >= '0' && r <= '9';
  return in_ranges(r, kDigitRanges);
}

// ---- mapping key order ----------------------------------------------------------------------

// A string seen as Go's []rune(s); ASCII strings are read in place.
class Runes {
 public:
  explicit Runes(std::string_view s) {
    bool ascii =
        std::all_of(s.begin(), s.end(), [](char c) { return static_cast<uint8_t>(c) < 0x80; });
    if (ascii) {
      ascii_ = s;
      is_ascii_ = true;
      size_ = s.size();
      return;
    }
    for (size_t i = 0; i < s.size();) {
      Rune r = decode_rune(s, i);
      wide_.push_back(r.r);
      i += static_cast<size_t>(r.width);
    }
    size_ = wide_.size();
  }
  size_t size() const { return size_; }
  char32_t operator[](size_t i) const {
    return is_ascii_ ? static_cast<uint8_t>(ascii_[i]) : wide_[i];
  }

 private:
  std::string_view ascii_;
  bool is_ascii_ = false;
  std::u32string wide_;
  size_t size_ = 0;
};

// Go's int64 arithmetic wraps; so does this.
int64_t digit_run_step(int64_t n, char32_t r) {
  uint64_t u = static_cast<uint64_t>(n) * 10u +
               static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(r) - '0'));
  return static_cast<int64_t>(u);
}

}  // namespace

// parity: go-yaml sorter.go keyList.Less, string keys. Letters compare by code point and sort
// after non-letters; runs of digits compare as numbers. v3 adds: after an equal digit, a
// letter sorts before a non-letter.
namespace {
bool key_less(const Runes& ar, const Runes& br, YamlDialect dialect) {
  bool digits = false;
  for (size_t i = 0; i < ar.size() && i < br.size(); ++i) {
    char32_t ca = ar[i];
    char32_t cb = br[i];
    if (ca == cb) {
      digits = is_digit(ca);
      continue;
    }
    bool al = is_letter(ca);
    bool bl = is_letter(cb);
    if (al && bl) return ca < cb;
    if (al || bl) return dialect == YamlDialect::V3 && digits ? al : bl;
    int64_t an = 0;
    int64_t bn = 0;
    if (ca == '0' || cb == '0') {
      // parity: the upstream quirk inspects only the first key's preceding digits.
      for (size_t j = i; j-- > 0 && is_digit(ar[j]);) {
        if (ar[j] != '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    size_t ai = i;
    for (; ai < ar.size() && is_digit(ar[ai]); ++ai) an = digit_run_step(an, ar[ai]);
    size_t bi = i;
    for (; bi < br.size() && is_digit(br[bi]); ++bi) bn = digit_run_step(bn, br[bi]);
    if (an != bn) return an < bn;
    if (ai != bi) return ai < bi;
    return ca < cb;
  }
  return ar.size() < br.size();
}
}  // namespace

bool yaml_key_less(std::string_view a, std::string_view b, YamlDialect dialect) {
  return key_less(Runes(a), Runes(b), dialect);
}

namespace {

// ---- plain scalar resolution (resolve.go) ---------------------------------------------------

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// parity: strconv's underscoreOK: underscores only between digits (or after a base prefix).
bool underscore_ok(std::string_view s) {
  char saw = '^';
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' &&
      (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    if (is_ascii_digit(s[i]) || (hex && lower(s[i]) >= 'a' && lower(s[i]) <= 'f')) {
      saw = '0';
      continue;
    }
    if (s[i] == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

// parity: strconv.ParseFloat(s, 64) == nil for decimal text (the only kind resolve passes it:
// text starting with '.', or text matching yamlStyleFloat). Overflow to ±Inf is an error.
bool parse_decimal_float_ok(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  bool underscores = false;
  bool sawdot = false;
  bool sawdigits = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '_') {
      underscores = true;
    } else if (c == '.') {
      if (sawdot) break;
      sawdot = true;
    } else if (is_ascii_digit(c)) {
      sawdigits = true;
    } else {
      break;
    }
  }
  if (!sawdigits) return false;
  if (i < s.size() && lower(s[i]) == 'e') {
    ++i;
    if (i >= s.size()) return false;
    if (s[i] == '+' || s[i] == '-') ++i;
    if (i >= s.size() || !is_ascii_digit(s[i])) return false;
    for (; i < s.size() && (is_ascii_digit(s[i]) || s[i] == '_'); ++i) {
      if (s[i] == '_') underscores = true;
    }
  }
  if (i != s.size()) return false;
  if (underscores && !underscore_ok(s)) return false;
  std::string plain;
  for (char c : s) {
    if (c != '_') plain += c;
  }
  double v = std::strtod(plain.c_str(), nullptr);
  return !std::isinf(v);
}

// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool matches_yaml_style_float(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && is_ascii_digit(s[i])) ++i;
    return i - start;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  } else {
    if (digits() == 0) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

// parity: encode.go isBase60Float: ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
bool is_base60_float(std::string_view s) {
  if (s.empty()) return false;
  char c = s[0];
  if (!(c == '+' || c == '-' || is_ascii_digit(c)) || s.find(':') == std::string_view::npos) {
    return false;
  }
  size_t i = 0;
  if (s[i] == '+' || s[i] == '-') ++i;
  if (i >= s.size() || !is_ascii_digit(s[i])) return false;
  ++i;
  while (i < s.size() && (is_ascii_digit(s[i]) || s[i] == '_')) ++i;
  int groups = 0;
  while (i < s.size() && s[i] == ':') {
    ++i;
    // [0-5]?[0-9]: one digit, or two with the first in 0-5.
    if (i + 1 < s.size() && s[i] >= '0' && s[i] <= '5' && is_ascii_digit(s[i + 1])) {
      i += 2;
    } else if (i < s.size() && is_ascii_digit(s[i])) {
      ++i;
    } else {
      return false;
    }
    ++groups;
  }
  if (groups == 0) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && (is_ascii_digit(s[i]) || s[i] == '_')) ++i;
  }
  return i == s.size();
}

// parity: time.Parse's getnum: one or two digits.
bool getnum(std::string_view& s, int* out) {
  if (s.empty() || !is_ascii_digit(s[0])) return false;
  if (s.size() < 2 || !is_ascii_digit(s[1])) {
    *out = s[0] - '0';
    s.remove_prefix(1);
    return true;
  }
  *out = (s[0] - '0') * 10 + (s[1] - '0');
  s.remove_prefix(2);
  return true;
}

bool days_ok(int year, int month, int day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int n = kDays[month - 1];
  if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) n = 29;
  return day >= 1 && day <= n;
}

// "2006-1-2" then `rest` of the layout: 0 = end, 'T'/'t' = "T15:4:5.999999999Z07:00",
// ' ' = " 15:4:5.999999999". parity: time.Parse with resolve.go's allowedTimestampFormats.
bool parse_time_layout(std::string_view v, char rest) {
  if (v.size() < 4) return false;
  int year = 0;
  for (int k = 0; k < 4; ++k) {
    if (!is_ascii_digit(v[k])) return false;
    year = year * 10 + (v[k] - '0');
  }
  v.remove_prefix(4);
  int month = 0;
  int day = 0;
  if (v.empty() || v[0] != '-') return false;
  v.remove_prefix(1);
  if (!getnum(v, &month) || month < 1 || month > 12) return false;
  if (v.empty() || v[0] != '-') return false;
  v.remove_prefix(1);
  if (!getnum(v, &day)) return false;
  if (rest != 0) {
    if (rest == ' ') {
      // A space in a Go layout matches any run of spaces (or none at the end).
      if (!v.empty() && v[0] != ' ') return false;
      while (!v.empty() && v[0] == ' ') v.remove_prefix(1);
    } else {
      if (v.empty() || v[0] != rest) return false;
      v.remove_prefix(1);
    }
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (!getnum(v, &hour) || hour > 23) return false;
    if (v.empty() || v[0] != ':') return false;
    v.remove_prefix(1);
    if (!getnum(v, &minute) || minute > 59) return false;
    if (v.empty() || v[0] != ':') return false;
    v.remove_prefix(1);
    if (!getnum(v, &second) || second > 59) return false;
    if (v.size() >= 2 && (v[0] == '.' || v[0] == ',') && is_ascii_digit(v[1])) {
      v.remove_prefix(1);
      while (!v.empty() && is_ascii_digit(v[0])) v.remove_prefix(1);
    }
    if (rest != ' ') {
      if (!v.empty() && v[0] == 'Z') {
        v.remove_prefix(1);
      } else {
        if (v.size() < 6 || v[3] != ':' || (v[0] != '+' && v[0] != '-')) return false;
        auto two = [](std::string_view d, int* out) {
          if (!is_ascii_digit(d[0]) || !is_ascii_digit(d[1])) return false;
          *out = (d[0] - '0') * 10 + (d[1] - '0');
          return true;
        };
        int hh = 0;
        int mm = 0;
        if (!two(v.substr(1, 2), &hh) || !two(v.substr(4, 2), &mm) || hh > 24 || mm > 60) {
          return false;
        }
        v.remove_prefix(6);
      }
    }
  }
  return v.empty() && days_ok(year, month, day);
}

// parity: resolve.go parseTimestamp.
bool is_timestamp(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && is_ascii_digit(s[i])) ++i;
  if (i != 4 || i == s.size() || s[i] != '-') return false;
  return parse_time_layout(s, 'T') || parse_time_layout(s, 't') || parse_time_layout(s, ' ') ||
         parse_time_layout(s, 0);
}

bool in_resolve_map(std::string_view s) {
  static constexpr std::string_view kWords[] = {
      "y",    "Y",    "yes",  "Yes",   "YES",   "true",  "True",  "TRUE",  "on",    "On",
      "ON",   "n",    "N",    "no",    "No",    "NO",    "false", "False", "FALSE", "off",
      "Off",  "OFF",  "",     "~",     "null",  "Null",  "NULL",  ".nan",  ".NaN",  ".NAN",
      ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"};
  return std::find(std::begin(kWords), std::end(kWords), s) != std::end(kWords);
}

// parity: resolve("", s) != strTag, for the dialect's resolver (v3 only knows true/false as
// bools but its encoder quotes the old YAML 1.1 words too, so the word list is shared).
bool resolves_non_string(std::string_view in, YamlDialect dialect) {
  char hint = 'N';
  if (!in.empty()) {
    char c = in[0];
    if (c == '+' || c == '-') {
      hint = 'S';
    } else if (is_ascii_digit(c)) {
      hint = 'D';
    } else if (std::string_view("yYnNtTfFoO~").find(c) != std::string_view::npos) {
      hint = 'M';
    } else if (c == '.') {
      hint = '.';
    } else {
      return false;
    }
  }
  if (in_resolve_map(in)) return true;
  if (hint == '.') return parse_decimal_float_ok(in);
  if (hint != 'D' && hint != 'S') return false;
  if (is_timestamp(in)) return true;
  std::string plain;
  plain.reserve(in.size());
  for (char c : in) {
    if (c != '_') plain += c;
  }
  std::string_view p = plain;
  if (go_parse_int(p, 0) == ParseStatus::Ok || go_parse_uint(p, 0) == ParseStatus::Ok) {
    return true;
  }
  if (matches_yaml_style_float(p) && parse_decimal_float_ok(p)) return true;
  auto prefixed = [&](char base_letter, int base) {
    std::string_view pos_prefix = base_letter == 'b' ? "0b" : "0o";
    std::string_view neg_prefix = base_letter == 'b' ? "-0b" : "-0o";
    if (p.starts_with(pos_prefix)) {
      std::string_view digits = p.substr(2);
      return go_parse_int(digits, base) == ParseStatus::Ok ||
             go_parse_uint(digits, base) == ParseStatus::Ok;
    }
    if (p.starts_with(neg_prefix)) {
      return go_parse_int("-" + std::string(p.substr(3)), base) == ParseStatus::Ok;
    }
    return false;
  };
  if (prefixed('b', 2)) return true;
  if (dialect == YamlDialect::V3 && prefixed('o', 8)) return true;
  return false;
}

}  // namespace

bool yaml_plain_is_ambiguous(std::string_view s, YamlDialect dialect) {
  return resolves_non_string(s, dialect) || is_base60_float(s);
}

namespace {

// ---- scalar analysis (emitterc.go yaml_emitter_analyze_scalar) ------------------------------

inline uint8_t at(std::string_view s, size_t i) {
  return i < s.size() ? static_cast<uint8_t>(s[i]) : 0;
}

int width(uint8_t b) {
  if ((b & 0x80) == 0) return 1;
  if ((b & 0xE0) == 0xC0) return 2;
  if ((b & 0xF0) == 0xE0) return 3;
  if ((b & 0xF8) == 0xF0) return 4;
  return 1;  // unreachable for valid UTF-8; avoids looping forever
}

// parity: yamlprivateh.go is_printable: go-yaml's printable set ends at U+FFFD.
inline bool is_printable(std::string_view s, size_t i) {
  uint8_t b = at(s, i);
  if (b < 0x80) return b == 0x0A || (b >= 0x20 && b <= 0x7E);
  uint8_t b1 = at(s, i + 1);
  uint8_t b2 = at(s, i + 2);
  return (b == 0xC2 && b1 >= 0xA0) ||
         (b > 0xC2 && b < 0xED) || (b == 0xED && b1 < 0xA0) || b == 0xEE ||
         (b == 0xEF && !(b1 == 0xBB && b2 == 0xBF) && !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)));
}

bool is_space(std::string_view s, size_t i) { return at(s, i) == ' '; }
inline bool is_break(std::string_view s, size_t i) {
  uint8_t b = at(s, i);
  if (b < 0x80) return b == '\r' || b == '\n';
  return (b == 0xC2 && at(s, i + 1) == 0x85) ||
         (b == 0xE2 && at(s, i + 1) == 0x80 && (at(s, i + 2) == 0xA8 || at(s, i + 2) == 0xA9));
}
bool is_blank(std::string_view s, size_t i) { return at(s, i) == ' ' || at(s, i) == '\t'; }
// at() reads past the end as NUL, which is_blankz counts, as upstream does.
bool is_blankz(std::string_view s, size_t i) {
  return is_blank(s, i) || is_break(s, i) || at(s, i) == 0;
}

struct Analysis {
  bool multiline = false;
  bool block_plain_allowed = true;
  bool single_quoted_allowed = true;
  bool block_allowed = true;
};

Analysis analyze_scalar(std::string_view v, YamlDialect dialect) {
  Analysis a;
  if (v.empty()) {
    a.block_allowed = false;
    return a;
  }
  bool block_indicators = false;
  bool line_breaks = false;
  bool special_characters = false;
  bool tab_characters = false;
  bool leading_space = false;
  bool leading_break = false;
  bool trailing_space = false;
  bool trailing_break = false;
  bool break_space = false;
  bool space_break = false;
  bool previous_space = false;
  bool previous_break = false;
  if (v.starts_with("---") || v.starts_with("...")) block_indicators = true;
  bool preceded_by_whitespace = true;
  for (size_t i = 0; i < v.size();) {
    size_t w = static_cast<size_t>(width(at(v, i)));
    bool followed_by_whitespace = i + w >= v.size() || is_blank(v, i + w);
    char c = v[i];
    if (i == 0) {
      if (std::string_view("#,[]{}&*!|>'\"%@`").find(c) != std::string_view::npos) {
        block_indicators = true;
      } else if ((c == '?' || c == ':' || c == '-') && followed_by_whitespace) {
        block_indicators = true;
      }
    } else {
      if (c == ':' && followed_by_whitespace) block_indicators = true;
      if (c == '#' && preceded_by_whitespace) block_indicators = true;
    }
    if (dialect == YamlDialect::V3 && c == '\t') {
      tab_characters = true;
    } else if (!is_printable(v, i)) {
      special_characters = true;
    }
    if (is_space(v, i)) {
      if (i == 0) leading_space = true;
      if (i + w == v.size()) trailing_space = true;
      if (previous_break) break_space = true;
      previous_space = true;
      previous_break = false;
    } else if (is_break(v, i)) {
      line_breaks = true;
      if (i == 0) leading_break = true;
      if (i + w == v.size()) trailing_break = true;
      if (previous_space) space_break = true;
      previous_space = false;
      previous_break = true;
    } else {
      previous_space = false;
      previous_break = false;
    }
    preceded_by_whitespace = is_blankz(v, i);
    i += w;
  }
  a.multiline = line_breaks;
  if (leading_space || leading_break || trailing_space || trailing_break)
    a.block_plain_allowed = false;
  if (trailing_space) a.block_allowed = false;
  if (break_space) {
    a.block_plain_allowed = false;
    a.single_quoted_allowed = false;
  }
  if (space_break || tab_characters || special_characters) {
    a.block_plain_allowed = false;
    a.single_quoted_allowed = false;
  }
  if (space_break || special_characters) a.block_allowed = false;
  if (line_breaks) a.block_plain_allowed = false;
  if (block_indicators) a.block_plain_allowed = false;
  return a;
}

// ---- the emitter ----------------------------------------------------------------------------

enum class Style { Plain, SingleQuoted, DoubleQuoted, Literal };

// Where a node sits, as emit_node's flags and the state on top of the emitter's stack say.
struct Context {
  bool sequence_item = false;  // v3's increase_indent looks at this
  bool mapping = false;
  bool simple_key = false;
};

struct Scalar {
  std::string_view value;
  Style style = Style::Plain;  // what go-yaml's encoder asks for
  std::string_view tag;        // "!!binary" or empty (implicit)
};

// parity: write_double_quoted_scalar's one-letter escapes.
char short_escape(char32_t r) {
  static constexpr std::pair<char32_t, char> kEscapes[] = {
      {0x00, '0'},  {0x07, 'a'}, {0x08, 'b'}, {0x09, 't'},   {0x0A, 'n'},
      {0x0B, 'v'},  {0x0C, 'f'}, {0x0D, 'r'}, {0x1B, 'e'},   {0x22, '"'},
      {0x5C, '\\'}, {0x85, 'N'}, {0xA0, '_'}, {0x2028, 'L'}, {0x2029, 'P'}};
  for (const auto& [rune, letter] : kEscapes) {
    if (rune == r) return letter;
  }
  return 0;
}

Scalar plain_scalar(std::string_view v) { return Scalar{v, Style::Plain, {}}; }

std::string base64_lines(std::string_view s);

class Emitter {
 public:
  explicit Emitter(YamlDialect dialect)
      : dialect_(dialect),
        best_width_(dialect == YamlDialect::V2 ? 80 : std::numeric_limits<int64_t>::max()) {}

  void begin() { out_.reserve(4096); }

  std::string finish() {
    write_indent();  // document end
    if (!out_.empty() && out_.back() == '\n') out_.pop_back();
    return std::move(out_);
  }

  void flow_empty(char open, char close) {
    write_indicator(std::string_view(&open, 1), true, true, false);
    write_indicator(std::string_view(&close, 1), false, false, false);
  }

  void sequence_start(const Context& ctx) {
    bool indentless = dialect_ == YamlDialect::V2 && ctx.mapping && !indention_;
    increase_indent(false, indentless, ctx.sequence_item);
  }
  void sequence_item() {
    write_indent();
    write_indicator("-", true, false, true);
  }
  void mapping_start(const Context& ctx) { increase_indent(false, false, ctx.sequence_item); }
  void collection_end() { pop_indent(); }

  // Writes a key, then the ':' indicator; the value follows.
  void key(const Scalar& k) {
    write_indent();
    Analysis a = analyze_scalar(k.value, dialect_);
    size_t length = k.value.size() + (k.tag.empty() ? 0 : k.tag.size());
    if (!a.multiline && length <= 128) {
      scalar(k, a, Context{.mapping = true, .simple_key = true});
      write_indicator(":", false, false, false);
    } else {
      write_indicator("?", true, false, true);
      scalar(k, a, Context{.mapping = true});
      write_indent();
      write_indicator(":", true, false, true);
    }
  }

  void scalar(const Scalar& s, const Context& ctx) {
    scalar(s, analyze_scalar(s.value, dialect_), ctx);
  }

 private:
  // parity: yaml_emitter_select_scalar_style, then emit_scalar's tag, indent and writer.
  void scalar(const Scalar& s, const Analysis& a, const Context& ctx) {
    Style style = s.style;
    if (ctx.simple_key && a.multiline) style = Style::DoubleQuoted;
    if (style == Style::Plain) {
      if (!a.block_plain_allowed) style = Style::SingleQuoted;
      if (s.value.empty() && ctx.simple_key) style = Style::SingleQuoted;
    }
    if (style == Style::SingleQuoted && !a.single_quoted_allowed) style = Style::DoubleQuoted;
    if (style == Style::Literal && (!a.block_allowed || ctx.simple_key))
      style = Style::DoubleQuoted;
    if (!s.tag.empty()) {
      if (!whitespace_) put(' ');
      out_.append(s.tag);
      column_ += static_cast<int64_t>(s.tag.size());
      whitespace_ = false;
      indention_ = false;
    }
    increase_indent(true, false, ctx.sequence_item);
    bool allow_breaks = !ctx.simple_key;
    switch (style) {
      case Style::Plain:
        write_plain(s.value, allow_breaks);
        break;
      case Style::SingleQuoted:
        write_single_quoted(s.value, allow_breaks);
        break;
      case Style::DoubleQuoted:
        write_double_quoted(s.value, allow_breaks);
        break;
      case Style::Literal:
        write_literal(s.value);
        break;
    }
    pop_indent();
  }

  void put(char c) {
    out_ += c;
    ++column_;
  }
  void put_break() {
    out_ += '\n';
    column_ = 0;
    indention_ = true;
  }
  void write(std::string_view s, size_t& i) {
    if (static_cast<uint8_t>(s[i]) < 0x80) {
      out_ += s[i++];
      ++column_;
      return;
    }
    size_t w = std::min(static_cast<size_t>(width(at(s, i))), s.size() - i);
    out_.append(s.substr(i, w));
    ++column_;
    i += w;
  }
  void write_break(std::string_view s, size_t& i) {
    if (s[i] == '\n') {
      put_break();
      ++i;
    } else {
      write(s, i);
      column_ = 0;
      indention_ = true;
    }
  }

  void increase_indent(bool flow, bool indentless, bool sequence_item) {
    indents_.push_back(indent_);
    if (indent_ < 0) {
      indent_ = flow ? kBestIndent : 0;
    } else if (!indentless) {
      if (dialect_ == YamlDialect::V3 && !sequence_item) {
        indent_ = kBestIndent * ((indent_ + kBestIndent) / kBestIndent);
      } else {
        indent_ += kBestIndent;
      }
    }
  }
  void pop_indent() {
    indent_ = indents_.back();
    indents_.pop_back();
  }

  void write_indent() {
    int64_t indent = std::max(indent_, 0);
    if (!indention_ || column_ > indent || (column_ == indent && !whitespace_)) put_break();
    while (column_ < indent) put(' ');
    whitespace_ = true;
    indention_ = true;
  }

  void write_indicator(std::string_view indicator, bool need_whitespace, bool is_whitespace,
                       bool is_indention) {
    if (need_whitespace && !whitespace_) put(' ');
    for (size_t i = 0; i < indicator.size();) write(indicator, i);
    whitespace_ = is_whitespace;
    indention_ = indention_ && is_indention;
  }

  // parity: write_plain_scalar. A space past the width becomes a line break, unless the
  // next character is a space too.
  void write_plain(std::string_view v, bool allow_breaks) {
    if (!whitespace_ && (dialect_ == YamlDialect::V2 || !v.empty())) put(' ');
    bool spaces = false;
    bool breaks = false;
    for (size_t i = 0; i < v.size();) {
      if (is_space(v, i)) {
        if (allow_breaks && !spaces && column_ > best_width_ && !is_space(v, i + 1)) {
          write_indent();
          ++i;
        } else {
          write(v, i);
        }
        spaces = true;
      } else if (is_break(v, i)) {
        if (!breaks && v[i] == '\n') put_break();
        write_break(v, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) write_indent();
        write(v, i);
        indention_ = false;
        spaces = false;
        breaks = false;
      }
    }
    if (dialect_ == YamlDialect::V2 || !v.empty()) whitespace_ = false;
    indention_ = false;
  }

  void write_single_quoted(std::string_view v, bool allow_breaks) {
    write_indicator("'", true, false, false);
    bool spaces = false;
    bool breaks = false;
    for (size_t i = 0; i < v.size();) {
      if (is_space(v, i)) {
        if (allow_breaks && !spaces && column_ > best_width_ && i > 0 && i + 1 < v.size() &&
            !is_space(v, i + 1)) {
          write_indent();
          ++i;
        } else {
          write(v, i);
        }
        spaces = true;
      } else if (is_break(v, i)) {
        if (!breaks && v[i] == '\n') put_break();
        write_break(v, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) write_indent();
        if (v[i] == '\'') put('\'');
        write(v, i);
        indention_ = false;
        spaces = false;
        breaks = false;
      }
    }
    write_indicator("'", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void put_hex(char32_t r, int digits) {
    for (int k = (digits - 1) * 4; k >= 0; k -= 4) {
      unsigned d = (r >> k) & 0xF;
      put(static_cast<char>(d < 10 ? '0' + d : 'A' + d - 10));
    }
  }

  void write_double_quoted(std::string_view v, bool allow_breaks) {
    write_indicator("\"", true, false, false);
    // parity: is_bom(value, i) tests the first bytes of the whole value, so a value that
    // starts with a BOM has every character escaped.
    bool starts_with_bom = v.starts_with("\xEF\xBB\xBF");
    bool spaces = false;
    for (size_t i = 0; i < v.size();) {
      uint8_t c = at(v, i);
      if (!is_printable(v, i) || starts_with_bom || is_break(v, i) || c == '"' || c == '\\') {
        Rune r = decode_rune(v, i);
        i += static_cast<size_t>(r.width);
        put('\\');
        if (char e = short_escape(r.r); e != 0) {
          put(e);
        } else if (r.r <= 0xFF) {
          put('x');
          put_hex(r.r, 2);
        } else if (r.r <= 0xFFFF) {
          put('u');
          put_hex(r.r, 4);
        } else {
          put('U');
          put_hex(r.r, 8);
        }
        spaces = false;
      } else if (is_space(v, i)) {
        if (allow_breaks && !spaces && column_ > best_width_ && i > 0 && i + 1 < v.size()) {
          write_indent();
          if (is_space(v, i + 1)) put('\\');
          ++i;
        } else {
          write(v, i);
        }
        spaces = true;
      } else {
        write(v, i);
        spaces = false;
      }
    }
    write_indicator("\"", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  // parity: yaml_emitter_write_block_scalar_hints + write_literal_scalar.
  void write_literal(std::string_view v) {
    write_indicator("|", true, false, false);
    if (is_space(v, 0) || is_break(v, 0)) {
      char hint = static_cast<char>('0' + kBestIndent);
      write_indicator(std::string_view(&hint, 1), false, false, false);
    }
    char chomp = 0;
    if (v.empty()) {
      chomp = '-';
    } else {
      size_t i = v.size() - 1;
      while (i > 0 && (at(v, i) & 0xC0) == 0x80) --i;
      if (!is_break(v, i)) {
        chomp = '-';
      } else if (i == 0) {
        chomp = '+';
      } else {
        --i;
        while (i > 0 && (at(v, i) & 0xC0) == 0x80) --i;
        if (is_break(v, i)) chomp = '+';
      }
    }
    if (chomp != 0) write_indicator(std::string_view(&chomp, 1), false, false, false);
    put_break();
    indention_ = true;
    whitespace_ = true;
    bool breaks = true;
    for (size_t i = 0; i < v.size();) {
      if (is_break(v, i)) {
        write_break(v, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) write_indent();
        write(v, i);
        indention_ = false;
        breaks = false;
      }
    }
  }

  static constexpr int kBestIndent = 2;

  YamlDialect dialect_;
  int64_t best_width_;
  std::string out_;
  int64_t column_ = 0;
  int indent_ = -1;
  std::vector<int> indents_;
  bool whitespace_ = true;
  bool indention_ = true;
};

// parity: resolve.go encodeBase64: 70-character lines, each ended by '\n' when there are two
// or more lines (len/70+1 > 1).
std::string base64_lines(std::string_view s) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string enc;
  size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    uint32_t n = (uint32_t{static_cast<uint8_t>(s[i])} << 16) |
                 (uint32_t{static_cast<uint8_t>(s[i + 1])} << 8) | static_cast<uint8_t>(s[i + 2]);
    enc += kAlphabet[(n >> 18) & 63];
    enc += kAlphabet[(n >> 12) & 63];
    enc += kAlphabet[(n >> 6) & 63];
    enc += kAlphabet[n & 63];
  }
  if (i < s.size()) {
    uint32_t n = uint32_t{static_cast<uint8_t>(s[i])} << 16;
    if (i + 1 < s.size()) n |= uint32_t{static_cast<uint8_t>(s[i + 1])} << 8;
    enc += kAlphabet[(n >> 18) & 63];
    enc += kAlphabet[(n >> 12) & 63];
    enc += i + 1 < s.size() ? kAlphabet[(n >> 6) & 63] : '=';
    enc += '=';
  }
  constexpr size_t kLine = 70;
  size_t lines = enc.size() / kLine + 1;
  if (lines <= 1) return enc;
  std::string out;
  for (size_t k = 0; k < enc.size(); k += kLine) {
    out.append(enc, k, kLine);
    out += '\n';
  }
  return out;
}

// ---- the encoding/json round trip of toYaml -------------------------------------------------

[[noreturn]] void json_error(std::string_view what) {
  throw Error("error marshaling into JSON: json: unsupported value: " + std::string(what));
}

// parity: encoding/json fails on NaN/Inf and on cycles, walking maps in sorted key order.
// Past kMaxDepth open containers Go looks for the container met again and names its type;
// deeper trees without a cycle fail here too (the emitter would recurse that deep).
void check_json(const Value& v, std::vector<const Value*>& path) {
  switch (v.kind()) {
    case Kind::Float: {
      double f = v.as_float();
      if (std::isnan(f)) json_error("NaN");
      if (std::isinf(f)) json_error(f > 0 ? "+Inf" : "-Inf");
      return;
    }
    case Kind::List:
    case Kind::Map:
      break;
    case Kind::Opaque:
      check_json(v.plain(), path);
      return;
    default:
      return;
  }
  if (path.size() > static_cast<size_t>(kMaxDepth)) {
    for (const Value* open : path) {
      if (open->same_object(v)) {
        json_error("encountered a cycle via " + std::string(go_type_name(v.kind())));
      }
    }
    throw Error("yaml: value nested deeper than " + std::to_string(kMaxDepth) +
                " levels (a cycle?)");
  }
  path.push_back(&v);
  if (v.is_list()) {
    for (const Value& e : v.as_list()) check_json(e, path);
  } else {
    for (const auto& [k, e] : v.as_map()) check_json(e, path);
  }
  path.pop_back();
}

// How many characters encoding/json writes for a rune (HTML escaping on).
int json_rune_length(Rune r) {
  if (r.r == kRuneError && r.width == 1) return 6;  // \ufffd
  switch (r.r) {
    case '"':
    case '\\':
    case '\n':
    case '\r':
    case '\t':
    case '\b':
    case '\f':
      return 2;
    case '<':
    case '>':
    case '&':
    case 0x2028:
    case 0x2029:
      return 6;
    default:
      return r.r < 0x20 ? 6 : 1;
  }
}

constexpr char32_t kNel = 0x85;

// parity: go-yaml v2's reader accepts only these characters in its input (readerc.go);
// encoding/json escapes everything below 0x20 and U+2028/U+2029, so the rest arrive raw.
bool reader_allows(char32_t r) {
  return r < 0x7F || r == kNel || (r >= 0xA0 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) ||
         (r >= 0x10000 && r <= 0x10FFFF);
}

// The string go-yaml v2 reads back from encoding/json's text of `s`: invalid UTF-8 became
// U+FFFD, and raw NEL line breaks are folded like any break in a double-quoted scalar.
// Throws Error where the reader or parser fails (Helm's toYaml then prints "").
std::string_view json_round_trip(std::string_view s, bool is_key, std::string& scratch) {
  bool plain_ascii =
      std::all_of(s.begin(), s.end(), [](char c) { return static_cast<uint8_t>(c) < 0x7F; });
  if (plain_ascii && !is_key) return s;
  size_t json_length = 2;
  int nels = 0;
  bool changed = false;
  for (size_t i = 0; i < s.size();) {
    Rune r = decode_rune(s, i);
    if (!reader_allows(r.r)) throw Error("yaml: control characters are not allowed");
    if (r.r == kNel) ++nels;
    if (r.r == kRuneError && r.width == 1) changed = true;
    if (is_key) json_length += static_cast<size_t>(json_rune_length(r));
    i += static_cast<size_t>(r.width);
  }
  if (is_key && nels > 0) {
    throw Error("yaml: line " + std::to_string(nels) + ": did not find expected ',' or '}'");
  }
  // parity: a flow simple key must end within 1024 characters of its start
  // (yaml_simple_key_is_valid); a longer JSON key fails to parse.
  if (is_key && json_length > 1024) throw Error("yaml: did not find expected ',' or '}'");
  if (!changed && nels == 0) return s;

  std::string fixed;
  fixed.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    Rune r = decode_rune(s, i);
    append_rune(fixed, r.r);
    i += static_cast<size_t>(r.width);
  }
  if (nels == 0) {
    scratch = std::move(fixed);
    return scratch;
  }
  // parity: yaml_parser_scan_flow_scalar. Runs of raw spaces and NELs: spaces before the
  // first break are dropped, spaces after a break skipped; one break folds to a space, more
  // breaks keep all but the first as '\n'. A line starting with "---"/"..." plus a blank
  // ends the document: an error.
  scratch.clear();
  std::string_view f = fixed;
  int line = 1;
  auto nel_at = [&](size_t i) { return i + 1 < f.size() && f[i] == '\xC2' && f[i + 1] == '\x85'; };
  for (size_t i = 0; i < f.size();) {
    if (f[i] != ' ' && !nel_at(i)) {
      scratch += f[i++];
      continue;
    }
    std::string whitespaces;
    bool leading_blanks = false;
    std::string trailing_breaks;
    while (i < f.size() && (f[i] == ' ' || nel_at(i))) {
      if (f[i] == ' ') {
        if (!leading_blanks) whitespaces += ' ';
        ++i;
      } else {
        ++line;
        if (!leading_blanks) {
          whitespaces.clear();
          leading_blanks = true;
        } else {
          trailing_breaks += '\n';
        }
        i += 2;
      }
    }
    if (leading_blanks) {
      scratch += trailing_breaks.empty() ? std::string(" ") : trailing_breaks;
      bool at_line_start = f[i - 1] == '\x85';
      std::string_view next = f.substr(i);
      if (at_line_start && (next.starts_with("---") || next.starts_with("...")) &&
          (next.size() > 3 &&
           (next[3] == ' ' || (next.size() > 4 && next[3] == '\xC2' && next[4] == '\x85')))) {
        throw Error("yaml: line " + std::to_string(line) + ": found unexpected document indicator");
      }
    } else {
      scratch += whitespaces;
    }
  }
  return scratch;
}

// parity: encoding/json writes a float64 as 'f' text in [1e-6, 1e21) (else 'e'), which
// go-yaml v2 reads back as int, uint64 or float64 and writes as such.
std::string v2_float_text(double f) {
  double a = std::fabs(f);
  if ((a == 0 || (a >= 1e-6 && a < 1e21)) && std::trunc(f) == f) {
    std::string t = format_float(f, 'f', -1);
    std::string_view digits = t;
    bool neg = digits.starts_with('-');
    if (neg) digits.remove_prefix(1);
    uint64_t u = 0;
    if (go_parse_uint(digits, 10, &u) == ParseStatus::Ok) {
      uint64_t limit = uint64_t{1} << 63;
      if (neg && u <= limit) return u == 0 ? "0" : "-" + std::string(digits);
      if (!neg) return std::string(digits);  // int64 or uint64
    }
  }
  return format_float(f, 'g', -1);
}

std::string v3_float_text(double f) {
  if (std::isnan(f)) return ".nan";
  if (std::isinf(f)) return f > 0 ? ".inf" : "-.inf";
  return format_float(f, 'g', -1);
}

// Walks a Value and drives the emitter as go-yaml's encoder (encode.go) would.
class Encoder {
 public:
  explicit Encoder(YamlDialect dialect) : dialect_(dialect), emitter_(dialect) {}

  std::string run(const Value& v) {
    emitter_.begin();
    node(v, Context{}, 0);
    return emitter_.finish();
  }

 private:
  void node(const Value& v, const Context& ctx, int depth) {
    if (depth > kMaxDepth) {
      throw Error("yaml: value nested deeper than " + std::to_string(kMaxDepth) +
                  " levels (a cycle?)");
    }
    switch (v.kind()) {
      case Kind::Null:
        emitter_.scalar(plain_scalar("null"), ctx);
        break;
      case Kind::Bool:
        emitter_.scalar(plain_scalar(v.as_bool() ? "true" : "false"), ctx);
        break;
      case Kind::Int: {
        std::string t = std::to_string(v.as_int());
        emitter_.scalar(plain_scalar(t), ctx);
        break;
      }
      case Kind::Float: {
        std::string t =
            dialect_ == YamlDialect::V2 ? v2_float_text(v.as_float()) : v3_float_text(v.as_float());
        emitter_.scalar(plain_scalar(t), ctx);
        break;
      }
      case Kind::String:
        string_scalar(v.as_string(), ctx);
        break;
      case Kind::Opaque:
        node(v.plain(), ctx, depth + 1);
        break;
      case Kind::List: {
        const List& list = v.as_list();
        if (list.empty()) {
          emitter_.flow_empty('[', ']');
          break;
        }
        emitter_.sequence_start(ctx);
        for (const Value& e : list) {
          emitter_.sequence_item();
          node(e, Context{.sequence_item = true}, depth + 1);
        }
        emitter_.collection_end();
        break;
      }
      case Kind::Map: {
        const Map& map = v.as_map();
        if (map.empty()) {
          emitter_.flow_empty('{', '}');
          break;
        }
        struct Entry {
          std::string_view key;
          const Value* value;
          Runes runes;
        };
        std::vector<std::string> owned;
        owned.reserve(map.size());  // views below point into it: no reallocation
        std::vector<Entry> entries;
        entries.reserve(map.size());
        for (const auto& [k, e] : map) {
          std::string_view key = k;
          if (dialect_ == YamlDialect::V2) {
            std::string scratch;
            key = json_round_trip(k, true, scratch);
            if (key.data() == scratch.data()) {
              owned.push_back(std::move(scratch));
              key = owned.back();
            }
          }
          entries.push_back({key, &e, Runes(key)});
        }
        std::stable_sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
          return key_less(a.runes, b.runes, dialect_);
        });
        emitter_.mapping_start(ctx);
        for (const Entry& entry : entries) {
          std::string binary;
          emitter_.key(string_event(entry.key, binary));
          node(*entry.value, Context{.mapping = true}, depth + 1);
        }
        emitter_.collection_end();
        break;
      }
    }
  }

  // parity: encode.go stringv: literal when there is a '\n', plain unless the text would
  // resolve to something else, double-quoted otherwise. v3 writes invalid UTF-8 as !!binary.
  // (toYaml's strings are valid UTF-8 after the JSON round trip.)
  Scalar string_event(std::string_view s, std::string& storage) {
    Scalar out = plain_scalar(s);
    if (dialect_ == YamlDialect::V3 && !valid_utf8(s)) {
      storage = base64_lines(s);
      out.value = storage;
      out.tag = "!!binary";
      out.style = storage.find('\n') != std::string::npos ? Style::Literal : Style::Plain;
      return out;
    }
    if (s.find('\n') != std::string_view::npos) {
      out.style = Style::Literal;
    } else if (!yaml_plain_is_ambiguous(s, dialect_)) {
      out.style = Style::Plain;
    } else {
      out.style = Style::DoubleQuoted;
    }
    return out;
  }

  void string_scalar(std::string_view s, const Context& ctx) {
    std::string scratch;
    std::string binary;
    if (dialect_ == YamlDialect::V2) s = json_round_trip(s, false, scratch);
    emitter_.scalar(string_event(s, binary), ctx);
  }

  YamlDialect dialect_;
  Emitter emitter_;
};

}  // namespace
}  // namespace detail

std::string to_yaml(const Value& v) {
  std::vector<const Value*> path;
  detail::check_json(v, path);
  return detail::Encoder(detail::YamlDialect::V2).run(v);
}

std::string to_yaml_pretty(const Value& v) {
  return detail::Encoder(detail::YamlDialect::V3).run(v);
}

}  // namespace primer::value
