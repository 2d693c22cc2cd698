// The TOML codec behind Helm's toToml and fromToml: an encoder that prints what
// BurntSushi/toml v1.6.0's Encoder prints (Helm 4.1.4 vendors that version), and a decoder
// with that version's TOML 1.1 syntax, table rules and error texts
// ("toml: line N (last key "k"): message").
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/utf8.h"
#include "value/detail/go_strconv.h"
#include "value/value.h"

namespace primer::value {
namespace {

using Path = std::vector<std::string>;

constexpr char kHex[] = "0123456789abcdef";

bool is_bare_key_char(char32_t r) {
  return (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '_' ||
         r == '-';
}

// parity: the encoder's dblQuotedReplacer: quote and backslash escaped, control bytes and DEL
// as \b \t \n \f \r or \u00XX; every other byte (UTF-8 or not) passes through.
std::string escape_basic(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

// One key piece as TOML writes it: bare when every rune is A-Za-z0-9_-, else quoted.
// parity: toml.Key.maybeQuoted / Key.String.
std::string key_piece(std::string_view k) {
  if (k.empty()) return "\"\"";
  for (size_t i = 0; i < k.size();) {
    DecodedRune d = decode_rune(k, i);
    if (!is_bare_key_char(d.rune) || (d.rune == kRuneError && d.width == 1)) {
      return "\"" + escape_basic(k) + "\"";
    }
    i += d.width;
  }
  return std::string(k);
}

std::string key_string(const Path& key) {
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    if (i) out += '.';
    out += key_piece(key[i]);
  }
  return out;
}

// Go's strconv.Quote / QuoteRune for the texts error messages quote with %q. Non-ASCII
// runes are taken as printable (Go's unicode.IsPrint differs for a few rare ones).
void append_quoted_rune(std::string& out, char32_t r, char quote) {
  append_go_escaped_rune(out, r, quote, (r >= 0x20 && r < 0x7f) || r >= 0xA0);
}

std::string go_quote(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    DecodedRune d = decode_rune(s, i);
    if (d.rune == kRuneError && d.width == 1) {
      auto c = static_cast<unsigned char>(s[i]);
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      append_quoted_rune(out, d.rune, '"');
    }
    i += d.width;
  }
  return out + "\"";
}

std::string go_quote_rune(char32_t r) {
  if (!is_valid_rune(r)) r = kRuneError;
  std::string out = "'";
  append_quoted_rune(out, r, '\'');
  return out + "'";
}

// ---- encoder ----------------------------------------------------------------------------

enum class TomlType { None, Bool, Integer, Float, String, Array, Hash, ArrayHash };

[[noreturn]] void encode_fail(std::string message) { throw Error(std::move(message)); }

void check_encode_depth(int depth) {
  if (depth > kMaxDepth) {
    encode_fail("toToml: value nested deeper than " + std::to_string(kMaxDepth) +
                " levels (a cycle?)");
  }
}

TomlType toml_type_of(const Value& raw, int depth);

// parity: encode.go isTableArray: a non-empty array whose elements are all tables; any nil
// element anywhere in it is an error, whatever the other elements are.
bool is_table_array(const List& list, int depth) {
  if (list.empty()) return false;
  bool all_tables = true;
  for (const Value& e : list) {
    TomlType t = toml_type_of(e, depth + 1);
    if (t == TomlType::None) encode_fail("toml: cannot encode array with nil element");
    if (t != TomlType::Hash) all_tables = false;
  }
  return all_tables;
}

TomlType toml_type_of(const Value& raw, int depth) {
  check_encode_depth(depth);
  Value v = raw.plain();
  switch (v.kind()) {
    case Kind::Null:
      return TomlType::None;
    case Kind::Bool:
      return TomlType::Bool;
    case Kind::Int:
      return TomlType::Integer;
    case Kind::Float:
      return TomlType::Float;
    case Kind::String:
      return TomlType::String;
    case Kind::List:
      return is_table_array(v.as_list(), depth) ? TomlType::ArrayHash : TomlType::Array;
    case Kind::Map:
      return TomlType::Hash;
    case Kind::Opaque:
      break;
  }
  return TomlType::None;
}

bool is_table(TomlType t) { return t == TomlType::Hash || t == TomlType::ArrayHash; }

class Encoder {
 public:
  std::string take() { return std::move(out_); }

  // parity: Encoder.encode: scalars and plain arrays as `key = value`, maps as tables,
  // arrays of maps as arrays of tables; nil values write nothing.
  void encode(const Path& key, const Value& raw, int depth) {
    check_encode_depth(depth);
    Value v = raw.plain();
    switch (v.kind()) {
      case Kind::Null:
        if (key.empty()) {
          // parity: Encode(nil) reaches reflect with an invalid Value, which panics; Helm
          // reports it as the template error "error calling toToml: <this text>".
          encode_fail("reflect: call of reflect.Value.Type on zero Value");
        }
        return;
      case Kind::List:
        if (toml_type_of(v, depth) == TomlType::ArrayHash) {
          array_of_tables(key, v.as_list(), depth);
        } else {
          key_value(key, v, false, depth);
        }
        return;
      case Kind::Map:
        table(key, v.as_map(), depth);
        return;
      default:
        key_value(key, v, false, depth);
        return;
    }
  }

 private:
  void write(std::string_view s) {
    out_ += s;
    written_ = true;
  }
  void newline() {
    if (written_) write("\n");
  }
  // parity: Encoder.Indent is two spaces per level below the top.
  static std::string indent(const Path& key) {
    return std::string(key.empty() ? 0 : 2 * (key.size() - 1), ' ');
  }

  void key_value(const Path& key, const Value& v, bool inline_table, int depth) {
    if (key.empty()) {
      element(v, depth);
      return;
    }
    write(indent(key) + key_piece(key.back()) + " = ");
    element(v, depth);
    if (!inline_table) newline();
  }

  void element(const Value& raw, int depth) {
    check_encode_depth(depth);
    Value v = raw.plain();
    switch (v.kind()) {
      case Kind::String:
        write("\"" + escape_basic(v.as_string()) + "\"");
        return;
      case Kind::Bool:
        write(v.as_bool() ? "true" : "false");
        return;
      case Kind::Int:
        write(std::to_string(v.as_int()));
        return;
      case Kind::Float:
        write(float_text(v.as_float()));
        return;
      case Kind::List: {
        const List& list = v.as_list();
        write("[");
        for (size_t i = 0; i < list.size(); ++i) {
          if (i) write(", ");
          element(list[i], depth + 1);
        }
        write("]");
        return;
      }
      case Kind::Map:
        map(Path{}, v.as_map(), true, depth);
        return;
      case Kind::Null:
      case Kind::Opaque:
        break;
    }
    // Unreachable: nil array elements are refused before elements are written.
    encode_fail("reflect: call of reflect.Value.Interface on zero Value");
  }

