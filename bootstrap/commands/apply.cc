#include "bootstrap/views/apply.h"

#include <chrono>
#include <ostream>

#include "base/error.h"
#include "bootstrap/args/args.h"
#include "bootstrap/commands/commands.h"
#include "bootstrap/commands/session.h"
#include "bootstrap/pipeline/applier.h"
#include "bootstrap/pipeline/planner.h"
#include "bootstrap/views/plan.h"
#include "plan/plan_file.h"

namespace primer::bootstrap::commands {

int run_apply(std::span<const std::string> args, const Context& context) {
  auto [a, error] = args::parse_apply(args);
  if (error) {
    context.view.usage_error(*error, "apply");
    return kExitError;
  }
  std::optional<plan::Plan> saved;
  if (!a.plan_file.empty()) saved = plan::read_plan_file(a.plan_file);
  Session s = open_session(a.bootstrap, context.view, false, true);
  plan::Plan p = pipeline::make_plan(*s.desired, s.cluster.get(), s.state());
  views::PlanView plan_view(context.view);
  std::ostream& out = context.view.out();
  if (saved) {
    std::vector<std::string> reasons = plan::stale_reasons(*saved, p);
    if (!reasons.empty()) {
      std::string text = "the saved plan " + a.plan_file + " is stale:";
      for (const std::string& r : reasons) text += "\n  - " + r;
      text +=
          "\nA saved plan applies with the configuration and flags it was made with (it keeps "
          "digests, not values). Make a new plan with `primer plan -out " +
          a.plan_file + "`.";
      throw Error(text);
    }
  } else if (!a.json) {
    plan_view.show(p);
  }
  views::ApplyView progress(context.view);
  if (p.summary().no_changes()) {
    if (pipeline::state_incomplete(p, s.state()) &&
        pipeline::reconcile_state(*s.cluster, *s.desired, p, *s.backend, &progress) && !a.json) {
      out << "State updated to record the objects already in the cluster.\n";
    }
    if (a.json) {
      out << R"({"changes":false})"
          << "\n";
    } else if (saved) {
      plan_view.summary_line(p);
    }
    return kExitOk;
  }
  if (!saved && !a.auto_approve &&
      !confirm(context.view,
               "Do you want to perform these actions?\n  primer will perform the actions "
               "described above.",
               "apply")) {
    out << "\nApply cancelled.\n";
    return kExitError;
  }
  pipeline::RunOptions options;
  options.deadline = kube::Clock::now() + std::chrono::seconds(a.timeout_seconds);
  options.progress = a.json ? nullptr : &progress;
  if (s.desired->rendered && !s.desired->handoff.empty()) {
    options.render_key_after = [&] { return render_key_now(s, a.bootstrap); };
  }
  if (!a.json) out << "\n";
  pipeline::ApplyOutcome outcome =
      pipeline::apply_plan(*s.cluster, *s.desired, p, *s.backend, options);
  if (a.json) {
    out << R"({"changes":true,"added":)" << outcome.created << R"(,"changed":)" << outcome.updated
        << R"(,"destroyed":)" << outcome.deleted << R"(,"handed_off":)"
        << (outcome.handed_off ? "true" : "false") << R"(,"serial":)" << outcome.serial << "}\n";
  } else {
    progress.applied(outcome, p.handoff_application);
  }
  return kExitOk;
}

}  // namespace primer::bootstrap::commands
