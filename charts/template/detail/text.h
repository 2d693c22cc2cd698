// Byte-level helpers shared by the lexer, parser and executor: UTF-8, Go's strconv quoting
// and unquoting, and Go number literals.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "base/utf8.h"

namespace primer::tmpl::detail {

/// Go's %#U: "U+0041 'A'" (the character only when printable).
std::string format_rune_U(char32_t r);
/// Go's strconv.Quote (%q of a string).
std::string quote(std::string_view s);
/// Appends strconv.Quote(s), or strconv.QuoteToASCII(s) when `ascii_only`.
void append_quoted(std::string& out, std::string_view s, bool ascii_only);
/// Appends one rune as strconv quotes it between `quote` characters (QuoteRune's body).
void append_escaped_rune(std::string& out, char32_t r, char quote, bool ascii_only);
/// Go's strconv.IsPrint (unicode.IsPrint with U+0020 the only space).
bool is_print(char32_t r);

/// Go's strconv.Unquote of a "..." or `...` literal; nullopt on invalid syntax.
std::optional<std::string> unquote(std::string_view literal);
/// Go's strconv.UnquoteChar applied to the body of a '...' literal: the code point and the
/// bytes that follow it; nullopt on invalid syntax.
std::optional<std::pair<char32_t, std::string_view>> unquote_char(std::string_view s,
                                                                  char quote_char);

/// What a Go number literal can be (text/template/parse NumberNode).
struct Number {
  bool is_int = false;
  bool is_uint = false;
  bool is_float = false;
  bool is_complex = false;
  std::int64_t i = 0;
  std::uint64_t u = 0;
  double f = 0;
  double re = 0, im = 0;
};

/// Parses a Number or Complex token as Go's parser does. On failure returns the message
/// Go's parser reports ("illegal number syntax: \"...\"", "integer overflow: ...").
std::optional<Number> parse_number(std::string_view text, bool complex_token, std::string* error);
/// A CharConstant token ('a', '\n'): the code point as an int.
std::optional<Number> parse_char_constant(std::string_view text, std::string* error);

}  // namespace primer::tmpl::detail