  // parity: strconv.FormatFloat(f, 'g', -1, 64), plus ".0" when that has neither a '.' nor
  // an exponent; NaN and infinities as TOML's nan and inf. (v1.4.0, in Helm 3.17, used 'f'.)
  static std::string float_text(double f) {
    std::string sign = std::signbit(f) ? "-" : "";
    if (std::isnan(f)) return sign + "nan";
    if (std::isinf(f)) return sign + "inf";
    std::string s = format_float(f, 'g', -1);
    if (s.find_first_of(".e") == std::string::npos) s += ".0";
    return s;
  }

  void array_of_tables(const Path& key, const List& list, int depth) {
    if (key.empty()) encode_fail("toml: top-level values must be Go maps or structs");
    for (const Value& e : list) {
      Value t = e.plain();
      if (t.is_null()) continue;
      newline();
      write(indent(key) + "[[" + key_string(key) + "]]");
      newline();
      map(key, t.as_map(), false, depth + 1);
    }
  }

  void table(const Path& key, const Map& m, int depth) {
    // A blank line before each top-level table (once something has been written).
    if (key.size() == 1) newline();
    if (!key.empty()) {
      write(indent(key) + "[" + key_string(key) + "]");
      newline();
    }
    map(key, m, false, depth);
  }

  // parity: encode.go eMap: keys holding plain values first, then those holding tables and
  // arrays of tables, each group sorted. Inline, a nil value skips its comma too, so the
  // text can end in ", }".
  void map(const Path& key, const Map& m, bool inline_table, int depth) {
    std::vector<const std::pair<const std::string, Value>*> direct, sub;
    for (const auto& entry : m) {
      (is_table(toml_type_of(entry.second, depth + 1)) ? sub : direct).push_back(&entry);
    }
    auto write_group = [&](const auto& group, bool trailing_comma) {
      for (size_t i = 0; i < group.size(); ++i) {
        const auto& [k, v] = *group[i];
        if (v.plain().is_null()) continue;
        if (inline_table) {
          key_value(Path{k}, v, true, depth + 1);
          if (trailing_comma || i != group.size() - 1) write(", ");
        } else {
          Path child = key;
          child.push_back(k);
          encode(child, v, depth + 1);
        }
      }
    };
    if (inline_table) write("{");
    write_group(direct, !sub.empty());
    write_group(sub, false);
    if (inline_table) write("}");
  }

  std::string out_;
  bool written_ = false;
};

// ---- lexer ------------------------------------------------------------------------------

enum class Tok {
  Eof,
  Text,
  String,
  StringEsc,
  RawString,
  MlString,
  RawMlString,
  Bool,
  Integer,
  Float,
  Datetime,
  ArrayStart,
  ArrayEnd,
  TableStart,
  TableEnd,
  ArrayTableStart,
  ArrayTableEnd,
  KeyStart,
  KeyEnd,
  CommentStart,
  InlineStart,
  InlineEnd,
};

struct Item {
  Tok type;
  std::string val;
  int line;
};

// A syntax error found by the lexer; the parser adds the last key.
struct LexError {
  int line;
  std::string message;
};

// A lexer state. The lexer is a state machine with a stack of states to return to, as
// BurntSushi's is: the exact error texts and line numbers depend on where it stands.
enum class St {
  Done,
  Top,
  TopEnd,
  TableStart,
  TableEnd,
  ArrayTableEnd,
  TableNameStart,
  TableNameEnd,
  BareName,
  QuotedName,
  KeyStart,
  KeyNameStart,
  KeyEnd,
  Value,
  ArrayValue,
  ArrayValueEnd,
  ArrayEnd,
  InlineValue,
  InlineValueEnd,
  InlineEnd,
  String,
  MlString,
  RawString,
  MlRawString,
  MlStringEscape,
  StringEscape,
  HexEscape,
  ShortUnicode,
  LongUnicode,
  NumberOrDateStart,
  NumberOrDate,
  Datetime,
  HexInteger,
  OctalInteger,
  BinaryInteger,
  DecimalNumber,
  DecimalNumberStart,
  BaseNumberOrDate,
  Float,
  Bool,
  CommentStart,
  Comment,
};

constexpr char32_t kEof = 0;

bool is_ws(char32_t r) { return r == '\t' || r == ' '; }
bool is_nl(char32_t r) { return r == '\n' || r == '\r'; }
bool is_digit(char32_t r) { return r >= '0' && r <= '9'; }
bool is_hex(char32_t r) { return is_digit(r) || ((r | 0x20) >= 'a' && (r | 0x20) <= 'f'); }
bool is_control(char32_t r) {
  if (r == '\t' || r == '\r' || r == '\n') return false;
  return r <= 0x1f || r == 0x7f;
}

// Go's unicode.IsLetter: exact for ASCII and Latin-1; above that, symbol and punctuation
// blocks are taken as non-letters and the rest as letters (an approximation).
bool is_letter(char32_t r) {
  if (r < 0x80) return (r | 0x20) >= 'a' && (r | 0x20) <= 'z';
  if (r < 0x100)
    return r == 0xAA || r == 0xB5 || r == 0xBA || (r >= 0xC0 && r != 0xD7 && r != 0xF7);
  if (r >= 0x2000 && r <= 0x2BFF) return false;
  if (r >= 0x3000 && r <= 0x303F) return false;
  if (r >= 0xD800 && r <= 0xF8FF) return false;
  if (r >= 0xFE00 && r <= 0xFE6F) return false;
  if (r >= 0xFF00 && r <= 0xFF20) return false;
  if (r >= 0xFFF0 && r <= 0xFFFF) return false;
  if (r >= 0x1F000 && r <= 0x1FFFF) return false;
  return true;
}

std::string rune_text(char32_t r) {
  std::string s;
  append_rune(s, r);
  return s;
}

class Lexer {
 public:
  explicit Lexer(std::string_view input) : input_(input) {}

  /// The next item; throws LexError at a syntax error.
  Item next_item() {
    while (items_.empty()) {
      if (state_ == St::Done) throw Error("toml: BUG: read past the end of the input");
      state_ = step(state_);
    }
    Item it = std::move(items_.front());
    items_.pop_front();
    return it;
  }

