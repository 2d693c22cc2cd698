// The JSON codec: a decoder with encoding/json's syntax checks, error texts and
// decoding rules (Unmarshal into interface{}), and encoders that print what
// json.Marshal, an Encoder with SetEscapeHTML(false), and json.MarshalIndent print.
#include "value/value.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "base/error.h"
#include "base/utf8.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace primer::value {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// Length of the well-formed UTF-8 sequence at p (at most n bytes), 0 when the first
// byte does not start one. parity: utf8.DecodeRune, which then yields (RuneError, 1).
size_t utf8_sequence_length(const unsigned char* p, size_t n) {
  unsigned char c = p[0];
  auto cont = [&](size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return i < n && p[i] >= lo && p[i] <= hi;
  };
  if (c < 0x80) return 1;
  if (c < 0xC2) return 0;
  if (c < 0xE0) return cont(1) ? 2 : 0;
  if (c < 0xF0) {
    unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
    unsigned char hi = c == 0xED ? 0x9F : 0xBF;  // no UTF-16 surrogates
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c < 0xF5) {
    unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// ---- string scanning --------------------------------------------------------------------

// Which bytes are "plain" inside a JSON string, copied as they are by both the decoder and
// the encoder: not a control character, quote, backslash or non-ASCII byte (which must be
// checked for UTF-8), and with HTML escaping not < > & either.
constexpr std::array<bool, 256> make_plain_table(bool escape_html) {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x80; ++c) t[c] = true;
  t['"'] = t['\\'] = false;
  if (escape_html) t['<'] = t['>'] = t['&'] = false;
  return t;
}
constexpr auto kPlainHtml = make_plain_table(true);
constexpr auto kPlainRaw = make_plain_table(false);

// The index of the first byte from i on that is not plain, or n. Most strings in charts
// and API objects are short and plain, so this is the encoder's and decoder's inner loop.
size_t plain_end(const unsigned char* p, size_t i, size_t n, bool escape_html) {
#if defined(__SSE2__)
  // 16 bytes at a time; a signed compare with 0x20 catches controls and non-ASCII at once.
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i lt = _mm_set1_epi8('<');
  const __m128i gt = _mm_set1_epi8('>');
  const __m128i amp = _mm_set1_epi8('&');
  while (n - i >= 16) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    __m128i bad =
        _mm_or_si128(_mm_cmplt_epi8(x, space),
                     _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)));
    if (escape_html) {
      bad = _mm_or_si128(bad,
                         _mm_or_si128(_mm_cmpeq_epi8(x, amp),
                                      _mm_or_si128(_mm_cmpeq_epi8(x, lt), _mm_cmpeq_epi8(x, gt))));
    }
    if (unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(bad))) {
      return i + static_cast<size_t>(std::countr_zero(mask));
    }
    i += 16;
  }
#endif
  const auto& plain = escape_html ? kPlainHtml : kPlainRaw;
  while (i < n && plain[p[i]]) ++i;
  return i;
}

// ---- encoding ---------------------------------------------------------------------------

constexpr int kMaxEncodeDepth = 2 * kMaxDepth;

// A growing byte buffer: appends cost one capacity check, which std::string's do not
// quite manage, and encoding is mostly small appends.
class Output {
 public:
  Output() { buf_.resize(256); }
  Output& operator+=(char c) {
    if (len_ == buf_.size()) grow(1);
    buf_[len_++] = c;
    return *this;
  }
  Output& operator+=(std::string_view s) {
    append(s.data(), s.size());
    return *this;
  }
  void append(const char* p, size_t n) {
    if (buf_.size() - len_ < n) grow(n);
    std::memcpy(buf_.data() + len_, p, n);
    len_ += n;
  }
  // Room for n more bytes, to be written at once.
  char* extend(size_t n) {
    if (buf_.size() - len_ < n) grow(n);
    char* at = buf_.data() + len_;
    len_ += n;
    return at;
  }
  void append_fill(size_t n, char c) {
    if (buf_.size() - len_ < n) grow(n);
    std::memset(buf_.data() + len_, c, n);
    len_ += n;
  }
  std::string take() && {
    buf_.resize(len_);
    return std::move(buf_);
  }

 private:
  [[gnu::noinline]] void grow(size_t n) { buf_.resize(std::max(2 * buf_.size(), len_ + n)); }
  std::string buf_;
  size_t len_ = 0;
};

