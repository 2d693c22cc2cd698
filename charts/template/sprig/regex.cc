// Sprig's regex functions on RE2, whose syntax and leftmost-first semantics are Go's regexp's.
// What RE2's C++ API does not share with Go (FindAll's handling of empty matches, the `$`
// expansion of ReplaceAllString, Split, the error texts) is done here as Go does it.

#include <re2/re2.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "base/error.h"
#include "base/strings.h"
#include "base/utf8.h"
#include "charts/template/sprig/sprig.h"

namespace primer::tmpl::sprig {
namespace {

using value::Value;

// Go regexp/syntax's ErrorCode texts for RE2's codes.
std::string_view go_error_code(re2::RE2::ErrorCode code) {
  switch (code) {
    case re2::RE2::ErrorBadEscape:
      return "invalid escape sequence";
    case re2::RE2::ErrorBadCharClass:
      return "invalid character class";
    case re2::RE2::ErrorBadCharRange:
      return "invalid character class range";
    case re2::RE2::ErrorMissingBracket:
      return "missing closing ]";
    case re2::RE2::ErrorMissingParen:
      return "missing closing )";
    case re2::RE2::ErrorUnexpectedParen:
      return "unexpected )";
    case re2::RE2::ErrorTrailingBackslash:
      return "trailing backslash at end of expression";
    case re2::RE2::ErrorRepeatArgument:
      return "missing argument to repetition operator";
    case re2::RE2::ErrorRepeatSize:
      return "invalid repeat count";
    case re2::RE2::ErrorRepeatOp:
      return "invalid nested repetition operator";
    case re2::RE2::ErrorBadPerlOp:
      return "invalid or unsupported Perl syntax";
    case re2::RE2::ErrorBadUTF8:
      return "invalid UTF-8";
    case re2::RE2::ErrorBadNamedCapture:
      return "invalid named capture";
    case re2::RE2::ErrorPatternTooLarge:
      return "expression too large";
    default:
      return "regexp/syntax: internal error";
  }
}

// Go (1.22+) reads `(?<` as the start of a named group, as `(?P<`; this RE2 only knows the
// latter. Rewrites outside character classes; `inserted` tells whether anything changed.
std::string with_p_names(std::string_view pattern, bool& inserted) {
  std::string out;
  inserted = false;
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out += c;
      out += pattern[++i];
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      // A `]` right after `[` or `[^` is a literal.
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out += pattern[++i];
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out += pattern[++i];
      continue;
    }
    if (pattern.substr(i, 3) == "(?<") {
      out += "(?P<";
      i += 2;
      inserted = true;
      continue;
    }
    out += c;
  }
  return out;
}

// strconv.CanBackquote.
bool can_backquote(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    DecodedRune r = decode_rune(s, i);
    if (r.width > 1) {
      if (r.rune == 0xFEFF) return false;
    } else if (r.rune == kRuneError) {
      return false;
    } else if ((r.rune < ' ' && r.rune != '\t') || r.rune == '`' || r.rune == 0x7F) {
      return false;
    }
    i += r.width;
  }
  return true;
}

class Regexp;

// Compiled patterns by their text, shared by the regex functions of one Funcs: charts compile
// the same few patterns over and over, and compiling costs far more than matching. RE2 objects
// are immutable and safe to match from several threads. Only successful compiles are kept.
class RegexCache {
 public:
  std::shared_ptr<re2::RE2> find(std::string_view pattern) {
    std::lock_guard lock(mu_);
    auto it = compiled_.find(pattern);
    return it == compiled_.end() ? nullptr : it->second;
  }
  void put(std::string_view pattern, std::shared_ptr<re2::RE2> re) {
    std::lock_guard lock(mu_);
    if (compiled_.size() >= kMaxEntries) compiled_.clear();
    compiled_.emplace(std::string(pattern), std::move(re));
  }

 private:
  static constexpr std::size_t kMaxEntries = 512;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<re2::RE2>, std::less<>> compiled_;
};