 private:
  char32_t next() {
    if (at_eof_) throw Error("toml: BUG in lexer: next called after EOF");
    if (pos_ >= input_.size()) {
      at_eof_ = true;
      return kEof;
    }
    if (input_[pos_] == '\n') ++line_;
    prev_[3] = prev_[2];
    prev_[2] = prev_[1];
    prev_[1] = prev_[0];
    if (nprev_ < 4) ++nprev_;
    DecodedRune d = decode_rune(input_, pos_);
    if (d.rune == kRuneError && d.width == 1) {
      fail(fmt_byte("invalid UTF-8 byte: 0x", static_cast<unsigned char>(input_[pos_])));
    }
    bool lone_cr = d.rune == '\r' && (pos_ + 1 == input_.size() || input_[pos_ + 1] != '\n');
    if (is_control(d.rune) || lone_cr) {
      throw LexError{line_, fmt_byte("TOML files cannot contain control characters: '0x",
                                     static_cast<unsigned char>(d.rune)) +
                                "'"};
    }
    prev_[0] = d.width;
    pos_ += d.width;
    return d.rune;
  }

  static std::string fmt_byte(std::string prefix, unsigned char b) {
    prefix += kHex[b >> 4];
    prefix += kHex[b & 15];
    return prefix;
  }

  void backup() {
    if (at_eof_) {
      at_eof_ = false;
      return;
    }
    if (nprev_ < 1) throw Error("toml: BUG in lexer: backed up too far");
    size_t w = prev_[0];
    prev_[0] = prev_[1];
    prev_[1] = prev_[2];
    prev_[2] = prev_[3];
    --nprev_;
    pos_ -= w;
    if (pos_ < input_.size() && input_[pos_] == '\n') --line_;
  }

  bool accept(char32_t r) {
    if (next() == r) return true;
    backup();
    return false;
  }
  char32_t peek() {
    char32_t r = next();
    backup();
    return r;
  }
  void ignore() { start_ = pos_; }
  template <typename Pred>
  void skip(Pred pred) {
    while (pred(next())) {
    }
    backup();
    ignore();
  }
  std::string_view current() const { return input_.substr(start_, pos_ - start_); }

  void emit(Tok t) {
    if (start_ > pos_) {
      fail(fmt_byte("invalid UTF-8 byte: 0x", static_cast<unsigned char>(input_[pos_])));
    }
    items_.push_back(Item{t, std::string(current()), line_});
    start_ = pos_;
  }
  void emit_trim(Tok t) {
    std::string_view s = current();
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    items_.push_back(Item{t, std::string(s), line_});
    start_ = pos_;
  }

  // The error helpers differ only in the line they report, as upstream's do: at the end of
  // the input, errors point at the last line rather than a blank one after it.
  [[noreturn]] void fail(std::string message) {
    throw LexError{at_eof_ ? line_ - 1 : line_, std::move(message)};
  }
  [[noreturn]] void fail_prev_line(std::string message) {
    throw LexError{line_ - 1, std::move(message)};
  }
  [[noreturn]] void failf(std::string message) {
    bool back = at_eof_ && pos_ >= 1 && input_[pos_ - 1] == '\n';
    throw LexError{back ? line_ - 1 : line_, std::move(message)};
  }

  void push(St s) { stack_.push_back(s); }
  St pop() {
    if (stack_.empty()) throw Error("toml: BUG in lexer: no states to pop");
    St s = stack_.back();
    stack_.pop_back();
    return s;
  }

