// Helm's dependency processing before a render (ProcessDependencies in
// pkg/chart/v2/util/dependencies.go): which subcharts are enabled (tags, then conditions),
// alias copies, removal of disabled subcharts, and import-values. Values coalescing itself
// is in charts/values.h.
#pragma once

#include "charts/chart.h"
#include "charts/values.h"
#include "value/value.h"

namespace primer::charts {

/// Processes `chart`'s dependencies in place, as `helm template` does before rendering
/// (helm 4 ProcessDependencies, helm 3 ProcessDependenciesWithMerge): each Chart.yaml
/// dependency is bound to a loaded subchart of that name whose version satisfies its range
/// (copied, and renamed when it has an alias; loaded charts matching no entry stay), tags
/// and then conditions are evaluated against the values coalesced from `user_values`,
/// disabled subcharts are removed, recursively; then import-values are merged into each
/// chart's default values, bottom-up, which also leaves every chart that keeps a dependency
/// with its subcharts' defaults merged into its own values (as Helm does). `user_values` is
/// the map from merge_user_values. Throws Error as coalescing does ("type mismatch on sub:
/// ..."), unwrapped (Helm prefixes "chart dependencies processing failed: "). Appends Helm's
/// warnings (non-bool conditions and tags, missing import tables, coalescing) to `warnings`.
void process_dependencies(Chart& chart, const value::Value& user_values, Dialect dialect,
                          Warnings* warnings = nullptr);

}  // namespace primer::charts
