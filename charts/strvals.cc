#include "charts/strvals.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>

#include "base/error.h"
#include "base/strings.h"
#include "base/utf8.h"

namespace primer::charts {
namespace {

using value::Kind;
using value::Value;

// parity: strvals.MaxIndex and MaxNestedNameLevel.
constexpr std::int64_t kMaxIndex = 65536;
constexpr int kMaxNestedNameLevel = 30;

// What a step of the parser ended with when it did not fail: Go's nil error, or io.EOF
// (which makes the whole line end successfully).
enum class Status { Ok, Eof };

// The name Go's runtime gives a value's dynamic type in an interface conversion panic.
std::string panic_type_name(const Value& v) {
  if (v.is_null()) return "nil";
  return std::string(value::go_type_name(v.kind()));
}

// parity: the runtime.TypeAssertionError text that strvals' recover() turns into an error.
[[noreturn]] void conversion_panic(const Value& got, std::string_view want) {
  throw Error("unable to parse key: interface conversion: interface {} is " + panic_type_name(got) +
              ", not " + std::string(want));
}

// Go's strconv.QuoteRune, for `%q` of a []rune.
std::string quote_rune(char32_t r) {
  std::string out = "'";
  append_go_escaped_rune(out, r, '\'', !(r < 0x20 || r == 0x7f));
  return out + "'";
}

std::string runes_to_string(const std::u32string& runes) {
  std::string out;
  for (char32_t r : runes) append_rune(out, r);
  return out;
}

// Go's unicode-aware strings.EqualFold against an ASCII lower-case word.
bool equal_fold_ascii(const std::u32string& s, std::string_view word) {
  if (s.size() != word.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char32_t r = s[i];
    if (r >= 'A' && r <= 'Z') r += 'a' - 'A';
    if (r == 0x017F) r = 's';  // LATIN SMALL LETTER LONG S folds to s
    if (r == 0x212A) r = 'k';  // KELVIN SIGN folds to k
    if (r != static_cast<unsigned char>(word[i])) return false;
  }
  return true;
}

// strconv.ParseInt(s, 10, 64).
std::optional<std::int64_t> parse_int64(std::string_view s) {
  std::size_t i = 0;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    i = 1;
  }
  if (i == s.size()) return std::nullopt;
  std::uint64_t n = 0;
  const std::uint64_t limit = negative ? (std::uint64_t{1} << 63) : (std::uint64_t{1} << 63) - 1;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    std::uint64_t d = static_cast<std::uint64_t>(s[i] - '0');
    if (n > (limit - d) / 10) return std::nullopt;
    n = n * 10 + d;
  }
  if (negative) return static_cast<std::int64_t>(0 - n);
  return static_cast<std::int64_t>(n);
}

// parity: strvals.typedVal.
Value typed_value(const std::u32string& runes, bool as_string) {
  std::string text = runes_to_string(runes);
  if (as_string) return Value(text);
  if (equal_fold_ascii(runes, "true")) return Value(true);
  if (equal_fold_ascii(runes, "false")) return Value(false);
  if (equal_fold_ascii(runes, "null")) return Value();
  if (text == "0") return Value(std::int64_t{0});
  if (!text.empty() && text[0] != '0') {
    if (auto n = parse_int64(text)) return Value(*n);
  }
  return Value(text);
}

// strconv.Atoi's error text for `s`.
std::int64_t atoi_index(const std::u32string& runes) {
  std::string s = runes_to_string(runes);
  std::size_t i = 0;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    i = 1;
  }
  bool syntax_ok = i < s.size();
  std::uint64_t n = 0;
  bool overflow = false;
  for (std::size_t j = i; j < s.size(); ++j) {
    if (s[j] < '0' || s[j] > '9') {
      syntax_ok = false;
      break;
    }
    if (!overflow) {
      n = n * 10 + static_cast<std::uint64_t>(s[j] - '0');
      if (n > (std::uint64_t{1} << 63)) overflow = true;
    }
  }
  if (!syntax_ok) {
    throw Error("error parsing index: strconv.Atoi: parsing " + quote(s) + ": invalid syntax");
  }
  if (overflow || (!negative && n > (std::uint64_t{1} << 63) - 1)) {
    throw Error("error parsing index: strconv.Atoi: parsing " + quote(s) + ": value out of range");
  }
  return negative ? static_cast<std::int64_t>(0 - n) : static_cast<std::int64_t>(n);
}

