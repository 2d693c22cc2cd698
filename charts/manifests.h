// What `helm template` prints from rendered files (pkg/release/util manifest splitting and
// sorting, pkg/action's output assembly): documents split on `---`, hooks separated,
// manifests in Helm's install order, `# Source:` headers, CRDs, --show-only.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "charts/chart.h"
#include "value/value.h"

namespace primer::charts {

/// One rendered document. Its source and content are views into the rendered files that
/// the SortedManifests holding it keeps.
struct Manifest {
  std::string_view source;   // the template key ("argo-cd/templates/x.yaml")
  std::string_view content;  // the document, trimmed
  std::string kind;
  std::string api_version;
  std::string name;
  /// Hook events (lower-cased) when the document is a Helm hook.
  std::vector<std::string> hook_events;
  bool is_hook() const { return !hook_events.empty(); }
};

/// Splits one rendered file into trimmed, non-empty documents as Helm does (separator
/// `(?:^|\s*\n)---\s*`).
std::vector<std::string> split_documents(std::string_view text);

struct SortedManifests {
  std::vector<Manifest> manifests;  // in install order
  std::vector<Manifest> hooks;      // sorted by kind the same way
  /// The rendered files the manifests' views point into (shared by copies).
  std::shared_ptr<const std::map<std::string, std::string>> rendered;
};

/// Helm's SortManifests over rendered files: NOTES.txt and partials dropped, documents parsed
/// (a YAML error throws "YAML parse error on <key>: ..."), hooks with unknown events dropped.
/// The result keeps the rendered files: moved in, or else copied.
SortedManifests sort_manifests(std::map<std::string, std::string>&& rendered, Dialect dialect);
SortedManifests sort_manifests(const std::map<std::string, std::string>& rendered, Dialect dialect);

struct OutputOptions {
  bool include_crds = false;
  bool skip_tests = false;
  bool no_hooks = false;
  /// --show-only patterns (filepath.Match against the key without the chart name).
  std::vector<std::string> show_only;
};

/// A CRD file to print with --include-crds: its key and raw bytes.
struct CrdFile {
  std::string source;
  std::string data;
};

/// CRD files of a chart and its subcharts in Helm's order (root first, then each subchart).
std::vector<CrdFile> crd_files(const Chart& chart);

/// The bytes `helm template` writes to stdout.
std::string template_output(const SortedManifests& sorted, const std::vector<CrdFile>& crds,
                            const OutputOptions& options);

}  // namespace primer::charts
