// Server-side apply of a rendered manifest stream with primer's Kubernetes client, as
// bench/run-apply times it against `kubectl apply --server-side`: loads the kubeconfig,
// discovers, applies the Namespaces and CRDs first (the file must hold its Namespace), then every
// other object concurrently. Usage: apply_bench KUBECONFIG MANIFESTS.yaml NAMESPACE [IN_FLIGHT]
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "base/error.h"
#include "kube/client.h"
#include "kube/discovery.h"
#include "kube/kubeconfig.h"
#include "kube/transport.h"
#include "value/value.h"

int main(int argc, char** argv) {
  using namespace primer;
  if (argc != 4 && argc != 5) {
    std::cerr << "usage: apply_bench KUBECONFIG MANIFESTS.yaml NAMESPACE [IN_FLIGHT]\n";
    return 2;
  }
  try {
    std::ifstream in(argv[2], std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    value::YamlOptions yo;
    yo.numbers = value::Numbers::Typed;
    std::vector<value::Value> docs = value::parse_yaml_stream(argv[2], text.str(), yo);
    kube::LoadOptions lo;
    lo.kubeconfig = argv[1];
    lo.namespace_override = argv[3];
    kube::TransportOptions to;
    if (argc == 5) to.max_in_flight = std::stoi(argv[4]);
    kube::Transport transport(kube::load_cluster_config(lo), to);
    kube::Discovery discovery(transport);
    kube::Client client(transport, discovery);
    std::vector<value::Value> first, rest;
    for (const value::Value& d : docs) {
      if (!d.is_map()) continue;
      const value::Value* kind = d.find("kind");
      bool early =
          kind != nullptr && kind->is_string() &&
          (kind->as_string() == "Namespace" || kind->as_string() == "CustomResourceDefinition");
      (early ? first : rest).push_back(d);
    }
    int failed = 0;
    for (const auto* wave : {&first, &rest}) {
      for (const kube::ApplyResult& r : client.apply_all(*wave)) {
        if (!r.ok()) {
          std::cerr << r.error << "\n";
          ++failed;
        }
      }
    }
    std::cout << (first.size() + rest.size()) << " objects applied, " << failed << " failed, "
              << transport.connections() << " connections\n";
    return failed == 0 ? 0 : 1;
  } catch (const Error& e) {
    std::cerr << "apply_bench: " << e.what() << "\n";
    return 1;
  }
}
