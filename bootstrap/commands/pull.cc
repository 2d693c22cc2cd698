#include <filesystem>

#include "base/error.h"
#include "base/strings.h"
#include "bootstrap/args/args.h"
#include "bootstrap/commands/commands.h"
#include "bootstrap/commands/fetching.h"
#include "charts/cache.h"
#include "charts/fetch.h"
#include "charts/reference.h"

namespace primer::bootstrap::commands {

int run_pull(std::span<const std::string> args, const Context& context) {
  auto [a, error] = args::parse_pull(args);
  if (error) {
    context.view.usage_error(*error, "pull");
    return kExitError;
  }
  charts::Reference ref = charts::parse_reference(a.chart, a.repo, a.version);
  charts::FetchOptions options = fetch_options(a.connection, context.view);
  FetchProgressView progress(context.view);
  options.progress = &progress;
  charts::FetchedChart chart = charts::fetch_chart(ref, options);
  if (chart.digest.empty()) {
    throw Error(Where{chart.path}, "is a chart directory, not an archive: nothing to pull");
  }
  // parity: helm pull writes NAME-VERSION.tgz into the destination and prints nothing.
  std::string target = a.destination + "/" + chart.name + "-" + chart.version + ".tgz";
  charts::write_file_atomic(target, read_file(chart.path));
  return kExitOk;
}

}  // namespace primer::bootstrap::commands
