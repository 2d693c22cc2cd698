#include "charts/helmignore.h"

#include "base/error.h"
#include "base/strings.h"
#include "base/utf8.h"

namespace primer::charts {
namespace {

// One piece of a glob between stars: reads like Go's filepath.Match, where a pattern is a
// sequence of "chunks", each optionally preceded by a run of `*`.
struct Chunk {
  bool star = false;
  std::string_view text;
};

// Splits `pattern` into chunks; a `*` inside a class or after `\` is not a star.
std::vector<Chunk> chunks_of(std::string_view pattern) {
  std::vector<Chunk> out;
  while (!pattern.empty()) {
    Chunk c;
    while (!pattern.empty() && pattern.front() == '*') {
      c.star = true;
      pattern.remove_prefix(1);
    }
    bool in_class = false;
    std::size_t i = 0;
    for (; i < pattern.size(); ++i) {
      char ch = pattern[i];
      if (ch == '\\') {
        if (i + 1 < pattern.size()) ++i;
      } else if (ch == '[') {
        in_class = true;
      } else if (ch == ']') {
        in_class = false;
      } else if (ch == '*' && !in_class) {
        break;
      }
    }
    c.text = pattern.substr(0, i);
    pattern.remove_prefix(i);
    out.push_back(c);
  }
  return out;
}

// One character of a class (possibly escaped); false when the class is malformed there.
bool class_char(std::string_view& chunk, char32_t& out) {
  if (chunk.empty() || chunk.front() == '-' || chunk.front() == ']') return false;
  if (chunk.front() == '\\') {
    chunk.remove_prefix(1);
    if (chunk.empty()) return false;
  }
  DecodedRune r = decode_rune(chunk);
  if (r.rune == kRuneError && r.width == 1) return false;
  chunk.remove_prefix(r.width);
  out = r.rune;
  return !chunk.empty();  // a class must still be closed
}

enum class ChunkResult { Match, NoMatch, BadPattern };

// Matches `chunk` against the start of `name`; on Match, `rest` is what is left of `name`.
// Like Go, it reads the whole chunk even after a mismatch, so that a malformed chunk is
// always reported.
ChunkResult match_chunk(std::string_view chunk, std::string_view name, std::string_view& rest) {
  bool failed = false;
  while (!chunk.empty()) {
    if (!failed && name.empty()) failed = true;
    char c = chunk.front();
    if (c == '[') {
      char32_t r = 0;
      if (!failed) {
        DecodedRune d = decode_rune(name);
        r = d.rune;
        name.remove_prefix(d.width);
      }
      chunk.remove_prefix(1);
      bool negated = !chunk.empty() && chunk.front() == '^';
      if (negated) chunk.remove_prefix(1);
      bool hit = false;
      for (int ranges = 0;; ++ranges) {
        if (!chunk.empty() && chunk.front() == ']' && ranges > 0) {
          chunk.remove_prefix(1);
          break;
        }
        char32_t lo = 0;
        if (!class_char(chunk, lo)) return ChunkResult::BadPattern;
        char32_t hi = lo;
        if (chunk.front() == '-') {
          chunk.remove_prefix(1);
          if (!class_char(chunk, hi)) return ChunkResult::BadPattern;
        }
        if (lo <= r && r <= hi) hit = true;
      }
      if (hit == negated) failed = true;
    } else if (c == '?') {
      if (!failed) {
        if (name.front() == '/') failed = true;
        name.remove_prefix(decode_rune(name).width);
      }
      chunk.remove_prefix(1);
    } else {
      if (c == '\\') {
        chunk.remove_prefix(1);
        if (chunk.empty()) return ChunkResult::BadPattern;
      }
      if (!failed) {
        if (chunk.front() != name.front()) failed = true;
        name.remove_prefix(1);
      }
      chunk.remove_prefix(1);
    }
  }
  if (failed) return ChunkResult::NoMatch;
  rest = name;
  return ChunkResult::Match;
}

bool pattern_is_valid(const std::vector<Chunk>& chunks) {
  std::string_view ignored;
  for (const Chunk& c : chunks) {
    if (match_chunk(c.text, "", ignored) == ChunkResult::BadPattern) return false;
  }
  return true;
}

}  // namespace

// parity: path/filepath.Match. Each chunk after a star is matched at the leftmost place it
// fits without crossing `/`; the last chunk must also use up the name.
std::optional<bool> glob_match(std::string_view pattern, std::string_view name) {
  std::vector<Chunk> chunks = chunks_of(pattern);
  if (!pattern_is_valid(chunks)) return std::nullopt;
  for (std::size_t k = 0; k < chunks.size(); ++k) {
    const Chunk& c = chunks[k];
    bool last = k + 1 == chunks.size();
    if (c.star && c.text.empty()) return name.find('/') == std::string_view::npos;
    std::string_view rest;
    if (match_chunk(c.text, name, rest) == ChunkResult::Match && (rest.empty() || !last)) {
      name = rest;
      continue;
    }
    bool found = false;
    if (c.star) {
      for (std::size_t i = 0; i < name.size() && name[i] != '/'; ++i) {
        if (match_chunk(c.text, name.substr(i + 1), rest) == ChunkResult::Match &&
            (rest.empty() || !last)) {
          name = rest;
          found = true;
          break;
        }
      }
    }
    if (!found) return false;
  }
  return name.empty();
}

IgnoreRules IgnoreRules::parse(std::string_view file, std::string_view text) {
  IgnoreRules rules;
  // parity: ignore.Parse reads with bufio.Scanner: lines end at \n, a \r before it is
  // dropped, a BOM is removed from the first line, and a line over 64 KiB is an error.
  constexpr std::size_t kMaxLine = 64 * 1024;
  int line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view line =
        text.substr(start, (end == std::string_view::npos ? text.size() : end) - start);
    start = next;
    ++line_number;
    if (line.size() >= kMaxLine) {
      throw Error(Where{std::string(file), line_number}, "bufio.Scanner: token too long");
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_number == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    std::string problem = rules.add(line);
    if (!problem.empty()) throw Error(Where{std::string(file), line_number}, problem);
  }
  return rules;
}

void IgnoreRules::add_defaults() { add("templates/.?*"); }

// parity: ignore.Rules.parseRule.
std::string IgnoreRules::add(std::string_view line) {
  std::string_view rule = trim(line);
  if (rule.empty() || rule.front() == '#') return "";
  if (rule.find("**") != std::string_view::npos) {
    return "double-star (**) syntax is not supported";
  }
  // Helm checks the rule as written, `!` and slashes included.
  if (!glob_match(rule, "abc")) return "syntax error in pattern";
  Rule r;
  if (rule.starts_with("!")) {
    r.negate = true;
    rule.remove_prefix(1);
  }
  if (rule.ends_with("/")) {
    r.must_dir = true;
    rule.remove_suffix(1);
  }
  if (rule.starts_with("/")) {
    r.scope = Scope::Root;
    rule.remove_prefix(1);
  } else if (rule.find('/') != std::string_view::npos) {
    r.scope = Scope::Path;
  }
  r.pattern = std::string(rule);
  rules_.push_back(std::move(r));
  return "";
}

bool IgnoreRules::matches(const Rule& rule, std::string_view path) const {
  std::string_view subject = path;
  if (rule.scope == Scope::Base) {
    // Go's filepath.Base on a relative, clean path: the part after the last '/'.
    std::size_t slash = subject.rfind('/');
    if (slash != std::string_view::npos) subject.remove_prefix(slash + 1);
  }
  return glob_match(rule.pattern, subject).value_or(false);
}

// parity: ignore.Rules.Ignore. A negated rule does not re-include anything: a path that does
// not match it is ignored, one that matches goes on to the next rule.
bool IgnoreRules::ignored(std::string_view path, bool is_dir) const {
  if (path.empty() || path == "." || path == "./") return false;
  for (const Rule& rule : rules_) {
    if (rule.negate) {
      if (rule.must_dir && !is_dir) return true;
      if (!matches(rule, path)) return true;
      continue;
    }
    if (rule.must_dir && !is_dir) continue;
    if (matches(rule, path)) return true;
  }
  return false;
}

}  // namespace primer::charts
