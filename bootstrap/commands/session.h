// What plan, apply, destroy and state share: the configuration (primer.yaml and flags), the
// cluster connection, the state backend and the state read, and the desired objects.
#pragma once

#include <memory>
#include <optional>

#include "bootstrap/args/args.h"
#include "bootstrap/config/config.h"
#include "bootstrap/pipeline/cluster.h"
#include "bootstrap/pipeline/desired.h"
#include "bootstrap/views/view.h"
#include "state/backend.h"

namespace primer::bootstrap::commands {

struct Session {
  config::Config config;
  std::unique_ptr<pipeline::Cluster> cluster;  // null when offline
  std::unique_ptr<state::Backend> backend;     // null when offline
  std::optional<state::Stored> stored;
  std::optional<pipeline::Desired> desired;
  charts::Capabilities capabilities;  // what the chart was rendered with
  charts::FetchOptions fetch;         // how it was fetched (without the progress display)

  const state::Document* state() const { return stored ? &stored->document : nullptr; }
};

/// Loads the configuration, connects to the cluster (unless `offline`), reads the state and,
/// when `render`, fetches and renders the chart as Argo CD will.
Session open_session(const args::Bootstrap& flags, const views::View& view, bool offline,
                     bool render);

/// The render key of the session's inputs with the cluster's capabilities as they are now
/// (CRDs installed since the render add API versions): Desired::render_key when they did
/// not change, else that of a new render when it renders the same, else "".
std::string render_key_now(Session& s, const args::Bootstrap& flags);

/// Asks "Do you want to perform these actions?" on a terminal; true only for "yes". Without a
/// terminal, throws Error telling to pass -auto-approve.
bool confirm(const views::View& view, std::string_view question, std::string_view what);

}  // namespace primer::bootstrap::commands
