// The lexer: token kinds, byte offsets, trim markers and how tokens are quoted in errors.
// Token boundaries follow Go's text/template/parse lexer (lex.go).

#include "charts/template/detail/lex.h"

#include <gtest/gtest.h>

namespace primer::tmpl::detail {
namespace {

// A compact picture of a token stream: "kind@pos:text" separated by spaces.
std::string picture(std::string_view input, const LexOptions& options = {}) {
  std::string out;
  for (const Token& t : lex(input, options)) {
    static const char* const kNames[] = {
        "error",  "bool", "char", "charconst", "complex",  "assign",   "declare", "eof",    "field",
        "ident",  "{{",   "(",    "number",    "pipe",     "raw",      "}}",      ")",      "space",
        "string", "text", "var",  "block",     "break",    "continue", "dot",     "define", "else",
        "end",    "if",   "nil",  "range",     "template", "with"};
    if (!out.empty()) out += ' ';
    out += kNames[static_cast<int>(t.type)];
    out += '@' + std::to_string(t.pos);
    if (t.type != Tok::Eof && t.type != Tok::LeftDelim && t.type != Tok::RightDelim) {
      out += ':';
      out += t.text;
    }
  }
  return out;
}

struct LexCase {
  const char* name;  // the rule this case pins
  const char* input;
  const char* want;
};

const LexCase kLexCases[] = {
    {"text only", "abc", "text@0:abc eof@3"},
    {"empty input", "", "eof@0"},
    {"action", "a{{.x}}b", "text@0:a {{@1 field@3:.x }}@5 text@7:b eof@8"},
    {"field chain is one token per field", "{{.a.b}}", "{{@0 field@2:.a field@4:.b }}@6 eof@8"},
    {"dot alone", "{{.}}", "{{@0 dot@2:. }}@3 eof@5"},
    {"variables", "{{$ $x}}", "{{@0 var@2:$ space@3:  var@4:$x }}@6 eof@8"},
    {"variable with field", "{{$x.y}}", "{{@0 var@2:$x field@4:.y }}@6 eof@8"},
    {"declare and assign", "{{$x := 1}}{{$x = 2}}",
     "{{@0 var@2:$x space@4:  declare@5::= space@7:  number@8:1 }}@9 {{@11 var@13:$x space@15:  "
     "assign@16:= space@17:  number@18:2 }}@19 eof@21"},
    {"pipe and parens", "{{(1)|f}}", "{{@0 (@2:( number@3:1 )@4:) pipe@5:| ident@6:f }}@7 eof@9"},
    {"keywords", "{{if else end range with define template block nil}}",
     "{{@0 if@2:if space@4:  else@5:else space@9:  end@10:end space@13:  range@14:range "
     "space@19:  with@20:with space@24:  define@25:define space@31:  template@32:template "
     "space@40:  block@41:block space@46:  nil@47:nil }}@50 eof@52"},
    {"booleans", "{{true false}}", "{{@0 bool@2:true space@6:  bool@7:false }}@12 eof@14"},
    {"numbers", "{{1 -2 0x1F 1.5e3 .5 1_0 0b1 0o7 1i 1+2i}}",
     "{{@0 number@2:1 space@3:  number@4:-2 space@6:  number@7:0x1F space@11:  number@12:1.5e3 "
     "space@17:  number@18:.5 space@20:  number@21:1_0 space@24:  number@25:0b1 space@28:  "
     "number@29:0o7 space@32:  number@33:1i space@35:  complex@36:1+2i }}@40 eof@42"},
    {"strings", "{{\"a\\\"b\" `r\\n`}}",
     "{{@0 string@2:\"a\\\"b\" space@8:  raw@9:`r\\n` }}@14 eof@16"},
    {"char constants", "{{'a' '\\n'}}",
     "{{@0 charconst@2:'a' space@5:  charconst@6:'\\n' }}@10 eof@12"},
    {"comma is a char token", "{{range $i, $e := .}}",
     "{{@0 range@2:range space@7:  var@8:$i char@10:, space@11:  var@12:$e space@14:  "
     "declare@15::= space@17:  dot@18:. }}@19 eof@21"},
    {"left trim drops spaces before", "a \t\n{{- 1}}", "text@0:a {{@4 number@8:1 }}@9 eof@11"},
    {"right trim drops spaces after", "{{1 -}} \n b", "{{@0 number@2:1 }}@5 text@10:b eof@11"},
    {"trim needs the space", "{{-1}}", "{{@0 number@2:-1 }}@4 eof@6"},
    {"comment is dropped", "a{{/* x */}}b", "text@0:a text@12:b eof@13"},
    {"trimmed comment", "a {{- /* x */ -}} b", "text@0:a text@18:b eof@19"},
    {"newline inside action is space", "{{1\n}}", "{{@0 number@2:1 space@3:\n }}@4 eof@6"},
    {"break is a keyword", "{{break}}", "{{@0 break@2:break }}@7 eof@9"},
    {"unclosed action", "{{1", "{{@0 number@2:1 error@3:unclosed action"},
    {"unclosed comment", "{{/*", "error@2:unclosed comment"},
    {"bad number", "{{1a}}", "{{@0 error@2:bad number syntax: \"1a\""},
    {"bad character", "{{a#}}", "{{@0 error@2:bad character U+0023 '#'"},
    {"unrecognized character", "{{\x01}}", "{{@0 error@2:unrecognized character in action: U+0001"},
    {"unexpected right paren", "{{)}}", "{{@0 )@2:) error@3:unexpected right paren U+0029 ')'"},
    {"unclosed paren", "{{(}}", "{{@0 (@2:( error@3:unclosed left paren"},
    {"expected declare", "{{:}}", "{{@0 error@2:expected :="},
    {"unicode identifier", "{{é}}", "{{@0 ident@2:é }}@4 eof@6"},
};

TEST(Lex, Tokens) {
  for (const LexCase& c : kLexCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(picture(c.input), c.want);
  }
}

TEST(Lex, BreakAndContinueAreIdentifiersWhenFunctionsOfThatName) {
  LexOptions options;
  options.break_ok = false;
  options.continue_ok = false;
  EXPECT_EQ(picture("{{break continue}}", options),
            "{{@0 ident@2:break space@7:  ident@8:continue }}@16 eof@18");
}

struct DescribeCase {
  const char* name;
  Token token;
  const char* want;
};

TEST(Lex, DescribeQuotesAsGo) {
  const DescribeCase cases[] = {
      {"eof", {Tok::Eof, 0, ""}, "EOF"},
      {"error is its message", {Tok::Error, 0, "boom"}, "boom"},
      {"keyword in angle brackets", {Tok::If, 0, "if"}, "<if>"},
      {"short text quoted", {Tok::Field, 0, ".x"}, "\".x\""},
      {"long text cut at ten runes", {Tok::String, 0, "\"abcdefghijkl\""}, "\"\\\"abcdefghi\"..."},
      {"cut counts runes", {Tok::Text, 0, "ééééééééééé"}, "\"éééééééééé\"..."},
      {"ten bytes not cut", {Tok::Text, 0, "abcdefghij"}, "\"abcdefghij\""},
  };
  for (const DescribeCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(describe(c.token), c.want);
  }
}

TEST(Lex, LineOf) {
  EXPECT_EQ(line_of("a\nb\nc", 0), 1);
  EXPECT_EQ(line_of("a\nb\nc", 2), 2);
  EXPECT_EQ(line_of("a\nb\nc", 4), 3);
  EXPECT_EQ(line_of("a\nb\nc", 99), 3);
}

}  // namespace
}  // namespace primer::tmpl::detail
