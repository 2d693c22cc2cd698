// What a bootstrap is configured with: primer.yaml (schema in docs/primer-yaml.md) overlaid
// by command-line flags, so that a one-shot bootstrap needs no file. Validation errors name
// the file, line and column of the offending setting, or the flag.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"

namespace primer::bootstrap::config {

struct Chart {
  std::string repo;     // Helm repository URL; empty for oci:// or local charts
  std::string name;     // chart name, oci:// reference, or a local path
  std::string version;  // version or constraint; "" = newest stable
};

struct Release {
  std::string name = "argocd";
  std::string namespace_name = "argocd";
};

/// User values, in helm's precedence: files in order, then each kind of --set.
struct Values {
  std::vector<std::string> files;
  std::vector<std::string> set, set_string, set_file, set_json, set_literal;
};

struct Cluster {
  std::string kubeconfig;  // "" = $KUBECONFIG, else ~/.kube/config
  std::string context;     // "" = current-context
};

/// Where a secret comes from: an environment variable or a file, never the config itself.
struct SecretSource {
  std::string env;   // variable name
  std::string file;  // path
  bool empty() const { return env.empty() && file.empty(); }
};

/// A repository credential Secret for Argo CD (kubernetes-api-spec 8.6).
struct Repository {
  std::string name;  // Secret name (also the helm repo name for type helm)
  std::string url;
  std::string type = "git";          // git | helm
  bool credential_template = false;  // repo-creds (URL prefix) instead of repository
  std::string project;               // optional scoping
  SecretSource username, password, ssh_private_key;
};

struct Project {
  std::string name;  // "" = use Argo CD's "default" project, create none
  std::string description;
  std::vector<std::string> source_repos{"*"};
  /// Destinations as {server, namespace}; default: the in-cluster server, every namespace.
  std::vector<std::pair<std::string, std::string>> destinations{
      {"https://kubernetes.default.svc", "*"}};
  bool cluster_resources = true;  // clusterResourceWhitelist: [{group: '*', kind: '*'}]
};

struct Root {
  std::string name = "root";
  std::string repo_url;  // "" = no root Application
  std::string path = ".";
  std::string target_revision = "HEAD";
  bool recurse = false;               // source.directory.recurse
  std::string destination_namespace;  // "" = the release namespace
};

struct SyncPolicy {
  bool automated = true;
  bool prune = true;
  bool self_heal = true;
};

struct Handoff {
  bool enabled = true;
  std::string application;          // "" = the release name
  std::string project = "default";  // the Applications' project (Project.name when created)
  Project create_project;           // created when its name is set
  Root root;
  SyncPolicy sync_policy;
  std::vector<Repository> repositories;
  /// The chart repository URL written into the self-managing Application when the chart
  /// was fetched from somewhere Argo CD cannot reach (a local path in tests); "" = chart.repo.
  std::string chart_repo_url;
};

struct State {
  std::string backend = "kubernetes";      // kubernetes | local
  std::string path = "primer.state.json";  // for local
};

struct Config {
  std::string source;  // the file read ("" when none)
  /// Where each setting came from, by its primer.yaml path ("release.name",
  /// "handoff.repositories[0].url", "values.files[1]"): its place in `source`, or the flag
  /// that gave it (Where{"-release-name"}). Settings left at their defaults have none.
  std::map<std::string, Where> places;
  Chart chart;
  Release release;
  Values values;
  Cluster cluster;
  Handoff handoff;
  State state;
};

/// Reads primer.yaml at `path`. Throws Error located at path:line:col for YAML errors,
/// unknown keys (with a close name suggested), wrong types and invalid values.
Config read_config(const std::string& path);

/// Checks the settings that only make sense together (a chart is named, unless not
/// `need_chart`: `state` and `destroy` work from state alone; the release name is a DNS-1123
/// label; a root Application has a path; repository secrets name a source; …).
/// Throws Error naming the setting (and its place in `config.source` when it came from there).
void validate(const Config& config, bool need_chart = true);

}  // namespace primer::bootstrap::config
