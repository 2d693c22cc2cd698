#include "bootstrap/views/version.h"

#include "bootstrap/args/args.h"
#include "bootstrap/commands/commands.h"

namespace primer::bootstrap::commands {

int run_version(std::span<const std::string> args, const Context& context) {
  auto [version_args, error] = args::parse_version(args);
  if (error) {
    context.view.usage_error(*error, "version");
    return kExitError;
  }
  views::make_version(version_args.json, context.view)->version(PRIMER_VERSION);
  return kExitOk;
}

}  // namespace primer::bootstrap::commands
