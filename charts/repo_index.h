// A Helm repository's index.yaml: parsing and resolving a chart name and version constraint
// to one entry as Helm's repo.IndexFile.Get does, and making its download URL absolute.
// No I/O.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace primer::charts {

/// One chart version listed in an index.
struct IndexEntry {
  std::string name;
  std::string version;
  std::string app_version;
  std::string digest;  // sha256 hex of the archive, "" when the index gives none
  std::vector<std::string> urls;
};

class RepoIndex {
 public:
  /// Parses index.yaml (or JSON) text; `source` names it in errors. Entries without a name
  /// or with a version that is not semver are skipped, as Helm skips them; each chart's
  /// versions are sorted newest first. Throws Error for text that is not YAML, an empty
  /// file ("empty index.yaml file") or a missing apiVersion ("no API version specified").
  static RepoIndex parse(std::string_view source, std::string_view text);

  /// parity: repo.IndexFile.Get: an entry whose version equals `constraint` exactly, else the
  /// newest admitted by the Masterminds constraint (prereleases only when it names one;
  /// "" is "*", the newest stable). Throws Error `chart "NAME" version "V" not found in
  /// REPO repository` with the available versions appended; `repo` names the repository.
  const IndexEntry& get(std::string_view name, std::string_view constraint,
                        std::string_view repo) const;
  /// The versions of `name`, newest first (empty when the chart is not listed).
  std::vector<std::string> versions(std::string_view name) const;

 private:
  std::map<std::string, std::vector<IndexEntry>, std::less<>> entries_;
};

/// parity: repo.ResolveReferenceURL: `ref` as is when absolute, else resolved against
/// `repo_url` taken as a directory, keeping repo_url's query. Throws Error for a bad URL.
std::string resolve_chart_url(std::string_view repo_url, std::string_view ref);

}  // namespace primer::charts
