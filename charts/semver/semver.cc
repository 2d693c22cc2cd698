#include "charts/semver/semver.h"

#include <cctype>
#include <limits>

#include "base/error.h"

namespace primer::semver {
namespace {

// Masterminds' error texts; v3.4.0 lower-cased every one of them.
std::string text_of(Flavor f, const char* v34, const char* v33) {
  return f == Flavor::V3_4 ? v34 : v33;
}
Error invalid_semver(Flavor f) {
  return Error(text_of(f, "invalid semantic version", "Invalid Semantic Version"));
}
Error segment_starts_zero(Flavor f) {
  return Error(text_of(f, "version segment starts with 0", "Version segment starts with 0"));
}
Error invalid_prerelease(Flavor f) {
  return Error(text_of(f, "invalid prerelease string", "Invalid Prerelease string"));
}
Error invalid_metadata(Flavor f) {
  return Error(text_of(f, "invalid metadata string", "Invalid Metadata string"));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }
bool all_digits(std::string_view s) {
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}
bool all_ident(std::string_view s) {
  for (char c : s) {
    if (!is_ident_char(c)) return false;
  }
  return true;
}

// strconv.ParseUint(s, 10, 64); the error text on failure.
std::optional<std::uint64_t> parse_uint(std::string_view s, std::string* err) {
  if (s.empty() || !all_digits(s)) {
    if (err) *err = "strconv.ParseUint: parsing \"" + std::string(s) + "\": invalid syntax";
    return std::nullopt;
  }
  std::uint64_t n = 0;
  for (char c : s) {
    std::uint64_t d = static_cast<std::uint64_t>(c - '0');
    if (n > (std::numeric_limits<std::uint64_t>::max() - d) / 10) {
      if (err) *err = "strconv.ParseUint: parsing \"" + std::string(s) + "\": value out of range";
      return std::nullopt;
    }
    n = n * 10 + d;
  }
  return n;
}

std::uint64_t parse_segment(std::string_view s, Flavor f) {
  std::string err;
  auto n = parse_uint(s, &err);
  if (!n) {
    throw Error(text_of(f, "error parsing version segment: ", "Error parsing version segment: ") +
                err);
  }
  return *n;
}

// Length of `ID(\.ID)*` at s[i] with ID = [0-9A-Za-z-]+, greedy; 0 when none.
std::size_t dotted_idents(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size() && is_ident_char(s[j])) ++j;
  if (j == i) return 0;
  while (j + 1 < s.size() && s[j] == '.' && is_ident_char(s[j + 1])) {
    ++j;
    while (j < s.size() && is_ident_char(s[j])) ++j;
  }
  return j - i;
}

void validate_prerelease(std::string_view pre, Flavor f) {
  std::size_t start = 0;
  while (true) {
    std::size_t dot = pre.find('.', start);
    std::string_view part =
        pre.substr(start, dot == std::string_view::npos ? pre.npos : dot - start);
    if (part.empty() && f == Flavor::V3_4) throw invalid_prerelease(f);
    if (all_digits(part)) {
      if (part.size() > 1 && part[0] == '0') throw segment_starts_zero(f);
    } else if (!all_ident(part)) {
      throw invalid_prerelease(f);
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
}

void validate_metadata(std::string_view meta, Flavor f) {
  std::size_t start = 0;
  while (true) {
    std::size_t dot = meta.find('.', start);
    std::string_view part =
        meta.substr(start, dot == std::string_view::npos ? meta.npos : dot - start);
    if ((part.empty() && f == Flavor::V3_4) || !all_ident(part)) throw invalid_metadata(f);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
}

// The pieces of Masterminds' constraint-version pattern (cvRegex):
// v?X(\.X)?(\.X)?(-ID(\.ID)*)?(\+ID(\.ID)*)? with X = [0-9|xX*]+, matched greedily.
struct CvMatch {
  std::size_t end = 0;
  std::string_view whole, x1, x2, x3, pre, meta;  // x2, x3, pre, meta with their lead char
};

bool is_x_char(char c) { return is_digit(c) || c == '|' || c == 'x' || c == 'X' || c == '*'; }

std::optional<CvMatch> match_cv(std::string_view s, std::size_t i) {
  std::size_t start = i;
  if (i < s.size() && s[i] == 'v' && i + 1 < s.size() && is_x_char(s[i + 1])) ++i;
  std::size_t x = i;
  while (i < s.size() && is_x_char(s[i])) ++i;
  if (i == x) return std::nullopt;
  CvMatch m;
  m.x1 = s.substr(x, i - x);
  for (std::string_view* part : {&m.x2, &m.x3}) {
    if (i + 1 < s.size() && s[i] == '.' && is_x_char(s[i + 1])) {
      std::size_t p = i++;
      while (i < s.size() && is_x_char(s[i])) ++i;
      *part = s.substr(p, i - p);
    } else {
      break;
    }
  }
  if (i < s.size() && s[i] == '-') {
    if (std::size_t n = dotted_idents(s, i + 1)) {
      m.pre = s.substr(i, n + 1);
      i += n + 1;
    }
  }
  if (i < s.size() && s[i] == '+') {
    if (std::size_t n = dotted_idents(s, i + 1)) {
      m.meta = s.substr(i, n + 1);
      i += n + 1;
    }
  }
  m.whole = s.substr(start, i - start);
  m.end = i;
  return m;
}

// RE2's \s: no vertical tab.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
std::size_t skip_space(std::string_view s, std::size_t i) {
  while (i < s.size() && is_space(s[i])) ++i;
  return i;
}

// One `(ops)\s*(cv)` at s[i]. Go's leftmost-first alternation tries the operators in
// Masterminds' order `=||!=|>|<|>=|=>|<=|=<|~|~>|\^`; at most one of them can be followed by
// a version, so the first that is wins.
struct Item {
  std::string_view op;
  CvMatch cv;
};
std::optional<Item> match_item(std::string_view s, std::size_t i) {
  static constexpr std::string_view kOps[] = {
      "=", "", "!=", ">", "<", ">=", "=>", "<=", "=<", "~", "~>", "^"};
  for (std::string_view op : kOps) {
    if (s.substr(i, op.size()) != op) continue;
    if (auto cv = match_cv(s, skip_space(s, i + op.size()))) return Item{op, *cv};
  }
  return std::nullopt;
}

// validConstraintRegex + findConstraintRegex: the comparisons of one `||` group, separated
// by white space or one comma; nullopt when the group does not have that shape.
std::optional<std::vector<Item>> split_group(std::string_view s) {
  std::vector<Item> items;
  std::size_t i = skip_space(s, 0);
  while (true) {
    auto item = match_item(s, i);
    if (!item) return std::nullopt;
    items.push_back(*item);
    std::size_t after = item->cv.end;
    i = skip_space(s, after);
    if (i == s.size()) return items;
    if (s[i] == ',') {
      i = skip_space(s, i + 1);
    } else if (i == after) {
      return std::nullopt;
    }
  }
}

// rewriteRange: each `\s*(cv)\s+-\s+(cv)\s*` becomes `>= A, <= B ` (strings.Replace of the
// first occurrence of the matched text, as Masterminds does).
std::string rewrite_ranges(std::string_view input) {
  struct Range {
    std::string matched, replacement;
  };
  std::vector<Range> ranges;
  std::size_t i = 0;
  while (i < input.size()) {
    std::size_t j = skip_space(input, i);
    auto a = match_cv(input, j);
    std::size_t k = a ? skip_space(input, a->end) : 0;
    std::optional<CvMatch> b;
    if (a && k > a->end && k < input.size() && input[k] == '-') {
      std::size_t l = skip_space(input, k + 1);
      if (l > k + 1) b = match_cv(input, l);
    }
    if (!b) {
      ++i;
      continue;
    }
    std::size_t end = skip_space(input, b->end);
    ranges.push_back({std::string(input.substr(i, end - i)),
                      ">= " + std::string(a->whole) + ", <= " + std::string(b->whole) + " "});
    i = end;
  }
  std::string out(input);
  for (const Range& r : ranges) {
    std::size_t at = out.find(r.matched);
    if (at != std::string::npos) out.replace(at, r.matched.size(), r.replacement);
  }
  return out;
}

bool is_x(std::string_view s) { return s == "x" || s == "X" || s == "*"; }

Constraint make_constraint(const Item& item, Flavor f) {
  Constraint c;
  c.op = std::string(item.op);
  c.text = std::string(item.cv.whole);
  const CvMatch& m = item.cv;
  std::string x2 = m.x2.empty() ? "" : std::string(m.x2.substr(1));
  std::string x3 = m.x3.empty() ? "" : std::string(m.x3.substr(1));
  std::string ver;
  if (is_x(m.x1)) {
    ver = "0.0.0" + std::string(m.pre);
    c.dirty = true;
  } else if (m.x2.empty() || is_x(x2)) {
    ver = std::string(m.x1) + ".0.0" + std::string(m.pre);
    c.dirty = c.minor_dirty = true;
  } else if (m.x3.empty() || is_x(x3)) {
    ver = std::string(m.x1) + std::string(m.x2) + ".0" + std::string(m.pre);
    c.dirty = c.patch_dirty = true;
  } else {
    ver = std::string(m.whole);
  }
  try {
    c.version = Version::parse(ver, f);
  } catch (const Error&) {
    throw Error(text_of(f, "constraint parser error", "constraint Parser Error"));
  }
  return c;
}

int compare_segment(std::uint64_t a, std::uint64_t b) { return a < b ? -1 : (a > b ? 1 : 0); }

int compare_pre_part(std::string_view s, std::string_view o) {
  if (s == o) return 0;
  if (s.empty()) return -1;
  if (o.empty()) return 1;
  auto on = parse_uint(o, nullptr);
  auto sn = parse_uint(s, nullptr);
  if (!on && !sn) return s > o ? 1 : -1;
  if (!on) return -1;  // s is a number, o is not
  if (!sn) return 1;
  return *sn > *on ? 1 : -1;
}

std::vector<std::string_view> split_dots(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = s.find('.', start);
    if (dot == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, dot - start));
    start = dot + 1;
  }
}

// parity: comparePrerelease in Masterminds' version.go (missing parts compare as "").
int compare_prerelease(std::string_view a, std::string_view b) {
  auto ap = split_dots(a);
  auto bp = split_dots(b);
  std::size_t n = std::max(ap.size(), bp.size());
  for (std::size_t i = 0; i < n; ++i) {
    int d = compare_pre_part(i < ap.size() ? ap[i] : "", i < bp.size() ? bp[i] : "");
    if (d != 0) return d;
  }
  return 0;
}

// The constraint functions of constraints.go, as booleans. `include_pre` is the prerelease
// gate decided by the caller (per group in v3.4.0, per constraint in v3.3.0).
bool check_tilde(const Constraint& c, const Version& v) {
  if (v.compare(c.version) < 0) return false;
  const Version& cv = c.version;
  if (cv.major() == 0 && cv.minor() == 0 && cv.patch() == 0 && !c.minor_dirty && !c.patch_dirty)
    return true;
  if (v.major() != cv.major()) return false;
  if (v.minor() != cv.minor() && !c.minor_dirty) return false;
  return true;
}

bool check_caret(const Constraint& c, const Version& v) {
  const Version& cv = c.version;
  if (v.compare(cv) < 0) return false;
  if (cv.major() > 0 || c.minor_dirty) return v.major() == cv.major();
  if (v.major() > 0) return false;
  if (cv.minor() > 0 || c.patch_dirty) return v.minor() == cv.minor();
  if (v.minor() > 0) return false;
  return v.patch() == cv.patch();
}

bool check_not_equal(const Constraint& c, const Version& v) {
  const Version& cv = c.version;
  if (c.dirty) {
    if (cv.major() != v.major()) return true;
    if (cv.minor() != v.minor() && !c.minor_dirty) return true;
    if (c.minor_dirty) return false;
    if (cv.patch() != v.patch() && !c.patch_dirty) return true;
    if (c.patch_dirty) {
      if (!v.prerelease().empty() || !cv.prerelease().empty())
        return compare_prerelease(v.prerelease(), cv.prerelease()) != 0;
      return false;
    }
  }
  return v.compare(cv) != 0;
}

bool check_one(const Constraint& c, const Version& v, bool include_pre, Flavor f) {
  bool gated = !v.prerelease().empty() && !include_pre;
  const std::string& op = c.op;
  if (op == "!=") {
    // parity: v3.3.0's constraintNotEqual applies the prerelease rule to wildcards only.
    if (gated && (f == Flavor::V3_4 || c.dirty)) return false;
    return check_not_equal(c, v);
  }
  if (gated) return false;
  const Version& cv = c.version;
  if (op == "" || op == "=") {
    if (c.dirty) return check_tilde(c, v);
    return v.compare(cv) == 0;
  }
  if (op == ">") {
    if (!c.dirty) return v.compare(cv) > 0;
    if (v.major() != cv.major()) return v.major() > cv.major();
    if (c.minor_dirty) return false;
    if (c.patch_dirty) return v.minor() > cv.minor();
    return v.compare(cv) > 0;
  }
  if (op == "<") return v.compare(cv) < 0;
  if (op == ">=" || op == "=>") return v.compare(cv) >= 0;
  if (op == "<=" || op == "=<") {
    if (!c.dirty) return v.compare(cv) <= 0;
    if (v.major() > cv.major()) return false;
    if (v.major() == cv.major() && v.minor() > cv.minor() && !c.minor_dirty) return false;
    return true;
  }
  if (op == "~" || op == "~>") return check_tilde(c, v);
  return check_caret(c, v);  // "^"
}

}  // namespace

Version Version::parse(std::string_view text, Flavor flavor) {
  // parity: coerceNewVersion (v3.4.0) / NewVersion (v3.3.0), the anchored loose pattern
  // ^v?N(\.N)?(\.N)?(-ID(\.ID)*)?(\+ID(\.ID)*)?$ with N = [0-9]+.
  std::size_t i = 0;
  if (!text.empty() && text[0] == 'v') i = 1;
  auto number = [&](std::size_t& at) -> std::string_view {
    std::size_t s = at;
    while (at < text.size() && is_digit(text[at])) ++at;
    return text.substr(s, at - s);
  };
  std::string_view nums[3];
  nums[0] = number(i);
  if (nums[0].empty()) throw invalid_semver(flavor);
  for (int k = 1; k < 3; ++k) {
    if (i + 1 < text.size() && text[i] == '.' && is_digit(text[i + 1])) {
      ++i;
      nums[k] = number(i);
    } else {
      break;
    }
  }
  std::string_view pre, meta;
  if (i < text.size() && text[i] == '-') {
    std::size_t n = dotted_idents(text, i + 1);
    if (n == 0) throw invalid_semver(flavor);
    pre = text.substr(i + 1, n);
    i += n + 1;
  }
  if (i < text.size() && text[i] == '+') {
    std::size_t n = dotted_idents(text, i + 1);
    if (n == 0) throw invalid_semver(flavor);
    meta = text.substr(i + 1, n);
    i += n + 1;
  }
  if (i != text.size()) throw invalid_semver(flavor);

  Version v;
  v.original_ = std::string(text);
  v.pre_ = std::string(pre);
  v.metadata_ = std::string(meta);
  v.major_ = parse_segment(nums[0], flavor);
  if (!nums[1].empty()) v.minor_ = parse_segment(nums[1], flavor);
  if (!nums[2].empty()) v.patch_ = parse_segment(nums[2], flavor);
  if (!pre.empty()) validate_prerelease(pre, flavor);
  if (!meta.empty()) validate_metadata(meta, flavor);
  return v;
}

Version Version::parse_strict(std::string_view text, Flavor flavor) {
  if (text.empty()) throw Error(text_of(flavor, "version string empty", "Version string empty"));
  Version v;
  v.original_ = std::string(text);
  std::size_t d1 = text.find('.');
  std::size_t d2 = d1 == text.npos ? text.npos : text.find('.', d1 + 1);
  if (d2 == text.npos) throw invalid_semver(flavor);
  std::string_view parts[3] = {text.substr(0, d1), text.substr(d1 + 1, d2 - d1 - 1),
                               text.substr(d2 + 1)};
  if (std::size_t plus = parts[2].find('+'); plus != std::string_view::npos) {
    v.metadata_ = std::string(parts[2].substr(plus + 1));
    parts[2] = parts[2].substr(0, plus);
    validate_metadata(v.metadata_, flavor);
  }
  if (std::size_t dash = parts[2].find('-'); dash != std::string_view::npos) {
    v.pre_ = std::string(parts[2].substr(dash + 1));
    parts[2] = parts[2].substr(0, dash);
    validate_prerelease(v.pre_, flavor);
  }
  for (std::string_view p : parts) {
    if (!all_digits(p))
      throw Error(
          text_of(flavor, "invalid characters in version", "Invalid characters in version"));
    if (p.size() > 1 && p[0] == '0') throw segment_starts_zero(flavor);
  }
  std::uint64_t* fields[3] = {&v.major_, &v.minor_, &v.patch_};
  for (int k = 0; k < 3; ++k) {
    std::string err;
    auto n = parse_uint(parts[k], &err);
    if (!n) throw Error(err);
    *fields[k] = *n;
  }
  return v;
}

std::string Version::str() const {
  std::string out =
      std::to_string(major_) + "." + std::to_string(minor_) + "." + std::to_string(patch_);
  if (!pre_.empty()) out += "-" + pre_;
  if (!metadata_.empty()) out += "+" + metadata_;
  return out;
}

int Version::compare(const Version& o) const {
  if (int d = compare_segment(major_, o.major_)) return d;
  if (int d = compare_segment(minor_, o.minor_)) return d;
  if (int d = compare_segment(patch_, o.patch_)) return d;
  if (pre_.empty() && o.pre_.empty()) return 0;
  if (pre_.empty()) return 1;
  if (o.pre_.empty()) return -1;
  return compare_prerelease(pre_, o.pre_);
}

Constraints Constraints::parse(std::string_view text, Flavor flavor) {
  Constraints out;
  out.flavor_ = flavor;
  std::string rewritten = rewrite_ranges(text);
  std::string_view rest = rewritten;
  while (true) {
    std::size_t bar = rest.find("||");
    std::string_view group = rest.substr(0, bar);
    auto items = split_group(group);
    if (!items) throw Error("improper constraint: " + std::string(group));
    std::vector<Constraint> parsed;
    for (const Item& item : *items) parsed.push_back(make_constraint(item, flavor));
    out.groups_.push_back(std::move(parsed));
    if (bar == std::string_view::npos) break;
    rest = rest.substr(bar + 2);
  }
  return out;
}

bool Constraints::check(const Version& version) const {
  for (const auto& group : groups_) {
    bool group_has_pre = false;
    for (const Constraint& c : group) group_has_pre |= !c.version.prerelease().empty();
    bool ok = true;
    for (const Constraint& c : group) {
      bool include_pre = flavor_ == Flavor::V3_4 ? group_has_pre : !c.version.prerelease().empty();
      if (!check_one(c, version, include_pre, flavor_)) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

std::string Constraints::str() const {
  std::string out;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    if (g) out += " || ";
    for (std::size_t k = 0; k < groups_[g].size(); ++k) {
      if (k) out += " ";
      out += groups_[g][k].op + groups_[g][k].text;
    }
  }
  return out;
}

bool satisfies(std::string_view constraint, std::string_view version, Flavor flavor) {
  Constraints c = Constraints::parse(constraint, flavor);
  return c.check(Version::parse(version, flavor));
}

}  // namespace primer::semver
