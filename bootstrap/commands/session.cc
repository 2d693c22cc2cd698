#include "bootstrap/commands/session.h"

#include <unistd.h>

#include <iostream>
#include <string>

#include "base/error.h"
#include "base/log.h"
#include "bootstrap/commands/fetching.h"
#include "bootstrap/config/from_args.h"

namespace primer::bootstrap::commands {

Session open_session(const args::Bootstrap& flags, const views::View& view, bool offline,
                     bool render) {
  Session s;
  log::Timer timer("session");
  s.config = config::load(flags, render);
  timer.lap("configuration");
  if (!offline) {
    s.cluster = std::make_unique<pipeline::Cluster>(s.config.cluster);
    for (const std::string& w : s.cluster->config().warnings) {
      view.err() << "Warning: " << w << "\n";
    }
    if (s.config.state.backend == "local") {
      s.backend = state::file_backend(s.config.state.path);
    } else {
      s.backend = state::secret_backend(s.cluster->client(), s.config.release.namespace_name,
                                        s.config.release.name);
    }
    s.stored = s.backend->read();
    timer.lap("connection and state");
  }
  if (render) {
    charts::FetchOptions fetch = fetch_options(flags.connection, view);
    FetchProgressView progress(view);
    fetch.progress = &progress;
    charts::Capabilities caps = s.cluster ? s.cluster->capabilities() : charts::Capabilities{};
    timer.lap("capabilities");
    s.desired = pipeline::build_desired(s.config, flags.lock_file, caps, fetch,
                                        s.cluster ? &s.cluster->discovery() : nullptr);
    timer.lap("desired objects");
    for (const std::string& w : s.desired->warnings) view.err() << w << "\n";
  }
  return s;
}

bool confirm(const views::View& view, std::string_view question, std::string_view what) {
  if (!isatty(0) || !view.err_is_tty()) {
    throw Error(std::string(what) +
                " needs confirmation, and no terminal is attached to answer: review the plan "
                "and run again with -auto-approve");
  }
  view.err() << "\n"
             << question << "\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ";
  view.err().flush();
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "yes";
}

}  // namespace primer::bootstrap::commands
