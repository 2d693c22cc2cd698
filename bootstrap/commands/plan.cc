#include "bootstrap/views/plan.h"

#include <ostream>

#include "base/error.h"
#include "bootstrap/args/args.h"
#include "bootstrap/commands/commands.h"
#include "bootstrap/commands/session.h"
#include "bootstrap/pipeline/planner.h"
#include "plan/plan_file.h"

namespace primer::bootstrap::commands {

int run_plan(std::span<const std::string> args, const Context& context) {
  auto [a, error] = args::parse_plan(args);
  if (error) {
    context.view.usage_error(*error, "plan");
    return kExitError;
  }
  if (a.destroy && a.offline)
    throw Error("-destroy plans against the cluster; it cannot be -offline");
  if (a.destroy && !a.out.empty()) {
    throw Error(
        "-out saves plans for `primer apply`; a -destroy plan is carried out by `primer destroy`");
  }
  Session s = open_session(a.bootstrap, context.view, a.offline, !a.destroy);
  plan::Plan p;
  if (a.destroy) {
    if (s.stored) p = pipeline::make_destroy_plan(*s.cluster, s.stored->document);
  } else {
    p = pipeline::make_plan(*s.desired, s.cluster.get(), s.state());
  }
  if (!a.out.empty()) plan::write_plan_file(a.out, p);
  views::PlanView view(context.view);
  if (a.json) {
    view.show_json(p);
  } else {
    view.show(p);
    if (!a.out.empty()) {
      context.view.out() << "\nSaved the plan to: " << a.out
                         << "\n\nTo perform exactly these actions, run:\n    primer apply " << a.out
                         << "\n";
    }
  }
  return a.detailed_exitcode && !p.summary().no_changes() ? kExitChanges : kExitOk;
}

}  // namespace primer::bootstrap::commands