class Regexp {
 public:
  /// regexp.Compile; nullopt with Go's error text in `error` on failure.
  static std::optional<Regexp> compile(std::string_view pattern, std::string& error,
                                       RegexCache* cache = nullptr) {
    if (cache) {
      if (auto re = cache->find(pattern)) return Regexp(std::move(re));
    }
    bool inserted = false;
    std::string rewritten = with_p_names(pattern, inserted);
    re2::RE2::Options options;
    options.set_log_errors(false);
    auto re = std::make_shared<re2::RE2>(rewritten, options);
    if (!re->ok()) {
      std::string arg = re->error_arg();
      if (inserted) {
        for (std::size_t at; (at = arg.find("(?P<")) != std::string::npos;) arg.erase(at + 2, 1);
      }
      error = "error parsing regexp: " + std::string(go_error_code(re->error_code())) + ": `" +
              arg + "`";
      return std::nullopt;
    }
    if (cache) cache->put(pattern, re);
    return Regexp(std::move(re));
  }

  /// regexp.MustCompile: throws Go's panic text.
  static Regexp must_compile(std::string_view pattern, RegexCache* cache = nullptr) {
    std::string error;
    auto re = compile(pattern, error, cache);
    if (!re) {
      std::string quoted =
          can_backquote(pattern) ? "`" + std::string(pattern) + "`" : quote(pattern);
      throw Error("regexp: Compile(" + quoted + "): " + error);
    }
    return *re;
  }

  /// The match at or after `pos` as byte offsets (2 per group, -1 for an unset group).
  std::optional<std::vector<long>> match(std::string_view s, std::size_t pos) const {
    int n = re_->NumberOfCapturingGroups() + 1;
    std::vector<re2::StringPiece> sub(static_cast<std::size_t>(n));
    re2::StringPiece text(s.data(), s.size());
    if (pos > s.size() || !re_->Match(text, pos, s.size(), re2::RE2::UNANCHORED, sub.data(), n))
      return std::nullopt;
    std::vector<long> out;
    for (const re2::StringPiece& p : sub) {
      if (p.data() == nullptr) {
        out.push_back(-1);
        out.push_back(-1);
      } else {
        long at = p.data() - s.data();
        out.push_back(at);
        out.push_back(at + static_cast<long>(p.size()));
      }
    }
    return out;
  }

  // parity: Regexp.allMatches (regexp.go): an empty match right after a match is skipped,
  // and the search moves on by one rune after an empty match.
  std::vector<std::vector<long>> all_matches(std::string_view s, long n) const {
    std::vector<std::vector<long>> out;
    if (n < 0) n = static_cast<long>(s.size()) + 1;
    long prev_end = -1;
    std::size_t pos = 0;
    while (static_cast<long>(out.size()) < n && pos <= s.size()) {
      auto m = match(s, pos);
      if (!m) break;
      bool accept = true;
      if ((*m)[1] == static_cast<long>(pos)) {
        if ((*m)[0] == prev_end) accept = false;
        std::size_t width = decode_rune(s, pos).width;
        pos += width > 0 ? width : 1;
      } else {
        pos = static_cast<std::size_t>((*m)[1]);
      }
      prev_end = (*m)[1];
      if (accept) out.push_back(std::move(*m));
    }
    return out;
  }

  // parity: Regexp.replaceAll (regexp.go).
  template <typename Repl>
  std::string replace_all(std::string_view s, Repl repl) const {
    std::string out;
    std::size_t last_end = 0;
    std::size_t search = 0;
    while (search <= s.size()) {
      auto m = match(s, search);
      if (!m) break;
      std::size_t a0 = static_cast<std::size_t>((*m)[0]);
      std::size_t a1 = static_cast<std::size_t>((*m)[1]);
      out.append(s.substr(last_end, a0 - last_end));
      if (a1 > last_end || a0 == 0) repl(out, *m);
      last_end = a1;
      std::size_t width = decode_rune(s, search).width;
      if (search + width > a1) {
        search += width;
      } else if (search + 1 > a1) {
        ++search;
      } else {
        search = a1;
      }
    }
    out.append(s.substr(last_end));
    return out;
  }

