// API discovery and the REST mapping: which resource, scope and verbs serve an apiVersion and
// kind. Aggregated discovery (apidiscovery.k8s.io/v2) when both /api and /apis offer it, else
// legacy per-group-version discovery; cached for the run and refreshed once when a kind is not
// found (e.g. after a CRD became Established). Also the server version and API versions that
// rendering's .Capabilities needs. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kube/transport.h"

namespace primer::kube {

struct ResourceInfo {
  std::string group;     // "" for the core group
  std::string version;   // "v1"
  std::string kind;      // "Deployment"
  std::string resource;  // "deployments"
  bool namespaced = false;
  std::vector<std::string> verbs;
  std::string api_version() const { return group.empty() ? version : group + "/" + version; }
  bool has_verb(std::string_view verb) const;
};

struct ServerVersion {
  std::string major, minor, git_version;  // "1", "33", "v1.33.1"
};

class Discovery {
 public:
  explicit Discovery(Transport& transport);

  /// The resource serving `api_version` ("apps/v1", "v1") and `kind`. Refreshes the cache once
  /// when it is not found; then throws Error: `no matches for kind "Application" in version
  /// "argoproj.io/v1alpha1"`.
  ResourceInfo resource_for(std::string_view api_version, std::string_view kind);
  /// As resource_for, nullopt instead of the error (still refreshing once).
  std::optional<ResourceInfo> find(std::string_view api_version, std::string_view kind);
  /// Forgets the cache; the next lookup fetches discovery again.
  void invalidate();

  /// GET /version.
  ServerVersion server_version();
  /// What helm puts in .Capabilities.APIVersions: every "group/version" (and "v1") and every
  /// "group/version/Kind", sorted.
  std::vector<std::string> api_versions();

  /// Whether the last fetch used aggregated discovery; how many fetches have happened.
  bool aggregated() const;
  int fetches() const;

 private:
  void load_locked();

  Transport& transport_;
  mutable std::mutex mu_;
  bool loaded_ = false;
  bool aggregated_ = false;
  int fetches_ = 0;
  std::map<std::pair<std::string, std::string>, ResourceInfo> by_gvk_;  // (apiVersion, kind)
  std::vector<std::string> group_versions_;
  std::optional<ServerVersion> version_;
};

/// Parses an APIGroupDiscoveryList (aggregated discovery v2) into resources; subresources
/// are skipped. Throws Error for malformed bodies.
std::vector<ResourceInfo> parse_aggregated_discovery(std::string_view body,
                                                     std::vector<std::string>* group_versions);
/// Parses a legacy APIResourceList of `group_version`; "x/status" entries are skipped.
std::vector<ResourceInfo> parse_resource_list(std::string_view group_version,
                                              std::string_view body);

}  // namespace primer::kube