  St step(St s) {
    switch (s) {
      case St::Done:
        return St::Done;
      case St::Top:
        return top();
      case St::TopEnd:
        return top_end();
      case St::TableStart:
        if (peek() == '[') {
          next();
          emit(Tok::ArrayTableStart);
          push(St::ArrayTableEnd);
        } else {
          emit(Tok::TableStart);
          push(St::TableEnd);
        }
        return St::TableNameStart;
      case St::TableEnd:
        emit(Tok::TableEnd);
        return St::TopEnd;
      case St::ArrayTableEnd: {
        char32_t r = next();
        if (r != ']') {
          failf("expected end of table array name delimiter ']', but got " + go_quote_rune(r) +
                " instead");
        }
        emit(Tok::ArrayTableEnd);
        return St::TopEnd;
      }
      case St::TableNameStart: {
        skip(is_ws);
        char32_t r = peek();
        if (r == ']' || r == kEof)
          failf("unexpected end of table name (table names cannot be empty)");
        if (r == '.') failf("unexpected table separator (table names cannot be empty)");
        push(St::TableNameEnd);
        if (r == '"' || r == '\'') {
          ignore();
          return St::QuotedName;
        }
        return St::BareName;
      }
      case St::TableNameEnd: {
        skip(is_ws);
        char32_t r = next();
        if (r == '.') {
          ignore();
          return St::TableNameStart;
        }
        if (r == ']') return pop();
        failf("expected '.' or ']' to end table name, but got " + go_quote_rune(r) + " instead");
      }
      case St::BareName:
        if (is_bare_key_char(next())) return St::BareName;
        backup();
        emit(Tok::Text);
        return pop();
      case St::QuotedName: {
        char32_t r = next();
        if (r == '"') {
          ignore();
          return St::String;
        }
        if (r == '\'') {
          ignore();
          return St::RawString;
        }
        if (is_ws(r)) {
          ignore();
          return St::Value;
        }
        if (r == kEof) failf("unexpected EOF; expected value");
        failf("expected value but found " + go_quote_rune(r) + " instead");
      }
      case St::KeyStart: {
        skip(is_ws);
        char32_t r = peek();
        if (r == '=' || r == kEof) failf("unexpected '=': key name appears blank");
        if (r == '.') failf("unexpected '.': keys cannot start with a '.'");
        if (r == '"' || r == '\'') ignore();
        emit(Tok::KeyStart);
        return St::KeyNameStart;
      }
      case St::KeyNameStart: {
        skip(is_ws);
        char32_t r = peek();
        if (r == '"' || r == '\'') {
          ignore();
          push(St::KeyEnd);
          return St::QuotedName;
        }
        if (r == '=' || r == kEof) failf("unexpected '='");
        if (r == '.') failf("unexpected '.'");
        push(St::KeyEnd);
        return St::BareName;
      }
      case St::KeyEnd: {
        skip(is_ws);
        char32_t r = next();
        if (r == kEof) failf("unexpected EOF; expected key separator '='");
        if (r == '.') {
          ignore();
          return St::KeyNameStart;
        }
        if (r == '=') {
          emit(Tok::KeyEnd);
          ignore();
          return St::Value;
        }
        std::string message = "expected '.' or '=', but got " + go_quote_rune(r) + " instead";
        if (r == '\n') fail_prev_line(message);
        failf(message);
      }
      case St::Value:
        return value();
      case St::ArrayValue: {
        char32_t r = next();
        if (is_ws(r) || is_nl(r)) {
          ignore();
          return St::ArrayValue;
        }
        if (r == '#') {
          push(St::ArrayValue);
          return St::CommentStart;
        }
        if (r == ',') failf("unexpected comma");
        if (r == ']') return St::ArrayEnd;
        backup();
        push(St::ArrayValueEnd);
        return St::Value;
      }
      case St::ArrayValueEnd: {
        char32_t r = next();
        if (is_ws(r) || is_nl(r)) {
          ignore();
          return St::ArrayValueEnd;
        }
        if (r == '#') {
          push(St::ArrayValueEnd);
          return St::CommentStart;
        }
        if (r == ',') {
          ignore();
          return St::ArrayValue;
        }
        if (r == ']') return St::ArrayEnd;
        failf("expected a comma (',') or array terminator (']'), but got " + rune_or_eof(r));
      }
      case St::ArrayEnd:
        ignore();
        emit(Tok::ArrayEnd);
        return pop();
      case St::InlineValue: {
        char32_t r = next();
        if (is_ws(r) || is_nl(r)) {
          ignore();
          return St::InlineValue;
        }
        if (r == '#') {
          push(St::InlineValue);
          return St::CommentStart;
        }
        if (r == ',') failf("unexpected comma");
        if (r == '}') return St::InlineEnd;
        backup();
        push(St::InlineValueEnd);
        return St::KeyStart;
      }
      case St::InlineValueEnd: {
        char32_t r = next();
        if (is_ws(r) || is_nl(r)) {
          ignore();
          return St::InlineValueEnd;
        }
        if (r == '#') {
          push(St::InlineValueEnd);
          return St::CommentStart;
        }
        if (r == ',') {
          // TOML 1.1: a trailing comma before '}' is allowed.
          ignore();
          skip(is_ws);
          return peek() == '}' ? St::InlineValueEnd : St::InlineValue;
        }
        if (r == '}') return St::InlineEnd;
        failf("expected a comma or an inline table terminator '}', but got " + rune_or_eof(r) +
              " instead");
      }
      case St::InlineEnd:
        ignore();
        emit(Tok::InlineEnd);
        return pop();
      case St::String: {
        char32_t r = next();
        if (r == kEof) failf("unexpected EOF; expected '\"'");
        if (is_nl(r)) fail_prev_line("strings cannot contain newlines");
        if (r == '\\') {
          push(St::String);
          return St::StringEscape;
        }
        if (r == '"') {
          backup();
          emit(esc_ ? Tok::StringEsc : Tok::String);
          esc_ = false;
          next();
          ignore();
          return pop();
        }
        return St::String;
      }
      case St::MlString:
        return multiline('"', Tok::MlString);
      case St::RawString: {
        char32_t r = next();
        if (r == kEof) failf("unexpected EOF; expected \"'\"");
        if (is_nl(r)) fail_prev_line("strings cannot contain newlines");
        if (r == '\'') {
          backup();
          emit(Tok::RawString);
          next();
          ignore();
          return pop();
        }
        return St::RawString;
      }
      case St::MlRawString:
        return multiline('\'', Tok::RawMlString);
      case St::MlStringEscape:
        if (is_nl(next())) return St::MlString;
        backup();
        push(St::MlString);
        return St::StringEscape;
      case St::StringEscape: {
        esc_ = true;
        char32_t r = next();
        switch (r) {
          case 'e':
          case 'b':
          case 't':
          case 'n':
          case 'f':
          case 'r':
          case '"':
          case ' ':
          case '\t':
          case '\\':
            return pop();
          case 'x':
            return St::HexEscape;
          case 'u':
            return St::ShortUnicode;
          case 'U':
            return St::LongUnicode;
          default:
            fail("invalid escape in string '\\" + rune_text(r) + "'");
        }
      }
      case St::HexEscape:
        return hex_escape(2, "two", 'x');
      case St::ShortUnicode:
        return hex_escape(4, "four", 'u');
      case St::LongUnicode:
        return hex_escape(8, "eight", 'U');
      case St::NumberOrDateStart:
        return next() == '0' ? St::BaseNumberOrDate : St::NumberOrDate;
      case St::NumberOrDate: {
        char32_t r = next();
        if (is_digit(r)) return St::NumberOrDate;
        if (r == '-' || r == ':') return St::Datetime;
        if (r == '_') return St::DecimalNumber;
        if (r == '.' || r == 'e' || r == 'E') return St::Float;
        return end_token(Tok::Integer);
      }
      case St::Datetime: {
        char32_t r = next();
        if (is_digit(r) || std::u32string_view(U"-:Tt .Zz+").find(r) != std::u32string_view::npos) {
          return St::Datetime;
        }
        backup();
        emit_trim(Tok::Datetime);
        return pop();
      }
      case St::HexInteger: {
        char32_t r = next();
        return is_hex(r) || r == '_' ? St::HexInteger : end_token(Tok::Integer);
      }
      case St::OctalInteger: {
        char32_t r = next();
        return (r >= '0' && r <= '7') || r == '_' ? St::OctalInteger : end_token(Tok::Integer);
      }
      case St::BinaryInteger: {
        char32_t r = next();
        return r == '0' || r == '1' || r == '_' ? St::BinaryInteger : end_token(Tok::Integer);
      }
      case St::DecimalNumber: {
        char32_t r = next();
        if (is_digit(r) || r == '_') return St::DecimalNumber;
        if (r == '.' || r == 'e' || r == 'E') return St::Float;
        return end_token(Tok::Integer);
      }
      case St::DecimalNumberStart:
        return decimal_number_start();
      case St::BaseNumberOrDate:
        return base_number_or_date();
      case St::Float: {
        char32_t r = next();
        if (is_digit(r) || std::u32string_view(U"_.-+eE").find(r) != std::u32string_view::npos) {
          return St::Float;
        }
        return end_token(Tok::Float);
      }
      case St::Bool: {
        std::string word;
        while (true) {
          char32_t r = next();
          if (!is_letter(r)) {
            backup();
            break;
          }
          append_rune(word, r);
        }
        if (word == "true" || word == "false") {
          emit(Tok::Bool);
          return pop();
        }
        failf("expected value but found " + go_quote(word) + " instead");
      }
      case St::CommentStart:
        ignore();
        emit(Tok::CommentStart);
        return St::Comment;
      case St::Comment: {
        char32_t r = next();
        if (is_nl(r) || r == kEof) {
          backup();
          emit(Tok::Text);
          return pop();
        }
        return St::Comment;
      }
    }
    return St::Done;
  }

  static std::string rune_or_eof(char32_t r) {
    return r == kEof ? "end of file" : "'" + rune_text(r) + "'";
  }

