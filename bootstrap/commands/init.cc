#include <filesystem>
#include <ostream>

#include "base/error.h"
#include "base/strings.h"
#include "bootstrap/args/args.h"
#include "bootstrap/commands/commands.h"
#include "bootstrap/commands/fetching.h"
#include "bootstrap/config/config.h"
#include "charts/fetch.h"
#include "charts/lock.h"
#include "charts/reference.h"

namespace primer::bootstrap::commands {

int run_init(std::span<const std::string> args, const Context& context) {
  auto [a, error] = args::parse_init(args);
  if (error) {
    context.view.usage_error(*error, "init");
    return kExitError;
  }
  config::Chart wanted{a.repo, a.chart, a.version};
  if (a.chart.empty()) {
    std::error_code ec;
    if (!std::filesystem::exists(a.config, ec)) {
      throw Error(Where{a.config},
                  "no configuration: write one with a chart: block (repo, name, version), or "
                  "give -chart");
    }
    config::Config file = config::read_config(a.config);
    config::validate(file);
    wanted = file.chart;
  }
  charts::Reference ref = charts::parse_reference(wanted.name, wanted.repo, wanted.version);
  charts::FetchOptions options = fetch_options(a.connection, context.view);
  FetchProgressView progress(context.view);
  options.progress = &progress;

  std::optional<charts::Lock> lock;
  if (!a.upgrade) lock = charts::read_lock(a.lock);
  std::ostream& out = context.view.out();
  if (lock && charts::lock_matches(*lock, ref)) {
    charts::Reference pinned = charts::pin_to_lock(ref, *lock);
    options.expect_digest = lock->digest;
    charts::FetchedChart chart = charts::fetch_chart(pinned, options);
    out << "Using " << chart.name << " " << chart.version << " as locked in " << a.lock << " ("
        << chart.digest << ").\n";
    return kExitOk;
  }
  charts::FetchedChart chart = charts::fetch_chart(ref, options);
  charts::Lock fresh;
  fresh.name = chart.name;
  fresh.version = chart.version;
  fresh.constraint = ref.kind == charts::Reference::Kind::Local ? "" : ref.version;
  fresh.repo = charts::lock_repo(ref);
  fresh.source = chart.source;
  fresh.digest = chart.digest;
  charts::write_lock(a.lock, fresh);
  if (lock && lock->version != fresh.version) {
    out << "Upgraded " << chart.name << " from " << lock->version << " to " << chart.version;
  } else {
    out << "Locked " << chart.name << " " << chart.version;
  }
  out << " from " << chart.source << " (" << chart.digest << ") in " << a.lock << ".\n";
  return kExitOk;
}

}  // namespace primer::bootstrap::commands
