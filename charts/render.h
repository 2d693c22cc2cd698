// `helm template`, natively: a loaded chart plus the user's values in, the manifests (and the
// exact text helm prints) out. The pipeline of Helm's install action without a cluster:
// user values, dependency processing, capabilities and the kubeVersion check, coalescing,
// schema validation, rendering, sorting and output assembly.
#pragma once

#include <string>
#include <vector>

#include "charts/chart.h"
#include "charts/engine.h"
#include "charts/manifests.h"
#include "charts/objects.h"
#include "charts/values.h"

namespace primer::charts {

struct RenderOptions {
  ValuesOptions values;
  Release release;
  Capabilities capabilities;
  EngineOptions engine;
  OutputOptions output;
  bool skip_schema_validation = false;
};

struct RenderResult {
  /// The coalesced values the templates saw (`.Values` of the root chart).
  value::Value values;
  SortedManifests manifests;
  std::vector<CrdFile> crds;
  /// Exactly what `helm template` prints on stdout.
  std::string output;
  /// Helm's warnings (stderr lines).
  Warnings warnings;
};

/// Renders `chart` (as loaded; dependency processing works on a copy). Throws Error worded
/// as Helm words it.
RenderResult render_chart(const Chart& chart, const RenderOptions& options);

}  // namespace primer::charts
