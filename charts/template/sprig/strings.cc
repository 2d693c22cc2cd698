// Sprig's string functions (strings.go and the string entries of functions.go), with the
// goutils and xstrings helpers they call.

#include "base/strings.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/utf8.h"
#include "charts/template/detail/text.h"
#include "charts/template/sprig/detail/convert.h"
#include "charts/template/sprig/sprig.h"

namespace primer::tmpl::sprig {
namespace {

using detail::boolean;
using detail::str;

const std::string& s_arg(std::span<const TValue> a, std::size_t i) {
  return a[i].value().as_string();
}
std::int64_t i_arg(std::span<const TValue> a, std::size_t i) { return a[i].value().as_int(); }

// Every rune of `s` through `fn`; invalid bytes become U+FFFD (strings.Map's behaviour).
template <typename Fn>
std::string map_runes(std::string_view s, Fn fn) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    DecodedRune d = decode_rune(s, i);
    append_rune(out, fn(d.rune));
    i += d.width;
  }
  return out;
}

std::vector<char32_t> runes(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    DecodedRune d = decode_rune(s, i);
    out.push_back(d.rune);
    i += d.width;
  }
  return out;
}

std::string from_runes(const std::vector<char32_t>& rs) {
  std::string out;
  for (char32_t r : rs) append_rune(out, r);
  return out;
}

std::string repeat(std::string_view s, std::int64_t n) {
  // parity: strings.Repeat panics on a negative count.
  if (n < 0) throw Error("strings: negative Repeat count");
  std::string out;
  out.reserve(s.size() * static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) out += s;
  return out;
}

std::string trim_space(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e) {
    DecodedRune d = decode_rune(s, b);
    if (!detail::is_space(d.rune)) break;
    b += d.width;
  }
  while (e > b) {
    std::size_t start = e - 1;
    while (start > b && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80 && e - start < 4) {
      --start;
    }
    DecodedRune d = decode_rune(s.substr(0, e), start);
    if (d.width != e - start) {  // not one rune ending at e: take the last byte alone
      start = e - 1;
      d = decode_rune(s.substr(0, e), start);
    }
    if (!detail::is_space(d.rune)) break;
    e = start;
  }
  return std::string(s.substr(b, e - b));
}

// parity: strings.Trim(s, cutset): drops leading and trailing runes found in cutset.
std::string trim_cutset(std::string_view s, std::string_view cutset) {
  std::vector<char32_t> cut = runes(cutset);
  auto in_cut = [&](char32_t r) { return std::find(cut.begin(), cut.end(), r) != cut.end(); };
  struct Piece {
    std::size_t at, width;
    char32_t r;
  };
  std::vector<Piece> pieces;
  for (std::size_t i = 0; i < s.size();) {
    DecodedRune d = decode_rune(s, i);
    pieces.push_back({i, d.width, d.rune});
    i += d.width;
  }
  std::size_t b = 0, e = pieces.size();
  while (b < e && in_cut(pieces[b].r)) ++b;
  while (e > b && in_cut(pieces[e - 1].r)) --e;
  if (b == e) return "";
  return std::string(s.substr(pieces[b].at, pieces[e - 1].at + pieces[e - 1].width - pieces[b].at));
}

std::string replace_all(std::string_view s, std::string_view old, std::string_view repl) {
  std::string out;
  if (old.empty()) {
    // parity: strings.Replace with an empty old inserts repl around every rune.
    out += repl;
    for (std::size_t i = 0; i < s.size();) {
      DecodedRune d = decode_rune(s, i);
      out += s.substr(i, d.width);
      out += repl;
      i += d.width;
    }
    return out;
  }
  std::size_t pos = 0;
  while (true) {
    std::size_t found = s.find(old, pos);
    if (found == std::string_view::npos) break;
    out += s.substr(pos, found - pos);
    out += repl;
    pos = found + old.size();
  }
  out += s.substr(pos);
  return out;
}