  // parity: Regexp.expand: `$name`/`${name}`, `$$`; a name is the longest run of letters,
  // digits and `_`, a number only without a leading zero; a malformed `$` is literal.
  void expand(std::string& out, std::string_view tmpl, std::string_view src,
              const std::vector<long>& m) const {
    auto group = [&](long i) {
      if (2 * i + 1 < static_cast<long>(m.size()) && m[2 * i] >= 0)
        out.append(src.substr(m[2 * i], m[2 * i + 1] - m[2 * i]));
    };
    while (!tmpl.empty()) {
      std::size_t dollar = tmpl.find('$');
      if (dollar == std::string_view::npos) break;
      out.append(tmpl.substr(0, dollar));
      tmpl.remove_prefix(dollar + 1);
      if (!tmpl.empty() && tmpl[0] == '$') {
        out += '$';
        tmpl.remove_prefix(1);
        continue;
      }
      std::string_view rest = tmpl;
      bool brace = !rest.empty() && rest[0] == '{';
      if (brace) rest.remove_prefix(1);
      std::size_t i = 0;
      while (i < rest.size()) {
        DecodedRune r = decode_rune(rest, i);
        // TODO(unicode): Go's unicode.IsLetter/IsDigit; every non-ASCII rune counts here.
        bool word = r.rune >= 0x80 ? r.rune != kRuneError
                                   : (std::isalnum(static_cast<int>(r.rune)) || r.rune == '_');
        if (!word) break;
        i += r.width;
      }
      if (i == 0 || (brace && (i >= rest.size() || rest[i] != '}'))) {
        out += '$';  // malformed: the `$` stays as text
        continue;
      }
      std::string_view name = rest.substr(0, i);
      tmpl = rest.substr(brace ? i + 1 : i);
      long num = 0;
      for (char c : name) {
        if (c < '0' || c > '9' || num >= 100000000) {
          num = -1;
          break;
        }
        num = num * 10 + (c - '0');
      }
      if (name[0] == '0' && name.size() > 1) num = -1;
      if (num >= 0) {
        group(num);
      } else {
        const auto& names = re_->NamedCapturingGroups();
        auto it = names.find(std::string(name));
        if (it != names.end()) group(it->second);
      }
    }
    out.append(tmpl);
  }

  // parity: Regexp.Split.
  std::vector<std::string> split(std::string_view s, long n) const {
    std::vector<std::string> out;
    if (n == 0) return out;
    if (!pattern_empty_ && s.empty()) return {""};
    auto matches = all_matches(s, n);
    std::size_t beg = 0, end = 0;
    for (const auto& m : matches) {
      if (n > 0 && static_cast<long>(out.size()) == n - 1) break;
      end = static_cast<std::size_t>(m[0]);
      if (m[1] != 0) out.emplace_back(s.substr(beg, end - beg));
      beg = static_cast<std::size_t>(m[1]);
    }
    if (end != s.size()) out.emplace_back(s.substr(beg));
    return out;
  }

 private:
  explicit Regexp(std::shared_ptr<re2::RE2> re)
      : re_(std::move(re)), pattern_empty_(re_->pattern().empty()) {}
  std::shared_ptr<re2::RE2> re_;
  bool pattern_empty_;
};

Regexp compile_or_throw(std::string_view pattern, RegexCache* cache) {
  std::string error;
  auto re = Regexp::compile(pattern, error, cache);
  if (!re) throw Error(error);
  return *re;
}

TValue string_list(const std::vector<std::string>& parts, bool nil_when_empty) {
  if (parts.empty() && nil_when_empty) return TValue(GoType::StringList, Value());
  value::List list;
  for (const auto& p : parts) list.emplace_back(p);
  return TValue(GoType::StringList, Value(std::move(list)));
}

std::vector<std::string> find_all(const Regexp& re, std::string_view s, long n) {
  std::vector<std::string> out;
  for (const auto& m : re.all_matches(s, n)) out.emplace_back(s.substr(m[0], m[1] - m[0]));
  return out;
}

std::string find(const Regexp& re, std::string_view s) {
  auto m = re.match(s, 0);
  return m ? std::string(s.substr((*m)[0], (*m)[1] - (*m)[0])) : std::string();
}

std::string replace(const Regexp& re, std::string_view s, std::string_view repl) {
  return re.replace_all(
      s, [&](std::string& out, const std::vector<long>& m) { re.expand(out, repl, s, m); });
}

