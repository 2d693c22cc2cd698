// What the cluster should hold: the chart rendered as Argo CD will render it (its release
// name, namespace and the cluster's capabilities, CRDs included), every installed object
// stamped with the self-managing Application's tracking annotation (CRDs and the namespace
// excepted), Helm hooks kept apart, plus the objects of the handoff.
#pragma once

#include <string>
#include <vector>

#include "bootstrap/config/config.h"
#include "charts/fetch.h"
#include "charts/objects.h"
#include "kube/discovery.h"
#include "value/value.h"

namespace primer::bootstrap::pipeline {

/// A Helm hook object and how Helm runs it.
struct Hook {
  value::Value object;
  std::vector<std::string> events;  // "pre-install", "pre-upgrade", …
  int weight = 0;
  std::vector<std::string> delete_policies;  // default: before-hook-creation
  std::string digest;                        // plan::object_digest(object)
  bool has_event(std::string_view event) const;
};

struct ChartSource {
  std::string name, version, digest;
  std::string repo_url;  // for the Application: Helm repository URL or OCI host/path
  bool oci = false;
  bool local = false;  // a path Argo CD cannot fetch from
};

struct Desired {
  ChartSource chart;
  std::string release_name, namespace_name, application;
  value::Value user_values;  // the merged values files and --set flags
  std::string values_digest;
  /// The installed set, in render order: the release Namespace first, CRD files, then the
  /// chart's manifests.
  std::vector<value::Value> objects;
  std::vector<std::string> object_digests;  // plan::object_digest of each of `objects`
  std::vector<Hook> hooks;                  // in Helm's order: weight, then kind order
  /// AppProject, repository Secrets, the self-managing and root Applications.
  std::vector<value::Value> handoff;
  std::vector<std::string> warnings;  // helm's rendering warnings
  /// The digest of every input of the render: the chart's digest, the values, the release,
  /// the Application's name, the capabilities and primer's version.
  std::string render_key;
  /// The digest of what the render produced (each object and hook).
  std::string render_digest;
  /// False when rendering was skipped (build_desired's `unchanged_render`): `objects` then
  /// holds the release Namespace only, and the chart's objects are the ones state records.
  bool rendered = true;
};

/// Argo CD's tracking annotation and its value for an object of `group`/`kind` named
/// `namespace_name`/`name` (cluster-scoped objects carry the Application's destination
/// namespace).
inline constexpr std::string_view kTrackingAnnotation = "argocd.argoproj.io/tracking-id";
std::string tracking_id(std::string_view application, std::string_view group, std::string_view kind,
                        std::string_view namespace_name, std::string_view name);

/// The group of an apiVersion ("" for "v1").
std::string group_of(std::string_view api_version);

/// True for kinds that are not namespaced: from discovery when it knows the kind, else the
/// built-in kinds that are cluster-scoped.
bool is_cluster_scoped(const value::Value& object, kube::Discovery* discovery);

/// Fetches (through the cache, pinned by primer.lock at `lock_file` when it matches) and
/// renders the chart of `config`, and builds the handoff objects. `discovery` null: offline.
/// When `unchanged_render` is the render key the inputs give (state's, once the installation
/// was handed off: Argo CD renders it then), the render is skipped and its digest is
/// `unchanged_digest`.
Desired build_desired(const config::Config& config, const std::string& lock_file,
                      const charts::Capabilities& capabilities, const charts::FetchOptions& fetch,
                      kube::Discovery* discovery, std::string_view unchanged_render = {},
                      std::string_view unchanged_digest = {});

}  // namespace primer::bootstrap::pipeline
