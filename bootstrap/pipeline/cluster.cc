#include "bootstrap/pipeline/cluster.h"

namespace primer::bootstrap::pipeline {

Cluster::Cluster(const config::Cluster& cluster) {
  kube::LoadOptions options;
  options.kubeconfig = cluster.kubeconfig;
  options.context = cluster.context;
  transport_ = std::make_unique<kube::Transport>(kube::load_cluster_config(options));
  discovery_ = std::make_unique<kube::Discovery>(*transport_);
  client_ = std::make_unique<kube::Client>(*transport_, *discovery_);
}

const std::string& Cluster::identity() {
  if (!identity_.empty()) return identity_;
  identity_ = config().server;
  for (const char* ns : {"kube-system", "default"}) {
    auto live = client_->get({"v1", "Namespace", "", ns});
    if (!live) continue;
    const value::Value* uid =
        live->find("metadata") ? live->find("metadata")->find("uid") : nullptr;
    if (uid != nullptr && uid->is_string()) {
      identity_ += " (" + std::string(ns) + " " + uid->as_string() + ")";
      break;
    }
  }
  return identity_;
}

charts::Capabilities Cluster::capabilities() {
  charts::Capabilities caps;
  caps.kube_version = discovery_->server_version().git_version;
  caps.cluster_api_versions = discovery_->api_versions();
  return caps;
}

}  // namespace primer::bootstrap::pipeline
