// The connection to the target cluster for one run: kubeconfig resolved, one pooled
// transport, discovery and the client; and the cluster's identity, which plans and state
// record so that a plan made for one cluster is never applied to another.
#pragma once

#include <memory>
#include <string>

#include "bootstrap/config/config.h"
#include "charts/objects.h"
#include "kube/kube.h"

namespace primer::bootstrap::pipeline {

class Cluster {
 public:
  /// Resolves the kubeconfig of `cluster` (flags over $KUBECONFIG over ~/.kube/config, or
  /// in-cluster). Connects lazily: the first request reaches the server.
  explicit Cluster(const config::Cluster& cluster);

  kube::Client& client() { return *client_; }
  kube::Discovery& discovery() { return *discovery_; }
  kube::Transport& transport() { return *transport_; }
  const kube::ClusterConfig& config() const { return transport_->config(); }

  /// "https://127.0.0.1:6443 (kube-system 4f1c…)": the server and the uid of its
  /// kube-system namespace (or of "default" where there is none), read once.
  const std::string& identity();
  /// .Capabilities as Argo CD renders with them: the server's version and API versions.
  charts::Capabilities capabilities();

 private:
  std::unique_ptr<kube::Transport> transport_;
  std::unique_ptr<kube::Discovery> discovery_;
  std::unique_ptr<kube::Client> client_;
  std::string identity_;
};

}  // namespace primer::bootstrap::pipeline
