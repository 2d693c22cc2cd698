#include "bootstrap/pipeline/handoff.h"

#include <cstdlib>

#include "base/error.h"
#include "base/strings.h"

namespace primer::bootstrap::pipeline {
namespace {

using value::Value;

constexpr std::string_view kInClusterServer = "https://kubernetes.default.svc";

Value map_of(std::initializer_list<std::pair<std::string, Value>> entries) {
  Value m = Value::new_map();
  for (const auto& [k, v] : entries) m.set(k, v);
  return m;
}

Value list_of(std::initializer_list<Value> items) {
  Value l = Value::new_list();
  for (const Value& v : items) l.push_back(v);
  return l;
}

Value object(std::string api_version, std::string kind, const std::string& ns,
             const std::string& name) {
  return map_of({{"apiVersion", Value(std::move(api_version))},
                 {"kind", Value(std::move(kind))},
                 {"metadata", map_of({{"name", Value(name)}, {"namespace", Value(ns)}})}});
}

// A secret from the environment or a file; the setting names it in errors, never its value.
std::string read_secret(const config::SecretSource& source, const std::string& setting) {
  if (!source.env.empty()) {
    const char* v = std::getenv(source.env.c_str());
    if (v == nullptr || *v == '\0') {
      throw Error(setting + ": environment variable " + source.env + " is not set");
    }
    return v;
  }
  try {
    return read_file(source.file);
  } catch (const Error& e) {
    throw Error::wrap(setting, e);
  }
}

Value sync_policy(const config::SyncPolicy& policy, bool server_side_apply) {
  Value p = Value::new_map();
  if (policy.automated) {
    p.set("automated",
          map_of({{"prune", Value(policy.prune)}, {"selfHeal", Value(policy.self_heal)}}));
  }
  Value options = Value::new_list();
  if (server_side_apply) options.push_back("ServerSideApply=true");
  if (options.size() > 0) p.set("syncOptions", options);
  return p;
}

Value project(const config::Project& p, const std::string& ns) {
  Value o = object("argoproj.io/v1alpha1", "AppProject", ns, p.name);
  Value spec = Value::new_map();
  if (!p.description.empty()) spec.set("description", p.description);
  Value repos = Value::new_list();
  for (const std::string& r : p.source_repos) repos.push_back(r);
  spec.set("sourceRepos", repos);
  Value destinations = Value::new_list();
  for (const auto& [server, namespace_name] : p.destinations) {
    destinations.push_back(
        map_of({{"server", Value(server)}, {"namespace", Value(namespace_name)}}));
  }
  spec.set("destinations", destinations);
  if (p.cluster_resources) {
    spec.set("clusterResourceWhitelist",
             list_of({map_of({{"group", Value("*")}, {"kind", Value("*")}})}));
  }
  o.set("spec", spec);
  return o;
}

Value repository(const config::Repository& r, const std::string& ns, std::size_t index) {
  std::string setting = "handoff.repositories[" + std::to_string(index) + "]";
  Value o = object("v1", "Secret", ns, r.name);
  o.find("metadata")
      ->set("labels", map_of({{"argocd.argoproj.io/secret-type",
                               Value(r.credential_template ? "repo-creds" : "repository")}}));
  o.set("type", "Opaque");
  Value data = Value::new_map();
  data.set("url", r.url);
  data.set("type", r.type);
  if (r.type == "helm") data.set("name", r.name);
  if (!r.project.empty()) data.set("project", r.project);
  if (!r.username.empty()) data.set("username", read_secret(r.username, setting + ".username"));
  if (!r.password.empty()) data.set("password", read_secret(r.password, setting + ".password"));
  if (!r.ssh_private_key.empty()) {
    data.set("sshPrivateKey", read_secret(r.ssh_private_key, setting + ".sshPrivateKey"));
  }
  o.set("stringData", data);
  return o;
}

}  // namespace

std::vector<Value> handoff_objects(const config::Config& config, const Desired& desired) {
  const config::Handoff& h = config.handoff;
  const std::string& ns = desired.namespace_name;
  std::vector<Value> out;
  if (!h.create_project.name.empty()) out.push_back(project(h.create_project, ns));
  for (std::size_t i = 0; i < h.repositories.size(); ++i) {
    out.push_back(repository(h.repositories[i], ns, i));
  }

  std::string repo_url = h.chart_repo_url.empty() ? desired.chart.repo_url : h.chart_repo_url;
  if (desired.chart.local && h.chart_repo_url.empty() &&
      desired.chart.repo_url.find("://") == std::string::npos) {
    throw Error("handoff: the chart is the local path " + desired.chart.repo_url +
                ", which Argo CD cannot fetch; set handoff.chartRepoURL (-handoff-chart-repo) to "
                "the Helm repository that serves it, or disable the handoff (-no-handoff)");
  }
  Value app = object("argoproj.io/v1alpha1", "Application", ns, desired.application);
  app.find("metadata")
      ->set("annotations",
            map_of({{"argocd.argoproj.io/compare-options", Value("ServerSideDiff=true")}}));
  Value helm = map_of({{"releaseName", Value(desired.release_name)}});
  if (desired.user_values.is_map() && desired.user_values.size() > 0) {
    helm.set("valuesObject", desired.user_values);
  }
  app.set("spec", map_of({{"project", Value(h.project)},
                          {"source", map_of({{"repoURL", Value(repo_url)},
                                             {"chart", Value(desired.chart.name)},
                                             {"targetRevision", Value(desired.chart.version)},
                                             {"helm", helm}})},
                          {"destination",
                           map_of({{"server", Value(kInClusterServer)}, {"namespace", Value(ns)}})},
                          {"syncPolicy", sync_policy(h.sync_policy, /*server_side_apply=*/true)}}));
  out.push_back(app);

  if (!h.root.repo_url.empty()) {
    Value root = object("argoproj.io/v1alpha1", "Application", ns, h.root.name);
    Value source = map_of({{"repoURL", Value(h.root.repo_url)},
                           {"path", Value(h.root.path)},
                           {"targetRevision", Value(h.root.target_revision)}});
    if (h.root.recurse) source.set("directory", map_of({{"recurse", Value(true)}}));
    std::string dest_ns = h.root.destination_namespace.empty() ? ns : h.root.destination_namespace;
    root.set("spec", map_of({{"project", Value(h.project)},
                             {"source", source},
                             {"destination", map_of({{"server", Value(kInClusterServer)},
                                                     {"namespace", Value(dest_ns)}})},
                             {"syncPolicy", sync_policy(h.sync_policy, false)}}));
    out.push_back(root);
  }
  return out;
}

}  // namespace primer::bootstrap::pipeline
