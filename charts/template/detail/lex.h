// The template lexer: text -> tokens with byte offsets, as Go's text/template/parse lexer
// produces them (trim markers, comments, every literal form). Hand-written, like Go's.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace primer::tmpl::detail {

enum class Tok {
  Error,  // text is the message; lexing stops after it
  Bool,
  Char,  // a printable ASCII character such as ','
  CharConstant,
  Complex,
  Assign,
  Declare,
  Eof,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  // keywords
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
};

struct Token {
  Tok type;
  std::size_t pos;   // byte offset in the input
  std::string text;  // the token's bytes (the message for Error)
};

struct LexOptions {
  bool break_ok = true;     // false when a function named "break" exists
  bool continue_ok = true;  // likewise for "continue"
};

/// All tokens of `input`, ending with Eof or with the first Error.
std::vector<Token> lex(std::string_view input, const LexOptions& options = {});

/// Go's item.String(): how parse errors quote a token ("EOF", "<if>", "\"abc\"", ...).
std::string describe(const Token& token);

/// 1-based line of byte offset `pos` of `input`.
int line_of(std::string_view input, std::size_t pos);

}  // namespace primer::tmpl::detail
