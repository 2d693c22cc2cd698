#include "bootstrap/views/help.h"

#include "bootstrap/args/args.h"
#include "bootstrap/commands/commands.h"

namespace primer::bootstrap::commands {

int run_help(std::span<const std::string> args, const Context& context) {
  auto [help_args, error] = args::parse_help(args);
  if (error) {
    context.view.usage_error(*error, "help");
    return kExitError;
  }
  if (help_args.command.empty()) {
    show_overview(context, /*on_err=*/false);
    return kExitOk;
  }
  const Command* command = find_command(context.commands, help_args.command);
  if (command == nullptr) {
    report_unknown_command(help_args.command, context);
    return kExitError;
  }
  views::Help(context.view).command(command->name, command->description, command->spec);
  return kExitOk;
}

}  // namespace primer::bootstrap::commands