  St end_token(Tok t) {
    backup();
    emit(t);
    return pop();
  }

  St top() {
    char32_t r = next();
    if (is_ws(r) || is_nl(r)) {
      ignore();
      return St::Top;
    }
    if (r == '#') {
      push(St::Top);
      return St::CommentStart;
    }
    if (r == '[') return St::TableStart;
    if (r == kEof) {
      if (pos_ > start_) failf("unexpected EOF");
      emit(Tok::Eof);
      return St::Done;
    }
    backup();
    push(St::TopEnd);
    return St::KeyStart;
  }

  St top_end() {
    char32_t r = next();
    if (r == '#') {
      push(St::Top);
      return St::CommentStart;
    }
    if (is_ws(r)) return St::TopEnd;
    if (is_nl(r)) {
      ignore();
      return St::Top;
    }
    if (r == kEof) {
      emit(Tok::Eof);
      return St::Done;
    }
    failf("expected a top-level item to end with a newline, comment, or EOF, but got " +
          go_quote_rune(r) + " instead");
  }

  St value() {
    char32_t r = next();
    if (is_ws(r)) {
      ignore();
      return St::Value;
    }
    if (is_digit(r)) {
      backup();
      return St::NumberOrDateStart;
    }
    switch (r) {
      case '[':
        ignore();
        emit(Tok::ArrayStart);
        return St::ArrayValue;
      case '{':
        ignore();
        emit(Tok::InlineStart);
        return St::InlineValue;
      case '"':
      case '\'':
        if (accept(r)) {
          if (accept(r)) {
            ignore();
            return r == '"' ? St::MlString : St::MlRawString;
          }
          backup();
        }
        ignore();
        return r == '"' ? St::String : St::RawString;
      case '.':
        failf("floats must start with a digit, not '.'");
      case 'i':
      case 'n':
        // parity: lexValue tries "nf" and then "an" after either letter, and on failure backs
        // up only one rune before reading a word, so "ino" reports "no".
        if ((accept('n') && accept('f')) || (accept('a') && accept('n'))) {
          emit(Tok::Float);
          return pop();
        }
        break;
      case '-':
      case '+':
        return St::DecimalNumberStart;
      default:
        break;
    }
    if (is_letter(r)) {
      backup();
      return St::Bool;
    }
    if (r == kEof) failf("unexpected EOF; expected value");
    if (r == '\n') fail_prev_line("expected value but found '\\n' instead");
    failf("expected value but found " + go_quote_rune(r) + " instead");
  }

  St multiline(char32_t quote, Tok tok) {
    char32_t r = next();
    if (r == kEof) {
      failf(quote == '"' ? "unexpected EOF; expected '\"\"\"'"
                         : "unexpected EOF; expected \"'''\"");
    }
    if (quote == '"' && r == '\\') return St::MlStringEscape;
    St self = quote == '"' ? St::MlString : St::MlRawString;
    if (r != quote) return self;
    if (accept(quote)) {
      if (accept(quote)) {
        // Up to two quotes may end the content ("""a""""" is `a""`); a sixth is an error.
        if (peek() == quote) {
          std::string_view cur = current();
          if (quote == '"' && cur.ends_with("\"\"\"\"\"") && !cur.ends_with("\\\"\"\"\"\"")) {
            failf("unexpected '\"\"\"\"\"\"'");
          }
          if (quote == '\'' && cur.ends_with("'''''")) failf("unexpected \"''''''\"");
          backup();
          backup();
          return self;
        }
        backup();
        backup();
        backup();
        esc_ = false;
        emit(tok);
        next();
        next();
        next();
        ignore();
        return pop();
      }
      backup();
    }
    return self;
  }

  St hex_escape(int digits, const char* count, char letter) {
    for (int i = 0; i < digits; ++i) {
      if (!is_hex(next())) {
        failf(std::string("expected ") + count + " hexadecimal digits after '\\" + letter +
              "', but got " + go_quote(current()) + " instead");
      }
    }
    return pop();
  }

  St decimal_number_start() {
    char32_t r = next();
    if (r == 'i' || r == 'n') {
      bool ok = r == 'i' ? accept('n') && accept('f') : accept('a') && accept('n');
      if (!ok) failf("invalid float: '" + std::string(current()) + "'");
      emit(Tok::Float);
      return pop();
    }
    if (r == '0') {
      char32_t p = peek();
      if (p == 'b' || p == 'o' || p == 'x') {
        failf("cannot use sign with non-decimal numbers: '" + std::string(current()) +
              rune_text(p) + "'");
      }
    }
    if (r == '.') failf("floats must start with a digit, not '.'");
    if (is_digit(r)) return St::DecimalNumber;
    failf("expected a digit but got " + go_quote_rune(r));
  }

  St base_number_or_date() {
    char32_t r = next();
    if (is_digit(r)) return St::NumberOrDate;
    if (r == '_') return St::DecimalNumber;
    if (r == '.' || r == 'e' || r == 'E') return St::Float;
    if (r == 'b' || r == 'o' || r == 'x') {
      char32_t p = peek();
      bool ok = r == 'b' ? (p == '0' || p == '1') : r == 'o' ? (p >= '0' && p <= '7') : is_hex(p);
      if (!ok) {
        const char* what = r == 'b'   ? "not a binary number: '"
                           : r == 'o' ? "not an octal number: '"
                                      : "not a hexadecimal number: '";
        failf(what + std::string(current()) + rune_text(p) + "'");
      }
      return r == 'b' ? St::BinaryInteger : r == 'o' ? St::OctalInteger : St::HexInteger;
    }
    return end_token(Tok::Integer);
  }