std::string replace_literal(const Regexp& re, std::string_view s, std::string_view repl) {
  return re.replace_all(s, [&](std::string& out, const std::vector<long>&) { out += repl; });
}

// regexp.QuoteMeta.
std::string quote_meta(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\.+*?()|[]{}^$").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

const std::string& str(std::span<const TValue> a, std::size_t i) {
  return a[i].value().as_string();
}

}  // namespace

void add_regex(Funcs& funcs, const Options&) {
  const Signature two{{Param::String, Param::String}};
  const Signature three{{Param::String, Param::String, Param::String}};
  const Signature counted{{Param::String, Param::String, Param::Int}};
  auto cache = std::make_shared<RegexCache>();

  // parity: Sprig's regexMatch drops regexp.MatchString's error: an invalid pattern is false.
  funcs.add("regexMatch", two, [cache](Call&, std::span<const TValue> a) {
    std::string error;
    auto re = Regexp::compile(str(a, 0), error, cache.get());
    return TValue(GoType::Bool, Value(re && re->match(str(a, 1), 0).has_value()));
  });
  funcs.add("mustRegexMatch", two, [cache](Call&, std::span<const TValue> a) {
    return TValue(GoType::Bool,
                  Value(compile_or_throw(str(a, 0), cache.get()).match(str(a, 1), 0).has_value()));
  });
  // The non-must forms use regexp.MustCompile, whose panic text names the pattern.
  funcs.add("regexFindAll", counted, [cache](Call&, std::span<const TValue> a) {
    return string_list(
        find_all(Regexp::must_compile(str(a, 0), cache.get()), str(a, 1), a[2].value().as_int()),
        true);
  });
  funcs.add("mustRegexFindAll", counted, [cache](Call&, std::span<const TValue> a) {
    return string_list(
        find_all(compile_or_throw(str(a, 0), cache.get()), str(a, 1), a[2].value().as_int()), true);
  });
  funcs.add("regexFind", two, [cache](Call&, std::span<const TValue> a) {
    return TValue(GoType::String,
                  Value(find(Regexp::must_compile(str(a, 0), cache.get()), str(a, 1))));
  });
  funcs.add("mustRegexFind", two, [cache](Call&, std::span<const TValue> a) {
    return TValue(GoType::String, Value(find(compile_or_throw(str(a, 0), cache.get()), str(a, 1))));
  });
  funcs.add("regexReplaceAll", three, [cache](Call&, std::span<const TValue> a) {
    return TValue(GoType::String, Value(replace(Regexp::must_compile(str(a, 0), cache.get()),
                                                str(a, 1), str(a, 2))));
  });
  funcs.add("mustRegexReplaceAll", three, [cache](Call&, std::span<const TValue> a) {
    return TValue(GoType::String,
                  Value(replace(compile_or_throw(str(a, 0), cache.get()), str(a, 1), str(a, 2))));
  });
  funcs.add("regexReplaceAllLiteral", three, [cache](Call&, std::span<const TValue> a) {
    return TValue(
        GoType::String,
        Value(replace_literal(Regexp::must_compile(str(a, 0), cache.get()), str(a, 1), str(a, 2))));
  });
  funcs.add("mustRegexReplaceAllLiteral", three, [cache](Call&, std::span<const TValue> a) {
    return TValue(GoType::String, Value(replace_literal(compile_or_throw(str(a, 0), cache.get()),
                                                        str(a, 1), str(a, 2))));
  });
  funcs.add("regexSplit", counted, [cache](Call&, std::span<const TValue> a) {
    std::int64_t n = a[2].value().as_int();
    return string_list(Regexp::must_compile(str(a, 0), cache.get()).split(str(a, 1), n), n == 0);
  });
  funcs.add("mustRegexSplit", counted, [cache](Call&, std::span<const TValue> a) {
    std::int64_t n = a[2].value().as_int();
    return string_list(compile_or_throw(str(a, 0), cache.get()).split(str(a, 1), n), n == 0);
  });
  funcs.add("regexQuoteMeta", {{Param::String}}, [](Call&, std::span<const TValue> a) {
    return TValue(GoType::String, Value(quote_meta(str(a, 0))));
  });
}

}  // namespace primer::tmpl::sprig
