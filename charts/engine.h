// Helm's template engine (pkg/engine): one template set for a chart and its subcharts, the
// built-in objects per chart, Helm's functions (include, tpl, required, toYaml, ...), and
// execution of every file in Helm's order. Knows nothing of values coalescing or output
// assembly: it takes coalesced values and returns rendered text per file.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "charts/chart.h"
#include "charts/objects.h"
#include "charts/template/template.h"
#include "value/value.h"

namespace primer::charts {

/// `.Release`.
struct Release {
  std::string name = "release-name";
  std::string namespace_name = "default";
  bool is_upgrade = false;
  int revision = 1;
};

struct EngineOptions {
  Dialect dialect = Dialect::Helm4;
  /// missingkey=error instead of Helm's missingkey=zero (helm's --strict lint mode).
  bool strict = false;
  /// getHostByName resolves names (helm's --enable-dns); otherwise it returns "".
  bool enable_dns = false;
};

/// Go's text/template builtins, Sprig (minus env/expandenv) and Helm's functions, as the
/// given Helm release defines them. Shared and immutable; built once per dialect.
std::shared_ptr<const tmpl::Funcs> helm_funcs(const EngineOptions& options);

/// Renders every non-partial template of `chart` and its subcharts (the chart as dependency
/// processing left it) with `values`, the coalesced values of the root chart. Keys are
/// Helm's ("argo-cd/charts/redis-ha/templates/x.yaml"); "<no value>" is removed from the
/// text as Helm does. Throws Error worded as Helm's ("parse error at (file:line): ...",
/// "execution error at (file:line:col): msg", or Go's execution error text).
std::map<std::string, std::string> render_templates(const Chart& chart, const value::Value& values,
                                                    const Release& release,
                                                    const Capabilities& capabilities,
                                                    const EngineOptions& options);

}  // namespace primer::charts