  std::string_view input_;
  size_t start_ = 0;
  size_t pos_ = 0;
  int line_ = 1;
  St state_ = St::Top;
  std::vector<St> stack_;
  std::deque<Item> items_;
  bool esc_ = false;
  size_t prev_[4] = {0, 0, 0, 0};
  int nprev_ = 0;
  bool at_eof_ = false;
};

// ---- datetimes --------------------------------------------------------------------------

bool take_digits(std::string_view& s, size_t n, int* out) {
  if (s.size() < n) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!is_digit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  s.remove_prefix(n);
  return true;
}

bool take_char(std::string_view& s, char c) {
  if (s.empty() || s[0] != c) return false;
  s.remove_prefix(1);
  return true;
}

int days_in_month(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::string two(int v) {
  return std::string{static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)};
}

// A TOML datetime as Go's encoding/json prints the time.Time BurntSushi decodes it to
// (RFC 3339 with nanoseconds, trailing zeros cut, "Z" for a zero offset). Local forms get
// Go's placeholder zone at offset 0: local times are on 0000-01-01, local dates at
// midnight. primer keeps datetimes as these strings: toJson and toYaml print them as Helm
// does, but printing one directly gives this text where Go prints time.Time.String()
// ("1979-05-27 07:32:00 +0000 UTC"). Forms (after t, z and ' ' became T, Z and T):
// date[Ttime[offset]] and time, where time is HH:MM[:SS[.fraction]] (seconds optional in
// TOML 1.1, a fraction only after seconds) and offset Z or +HH:MM. nullopt when invalid.
std::optional<std::string> datetime_text(std::string_view s) {
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  bool has_date = false, has_time = false, has_offset = false;
  std::string fraction;
  int offset_minutes = 0;
  std::string_view rest = s;
  bool separator = false;
  if (rest.size() >= 5 && rest[4] == '-') {
    if (!take_digits(rest, 4, &year) || !take_char(rest, '-') || !take_digits(rest, 2, &month) ||
        !take_char(rest, '-') || !take_digits(rest, 2, &day)) {
      return std::nullopt;
    }
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
    has_date = true;
    if (!rest.empty() && !take_char(rest, 'T')) return std::nullopt;
    separator = s.size() > 10;
  }
  if (!has_date || separator) {
    if (!take_digits(rest, 2, &hour) || !take_char(rest, ':') || !take_digits(rest, 2, &minute)) {
      return std::nullopt;
    }
    if (hour > 23 || minute > 59) return std::nullopt;
    has_time = true;
    if (take_char(rest, ':')) {
      if (!take_digits(rest, 2, &second) || second > 59) return std::nullopt;
      if (rest.size() >= 2 && rest[0] == '.' && is_digit(static_cast<unsigned char>(rest[1]))) {
        rest.remove_prefix(1);
        while (!rest.empty() && is_digit(static_cast<unsigned char>(rest[0]))) {
          if (fraction.size() < 9) fraction += rest[0];
          rest.remove_prefix(1);
        }
      }
    }
    if (has_date && !rest.empty()) {
      if (take_char(rest, 'Z')) {
        has_offset = true;
      } else if (rest[0] == '+' || rest[0] == '-') {
        int sign = rest[0] == '-' ? -1 : 1;
        rest.remove_prefix(1);
        int oh = 0, om = 0;
        // parity: Go's time.Parse takes offsets up to 24:60 when its fast path refuses them.
        if (!take_digits(rest, 2, &oh) || !take_char(rest, ':') || !take_digits(rest, 2, &om) ||
            oh > 24 || om > 60) {
          return std::nullopt;
        }
        offset_minutes = sign * (oh * 60 + om);
        has_offset = true;
      }
    }
    if (!rest.empty()) return std::nullopt;
  }
  if (!has_date && !has_time) return std::nullopt;
  (void)has_offset;
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  char date[16];
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", has_date ? year : 0, has_date ? month : 1,
                has_date ? day : 1);
  std::string out = std::string(date) + "T" + two(hour) + ":" + two(minute) + ":" + two(second);
  if (!fraction.empty()) out += "." + fraction;
  if (offset_minutes == 0) return out + "Z";
  int a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  return out + (offset_minutes < 0 ? "-" : "+") + two(a / 60) + ":" + two(a % 60);
}

// ---- parser -----------------------------------------------------------------------------

enum class VType { Primitive, Array, Hash };

// Builds the document as BurntSushi's parser does: tables are shared maps; arrays of
// tables are lists (told apart from array values by identity), whose last table is the one
// being filled; implicitly created tables and keys typed as arrays are remembered by their
// dotted path, since the duplicate-key rules turn on them.
class Parser {
 public:
  explicit Parser(std::string_view text) : lexer_(text), root_(Value::new_map()) {}

  Value parse() {
    while (true) {
      Item it = next();
      if (it.type == Tok::Eof) break;
      top_level(it);
    }
    return root_;
  }

 private:
  [[noreturn]] void fail_at(int line, const std::string& message) {
    std::string last = current();
    std::string text = "toml: line " + std::to_string(line);
    if (!last.empty()) text += " (last key " + go_quote(last) + ")";
    throw Error(text + ": " + message);
  }
  [[noreturn]] void failp(const std::string& message) { fail_at(pos_line_, message); }
  [[noreturn]] static void bug(const std::string& message) { throw Error("toml: BUG: " + message); }

  Item next() {
    try {
      return lexer_.next_item();
    } catch (const LexError& e) {
      fail_at(e.line, e.message);
    }
  }
  Item next_pos() {
    Item it = next();
    pos_line_ = it.line;
    return it;
  }
  void expect(Tok t) {
    if (next().type != t) bug("unexpected item");
  }

  void check_depth() {
    if (depth_ > kMaxDepth) {
      fail_at(pos_line_, "value nested deeper than " + std::to_string(kMaxDepth) + " levels");
    }
  }

  std::string current() const {
    if (current_key_.empty()) return key_string(context_);
    if (context_.empty()) return current_key_;
    return key_string(context_) + "." + current_key_;
  }

  Path read_key(Item first, Tok end) {
    Path key;
    for (Item k = first; k.type != end && k.type != Tok::Eof; k = next()) {
      key.push_back(key_text(k));
    }
    return key;
  }

  // Reads "a.b.c" of a key/value line: sets the current key, makes a and a.b implicit
  // tables and returns the parent parts.
  Path start_key_value() {
    Path key = read_key(next_pos(), Tok::KeyEnd);
    if (key.empty()) bug("empty key");
    current_key_ = key.back();
    Path parents(key.begin(), key.end() - 1);
    for (const std::string& part : parents) {
      Path implicit = context_;
      implicit.push_back(part);
      add_implicit(implicit);
      add_context(implicit, false);
    }
    return parents;
  }

  void top_level(const Item& it) {
    switch (it.type) {
      case Tok::CommentStart:
        expect(Tok::Text);
        return;
      case Tok::TableStart:
      case Tok::ArrayTableStart: {
        bool array = it.type == Tok::ArrayTableStart;
        Path key = read_key(next_pos(), array ? Tok::ArrayTableEnd : Tok::TableEnd);
        add_context(key, array);
        set_type("", VType::Hash);
        return;
      }
      case Tok::KeyStart: {
        Path outer = context_;
        start_key_value();
        auto [val, type] = value(next(), false);
        set_value(current_key_, val);
        set_type(current_key_, type);
        context_ = outer;
        current_key_.clear();
        return;
      }
      default:
        bug("unexpected item at top level");
    }
  }

  std::string key_text(const Item& it) {
    switch (it.type) {
      case Tok::Text:
        return it.val;
      case Tok::String:
      case Tok::StringEsc:
      case Tok::RawString:
      case Tok::MlString:
      case Tok::RawMlString:
        return value(it, false).first.as_string();
      default:
        bug("unexpected key item");
    }
  }

