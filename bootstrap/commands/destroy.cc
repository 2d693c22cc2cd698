#include <chrono>
#include <ostream>

#include "base/error.h"
#include "bootstrap/args/args.h"
#include "bootstrap/commands/commands.h"
#include "bootstrap/commands/session.h"
#include "bootstrap/pipeline/applier.h"
#include "bootstrap/pipeline/planner.h"
#include "bootstrap/views/apply.h"
#include "bootstrap/views/plan.h"

namespace primer::bootstrap::commands {

int run_destroy(std::span<const std::string> args, const Context& context) {
  auto [a, error] = args::parse_destroy(args);
  if (error) {
    context.view.usage_error(*error, "destroy");
    return kExitError;
  }
  Session s = open_session(a.bootstrap, context.view, false, false);
  std::ostream& out = context.view.out();
  if (!s.stored) {
    out << "No state in " << s.backend->describe()
        << ": primer has applied nothing here, so there is nothing to destroy.\n";
    return kExitOk;
  }
  plan::Plan p = pipeline::make_destroy_plan(*s.cluster, s.stored->document);
  views::PlanView(context.view).show(p);
  if (!a.auto_approve &&
      !confirm(context.view,
               "Do you really want to destroy everything primer installed?\n  There is no undo.",
               "destroy")) {
    out << "\nDestroy cancelled.\n";
    return kExitError;
  }
  views::ApplyView progress(context.view);
  pipeline::RunOptions options;
  options.deadline = kube::Clock::now() + std::chrono::seconds(a.timeout_seconds);
  options.progress = &progress;
  out << "\n";
  progress.destroyed(pipeline::destroy_plan(*s.cluster, p, *s.backend, a.cascade, options));
  return kExitOk;
}

}  // namespace primer::bootstrap::commands
