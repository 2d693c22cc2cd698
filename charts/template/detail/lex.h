// The template lexer: text -> tokens with byte offsets, as Go's text/template/parse lexer
// produces them (trim markers, comments, every literal form). Hand-written, like Go's.
#pragma once

#include <cstddef>
#include <memory>
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
  std::size_t pos;        // byte offset in the input
  std::string_view text;  // the token's bytes in the input (the message for Error)
};

/// A token stream. Token texts view the lexed input (which must outlive them) or, for the
/// Error token, `error`, which stays put when the stream is moved.
struct Tokens {
  std::vector<Token> items;
  std::unique_ptr<const std::string> error;
  auto begin() const { return items.begin(); }
  auto end() const { return items.end(); }
};

struct LexOptions {
  bool break_ok = true;     // false when a function named "break" exists
  bool continue_ok = true;  // likewise for "continue"
};

/// All tokens of `input`, ending with Eof or with the first Error.
Tokens lex(std::string_view input, const LexOptions& options = {});

/// Go's item.String(): how parse errors quote a token ("EOF", "<if>", "\"abc\"", ...).
std::string describe(const Token& token);

/// 1-based line of byte offset `pos` of `input`.
int line_of(std::string_view input, std::size_t pos);

}  // namespace primer::tmpl::detail