// parity: strings.SplitN (n < 0: all parts; n == 0: none; an empty sep splits runes).
std::vector<std::string> split_n(std::string_view s, std::string_view sep, std::int64_t n) {
  std::vector<std::string> out;
  if (n == 0) return out;
  if (sep.empty()) {
    for (std::size_t i = 0; i < s.size();) {
      if (n > 0 && static_cast<std::int64_t>(out.size()) == n - 1) {
        out.emplace_back(s.substr(i));
        return out;
      }
      DecodedRune d = decode_rune(s, i);
      out.emplace_back(s.substr(i, d.width));
      i += d.width;
    }
    return out;
  }
  std::size_t pos = 0;
  while (n < 0 || static_cast<std::int64_t>(out.size()) < n - 1) {
    std::size_t found = s.find(sep, pos);
    if (found == std::string_view::npos) break;
    out.emplace_back(s.substr(pos, found - pos));
    pos = found + sep.size();
  }
  out.emplace_back(s.substr(pos));
  return out;
}

TValue string_list(const std::vector<std::string>& parts) {
  value::List l;
  for (const auto& p : parts) l.emplace_back(p);
  return TValue(GoType::StringList, value::Value(std::move(l)));
}

TValue string_map(const std::vector<std::string>& parts) {
  value::Map m;
  for (std::size_t i = 0; i < parts.size(); ++i)
    m["_" + std::to_string(i)] = value::Value(parts[i]);
  return TValue(GoType::StringMap, value::Value(std::move(m)));
}

// parity: goutils.AbbreviateFull.
std::string abbreviate(const std::string& s, std::int64_t offset, std::int64_t width) {
  if (s.empty()) return "";
  if (width < 4) return "";
  auto len = static_cast<std::int64_t>(s.size());
  if (len <= width) return s;
  if (offset > len) offset = len;
  if (len - offset < width - 3) offset = len - (width - 3);
  if (offset <= 4) return s.substr(0, static_cast<std::size_t>(width - 3)) + "...";
  if (width < 7) return "";
  if (offset + width - 3 < len) {
    return "..." + abbreviate(s.substr(static_cast<std::size_t>(offset)), 0, width - 3);
  }
  return "..." + s.substr(static_cast<std::size_t>(len - (width - 3)));
}

// parity: goutils.WrapCustom (byte based).
std::string wrap_custom(const std::string& s, std::int64_t width, std::string nl, bool long_words) {
  if (s.empty()) return "";
  if (nl.empty()) nl = "\n";
  if (width < 1) width = 1;
  auto w = static_cast<std::size_t>(width);
  std::size_t len = s.size(), offset = 0;
  std::string out;
  while (len - offset > w) {
    if (s[offset] == ' ') {
      ++offset;
      continue;
    }
    std::size_t end = w + offset + 1;
    std::size_t sp = s.substr(offset, end - offset).rfind(' ');
    if (sp != std::string::npos) {
      out += s.substr(offset, sp);
      out += nl;
      offset += sp + 1;
    } else if (long_words) {
      out += s.substr(offset, w);
      out += nl;
      offset += w;
    } else {
      std::size_t e = w + offset;
      std::size_t idx = s.find(' ', e);
      if (idx == std::string::npos) {
        out += s.substr(offset);
        offset = len;
      } else {
        out += s.substr(offset, idx - offset);
        out += nl;
        offset = idx + 1;
      }
    }
  }
  out += s.substr(offset);
  return out;
}

// parity: goutils.Initials / DeleteWhiteSpace read bytes as runes, so each byte of a
// multi-byte character comes out as its own Latin-1 rune.
std::string initials(const std::string& s) {
  std::string out;
  bool gap = true;
  for (unsigned char c : s) {
    if (detail::is_space(c)) {
      gap = true;
    } else if (gap) {
      append_rune(out, c);
      gap = false;
    }
  }
  return out;
}

std::string no_space(const std::string& s) {
  std::string out;
  std::size_t kept = 0;
  for (unsigned char c : s) {
    if (!detail::is_space(c)) {
      append_rune(out, c);
      ++kept;
    }
  }
  return kept == s.size() ? s : out;
}

