// .helmignore rules as Helm's pkg/ignore reads and applies them, quirks included: Go
// filepath.Match globs (no `**`), `!` negation that ignores what does *not* match, trailing
// `/` for directories only, and a leading `/` anchoring at the chart root.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace primer::charts {

/// Go's path/filepath.Match with `/` as the separator: `*` and `?` never match `/`,
/// `[...]`/`[^...]` classes with ranges, `\` escapes. nullopt when `pattern` is malformed
/// (Go's ErrBadPattern), whatever `name` is.
std::optional<bool> glob_match(std::string_view pattern, std::string_view name);

/// An ordered list of ignore rules (pkg/ignore.Rules).
class IgnoreRules {
 public:
  /// The rules of a .helmignore file's `text`. Throws Error located at `file`:line for a rule
  /// with `**` or a malformed pattern, worded as Helm words it.
  static IgnoreRules parse(std::string_view file, std::string_view text);

  /// Appends Helm's default rule `templates/.?*` (dotfiles under templates/).
  void add_defaults();

  /// Whether the file or directory at `path` (relative to the chart root, `/` separators)
  /// is ignored: the rules are tried in order and the first decisive one wins.
  bool ignored(std::string_view path, bool is_dir) const;

  bool empty() const { return rules_.empty(); }

 private:
  enum class Scope { Root, Path, Base };
  struct Rule {
    std::string pattern;  // without `!`, trailing `/` and leading `/`
    Scope scope = Scope::Base;
    bool negate = false;
    bool must_dir = false;
  };
  /// Adds one line's rule; returns an error message, empty when the line is fine.
  std::string add(std::string_view line);
  bool matches(const Rule& rule, std::string_view path) const;

  std::vector<Rule> rules_;
};

}  // namespace primer::charts
