#include "charts/template/detail/lex.h"

#include <algorithm>
#include <cstdio>

#include "charts/template/detail/text.h"

namespace primer::tmpl::detail {
namespace {

constexpr std::string_view kLeftDelim = "{{";
constexpr std::string_view kRightDelim = "}}";
constexpr std::string_view kLeftComment = "/*";
constexpr std::string_view kRightComment = "*/";
constexpr char32_t kEof = 0xFFFFFFFF;

bool is_space(char32_t r) { return r == ' ' || r == '\t' || r == '\r' || r == '\n'; }

// parity: Go's isAlphaNumeric uses unicode.IsLetter/IsDigit; every non-ASCII code point
// counts as a letter here.
bool is_alnum(char32_t r) {
  if (r == kEof) return false;
  if (r >= 0x80) return true;
  return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9');
}

bool has_left_trim(std::string_view s) { return s.size() >= 2 && s[0] == '-' && is_space(s[1]); }
bool has_right_trim(std::string_view s) { return s.size() >= 2 && is_space(s[0]) && s[1] == '-'; }

std::size_t right_trim_length(std::string_view s) {
  std::size_t n = s.size();
  while (n > 0 && is_space(s[n - 1])) --n;
  return s.size() - n;
}

std::size_t left_trim_length(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && is_space(s[n])) ++n;
  return n;
}

Tok keyword(std::string_view w) {
  static constexpr std::pair<std::string_view, Tok> kKeys[] = {{"block", Tok::Block},
                                                               {"break", Tok::Break},
                                                               {"continue", Tok::Continue},
                                                               {"define", Tok::Define},
                                                               {"else", Tok::Else},
                                                               {"end", Tok::End},
                                                               {"if", Tok::If},
                                                               {"nil", Tok::Nil},
                                                               {"range", Tok::Range},
                                                               {"template", Tok::Template},
                                                               {"with", Tok::With}};
  for (const auto& [k, t] : kKeys) {
    if (k == w) return t;
  }
  return Tok::Error;
}

class Lexer {
 public:
  Lexer(std::string_view input, const LexOptions& options) : in_(input), opts_(options) {}

  Tokens run() {
    // About a dozen tokens an action: growing the vector would move every token.
    std::size_t actions = 0;
    for (std::size_t at = in_.find(kLeftDelim); at != std::string_view::npos;
         at = in_.find(kLeftDelim, at + 2)) {
      ++actions;
    }
    items_.reserve(actions * 12 + 16);
    bool more = lex_text();
    while (more) {
      more = inside_action_ ? lex_inside_action() : lex_text();
    }
    return Tokens{std::move(items_), std::move(error_)};
  }

 private:
  char32_t next() {
    if (pos_ >= in_.size()) {
      width_ = 0;
      return kEof;
    }
    if (static_cast<unsigned char>(in_[pos_]) < 0x80) {
      width_ = 1;
      return static_cast<unsigned char>(in_[pos_++]);
    }
    auto [r, w] = decode_rune(in_, pos_);
    width_ = w;
    pos_ += w;
    return r;
  }
  void backup() { pos_ -= width_; }
  char32_t peek() {
    char32_t r = next();
    backup();
    return r;
  }
  bool accept(std::string_view valid) {
    if (pos_ < in_.size() && valid.find(in_[pos_]) != std::string_view::npos) {
      ++pos_;
      width_ = 1;
      return true;
    }
    return false;
  }
  void accept_run(std::string_view valid) {
    while (accept(valid)) {
    }
  }
  void emit(Tok t) {
    items_.push_back({t, start_, in_.substr(start_, pos_ - start_)});
    start_ = pos_;
  }
  void ignore() { start_ = pos_; }
  bool errorf(std::string message) {
    error_ = std::make_unique<const std::string>(std::move(message));
    items_.push_back({Tok::Error, start_, *error_});
    return false;
  }
  bool starts(std::string_view prefix) const {
    return in_.substr(std::min(pos_, in_.size())).starts_with(prefix);
  }

  // Returns whether a right delimiter (optionally trimmed) is at pos_.
  bool at_right_delim(bool* trim) const {
    std::string_view rest = in_.substr(pos_);
    if (has_right_trim(rest) && rest.substr(2).starts_with(kRightDelim)) {
      *trim = true;
      return true;
    }
    *trim = false;
    return rest.starts_with(kRightDelim);
  }