std::string swap_case(const std::string& s) {
  if (s.empty()) return s;
  std::vector<char32_t> rs = runes(s);
  for (char32_t& r : rs) {
    // goutils uses ToTitle after a space, ToUpper elsewhere: the same outside digraphs.
    if (detail::is_upper(r)) {
      r = detail::to_lower(r);
    } else if (detail::is_lower(r)) {
      r = detail::to_upper(r);
    }
  }
  return from_runes(rs);
}

std::string untitle(const std::string& s) {
  if (s.empty()) return s;
  std::vector<char32_t> rs = runes(s);
  bool next = true;
  for (char32_t& r : rs) {
    if (detail::is_space(r)) {
      next = true;
    } else if (next) {
      r = detail::to_lower(r);
      next = false;
    }
  }
  return from_runes(rs);
}

// parity: strings.Title's isSeparator.
bool title_separator(char32_t r) {
  if (r < 0x80) {
    return !((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') ||
             r == '_');
  }
  return detail::is_space(r);
}

std::string title(const std::string& s) {
  char32_t prev = ' ';
  return map_runes(s, [&](char32_t r) {
    char32_t out = title_separator(prev) ? detail::to_upper(r) : r;
    prev = r;
    return out;
  });
}

bool is_connector(char32_t r) { return r == '-' || r == '_' || detail::is_space(r); }

// parity: xstrings.ToPascalCase (v1.5.0): connectors dropped, the rune after them upper-cased.
std::string pascal_case(const std::string& s) {
  if (s.empty()) return "";
  std::vector<char32_t> rs = runes(s);
  std::string out;
  std::size_t i = 0;
  char32_t r0 = 0;
  bool found = false;
  for (; i < rs.size(); ++i) {
    r0 = rs[i];
    if (!is_connector(r0)) {
      r0 = detail::to_upper(r0);
      found = true;
      ++i;
      break;
    }
    append_rune(out, r0);
  }
  if (!found) {
    if (!rs.empty()) append_rune(out, r0);  // parity: the last connector is written twice
    return out;
  }
  for (; i < rs.size(); ++i) {
    char32_t r1 = r0;
    r0 = rs[i];
    if (is_connector(r0) && is_connector(r1)) {
      append_rune(out, r1);
      continue;
    }
    if (is_connector(r1)) {
      r0 = detail::to_upper(r0);
    } else {
      append_rune(out, r1);
    }
  }
  append_rune(out, r0);
  return out;
}

// ---- xstrings.ToSnakeCase / ToKebabCase ----

enum class Word { Invalid, Number, Upper, Alpha, Connector, Punct, Other };

bool is_punct(char32_t r) {
  if (r < 0x80) {
    // parity: unicode.IsPunct (category P) in ASCII; $+<=>^`|~ are symbols, not punctuation.
    return std::string_view("!\"#%&'()*,-./:;?@[\\]_{}").find(static_cast<char>(r)) !=
           std::string_view::npos;
  }
  return r == 0xA1 || r == 0xA7 || r == 0xAB || r == 0xB6 || r == 0xB7 || r == 0xBB || r == 0xBF ||
         (r >= 0x2010 && r <= 0x2027) || (r >= 0x2030 && r <= 0x205E) ||
         (r >= 0x3001 && r <= 0x3003);
}
bool is_number(char32_t r) {
  return (r >= '0' && r <= '9') || r == 0xB2 || r == 0xB3 || r == 0xB9 || (r >= 0xBC && r <= 0xBE);
}
bool is_alphabet(char32_t r) { return detail::is_letter(r); }

struct Next {
  Word type = Word::Invalid;
  std::string_view word, rest;
};

// Decodes a rune, skipping invalid bytes; at the end returns `prev` (xstrings nextValidRune).
std::pair<char32_t, std::size_t> next_valid(std::string_view s, char32_t prev) {
  std::size_t size = 0;
  while (!s.empty()) {
    DecodedRune d = decode_rune(s, 0);
    size += d.width;
    if (d.rune != kRuneError) return {d.rune, size};
    s.remove_prefix(d.width);
  }
  return {prev, size};
}

Next next_word(std::string_view str) {
  Next n;
  if (str.empty()) return n;
  std::size_t offset = 0;
  std::string_view rem = str;
  auto [r, size] = next_valid(rem, kRuneError);
  offset += size;
  if (r == kRuneError) {
    n.type = Word::Invalid;
    n.word = str.substr(0, offset);
    n.rest = str.substr(offset);
    return n;
  }
  auto scan = [&](auto keep) {
    rem.remove_prefix(size);
    while (!rem.empty()) {
      std::tie(r, size) = next_valid(rem, r);
      if (!keep(r)) break;
      offset += size;
      rem.remove_prefix(size);
    }
  };
  if (is_connector(r)) {
    n.type = Word::Connector;
    scan([](char32_t c) { return is_connector(c); });
  } else if (is_punct(r)) {
    n.type = Word::Punct;
    scan([](char32_t c) { return is_punct(c); });
  } else if (detail::is_upper(r)) {
    n.type = Word::Upper;
    rem.remove_prefix(size);
    if (!rem.empty()) {
      std::tie(r, size) = next_valid(rem, r);
      if (detail::is_upper(r)) {
        std::size_t prev_size = size;
        offset += size;
        rem.remove_prefix(size);
        while (!rem.empty()) {
          std::tie(r, size) = next_valid(rem, r);
          if (!detail::is_upper(r)) break;
          prev_size = size;
          offset += size;
          rem.remove_prefix(size);
        }
        if (!rem.empty() && is_alphabet(r)) {
          offset -= prev_size;
          rem = str.substr(offset);
        }
      } else if (is_alphabet(r)) {
        offset += size;
        rem.remove_prefix(size);
        while (!rem.empty()) {
          std::tie(r, size) = next_valid(rem, r);
          if (!is_alphabet(r) || detail::is_upper(r)) break;
          offset += size;
          rem.remove_prefix(size);
        }
      }
    }
  } else if (is_alphabet(r)) {
    n.type = Word::Alpha;
    scan([](char32_t c) { return is_alphabet(c) && !detail::is_upper(c); });
  } else if (is_number(r)) {
    n.type = Word::Number;
    scan([](char32_t c) { return is_number(c); });
  } else {
    n.type = Word::Other;
    rem.remove_prefix(size);
    while (!rem.empty()) {
      std::tie(r, size) = next_valid(rem, r);
      if (size == 0 || is_connector(r) || is_alphabet(r) || is_number(r) || is_punct(r)) break;
      offset += size;
      rem.remove_prefix(size);
    }
  }
  n.word = str.substr(0, offset);
  n.rest = rem;
  return n;
}

void lower_word(std::string& out, Word t, std::string_view w, char32_t connector) {
  if (t != Word::Upper && t != Word::Connector) {
    out += w;
    return;
  }
  for (std::size_t i = 0; i < w.size();) {
    DecodedRune d = decode_rune(w, i);
    i += d.width;
    if (is_connector(d.rune)) {
      append_rune(out, connector);
    } else if (detail::is_upper(d.rune)) {
      append_rune(out, detail::to_lower(d.rune));
    } else {
      append_rune(out, d.rune);
    }
  }
}

std::string camel_to_lower(std::string_view str, char32_t conn) {
  if (str.empty()) return "";
  std::string out;
  Next n = next_word(str);
  while (!n.rest.empty()) {
    if (n.type != Word::Connector) lower_word(out, n.type, n.word, conn);
    Word prev = n.type;
    std::string_view last = n.word;
    n = next_word(n.rest);
    switch (prev) {
      case Word::Number:
        while (n.type == Word::Alpha || n.type == Word::Number) {
          lower_word(out, n.type, n.word, conn);
          n = next_word(n.rest);
        }
        if (n.type != Word::Invalid && n.type != Word::Punct && n.type != Word::Connector) {
          append_rune(out, conn);
        }
        break;
      case Word::Connector:
        lower_word(out, prev, last, conn);
        break;
      case Word::Punct:
        break;
      default: {
        if (n.type != Word::Number) {
          if (n.type != Word::Connector && n.type != Word::Punct) append_rune(out, conn);
          break;
        }
        if (n.rest.empty()) break;
        std::string_view num = n.word;
        n = next_word(n.rest);
        if (n.type != Word::Alpha) {
          lower_word(out, Word::Number, num, conn);
          if (n.type != Word::Connector && n.type != Word::Punct) append_rune(out, conn);
          break;
        }
        append_rune(out, conn);
        lower_word(out, Word::Number, num, conn);
        while (n.type == Word::Alpha || n.type == Word::Number) {
          lower_word(out, n.type, n.word, conn);
          n = next_word(n.rest);
        }
        if (n.type != Word::Invalid && n.type != Word::Connector && n.type != Word::Punct) {
          append_rune(out, conn);
        }
      }
    }
  }
  lower_word(out, n.type, n.word, conn);
  return out;
}

// OpenSSL 3 looks a legacy EVP_MD (EVP_sha256()) up in its provider tables on every use,
// which costs more than hashing a typical value; a fetched one is used as is. Each caller
// fetches once and keeps it for the life of the process (the legacy one if fetching fails).
const EVP_MD* fetch_md(const char* name, const EVP_MD* legacy) {
  const EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  return md ? md : legacy;
}

std::string digest(const EVP_MD* md, const std::string& s) {
  unsigned char buf[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(s.data(), s.size(), buf, &len, md, nullptr) != 1) {
    throw Error("internal error: digest failed");
  }
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[buf[i] >> 4];
    out += kHex[buf[i] & 15];
  }
  return out;
}

