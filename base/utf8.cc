#include "base/utf8.h"

namespace primer {

DecodedRune decode_rune(std::string_view s, std::size_t at) {
  if (at >= s.size()) return {kRuneError, 0};
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[at + k]); };
  unsigned char c0 = byte(0);
  if (c0 < 0x80) return {c0, 1};
  const DecodedRune bad{kRuneError, 1};
  std::size_t n = c0 < 0xC2 ? 0 : c0 < 0xE0 ? 2 : c0 < 0xF0 ? 3 : c0 < 0xF5 ? 4 : 0;
  if (n == 0 || at + n > s.size()) return bad;
  // The second byte's range excludes overlong forms, surrogates and runes past U+10FFFF.
  unsigned char lo = 0x80, hi = 0xBF;
  if (c0 == 0xE0) lo = 0xA0;
  if (c0 == 0xED) hi = 0x9F;
  if (c0 == 0xF0) lo = 0x90;
  if (c0 == 0xF4) hi = 0x8F;
  if (byte(1) < lo || byte(1) > hi) return bad;
  char32_t r = c0 & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
  r = (r << 6) | (byte(1) & 0x3F);
  for (std::size_t k = 2; k < n; ++k) {
    if ((byte(k) & 0xC0) != 0x80) return bad;
    r = (r << 6) | (byte(k) & 0x3F);
  }
  return {r, n};
}

void append_rune(std::string& out, char32_t r) {
  if (!is_valid_rune(r)) r = kRuneError;
  if (r < 0x80) {
    out += static_cast<char>(r);
  } else if (r < 0x800) {
    out += static_cast<char>(0xC0 | (r >> 6));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else if (r < 0x10000) {
    out += static_cast<char>(0xE0 | (r >> 12));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (r >> 18));
    out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  }
}

bool is_go_space(char32_t r) {
  switch (r) {
    case ' ':
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return r >= 0x2000 && r <= 0x200A;
  }
}

void append_go_escaped_rune(std::string& out, char32_t r, char quote, bool printable) {
  static constexpr char kHex[] = "0123456789abcdef";
  if (r == static_cast<char32_t>(static_cast<unsigned char>(quote)) || r == '\\') {
    out += '\\';
    out += static_cast<char>(r);
    return;
  }
  if (printable) {
    append_rune(out, r);
    return;
  }
  static constexpr std::string_view kLetters = "abtnvfr";  // \a (7) through \r (13)
  if (r >= '\a' && r <= '\r') {
    out += '\\';
    out += kLetters[r - '\a'];
    return;
  }
  int digits = 8;
  if (r < ' ' || r == 0x7F) {
    out += "\\x";
    digits = 2;
  } else if (!is_valid_rune(r) || r < 0x10000) {
    out += "\\u";
    if (!is_valid_rune(r)) r = kRuneError;
    digits = 4;
  } else {
    out += "\\U";
  }
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(r >> shift) & 0xF];
}

}  // namespace primer
