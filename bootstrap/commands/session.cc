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
    s.capabilities = caps;
    s.fetch = fetch;
    s.fetch.progress = nullptr;
    timer.lap("capabilities");
    // Once handed off, Argo CD renders the chart: with the inputs of the render handed off,
    // primer has nothing to render (state lists the objects).
    const state::Document* st = s.state();
    const bool reuse = st != nullptr && st->handoff && !st->render_digest.empty();
    s.desired = pipeline::build_desired(
        s.config, flags.lock_file, caps, fetch, s.cluster ? &s.cluster->discovery() : nullptr,
        reuse ? st->render_key : "", reuse ? st->render_digest : "");
    timer.lap("desired objects");
    for (const std::string& w : s.desired->warnings) view.err() << w << "\n";
  }
  return s;
}

std::string render_key_now(Session& s, const args::Bootstrap& flags) {
  s.cluster->discovery().invalidate();
  charts::Capabilities now = s.cluster->capabilities();
  if (now.kube_version == s.capabilities.kube_version &&
      now.cluster_api_versions == s.capabilities.cluster_api_versions) {
    return s.desired->render_key;
  }
  pipeline::Desired again =
      pipeline::build_desired(s.config, flags.lock_file, now, s.fetch, &s.cluster->discovery());
  return again.render_digest == s.desired->render_digest ? again.render_key : "";
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