  bool lex_text() {
    std::size_t x = in_.find(kLeftDelim, pos_);
    if (x != std::string_view::npos) {
      pos_ = x;
      std::size_t trim = 0;
      if (has_left_trim(in_.substr(pos_ + kLeftDelim.size()))) {
        trim = right_trim_length(in_.substr(start_, pos_ - start_));
      }
      pos_ -= trim;
      if (pos_ > start_) emit(Tok::Text);
      pos_ += trim;
      ignore();
      return lex_left_delim();
    }
    pos_ = in_.size();
    if (pos_ > start_) emit(Tok::Text);
    emit(Tok::Eof);
    return false;
  }

  bool lex_left_delim() {
    pos_ += kLeftDelim.size();
    bool trim = has_left_trim(in_.substr(pos_));
    std::size_t after = trim ? 2 : 0;
    if (in_.substr(pos_ + after).starts_with(kLeftComment)) {
      pos_ += after;
      ignore();
      return lex_comment();
    }
    emit(Tok::LeftDelim);
    pos_ += after;
    ignore();
    paren_depth_ = 0;
    inside_action_ = true;
    return true;
  }

  bool lex_comment() {
    pos_ += kLeftComment.size();
    std::size_t i = in_.find(kRightComment, pos_);
    if (i == std::string_view::npos) return errorf("unclosed comment");
    pos_ = i + kRightComment.size();
    bool trim = false;
    if (!at_right_delim(&trim)) return errorf("comment ends before closing delimiter");
    if (trim) pos_ += 2;
    pos_ += kRightDelim.size();
    if (trim) pos_ += left_trim_length(in_.substr(pos_));
    ignore();
    inside_action_ = false;
    return true;
  }

  bool lex_right_delim() {
    bool trim = has_right_trim(in_.substr(pos_));
    if (trim) {
      pos_ += 2;
      ignore();
    }
    pos_ += kRightDelim.size();
    emit(Tok::RightDelim);
    if (trim) {
      pos_ += left_trim_length(in_.substr(pos_));
      ignore();
    }
    inside_action_ = false;
    return true;
  }

  bool lex_inside_action() {
    bool trim = false;
    if (at_right_delim(&trim)) {
      if (paren_depth_ == 0) return lex_right_delim();
      return errorf("unclosed left paren");
    }
    char32_t r = next();
    if (r == kEof) return errorf("unclosed action");
    if (is_space(r)) {
      backup();
      return lex_space();
    }
    switch (r) {
      case '=':
        emit(Tok::Assign);
        return true;
      case ':':
        if (next() != '=') return errorf("expected :=");
        emit(Tok::Declare);
        return true;
      case '|':
        emit(Tok::Pipe);
        return true;
      case '"':
        return lex_quote();
      case '`':
        return lex_raw_quote();
      case '$':
        return lex_variable();
      case '\'':
        return lex_char();
      case '(':
        emit(Tok::LeftParen);
        ++paren_depth_;
        return true;
      case ')':
        emit(Tok::RightParen);
        --paren_depth_;
        if (paren_depth_ < 0) return errorf("unexpected right paren " + format_rune_U(r));
        return true;
      default:
        break;
    }
    if (r == '.') {
      if (pos_ < in_.size()) {
        char c = in_[pos_];
        if (c < '0' || c > '9') return lex_field_or_variable(Tok::Field);
      }
      backup();
      return lex_number();
    }
    if (r == '+' || r == '-' || (r >= '0' && r <= '9')) {
      backup();
      return lex_number();
    }
    if (is_alnum(r)) {
      backup();
      return lex_identifier();
    }
    if (r < 0x80 && r >= 0x20 && r < 0x7f) {
      emit(Tok::Char);
      return true;
    }
    return errorf("unrecognized character in action: " + format_rune_U(r));
  }

  bool lex_space() {
    int spaces = 0;
    while (is_space(peek())) {
      next();
      ++spaces;
    }
    // " -}}" ends the action: the space belongs to the trim marker.
    if (has_right_trim(in_.substr(pos_ - 1)) && in_.substr(pos_ - 1 + 2).starts_with(kRightDelim)) {
      --pos_;
      if (spaces == 1) return lex_right_delim();
    }
    emit(Tok::Space);
    return true;
  }

  bool at_terminator() {
    char32_t r = peek();
    if (is_space(r)) return true;
    switch (r) {
      case kEof:
      case '.':
      case ',':
      case '|':
      case ':':
      case ')':
      case '(':
        return true;
      default:
        break;
    }
    return starts(kRightDelim);
  }

  // Moves past letters, digits and underscores; returns the rune after them (not consumed).
  char32_t skip_alnum() {
    for (;;) {
      while (pos_ < in_.size()) {
        char c = in_[pos_];
        if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9')) {
          ++pos_;
        } else {
          break;
        }
      }
      // parity: every non-ASCII code point counts as a letter (see is_alnum).
      if (pos_ < in_.size() && static_cast<unsigned char>(in_[pos_]) >= 0x80) {
        next();
        continue;
      }
      return peek();
    }
  }