class Encoder {
 public:
  Encoder(Output& out, bool escape_html, bool indent)
      : out_(out), escape_html_(escape_html), indent_(indent) {}

  void value(const Value& v) {
    switch (v.kind()) {
      case Kind::Null:
        out_ += "null";
        return;
      case Kind::Bool:
        out_ += v.as_bool() ? "true" : "false";
        return;
      case Kind::Int:
        append_int(v.as_int());
        return;
      case Kind::Float:
        append_float(v.as_float());
        return;
      case Kind::String:
        append_string(v.as_string());
        return;
      case Kind::List:
        list(v);
        return;
      case Kind::Map:
        map(v);
        return;
      case Kind::Opaque:
        value(v.plain());
        return;
    }
  }

 private:
  // parity: encoding/json starts looking for cycles once more than 1000 maps and slices
  // are open (startDetectingCyclesAfter) and reports the first container it meets again
  // past that depth, naming its type. Looking for each container past that depth on the
  // open path stops at a container of the same cycle position, hence the same type. We
  // give up on values twice that deep, where Go would go on.
  void enter(const Value& v) {
    if (path_.size() > static_cast<size_t>(kMaxDepth)) {
      for (const Value* open : path_) {
        if (open->same_object(v)) {
          throw Error("json: unsupported value: encountered a cycle via " +
                      std::string(go_type_name(v.kind())));
        }
      }
      if (path_.size() >= static_cast<size_t>(kMaxEncodeDepth)) {
        throw Error("json: value nested deeper than " + std::to_string(kMaxEncodeDepth) +
                    " levels");
      }
    }
    path_.push_back(&v);
  }

  void newline() {
    out_ += '\n';
    out_.append_fill(2 * path_.size(), ' ');
  }

  void list(const Value& v) {
    const List& items = v.as_list();
    enter(v);
    out_ += '[';
    bool first = true;
    for (const Value& item : items) {
      if (!first) out_ += ',';
      first = false;
      if (indent_) newline();
      value(item);
    }
    path_.pop_back();
    if (indent_ && !items.empty()) newline();
    out_ += ']';
  }

  void map(const Value& v) {
    const Map& entries = v.as_map();
    enter(v);
    out_ += '{';
    bool first = true;
    // parity: encoding/json sorts map keys bytewise, which is std::map's order.
    for (const auto& [key, item] : entries) {
      if (!first) out_ += ',';
      first = false;
      if (indent_) newline();
      append_string(key);
      out_ += indent_ ? ": " : ":";
      value(item);
    }
    path_.pop_back();
    if (indent_ && !entries.empty()) newline();
    out_ += '}';
  }