  std::pair<Value, VType> value(const Item& it, bool parent_is_array) {
    switch (it.type) {
      case Tok::String:
      case Tok::RawString:
        return {Value(it.val), VType::Primitive};
      case Tok::StringEsc:
        return {Value(replace_escapes(it, it.val)), VType::Primitive};
      case Tok::MlString:
        return {Value(replace_escapes(it, strip_escaped_newlines(strip_first_newline(it.val)))),
                VType::Primitive};
      case Tok::RawMlString:
        return {Value(strip_first_newline(it.val)), VType::Primitive};
      case Tok::Integer:
        return {integer(it), VType::Primitive};
      case Tok::Float:
        return {floating(it), VType::Primitive};
      case Tok::Bool:
        return {Value(it.val == "true"), VType::Primitive};
      case Tok::Datetime: {
        std::string s = it.val;
        for (char& c : s) {
          if (c == 'z') c = 'Z';
          if (c == 't' || c == ' ') c = 'T';
        }
        std::optional<std::string> text = datetime_text(s);
        if (!text) fail_at(it.line, "invalid datetime: " + go_quote(s));
        return {Value(*text), VType::Primitive};
      }
      case Tok::ArrayStart:
        return array(it);
      case Tok::InlineStart:
        return inline_table(parent_is_array);
      default:
        bug("unexpected value item");
    }
  }

  static bool underscores_ok(std::string_view s) {
    if (s == "nan" || s == "+nan" || s == "-nan" || s == "inf" || s == "-inf" || s == "+inf") {
      return true;
    }
    bool ok = false;
    for (char c : s) {
      if (c == '_' && !ok) return false;
      ok = is_hex(static_cast<unsigned char>(c));
    }
    return ok;
  }
  static bool has_leading_zero(std::string_view s) {
    if (s.size() > 1 && s[0] == '0' && s[1] != 'b' && s[1] != 'o' && s[1] != 'x') return true;
    return s.size() > 2 && (s[0] == '-' || s[0] == '+') && s[1] == '0';
  }

  Value integer(const Item& it) {
    const std::string& s = it.val;
    if (!underscores_ok(s)) {
      fail_at(it.line,
              "Invalid integer " + go_quote(s) + ": underscores must be surrounded by digits");
    }
    if (has_leading_zero(s))
      fail_at(it.line, "Invalid integer " + go_quote(s) + ": cannot have leading zeroes");
    std::string digits;
    for (char c : s) {
      if (c != '_') digits += c;
    }
    std::int64_t n = 0;
    detail::ParseStatus st = detail::go_parse_int(digits, 0, &n);
    if (st == detail::ParseStatus::Range) fail_at(it.line, s + " is out of range for int64");
    if (st != detail::ParseStatus::Ok) bug("Expected integer value, but got '" + s + "'.");
    return Value(n);
  }

  // Go's ParseFloat decimal syntax: sign, digits with an optional fraction, an optional
  // exponent (or inf/nan words).
  static bool float_syntax_ok(std::string_view s) {
    size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::string_view body = s.substr(i);
    if (body == "inf" || body == "nan") return true;
    size_t digits = 0;
    while (i < s.size() && is_digit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && is_digit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
    }
    if (digits == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
      ++i;
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
      size_t exp = 0;
      while (i < s.size() && is_digit(static_cast<unsigned char>(s[i]))) ++i, ++exp;
      if (exp == 0) return false;
    }
    return i == s.size();
  }