std::uint32_t adler32(const std::string& s) {
  std::uint32_t a = 1, b = 0;
  for (unsigned char c : s) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

// parity: Go's runtime message for s[lo:hi] out of range.
[[noreturn]] void slice_panic(std::int64_t lo, std::int64_t hi, std::size_t len, bool has_lo) {
  std::string m = "runtime error: slice bounds out of range [";
  if (hi < 0) {
    m += ":" + std::to_string(hi) + "]";
  } else if (static_cast<std::uint64_t>(hi) > len) {
    m += ":" + std::to_string(hi) + "] with length " + std::to_string(len);
  } else if (has_lo && lo < 0) {
    m += std::to_string(lo) + ":]";
  } else {
    m += std::to_string(lo) + ":" + std::to_string(hi) + "]";
  }
  throw Error(m);
}

std::string go_slice(const std::string& s, std::int64_t lo, std::int64_t hi, bool has_lo) {
  if (hi < 0 || static_cast<std::uint64_t>(hi) > s.size() || lo < 0 || lo > hi) {
    slice_panic(lo, hi, s.size(), has_lo);
  }
  return s.substr(static_cast<std::size_t>(lo), static_cast<std::size_t>(hi - lo));
}

std::string substring(std::int64_t start, std::int64_t end, const std::string& s) {
  auto len = static_cast<std::int64_t>(s.size());
  if (start < 0) return go_slice(s, 0, end, false);
  if (end < 0 || end > len) return go_slice(s, start, len, true);
  return go_slice(s, start, end, true);
}

std::vector<std::string> strslice(const TValue& v) {
  std::vector<std::string> out;
  if (v.type() == GoType::Nil || !v.is_valid()) return out;
  if (v.is_list_like() || v.type() == GoType::Bytes) {
    for (const TValue& e : detail::elements(v)) {
      if (e.type() != GoType::Nil) out.push_back(detail::strval(e));
    }
    return out;
  }
  out.push_back(detail::strval(v));
  return out;
}

}  // namespace

