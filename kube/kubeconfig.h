// kubeconfig as kubectl reads it: which files (--kubeconfig, KUBECONFIG, ~/.kube/config),
// how they merge, which context, cluster and user apply, and the in-cluster service account.
// The result, ClusterConfig, is everything a transport needs; this file does no networking.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "value/value.h"

namespace primer::kube {

/// kubeconfig `exec.interactiveMode`.
enum class InteractiveMode { Never, IfAvailable, Always };

/// A user's `exec` credential plugin, with `command` resolved as client-go resolves it.
struct ExecConfig {
  std::string api_version;  // client.authentication.k8s.io/v1 or /v1beta1
  std::string command;      // absolute when the kubeconfig gave a path, else looked up on PATH
  std::vector<std::string> args;                         // may hold secrets: never shown
  std::vector<std::pair<std::string, std::string>> env;  // values may hold secrets
  std::string install_hint;
  bool provide_cluster_info = false;
  InteractiveMode interactive_mode = InteractiveMode::IfAvailable;
  /// The cluster's extension "client.authentication.k8s.io/exec" (null when absent), passed
  /// to the plugin as spec.cluster.config.
  value::Value cluster_config;
  /// Where the exec entry came from, for errors ("users[0].user.exec" in a file).
  std::string origin_file;
  std::string origin_field;
};

/// How requests authenticate. client-go's precedence: a token (static or file) wins over
/// basic auth, which cannot be combined with it; exec runs only when no token is set.
/// A client certificate (ClusterConfig) may accompany any of them.
struct Auth {
  enum class Kind { None, Token, TokenFile, Basic, Exec };
  Kind kind = Kind::None;
  /// Token: the bearer token. TokenFile: the token read at load time, used while the file
  /// cannot be re-read (client-go's fallback).
  std::string token;
  /// TokenFile: re-read at most once a minute (client-go's cachingTokenSource), trimmed.
  std::string token_file;
  std::string username, password;  // Basic
  std::optional<ExecConfig> exec;  // Exec
};

/// `as`, `as-uid`, `as-groups`, `as-user-extra`: Impersonate-* headers.
struct Impersonation {
  std::string user;
  std::string uid;
  std::vector<std::string> groups;
  std::map<std::string, std::vector<std::string>> extra;
};

/// The resolved connection settings for one cluster: what a transport is built from.
struct ClusterConfig {
  std::string context;  // context name used ("" in-cluster)
  std::string cluster;  // cluster entry name
  std::string user;     // user entry name
  std::string server;   // "https://host:port[/prefix]"
  std::string ca_pem;   // trusted roots; empty: the system store
  std::string client_certificate_pem;
  std::string client_key_pem;  // secret
  bool insecure_skip_tls_verify = false;
  std::string tls_server_name;
  std::string proxy_url;  // empty: HTTPS_PROXY/HTTP_PROXY/NO_PROXY apply
  bool disable_compression = false;
  std::string namespace_name;  // --namespace, else the context's, else "default"
  bool in_cluster = false;
  Auth auth;
  Impersonation impersonate;
  /// Things the user should be told (insecure-skip-tls-verify, ignored duplicate fields).
  std::vector<std::string> warnings;

  /// A multi-line description for debug output, with every secret redacted.
  std::string describe() const;
};

/// Reads the process environment; tests substitute a map.
using Getenv = std::function<std::optional<std::string>(const std::string& name)>;

/// What the command line and environment say about which kubeconfig to use.
struct LoadOptions {
  std::string kubeconfig;          // --kubeconfig: only this file, which must exist
  std::string context;             // --context
  std::string namespace_override;  // --namespace
  Getenv getenv;                   // null: the process environment
  /// The service-account directory for in-cluster configuration.
  std::string service_account_dir = "/var/run/secrets/kubernetes.io/serviceaccount";
};

/// One named entry of a kubeconfig (a cluster, user or context), kept as written.
struct NamedEntry {
  value::Value body;  // the `cluster:`, `user:` or `context:` map (null when absent)
  std::string file;   // the file that defined it (relative paths resolve against its dir)
  std::string field;  // "users[2]"
};

/// Several kubeconfig files merged with client-go's rules: the first file to define a named
/// entry wins it whole; current-context comes from the first file that sets it.
struct Kubeconfig {
  std::vector<std::string> files;  // the files read, in precedence order
  std::string current_context;
  std::map<std::string, NamedEntry, std::less<>> clusters, users, contexts;
  bool empty() const {
    return clusters.empty() && users.empty() && contexts.empty() && current_context.empty();
  }
};

/// Reads and merges `files` in precedence order. Missing files are skipped when
/// `skip_missing`; otherwise, and for unreadable or malformed files, throws Error naming the
/// file and the field ("users[0].user.token: must be a string").
Kubeconfig load_kubeconfig(const std::vector<std::string>& files, bool skip_missing = true);

/// The kubeconfig files in precedence order: --kubeconfig, else KUBECONFIG split at ':'
/// (duplicates and empty entries dropped), else $HOME/.kube/config.
std::vector<std::string> kubeconfig_files(const LoadOptions& options);

/// Picks the context and resolves its cluster and user into a ClusterConfig, reading the
/// files they name (CA, client certificate and key, token file). Throws Error naming the
/// file and field of the faulty entry.
ClusterConfig resolve(const Kubeconfig& config, const LoadOptions& options);

/// The in-cluster service-account configuration, when KUBERNETES_SERVICE_HOST and _PORT are
/// set and the token file exists; nullopt otherwise.
std::optional<ClusterConfig> in_cluster_config(const LoadOptions& options);

/// kubectl's whole procedure: the files, merged, resolved; an empty configuration falls back
/// to in-cluster. Throws Error when nothing usable is found.
ClusterConfig load_cluster_config(const LoadOptions& options);

}  // namespace primer::kube