  Value floating(const Item& it) {
    const std::string& s = it.val;
    std::vector<std::string> parts;
    std::string part;
    for (char c : s) {
      if (c == '.' || c == 'e' || c == 'E') {
        if (!part.empty()) parts.push_back(part);
        part.clear();
      } else {
        part += c;
      }
    }
    if (!part.empty()) parts.push_back(part);
    for (const std::string& p : parts) {
      if (!underscores_ok(p)) {
        fail_at(it.line,
                "Invalid float " + go_quote(s) + ": underscores must be surrounded by digits");
      }
    }
    if (!parts.empty() && has_leading_zero(parts[0])) {
      fail_at(it.line, "Invalid float " + go_quote(s) + ": cannot have leading zeroes");
    }
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '.' && (i + 1 == s.size() || !is_digit(static_cast<unsigned char>(s[i + 1])))) {
        fail_at(it.line,
                "Invalid float " + go_quote(s) + ": '.' must be followed by one or more digits");
      }
    }
    std::string val;
    for (char c : s) {
      if (c != '_') val += c;
    }
    if (!float_syntax_ok(val)) fail_at(it.line, "Invalid float value: " + go_quote(s));
    bool negative = val[0] == '-';
    std::string_view body = std::string_view(val).substr(val[0] == '+' || val[0] == '-' ? 1 : 0);
    if (body == "nan") return Value(std::copysign(std::nan(""), negative ? -1.0 : 1.0));
    if (body == "inf") return Value(negative ? -HUGE_VAL : HUGE_VAL);
    double d = std::strtod(val.c_str(), nullptr);
    if (std::isinf(d)) fail_at(it.line, s + " is out of range for float64");
    return Value(d);
  }

  std::pair<Value, VType> array(const Item& it) {
    set_type(current_key_, VType::Array);
    ++depth_;
    check_depth();
    Value list = Value::new_list();
    for (Item e = next(); e.type != Tok::ArrayEnd; e = next()) {
      if (e.type == Tok::CommentStart) {
        expect(Tok::Text);
        continue;
      }
      list.push_back(value(e, true).first);
    }
    (void)it;
    --depth_;
    return {list, VType::Array};
  }

  std::pair<Value, VType> inline_table(bool parent_is_array) {
    ++depth_;
    check_depth();
    Value top = Value::new_map();
    Path outer_context = context_;
    std::string outer_key = current_key_;
    context_.push_back(current_key_);
    Path table_context = context_;
    current_key_.clear();
    add_implicit(context_);
    add_context(context_, parent_is_array);
    for (Item it = next(); it.type != Tok::InlineEnd; it = next()) {
      if (it.type == Tok::CommentStart) {
        expect(Tok::Text);
        continue;
      }
      Path parents = start_key_value();
      auto [val, type] = value(next(), false);
      set_value(current_key_, val);
      set_type(current_key_, type);
      Value hash = top;
      for (const std::string& part : parents) {
        const Value* h = hash.find(part);
        if (!h) {
          hash.set(part, Value::new_map());
          h = hash.find(part);
        }
        if (!h->is_map()) failp(go_quote(key_string(context_)) + " is not a table");
        hash = *h;
      }
      hash.set(current_key_, val);
      context_ = table_context;
    }
    context_ = outer_context;
    current_key_ = outer_key;
    --depth_;
    return {top, VType::Hash};
  }

  static std::string strip_first_newline(const std::string& s) {
    if (!s.empty() && s[0] == '\n') return s.substr(1);
    if (s.size() > 1 && s[0] == '\r' && s[1] == '\n') return s.substr(2);
    return s;
  }

  // A backslash ending a line (whitespace allowed after it) removes itself and all the
  // whitespace and newlines that follow.
  static std::string strip_escaped_newlines(std::string s) {
    std::string out;
    size_t i = 0;
    while (true) {
      size_t at = s.find('\\', i);
      if (at == std::string::npos) return out + s;
      i = at;
      if (i + 1 < s.size() && s[i + 1] == '\\') {
        i += 2;
        continue;
      }
      size_t j = i + 1;
      while (j < s.size() && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r' || s[j] == '\n')) ++j;
      if (j == i + 1 || s.substr(i, j - i).find('\n') == std::string::npos) {
        ++i;
        continue;
      }
      out += s.substr(0, i);
      s = s.substr(j);
      i = 0;
    }
  }

  std::string replace_escapes(const Item& it, const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '\\') {
        out += s[i];
        continue;
      }
      if (i + 1 >= s.size()) bug("Escape sequence at end of string.");
      char c = s[i + 1];
      size_t hex = 0;
      switch (c) {
        case ' ':
        case '\t':
          fail_at(it.line, std::string("invalid escape: '\\") + c + "'");
        case 'b':
          out += '\b';
          break;
        case 't':
          out += '\t';
          break;
        case 'n':
          out += '\n';
          break;
        case 'f':
          out += '\f';
          break;
        case 'r':
          out += '\r';
          break;
        case 'e':
          out += '\x1b';
          break;
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case 'x':
          hex = 2;
          break;
        case 'u':
          hex = 4;
          break;
        case 'U':
          hex = 8;
          break;
        default:
          bug("Expected valid escape code after \\.");
      }
      ++i;
      if (hex) {
        std::string digits = s.substr(i + 1, hex);
        auto r = static_cast<char32_t>(std::strtoul(digits.c_str(), nullptr, 16));
        if (!is_valid_rune(r)) {
          fail_at(it.line, "Escaped character '\\u" + digits + "' is not valid UTF-8.");
        }
        append_rune(out, r);
        i += hex;
      }
    }
    return out;
  }

  // parity: parser.addContext: enters table `key` (or appends a table to array `key`),
  // creating missing parents as implicit tables.
  void add_context(Path key, bool array) {  // by value: callers pass context_
    Value hash = root_;
    Path key_context;
    for (size_t i = 0; i + 1 < key.size(); ++i) {
      const std::string& k = key[i];
      key_context.push_back(k);
      if (!hash.find(k)) {
        add_implicit(key_context);
        hash.set(k, Value::new_map());
      }
      const Value& child = *hash.find(k);
      if (is_table_array(child)) {
        hash = child.as_list().back();
      } else if (child.is_map()) {
        hash = child;
      } else {
        failp("Key '" + key_string(key_context) + "' was already created as a hash.");
      }
    }
    context_ = key_context;
    if (array) {
      const std::string& k = key.back();
      if (!hash.find(k)) {
        Value tables = Value::new_list();
        table_arrays_.insert(&tables.as_list());
        hash.set(k, tables);
      }
      const Value& existing = *hash.find(k);
      if (!is_table_array(existing)) {
        failp("Key '" + key_string(key) + "' was already created and cannot be used as an array.");
      }
      existing.push_back(Value::new_map());
    } else {
      set_value(key.back(), Value::new_map());
    }
    context_.push_back(key.back());
  }

  // parity: parser.setValue: a key may be set once, except over an implicit table (which
  // then stops being implicit) and, for a key typed as an array, over an implicit one.
  void set_value(const std::string& key, const Value& value) {
    Value hash = root_;
    Path key_context;
    for (const std::string& k : context_) {
      key_context.push_back(k);
      const Value* child = hash.find(k);
      if (!child)
        bug("Context for key '" + key_string(key_context) + "' has not been established.");
      if (is_table_array(*child)) {
        hash = child->as_list().back();
      } else if (child->is_map()) {
        hash = *child;
      } else {
        failp("Key '" + key_string(key_context) + "' has already been defined.");
      }
    }
    key_context.push_back(key);
    std::string path = key_string(key_context);
    if (hash.find(key)) {
      if (arrays_.count(path)) {
        if (!implicits_.count(path)) failp("Key '" + path + "' has already been defined.");
        implicits_.erase(path);
        hash.set(key, value);
        return;
      }
      if (implicits_.count(path)) {
        implicits_.erase(path);
        return;
      }
      failp("Key '" + path + "' has already been defined.");
    }
    hash.set(key, value);
  }

  void set_type(const std::string& key, VType type) {
    Path key_context = context_;
    if (!key.empty()) key_context.push_back(key);
    std::string path = key_context.empty() ? "\"\"" : key_string(key_context);
    if (type == VType::Array) {
      arrays_.insert(path);
    } else {
      arrays_.erase(path);
    }
  }

  void add_implicit(const Path& key) { implicits_.insert(key_string(key)); }
  bool is_table_array(const Value& v) const {
    return v.is_list() && table_arrays_.count(&v.as_list()) > 0;
  }

  Lexer lexer_;
  Value root_;
  Path context_;             // the table being filled
  std::string current_key_;  // the key being set in it
  int pos_line_ = 0;         // line of the first part of the key being read
  int depth_ = 0;
  std::set<std::string> implicits_;
  std::set<std::string> arrays_;
  std::set<const List*> table_arrays_;
};

}  // namespace

std::string to_toml(const Value& v) {
  Encoder enc;
  enc.encode(Path{}, v, 0);
  return enc.take();
}

Value parse_toml(std::string_view text) {
  // parity: parse() skips a UTF-16 or UTF-8 byte order mark, and refuses a NUL byte in the
  // first six bytes as a sign of UTF-16.
  if (text.starts_with("\xff\xfe") || text.starts_with("\xfe\xff")) {
    text.remove_prefix(2);
  } else if (text.starts_with("\xef\xbb\xbf")) {
    text.remove_prefix(3);
  }
  if (text.substr(0, 6).find('\0') != std::string_view::npos) {
    throw Error(
        "toml: line 1: files cannot contain NULL bytes; probably using UTF-16; TOML files must be "
        "UTF-8");
  }
  Parser parser(text);
  return parser.parse();
}

}  // namespace primer::value