void add_strings(Funcs& funcs, const Options&) {
  using P = Param;
  const Signature s1{{P::String}};
  const Signature s2{{P::String, P::String}};
  const Signature is{{P::Int, P::String}};
  const Signature any_var{{P::Any}, true};
  auto unary = [&](const char* name, std::string (*fn)(const std::string&)) {
    funcs.add(name, s1, [fn](Call&, std::span<const TValue> a) { return str(fn(s_arg(a, 0))); });
  };

  funcs.add("hello", Signature{}, [](Call&, std::span<const TValue>) { return str("Hello!"); });
  funcs.add("abbrev", is, [](Call&, std::span<const TValue> a) {
    std::int64_t w = i_arg(a, 0);
    if (w < 4) return str(s_arg(a, 1));
    return str(abbreviate(s_arg(a, 1), 0, w));
  });
  funcs.add("abbrevboth", Signature{{P::Int, P::Int, P::String}},
            [](Call&, std::span<const TValue> a) {
              std::int64_t l = i_arg(a, 0), r = i_arg(a, 1);
              if (r < 4 || (l > 0 && r < 7)) return str(s_arg(a, 2));
              return str(abbreviate(s_arg(a, 2), l, r));
            });
  funcs.add("trunc", is, [](Call&, std::span<const TValue> a) {
    std::int64_t c = i_arg(a, 0);
    const std::string& s = s_arg(a, 1);
    auto len = static_cast<std::int64_t>(s.size());
    if (c < 0 && len + c > 0) return str(s.substr(static_cast<std::size_t>(len + c)));
    if (c >= 0 && len > c) return str(s.substr(0, static_cast<std::size_t>(c)));
    return str(s);
  });
  unary("trim", [](const std::string& s) { return trim_space(s); });
  unary("upper", [](const std::string& s) { return map_runes(s, detail::to_upper); });
  unary("lower", [](const std::string& s) { return map_runes(s, detail::to_lower); });
  unary("title", title);
  unary("untitle", untitle);
  unary("nospace", no_space);
  unary("initials", [](const std::string& s) { return initials(s); });
  unary("swapcase", swap_case);
  unary("snakecase", [](const std::string& s) { return camel_to_lower(s, '_'); });
  unary("kebabcase", [](const std::string& s) { return camel_to_lower(s, '-'); });
  unary("camelcase", pascal_case);
  funcs.add("substr", Signature{{P::Int, P::Int, P::String}}, [](Call&, std::span<const TValue> a) {
    return str(substring(i_arg(a, 0), i_arg(a, 1), s_arg(a, 2)));
  });
  funcs.add("repeat", is,
            [](Call&, std::span<const TValue> a) { return str(repeat(s_arg(a, 1), i_arg(a, 0))); });
  for (const char* name : {"trimall", "trimAll"}) {
    funcs.add(name, s2, [](Call&, std::span<const TValue> a) {
      return str(trim_cutset(s_arg(a, 1), s_arg(a, 0)));
    });
  }
  funcs.add("trimSuffix", s2, [](Call&, std::span<const TValue> a) {
    const std::string &suf = s_arg(a, 0), &s = s_arg(a, 1);
    return str(ends_with(s, suf) ? s.substr(0, s.size() - suf.size()) : s);
  });
  funcs.add("trimPrefix", s2, [](Call&, std::span<const TValue> a) {
    const std::string &pre = s_arg(a, 0), &s = s_arg(a, 1);
    return str(s.starts_with(pre) ? s.substr(pre.size()) : s);
  });
  funcs.add("wrap", is, [](Call&, std::span<const TValue> a) {
    return str(wrap_custom(s_arg(a, 1), i_arg(a, 0), "", false));
  });
  funcs.add("wrapWith", Signature{{P::Int, P::String, P::String}},
            [](Call&, std::span<const TValue> a) {
              return str(wrap_custom(s_arg(a, 2), i_arg(a, 0), s_arg(a, 1), true));
            });
  funcs.add("contains", s2, [](Call&, std::span<const TValue> a) {
    return boolean(s_arg(a, 1).find(s_arg(a, 0)) != std::string::npos);
  });
  funcs.add("hasPrefix", s2, [](Call&, std::span<const TValue> a) {
    return boolean(s_arg(a, 1).starts_with(s_arg(a, 0)));
  });
  funcs.add("hasSuffix", s2, [](Call&, std::span<const TValue> a) {
    return boolean(s_arg(a, 1).ends_with(s_arg(a, 0)));
  });
  funcs.add("quote", any_var, [](Call&, std::span<const TValue> a) {
    std::vector<std::string> out;
    for (const TValue& v : a) {
      if (v.type() != GoType::Nil) out.push_back(tmpl::detail::quote(detail::strval(v)));
    }
    return str(join(out, " "));
  });
  funcs.add("squote", any_var, [](Call&, std::span<const TValue> a) {
    std::vector<std::string> out;
    for (const TValue& v : a) {
      if (v.type() != GoType::Nil) out.push_back("'" + detail::strval(v) + "'");
    }
    return str(join(out, " "));
  });
  funcs.add("cat", any_var, [](Call&, std::span<const TValue> a) {
    std::vector<std::string> out;
    for (const TValue& v : a) {
      if (v.type() != GoType::Nil) out.push_back(detail::strval(v));
    }
    return str(join(out, " "));
  });
  funcs.add("indent", is, [](Call&, std::span<const TValue> a) {
    std::string pad = repeat(" ", i_arg(a, 0));
    return str(pad + replace_all(s_arg(a, 1), "\n", "\n" + pad));
  });
  funcs.add("nindent", is, [](Call&, std::span<const TValue> a) {
    std::string pad = repeat(" ", i_arg(a, 0));
    return str("\n" + pad + replace_all(s_arg(a, 1), "\n", "\n" + pad));
  });
  funcs.add("replace", Signature{{P::String, P::String, P::String}},
            [](Call&, std::span<const TValue> a) {
              return str(replace_all(s_arg(a, 2), s_arg(a, 0), s_arg(a, 1)));
            });
  funcs.add("plural", Signature{{P::String, P::String, P::Int}},
            [](Call&, std::span<const TValue> a) {
              return str(i_arg(a, 2) == 1 ? s_arg(a, 0) : s_arg(a, 1));
            });
  unary("sha1sum", [](const std::string& s) {
    static const EVP_MD* const md = fetch_md("SHA1", EVP_sha1());
    return digest(md, s);
  });
  unary("sha256sum", [](const std::string& s) {
    static const EVP_MD* const md = fetch_md("SHA256", EVP_sha256());
    return digest(md, s);
  });
  unary("sha512sum", [](const std::string& s) {
    static const EVP_MD* const md = fetch_md("SHA512", EVP_sha512());
    return digest(md, s);
  });
  unary("adler32sum", [](const std::string& s) { return std::to_string(adler32(s)); });
  funcs.add("toString", Signature{{P::Any}},
            [](Call&, std::span<const TValue> a) { return str(detail::strval(a[0])); });
  funcs.add("split", s2, [](Call&, std::span<const TValue> a) {
    return string_map(split_n(s_arg(a, 1), s_arg(a, 0), -1));
  });
  funcs.add("splitList", s2, [](Call&, std::span<const TValue> a) {
    return string_list(split_n(s_arg(a, 1), s_arg(a, 0), -1));
  });
  funcs.add("splitn", Signature{{P::String, P::Int, P::String}},
            [](Call&, std::span<const TValue> a) {
              return string_map(split_n(s_arg(a, 2), s_arg(a, 0), i_arg(a, 1)));
            });
  funcs.add("toStrings", Signature{{P::Any}}, [](Call&, std::span<const TValue> a) {
    if (a[0].type() == GoType::StringList) return a[0];
    return string_list(strslice(a[0]));
  });
  funcs.add("join", Signature{{P::String, P::Any}}, [](Call&, std::span<const TValue> a) {
    return str(join(strslice(a[1]), s_arg(a, 0)));
  });
  funcs.add("sortAlpha", Signature{{P::Any}}, [](Call&, std::span<const TValue> a) {
    const TValue& v = a[0];
    if (!(v.is_list_like() || v.type() == GoType::Bytes)) {
      return string_list({detail::strval(v)});
    }
    std::vector<std::string> parts = strslice(v);
    std::sort(parts.begin(), parts.end());
    return string_list(parts);
  });
}

}  // namespace primer::tmpl::sprig
