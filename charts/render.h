// `helm template`, natively: a loaded chart plus the user's values in, the manifests (and the
// exact text helm prints) out. The pipeline of Helm's install action without a cluster:
// user values, dependency processing, capabilities and the kubeVersion check, coalescing,
// schema validation, rendering, sorting and output assembly.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
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

/// The stages of render_chart, in order; a failure's stage decides whether `helm template`
/// follows the error with its --debug hint.
enum class RenderStage {
  Values,  // user values, dependencies, coalescing, schema validation
  Render,  // kubeVersion check, templates, manifest parsing (helm's renderResources)
  Output,  // output assembly (--show-only)
};

/// The line `helm template` prints after an error of the Render stage, when not in --debug
/// mode: it is helm's CLI text, not part of the error message.
inline constexpr std::string_view kDebugHint = "\n\nUse --debug flag to render out invalid YAML";

/// parity: template.go prints kDebugHint when the install action returned a release with the
/// error, which it does for failures inside renderResources.
inline bool helm_prints_debug_hint(RenderStage stage) { return stage == RenderStage::Render; }

/// An error's text as helm prints it after "Error: ": the message chain without the
/// file:line locations primer adds (helm's errors carry none).
std::string helm_error_text(const Error& e);

/// Renders `chart` (as loaded; dependency processing works on a copy). Throws Error worded
/// as Helm words it; `stage`, when given, receives the stage reached (the failing one).
RenderResult render_chart(const Chart& chart, const RenderOptions& options, RenderStage* stage = nullptr);

/// `helm template PATH`: the chart directory or archive at `path` loaded (after the user's
/// values are read, so that their errors come first, as in helm) and rendered.
RenderResult render_chart_at(const std::string& path, const RenderOptions& options,
                             RenderStage* stage = nullptr);

}  // namespace primer::charts
