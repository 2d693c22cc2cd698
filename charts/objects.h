// The objects Helm hands to templates besides .Values: `.Files`, `.Capabilities`, `.Chart`
// (a map in helm 4, a struct in helm 3) and `.Release`, built as tmpl::Objects or maps with
// the Go types, methods and printing of the Helm release being reproduced.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "charts/chart.h"
#include "charts/template/tvalue.h"
#include "value/value.h"

namespace primer::charts {

/// The cluster a render targets (.Capabilities).
struct Capabilities {
  /// As given (`1.33.4-gke.1`, `v1.30`); empty = the Helm release's default.
  std::string kube_version;
  /// Extra API versions (`--api-versions`), added after the defaults.
  std::vector<std::string> api_versions;
  /// When set, these replace the built-in defaults (a live cluster's discovery).
  std::vector<std::string> cluster_api_versions;
};

/// `.Capabilities` for `dialect`. Throws Error worded as Helm for a bad kube version
/// ("invalid kube version '1': illegal version string \"1\"").
std::shared_ptr<const tmpl::Object> make_capabilities(const Capabilities& caps, Dialect dialect);

/// The Kubernetes version `.Capabilities.KubeVersion.Version` shows (for kubeVersion checks).
std::string kube_version_text(const Capabilities& caps, Dialect dialect);

/// `.Files` of a chart: Get, GetBytes, Glob, AsConfig, AsSecrets, Lines.
std::shared_ptr<const tmpl::Object> make_files(const std::vector<File>& files);

/// `.Chart` for `chart`: helm 4's map keyed by Go field names, or helm 3's struct.
value::Value make_chart_object(const Chart& chart, bool is_root, Dialect dialect);

/// encoding/json of a helm 3 `.Chart` (or its embedded chart.Metadata): struct fields in
/// declaration order, as Go writes them. nullopt for any other value.
std::optional<std::string> chart_struct_json(const tmpl::TValue& v);

/// `.Release` from its map: a plain map[string]interface {} whose ints are Go ints (Revision),
/// where a data map decoded from values holds int64s.
value::Value make_release_object(value::Value map);

/// gobwas/glob matching with `/` as separator, as `.Files.Glob` uses it: `*` and `?` stay
/// inside a path segment, `**` crosses segments, `[...]` classes, `{a,b}` alternatives.
/// An invalid pattern matches everything (Helm ignores the compile error).
bool files_glob_match(std::string_view pattern, std::string_view name);

}  // namespace primer::charts
