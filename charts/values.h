// A chart's `.Values`: the user's values from -f files and --set flags merged in Helm's order
// (pkg/cli/values/options.go), and coalesced with the chart's and its subcharts' defaults
// (CoalesceValues in pkg/chart/common/util/coalesce.go). Dependency processing (conditions,
// tags, aliases, import-values) is in charts/dependencies.h; schema validation elsewhere.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "charts/chart.h"
#include "value/value.h"

namespace primer::charts {

/// Helm's warnings, one stderr line each, worded as the dialect's oracle prints them:
/// helm 4.1.4 `level=INFO msg="warning: skipped value for c.a: Not a table."`, helm 3.17.3
/// `coalesce.go:237: warning: skipped value for c.a: Not a table.`.
using Warnings = std::vector<std::string>;

/// The value flags of `helm template`, each list in command-line order.
struct ValuesOptions {
  std::vector<std::string> values_files;  // -f/--values paths
  std::vector<std::string> set;           // --set
  std::vector<std::string> set_string;    // --set-string
  std::vector<std::string> set_file;      // --set-file
  std::vector<std::string> set_json;      // --set-json
  std::vector<std::string> set_literal;   // --set-literal
};

/// Reads a file named by -f or --set-file; throws Error worded as Go's os.ReadFile.
using ReadFile = std::function<std::string(const std::string& path)>;

/// The user-supplied values map (MergeValues): -f files deep-merged in order, then
/// --set-json, --set, --set-string, --set-file, --set-literal, whatever the order on the
/// command line. Throws Error worded as Helm ("failed parsing --set data: key \"a\" has no
/// value"). `read` defaults to the local file system (no URLs, no `-` for stdin).
value::Value merge_user_values(const ValuesOptions& options, Dialect dialect,
                               const ReadFile& read = {});

/// loader.MergeMaps: a new map with b's entries over a's, maps merged recursively (nested
/// maps of `a` are shared, as in Go).
value::Value merge_maps(const value::Value& a, const value::Value& b);

/// CoalesceValues: `user` (deep-copied, not changed) over the chart's default values and,
/// recursively, over each subchart's under its name, with `global` copied down. A user null
/// removes a default. Throws Error "type mismatch on sub: ..." when a subchart's section is
/// not a map. Appends Helm's warnings to `warnings` when given.
value::Value coalesce_values(const Chart& chart, const value::Value& user, Dialect dialect,
                             Warnings* warnings = nullptr);

/// MergeValues: as coalesce_values, but nulls are kept (used by import-values processing).
value::Value merge_values(const Chart& chart, const value::Value& user, Dialect dialect,
                          Warnings* warnings = nullptr);

/// CoalesceTables (`merge` false) / MergeTables (`merge` true): `src` merged under `dst`,
/// which is changed in place and returned; `src` may be changed too, as in Helm.
value::Value coalesce_tables(const value::Value& dst, const value::Value& src, bool merge,
                             Dialect dialect, Warnings* warnings = nullptr);

/// The `.Values` a subchart named `name` sees: parent_values[name] when it is a map, else {}.
value::Value subchart_values(const value::Value& parent_values, const std::string& name);

}  // namespace primer::charts
