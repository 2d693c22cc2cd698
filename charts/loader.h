// Loading a Helm chart from a directory or a .tgz archive into a Chart, as Helm's
// pkg/chart/v2/loader does: Chart.yaml decoded and validated, files classified, values.yaml
// decoded, subcharts under charts/ loaded recursively. Does no rendering and no dependency
// processing (charts/dependencies.h); reads only the files it is given.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "charts/chart.h"

namespace primer::charts {

/// Not in Helm: how deep archives may nest inside charts/ before loading fails.
inline constexpr int kMaxSubchartDepth = 16;

/// Loads the chart at `path`, a directory (with its .helmignore applied) or a .tgz file.
/// Throws Error worded as Helm words it (`cannot load Chart.yaml: …`, `validation: …`,
/// `error unpacking subchart X in Y: …`), located at the file where one is known.
Chart load_chart(const std::string& path, Dialect dialect);

/// Loads a chart from the bytes of a .tgz; `name` ("argo-cd-10.1.1.tgz") names it in errors
/// and becomes Chart::source. Throws Error as load_chart does.
Chart load_chart_archive(std::string_view name, std::string_view bytes, Dialect dialect);

/// The files of the chart directory `dir` as Helm's LoadDir reads them, in walk order:
/// .helmignore and the default `templates/.?*` rule applied, symlinks followed, a UTF-8 BOM
/// removed. Throws Error for an irregular file, a file over kMaxDecompressedFileSize, a bad
/// .helmignore or a read failure.
std::vector<File> read_chart_directory(const std::string& dir);

/// Helm's LoadFiles: builds a chart from files named relative to its root, in load order.
/// `source` names the chart in errors. Throws Error as load_chart does.
Chart load_chart_files(std::string_view source, const std::vector<File>& files, Dialect dialect);

}  // namespace primer::charts
