#include "charts/render.h"

#include <string>

#include "base/error.h"
#include "base/strings.h"
#include "bootstrap/args/args.h"
#include "bootstrap/commands/commands.h"
#include "bootstrap/commands/fetching.h"
#include "charts/fetch.h"
#include "charts/output_dir.h"
#include "charts/reference.h"

namespace primer::bootstrap::commands {
namespace {

// The local chart to render: CHART itself, or the archive fetched (through the cache) when
// CHART is an oci:// reference or a name in the -repo repository. Local paths skip reference
// parsing so that a missing one is reported in helm's words by the loader.
std::string local_chart(const args::Render& a, const views::View& view) {
  if (a.repo.empty() && !starts_with(a.chart, "oci://")) return a.chart;
  charts::FetchOptions options = fetch_options(a.connection, view);
  FetchProgressView progress(view);
  options.progress = &progress;
  return charts::fetch_chart(charts::parse_reference(a.chart, a.repo, a.version), options).path;
}

}  // namespace

int run_render(std::span<const std::string> args, const Context& context) {
  auto [a, error] = args::parse_render(args);
  if (error) {
    context.view.usage_error(*error, "render");
    return kExitError;
  }
  charts::RenderOptions options;
  options.engine.dialect = a.helm_major == 3 ? charts::Dialect::Helm3 : charts::Dialect::Helm4;
  options.values = {a.values_files, a.set, a.set_string, a.set_file, a.set_json, a.set_literal};
  options.release.name = a.release_name;
  options.release.namespace_name = a.namespace_name;
  options.release.is_upgrade = a.is_upgrade;
  options.capabilities.kube_version = a.kube_version;
  options.capabilities.api_versions = a.api_versions;
  options.output.include_crds = a.include_crds;
  options.output.skip_tests = a.skip_tests;
  options.output.no_hooks = a.no_hooks;
  options.output.show_only = a.show_only;
  options.skip_schema_validation = a.skip_schema_validation;
  std::string chart = local_chart(a, context.view);
  charts::RenderStage stage = charts::RenderStage::Values;
  try {
    charts::RenderResult result = charts::render_chart_at(chart, options, &stage);
    for (const std::string& w : result.warnings) context.view.err() << w << '\n';
    if (a.output_dir.empty()) {
      context.view.out() << result.output;
    } else {
      context.view.out() << charts::write_output_dir(result.manifests, result.crds, options.output,
                                                     a.output_dir,
                                                     a.release_name_dir ? a.release_name : "");
    }
  } catch (const Error& e) {
    // parity: helm's wording without primer's locations, and helm template's --debug hint
    // after errors from rendering.
    std::string text = charts::helm_error_text(e);
    if (charts::helm_prints_debug_hint(stage)) text += charts::kDebugHint;
    context.view.error(Error(text));
    return kExitError;
  }
  return kExitOk;
}

}  // namespace primer::bootstrap::commands
