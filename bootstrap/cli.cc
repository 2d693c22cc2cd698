#include "bootstrap/cli.h"

#include <string>
#include <vector>

#include "bootstrap/commands/commands.h"
#include "bootstrap/views/view.h"

namespace primer::bootstrap {

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return commands::dispatch(std::move(args), views::detect_streams(out, err), commands::commands());
}

}  // namespace primer::bootstrap
