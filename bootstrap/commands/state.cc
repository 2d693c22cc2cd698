#include <ostream>

#include "base/error.h"
#include "bootstrap/args/args.h"
#include "bootstrap/commands/commands.h"
#include "bootstrap/commands/session.h"

namespace primer::bootstrap::commands {

int run_state(std::span<const std::string> args, const Context& context) {
  auto [a, error] = args::parse_state(args);
  if (error) {
    context.view.usage_error(*error, "state");
    return kExitError;
  }
  Session s = open_session(a.bootstrap, context.view, false, false);
  std::ostream& out = context.view.out();
  if (a.subcommand == "unlock") {
    if (!s.backend->force_unlock(a.lock_id)) {
      throw Error(s.backend->describe() + ": no lock" +
                  (a.lock_id.empty() ? "" : " with id " + a.lock_id) + " is held");
    }
    out << "The lock of " << s.backend->describe() << " has been removed.\n";
    return kExitOk;
  }
  if (!s.stored) throw Error("no state in " + s.backend->describe());
  const state::Document& doc = s.stored->document;
  if (a.subcommand == "show") {
    out << state::to_json(doc);
    if (!a.json) {
      if (auto holder = s.backend->lock_holder()) out << "\nLocked: " << holder->describe() << "\n";
    }
    return kExitOk;
  }
  for (const state::ObjectRecord& r : doc.objects) {
    out << r.api_version << " " << r.kind << " "
        << (r.namespace_name.empty() ? r.name : r.namespace_name + "/" + r.name);
    if (r.hook) out << " (hook)";
    if (r.handoff) out << " (handoff)";
    if (r.pending) out << " (pending)";
    out << "\n";
  }
  return kExitOk;
}

}  // namespace primer::bootstrap::commands
