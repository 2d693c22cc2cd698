// Semantic versions and constraints with Masterminds/semver v3's rules, as Helm uses them:
// Sprig's semver/semverCompare, a chart's kubeVersion, dependency and repository version
// constraints. Parsing is NewVersion's loose (coercing) form unless stated; no I/O, no
// knowledge of charts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace primer::semver {

/// Which Masterminds/semver release to follow. The two Helm oracles link different ones:
/// helm 4.1.4 has v3.4.0, helm 3.17.3 has v3.3.0. They differ in error wording
/// ("invalid semantic version" against "Invalid Semantic Version") and in the prerelease
/// rule of constraints (v3.4.0 admits prereleases for a whole AND group when any of its
/// constraints names one; v3.3.0 decides per constraint).
enum class Flavor { V3_4, V3_3 };

/// A parsed version: major.minor.patch[-prerelease][+metadata], plus the text it came from.
class Version {
 public:
  /// NewVersion: `v` prefix, missing minor/patch (`1.2` is 1.2.0) and leading zeros in the
  /// numbers are accepted. Throws Error worded as Masterminds words it for `flavor`.
  static Version parse(std::string_view text, Flavor flavor = Flavor::V3_4);
  /// StrictNewVersion: exactly three numbers, no `v`, no leading zeros. Throws Error.
  static Version parse_strict(std::string_view text, Flavor flavor = Flavor::V3_4);

  std::uint64_t major() const { return major_; }
  std::uint64_t minor() const { return minor_; }
  std::uint64_t patch() const { return patch_; }
  const std::string& prerelease() const { return pre_; }
  const std::string& metadata() const { return metadata_; }
  /// The text parsed, as given (`v1.2`).
  const std::string& original() const { return original_; }
  /// Version.String(): `1.2.0-rc.1+build`, never with a `v`.
  std::string str() const;

  /// -1, 0 or 1 by semver 2.0 precedence: metadata ignored, a prerelease sorts before its
  /// release, prerelease identifiers compared numerically when both are numbers.
  int compare(const Version& other) const;
  friend bool operator<(const Version& a, const Version& b) { return a.compare(b) < 0; }

 private:
  std::uint64_t major_ = 0;
  std::uint64_t minor_ = 0;
  std::uint64_t patch_ = 0;
  std::string pre_;
  std::string metadata_;
  std::string original_;
};

/// One comparison of a constraint string (`>=1.2`, `~1.x`, `^0.3.1-0`).
struct Constraint {
  std::string op;    // as written: "", "=", "!=", ">", "<", ">=", "=>", "<=", "=<", "~", "~>", "^"
  std::string text;  // the version part as written ("1.x", "v2")
  Version version;   // `text` with wildcards and missing parts as zeros, metadata dropped
  bool dirty = false;        // some part was a wildcard or missing
  bool minor_dirty = false;  // the minor part (and so the patch) was
  bool patch_dirty = false;  // only the patch part was
};

/// A parsed constraint string: `||`-separated groups of comparisons that must all hold
/// (separated by spaces or a comma). Hyphen ranges `1.2 - 1.4.5` become `>= 1.2, <= 1.4.5`.
class Constraints {
 public:
  /// NewConstraint. Throws Error ("improper constraint: X", "constraint parser error").
  static Constraints parse(std::string_view text, Flavor flavor = Flavor::V3_4);

  /// Constraints.Check: true when some group admits `version`. A prerelease version is
  /// admitted only where a constraint names a prerelease (see Flavor).
  bool check(const Version& version) const;
  /// Constraints.String(): each comparison as op+text, groups joined by " || ".
  std::string str() const;
  const std::vector<std::vector<Constraint>>& groups() const { return groups_; }

 private:
  std::vector<std::vector<Constraint>> groups_;
  Flavor flavor_ = Flavor::V3_4;
};

/// Sprig's semverCompare: parses both (constraint first) and checks. Throws Error.
bool satisfies(std::string_view constraint, std::string_view version, Flavor flavor = Flavor::V3_4);

}  // namespace primer::semver