// Finds the end of the JSON value at the start of `s` (after white space) as Go's
// json.Decoder does: the value ends where its last token ends, whatever follows.
// Returns std::nullopt when the text is not one complete value.
std::optional<std::size_t> json_value_end(std::string_view s) {
  std::size_t i = 0;
  auto space = [&](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (i < s.size() && space(s[i])) ++i;
  if (i == s.size()) return std::nullopt;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  char c = s[i];
  if (c == '{' || c == '[') {
    int depth = 0;
    bool in_string = false;
    for (; i < s.size(); ++i) {
      char d = s[i];
      if (in_string) {
        if (d == '\\') {
          ++i;
        } else if (d == '"') {
          in_string = false;
        }
      } else if (d == '"') {
        in_string = true;
      } else if (d == '{' || d == '[') {
        ++depth;
      } else if (d == '}' || d == ']') {
        if (--depth == 0) return i + 1;
      }
    }
    return std::nullopt;
  }
  if (c == '"') {
    for (++i; i < s.size(); ++i) {
      if (s[i] == '\\') {
        ++i;
      } else if (s[i] == '"') {
        return i + 1;
      }
    }
    return std::nullopt;
  }
  if (c == '-' || digit(c)) {
    if (c == '-') ++i;
    if (i < s.size() && s[i] == '0') {
      ++i;
    } else if (i < s.size() && digit(s[i])) {
      while (i < s.size() && digit(s[i])) ++i;
    } else {
      return std::nullopt;
    }
    if (i < s.size() && s[i] == '.') {
      ++i;
      if (i == s.size() || !digit(s[i])) return std::nullopt;
      while (i < s.size() && digit(s[i])) ++i;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
      ++i;
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
      if (i == s.size() || !digit(s[i])) return std::nullopt;
      while (i < s.size() && digit(s[i])) ++i;
    }
    return i;
  }
  for (std::string_view word : {"true", "false", "null"}) {
    if (s.substr(i, word.size()) == word) return i + word.size();
  }
  return std::nullopt;
}

class Parser {
 public:
  Parser(std::string_view text, SetKind kind, Dialect dialect, const SetFileReader& reader)
      : text_(text), kind_(kind), dialect_(dialect), reader_(reader) {}

  // parity: strvals parser.parse / literalParser.parse.
  void parse(const Value& data) {
    while (key(data, 0) == Status::Ok) {
    }
  }

 private:
  struct Until {
    std::u32string runes;
    char32_t last = 0;
    bool eof = false;
  };

  std::optional<char32_t> read_rune() {
    if (pos_ >= text_.size()) return std::nullopt;
    DecodedRune d = decode_rune(text_, pos_);
    pos_ += d.width;
    last_width_ = d.width;
    return d.rune;
  }
  void unread_rune() { pos_ -= last_width_; }

  bool literal() const { return kind_ == SetKind::Literal; }

  // parity: strvals.runesUntil (a backslash takes the next rune literally) and
  // runesUntilLiteral (no escapes), for --set-literal.
  Until runes_until(std::u32string_view stop) {
    Until out;
    for (;;) {
      std::optional<char32_t> r = read_rune();
      if (!r) {
        out.eof = true;
        return out;
      }
      if (stop.find(*r) != std::u32string_view::npos) {
        out.last = *r;
        return out;
      }
      if (*r == '\\' && !literal()) {
        std::optional<char32_t> next = read_rune();
        if (!next) {
          out.eof = true;
          return out;
        }
        out.runes.push_back(*next);
        continue;
      }
      out.runes.push_back(*r);
    }
  }

  // A value read through the flag's reader (typedVal, string, or file content).
  Value read_value(const std::u32string& runes) {
    switch (kind_) {
      case SetKind::Typed:
        return typed_value(runes, false);
      case SetKind::String:
        return typed_value(runes, true);
      case SetKind::File: {
        std::string path = runes_to_string(runes);
        return Value(reader_ ? reader_(path) : read_set_file(path));
      }
      case SetKind::Json:
      case SetKind::Literal:
        break;
    }
    return Value(runes_to_string(runes));
  }

  static void set(const Value& data, const std::string& key, Value v) {
    if (key.empty()) return;  // parity: strvals.set ignores an empty key
    data.set(key, std::move(v));
  }

  // An "error parsing index" caused by the end of the line: helm 4 wraps io.EOF with %w and
  // its parse loop sees EOF through errors.Is; helm 3's errors.Wrap hides it.
  Status index_eof() {
    if (dialect_ == Dialect::Helm3) throw Error("error parsing index: EOF");
    return Status::Eof;
  }

  // parity: parser.keyIndex. Returns nullopt at the end of the line.
  std::optional<std::int64_t> key_index() {
    Until u = runes_until(U"]");
    if (u.eof) return std::nullopt;
    return atoi_index(u.runes);
  }

  // parity: parser.emptyVal (for --set-json): skips blanks; true at a comma or the end.
  bool empty_value() {
    for (;;) {
      std::optional<char32_t> r = read_rune();
      if (!r || *r == ',') return true;
      if (!is_go_space(*r)) {
        unread_rune();
        return false;
      }
    }
  }

  // Decodes one JSON value from the rest of the line, as json.Decoder.Decode does.
  Value json_value() {
    std::string_view rest = text_.substr(pos_);
    std::optional<std::size_t> end = json_value_end(rest);
    if (!end) throw Error("invalid JSON value: " + std::string(rest));
    Value v = value::parse_json("--set-json", rest.substr(0, *end));
    pos_ += *end;
    return v;
  }

  // parity: parser.valList. nullopt with `eof` set at the end of the line, nullopt alone
  // when the value is not a `{...}` list.
  std::optional<Value> value_list(bool& eof) {
    eof = false;
    std::optional<char32_t> r = read_rune();
    if (!r) {
      eof = true;
      return std::nullopt;
    }
    if (*r != '{') {
      unread_rune();
      return std::nullopt;
    }
    Value list = Value::new_list();
    for (;;) {
      Until u = runes_until(U",}");
      if (u.eof) throw Error("list must terminate with '}'");
      if (u.last == '}') {
        std::optional<char32_t> next = read_rune();
        if (next && *next != ',') unread_rune();
        list.push_back(read_value(u.runes));
        return list;
      }
      list.push_back(read_value(u.runes));
    }
  }

  // parity: strvals.setIndex. Writes in place when the slot exists (Go's shared backing
  // array), else into a new, longer list.
  static Value set_index(const Value& list, std::int64_t index, Value v) {
    if (index < 0) throw Error("negative " + std::to_string(index) + " index not allowed");
    if (index > kMaxIndex) {
      throw Error("index of " + std::to_string(index) +
                  " is greater than maximum supported index of " + std::to_string(kMaxIndex));
    }
    auto i = static_cast<std::size_t>(index);
    if (list.is_list() && list.size() > i) {
      list.as_list()[i] = std::move(v);
      return list;
    }
    value::List grown = list.is_list() ? list.as_list() : value::List{};
    grown.resize(i + 1);
    grown[i] = std::move(v);
    return Value(std::move(grown));
  }

  // parity: parser.key / literalParser.key.
  Status key(const Value& data, int nested_level) {
    std::u32string stop = literal() ? U"=[." : U"=[,.";
    Until u = runes_until(stop);
    std::string k = runes_to_string(u.runes);
    if (u.eof) {
      if (u.runes.empty()) return Status::Eof;
      throw Error("key " + quote(k) + " has no value");
    }
    switch (u.last) {
      case '[': {
        std::optional<std::int64_t> index = key_index();
        if (!index) return index_eof();
        Value list = Value::new_list();
        if (const Value* existing = data.find(k)) {
          if (!existing->is_list()) conversion_panic(*existing, "[]interface {}");
          list = *existing;
        }
        Status status = list_item(list, *index, nested_level);
        set(data, k, list);
        return status;
      }
      case '=': {
        if (kind_ == SetKind::Literal) {
          Until rest = runes_until(U"");
          set(data, k, Value(runes_to_string(rest.runes)));
          return Status::Ok;
        }
        if (kind_ == SetKind::Json) {
          if (empty_value()) {
            set(data, k, Value());
            return Status::Ok;
          }
          set(data, k, json_value());
          empty_value();
          return Status::Ok;
        }
        bool eof = false;
        if (std::optional<Value> list = value_list(eof)) {
          set(data, k, *list);
          return Status::Ok;
        }
        if (eof) {
          set(data, k, Value(""));
          return Status::Eof;
        }
        Until v = runes_until(U",");
        set(data, k, read_value(v.runes));
        return Status::Ok;
      }
      case ',':
        set(data, k, Value(""));
        throw Error("key " + quote(k) + " has no value (cannot end with ,)");
      case '.': {
        if (++nested_level > kMaxNestedNameLevel) {
          throw Error("value name nested level is greater than maximum supported nested level of " +
                      std::to_string(kMaxNestedNameLevel));
        }
        Value inner = Value::new_map();
        if (const Value* existing = data.find(k)) {
          if (!existing->is_map()) conversion_panic(*existing, "map[string]interface {}");
          inner = *existing;
        }
        Status status = key(inner, nested_level);
        if (status == Status::Ok && inner.size() == 0) {
          throw Error("key map " + quote(k) + " has no value");
        }
        if (inner.size() != 0) set(data, k, inner);
        return status;
      }
      default:
        break;
    }
    return Status::Ok;  // not reached: runes_until stops only at a stop rune
  }

  // parity: parser.listItem / literalParser.listItem. `list` is replaced by the list to store.
  Status list_item(Value& list, std::int64_t i, int nested_level) {
    if (i < 0) throw Error("negative " + std::to_string(i) + " index not allowed");
    Until u = runes_until(U"[.=");
    if (!u.runes.empty()) {
      std::string quoted = "[";
      for (std::size_t j = 0; j < u.runes.size(); ++j) {
        if (j > 0) quoted += ' ';
        quoted += quote_rune(u.runes[j]);
      }
      throw Error("unexpected data at end of array index: " + quoted + "]");
    }
    if (u.eof) return Status::Eof;
    switch (u.last) {
      case '=': {
        if (kind_ == SetKind::Literal) {
          Until rest = runes_until(U"");
          list = set_index(list, i, Value(runes_to_string(rest.runes)));
          return Status::Ok;
        }
        if (kind_ == SetKind::Json) {
          if (empty_value()) {
            list = set_index(list, i, Value());
            return Status::Ok;
          }
          Value v = json_value();
          list = set_index(list, i, std::move(v));
          empty_value();
          return Status::Ok;
        }
        bool eof = false;
        if (std::optional<Value> values = value_list(eof)) {
          list = set_index(list, i, *values);
          return Status::Ok;
        }
        if (eof) {
          list = set_index(list, i, Value(""));
          return Status::Ok;
        }
        Until v = runes_until(U",");
        Value item = read_value(v.runes);
        list = set_index(list, i, std::move(item));
        return Status::Ok;
      }
      case '[': {
        std::optional<std::int64_t> next = key_index();
        if (!next) return index_eof();
        Value current = Value::new_list();
        if (list.is_list() && list.size() > static_cast<std::size_t>(i)) {
          const Value& existing = list.as_list()[static_cast<std::size_t>(i)];
          if (!existing.is_null()) {
            if (!existing.is_list()) conversion_panic(existing, "[]interface {}");
            current = existing;
          }
        }
        Status status = list_item(current, *next, nested_level);
        if (status != Status::Ok) return status;
        list = set_index(list, i, current);
        return Status::Ok;
      }
      case '.': {
        Value inner = Value::new_map();
        if (list.is_list() && list.size() > static_cast<std::size_t>(i)) {
          Value& slot = list.as_list()[static_cast<std::size_t>(i)];
          if (!slot.is_map()) slot = Value::new_map();  // indices given out of order
          inner = slot;
        }
        Status status = key(inner, nested_level);
        if (status != Status::Ok) return status;
        list = set_index(list, i, inner);
        return Status::Ok;
      }
      default:
        break;
    }
    return Status::Ok;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t last_width_ = 0;
  SetKind kind_;
  Dialect dialect_;
  const SetFileReader& reader_;
};

}  // namespace

std::string read_set_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw Error("read " + path + ": is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    std::string why = err == ENOENT   ? "no such file or directory"
                      : err == EACCES ? "permission denied"
                                      : std::strerror(err);
    throw Error("open " + path + ": " + why);
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void parse_set_into(std::string_view line, const value::Value& dest, SetKind kind, Dialect dialect,
                    const SetFileReader& reader) {
  if (!dest.is_map()) throw Error("--set values must be parsed into a map");
  Parser(line, kind, dialect, reader).parse(dest);
}

value::Value parse_set(std::string_view line, SetKind kind, Dialect dialect,
                       const SetFileReader& reader) {
  Value out = Value::new_map();
  parse_set_into(line, out, kind, dialect, reader);
  return out;
}

}  // namespace primer::charts
