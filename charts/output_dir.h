// `helm template --output-dir`: every document written under a directory, one file per
// template (documents of one template appended in output order), CRDs first.
#pragma once

#include <string>
#include <vector>

#include "charts/manifests.h"

namespace primer::charts {

/// Writes `sorted` (and `crds` when options.include_crds) under `dir` as helm does; with
/// `release_dir` non-empty, manifests and hooks go under dir/release_dir/ (CRDs do not).
/// Returns what helm prints on stdout: a `wrote PATH` line per document, then an empty line.
/// Throws Error naming the file that could not be written.
std::string write_output_dir(const SortedManifests& sorted, const std::vector<CrdFile>& crds,
                             const OutputOptions& options, const std::string& dir,
                             const std::string& release_dir);

}  // namespace primer::charts
