// UTF-8 as Go reads and writes it (unicode/utf8), for every module that walks text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace primer {

inline constexpr char32_t kRuneError = 0xFFFD;
inline constexpr char32_t kMaxRune = 0x10FFFF;

/// A Unicode scalar value: not a surrogate, not beyond U+10FFFF.
inline bool is_valid_rune(char32_t r) { return r <= kMaxRune && (r < 0xD800 || r > 0xDFFF); }

struct DecodedRune {
  char32_t rune;
  std::size_t width;  // bytes consumed
};

/// Go's utf8.DecodeRuneInString(s[at:]): an invalid or truncated sequence is (U+FFFD, 1), so
/// every byte is consumed by exactly one rune; at the end of `s` it is (U+FFFD, 0).
DecodedRune decode_rune(std::string_view s, std::size_t at = 0);

/// Go's utf8.AppendRune: `r` in UTF-8, U+FFFD for runes that are not valid.
void append_rune(std::string& out, char32_t r);

/// Go's unicode.IsSpace: ASCII white space and Unicode's White_Space runes.
bool is_go_space(char32_t r);

/// Appends `r` as Go's strconv quoting writes it between `quote` characters: a backslash
/// before `quote` and before a backslash; `r` itself when the caller's rule says it is
/// `printable`; otherwise \a \b \f \n \r \t \v, \xHH below U+0020 and for U+007F, \uHHHH
/// (U+FFFD for invalid runes) up to U+FFFF, \UHHHHHHHH above. Callers differ only in what
/// they count as printable (unicode.IsPrint, ASCII only, or any non-control rune).
void append_go_escaped_rune(std::string& out, char32_t r, char quote, bool printable);

}  // namespace primer