  bool lex_identifier() {
    char32_t r = skip_alnum();
    std::string_view word = in_.substr(start_, pos_ - start_);
    if (!at_terminator()) return errorf("bad character " + format_rune_U(r));
    Tok k = keyword(word);
    if (k != Tok::Error) {
      if ((k == Tok::Break && !opts_.break_ok) || (k == Tok::Continue && !opts_.continue_ok)) {
        emit(Tok::Identifier);
      } else {
        emit(k);
      }
    } else if (word == "true" || word == "false") {
      emit(Tok::Bool);
    } else {
      emit(Tok::Identifier);
    }
    return true;
  }

  bool lex_variable() {
    if (at_terminator()) {
      emit(Tok::Variable);
      return true;
    }
    return lex_field_or_variable(Tok::Variable);
  }

  bool lex_field_or_variable(Tok t) {
    if (at_terminator()) {
      emit(t == Tok::Variable ? Tok::Variable : Tok::Dot);
      return true;
    }
    char32_t r = skip_alnum();
    if (!at_terminator()) return errorf("bad character " + format_rune_U(r));
    emit(t);
    return true;
  }

  bool lex_char() {
    for (;;) {
      char32_t r = next();
      if (r == '\\') {
        r = next();
        if (r != kEof && r != '\n') continue;
      }
      if (r == kEof || r == '\n') return errorf("unterminated character constant");
      if (r == '\'') break;
    }
    emit(Tok::CharConstant);
    return true;
  }

  bool lex_number() {
    if (!scan_number()) {
      return errorf("bad number syntax: " + quote(in_.substr(start_, pos_ - start_)));
    }
    char32_t sign = peek();
    if (sign == '+' || sign == '-') {
      if (!scan_number() || in_[pos_ - 1] != 'i') {
        return errorf("bad number syntax: " + quote(in_.substr(start_, pos_ - start_)));
      }
      emit(Tok::Complex);
    } else {
      emit(Tok::Number);
    }
    return true;
  }

  bool scan_number() {
    accept("+-");
    std::string_view digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) {
        digits = "0123456789abcdefABCDEF_";
      } else if (accept("oO")) {
        digits = "01234567_";
      } else if (accept("bB")) {
        digits = "01_";
      }
    }
    accept_run(digits);
    if (accept(".")) accept_run(digits);
    if (digits.size() == 11 && accept("eE")) {
      accept("+-");
      accept_run("0123456789_");
    }
    if (digits.size() == 23 && accept("pP")) {
      accept("+-");
      accept_run("0123456789_");
    }
    accept("i");
    if (is_alnum(peek())) {
      next();
      return false;
    }
    return true;
  }

  bool lex_quote() {
    for (;;) {
      char32_t r = next();
      if (r == '\\') {
        r = next();
        if (r != kEof && r != '\n') continue;
      }
      if (r == kEof || r == '\n') return errorf("unterminated quoted string");
      if (r == '"') break;
    }
    emit(Tok::String);
    return true;
  }

  bool lex_raw_quote() {
    for (;;) {
      char32_t r = next();
      if (r == kEof) return errorf("unterminated raw quoted string");
      if (r == '`') break;
    }
    emit(Tok::RawString);
    return true;
  }

  std::string_view in_;
  LexOptions opts_;
  std::vector<Token> items_;
  std::unique_ptr<const std::string> error_;
  std::size_t start_ = 0;
  std::size_t pos_ = 0;
  std::size_t width_ = 0;
  int paren_depth_ = 0;
  bool inside_action_ = false;
};

}  // namespace

Tokens lex(std::string_view input, const LexOptions& options) {
  return Lexer(input, options).run();
}

std::string describe(const Token& token) {
  switch (token.type) {
    case Tok::Eof:
      return "EOF";
    case Tok::Error:
      return std::string(token.text);
    default:
      break;
  }
  if (token.type >= Tok::Block) return "<" + std::string(token.text) + ">";
  // parity: Go prints long tokens with %.10q... (ten runes, quoted, then "...").
  if (token.text.size() > 10) {
    std::string_view s = token.text;
    std::size_t i = 0;
    for (int n = 0; n < 10 && i < s.size(); ++n) i += decode_rune(s, i).width;
    return quote(s.substr(0, i)) + "...";
  }
  return quote(token.text);
}

int line_of(std::string_view input, std::size_t pos) {
  pos = std::min(pos, input.size());
  return 1 + static_cast<int>(std::count(input.begin(), input.begin() + pos, '\n'));
}

}  // namespace primer::tmpl::detail
