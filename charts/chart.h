// A loaded Helm chart: metadata, templates, files, default values and subcharts, as Helm's
// loader builds them (pkg/chart/v2). Produced by charts/loader.h; read by values coalescing,
// dependency processing and rendering.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "value/value.h"

namespace primer::charts {

/// Which Helm release's behaviour to reproduce where the two oracles differ
/// (helm-rendering-spec.md section 0).
enum class Dialect { Helm4, Helm3 };

/// A file of the chart, its name relative to the chart root with `/` separators.
struct File {
  std::string name;
  std::string data;
};

struct Maintainer {
  std::string name;
  std::string email;
  std::string url;
};

/// One entry of Chart.yaml `dependencies` (or requirements.yaml for apiVersion v1).
struct Dependency {
  std::string name;
  std::string version;
  std::string repository;
  std::string condition;
  std::vector<std::string> tags;
  bool enabled = true;
  /// `import-values` entries as written: strings or {child, parent} maps.
  std::vector<value::Value> import_values;
  std::string alias;
};

/// Chart.yaml, strings sanitized as Helm's loader does (TAB -> space, other control
/// characters dropped).
struct Metadata {
  std::string api_version;  // "v1" or "v2"
  std::string name;
  std::string home;
  std::vector<std::string> sources;
  std::string version;
  std::string description;
  std::vector<std::string> keywords;
  std::vector<Maintainer> maintainers;
  std::string icon;
  std::string condition;
  std::string tags;
  std::string app_version;
  bool deprecated = false;
  std::vector<std::pair<std::string, std::string>> annotations;  // sorted by key
  std::string kube_version;
  std::vector<Dependency> dependencies;
  std::string type;
};

struct Chart {
  Metadata metadata;
  /// Chart.lock (or requirements.lock), parsed; null when absent.
  value::Value lock;
  /// Files under templates/, in the order Helm's loader keeps them (sorted by name).
  std::vector<File> templates;
  /// Every other file that is not Chart.yaml, values.yaml, values.schema.json, Chart.lock,
  /// under templates/ or under charts/ and not ignored by .helmignore: the chart's `.Files`
  /// (crds/ included). Sorted by name.
  std::vector<File> files;
  /// values.yaml decoded as Helm does (float64 numbers; helm 4 merges every document,
  /// helm 3 keeps the first); an empty map when absent.
  value::Value values = value::Value::new_map();
  /// values.schema.json as written; empty when absent.
  std::string schema;
  /// Subcharts from charts/ (archives and directories), in load order.
  std::vector<std::shared_ptr<Chart>> dependencies;
  /// Where the chart was loaded from, for error messages ("argo-cd-10.1.1.tgz").
  std::string source;

  const std::string& name() const { return metadata.name; }
  /// Files under crds/ (Helm's CRDObjects) in name order.
  std::vector<const File*> crd_files() const;
};

}  // namespace primer::charts