  void append_int(std::int64_t i) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, i);
    out_.append(buf, static_cast<size_t>(res.ptr - buf));
  }

  // parity: encoding/json floatEncoder: shortest digits, 'f' format for 1e-6 <= |f| < 1e21,
  // else 'e' with a one-digit negative exponent unpadded (1e-7, but 1e+21).
  void append_float(double f) {
    if (!std::isfinite(f)) throw Error("json: unsupported value: " + format_float(f));
    if (f == 0) {
      out_ += std::signbit(f) ? "-0" : "0";
      return;
    }
    double a = std::fabs(f);
    if (a < 1e15 && f == std::trunc(f)) {  // exact below 2^53, and the common case
      append_int(static_cast<std::int64_t>(f));
      return;
    }
    if (a >= 1e-6 && a < 1e21) {
      out_ += format_float(f, 'f', -1);
      return;
    }
    std::string s = format_float(f, 'e', -1);
    size_t n = s.size();
    if (n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0') s.erase(n - 2, 1);
    out_ += s;
  }

  void append_escape(unsigned char c) {
    out_ += '\\';
    switch (c) {
      case '"':
        out_ += '"';
        return;
      case '\\':
        out_ += '\\';
        return;
      // parity: Go 1.22+ encoding/json writes \b and \f (both oracles' Go is newer).
      case '\b':
        out_ += 'b';
        return;
      case '\f':
        out_ += 'f';
        return;
      case '\n':
        out_ += 'n';
        return;
      case '\r':
        out_ += 'r';
        return;
      case '\t':
        out_ += 't';
        return;
      default:
        out_ += "u00";
        out_ += kHex[c >> 4];
        out_ += kHex[c & 0xF];
    }
  }

  void append_string(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    size_t n = s.size();
    size_t i = plain_end(p, 0, n, escape_html_);
    if (i == n) {  // the common case: nothing to escape
      char* at = out_.extend(n + 2);
      at[0] = '"';
      std::memcpy(at + 1, s.data(), n);
      at[n + 1] = '"';
      return;
    }
    out_ += '"';
    out_.append(s.data(), i);
    while (true) {
      size_t plain = plain_end(p, i, n, escape_html_);
      out_.append(s.data() + i, plain - i);
      i = plain;
      if (i == n) break;
      if (p[i] < 0x80) {
        append_escape(p[i]);
        ++i;
        continue;
      }
      size_t len = utf8_sequence_length(p + i, n - i);
      if (len == 0) {
        // parity: encodeState.string writes each undecodable byte as \ufffd.
        out_ += "\\ufffd";
        ++i;
      } else if (len == 3 && p[i] == 0xE2 && p[i + 1] == 0x80 && (p[i + 2] & 0xFE) == 0xA8) {
        // parity: U+2028 and U+2029 are always escaped (they end lines in JavaScript).
        out_ += p[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
        i += 3;
      } else {
        out_.append(s.data() + i, len);
        i += len;
      }
    }
    out_ += '"';
  }

  Output& out_;
  bool escape_html_;
  bool indent_;
  std::vector<const Value*> path_;  // the lists and maps being written, outermost first
};

std::string encode(const Value& v, bool escape_html, bool indent) {
  Output out;
  Encoder(out, escape_html, indent).value(v);
  return std::move(out).take();
}

// ---- decoding ---------------------------------------------------------------------------

// Go's quoteChar: the byte as a Go character literal, for syntax error messages.
std::string quote_char(unsigned char c) {
  if (c == '\'') return "'\\''";
  if (c == '"') return "'\"'";
  std::string out = "'";
  switch (c) {
    case '\a':
      out += "\\a";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\v':
      out += "\\v";
      break;
    case '\\':
      out += "\\\\";
      break;
    default:
      if (c < 0x20 || c == 0x7F) {
        out += "\\x";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
      } else if (c < 0x80) {
        out += static_cast<char>(c);
      } else if (c < 0xA1 || c == 0xAD) {
        // parity: string(byte) is the rune U+0080..U+00FF, and strconv.Quote escapes the
        // unprintable ones (C1 controls, no-break space, soft hyphen).
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
      } else {
        append_rune(out, c);
      }
  }
  return out + "'";
}

class Decoder {
 public:
  Decoder(std::string_view input, std::string_view text, Numbers numbers)
      : input_(input), text_(text), numbers_(numbers) {}

  Value document() {
    Value v = value(0);
    skip_space();
    if (pos_ < text_.size()) fail("after top-level value");
    // parity: Unmarshal checks the syntax of the whole text before it decodes, so a
    // number out of range is reported only when the text is otherwise valid.
    if (deferred_) throw *deferred_;
    return v;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  unsigned char peek() const { return static_cast<unsigned char>(text_[pos_]); }

  void skip_space() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      ++pos_;
    }
  }

  Where where_at(size_t offset) const {
    int line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < offset && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    return Where{std::string(input_), line, static_cast<int>(offset - line_start) + 1};
  }

  // parity: scanner.error. At the end of the text Go's scanner feeds one space to see
  // whether the value is complete, so "tru" fails on ' '.
  [[noreturn]] void fail(std::string_view context) const {
    unsigned char c = at_end() ? ' ' : peek();
    throw Error(where_at(pos_), "invalid character " + quote_char(c) + " " + std::string(context));
  }

  [[noreturn]] void fail_end() const {
    throw Error(where_at(text_.size()), "unexpected end of JSON input");
  }

  Value value(int depth) {
    skip_space();
    if (at_end()) fail_end();
    switch (peek()) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"': {
        ++pos_;
        std::string s;
        string_body(s);
        return Value(std::move(s));
      }
      case 't':
        literal("true");
        return Value(true);
      case 'f':
        literal("false");
        return Value(false);
      case 'n':
        literal("null");
        return Value();
      default:
        if (peek() == '-' || (peek() >= '0' && peek() <= '9')) return number();
        fail("looking for beginning of value");
    }
  }

  void check_depth(int depth) const {
    // parity: the scanner's nesting limit (maxNestingDepth, 10000 in Go) is ours, kMaxDepth.
    if (depth > kMaxDepth) fail("exceeded max depth");
  }

  Value object(int depth) {
    check_depth(depth);
    ++pos_;
    Map entries;
    skip_space();
    if (at_end()) fail_end();
    if (peek() == '}') {
      ++pos_;
      return Value(std::move(entries));
    }
    std::string key;
    while (true) {
      if (peek() != '"') fail("looking for beginning of object key string");
      ++pos_;
      key.clear();
      string_body(key);
      skip_space();
      if (at_end()) fail_end();
      if (peek() != ':') fail("after object key");
      ++pos_;
      Value item = value(depth);
      // Keys often come sorted (Go prints maps so, and we do), so try the end first.
      if (entries.empty() || entries.rbegin()->first < key) {
        entries.emplace_hint(entries.end(), key, std::move(item));
      } else {
        // parity: a repeated key keeps the last value, as Unmarshal into a map does.
        entries.insert_or_assign(key, std::move(item));
      }
      skip_space();
      if (at_end()) fail_end();
      if (peek() == '}') {
        ++pos_;
        return Value(std::move(entries));
      }
      if (peek() != ',') fail("after object key:value pair");
      ++pos_;
      skip_space();
      if (at_end()) fail_end();
    }
  }

  Value array(int depth) {
    check_depth(depth);
    ++pos_;
    List items;
    skip_space();
    if (at_end()) fail_end();
    if (peek() == ']') {
      ++pos_;
      return Value(std::move(items));
    }
    while (true) {
      items.push_back(value(depth));
      skip_space();
      if (at_end()) fail_end();
      if (peek() == ']') {
        ++pos_;
        return Value(std::move(items));
      }
      if (peek() != ',') fail("after array element");
      ++pos_;
    }
  }

  void literal(std::string_view word) {
    ++pos_;
    for (char want : word.substr(1)) {
      if (at_end() || text_[pos_] != want) {
        fail("in literal " + std::string(word) + " (expecting '" + want + "')");
      }
      ++pos_;
    }
  }

  bool digit_here() const { return !at_end() && peek() >= '0' && peek() <= '9'; }
  void skip_digits() {
    while (digit_here()) ++pos_;
  }

  Value number() {
    size_t start = pos_;
    if (peek() == '-') {
      ++pos_;
      if (!digit_here()) fail("in numeric literal");
    }
    if (peek() == '0') {
      ++pos_;
    } else {
      skip_digits();
    }
    bool integer = true;
    if (!at_end() && peek() == '.') {
      integer = false;
      ++pos_;
      if (!digit_here()) fail("after decimal point in numeric literal");
      skip_digits();
    }
    if (!at_end() && (peek() == 'e' || peek() == 'E')) {
      integer = false;
      ++pos_;
      if (!at_end() && (peek() == '+' || peek() == '-')) ++pos_;
      if (!digit_here()) fail("in exponent of numeric literal");
      skip_digits();
    }
    std::string_view lit = text_.substr(start, pos_ - start);
    const char* first = lit.data();
    const char* last = lit.data() + lit.size();
    if (integer && numbers_ == Numbers::Typed) {
      std::int64_t i = 0;
      if (std::from_chars(first, last, i).ec == std::errc()) return Value(i);
    }
    double d = 0;
    if (std::from_chars(first, last, d).ec == std::errc()) return Value(d);
    // Out of range. parity: strconv.ParseFloat rounds underflow to a signed zero and fails
    // on overflow; Unmarshal reports that once the whole text has been checked.
    if (!overflows(lit)) return Value(lit[0] == '-' ? -0.0 : 0.0);
    if (!deferred_) {
      deferred_.emplace(where_at(start), "json: cannot unmarshal number " + std::string(lit) +
                                             " into Go value of type float64");
    }
    return Value();
  }

  // Whether a syntactically valid literal that from_chars found out of range is too large
  // (rather than too small): the decimal exponent of its first significant digit is > 0.
  static bool overflows(std::string_view lit) {
    size_t i = lit[0] == '-' ? 1 : 0;
    long long magnitude = 0;  // digits before the point, counted from the first non-zero
    bool seen = false;
    bool after_point = false;
    for (; i < lit.size() && lit[i] != 'e' && lit[i] != 'E'; ++i) {
      if (lit[i] == '.') {
        after_point = true;
      } else if (!after_point) {
        if (seen || lit[i] != '0') {
          seen = true;
          ++magnitude;
        }
      } else if (!seen) {
        if (lit[i] != '0') {
          seen = true;
        } else {
          --magnitude;
        }
      }
    }
    long long exponent = 0;
    if (i < lit.size()) {
      ++i;
      bool negative = lit[i] == '-';
      if (lit[i] == '+' || lit[i] == '-') ++i;
      for (; i < lit.size(); ++i) {
        if (exponent < 1'000'000'000) exponent = exponent * 10 + (lit[i] - '0');
      }
      if (negative) exponent = -exponent;
    }
    return magnitude + exponent > 0;
  }

  int hex4(size_t at) const {
    int r = 0;
    for (size_t i = at; i < at + 4; ++i) {
      char c = text_[i];
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      r = r * 16 + d;
    }
    return r;
  }

  bool is_hex(size_t at) const {
    if (at >= text_.size()) return false;
    char c = text_[at];
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  // A string's contents after the opening quote, through the closing one, appended to out.
  // parity: the scanner's string states for errors, decodeState's unquote for the text.
  void string_body(std::string& out) {
    const auto* p = reinterpret_cast<const unsigned char*>(text_.data());
    size_t n = text_.size();
    while (true) {
      size_t run = pos_;
      pos_ = plain_end(p, pos_, n, /*escape_html=*/false);
      out.append(text_.data() + run, pos_ - run);
      if (pos_ >= n) fail_end();
      unsigned char c = p[pos_];
      if (c == '"') {
        ++pos_;
        return;
      }
      if (c < 0x20) fail("in string literal");
      if (c >= 0x80) {
        size_t len = utf8_sequence_length(p + pos_, n - pos_);
        if (len == 0) {
          out += kReplacement;  // parity: unquote replaces each undecodable byte
          ++pos_;
        } else {
          out.append(text_.data() + pos_, len);
          pos_ += len;
        }
        continue;
      }
      escape(out);
    }
  }

  void escape(std::string& out) {
    ++pos_;  // the backslash
    if (at_end()) fail("in string escape code");
    char c = text_[pos_];
    switch (c) {
      case '"':
      case '\\':
      case '/':
        out += c;
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
        for (size_t i = 1; i <= 4; ++i) {
          if (!is_hex(pos_ + i)) {
            pos_ += i;
            fail("in \\u hexadecimal character escape");
          }
        }
        std::uint32_t r = static_cast<std::uint32_t>(hex4(pos_ + 1));
        pos_ += 5;
        if (r >= 0xD800 && r < 0xE000) {
          // parity: a high surrogate escape followed by a low one is one rune; anything
          // else leaves U+FFFD and the next escape is read on its own.
          if (r < 0xDC00 && pos_ + 6 <= text_.size() && text_[pos_] == '\\' &&
              text_[pos_ + 1] == 'u' && is_hex(pos_ + 2) && is_hex(pos_ + 3) && is_hex(pos_ + 4) &&
              is_hex(pos_ + 5)) {
            std::uint32_t low = static_cast<std::uint32_t>(hex4(pos_ + 2));
            if (low >= 0xDC00 && low < 0xE000) {
              append_rune(out, 0x10000 + ((r - 0xD800) << 10) + (low - 0xDC00));
              pos_ += 6;
              return;
            }
          }
          out += kReplacement;
          return;
        }
        append_rune(out, r);
        return;
      }
      default:
        fail("in string escape code");
    }
    ++pos_;
  }

  std::string_view input_;
  std::string_view text_;
  Numbers numbers_;
  size_t pos_ = 0;
  std::optional<Error> deferred_;  // the first decoding error, reported after the syntax
};

}  // namespace

Value parse_json(std::string_view input, std::string_view text, Numbers numbers) {
  return Decoder(input, text, numbers).document();
}

std::string to_json(const Value& v) { return encode(v, /*escape_html=*/true, /*indent=*/false); }

std::string to_raw_json(const Value& v) {
  // parity: Sprig's toRawJson uses an Encoder with SetEscapeHTML(false) and trims the
  // newline Encode adds; the text is otherwise Marshal's.
  return encode(v, /*escape_html=*/false, /*indent=*/false);
}

std::string to_pretty_json(const Value& v) {
  return encode(v, /*escape_html=*/true, /*indent=*/true);
}

}  // namespace primer::value
